using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
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

    private KnownSymbols(Compilation compilation, INamedTypeSymbol socket, References references)
    {
        Compilation = compilation;
        Socket = socket;
        _socketAssembly = socket.ContainingAssembly;
        _coreAssembly = compilation.GetSpecialType(SpecialType.System_Object).ContainingAssembly;
        TcpListener = Find("System.Net.Sockets.TcpListener", _socketAssembly);
        TcpClient = Find("System.Net.Sockets.TcpClient", _socketAssembly);
        UdpClient = Find("System.Net.Sockets.UdpClient", _socketAssembly);
        NetworkStream = Find("System.Net.Sockets.NetworkStream", _socketAssembly);
        SocketError = Find("System.Net.Sockets.SocketError", _socketAssembly, references.Primitives);
        SocketFlags = Find("System.Net.Sockets.SocketFlags", _socketAssembly);
        SocketException = Find("System.Net.Sockets.SocketException", _socketAssembly, references.Primitives);
        SocketAsyncEventArgs = Find("System.Net.Sockets.SocketAsyncEventArgs", _socketAssembly);
        Dns = Find("System.Net.Dns", references.NameResolution);
        SslStream = Find("System.Net.Security.SslStream", references.Security);
        Stream = Find("System.IO.Stream", _coreAssembly);
        BufferedStream = Find("System.IO.BufferedStream", _coreAssembly);
        IOException = Find("System.IO.IOException", _coreAssembly);
        AggregateException = Find("System.AggregateException", _coreAssembly);
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
        StreamReader = Find("System.IO.StreamReader", _coreAssembly);
        StreamWriter = Find("System.IO.StreamWriter", _coreAssembly);
        var awaiters = new INamedTypeSymbol?[AwaiterNames.Length];
        for (var i = 0; i < AwaiterNames.Length; i++)
            awaiters[i] = Find(AwaiterNames[i], _coreAssembly);
        Awaiters = awaiters;
        _types = System.Linq.Enumerable.ToArray(System.Linq.Enumerable.Concat(
            new ITypeSymbol?[]
            {
                Socket, TcpListener, TcpClient, UdpClient, NetworkStream, SocketError, SocketFlags, SocketException, SocketAsyncEventArgs,
                Dns, SslStream, Stream, BufferedStream, IOException, AggregateException, TextWriter, BinaryWriter, TextReader, BinaryReader, Task, TaskOfT,
                ValueTask, ValueTaskOfT, CancellationToken, TimeSpan, StreamReader, StreamWriter,
            },
            awaiters));
        _shareable = System.Array.TrueForAll(_types, type => type is null || IsFromMetadata(type));
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
    public INamedTypeSymbol? AggregateException { get; }
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
    public INamedTypeSymbol? StreamReader { get; }
    public INamedTypeSymbol? StreamWriter { get; }

    /// <summary>The awaiters whose <c>GetResult()</c> waits for a task, in the order of <see cref="AwaiterNames"/>.</summary>
    public IReadOnlyList<INamedTypeSymbol?> Awaiters { get; }

    private static readonly string[] AwaiterNames =
    {
        "System.Runtime.CompilerServices.TaskAwaiter",
        "System.Runtime.CompilerServices.TaskAwaiter`1",
        "System.Runtime.CompilerServices.ValueTaskAwaiter",
        "System.Runtime.CompilerServices.ValueTaskAwaiter`1",
        "System.Runtime.CompilerServices.ConfiguredTaskAwaitable+ConfiguredTaskAwaiter",
        "System.Runtime.CompilerServices.ConfiguredTaskAwaitable`1+ConfiguredTaskAwaiter",
        "System.Runtime.CompilerServices.ConfiguredValueTaskAwaitable+ConfiguredValueTaskAwaiter",
        "System.Runtime.CompilerServices.ConfiguredValueTaskAwaitable`1+ConfiguredValueTaskAwaiter",
    };

    /// <summary>
    /// The compilation's symbols, looked up by the first rule that asks and shared by all of them; null when
    /// System.Net.Sockets is not referenced.
    /// </summary>
    public static KnownSymbols? For(Compilation compilation) =>
        Cache.GetValue(compilation, static c =>
        {
            var references = References.Of(c);
            return new Holder(Find(c, "System.Net.Sockets.Socket", references.Sockets) is { } socket ? new KnownSymbols(c, socket, references) : null);
        }).Symbols;

    /// <summary>
    /// The referenced assemblies, by name, that hold the types SocketLint looks up outside the core library: found in one
    /// pass over the compilation's references (about 160 on .NET), whose list Roslyn makes anew each time it is asked.
    /// </summary>
    private readonly struct References
    {
        private References(IAssemblySymbol? sockets, IAssemblySymbol? primitives, IAssemblySymbol? nameResolution, IAssemblySymbol? security)
        {
            Sockets = sockets;
            Primitives = primitives;
            NameResolution = nameResolution;
            Security = security;
        }

        public IAssemblySymbol? Sockets { get; }
        public IAssemblySymbol? Primitives { get; }
        public IAssemblySymbol? NameResolution { get; }
        public IAssemblySymbol? Security { get; }

        public static References Of(Compilation compilation)
        {
            IAssemblySymbol? sockets = null, primitives = null, nameResolution = null, security = null;
            foreach (var assembly in compilation.SourceModule.ReferencedAssemblySymbols)
            {
                switch (assembly.Name)
                {
                    case "System.Net.Sockets":
                        sockets ??= assembly;
                        break;
                    case "System.Net.Primitives":
                        primitives ??= assembly;
                        break;
                    case "System.Net.NameResolution":
                        nameResolution ??= assembly;
                        break;
                    case "System.Net.Security":
                        security ??= assembly;
                        break;
                }
            }

            return new References(sockets, primitives, nameResolution, security);
        }
    }

    /// <summary>
    /// Tables built from these types' members alone (SL0004's blocking calls, the connection members, the synchronous
    /// waits), kept with the
    /// Socket type of the references they come from and shared by every compilation whose types are the very same
    /// objects: Roslyn shares a reference's symbols between compilations (each keystroke's, each build's of the compiler
    /// server), and building the tables was most of a compilation's start. Types declared in source are never shared.
    /// </summary>
    private static readonly ConditionalWeakTable<INamedTypeSymbol, SharedTables> Shared = new();

    private readonly ITypeSymbol?[] _types;
    private readonly bool _shareable;

    /// <summary>The table in <paramref name="slot"/> for these types: shared when they come from metadata, else built for this compilation.</summary>
    public T SharedTable<T>(int slot, System.Func<KnownSymbols, T> build)
        where T : class
    {
        if (!_shareable)
            return build(this);
        var tables = Shared.GetValue(Socket, _ => new SharedTables(_types));
        if (!tables.AreFor(_types))
            return build(this);
        if (Volatile.Read(ref tables.Values[slot]) is T built)
            return built;
        Interlocked.CompareExchange(ref tables.Values[slot], build(this), null);
        return (T)Volatile.Read(ref tables.Values[slot])!;
    }

    /// <summary>The slots of <see cref="SharedTable{T}"/>.</summary>
    public const int BlockingCallsSlot = 0, ConnectionMembersSlot = 1, WaitMembersSlot = 2, SlotCount = 3;

    private static bool IsFromMetadata(ITypeSymbol type) => type.Locations.Length > 0 && type.Locations[0].IsInMetadata;

    private sealed class SharedTables
    {
        private readonly ITypeSymbol?[] _types;

        public SharedTables(ITypeSymbol?[] types) => _types = types;

        public object?[] Values { get; } = new object?[SlotCount];

        /// <summary>Whether the tables were built from these very types (another reference set may share only Socket's).</summary>
        public bool AreFor(ITypeSymbol?[] types)
        {
            if (types.Length != _types.Length)
                return false;
            for (var i = 0; i < types.Length; i++)
            {
                if (!ReferenceEquals(types[i], _types[i]))
                    return false;
            }

            return true;
        }
    }

    /// <summary>
    /// A type by its metadata name, looked for first in the assembly that should hold it (the one that holds Socket,
    /// or the core library; none when no reference has that name): that is one lookup, where the compilation's looks
    /// through every reference.
    /// </summary>
    public INamedTypeSymbol? Find(string metadataName, IAssemblySymbol? likelyAssembly) => Find(Compilation, metadataName, likelyAssembly);

    private static INamedTypeSymbol? Find(Compilation compilation, string metadataName, IAssemblySymbol? likelyAssembly) =>
        likelyAssembly?.GetTypeByMetadataName(metadataName) ?? compilation.GetTypeByMetadataName(metadataName);

    /// <summary>
    /// A type that .NET Framework and netstandard keep beside Socket but .NET moved to another reference assembly
    /// (SocketError and SocketException live in System.Net.Primitives): looked for in Socket's assembly, then in that
    /// reference, and only then through the compilation, whose search starts with the project's own declarations and
    /// goes through every reference.
    /// </summary>
    private INamedTypeSymbol? Find(string metadataName, IAssemblySymbol likelyAssembly, IAssemblySymbol? otherAssembly) =>
        likelyAssembly.GetTypeByMetadataName(metadataName) ?? Find(metadataName, otherAssembly);

    /// <inheritdoc cref="Find(string, IAssemblySymbol?)"/>
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
