using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace SocketLint;

/// <summary>When a writer's call (a <c>StreamWriter</c> over a connection's stream) sends, and so blocks on the network.</summary>
internal enum WriterSend
{
    /// <summary>Not a writer's call.</summary>
    None,

    /// <summary>Always: <c>Flush</c> writes out what the writer holds.</summary>
    Always,

    /// <summary>When the writer flushes at every write: <c>AutoFlush = true</c> (<c>Write</c>, <c>WriteLine</c>); otherwise it fills its buffer.</summary>
    WithAutoFlush,
}

/// <summary>What SocketLint knows about one blocking socket-family member.</summary>
internal sealed class BlockingCall
{
    public BlockingCall(string? counterpart, bool needsNetworkStreamReceiver, bool hasSameShapeCounterpart, bool needsConnectionReader = false, WriterSend writerSend = WriterSend.None)
    {
        Counterpart = counterpart;
        NeedsNetworkStreamReceiver = needsNetworkStreamReceiver;
        HasSameShapeCounterpart = hasSameShapeCounterpart;
        NeedsConnectionReader = needsConnectionReader;
        WriterSend = writerSend;
    }

    /// <summary>The async member to await instead, or null when the compilation has none.</summary>
    public string? Counterpart { get; }

    /// <summary>The member is declared on Stream: it blocks on the network only when the receiver is a NetworkStream.</summary>
    public bool NeedsNetworkStreamReceiver { get; }

    /// <summary>The counterpart takes the same inputs (possibly as Memory, plus a token): a fix can rewrite the call in place.</summary>
    public bool HasSameShapeCounterpart { get; }

    /// <summary>A reader's read (<c>ReadLine</c>, <c>ReadToEnd</c>...): it blocks on the network only when the reader was made over a connection's stream.</summary>
    public bool NeedsConnectionReader { get; }

    /// <summary>A writer's call, which sends on the connection under the writer only as this says.</summary>
    public WriterSend WriterSend { get; }

    /// <summary>What a report of this call tells the fixes, made at its first report and shared by the rest.</summary>
    public System.Collections.Immutable.ImmutableDictionary<string, string?> ReportProperties => _reportProperties ??= Counterpart is { } counterpart
        ? System.Collections.Immutable.ImmutableDictionary<string, string?>.Empty.Add(Rules.SL0004BlockingSocketCallInAsyncRule.CounterpartProperty, counterpart)
        : System.Collections.Immutable.ImmutableDictionary<string, string?>.Empty;

    /// <summary>The second half of a report's message, made at the first report.</summary>
    public string Advice => _advice ??= Counterpart is { } counterpart
        ? $"await '{counterpart}' instead"
        : "it has no async counterpart: move it off the thread pool or make it non-blocking";

    /// <summary>
    /// How a report names <paramref name="method"/> (<c>Socket.Receive</c>, <c>new TcpClient(...)</c>), made at the first
    /// report: a call maps to this entry only when it calls this very method, so every report names it the same.
    /// </summary>
    public string DisplayName(IMethodSymbol method) => _displayName ??= method.MethodKind == MethodKind.Constructor
        ? $"new {method.ContainingType.Name}(...)"
        : $"{method.ContainingType.Name}.{method.Name}";

    // Written at most once per value by any thread that reports first; every value written is the same.
    private System.Collections.Immutable.ImmutableDictionary<string, string?>? _reportProperties;
    private string? _advice;
    private string? _displayName;
}

/// <summary>
/// The blocking socket-family members of one compilation, built once at compilation start so that the
/// per-invocation check is one lookup of the name (and, when it hits, a scan of that name's few overloads).
/// </summary>
internal sealed class BlockingCalls
{
    /// <summary>BinaryReader's reads: each reads the stream under it until it has the value.</summary>
    private static readonly string[] BinaryReads =
    {
        "Read", "ReadBoolean", "ReadByte", "ReadBytes", "ReadChar", "ReadChars", "ReadDecimal", "ReadDouble", "ReadHalf",
        "ReadInt16", "ReadInt32", "ReadInt64", "ReadSByte", "ReadSingle", "ReadString", "ReadUInt16", "ReadUInt32", "ReadUInt64",
        "Read7BitEncodedInt", "Read7BitEncodedInt64",
    };

    private readonly MethodTable<BlockingCall> _byMethod;

    /// <summary>The types whose constructors the table holds (a <c>TcpClient</c> made with a host and a port connects).</summary>
    private readonly INamedTypeSymbol[] _constructing;

    private BlockingCalls(MethodTable<BlockingCall> byMethod, INamedTypeSymbol[] constructing)
    {
        _byMethod = byMethod;
        _constructing = constructing;
        CallAndWaitShapes = new NameShapes(byMethod.Names);
        CallAndWaitShapes.Add(SyncWaits.WaitNames);
    }

    /// <summary>
    /// Whether <paramref name="name"/> is the name of a blocking call or of a synchronous wait: told by its shape
    /// (<see cref="CallAndWaitShapes"/>) first, which most names of a code base do not have, and then compared with the
    /// few names of its shape, which some have by chance (Where has Write's first character and length, Append
    /// Accept's, Replace Receive's).
    /// </summary>
    public bool IsCallOrWaitName(string name) => CallAndWaitShapes.Contains(name);

    /// <summary>The blocking calls of <paramref name="symbols"/>' references, built once for every compilation that shares them.</summary>
    public static BlockingCalls For(KnownSymbols symbols) => symbols.SharedTable(KnownSymbols.BlockingCallsSlot, Create);

    /// <summary>Built from the types' members only: a table shared between compilations holds nothing of any one of them.</summary>
    private static BlockingCalls Create(KnownSymbols symbols)
    {
        var map = new MethodTable<BlockingCall>();
        var constructing = new List<INamedTypeSymbol>();

        Add(map, symbols.Socket, "Accept", "AcceptAsync");
        Add(map, symbols.Socket, "Connect", "ConnectAsync");
        Add(map, symbols.Socket, "Disconnect", "DisconnectAsync");
        Add(map, symbols.Socket, "Receive", "ReceiveAsync");
        Add(map, symbols.Socket, "ReceiveFrom", "ReceiveFromAsync");
        Add(map, symbols.Socket, "ReceiveMessageFrom", "ReceiveMessageFromAsync");
        Add(map, symbols.Socket, "Send", "SendAsync");
        Add(map, symbols.Socket, "SendTo", "SendToAsync");
        Add(map, symbols.Socket, "SendFile", "SendFileAsync");
        Add(map, symbols.Socket, "Poll", counterpart: null);
        Add(map, symbols.Socket, "Select", counterpart: null);

        Add(map, symbols.TcpListener, "AcceptSocket", "AcceptSocketAsync");
        Add(map, symbols.TcpListener, "AcceptTcpClient", "AcceptTcpClientAsync");
        Add(map, symbols.TcpClient, "Connect", "ConnectAsync");
        // new TcpClient(host, port) resolves the name and connects before the constructor returns.
        if (symbols.TcpClient is { } tcpClient)
            AddHostAndPortConstructor(map, constructing, tcpClient, HasMember(tcpClient, "ConnectAsync") ? "ConnectAsync" : null);

        if (symbols.UdpClient is { } udpClient)
        {
            // UdpClient.Connect(host, port) looks the name up before it returns; to an address it only records the peer.
            foreach (var member in udpClient.GetMembers("Connect"))
            {
                if (member is IMethodSymbol { DeclaredAccessibility: Accessibility.Public, Parameters.Length: > 0 } connect
                    && connect.Parameters[0].Type.SpecialType == SpecialType.System_String)
                    map.Set(connect, new BlockingCall(counterpart: null, needsNetworkStreamReceiver: false, hasSameShapeCounterpart: false));
            }

            // So does new UdpClient(host, port), which connects to the name before the constructor returns.
            AddHostAndPortConstructor(map, constructing, udpClient, counterpart: null);
        }

        Add(map, symbols.UdpClient, "Receive", "ReceiveAsync", sameShape: false);
        Add(map, symbols.UdpClient, "Send", "SendAsync");
        Add(map, symbols.Dns, "GetHostEntry", "GetHostEntryAsync");
        Add(map, symbols.Dns, "GetHostAddresses", "GetHostAddressesAsync");
        Add(map, symbols.SslStream, "AuthenticateAsClient", "AuthenticateAsClientAsync");
        Add(map, symbols.SslStream, "AuthenticateAsServer", "AuthenticateAsServerAsync");

        // NetworkStream and SslStream override some Stream members and inherit others; all block on the network.
        AddStream(map, symbols, "Read", "ReadAsync");
        AddStream(map, symbols, "Write", "WriteAsync");
        AddStream(map, symbols, "ReadExactly", "ReadExactlyAsync");
        AddStream(map, symbols, "ReadAtLeast", "ReadAtLeastAsync");
        AddStream(map, symbols, "CopyTo", "CopyToAsync");
        AddStream(map, symbols, "ReadByte", "ReadAsync", sameShape: false);
        AddStream(map, symbols, "WriteByte", "WriteAsync", sameShape: false);

        // A BufferedStream's Flush writes what it holds to the stream under it: over a connection's, a send. (A
        // NetworkStream's own Flush does nothing, and an SslStream writes each record as it is written.)
        Add(map, symbols.BufferedStream, "Flush", "FlushAsync", viaStream: true);

        // A reader over a connection's stream waits for the network when its buffer runs dry.
        foreach (var reader in new[] { symbols.TextReader, symbols.StreamReader })
        {
            Add(map, reader, "ReadLine", "ReadLineAsync", connectionReader: true);
            Add(map, reader, "ReadToEnd", "ReadToEndAsync", connectionReader: true);
            Add(map, reader, "ReadBlock", "ReadBlockAsync", connectionReader: true);
            Add(map, reader, "Read", "ReadAsync", connectionReader: true);

            // Peek fills the buffer first when it is empty: over a connection it waits for the peer's next bytes.
            Add(map, reader, "Peek", counterpart: null, connectionReader: true);
        }

        // A binary reader over a connection's stream reads it for every value, and has no async form: ReadInt32 waits
        // for four bytes from the peer.
        foreach (var name in BinaryReads)
            Add(map, symbols.BinaryReader, name, counterpart: null, connectionReader: true);

        // A binary writer writes each value through to the stream under it: on a connection, a send.
        AddWriter(map, symbols.BinaryWriter, "Write", counterpart: null, WriterSend.Always);

        // A writer over a connection's stream sends when it flushes: at Flush, and at each Write with AutoFlush on.
        foreach (var writer in new[] { symbols.TextWriter, symbols.StreamWriter })
        {
            AddWriter(map, writer, "Flush", "FlushAsync", WriterSend.Always);
            AddWriter(map, writer, "Write", "WriteAsync", WriterSend.WithAutoFlush);
            AddWriter(map, writer, "WriteLine", "WriteLineAsync", WriterSend.WithAutoFlush);
        }

        return new BlockingCalls(map, constructing.ToArray());
    }

    /// <summary>The names of the blocking calls.</summary>
    public IEnumerable<string> Names => _byMethod.Names;

    /// <summary>
    /// The first character and length of every blocking call's name and of every synchronous wait's
    /// (<see cref="SyncWaits.WaitNames"/>): SL0004's first test of a call. Made once with the table, which compilations share.
    /// </summary>
    public NameShapes CallAndWaitShapes { get; }

    public BlockingCall? Find(IMethodSymbol method) => Find(method, method.Name);

    /// <summary>
    /// Whether a constructor of <paramref name="type"/> may be in the table: an object creation's first test, on the type
    /// the creation already holds, before the constructor's name and original definition are read and hashed (most
    /// creations of a code base make lists, builders and exceptions).
    /// </summary>
    public bool MayConstruct(ITypeSymbol? type)
    {
        if (type is null)
            return false;
        foreach (var constructing in _constructing)
        {
            if (SymbolEqualityComparer.Default.Equals(type, constructing))
                return true;
        }

        return false;
    }

    /// <inheritdoc cref="Find(IMethodSymbol)"/>
    /// <param name="name">The method's name, read once by a caller that asks more than one question of it.</param>
    public BlockingCall? Find(IMethodSymbol method, string name) =>
        _byMethod.TryGet(method, name, out var call, out _) ? call : null;

    private static void Add(MethodTable<BlockingCall> map, INamedTypeSymbol? type, string name, string? counterpart, bool sameShape = true, bool viaStream = false, bool connectionReader = false)
    {
        if (type is null)
            return;
        var available = counterpart is not null && HasMember(type, counterpart) ? counterpart : null;
        foreach (var member in type.GetMembers(name))
        {
            // A reader's Read() of one character has no asynchronous form of its shape.
            if (member is IMethodSymbol { MethodKind: MethodKind.Ordinary, DeclaredAccessibility: Accessibility.Public } method)
                map.Set(method, new BlockingCall(available, viaStream, sameShape && available is not null && !(connectionReader && name == "Read" && method.Parameters.IsEmpty), connectionReader));
        }
    }

    private static void AddWriter(MethodTable<BlockingCall> map, INamedTypeSymbol? type, string name, string? counterpart, WriterSend send)
    {
        if (type is null)
            return;
        var available = counterpart is not null && HasMember(type, counterpart) ? counterpart : null;
        foreach (var member in type.GetMembers(name))
        {
            // Only the overloads whose parameters an async overload takes (Write(string), WriteLine(char[])...): the
            // fix rewrites in place, and Write(int) has no WriteAsync(int).
            if (member is IMethodSymbol { MethodKind: MethodKind.Ordinary, DeclaredAccessibility: Accessibility.Public, IsStatic: false } method)
                map.Set(method, new BlockingCall(available, needsNetworkStreamReceiver: false, hasSameShapeCounterpart: available is not null && HasOverloadTaking(type, available, method), writerSend: send));
        }
    }

    /// <summary>Whether <paramref name="type"/> (or a base) has a <paramref name="name"/> overload with the parameter types of <paramref name="method"/>.</summary>
    private static bool HasOverloadTaking(INamedTypeSymbol type, string name, IMethodSymbol method)
    {
        for (var t = type; t is not null; t = t.BaseType)
        {
            foreach (var member in t.GetMembers(name))
            {
                if (member is IMethodSymbol candidate && candidate.Parameters.Length == method.Parameters.Length
                    && System.Linq.Enumerable.All(System.Linq.Enumerable.Zip(candidate.Parameters, method.Parameters, (a, b) => SymbolEqualityComparer.Default.Equals(a.Type, b.Type)), same => same))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static void AddStream(MethodTable<BlockingCall> map, KnownSymbols symbols, string name, string counterpart, bool sameShape = true)
    {
        Add(map, symbols.Stream, name, counterpart, sameShape, viaStream: true);
        Add(map, symbols.NetworkStream, name, counterpart, sameShape);

        // SslStream declares its own Read, Write(byte[]) and ReadByte: TLS over the connection, reading and writing it.
        Add(map, symbols.SslStream, name, counterpart, sameShape);

        // So does BufferedStream, whose reads and writes go to the stream under it when its buffer is empty or full:
        // they count where that stream is a connection's (var bs = new BufferedStream(client.GetStream())).
        Add(map, symbols.BufferedStream, name, counterpart, sameShape, viaStream: true);
    }

    /// <summary>The <c>(string host, int port)</c> constructor of <paramref name="type"/>, which looks the name up and connects before it returns.</summary>
    private static void AddHostAndPortConstructor(MethodTable<BlockingCall> map, List<INamedTypeSymbol> constructing, INamedTypeSymbol type, string? counterpart)
    {
        foreach (var ctor in type.InstanceConstructors)
        {
            if (ctor.Parameters.Length == 2
                && ctor.Parameters[0].Type.SpecialType == SpecialType.System_String
                && ctor.Parameters[1].Type.SpecialType == SpecialType.System_Int32)
            {
                map.Set(ctor, new BlockingCall(counterpart, needsNetworkStreamReceiver: false, hasSameShapeCounterpart: false));
                if (!constructing.Contains(type))
                    constructing.Add(type);
            }
        }
    }

    private static bool HasMember(INamedTypeSymbol type, string name)
    {
        for (var t = type; t is not null; t = t.BaseType)
        {
            if (!t.GetMembers(name).IsEmpty)
                return true;
        }

        return false;
    }
}
