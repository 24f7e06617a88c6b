using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace SocketLint.Connections;

/// <summary>What a receive's count of 0 (the peer's FIN) leads to.</summary>
internal enum PeerCloseVerdict
{
    /// <summary>Closed, left, thrown, returned to the caller, or not decidable: nothing to report.</summary>
    Handled,

    /// <summary>The count is thrown away.</summary>
    Discarded,

    /// <summary>The count is kept but compared with 0 on no path before the next receive or the end.</summary>
    NeverCompared,

    /// <summary>On the zero path the owned connection reaches the end without being closed.</summary>
    NotClosed,

    /// <summary>On the zero path the read loop goes on to the same receive.</summary>
    LoopGoesOn,
}

/// <summary>
/// SL0001's question, asked of paths: from the point where a receive's count is 0, does every path close the
/// connection (owned) or leave the read loop (not owned), before it reaches the same receive again or the end?
/// </summary>
internal sealed class PeerCloseAnalysis
{
    /// <summary>Paths are cut off past this many block visits: a pathological body reports nothing rather than something wrong.</summary>
    private const int MaxVisits = 4096;

    private readonly ConnectionFlow _flow;
    private readonly BasicBlock _receiveBlock;
    private readonly int _receiveIndex;
    private readonly IOperation _receive;

    /// <summary>
    /// What gives the count: the receive itself, or where its task, kept in a local, is awaited (<c>var n = await read;</c>);
    /// the paths are followed from there.
    /// </summary>
    private readonly IOperation _count;

    /// <summary>For a <c>SocketAsyncEventArgs</c> receive completion, the event args whose <c>BytesTransferred</c> is the count.</summary>
    private readonly ISymbol? _completion;
    private readonly ISymbol? _connection;

    /// <summary>For a receive on a member of a local or parameter, which has no connection symbol: that member (see <see cref="ClosesTheSameMember"/>).</summary>
    private readonly IMemberReferenceOperation? _receiveMember;
    private readonly bool _owned;
    private readonly int _closedValue;
    private readonly HashSet<ILocalSymbol> _countLocals = new(SymbolEqualityComparer.Default);
    private readonly HashSet<CaptureId> _countCaptures = new();

    /// <summary>The bool locals that carry a test of the count, each with its bit in <see cref="Path.Flags"/>.</summary>
    private readonly PathFlags _flags;

    /// <summary>The read loop's condition that still holds on the zero path (see <see cref="LoopConditionHolds"/>), made on first need.</summary>
    private IOperation? _holdingLoopCondition;
    private bool _holdingLoopConditionKnown;

    /// <summary>The receive in the operation tree (see <see cref="ReceiveInTree"/>), found on first need.</summary>
    private IOperation? _receiveInTree;
    private bool _receiveInTreeKnown;

    /// <summary>
    /// Whether the zero path may hand over to another receive on the connection (see <see cref="NextReceiveHandles"/>);
    /// false in the analysis of that receive, which must handle its own close.
    /// </summary>
    private bool _handsOverToNextReceive = true;

    private bool _compared;

    /// <summary>
    /// The tracked bools a path has set from a test of the count (<c>connected = n &gt; 0;</c>): a branch on one, where the
    /// path knows its value, is a test of the count.
    /// </summary>
    private int _countTestBits;
    private bool _walked;
    private bool _unsure;
    private bool _uncomparedPath;

    /// <summary>Set by <see cref="Continues"/> when it stopped at a dereference of the line on the path of its null: a throw.</summary>
    private bool _dereferencedNull;
    private PeerCloseVerdict _violation = PeerCloseVerdict.Handled;

    private PeerCloseAnalysis(ConnectionFlow flow, BasicBlock block, int index, IOperation receive, IOperation? count = null)
    {
        _flow = flow;
        _receiveBlock = block;
        _receiveIndex = index;
        _receive = receive;
        _count = count ?? receive;
        if (receive is IInvocationOperation invocation)
        {
            // A read through a reader receives on the connection under the reader.
            _connection = flow.Api.IsReaderReceive(invocation.TargetMethod)
                ? flow.Aliases.ReaderConnection(invocation.Instance, flow.Captures)
                : flow.RootOf(invocation.Instance);
            _owned = flow.Aliases.IsOwned(_connection);
            _closedValue = ConnectionApi.ClosedValue(invocation);
            if (_connection is null && Values.Unwrap(invocation.Instance, throughAwait: false) is IMemberReferenceOperation { Instance: ILocalReferenceOperation or IParameterReferenceOperation } member)
            {
                _receiveMember = member;
                _owned = flow.Aliases.IsOwnedStateMember(member);
            }
        }
        else
        {
            // A completion owns the connection it completes: nobody else will look at it again.
            _completion = flow.RootOf(((IPropertyReferenceOperation)receive).Instance);
            _owned = true;
        }

        _flags = new PathFlags(flow.Graph.OriginalOperation, (IsCount, _closedValue));
    }

    /// <summary>Whether the receive sits in a loop: its block can reach itself.</summary>
    public bool InLoop { get; private set; }

    /// <param name="countSyntax">Where the receive's task, kept in a local, is awaited (<see cref="AwaitOfKeptTask"/>); null when the receive gives the count itself.</param>
    public static PeerCloseVerdict Analyze(ConnectionFlow flow, SyntaxNode receiveSyntax, out bool inLoop, SyntaxNode? countSyntax = null)
    {
        inLoop = false;
        if (flow.Locate(receiveSyntax) is not { } located)
            return PeerCloseVerdict.Handled;

        PeerCloseAnalysis analysis;
        if (countSyntax is null)
        {
            analysis = new PeerCloseAnalysis(flow, located.Block, located.Index, located.Invocation);
        }
        else
        {
            if (flow.Locate<IAwaitOperation>(countSyntax) is not { } awaited)
                return PeerCloseVerdict.Handled;
            analysis = new PeerCloseAnalysis(flow, awaited.Block, awaited.Index, located.Invocation, awaited.Operation);
        }

        var verdict = analysis.Run();
        inLoop = analysis.InLoop;
        return verdict;
    }

    /// <summary>
    /// The same question for a <c>SocketAsyncEventArgs</c> receive completion, from its first read of
    /// <c>BytesTransferred</c> (every read of it is the count); starting the receive again is the loop.
    /// </summary>
    public static PeerCloseVerdict AnalyzeCompletion(ConnectionFlow flow, SyntaxNode bytesTransferredSyntax, out bool inLoop)
    {
        inLoop = false;
        if (flow.Locate<IPropertyReferenceOperation>(bytesTransferredSyntax) is not { } located)
            return PeerCloseVerdict.Handled;

        var analysis = new PeerCloseAnalysis(flow, located.Block, located.Index, located.Operation);
        if (analysis._completion is null)
            return PeerCloseVerdict.Handled;
        var verdict = analysis.Run();
        inLoop = analysis.InLoop;
        return verdict;
    }

    private PeerCloseVerdict Run()
    {
        // A completion's count is read again wherever it is needed: passing one read on does not hand the decision over.
        ILocalSymbol? countLocal = null;
        CaptureId? countCapture = null;
        switch (_completion is not null ? CountUse.Kept : Disposition(out countLocal, out countCapture))
        {
            case CountUse.Discarded:
                return PeerCloseVerdict.Discarded;
            case CountUse.Escapes:
                return PeerCloseVerdict.Handled;
        }

        if (countLocal is not null)
            _countLocals.Add(countLocal);
        if (countCapture is { } id)
            _countCaptures.Add(id);
        if (!CollectCopiesAndCheckEscape())
            return PeerCloseVerdict.Handled;

        _walked = Walk();
        if (!_walked || _unsure)
            return PeerCloseVerdict.Handled;
        if (_violation != PeerCloseVerdict.Handled)
            return _violation;
        return !_compared && _uncomparedPath ? PeerCloseVerdict.NeverCompared : PeerCloseVerdict.Handled;
    }

    private enum CountUse { Discarded, Kept, Escapes }

    /// <summary>The type of what a receive gives: a count (int), or a line (string, null at the end); a task of either is not.</summary>
    internal static bool IsCountType(ITypeSymbol? type) => type?.SpecialType is SpecialType.System_Int32 or SpecialType.System_String;

    /// <summary>How the receive's value is used where it is produced.</summary>
    private CountUse Disposition(out ILocalSymbol? countLocal, out CaptureId? countCapture)
    {
        countLocal = null;
        countCapture = null;
        var value = CountValue(_count, out var awaited);
        if (IsThrownAway(value))
            return CountUse.Discarded;

        switch (value.Parent)
        {
            case not null when !awaited && !IsCountType(_count.Type):
                // The task is kept (var t = s.ReceiveAsync(buf)), not its count: whoever awaits it decides.
                return CountUse.Escapes;
            case ISimpleAssignmentOperation assignment when assignment.Value == value:
                if (assignment.Target is ILocalReferenceOperation local)
                {
                    // A local of a type that does not bind ("_ _ = s.Receive(buf)" while typing): nothing to reason on.
                    if (local.Local.Type.TypeKind == TypeKind.Error)
                        return CountUse.Escapes;

                    // A local of the function around this lambda (response = e.BytesTransferred in a Completed handler,
                    // returned by the method that waits for it): the count escapes to code that runs after.
                    if (IsCapturedFromOutside(local.Local, _count.Syntax))
                        return CountUse.Escapes;

                    countLocal = local.Local;
                    return CountUse.Kept;
                }

                return assignment.Target is IDiscardOperation ? CountUse.Discarded : CountUse.Escapes;
            case IFlowCaptureOperation capture:
                countCapture = capture.Id;
                return CountUse.Kept;
            case IIsPatternOperation isPattern:
                // s.Receive(buf) is var n && n > 0: the pattern names the count.
                _countLocals.UnionWith(ZeroTest.LocalsNamingTheValue(isPattern.Pattern));
                return CountUse.Kept;
            case IBinaryOperation:
                return CountUse.Kept;
            case IArgumentOperation { Parent: { } call } when ZeroTest.StringTestedForText(call) is not null:
                // string.IsNullOrEmpty(reader.ReadLine()): the line is tested where it is read.
                return CountUse.Kept;
            case null when _receiveIndex == _receiveBlock.Operations.Length && _receiveBlock.ConditionKind != ControlFlowConditionKind.None:
                return CountUse.Kept;
            default:
                // Returned, passed on, stored: the count escapes and whoever gets it decides.
                return CountUse.Escapes;
        }
    }

    /// <summary>
    /// Whether <paramref name="local"/> is declared outside the innermost lambda or local function around
    /// <paramref name="receive"/>: captured, it is read by code the receive's own function does not show.
    /// </summary>
    internal static bool IsCapturedFromOutside(ILocalSymbol local, SyntaxNode receive)
    {
        var function = receive.FirstAncestorOrSelf<SyntaxNode>(node => node is Microsoft.CodeAnalysis.CSharp.Syntax.AnonymousFunctionExpressionSyntax
            or Microsoft.CodeAnalysis.CSharp.Syntax.LocalFunctionStatementSyntax);
        if (function is null)
            return false;
        foreach (var reference in local.DeclaringSyntaxReferences)
        {
            if (reference.SyntaxTree != function.SyntaxTree || !function.Span.Contains(reference.Span))
                return true;
        }

        return false;
    }

    /// <summary>
    /// Whether the receive's count is thrown away where it is produced (<c>s.Receive(buf);</c>,
    /// <c>await s.ReceiveAsync(buf);</c>, <c>_ = s.Receive(buf)</c>). Asked of the operation tree, it answers as
    /// <see cref="Analyze"/> would on the graph, where such a receive is <see cref="PeerCloseVerdict.Discarded"/>.
    /// </summary>
    public static bool IsDiscarded(IInvocationOperation receive) => IsThrownAway(CountValue(receive, out _));

    /// <summary>
    /// Whether the receive's count is compared and the answer handed on, not branched on here: returned
    /// (<c>return s.Receive(b, SocketFlags.Peek) != 0;</c>), or kept in a flag that is returned or stored in a field or
    /// property (<c>var alive = s.Receive(b, SocketFlags.Peek) != 0; return alive;</c>). Whoever gets it decides.
    /// </summary>
    public static bool IsComparedAndHandedOn(IInvocationOperation receive)
    {
        var value = CountValue(receive, out _);

        // _control?.Receive(peek, SocketFlags.Peek) > 0: the int? is compared as it is.
        if (value.Parent is IConditionalAccessOperation access && access.WhenNotNull == value)
            value = Values.Outermost(access, throughAwait: false, out _);
        if (IsComparisonHandedOn(value.Parent, receive))
            return true;

        // int n = s.Receive(buf); return n > 0;   outside any loop: the answer is the caller's, as when compared in place.
        return Values.LocalStoring(value) is { } count && !IsInLoop(receive)
            && OperationWalk.AnyReferenceTo(FlowGraphs.FunctionAround(receive), count, reference => IsComparisonHandedOn(Values.Outermost(reference, throughAwait: false, out _).Parent, receive));
    }

    /// <summary>Whether the receive sits in a loop of its own function.</summary>
    private static bool IsInLoop(IOperation receive)
    {
        for (var parent = receive.Parent; parent is not null && parent.Kind is not (OperationKind.AnonymousFunction or OperationKind.LocalFunction); parent = parent.Parent)
        {
            if (parent.Kind == OperationKind.Loop)
                return true;
        }

        return false;
    }

    /// <summary>Whether <paramref name="comparison"/> compares the count and hands the answer on (returned, stored in a field or property, or kept in a flag that is).</summary>
    private static bool IsComparisonHandedOn(IOperation? comparison, IOperation receive)
    {
        if (comparison is not (IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals or BinaryOperatorKind.LessThan
                or BinaryOperatorKind.LessThanOrEqual or BinaryOperatorKind.GreaterThan or BinaryOperatorKind.GreaterThanOrEqual } or IIsPatternOperation))
        {
            return false;
        }

        var answer = Values.Outermost(comparison, throughAwait: false, out _);
        while (answer.Parent is IUnaryOperation { OperatorKind: UnaryOperatorKind.Not } not)
            answer = Values.Outermost(not, throughAwait: false, out _);
        if (answer.Parent is IReturnOperation { Kind: OperationKind.Return }
            || (answer.Parent is ISimpleAssignmentOperation { Target: IFieldReferenceOperation or IPropertyReferenceOperation } stored && stored.Value == answer))
        {
            return true;
        }

        if (Values.LocalStoring(answer) is not { } flag)
            return false;

        foreach (var operation in OperationWalk.Descendants(FlowGraphs.FunctionAround(receive)))
        {
            if (operation is not ILocalReferenceOperation reference || !SymbolEqualityComparer.Default.Equals(reference.Local, flag))
                continue;
            IOperation use = reference;
            while (Values.Outermost(use, throughAwait: false, out _) is { Parent: IUnaryOperation { OperatorKind: UnaryOperatorKind.Not } not })
                use = not;
            if (Values.IsReturned(use) || Values.Outermost(use, throughAwait: false, out _).Parent is ISimpleAssignmentOperation { Target: IFieldReferenceOperation or IPropertyReferenceOperation })
                return true;
        }

        return false;
    }

    /// <summary>
    /// Where the task of <paramref name="receive"/>, kept in a local, gives its count: its one <c>await</c> in the same
    /// function (<c>var read = ns.ReadAsync(buf, ct); if (await Task.WhenAny(read, Task.Delay(5000, ct)) != read) continue;
    /// var n = await read;</c>). Null unless the local is set by this receive alone, and is otherwise only handed to a
    /// wait (<c>Task.WhenAny</c>, an array of tasks), compared with the task that finished, or asked whether it is done: a
    /// task passed to code of yours (also in a <c>params</c> array), stored, returned or awaited twice is the business of
    /// whatever gets it.
    /// </summary>
    internal static IAwaitOperation? AwaitOfKeptTask(IInvocationOperation receive)
    {
        if (IsCountType(receive.Type) || receive.Type is null)
            return null;
        var value = Values.Outermost(receive, throughAwait: false, out _);
        // Declared with it, or set by a statement of its own (not in a chain, u = t = ns.ReadAsync(...)).
        var task = value.Parent is ISimpleAssignmentOperation { Parent: not IExpressionStatementOperation } ? null : Values.LocalStoring(value);
        if (task is null || task.RefKind != RefKind.None || IsCapturedFromOutside(task, receive.Syntax))
            return null;

        var function = FlowGraphs.FunctionAround(receive);
        IAwaitOperation? found = null;
        foreach (var operation in OperationWalk.Descendants(function))
        {
            if (operation is not ILocalReferenceOperation reference || !SymbolEqualityComparer.Default.Equals(reference.Local, task))
                continue;
            var use = Values.Outermost(reference, throughAwait: false, out _);
            switch (use.Parent)
            {
                case ISimpleAssignmentOperation assignment when assignment.Target == use:
                    if (assignment.Value != value)
                        return null;
                    continue;
                case IAwaitOperation awaited when found is null && awaited.Syntax.SpanStart > receive.Syntax.SpanStart && FlowGraphs.FunctionAround(awaited) == function:
                    found = awaited;
                    continue;
                case IArgumentOperation or IArrayInitializerOperation or IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals }:
                case IPropertyReferenceOperation { Property.Name: "IsCompleted" or "IsCompletedSuccessfully" or "IsFaulted" or "IsCanceled" or "Status" }:
                    // Handed to a wait of the framework's (Task.WhenAny(read, delay), new[] { read, delay }), not to code of yours.
                    var argument = use.Parent is IArrayInitializerOperation { Parent: IArrayCreationOperation array } ? Values.Outermost(array, throughAwait: false, out _).Parent : use.Parent;
                    if (argument is IArgumentOperation { Parent: IInvocationOperation call } && call.TargetMethod.DeclaringSyntaxReferences.Length > 0)
                        return null;
                    continue;
                default:
                    return null;
            }
        }

        return found;
    }

    /// <summary>
    /// The receive's value as its user sees it: through await, ConfigureAwait, AsTask, WaitAsync, conversions and
    /// parentheses; and for a line read through a conditional access (<c>reader?.ReadLine()</c>), the access, which is
    /// null at the end as the line is.
    /// </summary>
    internal static IOperation CountValue(IOperation receive, out bool awaited)
    {
        var value = Values.Outermost(receive, throughAwait: true, out awaited);
        return !awaited && value.Parent is IConditionalAccessOperation access && access.WhenNotNull == value
            && receive is IInvocationOperation { TargetMethod.Name: "ReadLine" }
            ? Values.Outermost(access, throughAwait: false, out _)
            : value;
    }

    /// <summary>
    /// Whether the count, kept in a local, is looked at through a slice of the buffer it measures that is tested for
    /// being empty: <c>var chunk = buf.AsSpan(0, n); if (chunk.IsEmpty) break;</c>, <c>buf.AsMemory(0, n).Length == 0</c>,
    /// <c>Encoding.ASCII.GetString(buf, 0, n)</c> tested with <c>Length</c> or <c>string.IsNullOrEmpty</c>,
    /// <c>new ArraySegment&lt;byte&gt;(buf, 0, n).Count</c>. The slice is empty exactly when the count is 0, so the test is a
    /// test of the count; what it does on the paths after it is not followed.
    /// </summary>
    public static bool IsTestedThroughASlice(IInvocationOperation receive)
    {
        if (Values.LocalStoring(CountValue(receive, out _)) is not { } count)
            return false;
        var function = FlowGraphs.FunctionAround(receive);
        return OperationWalk.AnyReferenceTo(function, count, reference =>
        {
            if (Values.Outermost(reference, throughAwait: false, out _).Parent is not IArgumentOperation { Parameter.Name: "length" or "count" } argument
                || argument.Parent is not ({ } slice and (IInvocationOperation { TargetMethod.Name: "AsSpan" or "AsMemory" or "Slice" or "GetString" } or IObjectCreationOperation { Type.Name: "ArraySegment" or "Span" or "Memory" or "ReadOnlySpan" or "ReadOnlyMemory" })))
            {
                return false;
            }

            var value = Values.Outermost(slice, throughAwait: false, out _);
            return IsTestedForEmpty(value) || (Values.LocalStoring(value) is { } kept && OperationWalk.AnyReferenceTo(function, kept, IsTestedForEmpty));
        });
    }

    /// <summary>Whether <paramref name="slice"/> is tested for being empty: <c>.IsEmpty</c>, <c>.Length</c> or <c>.Count</c> compared with 0, <c>string.IsNullOrEmpty</c>.</summary>
    private static bool IsTestedForEmpty(IOperation slice)
    {
        switch (slice.Parent)
        {
            case IPropertyReferenceOperation { Property.Name: "IsEmpty" }:
                return true;
            case IPropertyReferenceOperation { Property.Name: "Length" or "Count" } length:
                return Values.Outermost(length, throughAwait: false, out _).Parent is IBinaryOperation
                    {
                        OperatorKind: BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals or BinaryOperatorKind.LessThan or BinaryOperatorKind.LessThanOrEqual
                            or BinaryOperatorKind.GreaterThan or BinaryOperatorKind.GreaterThanOrEqual,
                    } comparison
                    && (comparison.LeftOperand.ConstantValue is { HasValue: true, Value: 0 } || comparison.RightOperand.ConstantValue is { HasValue: true, Value: 0 });
            case IArgumentOperation { Parent: IInvocationOperation { TargetMethod: { Name: "IsNullOrEmpty" or "IsNullOrWhiteSpace", ContainingType.SpecialType: SpecialType.System_String } } }:
                return true;
            default:
                return false;
        }
    }

    /// <summary>
    /// Whether the receive's count goes straight into a running total (<c>total += s.Receive(buf, ...)</c>): no
    /// one can compare it with 0 any more, and a loop on the total spins once the peer has closed.
    /// </summary>
    public static bool IsSummed(IInvocationOperation receive) =>
        CountValue(receive, out _) is var value
        && value.Parent is ICompoundAssignmentOperation { OperatorKind: BinaryOperatorKind.Add, Parent: IExpressionStatementOperation } sum
        && sum.Value == value;

    private static bool IsThrownAway(IOperation value) =>
        value.Parent is IExpressionStatementOperation or ISimpleAssignmentOperation { Target: IDiscardOperation };

    /// <summary>Adds locals and captures that copy the count; false when the count escapes (returned, stored in a field, passed by reference).</summary>
    private bool CollectCopiesAndCheckEscape()
    {
        for (int pass = 0; pass < 2; pass++)
        {
            foreach (var block in _flow.Graph.Blocks)
            {
                // Returned, the count is the caller's to compare; not a connection this method owns, which the caller
                // cannot close (if (n == 0) return n; on an accepted socket leaves it open).
                // Not a return only a count of another value reaches (if (n == 5) return n;): the closed count's path
                // never comes to it.
                if (block.BranchValue is { } branchValue
                    && block.FallThroughSuccessor?.Semantics == ControlFlowBranchSemantics.Return
                    && !_owned && IsCount(Values.ResultOf(branchValue))
                    && MayBeReachedAtClosed(block))
                {
                    return false;
                }

                foreach (var statement in ConnectionFlow.StatementsOf(block))
                {
                    foreach (var operation in OperationWalk.DescendantsAndSelf(statement))
                    {
                        switch (operation)
                        {
                            case IFlowCaptureOperation capture when IsCount(capture.Value):
                                _countCaptures.Add(capture.Id);
                                break;
                            case ISimpleAssignmentOperation assignment when IsCount(assignment.Value) && !IsCount(assignment.Target):
                                // A copy into a local of the function around this lambda escapes, as a field does.
                                if (assignment.Target is ILocalReferenceOperation copy && !IsCapturedFromOutside(copy.Local, _count.Syntax))
                                    _countLocals.Add(copy.Local);
                                else if (assignment.Target is not IDiscardOperation)
                                    return false;
                                break;
                            case IIsPatternOperation isPattern when IsCount(isPattern.Value):
                                _countLocals.UnionWith(ZeroTest.LocalsNamingTheValue(isPattern.Pattern));
                                break;
                            case IArgumentOperation { Parameter.RefKind: RefKind.Ref or RefKind.Out } byReference when IsCount(byReference.Value):
                                return false;
                        }
                    }
                }
            }
        }

        return true;
    }

    /// <summary>
    /// Whether the path of the peer's close may come to <paramref name="block"/>: false only where every branch into it
    /// leaves a test of the count that the closed count decides the other way (<c>if (n == 5) return n;</c>,
    /// <c>if (b == 'Q') return b;</c>). Asked of a block that hands the count on, before the paths are walked.
    /// </summary>
    private bool MayBeReachedAtClosed(BasicBlock block)
    {
        if (block.Predecessors.IsEmpty)
            return true;
        foreach (var branch in block.Predecessors)
        {
            var source = branch.Source;
            if (source.ConditionKind == ControlFlowConditionKind.None || source.BranchValue is not { } condition
                || _flags.ValueAtClosed(condition, kind: 0, branchFlags: 0) is not { } atClosed)
            {
                return true;
            }

            // The conditional successor is taken when the condition is what the block's kind says.
            var conditionalTaken = atClosed == (source.ConditionKind == ControlFlowConditionKind.WhenTrue);
            if (branch.IsConditionalSuccessor == conditionalTaken)
                return true;
        }

        return false;
    }

    /// <summary>Whether <paramref name="operation"/> is the receive's count: the receive itself, its awaited value, a local or capture that holds it.</summary>
    private bool IsCount(IOperation operation)
    {
        while (true)
        {
            // The await of the kept task (its conversions share its syntax).
            if (_count != _receive && operation.Syntax == _count.Syntax)
                return true;
            switch (Values.Unwrap(operation, throughAwait: true))
            {
                case ISimpleAssignmentOperation assignment:
                    if (assignment.Target is ILocalReferenceOperation target && _countLocals.Contains(target.Local))
                        return true;
                    operation = assignment.Value;
                    continue;
                case ILocalReferenceOperation local:
                    return _countLocals.Contains(local.Local);
                case IFlowCaptureReferenceOperation capture:
                    return _countCaptures.Contains(capture.Id);
                case IInvocationOperation invocation:
                    // The receive is the count, unless its task is kept: then the task is no count, its await is.
                    if (invocation.Syntax == _receive.Syntax)
                        return _count == _receive;

                    // s?.Receive(b) ?? 0: the graph unwraps the access's int? with a GetValueOrDefault() of its own; so does (s?.Receive(b)).GetValueOrDefault().
                    if (invocation.Instance is not { } nullable || !Values.IsNullableUnwrap(invocation))
                        return false;
                    operation = nullable;
                    continue;
                case IPropertyReferenceOperation { Property.Name: "BytesTransferred" } read when _completion is not null:
                    return SymbolEqualityComparer.Default.Equals(_flow.RootOf(read.Instance), _completion);
                default:
                    return false;
            }
        }
    }

    /// <summary>
    /// What a path knows at a point: whether the count is 0 on it (else it has not been compared yet), whether a catch
    /// of this function took a throw on its zero branch, and which flags were set from the count since the receive.
    /// </summary>
    private readonly struct Path : IEquatable<Path>
    {
        public Path(bool zero, bool caught, int flags, bool countGone = false, int known = 0, int values = 0)
        {
            Zero = zero;
            Caught = caught;
            Flags = flags;
            CountGone = countGone;
            Known = known;
            Values = values;
        }

        public bool Zero { get; }
        public bool Caught { get; }
        public int Flags { get; }

        /// <summary>
        /// On the path of the peer's close, a count local has been given another value (<c>n = 1;</c> before an inner
        /// read loop goes round again): a test of it no longer tells anything, and the path goes on both ways.
        /// </summary>
        public bool CountGone { get; }

        /// <summary>The bits of the bool locals whose value is known on this path (see <see cref="BoolBit"/>), and their values.</summary>
        public int Known { get; }

        public int Values { get; }

        public Path With(bool zero, int flags, bool countGone) => new(zero, Caught, flags, countGone, Known, Values);

        public Path With(bool zero, int flags, bool countGone, int known, int values) => new(zero, Caught, flags, countGone, known, values);

        public bool Equals(Path other) => Zero == other.Zero && Caught == other.Caught && Flags == other.Flags && CountGone == other.CountGone
            && Known == other.Known && Values == other.Values;

        public override bool Equals(object? obj) => obj is Path other && Equals(other);

        public override int GetHashCode() => (((Flags * 31) + Known) * 31 + Values) * 8 + (CountGone ? 4 : 0) + (Zero ? 2 : 0) + (Caught ? 1 : 0);
    }

    /// <summary>Walks the paths from just after the receive. False when the walk was cut off.</summary>
    private bool Walk()
    {
        var pending = new Stack<(BasicBlock Block, int Index, Path Path)>();
        var visited = new HashSet<(int, Path)>();

        // bool closed = s.Receive(buf) == 0: the flag is set by the receive's own statement.
        var flags = 0;
        if (ConnectionFlow.StatementAt(_receiveBlock, _receiveIndex) is ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } own
            && own.Value.Syntax.Span.Contains(_count.Syntax.Span))
        {
            flags = _flags.BitOf(target.Local);
        }

        var (known, values) = BoolsAtTheReceive();
        pending.Push((_receiveBlock, _receiveIndex + 1, new Path(zero: false, caught: false, flags, known: known, values: values)));
        int visits = 0;
        bool first = true;
        while (pending.Count > 0)
        {
            if (++visits > MaxVisits)
                return false;
            var (block, index, path) = pending.Pop();
            Visit(block, index, path, first, pending, visited);
            first = false;
            if (_violation != PeerCloseVerdict.Handled)
                return true;
        }

        return true;
    }

    private void Visit(BasicBlock block, int index, Path path, bool first, Stack<(BasicBlock, int, Path)> pending, HashSet<(int, Path)> visited)
    {
        var zero = path.Zero;
        var flags = path.Flags;
        var countGone = path.CountGone;
        var (known, values) = (path.Known, path.Values);
        for (int i = index; i < block.Operations.Length; i++)
        {
            if (!Continues(block.Operations[i], zero, ref flags, ref countGone, ref known, ref values))
            {
                ThrowIfDereferencedNull(block, path.With(zero, flags, countGone, known, values), pending, visited);
                return;
            }
        }

        // The receive in a branch value (while ((n = s.Receive(buf)) > 0)) is evaluated before its own test.
        var startsAtOwnBranch = first && block == _receiveBlock && index == _receiveBlock.Operations.Length + 1;
        if (block.BranchValue is { } branchValue && !startsAtOwnBranch && !Continues(branchValue, zero, ref flags, ref countGone, ref known, ref values))
        {
            ThrowIfDereferencedNull(block, path.With(zero, flags, countGone, known, values), pending, visited);
            return;
        }

        path = path.With(zero, flags, countGone, known, values);
        if (block.ConditionKind == ControlFlowConditionKind.None || block.BranchValue is null)
        {
            Follow(block.FallThroughSuccessor, path, pending, visited);
            return;
        }

        if (ConnectionFlow.TryConstantBranch(block, out var taken))
        {
            Follow(taken, path, pending, visited);
            return;
        }

        var whenClosed = countGone ? null : _flags.ValueAtClosed(block.BranchValue, kind: 0, flags);

        // do { n = ns.Read(...); ... } while (ns.DataAvailable), the count never compared: after the peer's close nothing is
        // ever buffered again, so the test is false there and the path of the close goes that way only, as past a
        // comparison of the count. Marked (EndedBit), it is still a path of an uncompared count, but one that may leave
        // the method: a connection handed in is then handed back (the caller reads again, or not); one the method owns
        // must still be closed, and reading again spins as before.
        if (whenClosed is null && !zero && !countGone && (known & EndedBit) == 0 && _receive is IInvocationOperation read
            && DataAvailableGuard.IsFalseAfterClose(block.BranchValue, read, _connection, _flow.Aliases))
        {
            var whenTrue = block.ConditionKind == ControlFlowConditionKind.WhenTrue;
            Follow(whenTrue ? block.FallThroughSuccessor : block.ConditionalSuccessor, path.With(zero, flags, countGone, known | EndedBit, values), pending, visited);
            return;
        }

        if (whenClosed is not { } closedTaken)
        {
            if (ValueOnThisPath(block.BranchValue, zero, countGone, known, values) is { } value)
            {
                // while (connected) after connected = n > 0: the branch the closed count takes, as a test of it.
                if (!countGone && TestsCountFlag(block.BranchValue, known))
                {
                    _compared = true;
                    path = path.With(zero: true, flags, countGone);
                }

                Follow(value == (block.ConditionKind == ControlFlowConditionKind.WhenTrue) ? block.ConditionalSuccessor : block.FallThroughSuccessor, path, pending, visited);
                return;
            }

            Follow(block.ConditionalSuccessor, path, pending, visited);
            Follow(block.FallThroughSuccessor, path, pending, visited);
            return;
        }

        // The conditional successor is taken when the branch value equals the condition kind's value.
        _compared = true;
        var conditionalIsZero = closedTaken == (block.ConditionKind == ControlFlowConditionKind.WhenTrue);
        Follow(conditionalIsZero ? block.ConditionalSuccessor : block.FallThroughSuccessor, path.With(zero: true, flags, countGone), pending, visited);
    }

    /// <summary>
    /// The value of a branch that does not test the count, where this path knows it; null where it does not. On the zero
    /// path the read loop's own condition still holds, where its body tests it again and at its head; a test that data is
    /// buffered on the connection (<c>while (s.Available &gt; 0)</c>) no longer does; and a bool local's value may be known
    /// (<c>bool good = false; ... if (!good) client.Close();</c>).
    /// </summary>
    private bool? ValueOnThisPath(IOperation condition, bool zero, bool countGone, int known, int values)
    {
        if (zero && !countGone && LoopConditionHolds(condition))
            return true;
        if (zero && _receive is IInvocationOperation receive && DataAvailableGuard.IsFalseAfterClose(condition, receive, _connection, _flow.Aliases))
            return false;
        return KnownBools.ValueOf(condition, known, values, _boolBits);
    }

    /// <summary>
    /// Whether <paramref name="condition"/> is the condition of the while loop around the receive, which held to enter
    /// the body and still holds on the zero path: the body changes its locals only by adding the count, which adds
    /// nothing at the peer's close (<c>while (total &lt; length) { n = await s.ReadAsync(...); total += n;
    /// if (n == 0 &amp;&amp; total &lt; length) throw ...; }</c>, a DNS client's read of a reply, from the sixth real-code review).
    /// </summary>
    private bool LoopConditionHolds(IOperation condition)
    {
        if (!_holdingLoopConditionKnown)
        {
            _holdingLoopCondition = HoldingLoopCondition();
            _holdingLoopConditionKnown = true;
        }

        return _holdingLoopCondition is { } holding && Microsoft.CodeAnalysis.CSharp.SyntaxFactory.AreEquivalent(holding.Syntax, condition.Syntax);
    }

    /// <summary>
    /// The receive (or the completion's read of its count) in the body's operation tree, where the loops and blocks
    /// around it are still written as such; the graph has lowered them.
    /// </summary>
    private IOperation? ReceiveInTree()
    {
        if (!_receiveInTreeKnown)
        {
            foreach (var operation in OperationWalk.Descendants(_flow.Graph.OriginalOperation))
            {
                if (operation.Kind is OperationKind.Invocation or OperationKind.PropertyReference or OperationKind.Await && operation.Syntax == _count.Syntax)
                {
                    _receiveInTree = operation;
                    break;
                }
            }

            _receiveInTreeKnown = true;
        }

        return _receiveInTree;
    }

    private IOperation? HoldingLoopCondition()
    {
        // A completion's count is read again in each completion: its loop is the receive started again, not a while.
        if (_completion is not null)
            return null;

        IWhileLoopOperation? loop = null;
        for (var current = ReceiveInTree()?.Parent; current is not null && loop is null; current = current.Parent)
        {
            switch (current)
            {
                case IWhileLoopOperation { ConditionIsTop: true, ConditionIsUntil: false } whileLoop:
                    loop = whileLoop;
                    break;
                case ILoopOperation or IAnonymousFunctionOperation or ILocalFunctionOperation:
                    return null;
            }
        }

        // total < length, total != buffer.Length: locals, parameters, constants, an array's length.
        if (loop?.Condition is not IBinaryOperation { OperatorKind: BinaryOperatorKind.LessThan or BinaryOperatorKind.LessThanOrEqual or BinaryOperatorKind.GreaterThan
                or BinaryOperatorKind.GreaterThanOrEqual or BinaryOperatorKind.NotEquals } comparison)
        {
            return null;
        }

        var symbols = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
        if (!Collect(comparison.LeftOperand, symbols) || !Collect(comparison.RightOperand, symbols))
            return null;

        foreach (var operation in OperationWalk.Descendants(loop.Body))
        {
            // total += n adds nothing on the zero path; any other write may change the condition.
            if (operation is ICompoundAssignmentOperation { OperatorKind: BinaryOperatorKind.Add } added && IsCount(added.Value))
                continue;
            if (ConnectionAliases.SymbolOf(OperationWalk.WrittenBy(operation)) is { } symbol && symbols.Contains(symbol))
                return null;
        }

        return comparison;

        static bool Collect(IOperation operand, HashSet<ISymbol> symbols)
        {
            operand = Values.Unwrap(operand, throughAwait: false) ?? operand;
            switch (operand)
            {
                case ILocalReferenceOperation local:
                    return symbols.Add(local.Local) || true;
                case IParameterReferenceOperation parameter:
                    return symbols.Add(parameter.Parameter) || true;
                case IPropertyReferenceOperation { Property.Name: "Length", Instance: { Type.TypeKind: TypeKind.Array } array }:
                    return Collect(array, symbols);
                default:
                    return operand.ConstantValue.HasValue;
            }
        }
    }

    /// <summary>Looks at one operation on a path; false when the path ends there. Sets the bits of the flags it writes.</summary>
    private bool Continues(IOperation statement, bool zero, ref int flags, ref bool countGone, ref int known, ref int values)
    {
        if (zero && ((known & ClosedBit) != 0 || _flow.Closes(statement, _connection) || ClosesCompletion(statement) || ClosesTheSameMember(statement)))
            return false;

        // Closed before the count is looked at (`int n = ns.Read(...); client.Close(); return n == 0 ? ...`): on this
        // path the zero branch finds it closed already. A count never compared is still one (the tree says the same).
        if (!zero && _connection is not null && (known & ClosedBit) == 0 && _flow.Closes(statement, _connection))
            known |= ClosedBit;

        if (ConnectionFlow.IsBroken(statement))
        {
            _unsure = true;
            return false;
        }

        foreach (var operation in OperationWalk.DescendantsAndSelf(statement))
        {
            if (operation is IInvalidOperation)
            {
                // Code being typed or broken (a half-written condition, a call that binds to nothing): what the
                // path does with the count cannot be told, so nothing is reported.
                _unsure = true;
                return false;
            }

            // A line null at the peer's close, dereferenced (line.IndexOf(':'), line.Length): a NullReferenceException
            // leaves here, as a throw would (line != "" holds for null, and the loop that reads headers so throws).
            if (zero && !countGone && _closedValue == ZeroTest.NullLine && DereferencesTheLine(operation))
            {
                _dereferencedNull = true;
                return false;
            }

            if (operation is IInvocationOperation invocation)
            {
                if (invocation.Syntax == _receive.Syntax || StartsCompletionAgain(invocation))
                {
                    InLoop = true;
                    if (zero)
                        _violation = PeerCloseVerdict.LoopGoesOn;
                    else
                        _uncomparedPath = true;
                    return false;
                }

                // Before a comparison, another receive on the connection: had this count been the close, that one gets the
                // close again at once, so where it handles its own close this path is handled there (int x = s.Receive(a);
                // int y = s.Receive(b); if (x == 0 || y == 0) return;, a telnet parser's two ReadByte() then one test).
                // Otherwise this count was never looked at.
                if (!zero && _connection is not null
                    && _flow.Classify(invocation) == ConnectionMemberKind.Receive
                    && SymbolEqualityComparer.Default.Equals(_flow.RootOf(invocation.Instance), _connection))
                {
                    if (!(_handsOverToNextReceive && NextReceiveHandles(invocation)))
                        _uncomparedPath = true;
                    return false;
                }

                // After the peer's close every receive on the connection gets the close again: a path that comes to
                // another one that handles it is handled there (an HTTP server's header loop left on null, back to the
                // request loop's own read, which ends on null).
                if (zero && _handsOverToNextReceive && NextReceiveHandles(invocation))
                    return false;
            }
            else if (operation is ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } assignment)
            {
                // The count local now holds something else. Before the close was seen this path says nothing more; after
                // it, the path must still close the connection or leave, whatever the local holds now.
                if (_countLocals.Contains(target.Local) && !IsCount(assignment.Value))
                {
                    // n = s.Receive(buf) again, before this count was compared: it was never looked at (as below, for a
                    // receive whose count goes elsewhere).
                    if (!zero && IsAnotherReceiveOnTheConnection(assignment.Value))
                    {
                        _uncomparedPath = true;
                        return false;
                    }

                    // Past a buffered-data test on the close's way (EndedBit), the close has been: as on the zero path.
                    if (!zero && (known & EndedBit) == 0)
                        return false;
                    countGone = true;
                }

                // A flag's one write: from here on this path it holds the test of this count.
                flags |= _flags.WrittenBy(assignment);
            }

            // A tracked bool local set to a constant is known from here on this path; set any other way, it is not.
            if (_boolBits is not null && KnownBools.WriteOf(operation) is ({ } written, var value) && BoolBit(written) is var bit and not 0)
            {
                // connected = n > 0;: the walk follows the receive's closed value, so the test's value is known there, as
                // a constant's is; a branch on it later is the count's test.
                if (value is null && !countGone && operation is ISimpleAssignmentOperation { Value: var tested }
                    && _flags.ValueAtClosed(tested, kind: 0, flags) is { } atClosed)
                {
                    value = atClosed;
                    _countTestBits |= bit;
                }

                (known, values) = KnownBools.Write(known, values, bit, value);
            }
        }

        return true;
    }

    private bool IsAnotherReceiveOnTheConnection(IOperation value) =>
        _connection is not null && Values.Unwrap(value, throughAwait: true) is IInvocationOperation other
        && _flow.Classify(other) == ConnectionMemberKind.Receive
        && SymbolEqualityComparer.Default.Equals(_flow.RootOf(other.Instance), _connection);

    /// <summary>
    /// For a receive on a member of a local or parameter (<c>p.Socket.Receive(buf)</c>, <c>session.Stream.Read(...)</c>),
    /// which has no symbol of its own among the aliases: whether <paramref name="statement"/> closes that same member of
    /// that same variable (<c>p.Socket.Close()</c>).
    /// </summary>
    private bool ClosesTheSameMember(IOperation statement)
    {
        if (_receiveMember is not { } member)
            return false;
        var holder = ConnectionAliases.SymbolOf(member.Instance);
        foreach (var operation in OperationWalk.DescendantsAndSelf(statement))
        {
            if (operation is not IInvocationOperation invocation)
                continue;
            if (invocation is { Instance: { } closed } && _flow.Classify(invocation) == ConnectionMemberKind.Close
                && Values.Unwrap(closed, throughAwait: false) is IMemberReferenceOperation other
                && (SymbolEqualityComparer.Default.Equals(other.Member, member.Member) || (_owned && _flow.Api.IsConnectionType(other.Type)))
                && SymbolEqualityComparer.Default.Equals(ConnectionAliases.SymbolOf(other.Instance), holder))
            {
                return true;
            }

            // A completion's state object (owned): any connection it carries closed (st.Client.Close() for st.Stream's
            // read), or the state handed to a method of the project that closes something (CloseClient(st), st.Close()).
            if (_owned && !invocation.TargetMethod.DeclaringSyntaxReferences.IsEmpty && _flow.Api.CloseMethods.ClosesSomethingOfItsOwn(invocation.TargetMethod)
                && (SymbolEqualityComparer.Default.Equals(ConnectionAliases.SymbolOf(invocation.Instance), holder) || PassesHolder(invocation, holder)))
            {
                return true;
            }
        }

        return false;
    }

    private static bool PassesHolder(IInvocationOperation invocation, ISymbol? holder)
    {
        foreach (var argument in invocation.Arguments)
        {
            if (SymbolEqualityComparer.Default.Equals(ConnectionAliases.SymbolOf(Values.Unwrap(argument.Value, throughAwait: false)), holder))
                return true;
        }

        return false;
    }

    /// <summary>
    /// Whether <paramref name="invocation"/> is another receive on this receive's connection (through the same reader,
    /// or on the connection itself) whose own close is handled, decided on its own paths.
    /// </summary>
    private bool NextReceiveHandles(IInvocationOperation invocation)
    {
        if (_connection is null || _completion is not null || invocation.Syntax == _receive.Syntax)
            return false;
        var readerReceive = _flow.Api.IsReaderReceive(invocation.TargetMethod);
        if (!readerReceive && _flow.Classify(invocation) != ConnectionMemberKind.Receive)
            return false;

        // A line read after a count read may first give lines its reader had buffered; a count read after a line read
        // finds the stream at its end. Either way the close comes again.
        var connection = readerReceive ? _flow.Aliases.ReaderConnection(invocation.Instance, _flow.Captures) : _flow.RootOf(invocation.Instance);
        if (!SymbolEqualityComparer.Default.Equals(connection, _connection) || _flow.Locate(invocation.Syntax) is not { } located)
        {
            return false;
        }

        // Compared there, not handed on: a count given to a method or returned may be handled or not.
        // Decided there: not cut off, nor unsure of its paths. Asked once per receive, whatever path comes to it.
        // The answer is the other receive's own, whichever receive asks: kept with the flow, which the receives of one
        // body share, so that n receives whose paths come to one another are decided n times, not n² (a parser's
        // else-if chain of 400 reads took a minute and a half).
        var decisions = _flow.NextReceiveDecisions;
        if (decisions.TryGetValue(invocation, out var known))
            return known;
        var next = new PeerCloseAnalysis(_flow, located.Block, located.Index, located.Invocation) { _handsOverToNextReceive = false };
        var handles = next.Run() == PeerCloseVerdict.Handled && next._compared && next._walked && !next._unsure;
        decisions[invocation] = handles;
        return handles;
    }

    /// <summary>
    /// Bool locals whose value a path can know: declared with a constant before the receive, in the block that holds
    /// the receive's statement, with nothing between that sets them, and set only outside lambdas and local functions.
    /// Each has a bit (at most 30); 0 for any other local.
    /// </summary>
    private Dictionary<ISymbol, int>? _boolBits;

    /// <summary>A bit of <see cref="Path.Known"/> past the bool locals' 30: the connection was closed on this path before its count was compared.</summary>
    private const int ClosedBit = 1 << 30;

    /// <summary>
    /// The last bit of <see cref="Path.Known"/>: on this path, with its count not compared, a test of buffered data on
    /// the connection was false, as it is after the peer's close (see <see cref="Visit"/>).
    /// </summary>
    private const int EndedBit = unchecked((int)0x80000000);

    /// <summary>Whether <paramref name="condition"/> is a bool the path knows and set from a test of the count (<c>connected</c>, <c>!connected</c>).</summary>
    private bool TestsCountFlag(IOperation condition, int known) =>
        KnownBools.SymbolOf(KnownBools.Tested(condition, out _)) is { } flag && BoolBit(flag) is var bit and not 0 && (_countTestBits & bit & known) != 0;

    private int BoolBit(ISymbol local) =>
        _boolBits is not null && _boolBits.TryGetValue(local, out var bit) ? bit : 0;

    /// <summary>The tracked bool locals and their values where the receive runs (see <see cref="BoolBit"/>).</summary>
    private (int Known, int Values) BoolsAtTheReceive()
    {
        var statement = ReceiveInTree();
        while (statement?.Parent is { } parent && parent is not IBlockOperation)
            statement = parent;
        if (statement?.Parent is not IBlockOperation block)
            return (0, 0);

        var (known, values) = (0, 0);
        var index = block.Operations.IndexOf(statement);
        for (int i = 0; i < index; i++)
        {
            if (block.Operations[i] is not IVariableDeclarationGroupOperation group)
                continue;
            foreach (var declaration in group.Declarations)
            foreach (var declarator in declaration.Declarators)
            {
                if (declarator.Symbol.Type.SpecialType != SpecialType.System_Boolean
                    || declarator.GetVariableInitializer()?.Value.ConstantValue is not { HasValue: true, Value: bool initial }
                    || (_boolBits?.Count ?? 0) >= 30
                    || IsSetBetween(block, i + 1, index, declarator.Symbol)
                    || KnownBools.IsSetInNestedFunction(_flow.Graph.OriginalOperation, declarator.Symbol))
                {
                    continue;
                }

                var bit = 1 << (_boolBits ??= new Dictionary<ISymbol, int>(SymbolEqualityComparer.Default)).Count;
                _boolBits[declarator.Symbol] = bit;
                known |= bit;
                if (initial)
                    values |= bit;
            }
        }

        // A bool declared further out (a loop's `while (open)`) holds no value the receive can know, but one the path
        // sets after it: `if (n == 0) open = false;` then leaves the loop at its condition.
        for (IOperation? outer = block.Parent; outer is not null && outer.Kind is not (OperationKind.AnonymousFunction or OperationKind.LocalFunction); outer = outer.Parent)
        {
            if (outer is not IBlockOperation enclosing)
                continue;
            foreach (var operation in enclosing.Operations)
            {
                if (operation is not IVariableDeclarationGroupOperation group)
                    continue;
                foreach (var declaration in group.Declarations)
                foreach (var declarator in declaration.Declarators)
                {
                    if (declarator.Symbol.Type.SpecialType == SpecialType.System_Boolean
                        && !KnownBools.IsSetInNestedFunction(_flow.Graph.OriginalOperation, declarator.Symbol))
                    {
                        TrackUnknown(declarator.Symbol);
                    }
                }
            }
        }

        // A bool field of this object that a loop around the receive tests (while (_open)): the same, from where the
        // path sets it (`if (n == 0) _open = false;`).
        for (IOperation? outer = ReceiveInTree()?.Parent; outer is not null && outer.Kind is not (OperationKind.AnonymousFunction or OperationKind.LocalFunction); outer = outer.Parent)
        {
            if (outer is not IWhileLoopOperation { Condition: { } condition })
                continue;
            foreach (var operation in OperationWalk.DescendantsAndSelf(condition))
            {
                if (operation.Kind is OperationKind.FieldReference or OperationKind.PropertyReference && operation.Type?.SpecialType == SpecialType.System_Boolean
                    && KnownBools.SymbolOf(operation) is { } flag)
                {
                    TrackUnknown(flag);
                }
            }
        }

        return (known, values);
    }

    /// <summary>Tracks <paramref name="symbol"/> with a bit of its own, its value not known at the receive (at most 30 bits).</summary>
    private void TrackUnknown(ISymbol symbol)
    {
        if ((_boolBits?.Count ?? 0) < 30 && !(_boolBits?.ContainsKey(symbol) ?? false))
            (_boolBits ??= new Dictionary<ISymbol, int>(SymbolEqualityComparer.Default))[symbol] = 1 << _boolBits.Count;
    }

    private static bool IsSetBetween(IBlockOperation block, int from, int to, ILocalSymbol local)
    {
        for (int i = from; i < to; i++)
        {
            if (KnownBools.SetsLocal(block.Operations[i], local, inNestedFunctionsOnly: false))
                return true;
        }

        return false;
    }

    /// <summary><c>socket.ReceiveAsync(e)</c> with the completion's own event args: the next round of the receive loop.</summary>
    private bool StartsCompletionAgain(IInvocationOperation invocation)
    {
        if (_completion is null || invocation.TargetMethod.Name != "ReceiveAsync")
            return false;
        foreach (var argument in invocation.Arguments)
        {
            if (SymbolEqualityComparer.Default.Equals(_flow.RootOf(argument.Value), _completion))
                return true;
        }

        return false;
    }

    /// <summary>
    /// In a completion, closing a connection (<c>((Socket)e.UserToken).Close()</c>, <c>e.AcceptSocket.Dispose()</c>, or a helper of the compilation given it that closes its parameter), or
    /// handing the event args to a helper of the compilation that closes something (<c>CloseClientSocket(e)</c>).
    /// </summary>
    private bool ClosesCompletion(IOperation statement)
    {
        if (_completion is null)
            return false;
        foreach (var operation in OperationWalk.DescendantsAndSelf(statement))
        {
            if (operation is not IInvocationOperation invocation)
                continue;
            if (_flow.Classify(invocation) == ConnectionMemberKind.Close && _flow.Aliases.IsConnection(invocation.Instance, _flow.Captures))
                return true;
            if (invocation.TargetMethod.DeclaringSyntaxReferences.IsEmpty)
                continue;

            // A session's own helper that closes its socket (Disconnect(), DisconnectAsync() that calls it), called on this object.
            if (invocation.Instance is null or IInstanceReferenceOperation && !invocation.TargetMethod.IsStatic
                && _flow.Api.CloseMethods.ClosesSomethingOfItsOwn(invocation.TargetMethod))
            {
                return true;
            }

            if (!_flow.Api.CloseMethods.ClosesSomething(invocation.TargetMethod))
                continue;
            foreach (var argument in invocation.Arguments)
            {
                if (SymbolEqualityComparer.Default.Equals(_flow.RootOf(argument.Value), _completion))
                    return true;

                // CloseSocket(socket), of the socket taken from the event args' UserToken: a helper that closes its parameter.
                if (argument.Parameter is { } parameter && _flow.Aliases.IsConnection(argument.Value, _flow.Captures)
                    && _flow.Api.CloseMethods.ClosesParameter(invocation.TargetMethod, parameter.Ordinal))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>An instance member of the line called or read on it, not through <c>?.</c> (an extension method's receiver is an argument).</summary>
    private bool DereferencesTheLine(IOperation operation) => operation switch
    {
        IInvocationOperation { Instance: { } instance, TargetMethod.IsStatic: false } => IsCount(instance),
        IPropertyReferenceOperation { Instance: { } instance } => IsCount(instance),
        _ => false,
    };

    /// <summary>
    /// After <see cref="Continues"/> stopped at a dereference of the null line in <paramref name="block"/>: the
    /// NullReferenceException thrown there goes where a throw from the block would.
    /// </summary>
    private void ThrowIfDereferencedNull(BasicBlock block, Path path, Stack<(BasicBlock, int, Path)> pending, HashSet<(int, Path)> visited)
    {
        if (!_dereferencedNull)
            return;
        _dereferencedNull = false;
        var thrown = _flow.Graph.OriginalOperation.SemanticModel?.Compilation.GetTypeByMetadataName("System.NullReferenceException");
        FollowThrow(block, thrown, path, pending, visited);
    }

    /// <summary>Whether an exception thrown in <paramref name="block"/> passes a finally that closes the connection, or may be caught.</summary>
    private bool ThrowIsHandledOnTheWayOut(BasicBlock block)
    {
        for (var region = block.EnclosingRegion; region is not null; region = region.EnclosingRegion)
        {
            switch (region.Kind)
            {
                case ControlFlowRegionKind.Catch or ControlFlowRegionKind.Filter or ControlFlowRegionKind.FilterAndHandler or ControlFlowRegionKind.Finally:
                    return true;
                case ControlFlowRegionKind.Try when region.EnclosingRegion is { } tryAnd:
                    if (tryAnd.Kind is ControlFlowRegionKind.TryAndCatch)
                        return true;
                    if (tryAnd.Kind is ControlFlowRegionKind.TryAndFinally && tryAnd.NestedRegions.Length > 1 && _flow.RegionCloses(tryAnd.NestedRegions[1], _connection))
                        return true;
                    break;
            }
        }

        return false;
    }

    /// <summary>
    /// A throw on the zero path. A catch of this function that surely takes the exception runs next, on the zero path
    /// (a catch in the read loop that swallows it lets the loop go on); a finally that closes the connection on the
    /// way ends the path, and so does a catch that only may take it. With no catch, the exception leaves: an owner's
    /// connection stays open (CLOSE_WAIT until it is collected) unless a finally or using on the way out closes it.
    /// </summary>
    private void FollowThrow(ControlFlowBranch branch, Path path, Stack<(BasicBlock, int, Path)> pending, HashSet<(int, Path)> visited)
    {
        var thrown = ThrownType(branch);

        // throw; outside a catch (code that does not compile): what it throws cannot be told.
        if (thrown is null && branch.Semantics == ControlFlowBranchSemantics.Rethrow)
            return;
        FollowThrow(branch.Source, thrown, path, pending, visited);
    }

    /// <summary>An exception of static type <paramref name="thrown"/> (null when unknown) thrown in <paramref name="source"/>, followed as <see cref="FollowThrow(ControlFlowBranch, Path, Stack{ValueTuple{BasicBlock, int, Path}}, HashSet{ValueTuple{int, Path}})"/> says.</summary>
    private void FollowThrow(BasicBlock source, ITypeSymbol? thrown, Path path, Stack<(BasicBlock, int, Path)> pending, HashSet<(int, Path)> visited)
    {
        for (var region = source.EnclosingRegion; region is not null; region = region.EnclosingRegion)
        {
            if (region.Kind == ControlFlowRegionKind.Filter)
                return;
            if (region.Kind != ControlFlowRegionKind.Try || region.EnclosingRegion is not { } tryAnd)
                continue;

            if (tryAnd.Kind == ControlFlowRegionKind.TryAndFinally)
            {
                if (tryAnd.NestedRegions.Length > 1 && _flow.RegionCloses(tryAnd.NestedRegions[1], _connection))
                    return;
                continue;
            }

            for (int i = 1; i < tryAnd.NestedRegions.Length; i++)
            {
                var handler = tryAnd.NestedRegions[i];
                switch (Takes(handler, thrown))
                {
                    case true:
                        var caught = new Path(zero: true, caught: true, path.Flags, path.CountGone, path.Known, path.Values);
                        if (visited.Add((handler.FirstBlockOrdinal, caught)))
                            pending.Push((_flow.Graph.Blocks[handler.FirstBlockOrdinal], 0, caught));
                        return;
                    case null:
                        return;
                }
            }
        }

        if (_owned && !path.Caught && !ThrowIsHandledOnTheWayOut(source))
            _violation = PeerCloseVerdict.NotClosed;
    }

    /// <summary>The static type of what a throw throws; for a rethrow, what its catch catches. Null when unknown.</summary>
    private static ITypeSymbol? ThrownType(ControlFlowBranch branch)
    {
        if (branch.Semantics == ControlFlowBranchSemantics.Throw)
            return Values.Unwrap(branch.Source.BranchValue, throughAwait: false)?.Type;
        for (var region = branch.Source.EnclosingRegion; region is not null; region = region.EnclosingRegion)
        {
            if (region.Kind is ControlFlowRegionKind.Catch or ControlFlowRegionKind.FilterAndHandler)
                return region.ExceptionType;
        }

        return null;
    }

    /// <summary>
    /// Whether a handler takes an exception of static type <paramref name="thrown"/>: surely (a catch of that type, a
    /// base of it, or everything), not at all (an unrelated type), or maybe (a derived type, a filter, an unknown type).
    /// </summary>
    private static bool? Takes(ControlFlowRegion handler, ITypeSymbol? thrown)
    {
        var caught = handler.ExceptionType;
        bool? byType = caught is null || caught.SpecialType == SpecialType.System_Object ? true
            : thrown is null || thrown.TypeKind == TypeKind.Error || caught.TypeKind == TypeKind.Error ? null
            : KnownSymbols.DerivesFrom(thrown, caught as INamedTypeSymbol) ? true
            : KnownSymbols.DerivesFrom(caught, thrown as INamedTypeSymbol) ? null
            : false;
        return handler.Kind == ControlFlowRegionKind.Catch || byType == false ? byType : null;
    }

    private void Follow(ControlFlowBranch? branch, Path path, Stack<(BasicBlock, int, Path)> pending, HashSet<(int, Path)> visited)
    {
        if (branch is null || (path.Zero && (path.Known & ClosedBit) != 0))
            return;
        if (path.Zero)
        {
            foreach (var region in branch.FinallyRegions)
            {
                if (_flow.RegionCloses(region, _connection))
                    return;
            }
        }

        if (branch.Semantics is ControlFlowBranchSemantics.Throw or ControlFlowBranchSemantics.Rethrow)
        {
            if (path.Zero)
                FollowThrow(branch, path, pending, visited);
            return;
        }

        if (branch.Destination is null)
            return;

        if (branch.Destination.Kind == BasicBlockKind.Exit)
        {
            // Past a catch the end is not reported: the handling of the exception may have dealt with the connection.
            if (!path.Zero && (_owned || (path.Known & EndedBit) == 0))
                _uncomparedPath = true;
            else if (_owned && !path.Caught)
                _violation = PeerCloseVerdict.NotClosed;
            return;
        }

        if (visited.Add((branch.Destination.Ordinal, path)))
            pending.Push((branch.Destination, 0, path));
    }
}
