using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace SocketLint;

/// <summary>
/// The socket-family types of one compilation, looked up once at compilation start.
/// <see cref="TryCreate"/> returns null when System.Net.Sockets is not referenced, so rules register nothing.
/// </summary>
internal sealed class KnownSymbols
{
    private KnownSymbols(Compilation compilation, INamedTypeSymbol socket)
    {
        Compilation = compilation;
        Socket = socket;
        TcpListener = compilation.GetTypeByMetadataName("System.Net.Sockets.TcpListener");
        TcpClient = compilation.GetTypeByMetadataName("System.Net.Sockets.TcpClient");
        UdpClient = compilation.GetTypeByMetadataName("System.Net.Sockets.UdpClient");
        NetworkStream = compilation.GetTypeByMetadataName("System.Net.Sockets.NetworkStream");
        SocketError = compilation.GetTypeByMetadataName("System.Net.Sockets.SocketError");
        SocketFlags = compilation.GetTypeByMetadataName("System.Net.Sockets.SocketFlags");
        SocketException = compilation.GetTypeByMetadataName("System.Net.Sockets.SocketException");
        SocketAsyncEventArgs = compilation.GetTypeByMetadataName("System.Net.Sockets.SocketAsyncEventArgs");
        Dns = compilation.GetTypeByMetadataName("System.Net.Dns");
        SslStream = compilation.GetTypeByMetadataName("System.Net.Security.SslStream");
        Stream = compilation.GetTypeByMetadataName("System.IO.Stream");
        IOException = compilation.GetTypeByMetadataName("System.IO.IOException");
        TextWriter = compilation.GetTypeByMetadataName("System.IO.TextWriter");
        BinaryWriter = compilation.GetTypeByMetadataName("System.IO.BinaryWriter");
        Task = compilation.GetTypeByMetadataName("System.Threading.Tasks.Task");
        TaskOfT = compilation.GetTypeByMetadataName("System.Threading.Tasks.Task`1");
        ValueTask = compilation.GetTypeByMetadataName("System.Threading.Tasks.ValueTask");
        ValueTaskOfT = compilation.GetTypeByMetadataName("System.Threading.Tasks.ValueTask`1");
        CancellationToken = compilation.GetTypeByMetadataName("System.Threading.CancellationToken");
        TimeSpan = compilation.GetTypeByMetadataName("System.TimeSpan");
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
    public INamedTypeSymbol? IOException { get; }
    public INamedTypeSymbol? TextWriter { get; }
    public INamedTypeSymbol? BinaryWriter { get; }
    public INamedTypeSymbol? Task { get; }
    public INamedTypeSymbol? TaskOfT { get; }
    public INamedTypeSymbol? ValueTask { get; }
    public INamedTypeSymbol? ValueTaskOfT { get; }
    public INamedTypeSymbol? CancellationToken { get; }
    public INamedTypeSymbol? TimeSpan { get; }

    public static KnownSymbols? TryCreate(Compilation compilation)
    {
        var socket = compilation.GetTypeByMetadataName("System.Net.Sockets.Socket");
        return socket is null ? null : new KnownSymbols(compilation, socket);
    }

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

    public bool IsSocketFamilyType(ITypeSymbol? type)
    {
        for (var t = type; t is not null; t = t.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(t, Socket)
                || SymbolEqualityComparer.Default.Equals(t, TcpListener)
                || SymbolEqualityComparer.Default.Equals(t, TcpClient)
                || SymbolEqualityComparer.Default.Equals(t, UdpClient)
                || SymbolEqualityComparer.Default.Equals(t, NetworkStream)
                || SymbolEqualityComparer.Default.Equals(t, Dns)
                || SymbolEqualityComparer.Default.Equals(t, SslStream))
            {
                return true;
            }
        }

        return false;
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
