using System.Collections.Generic;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace SocketLint.Connections;

/// <summary>What a socket-family member does to a connection.</summary>
internal enum ConnectionMemberKind
{
    None,

    /// <summary>Returns a count of bytes received; 0 is the peer's FIN (-1 for ReadByte).</summary>
    Receive,

    /// <summary>Sends on the connection; fails with ECONNRESET or EPIPE when the peer has gone.</summary>
    Send,

    /// <summary>Closes, disposes, shuts down or disconnects the connection.</summary>
    Close,

    /// <summary>Returns a connection accepted from a listener: the server side.</summary>
    Accept,
}

/// <summary>The socket-family and stream types a type is, or derives from: each answered by one lookup.</summary>
[System.Flags]
internal enum TypeFamily
{
    None = 0,
    Socket = 1 << 0,
    TcpClient = 1 << 1,
    UdpClient = 1 << 2,
    NetworkStream = 1 << 3,
    SslStream = 1 << 4,
    BufferedStream = 1 << 5,
    Stream = 1 << 6,
    TextReader = 1 << 7,
    TextWriter = 1 << 8,
    BinaryReader = 1 << 9,
    BinaryWriter = 1 << 10,

    /// <summary>A base type of NetworkStream, SslStream, Socket or TcpClient (Stream, AuthenticatedStream, object...).</summary>
    ConnectionBase = 1 << 11,

    /// <summary>
    /// None of the above, but a class that may carry a connection: one declared in the project, a
    /// <c>SocketAsyncEventArgs</c>, or a generic class over such a type (<c>Task&lt;Socket&gt;</c>).
    /// </summary>
    Carrier = 1 << 12,

    /// <summary>Socket, TcpClient, NetworkStream or SslStream, or a type derived from one.</summary>
    Connection = Socket | TcpClient | NetworkStream | SslStream,
    Reader = TextReader | BinaryReader,
    Writer = TextWriter | BinaryWriter,
}

/// <summary>
/// The members that receive, send, close and accept, mapped once per compilation and shared by SL0001–SL0003
/// (a compilation's map is built by the first rule that asks for it).
/// </summary>
internal sealed class ConnectionApi
{
    private static readonly ConditionalWeakTable<Compilation, ConnectionApi> Cache = new();

    /// <summary>What each mapped member does, and whether it acts on a connection only through a connection's stream.</summary>
    private readonly MethodTable<(ConnectionMemberKind Kind, bool NeedsConnectionReceiver)> _members;
    private readonly HashSet<IMethodSymbol> _sendsReportingError;

    private readonly System.Collections.Concurrent.ConcurrentDictionary<ITypeSymbol, TypeFamily> _families = new(SymbolEqualityComparer.Default);

    /// <summary>Stream members, each with whether its type sets it only to a connection's stream (see <see cref="ConnectionAliases.LearnStreamSetByItsType"/>).</summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<ISymbol, bool> _streamMembers = new(SymbolEqualityComparer.Default);
    private readonly System.Func<ITypeSymbol, TypeFamily> _computeFamily;

    private ConnectionApi(KnownSymbols symbols)
    {
        Symbols = symbols;
        _computeFamily = ComputeFamily;
        var members = symbols.SharedTable(KnownSymbols.ConnectionMembersSlot, static s => new Members(s));
        _members = members.ByMethod;
        _sendsReportingError = members.SendsReportingError;
        CloseMethods = new CloseMethods(symbols.Compilation);
        Disposable = symbols.Compilation.GetSpecialType(SpecialType.System_IDisposable);
        AsyncDisposable = symbols.FindInCoreLibrary("System.IAsyncDisposable");
    }

    public KnownSymbols Symbols { get; }

    public CloseMethods CloseMethods { get; }

    private INamedTypeSymbol Disposable { get; }

    private INamedTypeSymbol? AsyncDisposable { get; }

    public static ConnectionApi? For(Compilation compilation)
    {
        if (Cache.TryGetValue(compilation, out var api))
            return api;
        var symbols = KnownSymbols.For(compilation);
        if (symbols is null)
            return null;
        return Cache.GetValue(compilation, _ => new ConnectionApi(symbols));
    }

    /// <summary>
    /// <c>stream.ReadAtLeast(buffer, n, throwOnEndOfStream: false)</c> (or its async form): at the end of the stream it
    /// returns what it got, fewer than <c>n</c> bytes and 0 once nothing is left, where the default (true) throws. Such
    /// a read is a receive like <c>Read</c>, on a Stream known to be a connection's.
    /// </summary>
    /// <param name="name">The called method's name, which the caller has read.</param>
    public bool ReadsAtLeastUntilTheEnd(IInvocationOperation invocation, string name)
    {
        if (name is not ("ReadAtLeast" or "ReadAtLeastAsync") || !SymbolEqualityComparer.Default.Equals(invocation.TargetMethod.ContainingType, Symbols.Stream))
            return false;
        foreach (var argument in invocation.Arguments)
        {
            if (argument.Parameter?.Name == "throwOnEndOfStream")
                return argument.Value.ConstantValue is { HasValue: true, Value: false };
        }

        return false;
    }

    /// <summary>
    /// What <paramref name="method"/> does; <paramref name="needsConnectionReceiver"/> is true for Stream's own members,
    /// which act on a connection only when the receiver is a connection's stream.
    /// </summary>
    public ConnectionMemberKind Classify(IMethodSymbol method, out bool needsConnectionReceiver)
    {
        needsConnectionReceiver = true;
        var name = method.Name;
        if (_members.TryGet(method, name, out var member, out var nameKnown))
        {
            needsConnectionReceiver = member.NeedsConnectionReceiver;
            return member.Kind;
        }

        if (!nameKnown)
            return ConnectionMemberKind.None;
        if ((name == "Dispose" && SymbolEqualityComparer.Default.Equals(method.ContainingType, Disposable))
            || (name == "DisposeAsync" && SymbolEqualityComparer.Default.Equals(method.ContainingType, AsyncDisposable)))
        {
            return ConnectionMemberKind.Close;
        }

        return ConnectionMemberKind.None;
    }

    /// <summary>Whether the type of <paramref name="member"/> sets it only to a connection's stream: worked out once per member by <paramref name="compute"/>.</summary>
    public bool IsSetToConnectionStream(ISymbol member, System.Func<ISymbol, bool> compute) => _streamMembers.GetOrAdd(member, compute);

    /// <summary>Methods of the compilation, each with the failure a send of its own object's connection in it throws (see <see cref="ConnectionAliases.SendHelperFailure"/>), or null.</summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<IMethodSymbol, ITypeSymbol?> _sendHelpers = new(SymbolEqualityComparer.Default);

    /// <summary>The failure a send helper throws, when worked out already for this compilation.</summary>
    public bool TryGetSendHelperFailure(IMethodSymbol method, out ITypeSymbol? failure) => _sendHelpers.TryGetValue(method, out failure);

    /// <summary>Keeps what a send helper throws (the first answer, when two threads work it out).</summary>
    public ITypeSymbol? KeepSendHelperFailure(IMethodSymbol method, ITypeSymbol? failure) => _sendHelpers.GetOrAdd(method, failure);

    /// <summary>
    /// Whether a value of static type <paramref name="type"/> can be a connection or its stream: a connection type,
    /// one of their base types (<c>Stream</c>, <c>AuthenticatedStream</c>, <c>object</c>), an interface or a type
    /// parameter; or a <c>BufferedStream</c>, which is one when it was made over a connection's stream. A
    /// <c>MemoryStream</c> or <c>FileStream</c> never is, and needs no alias analysis.
    /// </summary>
    public bool MayBeConnection(ITypeSymbol? type) =>
        type is null
        || type.TypeKind is TypeKind.Error or TypeKind.TypeParameter or TypeKind.Interface or TypeKind.Dynamic
        || (FamilyOf(type) & (TypeFamily.Connection | TypeFamily.BufferedStream | TypeFamily.ConnectionBase)) != 0;

    /// <summary>A type whose instances are, or own, a connection: Socket, TcpClient, NetworkStream, SslStream.</summary>
    public bool IsConnectionType(ITypeSymbol? type) => (FamilyOf(type) & TypeFamily.Connection) != 0;

    /// <summary>Whether <paramref name="type"/> is, or derives from, one of <paramref name="families"/>.</summary>
    public bool IsIn(ITypeSymbol? type, TypeFamily families) => (FamilyOf(type) & families) != 0;

    /// <summary>
    /// The families <paramref name="type"/> belongs to, worked out once per type and compilation: a body asks the same
    /// few types (its streams, clients, builders and lists) about a dozen times each, and each answer walked the base
    /// types comparing symbols. Value types and the special types (string, object...) are answered without a lookup.
    /// </summary>
    /// <remarks>
    /// A constructed generic type (<c>List&lt;string&gt;</c>, <c>Task&lt;int&gt;</c>) is not looked up itself: hashing
    /// it walks its type arguments each time. Every family but <see cref="TypeFamily.Carrier"/> is a base type that is
    /// not generic, so a constructed type has its definition's; only whether it carries a connection depends on its
    /// arguments, and that is read from them.
    /// </remarks>
    public TypeFamily FamilyOf(ITypeSymbol? type)
    {
        if (type is null)
            return TypeFamily.None;

        // The same few type objects are asked about over and over (a body's streams, clients and buffers): the last answer
        // for each slot is kept by reference, which needs neither the symbol's hash nor the table's lock-free read.
        var slot = RuntimeHelpers.GetHashCode(type) & (RecentSlots - 1);
        var recent = _recent[slot];
        if (recent is not null && ReferenceEquals(recent.Key, type))
            return recent.Value;
        var family = ComputeFamilyOf(type);
        _recent[slot] = new KeptAnswer<ITypeSymbol, TypeFamily>(type, family);
        return family;
    }

    private const int RecentSlots = 32;

    /// <summary>The last family worked out per slot.</summary>
    private readonly KeptAnswer<ITypeSymbol, TypeFamily>?[] _recent = new KeptAnswer<ITypeSymbol, TypeFamily>?[RecentSlots];

    private TypeFamily ComputeFamilyOf(ITypeSymbol type)
    {
        if (type.IsValueType || type.TypeKind is TypeKind.Error or TypeKind.TypeParameter or TypeKind.Array or TypeKind.Delegate or TypeKind.Pointer)
            return TypeFamily.None;
        if (type.SpecialType != SpecialType.None)
            return type.SpecialType == SpecialType.System_Object ? TypeFamily.ConnectionBase : TypeFamily.None;
        if (type is INamedTypeSymbol { IsGenericType: true } named && !ReferenceEquals(named, named.OriginalDefinition))
        {
            var family = _families.GetOrAdd(named.OriginalDefinition, _computeFamily) & ~TypeFamily.Carrier;
            return family != TypeFamily.None ? family : IsCarrier(named) ? TypeFamily.Carrier : TypeFamily.None;
        }

        return _families.GetOrAdd(type, _computeFamily);
    }

    private bool IsCarrier(ITypeSymbol type)
    {
        if (type is not INamedTypeSymbol named)
            return false;
        if (!named.DeclaringSyntaxReferences.IsEmpty || SymbolEqualityComparer.Default.Equals(named.OriginalDefinition, Symbols.SocketAsyncEventArgs))
            return true;
        foreach (var argument in named.TypeArguments)
        {
            if (argument.TypeKind is TypeKind.TypeParameter or TypeKind.Interface or TypeKind.Error or TypeKind.Dynamic
                || (!SymbolEqualityComparer.Default.Equals(argument, type) && FamilyOf(argument) != TypeFamily.None))
            {
                return true;
            }
        }

        return false;
    }

    private TypeFamily ComputeFamily(ITypeSymbol type)
    {
        var family = TypeFamily.None;
        for (var t = type; t is not null; t = t.BaseType)
        {
            var definition = t.OriginalDefinition;
            family |= Is(definition, Symbols.Socket, TypeFamily.Socket)
                | Is(definition, Symbols.TcpClient, TypeFamily.TcpClient)
                | Is(definition, Symbols.UdpClient, TypeFamily.UdpClient)
                | Is(definition, Symbols.NetworkStream, TypeFamily.NetworkStream)
                | Is(definition, Symbols.SslStream, TypeFamily.SslStream)
                | Is(definition, Symbols.BufferedStream, TypeFamily.BufferedStream)
                | Is(definition, Symbols.Stream, TypeFamily.Stream)
                | Is(definition, Symbols.TextReader, TypeFamily.TextReader)
                | Is(definition, Symbols.TextWriter, TypeFamily.TextWriter)
                | Is(definition, Symbols.BinaryReader, TypeFamily.BinaryReader)
                | Is(definition, Symbols.BinaryWriter, TypeFamily.BinaryWriter);
        }

        foreach (var connectionType in new[] { Symbols.NetworkStream, Symbols.SslStream, Symbols.Socket, Symbols.TcpClient })
        {
            for (var t = connectionType?.BaseType; t is not null; t = t.BaseType)
            {
                if (SymbolEqualityComparer.Default.Equals(t, type))
                    family |= TypeFamily.ConnectionBase;
            }
        }

        if (family == TypeFamily.None && IsCarrier(type))
            family = TypeFamily.Carrier;
        return family;

        static TypeFamily Is(ITypeSymbol definition, INamedTypeSymbol? known, TypeFamily flag) =>
            known is not null && SymbolEqualityComparer.Default.Equals(definition, known) ? flag : TypeFamily.None;
    }

    /// <summary>Whether any send overload reports its failure through <c>out SocketError</c> (none in a very old framework).</summary>
    public bool HasSendsReportingError => _sendsReportingError.Count > 0;

    /// <summary>A send that reports its failure through an <c>out SocketError</c> argument instead of throwing.</summary>
    public bool ReportsErrorInsteadOfThrowing(IMethodSymbol send) => ReportsErrorInsteadOfThrowing(send, send.Name);

    /// <inheritdoc cref="ReportsErrorInsteadOfThrowing(IMethodSymbol)"/>
    /// <param name="name">The method's name, which the caller has read.</param>
    public bool ReportsErrorInsteadOfThrowing(IMethodSymbol send, string name) =>
        name is "Send" or "BeginSend" or "EndSend" && _sendsReportingError.Contains(send.OriginalDefinition);

    /// <summary>
    /// The exception a failed send throws when the peer has gone: a socket's own send throws <c>SocketException</c>;
    /// a stream or a writer over one wraps it in an <c>IOException</c>.
    /// </summary>
    public INamedTypeSymbol? SendFailureType(IMethodSymbol send) =>
        KnownSymbols.DerivesFrom(send.ContainingType, Symbols.Socket) ? Symbols.SocketException : Symbols.IOException;

    /// <summary>A write on a <c>TextWriter</c> or <c>BinaryWriter</c>: a send when the writer is over a connection's stream.</summary>
    public bool IsWriterSend(IMethodSymbol method) =>
        method.Name is "Write" or "WriteLine" or "WriteAsync" or "WriteLineAsync" or "Flush" or "FlushAsync"
        && IsIn(method.ContainingType, TypeFamily.Writer);

    /// <summary>
    /// A read on a <c>TextReader</c> or <c>BinaryReader</c> that returns a count (<c>Read</c>, <c>ReadAsync</c>,
    /// <c>ReadBlock</c>, <c>ReadBlockAsync</c>): a receive when the reader is over a connection's stream, 0 at its end
    /// (-1 for the parameterless <c>Read()</c>).
    /// </summary>
    public bool IsReaderReceive(IMethodSymbol method) =>
        (method.Name is "Read" or "ReadAsync" or "ReadBlock" or "ReadBlockAsync" ? ReturnsCount(method) : method.Name is "ReadLine" or "ReadLineAsync" && Returns(method, SpecialType.System_String))
        && IsIn(method.ContainingType, TypeFamily.Reader);

    /// <summary>A <c>ReadLine</c> or <c>ReadLineAsync</c>: its result is null at the end, not a count.</summary>
    public static bool IsLineRead(IMethodSymbol method) => method.Name is "ReadLine" or "ReadLineAsync";

    private static bool HasOutSocketError(IMethodSymbol method, INamedTypeSymbol? socketError)
    {
        foreach (var parameter in method.Parameters)
        {
            if (parameter.RefKind == RefKind.Out && SymbolEqualityComparer.Default.Equals(parameter.Type, socketError))
                return true;
        }

        return false;
    }

    /// <summary>
    /// Whether <paramref name="method"/>'s name says it reads (<c>Read...</c>, <c>...Receive...</c>), whatever its type:
    /// the cautious test of paths that must not read again, where a read of any kind would change what they prove.
    /// </summary>
    public static bool NamesARead(IMethodSymbol method) =>
        method.Name.StartsWith("Read", System.StringComparison.Ordinal) || method.Name.IndexOf("Receive", System.StringComparison.Ordinal) >= 0;

    /// <summary>
    /// The receive's count is 0 at the peer's close; ReadByte, and a reader's parameterless Read(), return -1 instead;
    /// a reader's ReadLine returns null (<see cref="ZeroTest.NullLine"/>).
    /// </summary>
    public static int ClosedValue(IMethodSymbol receive) =>
        IsLineRead(receive) ? ZeroTest.NullLine
        : receive.Name == "ReadByte" || (receive.Name == "Read" && receive.Parameters.IsEmpty) ? -1
        : 0;

    /// <summary>
    /// What the code around <paramref name="receive"/> sees at the peer's close: <see cref="ClosedValue(IMethodSymbol)"/>,
    /// but the empty line (<see cref="ZeroTest.EmptyLine"/>) for a line read coalesced to it (<c>reader.ReadLine() ?? ""</c>,
    /// <c>?? string.Empty</c>), whose end then reads as "", never null. Read from the syntax, which a control flow graph
    /// keeps where it lowers the coalescing into branches.
    /// </summary>
    public static int ClosedValue(IInvocationOperation receive) =>
        IsLineRead(receive.TargetMethod) && IsCoalescedToEmpty(receive.Syntax) ? ZeroTest.EmptyLine : ClosedValue(receive.TargetMethod);

    private static bool IsCoalescedToEmpty(SyntaxNode read) =>
        CoalescingOf(read) is { } coalesce
        && coalesce.Right switch
        {
            LiteralExpressionSyntax { RawKind: (int)SyntaxKind.StringLiteralExpression } literal => literal.Token.ValueText.Length == 0,
            MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Empty", Expression: var type } => type is PredefinedTypeSyntax { Keyword.RawKind: (int)SyntaxKind.StringKeyword }
                || (type is IdentifierNameSyntax { Identifier.ValueText: "String" } or QualifiedNameSyntax { Right.Identifier.ValueText: "String" } or MemberAccessExpressionSyntax { Name.Identifier.ValueText: "String" }),
            _ => false,
        };

    /// <summary>
    /// The <c>??</c> whose left side is the read written at <paramref name="read"/> (<c>reader.ReadLine() ?? ""</c>), through
    /// parentheses, an await and a <c>ConfigureAwait</c>; null when there is none.
    /// </summary>
    public static BinaryExpressionSyntax? CoalescingOf(SyntaxNode read)
    {
        var node = read;
        while (true)
        {
            switch (node.Parent)
            {
                case ParenthesizedExpressionSyntax or AwaitExpressionSyntax:
                    node = node.Parent;
                    continue;
                // await reader.ReadLineAsync().ConfigureAwait(false) ?? ""
                case MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ConfigureAwait", Parent: InvocationExpressionSyntax configured } access when access.Expression == node:
                    node = configured;
                    continue;
            }

            return node.Parent is BinaryExpressionSyntax { RawKind: (int)SyntaxKind.CoalesceExpression } coalesce && coalesce.Left == node ? coalesce : null;
        }
    }

    private static bool ReturnsCount(IMethodSymbol method) => Returns(method, SpecialType.System_Int32);

    /// <summary>Whether <paramref name="method"/> returns a <paramref name="type"/>, or a Task or ValueTask of one.</summary>
    private static bool Returns(IMethodSymbol method, SpecialType type) =>
        method.ReturnType.SpecialType == type
        || (method.ReturnType is INamedTypeSymbol { IsGenericType: true, Name: "Task" or "ValueTask" } generic
            && generic.TypeArguments.Length == 1
            && generic.TypeArguments[0].SpecialType == type);

    /// <summary>Whether an invocation is on a connection: its own type is one, or it is a Stream member on a connection's stream.</summary>
    public ConnectionMemberKind Classify(IInvocationOperation invocation, ConnectionAliases aliases)
    {
        var kind = Classify(invocation.TargetMethod, out var needsConnectionReceiver);
        if (kind == ConnectionMemberKind.None)
            return kind;
        if (needsConnectionReceiver && !aliases.IsConnection(invocation.Instance))
            return ConnectionMemberKind.None;
        return kind;
    }

    /// <summary>
    /// What the socket, stream and client members do, built from the types' members alone: shared between the
    /// compilations whose references are the same symbols (see <see cref="KnownSymbols.SharedTable{T}"/>), read only once built.
    /// </summary>
    private sealed class Members
    {
        public MethodTable<(ConnectionMemberKind Kind, bool NeedsConnectionReceiver)> ByMethod { get; } = new();

        public HashSet<IMethodSymbol> SendsReportingError { get; } = new(SymbolEqualityComparer.Default);

        public Members(KnownSymbols symbols)
        {
            var socket = symbols.Socket;
            // SL0001 passes over every call whose name starts with neither R nor E: a receive added here must keep to that.
            AddCounted(socket, needsConnectionReceiver: false, "Receive", "ReceiveAsync", "EndReceive");
            Add(socket, ConnectionMemberKind.Send, "Send", "SendAsync", "SendTo", "SendToAsync", "SendFile", "SendFileAsync", "BeginSend", "BeginSendFile", "EndSend");
            Add(socket, ConnectionMemberKind.Close, "Close", "Dispose", "Shutdown", "Disconnect", "DisconnectAsync");
            Add(socket, ConnectionMemberKind.Accept, "Accept", "AcceptAsync", "EndAccept");

            Add(symbols.TcpListener, ConnectionMemberKind.Accept, "AcceptSocket", "AcceptSocketAsync", "AcceptTcpClient", "AcceptTcpClientAsync", "EndAcceptSocket", "EndAcceptTcpClient");
            Add(symbols.TcpClient, ConnectionMemberKind.Close, "Close", "Dispose");

            foreach (var stream in new[] { symbols.NetworkStream, symbols.SslStream })
            {
                AddCounted(stream, needsConnectionReceiver: false, "Read", "ReadAsync", "ReadByte", "EndRead");
                Add(stream, ConnectionMemberKind.Send, "Write", "WriteAsync", "WriteByte", "Flush", "FlushAsync", "BeginWrite", "EndWrite");
                Add(stream, ConnectionMemberKind.Close, "Close", "Dispose", "DisposeAsync");
            }

            // Stream's own members count only when the stream is known to be a connection's; so do a BufferedStream's
            // (one made over a connection's stream reads its 0 and fails its writes as that stream does).
            foreach (var stream in new[] { symbols.Stream, symbols.BufferedStream })
            {
                AddCounted(stream, needsConnectionReceiver: true, "Read", "ReadAsync", "ReadByte", "EndRead");
                Add(stream, ConnectionMemberKind.Send, needsConnectionReceiver: true, "Write", "WriteAsync", "WriteByte", "Flush", "FlushAsync", "BeginWrite", "EndWrite");
                Add(stream, ConnectionMemberKind.Close, needsConnectionReceiver: true, "Close", "Dispose", "DisposeAsync");
            }

            // Send overloads that report a failure through an out SocketError instead of throwing.
            foreach (var name in new[] { "Send", "BeginSend", "EndSend" })
            {
                foreach (var member in socket.GetMembers(name))
                {
                    if (member is IMethodSymbol method && HasOutSocketError(method, symbols.SocketError))
                        SendsReportingError.Add(method);
                }
            }

            ByMethod.AddName("Dispose");
            ByMethod.AddName("DisposeAsync");
        }

        /// <summary>Only the forms that return a count: not ReceiveAsync(SocketAsyncEventArgs), which returns bool.</summary>
        private void AddCounted(INamedTypeSymbol? type, bool needsConnectionReceiver, params string[] names)
        {
            if (type is null)
                return;
            foreach (var name in names)
            {
                foreach (var member in type.GetMembers(name))
                {
                    if (member is IMethodSymbol method && ReturnsCount(method))
                        ByMethod.Set(method, (ConnectionMemberKind.Receive, needsConnectionReceiver));
                }
            }
        }

        private void Add(INamedTypeSymbol? type, ConnectionMemberKind kind, params string[] names) => Add(type, kind, needsConnectionReceiver: false, names);

        private void Add(INamedTypeSymbol? type, ConnectionMemberKind kind, bool needsConnectionReceiver, params string[] names)
        {
            if (type is null)
                return;
            foreach (var name in names)
            {
                foreach (var member in type.GetMembers(name))
                {
                    if (member is IMethodSymbol { MethodKind: MethodKind.Ordinary } method)
                        ByMethod.Set(method, (kind, needsConnectionReceiver));
                }
            }
        }
    }
}
