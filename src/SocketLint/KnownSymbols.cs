using System.Collections.Generic;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;

namespace SocketLint;

/// <summary>
/// The socket-family types of one compilation, looked up once at compilation start.
/// <see cref="For"/> returns null when System.Net.Sockets is not referenced, so rules register nothing.
/// </summary>
internal sealed class KnownSymbols
{
    private static readonly ConditionalWeakTable<Compilation, Holder> Cache = new();

    private readonly IAssemblySymbol _socketAssembly;
    private readonly IAssemblySymbol _coreAssembly;

    private KnownSymbols(Compilation compilation, INamedTypeSymbol socket)
    {
        Compilation = compilation;
        Socket = socket;
        _socketAssembly = socket.ContainingAssembly;
        _coreAssembly = compilation.GetSpecialType(SpecialType.System_Object).ContainingAssembly;
        TcpListener = Find("System.Net.Sockets.TcpListener", _socketAssembly);
        TcpClient = Find("System.Net.Sockets.TcpClient", _socketAssembly);
        UdpClient = Find("System.Net.Sockets.UdpClient", _socketAssembly);
        NetworkStream = Find("System.Net.Sockets.NetworkStream", _socketAssembly);
        SocketError = Find("System.Net.Sockets.SocketError", _socketAssembly, "System.Net.Primitives");
        SocketFlags = Find("System.Net.Sockets.SocketFlags", _socketAssembly);
        SocketException = Find("System.Net.Sockets.SocketException", _socketAssembly, "System.Net.Primitives");
        SocketAsyncEventArgs = Find("System.Net.Sockets.SocketAsyncEventArgs", _socketAssembly);
        Dns = FindInReference(compilation, "System.Net.NameResolution", "System.Net.Dns");
        SslStream = FindInReference(compilation, "System.Net.Security", "System.Net.Security.SslStream");
        Stream = Find("System.IO.Stream", _coreAssembly);
        BufferedStream = Find("System.IO.BufferedStream", _coreAssembly);
        IOException = Find("System.IO.IOException", _coreAssembly);
        TextWriter = Find("System.IO.TextWriter", _coreAssembly);
        BinaryWriter = Find("System.IO.BinaryWriter", _coreAssembly);
        TextReader = Find("System.IO.TextReader", _coreAssembly);
        BinaryReader = Find("System.IO.BinaryReader", _coreAssembly);
        Task = Find("System.Threading.Tasks.Task", _coreAssembly);
        TaskOfT = Find("System.Threading.Tasks.Task`1", _coreAssembly);
        ValueTask = Find("System.Threading.Tasks.ValueTask", _coreAssembly);
        ValueTaskOfT = Find("System.Threading.Tasks.ValueTask`1", _coreAssembly);
        CancellationToken = Find("System.Threading.CancellationToken", _coreAssembly);
        TimeSpan = Find("System.TimeSpan", _coreAssembly);
    }

    public Compilation Compilation { get; }
    public INamedTypeSymbol Socket { get; }
    public INamedTypeSymbol? TcpListener { get; }
    public INamedTypeSymbol? TcpClient { get; }
    public INamedTypeSymbol? UdpClient { get; }
    public INamedTypeSymbol? NetworkStream { get; }
    public INamedTypeSymbol? SocketError { get; }
    public INamedTypeSymbol? SocketFlags { get; }
    public INamedTypeSymbol? SocketException { get; }
    public INamedTypeSymbol? SocketAsyncEventArgs { get; }
    public INamedTypeSymbol? Dns { get; }
    public INamedTypeSymbol? SslStream { get; }
    public INamedTypeSymbol? Stream { get; }
    public INamedTypeSymbol? BufferedStream { get; }
    public INamedTypeSymbol? IOException { get; }
    public INamedTypeSymbol? TextWriter { get; }
    public INamedTypeSymbol? BinaryWriter { get; }
    public INamedTypeSymbol? TextReader { get; }
    public INamedTypeSymbol? BinaryReader { get; }
    public INamedTypeSymbol? Task { get; }
    public INamedTypeSymbol? TaskOfT { get; }
    public INamedTypeSymbol? ValueTask { get; }
    public INamedTypeSymbol? ValueTaskOfT { get; }
    public INamedTypeSymbol? CancellationToken { get; }
    public INamedTypeSymbol? TimeSpan { get; }

    /// <summary>
    /// The compilation's symbols, looked up by the first rule that asks and shared by all of them; null when
    /// System.Net.Sockets is not referenced.
    /// </summary>
    public static KnownSymbols? For(Compilation compilation) =>
        Cache.GetValue(compilation, c => new Holder(FindInReference(c, "System.Net.Sockets", "System.Net.Sockets.Socket") is { } socket ? new KnownSymbols(c, socket) : null)).Symbols;

    /// <summary>
    /// A type looked for in the reference assembly that holds it on .NET (System.Net.Sockets for Socket), then, where
    /// no reference has that name (.NET Framework's System, netstandard), through every reference. The compilation's
    /// own search visits all of a project's references (about 160 on .NET) for each name.
    /// </summary>
    private static INamedTypeSymbol? FindInReference(Compilation compilation, string assemblyName, string metadataName)
    {
        foreach (var assembly in compilation.SourceModule.ReferencedAssemblySymbols)
        {
            if (assembly.Name == assemblyName && assembly.GetTypeByMetadataName(metadataName) is { } type)
                return type;
        }

        return compilation.GetTypeByMetadataName(metadataName);
    }

    /// <summary>
    /// A type by its metadata name, looked for first in the assembly that should hold it (the one that holds Socket,
    /// or the core library): that is one lookup, where the compilation's looks through every reference.
    /// </summary>
    public INamedTypeSymbol? Find(string metadataName, IAssemblySymbol likelyAssembly) =>
        likelyAssembly.GetTypeByMetadataName(metadataName) ?? Compilation.GetTypeByMetadataName(metadataName);

    /// <summary>
    /// A type that .NET Framework and netstandard keep beside Socket but .NET moved to another reference assembly
    /// (SocketError and SocketException live in System.Net.Primitives): looked for in Socket's assembly, then in that
    /// reference, and only then through the compilation, whose search starts with the project's own declarations and
    /// goes through every reference.
    /// </summary>
    private INamedTypeSymbol? Find(string metadataName, IAssemblySymbol likelyAssembly, string otherAssemblyName) =>
        likelyAssembly.GetTypeByMetadataName(metadataName) ?? FindInReference(Compilation, otherAssemblyName, metadataName);

    /// <inheritdoc cref="Find(string, IAssemblySymbol)"/>
    public INamedTypeSymbol? FindInCoreLibrary(string metadataName) => Find(metadataName, _coreAssembly);

    /// <summary>The socket-family types whose members SocketLint maps, for member lookups.</summary>
    public IEnumerable<INamedTypeSymbol> SocketFamilyTypes()
    {
        yield return Socket;
        foreach (var type in new[] { TcpListener, TcpClient, UdpClient, NetworkStream, Dns, SslStream })
        {
            if (type is not null)
                yield return type;
        }
    }

    /// <summary>
    /// Whether <paramref name="type"/> is, or derives from, one of the socket-family types. Each type up the chain is
    /// told apart by its name first: one string switch instead of seven symbol comparisons, most types being none.
    /// </summary>
    public bool IsSocketFamilyType(ITypeSymbol? type)
    {
        for (var t = type; t is not null; t = t.BaseType)
        {
            var candidate = t.Name switch
            {
                "Socket" => Socket,
                "TcpListener" => TcpListener,
                "TcpClient" => TcpClient,
                "UdpClient" => UdpClient,
                "NetworkStream" => NetworkStream,
                "Dns" => Dns,
                "SslStream" => SslStream,
                _ => null,
            };
            if (candidate is not null && SymbolEqualityComparer.Default.Equals(t, candidate))
                return true;
        }

        return false;
    }

    private sealed class Holder
    {
        public Holder(KnownSymbols? symbols) => Symbols = symbols;

        public KnownSymbols? Symbols { get; }
    }

    public static bool DerivesFrom(ITypeSymbol? type, INamedTypeSymbol? baseType)
    {
        if (baseType is null)
            return false;
        for (var t = type; t is not null; t = t.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(t.OriginalDefinition, baseType))
                return true;
        }

        return false;
    }
}
