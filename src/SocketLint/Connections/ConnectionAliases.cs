using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace SocketLint.Connections;

/// <summary>Where a connection came from, which decides who must close it.</summary>
[System.Flags]
internal enum ConnectionOrigin
{
    /// <summary>A parameter, a field, an element of a collection: the method does not own it.</summary>
    HandedIn = 0,

    /// <summary>Accepted, created, taken into a using, or completed by this callback: this code must close it.</summary>
    Owned = 1,

    /// <summary>Accepted from a listener: the server side of the connection.</summary>
    Accepted = 2,

    /// <summary>A datagram socket: a receive of 0 is an empty datagram, not a close.</summary>
    Datagram = 4,

    /// <summary>Known to be a connection (a socket-family type, or a stream taken from one).</summary>
    Connection = 8,
}

/// <summary>
/// The connections of one body: which locals, parameters and fields name the same connection
/// (<c>var ns = client.GetStream()</c>, <c>new SslStream(ns)</c>, <c>client.Client</c>), and where each came from.
/// Built once per body from its operation tree, lambdas and local functions included.
/// </summary>
internal sealed class ConnectionAliases
{
    private readonly ConnectionApi _api;
    /// <summary>
    /// The symbols the aliases know, each with its parent in the union (null for a root) and its origin, in one array
    /// searched in order: a body names a handful of connection symbols, and two dictionaries cost four allocations
    /// and a hash per question. Made with its first entry; past <see cref="IndexedPast"/> entries an index is kept.
    /// </summary>
    private Node[]? _nodes;
    private int _nodeCount;
    private Dictionary<ISymbol, int>? _index;
    private const int IndexedPast = 16;

    // Each map below is made when its first entry is: most bodies of a code base fill none of them.

    /// <summary>Writers made over a stream (<c>new StreamWriter(ns)</c>), with that stream; kept apart from the aliases, since only SL0002 writes through them.</summary>
    private Dictionary<ISymbol, IOperation>? _writerStreams;

    /// <summary>Readers made over a stream (<c>new StreamReader(ns)</c>), with that stream; SL0003 sees the peer's close through them.</summary>
    private Dictionary<ISymbol, IOperation>? _readerStreams;

    /// <summary>
    /// Wrappers that do not own what they wrap (<c>new NetworkStream(socket)</c>, whose ownsSocket is false;
    /// <c>new SslStream(inner, leaveInnerStreamOpen: true)</c>): they read and write the connection, but closing them
    /// leaves it open.
    /// </summary>
    private HashSet<ISymbol>? _nonOwning;

    /// <summary>
    /// Readers made over a connection's stream that no symbol of the body names (<c>new StreamReader(session.Client.GetStream())</c>),
    /// with that stream: each stands for its connection. The object that holds the connection owns it, so a using of the
    /// reader does not make it the body's own.
    /// </summary>
    private Dictionary<ISymbol, IOperation>? _unnamedConnections;

    /// <summary>Locals that hold a completion's state object (<c>var state = (StateObject)ar.AsyncState;</c>), not itself a connection.</summary>
    private HashSet<ISymbol>? _completionStates;

    /// <summary>
    /// The last body's aliases built on this thread. The driver runs each analyzer's actions on one body in turn, so
    /// the rules (and a rule's several receives or sends in one body) ask for the same body's aliases one after the
    /// other: they share one build. Weak, so that a thread left idle does not keep a compilation alive.
    /// </summary>
    [ThreadStatic]
    private static WeakReference<ConnectionAliases>? t_last;

    private readonly IOperation _root;

    /// <summary>
    /// Readers and writers that stand for the connection under them, each with its family (<see cref="TypeFamily.Reader"/>
    /// or <see cref="TypeFamily.Writer"/>): learned on demand (<see cref="Learned"/>; members from their type, reader
    /// parameters from their calls), or a reader made over a connection's stream that no symbol names (<see cref="Assign"/>).
    /// </summary>
    private Dictionary<ISymbol, TypeFamily>? _learnedWrappers;

    /// <summary>Set once a rule has added to the aliases what it learned on demand (<see cref="Learned"/>): such a build answers that rule only, never shared.</summary>
    private bool _learned;

    /// <summary>The local functions' parameters asked of <see cref="LearnParameterPassedConnections"/>, with the answer.</summary>
    private Dictionary<ISymbol, bool>? _parametersAsked;

    /// <summary>
    /// Until the body is walked, the one parameter whose answers are known without the walk (see <see cref="BuildFor"/>);
    /// null once it is walked. Every question goes through <see cref="Find"/>, <see cref="IndexOf"/> or
    /// <see cref="EnsureBuilt"/>: the first one about anything else walks the body, so every answer is the walked one.
    /// </summary>
    private IParameterSymbol? _deferred;

    private ConnectionAliases(ConnectionApi api, IOperation root)
    {
        _api = api;
        _root = root;
    }

    public static ConnectionAliases Build(ConnectionApi api, IOperation root) => Build(api, root, receiver: null);

    /// <summary>
    /// The aliases of <paramref name="root"/>, as <see cref="Build(ConnectionApi, IOperation)"/> gives them, for a call on
    /// <paramref name="receiver"/>. When that names a parameter of a connection type that the body's text uses only as
    /// the object of member accesses that give nothing of the same connection (<c>socket.Receive(...)</c>,
    /// <c>socket.Close()</c>; not <c>client.GetStream()</c>, <c>client.Client</c>, <c>stream.Socket</c>), nothing in the
    /// body makes the parameter an alias of anything or gives it an origin, so the walk would find it a root of its own,
    /// handed in: the body is walked only when a question is asked about anything else (most receives on a
    /// <c>Socket</c> parameter are decided with no other question).
    /// </summary>
    public static ConnectionAliases BuildFor(ConnectionApi api, IOperation root, IOperation? receiver) => Build(api, root, receiver);

    /// <summary>The aliases <see cref="BuildFor"/> leaves unwalked for <paramref name="receiver"/>, made afresh (not the thread's last), or null.</summary>
    internal static ConnectionAliases? UnwalkedFor(ConnectionApi api, IOperation root, IOperation receiver) =>
        OnlyMemberAccessedParameter(receiver, root, api, connectionTyped: true) is { } parameter ? new ConnectionAliases(api, root) { _deferred = parameter } : null;

    /// <summary>The aliases of <paramref name="root"/>, walked.</summary>
    private static ConnectionAliases WalkedOf(ConnectionApi api, IOperation root)
    {
        var aliases = new ConnectionAliases(api, root);
        aliases.LearnUnder(root, depth: 0);
        return aliases;
    }

    /// <summary>For tests: the aliases of <paramref name="root"/>, walked afresh.</summary>
    internal static ConnectionAliases Walked(ConnectionApi api, IOperation root) => WalkedOf(api, root);

    /// <summary>The body these are the aliases of.</summary>
    internal IOperation Root => _root;

    /// <summary>Whether the body has been walked (see <see cref="BuildFor"/>).</summary>
    internal bool IsWalked => _deferred is null;

    private static ConnectionAliases Build(ConnectionApi api, IOperation root, IOperation? receiver)
    {
        var last = t_last;
        if (last is not null && last.TryGetTarget(out var cached) && cached._root == root && cached._api == api && !cached._learned)
            return cached;

        var aliases = (receiver is null ? null : UnwalkedFor(api, root, receiver)) ?? WalkedOf(api, root);
        if (last is null)
            t_last = new WeakReference<ConnectionAliases>(aliases);
        else
            last.SetTarget(aliases);
        return aliases;
    }

    /// <summary>
    /// Whether <paramref name="instance"/> names a parameter that no build of the aliases of <paramref name="body"/> would
    /// make a connection, known from the body's text before any walk: a parameter of the method (not of a local function,
    /// whose calls may pass one), not of a connection type, that the body uses only as the object of member accesses
    /// (<c>input.Read(buffer, 0, n)</c>, <c>input.Length</c>). Such a parameter is never assigned, copied, passed or
    /// wrapped there, which is all that ties a symbol to a connection in <see cref="Build"/>. A method that reads a
    /// <c>Stream</c> or <c>TextReader</c> it is given then costs no walk.
    /// </summary>
    public static bool IsUnaliasedParameter(IOperation? instance, IOperation body, ConnectionApi api) =>
        OnlyMemberAccessedParameter(instance, body, api, connectionTyped: false) is not null;

    /// <summary>The members that give what names the same connection as their object (see <see cref="RootOf(IOperation?, IReadOnlyDictionary{CaptureId, IOperation}?)"/>).</summary>
    private static readonly string[] SameConnectionMembers = { "GetStream", "Client", "Socket" };

    /// <summary>
    /// The parameter <paramref name="instance"/> names, of a connection type or not (<paramref name="connectionTyped"/>), when
    /// the body's text uses it only as the object of member accesses (of a connection type, none to a member that gives the
    /// same connection); null otherwise. See <see cref="IsUnaliasedParameter"/>.
    /// </summary>
    private static IParameterSymbol? OnlyMemberAccessedParameter(IOperation? instance, IOperation body, ConnectionApi api, bool connectionTyped)
    {
        while (instance is IConversionOperation { IsImplicit: true } conversion)
            instance = conversion.Operand;
        if (instance is not IParameterReferenceOperation { Parameter: { ContainingSymbol: IMethodSymbol { MethodKind: not MethodKind.LocalFunction } } parameter }
            || api.IsConnectionType(parameter.Type) != connectionTyped)
        {
            return null;
        }

        // A constructor's initializer (: base(input)) is code of the body outside its block.
        SyntaxNode? code = body.Syntax switch
        {
            ConstructorDeclarationSyntax { Initializer: not null } => null,
            BaseMethodDeclarationSyntax method => (SyntaxNode?)method.Body ?? method.ExpressionBody,
            _ => null,
        };
        return code is not null && code.SyntaxTree.TryGetText(out var text)
            && TextSearch.IsOnlyMemberAccessed(text, code.Span, parameter.Name, connectionTyped ? SameConnectionMembers : null)
            ? parameter
            : null;
    }

    /// <summary>Whether the body is still unwalked and <paramref name="symbol"/> is the parameter it was left unwalked for.</summary>
    private bool IsDeferred(ISymbol? symbol) => _deferred is not null && SymbolEqualityComparer.Default.Equals(symbol, _deferred);

    /// <summary>Walks the body, if it was left unwalked (<see cref="BuildFor"/>), before a question its deferred parameter does not answer.</summary>
    private void EnsureBuilt()
    {
        if (_deferred is null)
            return;
        _deferred = null;
        LearnUnder(_root, depth: 0);
    }

    /// <summary>
    /// <see cref="Learn"/> on <paramref name="operation"/> and each operation under it, in preorder: a walk of its own,
    /// neither generic nor through a delegate. <see cref="OperationWalk.ForEach"/>'s generic walk, shared by reference
    /// types, looked its own instantiation up in the runtime on each recursive call: a profile of the rules' steady state
    /// put an eighth of the alias build there.
    /// </summary>
    private void LearnUnder(IOperation operation, int depth)
    {
        if (depth >= OperationWalk.MaxDepth)
        {
            foreach (var deep in OperationWalk.DescendantsAndSelf(operation))
                Learn(deep);
            return;
        }

        Learn(operation);
        foreach (var child in operation.ChildOperations)
            LearnUnder(child, depth + 1);
    }

    /// <summary>What one operation of the body says of its connections; told apart by kind, the cheapest test.</summary>
    private void Learn(IOperation operation)
    {
        switch (operation.Kind)
        {
            case OperationKind.VariableDeclarator:
                var declarator = (IVariableDeclaratorOperation)operation;
                if (declarator.GetVariableInitializer() is { } initializer && !CannotBeConnection(initializer.Value.Type) && MayHoldConnection(declarator.Symbol.Type))
                    Assign(declarator.Symbol, initializer.Value);
                // using var ssl = new SslStream(client.GetStream(), leaveInnerStreamOpen: true): the using closes the
                // wrapper, not the connection under it, which stays the caller's.
                if (IsUsingDeclared(declarator) && !IsNonOwning(declarator.Symbol) && !StandsForUnnamedConnection(declarator.Symbol))
                    AddOrigin(declarator.Symbol, ConnectionOrigin.Owned);
                break;
            case OperationKind.SimpleAssignment:
                var assignment = (ISimpleAssignmentOperation)operation;
                if (MayHoldConnection(assignment.Target.Type) && SymbolOf(assignment.Target) is { } target)
                    Assign(target, assignment.Value);
                break;
            case OperationKind.Using:
                if (SymbolOf(((IUsingOperation)operation).Resources) is { } used && !IsNonOwning(used) && !StandsForUnnamedConnection(used))
                    AddOrigin(used, ConnectionOrigin.Owned);
                break;
        }
    }

    private bool StandsForUnnamedConnection(ISymbol symbol)
    {
        EnsureBuilt();
        return _unnamedConnections is not null && _unnamedConnections.ContainsKey(symbol);
    }

    /// <summary>
    /// Whether <paramref name="operation"/> names <paramref name="connection"/>: its root is that symbol, or the symbol is a
    /// reader over a connection no symbol names and <paramref name="operation"/> is written as the stream under it, or as
    /// what the stream was taken from (<c>session.Client</c> of <c>session.Client.GetStream()</c>).
    /// </summary>
    public bool Names(IOperation? operation, ISymbol connection)
    {
        EnsureBuilt();
        if (SymbolEqualityComparer.Default.Equals(RootOf(operation), connection))
            return true;
        if (operation is not null && _learnedWrappers is not null && _learnedWrappers.ContainsKey(connection) && IsUnderLearnedWrapper(operation, connection))
            return true;
        if (operation is null || _unnamedConnections is null || !_unnamedConnections.TryGetValue(connection, out var stream))
            return false;
        var written = Values.Unwrap(operation, throughAwait: false)?.Syntax;
        var owner = stream is IInvocationOperation { TargetMethod.Name: "GetStream", Instance: { } client } ? client.Syntax : null;
        return written is not null
            && (SyntaxFactory.AreEquivalent(written, stream.Syntax) || (owner is not null && SyntaxFactory.AreEquivalent(written, owner)));
    }

    /// <summary>The symbol that stands for the connection <paramref name="operation"/> names, or null.</summary>
    /// <param name="captures">In a control flow graph, the values of flow captures.</param>
    public ISymbol? RootOf(IOperation? operation, IReadOnlyDictionary<CaptureId, IOperation>? captures = null)
    {
        for (int depth = 0; operation is not null && depth < 16; depth++)
        {
            // Told apart by kind first: a type test against an operation interface costs a cast check each.
            switch (operation.Kind)
            {
                case OperationKind.LocalReference or OperationKind.ParameterReference or OperationKind.FieldReference:
                    break;
                case OperationKind.Conversion:
                    operation = ((IConversionOperation)operation).Operand;
                    continue;
                case OperationKind.Parenthesized:
                    operation = ((IParenthesizedOperation)operation).Operand;
                    continue;
                case OperationKind.FlowCaptureReference when captures is not null && captures.TryGetValue(((IFlowCaptureReferenceOperation)operation).Id, out var captured):
                    operation = captured;
                    continue;
                case OperationKind.ConditionalAccess:
                    // client?.GetStream(): what the access gives is what its member gives, of what it tested.
                    operation = ((IConditionalAccessOperation)operation).WhenNotNull;
                    continue;
                case OperationKind.ConditionalAccessInstance when AccessedBy((IConditionalAccessInstanceOperation)operation) is { } accessed:
                    // On the operation tree, client?.Dispose() calls Dispose on what client?. tested (a graph captures it).
                    operation = accessed;
                    continue;
                // client.GetStream(), of a connection (a RecyclableMemoryStreamManager's GetStream() makes a MemoryStream).
                case OperationKind.Invocation when operation is IInvocationOperation { TargetMethod.Name: "GetStream", Instance: { } owner } && _api.MayBeConnection(owner.Type):
                    operation = owner;
                    continue;
                case OperationKind.PropertyReference when operation is IPropertyReferenceOperation { Property.Name: "Client" or "Socket", Instance: { } owner } property
                    && _api.IsIn(owner.Type, property.Property.Name == "Client" ? TypeFamily.TcpClient : TypeFamily.NetworkStream):
                    // A TcpClient's Client, a NetworkStream's Socket: the socket under the same connection.
                    operation = owner;
                    continue;
                case OperationKind.ObjectCreation when operation is IObjectCreationOperation creation && (IsStreamOverConnection(creation) || IsBufferOverConnection(creation, captures)):
                    operation = creation.Arguments[0].Value;
                    continue;
                case OperationKind.Conditional when operation is IConditionalOperation { WhenFalse: { } whenFalse } conditional && SameRoot(conditional.WhenTrue, whenFalse, captures):
                    // tls ? new SslStream(ns) : ns: either side is the same connection.
                    operation = conditional.WhenTrue;
                    continue;
                case OperationKind.Invocation when operation is IInvocationOperation { TargetMethod: { Name: "Exchange" or "CompareExchange", ContainingType.Name: "Interlocked" }, Arguments.Length: > 0 } exchange:
                    // Interlocked.Exchange(ref _socket, null)?.Dispose(): the thread-safe close of a field; the call returns what it held.
                    operation = exchange.Arguments[0].Value;
                    continue;
            }

            return SymbolOf(operation) is { } symbol ? Find(symbol) : null;
        }

        return null;
    }

    private bool SameRoot(IOperation a, IOperation b, IReadOnlyDictionary<CaptureId, IOperation>? captures) =>
        RootOf(a, captures) is { } root && SymbolEqualityComparer.Default.Equals(root, RootOf(b, captures));

    /// <summary>The value a conditional access tested for null, that <paramref name="instance"/> stands for.</summary>
    internal static IOperation? AccessedBy(IConditionalAccessInstanceOperation instance)
    {
        IOperation child = instance;
        for (var current = instance.Parent; current is not null; child = current, current = current.Parent)
        {
            if (current is IConditionalAccessOperation access && access.WhenNotNull == child)
                return access.Operation;
        }

        return null;
    }

    /// <summary>The symbol that stands for the connection <paramref name="symbol"/> names.</summary>
    public ISymbol RootOf(ISymbol symbol) => Find(symbol);

    public ConnectionOrigin OriginOf(ISymbol root)
    {
        var node = IndexOf(root);
        var origin = node >= 0 ? _nodes![node].Origin : ConnectionOrigin.HandedIn;
        if (TypeOf(root) is { } type && _api.IsConnectionType(type))
            origin |= ConnectionOrigin.Connection;
        return origin;
    }

    /// <summary>Whether the function owns the connection <paramref name="root"/> (it accepted, created or used it): it must close it.</summary>
    public bool IsOwned(ISymbol? root) => root is not null && (OriginOf(root) & ConnectionOrigin.Owned) != 0;

    /// <summary>
    /// Whether the method owns the connection a call on <paramref name="instance"/> uses: <paramref name="root"/>, its
    /// symbol among the aliases, or, with none, the socket of a completion's state read straight from it (<see cref="IsOwnedStateMember"/>).
    /// </summary>
    public bool IsOwned(ISymbol? root, IOperation? instance) => root is not null ? IsOwned(root) : IsOwnedStateMember(instance);

    /// <summary>
    /// Whether <paramref name="instance"/>, which no symbol stands for, is the socket a completion's state object carries,
    /// read straight from it (<c>state.Src.EndReceive(ar)</c>): the completion owns it, as it owns one read into a local
    /// first (see <see cref="OriginOfValue"/>).
    /// </summary>
    public bool IsOwnedStateMember(IOperation? instance)
    {
        if (Values.Unwrap(instance, throughAwait: false) is not IMemberReferenceOperation { Member: IFieldSymbol or IPropertySymbol, Instance: ILocalReferenceOperation { Local: var holder } } member)
            return false;
        EnsureBuilt();
        return _completionStates is not null && _completionStates.Contains(holder) && _api.IsConnectionType(member.Type) && !IsHandedToProjectCode(holder);
    }

    /// <summary>A stream or socket known to be a connection's: by its type, or by where it came from.</summary>
    public bool IsConnection(IOperation? operation, IReadOnlyDictionary<CaptureId, IOperation>? captures = null)
    {
        if (_api.IsConnectionType(operation?.Type))
            return true;
        var root = RootOf(operation, captures);
        return root is not null && (OriginOf(root) & ConnectionOrigin.Connection) != 0;
    }

    /// <summary>
    /// Whether <paramref name="operation"/> is a field or property of this object that its type sets, everywhere it sets
    /// it, to a connection's stream (<c>_stream = client.GetStream()</c>, <c>new SslStream(new NetworkStream(s))</c>,
    /// <c>new BufferedStream(...)</c> over one, or a parameter of a connection type): in its initializer, its constructors
    /// or a method that connects (<c>Connect() { ...; _stream = new BufferedStream(new NetworkStream(_socket)); }</c>),
    /// with <c>null</c> left out (<c>_stream = null</c> on close). If so, it counts as a connection in this body from now
    /// on. Read from the type's syntax once per member and compilation, and asked only of a member a receive reads or a
    /// try sends on.
    /// </summary>
    public bool LearnStreamSetByItsType(IOperation? operation) => LearnMemberSetByItsType(operation, TypeFamily.None) is not null;

    /// <summary>
    /// Whether <paramref name="stream"/> is a connection's stream: known so in this body (<see cref="IsConnection"/>), or
    /// learned on demand, from the calls of the local function whose parameter it is
    /// (<see cref="LearnParameterPassedConnections"/>) and, with <paramref name="orSetByItsType"/>, from its type
    /// (<see cref="LearnStreamSetByItsType"/>).
    /// </summary>
    public bool IsConnectionOrLearned(IOperation? stream, bool orSetByItsType) =>
        IsConnection(stream) || (orSetByItsType && LearnStreamSetByItsType(stream)) || LearnParameterPassedConnections(stream, reader: false) is not null;

    /// <summary>
    /// The connection the reader <paramref name="reader"/> reads: made over a connection's stream in this body
    /// (<see cref="ReaderConnection"/>), or learned on demand as <see cref="IsConnectionOrLearned"/> learns a stream
    /// (<see cref="LearnParameterPassedConnections"/>; with <paramref name="orSetByItsType"/>, <see cref="LearnReaderSetByItsType"/>).
    /// </summary>
    public ISymbol? ReaderConnectionOrLearned(IOperation? reader, bool orSetByItsType)
    {
        reader = Tested(reader);
        return ReaderConnection(reader) ?? (orSetByItsType ? LearnReaderSetByItsType(reader) : null) ?? LearnParameterPassedConnections(reader, reader: true);
    }

    /// <summary>
    /// What a call's instance stands for: on the tree, the instance of <c>reader?.ReadLine()</c> is what <c>reader?.</c>
    /// tested (a graph captures it instead).
    /// </summary>
    internal static IOperation? Tested(IOperation? instance) =>
        instance is IConditionalAccessInstanceOperation conditional && AccessedBy(conditional) is { } accessed ? accessed : instance;

    /// <summary>
    /// The reader member <paramref name="operation"/> names, when its type sets it, everywhere it sets it, to a reader
    /// made over a connection's stream (<c>reader = new StreamReader(networkStream)</c> in a constructor, from a
    /// <c>NetworkStream</c> parameter): the reader then stands for that connection in this body, handed in, and closing
    /// it closes the connection. Null otherwise. A reader made with <c>leaveOpen</c> is not followed.
    /// </summary>
    private ISymbol? LearnReaderSetByItsType(IOperation? operation) => LearnMemberSetByItsType(operation, TypeFamily.Reader);

    /// <summary>
    /// The connection the writer <paramref name="writer"/> writes to: made over a connection's stream in this body
    /// (<see cref="WriterConnection"/>), or, learned on demand, the writer member its type sets, everywhere it sets it, to
    /// a writer made over a connection's stream (<c>_writer = new StreamWriter(client.GetStream())</c> in a constructor):
    /// the writer then stands for that connection in this body, handed in, and closing it closes the connection. A writer
    /// made with <c>leaveOpen</c> is not followed.
    /// </summary>
    public ISymbol? WriterConnectionOrLearned(IOperation? writer)
    {
        writer = Tested(writer);
        return WriterConnection(writer) ?? LearnMemberSetByItsType(writer, TypeFamily.Writer);
    }

    /// <summary>
    /// Whether <paramref name="writer"/> is a writer member of another object (<c>client.Writer</c> of a <c>ChatClient
    /// client</c>, <c>sessions[id].Output</c>) that the object's type sets, everywhere it sets it, to a writer made over a
    /// connection's stream (<c>Writer = new StreamWriter(tcp.GetStream())</c> in its constructor), as
    /// <see cref="WriterConnectionOrLearned"/> learns a member of this object. No symbol of this body stands for that
    /// connection: a close is told by what the writer is reached through (<c>client.Dispose()</c>).
    /// </summary>
    public bool IsOtherObjectsConnectionWriter(IOperation? writer) =>
        Values.Unwrap(Tested(writer), throughAwait: false) is IMemberReferenceOperation { Member: IFieldSymbol or IPropertySymbol { Parameters.Length: 0 }, Instance: { } owner } reference
        && owner.Kind != OperationKind.InstanceReference
        && reference.Member is { IsStatic: false, DeclaringSyntaxReferences.IsEmpty: false } member
        && _api.IsIn(TypeOf(member), TypeFamily.Writer)
        && _api.IsSetToConnectionStream(member, IsSetToConnectionStream);

    /// <summary>
    /// The failure that <paramref name="method"/>, an instance method of a type of the compilation, lets out of a send on
    /// its own object's connection: <c>public void Push(byte[] b) =&gt; _stream.Write(b, 0, b.Length);</c> in a type that
    /// sets <c>_stream</c> only to a connection's stream (an <c>IOException</c>), or <c>_socket.Send(b)</c> on a
    /// <c>Socket</c> member (a <c>SocketException</c>). Null for any other method, and for one with a try of its own, which
    /// may handle the failure. Read from the method's syntax once per method and compilation.
    /// </summary>
    public ITypeSymbol? SendHelperFailure(IMethodSymbol method) => SendHelperFailure(_api, method, this, _root);

    /// <summary>
    /// <see cref="SendHelperFailure(IMethodSymbol)"/> before any body's aliases are built (the cheap test of a try): the
    /// answer reads only the method's type, never a body's aliases.
    /// </summary>
    public static ITypeSymbol? SendHelperFailure(ConnectionApi api, IMethodSymbol method, IOperation root) => SendHelperFailure(api, method, reader: null, root);

    private static ITypeSymbol? SendHelperFailure(ConnectionApi api, IMethodSymbol method, ConnectionAliases? reader, IOperation root)
    {
        if (method is not { IsStatic: false, MethodKind: MethodKind.Ordinary, DeclaringSyntaxReferences.Length: 1 })
            return null;
        var definition = method.OriginalDefinition;
        if (api.TryGetSendHelperFailure(definition, out var known))
            return known;

        // The type's syntax is read through an instance with no body walked: nothing of a body is asked.
        reader ??= new ConnectionAliases(api, root);
        return api.KeepSendHelperFailure(definition, reader.ComputeSendHelperFailure(definition));
    }

    private ITypeSymbol? ComputeSendHelperFailure(IMethodSymbol method)
    {
        if (method.DeclaringSyntaxReferences[0].GetSyntax() is not MethodDeclarationSyntax declaration
            || ((SyntaxNode?)declaration.Body ?? declaration.ExpressionBody) is not { } body)
        {
            return null;
        }

        foreach (var node in body.DescendantNodes())
        {
            if (node is TryStatementSyntax or AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax)
                return null;
        }

        foreach (var node in body.DescendantNodes())
        {
            if (node is not InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: var name, Expression: var receiver } } send
                || name is not ("Send" or "SendAsync" or "Write" or "WriteAsync" or "WriteLine" or "WriteLineAsync")
                || IsThrownAway(send))
            {
                continue;
            }

            // _client.GetStream().Write(...): the stream of the member.
            var owner = receiver is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "GetStream", Expression: var client }, ArgumentList.Arguments.Count: 0 }
                ? client
                : null;
            var stream = owner is not null;
            if (MemberName(owner ?? receiver) is not { } memberName)
                continue;
            foreach (var member in method.ContainingType.GetMembers(memberName))
            {
                if (member is not (IFieldSymbol or IPropertySymbol) || member.IsStatic || TypeOf(member) is not { } type)
                    continue;
                if (!stream && name is "Send" or "SendAsync" && _api.IsIn(type, TypeFamily.Socket))
                    return _api.Symbols.SocketException;
                if (stream ? _api.IsIn(type, TypeFamily.TcpClient) : _api.IsIn(type, TypeFamily.NetworkStream | TypeFamily.SslStream)
                    || ((_api.MayBeConnection(type) || _api.IsIn(type, TypeFamily.Writer)) && !stream && _api.IsSetToConnectionStream(member, IsSetToConnectionStream)))
                {
                    return _api.Symbols.IOException;
                }
            }
        }

        return null;

        // _ = _stream.WriteAsync(b): its failure goes nowhere.
        static bool IsThrownAway(InvocationExpressionSyntax send) =>
            send.Parent is AssignmentExpressionSyntax { Left: IdentifierNameSyntax { Identifier.ValueText: "_" } };
    }

    /// <summary>
    /// The parameter <paramref name="operation"/> names, when it is a stream or (with <paramref name="reader"/>) a reader
    /// parameter of a local function of this body that every call in the body passes a connection's stream, or a reader
    /// made over one (<c>Task.Run(() => ReceiveAsync(new StreamReader(client.GetStream())))</c>, then
    /// <c>async Task ReceiveAsync(StreamReader reader) { ... reader.ReadLineAsync() ... }</c>): it then stands for that
    /// connection in the local function, handed in, and closing it closes the connection. Null otherwise, and when the
    /// function is also used as a delegate, whose callers cannot be seen.
    /// </summary>
    private ISymbol? LearnParameterPassedConnections(IOperation? operation, bool reader)
    {
        if (operation is not IParameterReferenceOperation { Parameter: { ContainingSymbol: IMethodSymbol { MethodKind: MethodKind.LocalFunction } function } parameter }
            || !(reader ? _api.IsIn(parameter.Type, TypeFamily.Reader) : _api.MayBeConnection(parameter.Type)))
        {
            return null;
        }

        EnsureBuilt();

        // Asked once per parameter: each answer is a walk of the whole body.
        if (_parametersAsked is not null && _parametersAsked.TryGetValue(parameter, out var known))
            return known ? parameter : null;
        (_parametersAsked ??= new Dictionary<ISymbol, bool>(SymbolEqualityComparer.Default))[parameter] = false;

        var calls = 0;
        foreach (var candidate in OperationWalk.Descendants(_root))
        {
            if (candidate.Kind == OperationKind.MethodReference && SymbolEqualityComparer.Default.Equals(((IMethodReferenceOperation)candidate).Method.OriginalDefinition, function))
                return null;
            if (candidate.Kind != OperationKind.Invocation || !SymbolEqualityComparer.Default.Equals(((IInvocationOperation)candidate).TargetMethod.OriginalDefinition, function))
                continue;
            var passed = ArgumentFor((IInvocationOperation)candidate, parameter);
            if (passed is null || !(reader ? ReaderConnection(passed) is not null : IsConnection(passed)))
                return null;
            calls++;
        }

        if (calls == 0)
            return null;
        _parametersAsked[parameter] = true;
        return Learned(parameter, reader ? TypeFamily.Reader : TypeFamily.None);
    }

    /// <summary>The value <paramref name="call"/> passes for <paramref name="parameter"/>, or null (a default value, a params array).</summary>
    private static IOperation? ArgumentFor(IInvocationOperation call, IParameterSymbol parameter)
    {
        foreach (var argument in call.Arguments)
        {
            if (argument.Parameter?.Ordinal == parameter.Ordinal)
                return argument.ArgumentKind == ArgumentKind.Explicit ? argument.Value : null;
        }

        return null;
    }

    /// <summary>
    /// Whether <paramref name="operation"/> names, as a member of this object, the stream a reader or writer member learned
    /// from its type (<paramref name="wrapper"/>) is made over, or what that stream was taken from: <c>_stream</c> or
    /// <c>_client</c> (<c>_client.GetStream()</c> too) for <c>_reader = new StreamReader(_stream)</c>,
    /// <c>_reader = new StreamReader(_client.GetStream())</c>, or over a local set to one. Read from the type's syntax.
    /// </summary>
    private bool IsUnderLearnedWrapper(IOperation operation, ISymbol wrapper)
    {
        var unwrapped = Values.Unwrap(operation, throughAwait: false);
        if (unwrapped is IInvocationOperation { TargetMethod.Name: "GetStream", Instance: { } owner })
            unwrapped = Values.Unwrap(owner, throughAwait: false);
        if (SymbolOf(unwrapped) is not { IsStatic: false } member || member is not (IFieldSymbol or IPropertySymbol)
            || !SymbolEqualityComparer.Default.Equals(member.ContainingType, wrapper.ContainingType))
        {
            return false;
        }

        foreach (var (_, assignment) in MemberAssignments(wrapper.ContainingType))
        {
            if (MemberName(assignment.Left) == wrapper.Name
                && assignment.Right is ObjectCreationExpressionSyntax { ArgumentList.Arguments: { Count: > 0 } arguments }
                && SourceName(arguments[0].Expression, depth: 0) == member.Name)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The member a stream expression is, or is taken from: <c>_stream</c>, <c>_client</c> of <c>_client.GetStream()</c>, through a local set once.</summary>
    private static string? SourceName(ExpressionSyntax expression, int depth)
    {
        if (depth > 4)
            return null;
        if (expression is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "GetStream" } access, ArgumentList.Arguments.Count: 0 })
            return MemberName(access.Expression);
        if (expression is IdentifierNameSyntax local && InitializerOfLocal(local) is { } initial)
            return SourceName(initial, depth + 1);
        return MemberName(expression);
    }

    /// <summary>The member, a stream, a reader or a writer (by <paramref name="wrapper"/>), learned as a connection in this body; or null.</summary>
    /// <param name="wrapper">The member's family: <see cref="TypeFamily.Reader"/>, <see cref="TypeFamily.Writer"/>, or <see cref="TypeFamily.None"/> for a stream.</param>
    private ISymbol? LearnMemberSetByItsType(IOperation? operation, TypeFamily wrapper)
    {
        // Most receivers asked about are locals and parameters: answered before the body is walked.
        if (SymbolOf(operation) is not { IsStatic: false } member || member is not (IFieldSymbol or IPropertySymbol))
            return null;
        EnsureBuilt();
        if (!SymbolEqualityComparer.Default.Equals(Find(member), member)
            || !(wrapper != TypeFamily.None ? _api.IsIn(TypeOf(member), wrapper) : _api.MayBeConnection(TypeOf(member)))
            || !_api.IsSetToConnectionStream(member, IsSetToConnectionStream))
        {
            return null;
        }

        return Learned(member, wrapper);
    }

    /// <summary>
    /// Records <paramref name="symbol"/> as a connection learned on demand (a reader or writer, by <paramref name="wrapper"/>,
    /// that stands for the connection under it): from now on this build answers the rule that asked, and no other.
    /// </summary>
    private ISymbol Learned(ISymbol symbol, TypeFamily wrapper)
    {
        EnsureBuilt();
        _learned = true;
        if (wrapper != TypeFamily.None)
            (_learnedWrappers ??= new Dictionary<ISymbol, TypeFamily>(SymbolEqualityComparer.Default))[symbol] = wrapper;
        AddOrigin(symbol, ConnectionOrigin.Connection);
        return symbol;
    }

    /// <summary>
    /// The answer of <see cref="LearnStreamSetByItsType"/> (or, for a reader or writer member, <see cref="LearnReaderSetByItsType"/>
    /// and <see cref="WriterConnectionOrLearned"/>) for <paramref name="member"/>, from its type's syntax.
    /// </summary>
    private bool IsSetToConnectionStream(ISymbol member) => IsSetToConnectionStream(member, depth: 0);

    private bool IsSetToConnectionStream(ISymbol member, int depth)
    {
        var type = TypeOf(member);
        var wrapper = _api.IsIn(type, TypeFamily.Reader) ? TypeFamily.Reader : _api.IsIn(type, TypeFamily.Writer) ? TypeFamily.Writer : TypeFamily.None;
        var constructors = member.ContainingType.InstanceConstructors;
        var set = 0;
        foreach (var reference in member.DeclaringSyntaxReferences)
        {
            var initial = reference.GetSyntax() switch
            {
                VariableDeclaratorSyntax declarator => declarator.Initializer?.Value,
                PropertyDeclarationSyntax property => property.Initializer?.Value,
                _ => null,
            };
            if (initial is null || IsNull(initial))
                continue;
            if (!IsSetTo(initial, wrapper, member.ContainingType, constructors.IsEmpty ? ImmutableArray<IParameterSymbol>.Empty : constructors[0].Parameters, depth))
                return false;
            set++;
        }

        foreach (var (method, assignment) in MemberAssignments(member.ContainingType))
        {
            if (MemberName(assignment.Left) != member.Name || IsNull(assignment.Right))
                continue;
            if (!IsSetTo(assignment.Right, wrapper, member.ContainingType, method.Parameters, depth))
                return false;
            set++;
        }

        return set > 0;
    }

    /// <summary>
    /// A connection's stream, or with <paramref name="wrapper"/> a reader or writer made over one that closes it with
    /// itself (<c>leaveOpen</c> is the fifth argument of a StreamReader's constructor, the fourth of a StreamWriter's, the
    /// third of a BinaryReader's or BinaryWriter's).
    /// </summary>
    private bool IsSetTo(ExpressionSyntax value, TypeFamily wrapper, INamedTypeSymbol type, ImmutableArray<IParameterSymbol> parameters, int depth)
    {
        if (wrapper == TypeFamily.None)
            return IsConnectionStreamSyntax(value, type, parameters, depth);
        return value is ObjectCreationExpressionSyntax { ArgumentList.Arguments: { Count: > 0 } arguments } creation
            && TypeName(creation.Type) is { } name
            && (wrapper == TypeFamily.Reader ? name is "StreamReader" or "BinaryReader" : name is "StreamWriter" or "BinaryWriter")
            && !LeavesOpen(arguments, leaveOpenAt: name switch { "StreamReader" => 4, "StreamWriter" => 3, _ => 2 })
            && IsConnectionStreamSyntax(arguments[0].Expression, type, parameters, depth);
    }

    /// <summary>Whether a reader's <c>leaveOpen</c> argument, named or at its place, may be anything but <c>false</c>.</summary>
    private static bool LeavesOpen(SeparatedSyntaxList<ArgumentSyntax> arguments, int leaveOpenAt)
    {
        for (var i = 0; i < arguments.Count; i++)
        {
            var argument = arguments[i];
            var isLeaveOpen = argument.NameColon is { } name ? name.Name.Identifier.ValueText == "leaveOpen" : i == leaveOpenAt;
            if (isLeaveOpen)
                return !argument.Expression.IsKind(SyntaxKind.FalseLiteralExpression);
        }

        return false;
    }

    /// <summary>
    /// Whether <paramref name="expression"/> holds no stream: <c>null</c>, <c>default</c>, or the framework's placeholder
    /// that stands in for one until the connection is made (<c>Stream.Null</c>, <c>TextReader.Null</c>, <c>StreamWriter.Null</c>...).
    /// </summary>
    private static bool IsNull(ExpressionSyntax expression)
    {
        // null!, (null), default!: the nullable annotation's silencing changes nothing of the value.
        expression = SyntaxShapes.Unwrapped(expression, throughAwait: false);
        return expression.IsKind(SyntaxKind.NullLiteralExpression) || expression.IsKind(SyntaxKind.DefaultLiteralExpression) || expression is DefaultExpressionSyntax
            || expression is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Null", Expression: var type }
                && CloseMethods.LastName(type) is "Stream" or "TextReader" or "StreamReader" or "TextWriter" or "StreamWriter" or "BinaryWriter";
    }

    /// <summary>
    /// The simple assignments written in the methods, constructors and accessors of <paramref name="type"/>, each with the
    /// method whose parameters its names may be.
    /// </summary>
    private static IEnumerable<(IMethodSymbol Method, AssignmentExpressionSyntax Assignment)> MemberAssignments(INamedTypeSymbol type)
    {
        foreach (var candidate in type.GetMembers())
        {
            if (candidate is not IMethodSymbol { IsStatic: false } method)
                continue;
            foreach (var reference in method.DeclaringSyntaxReferences)
            {
                foreach (var node in reference.GetSyntax().DescendantNodes())
                {
                    if (node is AssignmentExpressionSyntax { RawKind: (int)SyntaxKind.SimpleAssignmentExpression } assignment)
                        yield return (method, assignment);
                }
            }
        }
    }

    /// <summary>
    /// Whether member <paramref name="stream"/> holds the stream of member <paramref name="owner"/>, as set by a
    /// constructor of their type: <c>_stream = _client.GetStream()</c>, or <c>_client = c; _stream = c.GetStream();</c>;
    /// or a reader or writer made over it (<c>_writer = new StreamWriter(c.GetStream())</c>); or as set, both, by another
    /// method of the type, read on its own (a connect helper: <c>var c = new TcpClient(); await c.ConnectAsync(...);
    /// _client = c; _stream = c.GetStream();</c>). Closing the client closes its stream. Read from the methods' syntax.
    /// </summary>
    public static bool HoldsStreamOf(ISymbol stream, ISymbol owner)
    {
        if (!SymbolEqualityComparer.Default.Equals(stream.ContainingType, owner.ContainingType) || stream.IsStatic != owner.IsStatic)
            return false;
        if (SetsStreamOf(ConstructorDeclarations(stream.ContainingType), stream, owner))
            return true;
        foreach (var member in stream.ContainingType.GetMembers())
        {
            if (member is IMethodSymbol { IsStatic: false, MethodKind: MethodKind.Ordinary } method
                && SetsStreamOf(method.DeclaringSyntaxReferences.Select(reference => reference.GetSyntax()), stream, owner))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether <paramref name="bodies"/>, read together, set <paramref name="stream"/> to <paramref name="owner"/>'s stream (see <see cref="HoldsStreamOf"/>).</summary>
    private static bool SetsStreamOf(IEnumerable<SyntaxNode> bodies, ISymbol stream, ISymbol owner)
    {
        var streamValues = new List<ExpressionSyntax>();
        var ownerSources = new List<string>();

        // What the bodies set each name to, members and their locals (var ns = c.GetStream();): a stream field may be
        // set over another (_writer = new StreamWriter(_stream); _stream = tls ? new SslStream(ns) : ns;).
        Dictionary<string, ExpressionSyntax>? values = null;
        foreach (var body in bodies)
        {
            foreach (var node in body.DescendantNodes())
            {
                switch (node)
                {
                    case AssignmentExpressionSyntax { RawKind: (int)SyntaxKind.SimpleAssignmentExpression } assignment:
                        var target = MemberName(assignment.Left);
                        if (target == stream.Name)
                            streamValues.Add(assignment.Right);
                        else if (target == owner.Name && MemberName(assignment.Right) is { } ownerSource)
                            ownerSources.Add(ownerSource);
                        if (target is not null)
                            (values ??= new Dictionary<string, ExpressionSyntax>())[target] = assignment.Right;
                        break;
                    case VariableDeclaratorSyntax { Initializer: { } initializer } declarator:
                        (values ??= new Dictionary<string, ExpressionSyntax>())[declarator.Identifier.ValueText] = initializer.Value;
                        break;
                }
            }
        }

        return streamValues.Exists(value => StreamSource(value, values, depth: 0) is { } source && (source == owner.Name || ownerSources.Contains(source)));
    }

    /// <summary>
    /// The name whose <c>GetStream()</c> <paramref name="value"/> is, or is made over (through wrappers, a conditional
    /// whose branches agree, and the names <paramref name="values"/> says the constructors set); null if none.
    /// </summary>
    private static string? StreamSource(ExpressionSyntax value, Dictionary<string, ExpressionSyntax>? values, int depth)
    {
        if (depth > 6)
            return null;
        switch (Unwrapped(value))
        {
            case ParenthesizedExpressionSyntax parenthesized:
                return StreamSource(parenthesized.Expression, values, depth + 1);
            case ConditionalExpressionSyntax conditional:
                var whenTrue = StreamSource(conditional.WhenTrue, values, depth + 1);
                return whenTrue is not null && whenTrue == StreamSource(conditional.WhenFalse, values, depth + 1) ? whenTrue : null;
            case InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "GetStream" } access }:
                return MemberName(access.Expression);
            case var named when MemberName(named) is { } name && values is not null && values.TryGetValue(name, out var set):
                return StreamSource(set, values, depth + 1);
            default:
                return null;
        }
    }

    /// <summary>
    /// What a reader, writer or stream is made over: the first argument of <c>new StreamWriter(client.GetStream())</c>,
    /// <c>new SslStream(...)</c>, through as many as are nested; the expression itself otherwise. Closing what is under it
    /// ends what is made over it.
    /// </summary>
    private static ExpressionSyntax Unwrapped(ExpressionSyntax expression)
    {
        for (var depth = 0; depth < 4 && expression is ObjectCreationExpressionSyntax { ArgumentList.Arguments: { Count: > 0 } arguments }; depth++)
            expression = arguments[0].Expression;
        return expression;
    }

    /// <summary>The declarations of the instance constructors of <paramref name="type"/> that have a body of their own (not a primary constructor's).</summary>
    private static IEnumerable<ConstructorDeclarationSyntax> ConstructorDeclarations(INamedTypeSymbol type)
    {
        foreach (var constructor in type.InstanceConstructors)
        {
            foreach (var reference in constructor.DeclaringSyntaxReferences)
            {
                if (reference.GetSyntax() is ConstructorDeclarationSyntax declaration)
                    yield return declaration;
            }
        }
    }

    private bool IsConnectionStreamSyntax(ExpressionSyntax expression, INamedTypeSymbol type, ImmutableArray<IParameterSymbol> parameters, int depth)
    {
        if (depth > 8)
            return false;
        switch (expression)
        {
            case ParenthesizedExpressionSyntax parenthesized:
                return IsConnectionStreamSyntax(parenthesized.Expression, type, parameters, depth + 1);
            case CastExpressionSyntax cast:
                return IsConnectionStreamSyntax(cast.Expression, type, parameters, depth + 1);
            case ConditionalExpressionSyntax conditional:
                return IsConnectionStreamSyntax(conditional.WhenTrue, type, parameters, depth + 1)
                    && IsConnectionStreamSyntax(conditional.WhenFalse, type, parameters, depth + 1);
            case InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "GetStream" } access, ArgumentList.Arguments.Count: 0 }:
                // var tcp = new TcpClient(); await tcp.ConnectAsync(...); _writer = new StreamWriter(tcp.GetStream()): a local
                // of the method, set once where it is declared to a client made or accepted there.
                return _api.IsConnectionType(TypeNamed(access.Expression, type, parameters))
                    || (access.Expression is IdentifierNameSyntax client && InitializerOfLocal(client) is { } made && IsClientMadeOrAccepted(made));
            case ObjectCreationExpressionSyntax { ArgumentList.Arguments: { Count: > 0 } arguments } creation:
                return TypeName(creation.Type) switch
                {
                    "NetworkStream" or "SslStream" => true,
                    "BufferedStream" => IsConnectionStreamSyntax(arguments[0].Expression, type, parameters, depth + 1),
                    _ => false,
                };
            default:
                // A parameter or member that is a connection's stream by its type: Session(NetworkStream ns) { _stream = ns; }
                var named = TypeNamed(expression, type, parameters);
                if (_api.IsIn(named, TypeFamily.NetworkStream | TypeFamily.SslStream))
                    return true;

                // A local of the same method set once, where it is declared: var ns = client.GetStream(); _reader = new StreamReader(ns);
                if (named is null && expression is IdentifierNameSyntax local && InitializerOfLocal(local) is { } initial)
                    return IsConnectionStreamSyntax(initial, type, parameters, depth + 1);

                // A Stream member that its type sets only to a connection's stream: _stream = client.GetStream(); _reader = new StreamReader(_stream);
                return named is not null && _api.MayBeConnection(named) && MemberName(expression) is { } memberName
                    && InstanceMember(type, memberName) is { } stream
                    && IsSetToConnectionStream(stream, depth + 4);
        }
    }

    /// <summary>
    /// Whether <paramref name="value"/>, as written, makes or accepts a TCP client: <c>new TcpClient(...)</c>,
    /// <c>listener.AcceptTcpClient()</c>, <c>await listener.AcceptTcpClientAsync(ct)</c> (with or without <c>ConfigureAwait</c>).
    /// </summary>
    private static bool IsClientMadeOrAccepted(ExpressionSyntax value) => SyntaxShapes.Unwrapped(value, throughAwait: true) switch
    {
        ObjectCreationExpressionSyntax creation => TypeName(creation.Type) == "TcpClient",
        InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "AcceptTcpClient" or "AcceptTcpClientAsync" or "EndAcceptTcpClient" } } => true,
        _ => false,
    };

    private static ISymbol? InstanceMember(INamedTypeSymbol type, string name)
    {
        foreach (var member in type.GetMembers(name))
        {
            if (!member.IsStatic && member is IFieldSymbol or IPropertySymbol)
                return member;
        }

        return null;
    }

    /// <summary>
    /// The initializer of the local <paramref name="name"/> names, when it is declared once in the member around it, before
    /// it, and never assigned again; null otherwise.
    /// </summary>
    private static ExpressionSyntax? InitializerOfLocal(IdentifierNameSyntax name)
    {
        var text = name.Identifier.ValueText;
        if (name.FirstAncestorOrSelf<SyntaxNode>(node => node is BaseMethodDeclarationSyntax or AccessorDeclarationSyntax or LocalFunctionStatementSyntax) is not { } member)
            return null;
        ExpressionSyntax? initial = null;
        var declarations = 0;
        foreach (var node in member.DescendantNodes())
        {
            switch (node)
            {
                case VariableDeclaratorSyntax declarator when declarator.Identifier.ValueText == text:
                    declarations++;
                    if (declarator.SpanStart < name.SpanStart)
                        initial = declarator.Initializer?.Value;
                    break;
                case AssignmentExpressionSyntax { Left: IdentifierNameSyntax assigned } when assigned.Identifier.ValueText == text:
                    return null;
            }
        }

        return declarations == 1 ? initial : null;
    }

    /// <summary>The type of the constructor parameter, or else the member of <paramref name="type"/>, that <paramref name="expression"/> names.</summary>
    private static ITypeSymbol? TypeNamed(ExpressionSyntax expression, INamedTypeSymbol type, ImmutableArray<IParameterSymbol> parameters)
    {
        var name = MemberName(expression);
        if (name is null)
            return null;
        if (expression is IdentifierNameSyntax)
        {
            foreach (var parameter in parameters)
            {
                if (parameter.Name == name)
                    return parameter.Type;
            }
        }

        foreach (var member in type.GetMembers(name))
        {
            if (TypeOf(member) is { } memberType && !member.IsStatic)
                return memberType;
        }

        return null;
    }

    private static string? TypeName(TypeSyntax type) => type switch
    {
        SimpleNameSyntax simple => simple.Identifier.ValueText,
        QualifiedNameSyntax qualified => qualified.Right.Identifier.ValueText,
        AliasQualifiedNameSyntax aliased => aliased.Name.Identifier.ValueText,
        _ => null,
    };

    /// <summary>The name in <c>name</c> or <c>this.name</c>.</summary>
    internal static string? MemberName(ExpressionSyntax expression) => expression switch
    {
        IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
        MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax, Name: var name } => name.Identifier.ValueText,
        _ => null,
    };

    /// <summary>The connection a <c>TextWriter</c> or <c>BinaryWriter</c> writes to, when it was made over a connection's stream.</summary>
    public ISymbol? WriterConnection(IOperation? writer, IReadOnlyDictionary<CaptureId, IOperation>? captures = null)
    {
        EnsureBuilt();
        return writer is null ? null : ConnectionUnder(Unwrap(writer), TypeFamily.Writer, _writerStreams, captures);
    }

    /// <summary>The connection a <c>TextReader</c> or <c>BinaryReader</c> reads from, when it was made over a connection's stream.</summary>
    public ISymbol? ReaderConnection(IOperation? reader, IReadOnlyDictionary<CaptureId, IOperation>? captures = null)
    {
        EnsureBuilt();
        return reader is null ? null : ConnectionUnder(UnwrapCaptured(reader, captures), TypeFamily.Reader, _readerStreams, captures);
    }

    /// <summary>
    /// The connection that closing the reader or writer <paramref name="wrapper"/> closes: the one under it, unless it
    /// was made with <c>leaveOpen: true</c>.
    /// </summary>
    public ISymbol? ConnectionClosedThrough(IOperation? wrapper, IReadOnlyDictionary<CaptureId, IOperation>? captures = null)
    {
        if (wrapper is null)
            return null;

        // _writer?.Dispose(): on the tree the call's instance stands for what the access tested.
        var unwrapped = UnwrapCaptured(Tested(wrapper) ?? wrapper, captures);
        if (unwrapped is IObjectCreationOperation creation)
            return LeavesOpen(creation) ? null : ReaderConnection(creation, captures) ?? WriterConnection(creation, captures);
        return SymbolOf(unwrapped) is { } symbol ? ConnectionClosedThrough(symbol, captures) : null;
    }

    /// <inheritdoc cref="ConnectionClosedThrough(IOperation?, IReadOnlyDictionary{CaptureId, IOperation}?)"/>
    public ISymbol? ConnectionClosedThrough(ISymbol wrapper, IReadOnlyDictionary<CaptureId, IOperation>? captures = null)
    {
        // A wrapper is a symbol assigned one, or a member or local function parameter learned as one: never the deferred parameter.
        if (IsDeferred(wrapper))
            return null;
        EnsureBuilt();
        if (_learnedWrappers is not null && _learnedWrappers.ContainsKey(wrapper))
            return wrapper;
        var stream = _readerStreams is not null && _readerStreams.TryGetValue(wrapper, out var read) ? read
            : _writerStreams is not null && _writerStreams.TryGetValue(wrapper, out var written) ? written
            : null;

        // The stream kept is the creation's first argument: the creation is two parents up.
        if (stream is null || stream.Parent?.Parent is IObjectCreationOperation creation && LeavesOpen(creation))
            return null;
        return IsConnection(stream, captures) ? RootOf(stream, captures) : null;
    }

    /// <summary><c>new StreamReader(stream, encoding, true, 1024, leaveOpen: true)</c>: disposing the reader or writer leaves the stream open.</summary>
    private static bool LeavesOpen(IObjectCreationOperation creation)
    {
        foreach (var argument in creation.Arguments)
        {
            if (argument.Parameter?.Name == "leaveOpen")
                return argument.Value.ConstantValue is not { HasValue: true, Value: false };
        }

        return false;
    }

    /// <summary>
    /// The connection under a reader or writer (<paramref name="family"/>): the stream it is made over here, or the one
    /// the local or field that holds it was made over (<paramref name="madeOver"/>), when that stream is a connection's.
    /// </summary>
    /// <remarks>Its callers have walked the body (<see cref="EnsureBuilt"/>) before they read <paramref name="madeOver"/>.</remarks>
    private ISymbol? ConnectionUnder(IOperation wrapper, TypeFamily family, Dictionary<ISymbol, IOperation>? madeOver, IReadOnlyDictionary<CaptureId, IOperation>? captures)
    {
        if (_learnedWrappers is not null && SymbolOf(wrapper) is { } learned && _learnedWrappers.TryGetValue(learned, out var learnedFamily) && learnedFamily == family)
            return learned;
        var stream = wrapper switch
        {
            IObjectCreationOperation creation when IsOverStream(creation, family) => creation.Arguments[0].Value,
            var other => madeOver is not null && SymbolOf(other) is { } symbol && madeOver.TryGetValue(symbol, out var made) ? made : null,
        };
        return stream is not null && IsConnection(stream, captures) ? RootOf(stream, captures) : null;
    }

    private void Assign(ISymbol target, IOperation value)
    {
        value = Unwrap(value);
        if (value is IObjectCreationOperation wrapper && IsNonOwningWrapper(wrapper))
            (_nonOwning ??= new HashSet<ISymbol>(SymbolEqualityComparer.Default)).Add(target);

        // Stream stream = tls ? new SslStream(client.GetStream()) : client.GetStream(): both sides the same connection's.
        if (value is IConditionalOperation { WhenFalse: { } whenFalse } conditional && SameRoot(conditional.WhenTrue, whenFalse, captures: null))
        {
            Assign(target, conditional.WhenTrue);
            Assign(target, whenFalse);
            return;
        }

        if (value is IObjectCreationOperation writer && IsOverStream(writer, TypeFamily.Writer))
        {
            (_writerStreams ??= NewMap<IOperation>())[target] = writer.Arguments[0].Value;
            return;
        }

        if (value is IObjectCreationOperation reader && IsOverStream(reader, TypeFamily.Reader))
        {
            var stream = reader.Arguments[0].Value;
            (_readerStreams ??= NewMap<IOperation>())[target] = stream;

            // new StreamReader(session.Client.GetStream()): a connection's stream that no symbol of the body names. The
            // reader stands for the connection, as a reader learned from its type does (closing it closes the stream).
            if (!LeavesOpen(reader) && RootOf(stream) is null && Unwrap(stream) is var unwrapped && IsConnection(unwrapped))
            {
                (_learnedWrappers ??= new Dictionary<ISymbol, TypeFamily>(SymbolEqualityComparer.Default))[target] = TypeFamily.Reader;
                (_unnamedConnections ??= NewMap<IOperation>())[target] = unwrapped;
                AddOrigin(target, ConnectionOrigin.Connection);
            }

            return;
        }

        if (RootOf(value) is { } source && !SymbolEqualityComparer.Default.Equals(source, Find(target)))
        {
            // A stream taken from a connection (GetStream, new NetworkStream/SslStream over it) is that connection.
            var taken = value is IConditionalAccessOperation access ? access.WhenNotNull : value;
            var throughConnection = taken is IInvocationOperation { TargetMethod.Name: "GetStream" } || value is IObjectCreationOperation;
            Union(target, source);
            if (throughConnection)
                AddOrigin(target, ConnectionOrigin.Connection);
            return;
        }

        // Only a local is owned by its method; a field's connection belongs to its object.
        var origin = OriginOfValue(value);
        if (target is ILocalSymbol && origin != ConnectionOrigin.HandedIn)
            AddOrigin(target, origin);
        else if ((origin & ConnectionOrigin.Connection) != 0)
            AddOrigin(target, ConnectionOrigin.Connection);

        if (target is ILocalSymbol && IsCompletionState(value) && !_api.IsConnectionType(TypeOf(target)))
            (_completionStates ??= new HashSet<ISymbol>(SymbolEqualityComparer.Default)).Add(target);
    }

    /// <remarks>Asked only while the body is walked (from <see cref="Assign"/>): its read of the completion states needs no <see cref="EnsureBuilt"/>.</remarks>
    private ConnectionOrigin OriginOfValue(IOperation value)
    {
        switch (value)
        {
            case IInvocationOperation invocation when _api.Classify(invocation.TargetMethod, out _) == ConnectionMemberKind.Accept:
                return ConnectionOrigin.Owned | ConnectionOrigin.Accepted | ConnectionOrigin.Connection;
            case IObjectCreationOperation creation when _api.IsConnectionType(creation.Type):
                return ConnectionOrigin.Owned | ConnectionOrigin.Connection | (IsDatagramSocket(creation) ? ConnectionOrigin.Datagram : 0);
            case IPropertyReferenceOperation { Property.Name: "AsyncState" }:
                // An APM completion: the socket passed as state comes back to this callback alone.
                return ConnectionOrigin.Owned;
            case IPropertyReferenceOperation { Property.Name: "AcceptSocket" } acceptSocket
                when SymbolEqualityComparer.Default.Equals(acceptSocket.Property.ContainingType, _api.Symbols.SocketAsyncEventArgs):
                return ConnectionOrigin.Owned | ConnectionOrigin.Accepted | ConnectionOrigin.Connection;
            case IPropertyReferenceOperation { Property.Name: "UserToken" } userToken
                when SymbolEqualityComparer.Default.Equals(userToken.Property.ContainingType, _api.Symbols.SocketAsyncEventArgs):
                return ConnectionOrigin.Owned;
            case IMemberReferenceOperation { Member: IFieldSymbol or IPropertySymbol, Instance: ILocalReferenceOperation { Local: var holder } } member
                when _completionStates is not null && _completionStates.Contains(holder) && _api.IsConnectionType(member.Type) && !IsHandedToProjectCode(holder):
                // The socket a completion's state object carries (Socket handler = state.workSocket;, the documentation's
                // APM server): the completion owns it as it owns a socket passed as the state itself. Not when the state
                // goes to a method of the project, which may close it there.
                return ConnectionOrigin.Owned | ConnectionOrigin.Connection;
            default:
                return ConnectionOrigin.HandedIn;
        }
    }

    /// <summary>
    /// A completion's state: <c>IAsyncResult.AsyncState</c> of an APM callback (not a task's, in a continuation), or a
    /// <c>SocketAsyncEventArgs</c>' <c>UserToken</c>.
    /// </summary>
    private bool IsCompletionState(IOperation value) => value switch
    {
        IPropertyReferenceOperation { Property: { Name: "AsyncState", ContainingType: { Name: "IAsyncResult", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } } } } => true,
        IPropertyReferenceOperation { Property.Name: "UserToken" } userToken => SymbolEqualityComparer.Default.Equals(userToken.Property.ContainingType, _api.Symbols.SocketAsyncEventArgs),
        _ => false,
    };

    /// <summary>
    /// Whether the body hands the state <paramref name="local"/>, or a local copied from it (<c>var st = state;</c>), to
    /// code of the project: an argument of a method or constructor declared in the project (<c>CloseClient(state)</c>),
    /// or the object such a method is called on (<c>state.Close()</c>). That code may close the socket it carries.
    /// </summary>
    private bool IsHandedToProjectCode(ISymbol local)
    {
        var states = new HashSet<ISymbol>(SymbolEqualityComparer.Default) { local };
        foreach (var operation in OperationWalk.Descendants(_root))
        {
            var copied = operation switch
            {
                IVariableDeclaratorOperation declarator when declarator.GetVariableInitializer()?.Value is { } initial && IsStateReference(initial, states) => declarator.Symbol,
                ISimpleAssignmentOperation { Target: ILocalReferenceOperation target, Value: var assigned } when IsStateReference(assigned, states) => target.Local,
                _ => null,
            };
            if (copied is not null)
                states.Add(copied);
        }

        foreach (var operation in OperationWalk.Descendants(_root))
        {
            var method = operation switch
            {
                IArgumentOperation { Parent: IInvocationOperation invocation } argument when IsStateReference(argument.Value, states) => invocation.TargetMethod,
                IArgumentOperation { Parent: IObjectCreationOperation creation } argument when IsStateReference(argument.Value, states) => creation.Constructor,
                // state.Renew(): a method of the state's own that closes nothing of its own does not close its socket.
                IInvocationOperation { Instance: { } instance } invocation when IsStateReference(instance, states)
                    && _api.CloseMethods.ClosesSomethingOfItsOwn(invocation.TargetMethod) => invocation.TargetMethod,
                _ => null,
            };
            if (method is { DeclaringSyntaxReferences.IsEmpty: false })
                return true;
        }

        return false;
    }

    private static bool IsStateReference(IOperation value, HashSet<ISymbol> states) =>
        Values.Unwrap(value, throughAwait: false) is ILocalReferenceOperation reference && states.Contains(reference.Local);

    /// <summary>
    /// Whether closing <paramref name="instance"/> closes what it names: false for a wrapper that does not own the
    /// connection under it (a local or field that holds one, or the creation itself).
    /// </summary>
    public bool ClosesThrough(IOperation? instance, IReadOnlyDictionary<CaptureId, IOperation>? captures = null)
    {
        for (int depth = 0; instance is not null && depth < 8; depth++)
        {
            switch (instance)
            {
                case IConversionOperation or IParenthesizedOperation:
                    instance = Values.Unwrap(instance, throughAwait: false);
                    continue;
                case IFlowCaptureReferenceOperation reference when captures is not null && captures.TryGetValue(reference.Id, out var captured):
                    instance = captured;
                    continue;
                case IObjectCreationOperation creation:
                    return !IsNonOwningWrapper(creation);
            }

            return SymbolOf(instance) is not { } symbol || !IsNonOwning(symbol);
        }

        return true;
    }

    /// <summary>Whether <paramref name="symbol"/> holds a wrapper that does not own the connection under it.</summary>
    public bool IsNonOwning(ISymbol symbol)
    {
        // Only a symbol assigned a wrapper is one; nothing in the body assigns the deferred parameter.
        if (IsDeferred(symbol))
            return false;
        EnsureBuilt();
        return _nonOwning is not null && _nonOwning.Contains(symbol);
    }

    /// <summary>
    /// <paramref name="socket"/> is the first argument of <c>new NetworkStream(socket, ownsSocket: true)</c> (or
    /// <c>(socket, access, true)</c>): closing the stream closes the socket.
    /// </summary>
    public static bool IsTakenByOwningStream(IOperation socket) =>
        socket.Parent is IArgumentOperation { Parent: IObjectCreationOperation { Type: { Name: "NetworkStream", ContainingNamespace.Name: "Sockets" } } creation } argument
        && creation.Arguments[0] == argument
        && OwnsSocketArgument(creation)?.ConstantValue is { HasValue: true, Value: true };

    /// <summary>The value given for a NetworkStream constructor's <c>ownsSocket</c>, or null for a constructor without it.</summary>
    private static IOperation? OwnsSocketArgument(IObjectCreationOperation creation)
    {
        foreach (var argument in creation.Arguments)
        {
            if (argument.Parameter?.Name == "ownsSocket")
                return argument.Value;
        }

        return null;
    }

    /// <summary><c>new NetworkStream(socket)</c> or <c>(socket, access)</c> (ownsSocket false), or with ownsSocket false; <c>new SslStream(inner, true, ...)</c>.</summary>
    private bool IsNonOwningWrapper(IObjectCreationOperation creation)
    {
        if (creation.Constructor is not { } constructor)
            return false;
        if (_api.IsIn(creation.Type, TypeFamily.NetworkStream))
        {
            // The (Socket) and (Socket, FileAccess) constructors do not own the socket.
            return OwnsSocketArgument(creation) is { } owns ? owns.ConstantValue is { HasValue: true, Value: false } : constructor.Parameters.Length > 0;
        }

        if (_api.IsIn(creation.Type, TypeFamily.SslStream))
        {
            foreach (var argument in creation.Arguments)
            {
                if (argument.Parameter?.Name == "leaveInnerStreamOpen")
                    return argument.Value.ConstantValue is { HasValue: true, Value: true };
            }
        }

        return false;
    }

    private bool IsStreamOverConnection(IObjectCreationOperation creation) =>
        creation.Arguments.Length > 0
        && _api.IsIn(creation.Type, TypeFamily.NetworkStream | TypeFamily.SslStream);

    /// <summary>
    /// <c>new BufferedStream(client.GetStream(), 8192)</c>: a buffer over a stream known to be a connection's is that
    /// connection's stream (its writes fail, and its reads return 0, as the connection's do). One over a file, a
    /// MemoryStream or a stream of unknown origin is not.
    /// </summary>
    private bool IsBufferOverConnection(IObjectCreationOperation creation, IReadOnlyDictionary<CaptureId, IOperation>? captures) =>
        creation.Arguments.Length > 0
        && _api.IsIn(creation.Type, TypeFamily.BufferedStream)
        && IsConnection(creation.Arguments[0].Value, captures);

    /// <summary>A reader or writer (<paramref name="family"/>) made over a stream: <c>new StreamReader(ns)</c>, <c>new BinaryWriter(ns)</c>.</summary>
    private bool IsOverStream(IObjectCreationOperation creation, TypeFamily family) =>
        creation.Arguments.Length > 0
        && _api.IsIn(creation.Type, family)
        && _api.IsIn(creation.Arguments[0].Value.Type, TypeFamily.Stream);

    private bool IsDatagramSocket(IObjectCreationOperation creation)
    {
        var family = _api.FamilyOf(creation.Type);
        if ((family & (TypeFamily.UdpClient | TypeFamily.Socket)) == 0)
            return false;
        if ((family & TypeFamily.UdpClient) != 0)
            return true;
        foreach (var argument in creation.Arguments)
        {
            if (argument.Value is IFieldReferenceOperation { Field.Name: "Dgram" or "Udp" })
                return true;
        }

        return false;
    }

    private static IOperation Unwrap(IOperation operation) => Values.Unwrap(operation, throughAwait: true)!;

    /// <summary><see cref="Unwrap"/>, and in a graph through the flow capture it reads.</summary>
    private static IOperation UnwrapCaptured(IOperation operation, IReadOnlyDictionary<CaptureId, IOperation>? captures)
    {
        var unwrapped = Unwrap(operation);
        return unwrapped is IFlowCaptureReferenceOperation reference && captures is not null && captures.TryGetValue(reference.Id, out var captured)
            ? Unwrap(captured)
            : unwrapped;
    }

    /// <summary>
    /// A connection, its stream, a writer over it or the object that carries one is a class: a count, a flag or any
    /// other struct never is, nor a string, an array (the buffers), a delegate, or a library class that is none of
    /// those and has no type argument that is (a <c>StringBuilder</c>, a <c>List&lt;byte&gt;</c>); and most of a
    /// body's locals are those. A <c>Task&lt;Socket&gt;</c>, <c>object</c>, an interface or a class of the project's
    /// own may hold one.
    /// </summary>
    private bool MayHoldConnection(ITypeSymbol? type) =>
        type is null
        || type.TypeKind is TypeKind.TypeParameter or TypeKind.Interface or TypeKind.Error or TypeKind.Dynamic
        || _api.FamilyOf(type) != TypeFamily.None;

    /// <summary>
    /// A value no connection can be: a value type, an array, a string (a buffer, a count, a message: most of a socket
    /// body's locals). Read off the value, which the walk holds, before the local's own type: the local and its type
    /// symbol are memory the walk would otherwise touch only for this.
    /// </summary>
    private static bool CannotBeConnection(ITypeSymbol? type) =>
        type is not null && (type.IsValueType || type.TypeKind == TypeKind.Array || type.SpecialType == SpecialType.System_String);

    private static bool IsUsingDeclared(IVariableDeclaratorOperation declarator) =>
        declarator.Parent?.Parent?.Parent?.Kind is OperationKind.UsingDeclaration or OperationKind.Using;

    internal static ISymbol? SymbolOf(IOperation? operation) => operation?.Kind switch
    {
        OperationKind.LocalReference => ((ILocalReferenceOperation)operation).Local,
        OperationKind.ParameterReference => ((IParameterReferenceOperation)operation).Parameter,
        OperationKind.FieldReference when operation is IFieldReferenceOperation { Instance: null or IInstanceReferenceOperation } field => field.Field,
        OperationKind.PropertyReference when operation is IPropertyReferenceOperation { Instance: null or IInstanceReferenceOperation, Property.Parameters.Length: 0 } property => property.Property,
        OperationKind.Conversion => SymbolOf(((IConversionOperation)operation).Operand),
        _ => null,
    };

    /// <summary>The type of a local, parameter, field or property; null for any other symbol.</summary>
    internal static ITypeSymbol? TypeOf(ISymbol symbol) => symbol switch
    {
        ILocalSymbol local => local.Type,
        IParameterSymbol parameter => parameter.Type,
        IFieldSymbol field => field.Type,
        IPropertySymbol property => property.Type,
        _ => null,
    };

    private static Dictionary<ISymbol, T> NewMap<T>() => new(SymbolEqualityComparer.Default);

    private ISymbol Find(ISymbol symbol)
    {
        // Unwalked: the deferred parameter is a root of its own, and so is a symbol of a type no connection can be held
        // in (a buffer, a count, a string): the walk sets a parent only for a symbol it assigns a connection to.
        if (_deferred is not null && !SymbolEqualityComparer.Default.Equals(symbol, _deferred))
        {
            if (!MayHoldConnection(TypeOf(symbol)))
                return symbol;
            EnsureBuilt();
        }

        for (var node = IndexOf(symbol); node >= 0 && _nodes![node].Parent is { } parent; node = IndexOf(parent))
            symbol = parent;
        return symbol;
    }

    private void Union(ISymbol a, ISymbol b)
    {
        var rootA = Find(a);
        var rootB = Find(b);
        if (SymbolEqualityComparer.Default.Equals(rootA, rootB))
            return;
        var nodeA = NodeOf(rootA);
        _nodes![nodeA].Parent = rootB;
        if (_nodes[nodeA].Origin != ConnectionOrigin.HandedIn)
            AddOrigin(rootB, _nodes[nodeA].Origin);
        if (TypeOf(rootA) is { } type && _api.IsConnectionType(type))
            AddOrigin(rootB, ConnectionOrigin.Connection);
    }

    private void AddOrigin(ISymbol symbol, ConnectionOrigin origin)
    {
        var node = NodeOf(Find(symbol));
        _nodes![node].Origin |= origin;
    }

    /// <summary>Where <paramref name="symbol"/> is in <see cref="_nodes"/>, or -1.</summary>
    private int IndexOf(ISymbol symbol)
    {
        // Unwalked: the deferred parameter has no node (nothing in the body touches it); anything else may have one.
        if (_deferred is not null)
        {
            if (SymbolEqualityComparer.Default.Equals(symbol, _deferred))
                return -1;
            EnsureBuilt();
        }

        if (_index is not null)
            return _index.TryGetValue(symbol, out var indexed) ? indexed : -1;
        for (var i = 0; i < _nodeCount; i++)
        {
            if (SymbolEqualityComparer.Default.Equals(_nodes![i].Symbol, symbol))
                return i;
        }

        return -1;
    }

    /// <summary>Where <paramref name="symbol"/> is in <see cref="_nodes"/>, added (a root of its own, handed in) if it was not.</summary>
    private int NodeOf(ISymbol symbol)
    {
        var node = IndexOf(symbol);
        if (node >= 0)
            return node;

        if (_nodes is null)
            _nodes = new Node[4];
        else if (_nodeCount == _nodes.Length)
            Array.Resize(ref _nodes, _nodeCount * 2);
        node = _nodeCount++;
        _nodes[node] = new Node(symbol);
        if (_index is not null)
        {
            _index[symbol] = node;
        }
        else if (_nodeCount > IndexedPast)
        {
            _index = NewMap<int>();
            for (var i = 0; i < _nodeCount; i++)
                _index[_nodes[i].Symbol] = i;
        }

        return node;
    }

    private struct Node
    {
        public Node(ISymbol symbol) => (Symbol, Parent, Origin) = (symbol, null, ConnectionOrigin.HandedIn);

        public ISymbol Symbol;
        public ISymbol? Parent;
        public ConnectionOrigin Origin;
    }
}
