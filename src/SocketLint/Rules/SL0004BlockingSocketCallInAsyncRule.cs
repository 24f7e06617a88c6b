using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using SocketLint.Connections;

namespace SocketLint.Rules;

/// <summary>
/// SL0004: a blocking socket call, or a synchronous wait on a socket task, inside async code.
/// </summary>
public sealed class SL0004BlockingSocketCallInAsyncRule
{
    /// <summary>Diagnostic property: the async member a fix awaits instead (absent when there is none).</summary>
    public const string CounterpartProperty = "Counterpart";

    /// <summary>
    /// Diagnostic property: present when the diagnostic is a synchronous wait on a task; its value names the wait
    /// (<c>Result</c>, <c>Wait()</c>, <c>GetAwaiter().GetResult()</c>, <see cref="WaitAllValue"/>, <see cref="WaitAnyValue"/>).
    /// </summary>
    public const string SyncWaitProperty = "SyncWait";

    /// <summary>
    /// Diagnostic property: present when the diagnostic is a reader's <c>EndOfStream</c> test, which a fix can fold into
    /// the awaited read of a loop's first line (<c>while (await reader.ReadLineAsync() is { } line)</c>).
    /// </summary>
    public const string EndOfStreamProperty = "EndOfStream";

    private static readonly ImmutableDictionary<string, string?> EndOfStreamProperties = ImmutableDictionary<string, string?>.Empty.Add(EndOfStreamProperty, "true");

    /// <summary><see cref="SyncWaitProperty"/> of a <c>Task.WaitAll</c> call.</summary>
    public const string WaitAllValue = "Task.WaitAll";

    /// <summary><see cref="SyncWaitProperty"/> of a <c>Task.WaitAny</c> call.</summary>
    public const string WaitAnyValue = "Task.WaitAny";

    private readonly BlockingCalls _blockingCalls;
    private readonly SyncWaits _syncWaits;
    private readonly ConnectionApi _api;

    internal SL0004BlockingSocketCallInAsyncRule(ConnectionApi api)
    {
        _api = api;
        var symbols = api.Symbols;
        _blockingCalls = BlockingCalls.For(symbols);
        _syncWaits = new SyncWaits(symbols, invocation => IsConnectionStream(invocation) || IsConnectionReader(invocation));
        foreach (var member in symbols.StreamReader?.GetMembers(EndOfStreamName) ?? ImmutableArray<ISymbol>.Empty)
            EndOfStream ??= member as IPropertySymbol;
    }

    private const string EndOfStreamName = "EndOfStream";

    /// <summary>
    /// <c>StreamReader.EndOfStream</c>, or null where the references have none: a property read that, with the reader's
    /// buffer empty, reads the stream under it to answer, and over a connection waits for the peer's next bytes.
    /// </summary>
    internal IPropertySymbol? EndOfStream { get; }

    /// <summary>
    /// <c>while (!reader.EndOfStream)</c> in async code over a connection's reader: each test after the buffered lines are
    /// used up is a blocking read of the network, however the loop then reads its lines (<c>await reader.ReadLineAsync()</c>
    /// does not help: the test has waited first). Found from where the file's text says EndOfStream
    /// (<paramref name="positions"/>, in order), in the member's blocks. A property has no async counterpart: the advice
    /// says what to test instead, and the fix does so where the loop's first statement awaits the line.
    /// </summary>
    internal void AnalyzeEndOfStreamReads(OperationBlockAnalysisContext context, int[] positions)
    {
        foreach (var block in context.OperationBlocks)
        {
            var span = block.Syntax.FullSpan;
            for (var i = WordPositions.FirstAtOrAfter(positions, span.Start); i < positions.Length && positions[i] < span.End; i++)
            {
                if (NamedAt.Find(block, positions[i], OperationKind.PropertyReference) is not IPropertyReferenceOperation read
                    || !SymbolEqualityComparer.Default.Equals(read.Property.OriginalDefinition, EndOfStream)
                    || read.Instance is not { } reader
                    || read.Syntax.ContainsDiagnostics
                    || !AsyncContext.IsInAsyncCode(read, context.OwningSymbol))
                {
                    continue;
                }

                // reader?.EndOfStream: the report spans what the conditional access tested too (the reader lookup reads
                // the property's instance as that).
                var start = ConnectionAliases.Tested(reader)!.Syntax.SpanStart;

                var aliases = FlowGraphs.AliasesAround(read, _api);
                if (aliases.ReaderConnectionOrLearned(reader, orSetByItsType: true) is { } connection
                    && (aliases.OriginOf(connection) & ConnectionOrigin.Datagram) == 0)
                {
                    context.ReportOutsideGeneratedCode(Diagnostic.Create(
                        Descriptors.SL0004BlockingSocketCallInAsync,
                        Location.Create(read.Syntax.SyntaxTree, Microsoft.CodeAnalysis.Text.TextSpan.FromBounds(start, read.Syntax.Span.End)),
                        EndOfStreamProperties,
                        "StreamReader.EndOfStream",
                        "it reads the connection when the reader's buffer is empty: await 'ReadLineAsync' and stop at its null instead"));
                }
            }
        }
    }

    /// <summary>A call, whose method's <paramref name="name"/> the caller has read.</summary>
    internal void AnalyzeInvocation(in OperationAnalysisContext context, IInvocationOperation invocation, string name)
    {
        // Every question below starts from the name: read once, since each read goes through the symbol's wrappers. A
        // socket task comes from an ...Async method, and no blocking call or wait is named so: such a call is asked only
        // about its task's Result.
        if (name.EndsWith("Async", System.StringComparison.Ordinal))
        {
            AnalyzeTaskResult(context, invocation, name);
            return;
        }

        // Most other calls of a code base are told apart by the name's first character and length, with no lookup; the
        // few that share a socket member's shape by the name itself.
        if (!_blockingCalls.IsCallOrWaitName(name))
            return;
        var method = invocation.TargetMethod;
        if (_blockingCalls.Find(method, name) is { } call)
        {
            if (name is "Poll" or "Select" && IsZeroTimeout(invocation))
                return;
            if (!AsyncContext.IsInAsyncCode(invocation, context.ContainingSymbol))
                return;

            // A Stream typed as such, or a reader, blocks on the network when the body's aliases know it for a
            // connection's (Stream s = client.GetStream(); new StreamReader(client.GetStream())). The questions below
            // share one alias build of the body (ConnectionAliases.Build gives the last body's build back).
            if (call.NeedsNetworkStreamReceiver && !IsConnectionStream(invocation) && !(name == "CopyTo" && CopiesToAConnection(invocation)))
                return;
            if (call.NeedsConnectionReader && !IsConnectionReader(invocation))
                return;
            if (call.WriterSend != WriterSend.None && !IsConnectionWriterThatSends(invocation, call.WriterSend))
                return;
            if (!IsDatagramConnectToAddress(invocation, name) && !ReadsBufferedData(invocation, name) && !AcceptsAPendingConnection(invocation, name)
                && !CallsANonBlockingSocket(invocation, name))
            {
                ReportBlockingCall(context, invocation, method, call);
            }
            return;
        }

        var kind = _syncWaits.KindOf(method, name);

        // A wait with a zero timeout (t.Wait(0), Task.WaitAll(tasks, TimeSpan.Zero)) only asks whether the tasks are
        // done, as Poll(0) asks of a socket: it returns at once.
        if (kind is SyncWaitKind.Wait or SyncWaitKind.WaitForTasks && IsZeroTimeout(invocation))
            return;
        switch (kind)
        {
            case SyncWaitKind.Wait:
                ReportSyncWait(context, invocation, invocation.Instance, "Wait()");
                return;
            case SyncWaitKind.GetResult:
                if (SyncWaits.UnwrapTask(invocation.Instance) is IInvocationOperation { TargetMethod.Name: "GetAwaiter" } getAwaiter)
                    ReportSyncWait(context, invocation, getAwaiter.Instance, "GetAwaiter().GetResult()");
                return;
            case SyncWaitKind.WaitForTasks:
                ReportWaitForTasks(context, invocation);
                return;
        }
    }

    /// <summary>A call to an ...Async method: the <c>.Result</c> read on the socket task it returns, if any.</summary>
    private void AnalyzeTaskResult(in OperationAnalysisContext context, IInvocationOperation invocation, string name)
    {
        // Most tasks are awaited where they are made: then there is no Result to look at, and neither the call's type nor
        // its surroundings are asked about.
        if (invocation.Parent is { Kind: OperationKind.Await })
            return;
        if (SyncWaits.MayReturnTaskOfResult(invocation, name))
        {
            // A task kept or waited for is looked at only when something reads its Result.
            var result = _syncWaits.ResultOn(invocation, out var local);
            if ((result is null && local is null) || !_syncWaits.IsSocketApi(invocation))
                return;
            if (result is not null)
            {
                ReportSyncWait(context, result, result.Instance, "Result");
            }
            else if (local is not null)
            {
                foreach (var read in _syncWaits.ResultsThrough(invocation, local))
                    ReportSyncWait(context, read, read.Instance, "Result");
            }
        }
    }

    internal void AnalyzeObjectCreation(OperationAnalysisContext context)
    {
        var creation = (IObjectCreationOperation)context.Operation;
        if (_blockingCalls.MayConstruct(creation.Type)
            && creation.Constructor is { } constructor
            && _blockingCalls.Find(constructor) is { } call
            && AsyncContext.IsInAsyncCode(creation, context.ContainingSymbol))
        {
            ReportBlockingCall(context, creation, constructor, call);
        }
    }

    private void ReportSyncWait(OperationAnalysisContext context, IOperation wait, IOperation? task, string waitName)
    {
        if (!AsyncContext.IsInAsyncCode(wait, context.ContainingSymbol))
            return;
        var socketCall = _syncWaits.FindPendingSocketTask(task, wait);
        if (socketCall is null)
            return;

        ReportWait(context, wait, waitName, $"{socketCall.TargetMethod.ContainingType.Name}.{socketCall.TargetMethod.Name}(...).{waitName}", "await the task instead");
    }

    /// <summary>
    /// <c>Task.WaitAll</c>/<c>WaitAny</c> over tasks one of which is a socket task still running: one diagnostic for
    /// the call, naming the first such socket call, however many of its tasks are socket tasks.
    /// </summary>
    private void ReportWaitForTasks(OperationAnalysisContext context, IInvocationOperation wait)
    {
        if (!AsyncContext.IsInAsyncCode(wait, context.ContainingSymbol))
            return;
        var socketCall = _syncWaits.FindPendingSocketTaskAmong(wait);
        if (socketCall is null)
            return;

        var (waitName, counterpart) = wait.TargetMethod.Name == "WaitAll"
            ? (WaitAllValue, "Task.WhenAll")
            : (WaitAnyValue, "Task.WhenAny");
        ReportWait(context, wait, waitName, $"{waitName}(...) on {socketCall.TargetMethod.ContainingType.Name}.{socketCall.TargetMethod.Name}(...)", $"await '{counterpart}' instead");
    }

    /// <summary>A synchronous wait reported at <paramref name="wait"/>; <see cref="SyncWaitProperty"/> tells the fix which.</summary>
    private static void ReportWait(OperationAnalysisContext context, IOperation wait, string waitName, string name, string advice) =>
        context.ReportOutsideGeneratedCode(Diagnostic.Create(
            Descriptors.SL0004BlockingSocketCallInAsync,
            wait.Syntax.GetLocation(),
            ImmutableDictionary<string, string?>.Empty.Add(SyncWaitProperty, waitName),
            name,
            advice));

    private static void ReportBlockingCall(OperationAnalysisContext context, IOperation operation, IMethodSymbol method, BlockingCall call)
    {
        context.ReportOutsideGeneratedCode(Diagnostic.Create(
            Descriptors.SL0004BlockingSocketCallInAsync,
            operation.Syntax.GetLocation(),
            call.ReportProperties,
            call.DisplayName(method),
            call.Advice));
    }

    /// <summary>What a body that makes a datagram socket says: <c>SocketType.Dgram</c> or <c>ProtocolType.Udp</c>.</summary>
    private static readonly string[] DatagramWords = { "Dgram", "Udp" };

    /// <summary>
    /// Connecting a datagram socket to an address only records the default peer: no handshake, nothing to wait
    /// for. A host name or a <c>DnsEndPoint</c> is still looked up, which blocks. Checked only once a
    /// <c>Socket.Connect</c> in async code has been found, since telling a datagram socket apart takes the body's
    /// connection aliases (the socket must be created in the body) or a <c>UdpClient</c>'s <c>Client</c>.
    /// </summary>
    private bool IsDatagramConnectToAddress(IInvocationOperation invocation, string name)
    {
        if (name != "Connect"
            || !SymbolEqualityComparer.Default.Equals(invocation.TargetMethod.ContainingType, _api.Symbols.Socket)
            || invocation.Instance is not { } instance)
        {
            return false;
        }

        if (!ConnectsToAnAddress(invocation, addressListCounts: true))
            return false;

        if (Values.Unwrap(instance, throughAwait: false) is IPropertyReferenceOperation { Property.Name: "Client", Instance: { } owner }
            && KnownSymbols.DerivesFrom(owner.Type, _api.Symbols.UdpClient))
        {
            return true;
        }

        // A socket is a datagram one when the body creates it with SocketType.Dgram or ProtocolType.Udp: a body whose
        // text names neither cannot hold one, and its aliases are not built.
        var body = FlowGraphs.BodyAround(invocation);
        if (!TextSearch.ContainsAny(body.Syntax, DatagramWords, CancellationToken.None))
            return false;
        var aliases = ConnectionAliases.Build(_api, body);
        return aliases.RootOf(instance) is { } socket && (aliases.OriginOf(socket) & ConnectionOrigin.Datagram) != 0;
    }

    /// <summary>
    /// A <c>NetworkStream</c>, or a stream typed as <c>Stream</c> that the body's aliases know for a connection's
    /// (<c>Stream s = client.GetStream();</c>, or a parameter of a local function that every call passes one). A file or
    /// memory stream is told apart by its type, and no aliases are built for it.
    /// </summary>
    private bool IsConnectionStream(IInvocationOperation invocation) =>
        invocation.Instance is { } instance && IsConnectionStream(invocation, instance);

    private bool IsConnectionStream(IInvocationOperation invocation, IOperation stream) =>
        KnownSymbols.DerivesFrom(stream.Type, _api.Symbols.NetworkStream)
        || (_api.MayBeConnection(stream.Type) && FlowGraphs.AliasesAround(invocation, _api).IsConnectionOrLearned(stream, orSetByItsType: true));

    /// <summary>
    /// <c>file.CopyTo(client.GetStream())</c>: a copy into a connection's stream writes to the network, and waits there
    /// whatever it reads from.
    /// </summary>
    private bool CopiesToAConnection(IInvocationOperation copy) =>
        DestinationOf(copy) is { } destination && IsConnectionStream(copy, destination);

    private static IOperation? DestinationOf(IInvocationOperation copy)
    {
        foreach (var argument in copy.Arguments)
        {
            if (argument.Parameter?.Ordinal == 0)
                return Values.Unwrap(argument.Value, throughAwait: false);
        }

        return null;
    }

    /// <summary>
    /// A reader made over a connection's stream in this body (<c>new StreamReader(client.GetStream())</c>), or a parameter
    /// of a local function that every call passes one.
    /// </summary>
    private bool IsConnectionReader(IInvocationOperation invocation)
    {
        if (invocation.Instance is not { } instance)
            return false;
        var aliases = FlowGraphs.AliasesAround(invocation, _api);
        return aliases.ReaderConnectionOrLearned(instance, orSetByItsType: true) is { } connection
            && (aliases.OriginOf(connection) & ConnectionOrigin.Datagram) == 0;
    }

    /// <summary>
    /// A writer made over a connection's stream in this body (<c>new StreamWriter(client.GetStream())</c>), or a field
    /// or property its type sets only to one, that sends at this call: at a Flush; at a Write only when AutoFlush is
    /// set, by the body for a local (in the object initializer or later), by the type for a member.
    /// </summary>
    private bool IsConnectionWriterThatSends(IInvocationOperation invocation, WriterSend send)
    {
        if (invocation.Instance is not { } instance)
            return false;
        var aliases = FlowGraphs.AliasesAround(invocation, _api);
        if (aliases.WriterConnectionOrLearned(instance) is not { } connection || (aliases.OriginOf(connection) & ConnectionOrigin.Datagram) != 0)
            return false;
        // writer?.WriteLine(line): the writer is what the conditional access tested.
        return send == WriterSend.Always
            || ConnectionAliases.SymbolOf(Values.Unwrap(ConnectionAliases.Tested(instance), throughAwait: false)) switch
            {
                ILocalSymbol writer => SetsAutoFlush(FlowGraphs.BodyAround(invocation), writer),
                { Kind: SymbolKind.Field or SymbolKind.Property } member => _autoFlushMembers.GetOrAdd(member, TypeSetsAutoFlush),
                _ => false,
            };
    }

    /// <summary>Per writer member, whether its type sets its AutoFlush to true (<see cref="TypeSetsAutoFlush"/>), read once per compilation.</summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<ISymbol, bool> _autoFlushMembers = new(SymbolEqualityComparer.Default);

    /// <summary>
    /// Whether the type of writer member <paramref name="member"/> sets its AutoFlush to true, read from the type's
    /// syntax: <c>_writer = new StreamWriter(s) { AutoFlush = true }</c>, <c>_writer.AutoFlush = true;</c>,
    /// <c>this._writer.AutoFlush = true;</c>, or the member's initializer.
    /// </summary>
    private static bool TypeSetsAutoFlush(ISymbol member)
    {
        foreach (var type in member.ContainingType.DeclaringSyntaxReferences)
        {
            foreach (var node in type.GetSyntax().DescendantNodes())
            {
                if (node is not AssignmentExpressionSyntax { Right: var value } assignment
                    || !value.IsKind(SyntaxKind.TrueLiteralExpression))
                {
                    continue;
                }

                var target = assignment.Left switch
                {
                    // { AutoFlush = true } in the initializer of a creation assigned to the member, or its declarator's.
                    IdentifierNameSyntax { Identifier.ValueText: "AutoFlush" } when assignment.Parent is InitializerExpressionSyntax { Parent: BaseObjectCreationExpressionSyntax creation } =>
                        creation.Parent switch
                        {
                            AssignmentExpressionSyntax set => ConnectionAliases.MemberName(set.Left),
                            EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax declarator } => declarator.Identifier.ValueText,
                            EqualsValueClauseSyntax { Parent: PropertyDeclarationSyntax property } => property.Identifier.ValueText,
                            _ => null,
                        },
                    MemberAccessExpressionSyntax { Name.Identifier.ValueText: "AutoFlush", Expression: var writer } => ConnectionAliases.MemberName(writer),
                    _ => null,
                };
                if (target == member.Name)
                    return true;
            }
        }

        return false;
    }

    /// <summary>Whether <paramref name="body"/> sets <paramref name="writer"/>'s AutoFlush to true: <c>{ AutoFlush = true }</c> where it is made, or <c>writer.AutoFlush = true;</c>.</summary>
    private static bool SetsAutoFlush(IOperation body, ILocalSymbol writer)
    {
        foreach (var operation in OperationWalk.DescendantsAndSelf(body))
        {
            if (operation is not ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property.Name: "AutoFlush" } autoFlush, Value.ConstantValue: { HasValue: true, Value: true } } assignment)
                continue;
            var owner = autoFlush.Instance is IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ImplicitReceiver }
                && assignment.Parent is IObjectOrCollectionInitializerOperation { Parent: IObjectCreationOperation creation }
                ? Values.LocalStoring(creation)
                : ConnectionAliases.SymbolOf(autoFlush.Instance);
            if (SymbolEqualityComparer.Default.Equals(owner, writer))
                return true;
        }

        return false;
    }

    /// <summary>
    /// An accept where a connection is known to be queued: under <c>if (listener.Pending())</c> (or a <c>while</c> on
    /// it, or <c>if (socket.Poll(0, SelectMode.SelectRead))</c> on a listening socket), or after
    /// <c>if (!listener.Pending()) { await Task.Delay(100, ct); continue; }</c> or <c>while (!listener.Pending()) await
    /// Task.Delay(100, ct);</c> in the same block, on the same listener.
    /// The accept takes the queued connection and returns at once: the polling loop that awaits between its tests
    /// holds no thread while it waits.
    /// </summary>
    private static bool AcceptsAPendingConnection(IInvocationOperation accept, string name)
    {
        if (!name.StartsWith("Accept", System.StringComparison.Ordinal) || ListenerOf(accept.Instance) is not { } listener)
            return false;
        IOperation child = accept;
        for (var current = accept.Parent; current is not null && current.Kind is not (OperationKind.AnonymousFunction or OperationKind.LocalFunction); child = current, current = current.Parent)
        {
            switch (current)
            {
                case IConditionalOperation conditional when conditional.WhenTrue == child && TestsPending(conditional.Condition, listener, negated: false):
                case IWhileLoopOperation { ConditionIsTop: true, ConditionIsUntil: false } loop when loop.Body == child && loop.Condition is not null && TestsPending(loop.Condition, listener, negated: false):
                    return true;
                case IBlockOperation block:
                    for (var i = block.Operations.IndexOf(child) - 1; i >= 0; i--)
                    {
                        if (block.Operations[i] is IConditionalOperation { WhenFalse: null } leaving
                            && TestsPending(leaving.Condition, listener, negated: true)
                            && DataAvailableGuard.Leaves(leaving.WhenTrue))
                        {
                            return true;
                        }

                        // while (!listener.Pending()) await Task.Delay(50, ct); the loop ends only once a connection is
                        // queued, when nothing in it breaks out.
                        if (block.Operations[i] is IWhileLoopOperation { ConditionIsTop: true, ConditionIsUntil: false, Condition: { } waiting } wait
                            && TestsPending(waiting, listener, negated: true)
                            && !BreaksOut(wait.Body))
                        {
                            return true;
                        }
                    }

                    break;

                // A guard outside a loop around the accept covers its first turn only.
                case ILoopOperation:
                    return false;
            }
        }

        return false;
    }

    /// <summary>Whether <paramref name="body"/> holds a <c>break</c> or a <c>goto</c>, which may leave its loop before the test says so.</summary>
    private static bool BreaksOut(IOperation body)
    {
        foreach (var operation in OperationWalk.DescendantsAndSelf(body))
        {
            if (operation is IBranchOperation { BranchKind: BranchKind.Break or BranchKind.GoTo })
                return true;
        }

        return false;
    }

    /// <summary>What a body that switches a socket to non-blocking mode says: <c>Blocking</c>.</summary>
    private static readonly string[] BlockingWords = { "Blocking" };

    /// <summary>
    /// A socket's <c>Accept</c>, <c>Connect</c> to an address, <c>Receive</c> or <c>Send</c> (or a listener's accept) after
    /// the body has set the socket's <c>Blocking</c> to false: in non-blocking mode the call returns at once, or throws
    /// WouldBlock when it would have waited (a poll loop's way of asking), and holds no thread. The last assignment of
    /// <c>Blocking</c> on that socket written before the call decides (<c>s.Blocking = false;</c>,
    /// <c>new Socket(...) { Blocking = false }</c>, <c>listener.Server.Blocking = false;</c>). <c>Poll</c> and <c>Select</c>
    /// wait for their timeout whatever the mode, and a host name is still looked up, which blocks.
    /// </summary>
    private bool CallsANonBlockingSocket(IInvocationOperation invocation, string name)
    {
        if (name is "Poll" or "Select" || invocation.Instance is not { } instance)
            return false;
        var declaring = invocation.TargetMethod.ContainingType;
        var onListener = name.StartsWith("Accept", System.StringComparison.Ordinal) && SymbolEqualityComparer.Default.Equals(declaring, _api.Symbols.TcpListener);
        if (!onListener && !SymbolEqualityComparer.Default.Equals(declaring, _api.Symbols.Socket))
            return false;
        // A list of addresses is tried one by one, which a non-blocking connect's WouldBlock cuts short.
        if (name == "Connect" && !ConnectsToAnAddress(invocation, addressListCounts: false))
            return false;

        // A body whose text never says Blocking sets no socket's mode: nothing is walked.
        var body = FlowGraphs.BodyAround(invocation);
        if (!TextSearch.ContainsAny(body.Syntax, BlockingWords, CancellationToken.None))
            return false;
        var aliases = onListener ? null : FlowGraphs.AliasesAround(invocation, _api);
        var socket = onListener ? ListenerOf(instance) : aliases!.RootOf(instance);
        if (socket is null)
            return false;

        var callStart = invocation.Syntax.SpanStart;
        var lastStart = -1;
        var nonBlocking = false;
        foreach (var operation in OperationWalk.DescendantsAndSelf(body))
        {
            if (operation is not ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property.Name: "Blocking" } property, Value.ConstantValue: { HasValue: true, Value: bool blocking } } assignment
                || assignment.Syntax.SpanStart >= callStart
                || assignment.Syntax.SpanStart < lastStart
                || !SymbolEqualityComparer.Default.Equals(property.Property.ContainingType, _api.Symbols.Socket))
            {
                continue;
            }

            var owner = property.Instance is IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ImplicitReceiver } ? InitializedSymbol(assignment)
                : onListener ? ListenerOf(property.Instance)
                : aliases!.RootOf(property.Instance);
            if (SymbolEqualityComparer.Default.Equals(owner, socket))
            {
                lastStart = assignment.Syntax.SpanStart;
                nonBlocking = !blocking;
            }
        }

        return nonBlocking;
    }

    /// <summary>
    /// A socket's <c>Connect</c> to an address (<c>IPAddress</c> and port, <c>IPEndPoint</c>): no host name to look up; to a
    /// list of addresses (<c>IPAddress[]</c>) only where <paramref name="addressListCounts"/>.
    /// </summary>
    private static bool ConnectsToAnAddress(IInvocationOperation connect, bool addressListCounts)
    {
        foreach (var argument in connect.Arguments)
        {
            if (argument.Parameter?.Type.SpecialType == SpecialType.System_String
                || (!addressListCounts && argument.Parameter?.Type is IArrayTypeSymbol)
                || (argument.Parameter?.Type.Name == "EndPoint" && !IsIPEndPoint(Values.Unwrap(argument.Value, throughAwait: false)?.Type)))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The local or field an object initializer's assignment sets a member of: <c>var s = new Socket(...) { Blocking = false };</c>.</summary>
    private static ISymbol? InitializedSymbol(IOperation memberAssignment)
    {
        var creation = memberAssignment.Parent?.Parent;
        if (memberAssignment.Parent is not IObjectOrCollectionInitializerOperation || creation is not IObjectCreationOperation)
            return null;
        var user = creation.Parent;
        while (user is IConversionOperation)
            user = user.Parent;
        return user switch
        {
            IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator } => declarator.Symbol,
            ISimpleAssignmentOperation assigned => ConnectionAliases.SymbolOf(assigned.Target),
            _ => null,
        };
    }

    /// <summary>The listener an accept or a pending test is called on: a local, parameter, field or property (a listener's <c>Server</c> stands for it).</summary>
    private static ISymbol? ListenerOf(IOperation? instance) => instance switch
    {
        IPropertyReferenceOperation { Property.Name: "Server" } server when server.Instance is not null => ConnectionAliases.SymbolOf(server.Instance),
        _ => ConnectionAliases.SymbolOf(instance),
    };

    /// <summary>
    /// Whether <paramref name="condition"/> being true (false when <paramref name="negated"/>) means a connection is
    /// queued on <paramref name="listener"/>: <c>listener.Pending()</c> or a read poll of it, alone or joined by
    /// <c>&amp;&amp;</c> (by <c>||</c> for the negated test, <c>!running || !listener.Pending()</c>).
    /// </summary>
    private static bool TestsPending(IOperation condition, ISymbol listener, bool negated)
    {
        switch (condition)
        {
            case IUnaryOperation { OperatorKind: UnaryOperatorKind.Not } negation:
                return TestsPending(negation.Operand, listener, !negated);
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalAnd } both when !negated:
                return TestsPending(both.LeftOperand, listener, false) || TestsPending(both.RightOperand, listener, false);
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalOr } either when negated:
                return TestsPending(either.LeftOperand, listener, true) || TestsPending(either.RightOperand, listener, true);
            case IInvocationOperation { TargetMethod.Name: "Pending" } pending when !negated:
                return SymbolEqualityComparer.Default.Equals(ListenerOf(pending.Instance), listener);
            case IInvocationOperation { TargetMethod.Name: "Poll" } poll when !negated:
                return SymbolEqualityComparer.Default.Equals(ListenerOf(poll.Instance), listener)
                    && poll.Arguments.Any(argument => argument.Value is IFieldReferenceOperation { Field.Name: "SelectRead" });
            default:
                return false;
        }
    }

    /// <summary>
    /// A receive under <c>while (s.Available &gt; 0)</c> or <c>if (ns.DataAvailable)</c> on the same connection, with no
    /// other read on the way: the data is already buffered, and the call returns at once.
    /// </summary>
    private bool ReadsBufferedData(IInvocationOperation invocation, string name)
    {
        if (!name.StartsWith("Read", System.StringComparison.Ordinal) && !name.StartsWith("Receive", System.StringComparison.Ordinal))
            return false;

        // Either test names what it asks (Available, DataAvailable, Poll) in the function's text, which most do not: then
        // no aliases are built, and nothing is walked.
        if (!FileWords.MayNameAvailableOrPoll(FlowGraphs.FunctionAround(invocation).Syntax, CancellationToken.None))
            return false;
        var aliases = FlowGraphs.AliasesAround(invocation, _api);
        var connection = aliases.RootOf(invocation.Instance);
        return DataAvailableGuard.Guards(invocation, connection, aliases) || IsUnderReadablePoll(invocation, connection, aliases);
    }

    /// <summary>
    /// A receive or read under <c>if (s.Poll(0, SelectMode.SelectRead))</c> (or a <c>while</c> on it) on the same
    /// connection, the only read of it there: the socket has data, or the peer has closed, and the receive returns at
    /// once either way (SL0001 still asks of such a receive whether it handles the close). A poll that waits is reported
    /// itself. Not a read in a loop inside the guard (its second pass may wait), not a read of a given count
    /// (<c>ReadExactly</c>, <c>ReadAtLeast</c>: readable is not that many bytes), and not through TLS, whose read may
    /// wait for the rest of a record.
    /// </summary>
    private bool IsUnderReadablePoll(IInvocationOperation receive, ISymbol? connection, ConnectionAliases aliases)
    {
        if (connection is null || receive.TargetMethod.Name is "ReadExactly" or "ReadAtLeast"
            || KnownSymbols.DerivesFrom(receive.Instance?.Type, _api.Symbols.SslStream))
        {
            return false;
        }

        IOperation child = receive;
        for (var current = receive.Parent; current is not null; child = current, current = current.Parent)
        {
            switch (current)
            {
                case IAnonymousFunctionOperation or ILocalFunctionOperation:
                    return false;
                case IConditionalOperation { IsRef: false } test when test.WhenTrue == child && PollsReadable(test.Condition, connection, aliases):
                    return DataAvailableGuard.IsOnlyReadIn(test.WhenTrue, receive, connection, aliases);
                case IWhileLoopOperation { ConditionIsTop: true, ConditionIsUntil: false, Condition: { } condition } loop when loop.Body == child:
                    return PollsReadable(condition, connection, aliases) && DataAvailableGuard.IsOnlyReadIn(loop.Body, receive, connection, aliases);
                case ILoopOperation:
                    return false;
            }
        }

        return false;
    }

    /// <summary>Whether <paramref name="condition"/>, when true, says a <c>Poll(..., SelectMode.SelectRead)</c> of the connection returned true.</summary>
    private bool PollsReadable(IOperation condition, ISymbol connection, ConnectionAliases aliases) => condition switch
    {
        IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalAnd } both => PollsReadable(both.LeftOperand, connection, aliases) || PollsReadable(both.RightOperand, connection, aliases),
        IParenthesizedOperation parenthesized => PollsReadable(parenthesized.Operand, connection, aliases),
        IInvocationOperation { TargetMethod.Name: "Poll", Instance: { } socket } poll => IsSelectRead(poll)
            && SymbolEqualityComparer.Default.Equals(aliases.RootOf(socket), connection),
        _ => false,
    };

    private static bool IsSelectRead(IInvocationOperation poll)
    {
        foreach (var argument in poll.Arguments)
        {
            if (argument.Parameter?.Name == "mode")
                return argument.Value is IFieldReferenceOperation { Field.Name: "SelectRead" };
        }

        return false;
    }

    private static bool IsIPEndPoint(ITypeSymbol? type)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            if (current.Name == "IPEndPoint"
                && current.ContainingNamespace is { Name: "Net", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } })
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Poll(0, ...), Select(..., 0) and their TimeSpan.Zero forms only look: they never wait.</summary>
    private bool IsZeroTimeout(IInvocationOperation invocation)
    {
        IOperation? timeout = null;
        foreach (var argument in invocation.Arguments)
        {
            if (argument.Parameter?.Name is "microSeconds" or "timeout" or "millisecondsTimeout")
                timeout = argument.Value;
        }

        if (timeout is null)
            return false;
        if (timeout.ConstantValue is { HasValue: true, Value: int micros })
            return micros == 0;
        return timeout is IFieldReferenceOperation { Field.Name: "Zero" } field
            && SymbolEqualityComparer.Default.Equals(field.Field.ContainingType, _api.Symbols.TimeSpan);
    }
}
