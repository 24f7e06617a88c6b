using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace SocketLint.Connections;

/// <summary>
/// The read loops written the usual way, told handled on the operation tree so that no control flow graph is built
/// for them: the count is tested for 0 right where it is produced, and the path on which it is 0 runs straight to a
/// close of the connection, or out of the function (and, when the function owns the connection, out of a using of it).
/// </summary>
/// <remarks>
/// It answers only "handled", and only when <see cref="PeerCloseAnalysis"/> would answer the same on the graph: the
/// test comes first, so the count is compared on every path and only the zero branch goes on; that branch is
/// followed only through statements that cannot jump (a return, throw or break ends it), and whatever it does not
/// know (a nested if or loop, a try, a throw a catch may take, a label, the end of a loop body, the end of the
/// function with an owned connection still open, a test carried by a bool local) sends the receive to the graph,
/// which decides it and words the finding.
/// </remarks>
internal sealed class PeerCloseShortcut
{
    /// <summary>Statements followed on the zero path before the graph is left to decide.</summary>
    private const int MaxSteps = 64;

    private readonly IInvocationOperation _receive;
    private readonly ISymbol? _connection;
    private readonly bool _owned;
    private readonly ConnectionCloses _closes;
    private ILocalSymbol? _count;
    private int _steps;

    /// <summary><see cref="IsCount"/> as a delegate, made on first use and kept: a method group passed as one makes a new delegate at each call.</summary>
    private System.Func<IOperation, bool>? _isCount;

    private PeerCloseShortcut(IInvocationOperation receive, ISymbol? connection, bool owned, ConnectionCloses closes)
    {
        _receive = receive;
        _connection = connection;
        _owned = owned;
        _closes = closes;
    }

    private System.Func<IOperation, bool> IsCountTest => _isCount ??= IsCount;

    private enum Outcome { Handled, Unknown }

    /// <summary>True when the receive's count of 0 is certainly handled; false when only the graph can tell.</summary>
    public static bool IsHandled(IInvocationOperation receive, ISymbol? connection, bool owned, ConnectionCloses closes) =>
        new PeerCloseShortcut(receive, connection, owned, closes).Decide() == Outcome.Handled;

    private Outcome Decide()
    {
        var value = PeerCloseAnalysis.CountValue(_receive, out var awaited);
        var closedValue = ConnectionApi.ClosedValue(_receive);

        // The task is kept, not its count (var t = s.ReceiveAsync(buf)), or the count is returned: whoever gets it decides.
        if ((!awaited && !PeerCloseAnalysis.IsCountType(_receive.Type) && value.Parent is not null) || value.Parent is IReturnOperation { Kind: OperationKind.Return })
            return Outcome.Handled;

        // while ((n = s.Receive(buf)) > 0) ...: on 0 the loop is left.
        if (value.Parent is ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } assignment && assignment.Value == value
            && LoopTesting(assignment) is { } loop)
        {
            _count = target.Local;
            return ZeroTest.ValueAtClosed(loop.Condition!, IsCountTest, closedValue) == false ? After(loop) : Outcome.Unknown;
        }

        // var n = s.Receive(buf); if (n == 0) ...   or   n = s.Receive(buf); if (n <= 0) ...
        var statement = StatementKeeping(value);
        if (_count is null || !PeerCloseAnalysis.IsCountType(_count.Type) || statement?.Parent is not IBlockOperation block)
            return Outcome.Unknown;

        // Statements that neither jump, nor receive on the connection, nor touch the count may come before the test.
        var next = NextIn(block, statement);
        while (next is IExpressionStatementOperation or IVariableDeclarationGroupOperation && Scan(next, zero: false) is null && ++_steps <= MaxSteps)
            next = NextIn(block, next);

        if (next is IReturnOperation { Kind: OperationKind.Return, ReturnedValue: { } returned } && IsCount(Values.ResultOf(returned)))
            return Outcome.Handled;
        if (next is not IConditionalOperation test)
            return Outcome.Unknown;

        return ZeroTest.ValueAtClosed(test.Condition, IsCountTest, closedValue) switch
        {
            true => Run(test.WhenTrue),
            false => test.WhenFalse is { } whenFalse ? Run(whenFalse) : After(test),
            null => Outcome.Unknown,
        };
    }

    /// <summary>The while or do loop whose whole condition compares <paramref name="assignment"/>'s value.</summary>
    private static IWhileLoopOperation? LoopTesting(IOperation assignment)
    {
        var operation = assignment.Parent;
        while (operation is IParenthesizedOperation or IConversionOperation)
            operation = operation.Parent;
        if (operation is not (IBinaryOperation or IIsPatternOperation))
            return null;
        var condition = operation;
        while (condition.Parent is IParenthesizedOperation or IUnaryOperation { OperatorKind: UnaryOperatorKind.Not })
            condition = condition.Parent;
        return condition.Parent is IWhileLoopOperation { ConditionIsUntil: false } loop && loop.Condition == condition ? loop : null;
    }

    /// <summary>The statement that stores the count in a local (<c>var n = ...;</c>, <c>n = ...;</c>), setting <see cref="_count"/>.</summary>
    private IOperation? StatementKeeping(IOperation value)
    {
        switch (value.Parent)
        {
            case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator }
                when declarator.Parent is IVariableDeclarationOperation { Declarators.Length: 1, Parent: IVariableDeclarationGroupOperation { Declarations.Length: 1 } group }:
                _count = declarator.Symbol;
                return group;
            case ISimpleAssignmentOperation { Target: ILocalReferenceOperation target, Parent: IExpressionStatementOperation statement } assignment
                when assignment.Value == value:
                _count = target.Local;
                return statement;
            default:
                return null;
        }
    }

    private bool IsCount(IOperation operation)
    {
        var unwrapped = Values.Unwrap(operation, throughAwait: false);
        return unwrapped is ILocalReferenceOperation local && SymbolEqualityComparer.Default.Equals(local.Local, _count)
            || unwrapped is ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } && SymbolEqualityComparer.Default.Equals(target.Local, _count);
    }

    private static IOperation? NextIn(IBlockOperation block, IOperation statement)
    {
        var operations = block.Operations;
        for (int i = 0; i < operations.Length - 1; i++)
        {
            if (operations[i] == statement)
                return operations[i + 1];
        }

        return null;
    }

    /// <summary>Runs <paramref name="statement"/> on the zero path, then what follows it.</summary>
    private Outcome Run(IOperation statement)
    {
        if (++_steps > MaxSteps)
            return Outcome.Unknown;
        if (ConnectionFlow.IsBroken(statement))
            return Outcome.Handled;

        switch (statement)
        {
            case IBlockOperation block:
                return block.Operations.IsEmpty ? After(block) : Run(block.Operations[0]);
            case IThrowOperation or IExpressionStatementOperation { Operation: IThrowOperation }:
                // A non-owner hands the decision back, unless a catch of its own takes it (and may go round the loop
                // again); an owner's connection stays open unless a finally closes it.
                return _owned || IsInTryWithCatch(statement) ? Outcome.Unknown : Outcome.Handled;
            case IReturnOperation { Kind: OperationKind.Return } leave:
                return Scan(leave) is { } decided ? decided : Leaves(leave);
            case IBranchOperation { BranchKind: BranchKind.Break } exit:
                return LoopLeftBy(exit) is { } loop ? After(loop) : Outcome.Unknown;
            case IExpressionStatementOperation or IVariableDeclarationGroupOperation or IEmptyOperation:
                return Scan(statement) is { } outcome ? outcome : After(statement);
            default:
                return Outcome.Unknown;
        }
    }

    /// <summary>
    /// What one straight statement decides: handled when it closes the connection on the zero path (or cannot be read),
    /// unknown when it may jump, receives again or changes the count; null when the path just goes on. Nested
    /// functions are not run.
    /// </summary>
    private Outcome? Scan(IOperation statement, bool zero = true)
    {
        var closes = false;
        foreach (var operation in OperationWalk.DescendantsAndSelf(statement))
        {
            // Told apart by kind first: a type test against an operation interface costs a cast check each.
            switch (operation.Kind)
            {
                case OperationKind.Invalid:
                    return Outcome.Handled;
                case OperationKind.AnonymousFunction or OperationKind.LocalFunction or OperationKind.Throw or OperationKind.SwitchExpression
                    or OperationKind.Conditional or OperationKind.ConditionalAccess or OperationKind.Coalesce or OperationKind.CoalesceAssignment:
                case OperationKind.Binary when ((IBinaryOperation)operation).OperatorKind is BinaryOperatorKind.ConditionalAnd or BinaryOperatorKind.ConditionalOr:
                    // A nested function is not run here; a throw, or an operator that evaluates one side only, may
                    // take part of the path elsewhere or skip a close.
                    return Outcome.Unknown;
                case OperationKind.Invocation:
                    var invocation = (IInvocationOperation)operation;
                    if (invocation.Syntax == _receive.Syntax)
                        return Outcome.Unknown;
                    if (!zero && ReceivesOnTheConnection(invocation))
                        return Outcome.Unknown;
                    closes |= zero && _connection is not null && _closes.Closes(invocation, _connection);
                    break;
                case OperationKind.SimpleAssignment when ((ISimpleAssignmentOperation)operation).Target is ILocalReferenceOperation target
                    && SymbolEqualityComparer.Default.Equals(target.Local, _count):
                    return Outcome.Unknown;
            }
        }

        return closes ? Outcome.Handled : null;
    }

    /// <summary>Before the test, another receive on the connection (or on any, when the connection is not known) ends the path uncompared.</summary>
    private bool ReceivesOnTheConnection(IInvocationOperation invocation) =>
        _closes.Classify(invocation) == ConnectionMemberKind.Receive
        && (_connection is null || SymbolEqualityComparer.Default.Equals(_closes.RootOf(invocation.Instance), _connection));

    /// <summary>Where the path goes once <paramref name="statement"/> has completed normally.</summary>
    private Outcome After(IOperation statement)
    {
        switch (statement.Parent)
        {
            case IBlockOperation block:
                return NextIn(block, statement) is { } next ? Run(next) : EndOf(block);
            case IConditionalOperation branch when statement == branch.WhenTrue || statement == branch.WhenFalse:
                return After(branch);
            case IUsingOperation @using when statement == @using.Body:
                return UsingCloses(@using.Resources) ? Outcome.Handled : After(@using);
            default:
                // The end of a loop body goes round again, a try may run a finally: the graph knows.
                return Outcome.Unknown;
        }
    }

    private Outcome EndOf(IBlockOperation block)
    {
        foreach (var statement in block.Operations)
        {
            if (statement is IUsingDeclarationOperation declaration && UsingCloses(declaration.DeclarationGroup))
                return Outcome.Handled;
        }

        return block.Parent is IMethodBodyBaseOperation or IAnonymousFunctionOperation or ILocalFunctionOperation
            ? ReachesEnd()
            : After(block);
    }

    /// <summary>A return: it leaves a connection the function does not own, or one a using around it disposes.</summary>
    private Outcome Leaves(IOperation statement)
    {
        if (!_owned)
            return Outcome.Handled;
        for (var child = statement; child.Parent is { } parent; child = parent)
        {
            switch (parent)
            {
                case IAnonymousFunctionOperation or ILocalFunctionOperation or IMethodBodyBaseOperation:
                    return Outcome.Unknown;
                case IUsingOperation @using when child == @using.Body && UsingCloses(@using.Resources):
                    return Outcome.Handled;
                case IBlockOperation block:
                    foreach (var earlier in block.Operations)
                    {
                        if (earlier == child)
                            break;
                        if (earlier is IUsingDeclarationOperation declaration && UsingCloses(declaration.DeclarationGroup))
                            return Outcome.Handled;
                    }

                    break;
                case ITryOperation:
                    // A finally may close it, or not: the graph follows the finally regions.
                    return Outcome.Unknown;
            }
        }

        return Outcome.Unknown;
    }

    /// <summary>The end of the function: fine for a connection it does not own; an owned one left open is for the graph to report.</summary>
    private Outcome ReachesEnd() => _owned ? Outcome.Unknown : Outcome.Handled;

    /// <summary>Whether <paramref name="statement"/> is in the body of a try with a catch, in its own function.</summary>
    private static bool IsInTryWithCatch(IOperation statement)
    {
        for (var child = statement; child.Parent is { } parent; child = parent)
        {
            switch (parent)
            {
                case ITryOperation @try when child == @try.Body && !@try.Catches.IsEmpty:
                    return true;
                case IAnonymousFunctionOperation or ILocalFunctionOperation:
                    return false;
            }
        }

        return false;
    }

    /// <summary>The loop a break leaves, when the innermost loop or switch around it is a loop.</summary>
    private static ILoopOperation? LoopLeftBy(IOperation exit)
    {
        for (var current = exit.Parent; current is not null; current = current.Parent)
        {
            switch (current)
            {
                case ILoopOperation loop:
                    return loop;
                case ISwitchOperation or IAnonymousFunctionOperation or ILocalFunctionOperation:
                    return null;
            }
        }

        return null;
    }

    private bool UsingCloses(IOperation resources) => _connection is not null && _closes.Disposes(resources, _connection);
}

/// <summary>
/// A count kept in a local that nothing ever compares, decided on the operation tree: <c>var n = s.Receive(buf);
/// ... GetString(buf, 0, n)</c> at the top of a function that then runs straight to its end, or in a loop body with
/// no way out of it. <see cref="PeerCloseAnalysis"/> would say <see cref="PeerCloseVerdict.NeverCompared"/> on the graph.
/// </summary>
/// <remarks>
/// Every use of the count (and of its copies) must be one that no branch can test: a value argument, arithmetic,
/// a copy into another local, an interpolation. The statements from the receive on may not jump, throw or be
/// broken, so that a path from the receive reaches the end of the function, or the same receive again, without a
/// comparison. Anything else goes to the graph. Checked against the graph on every receive of the suite's corpus.
/// </remarks>
internal static class UncomparedCount
{
    /// <summary>Operations looked at before the graph is left to decide.</summary>
    private const int MaxOperations = 2000;

    public static bool IsNeverCompared(IInvocationOperation receive, out bool inLoop)
    {
        inLoop = false;
        var value = PeerCloseAnalysis.CountValue(receive, out var awaited);
        if (!awaited && !PeerCloseAnalysis.IsCountType(receive.Type))
            return false;

        // var n = s.Receive(buf);   or   n = s.Receive(buf);   directly in a block.
        ILocalSymbol count;
        IOperation statement;
        switch (value.Parent)
        {
            case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator }
                when declarator.Parent is IVariableDeclarationOperation { Declarators.Length: 1, Parent: IVariableDeclarationGroupOperation { Declarations.Length: 1 } group }:
                count = declarator.Symbol;
                statement = group;
                break;
            case ISimpleAssignmentOperation { Target: ILocalReferenceOperation target, Parent: IExpressionStatementOperation expression } assignment when assignment.Value == value:
                count = target.Local;
                statement = expression;
                break;
            default:
                return false;
        }

        if (!PeerCloseAnalysis.IsCountType(count.Type) || count.RefKind != RefKind.None || statement.Parent is not IBlockOperation block
            || PeerCloseAnalysis.IsCapturedFromOutside(count, receive.Syntax))
        {
            return false;
        }

        var function = FlowGraphs.FunctionAround(receive);
        var functionBody = function switch
        {
            IAnonymousFunctionOperation lambda => lambda.Body,
            ILocalFunctionOperation local => local.Body,
            _ => function is IMethodBodyBaseOperation body ? body.BlockBody : function as IBlockOperation,
        };

        // Where the path from the receive goes: straight to the end of the function, or round the loop whose body this is.
        if (block == functionBody)
        {
            if (!RunsToTheEnd(block, statement))
                return false;
        }
        else if (block.Parent is ILoopOperation loop && loop.Body == block)
        {
            // Round the loop to the same receive: no way out of the body, no other read on the way, a condition that can hold.
            if (!IsJumpFree(loop, receive, theLoopItself: true) || loop is IWhileLoopOperation { Condition.ConstantValue: { HasValue: true, Value: false } }
                || loop is IForLoopOperation { Condition.ConstantValue: { HasValue: true, Value: false } })
            {
                return false;
            }

            inLoop = true;
        }
        else
        {
            return false;
        }

        return UsesAreUncompared(function, receive, count);
    }

    /// <summary>
    /// Whether the statement that holds <paramref name="receive"/> is in the body of a loop that goes round to it with
    /// no way out: no jump, throw or other read in the loop, and a condition that can hold.
    /// </summary>
    public static bool SpinsRoundItsLoop(IInvocationOperation receive)
    {
        IOperation statement = receive;
        while (statement.Parent is { } parent && parent is not (IBlockOperation or ILoopOperation))
        {
            if (parent.Kind is OperationKind.AnonymousFunction or OperationKind.LocalFunction)
                return false;
            statement = parent;
        }

        // The loop's body is a block, or the one statement itself (for (;;) all.AppendLine(reader.ReadLine());).
        var body = statement.Parent is IBlockOperation block ? block : statement;
        return body.Parent is ILoopOperation loop && loop.Body == body
            && IsJumpFree(loop, receive, theLoopItself: true)
            && loop is not (IWhileLoopOperation { Condition.ConstantValue: { HasValue: true, Value: false } } or IForLoopOperation { Condition.ConstantValue: { HasValue: true, Value: false } });
    }

    /// <summary>The statements after <paramref name="statement"/> neither jump nor throw, up to a return or the block's end.</summary>
    private static bool RunsToTheEnd(IBlockOperation block, IOperation statement)
    {
        var operations = block.Operations;
        for (int i = operations.IndexOf(statement) + 1; i < operations.Length; i++)
        {
            var next = operations[i];
            if (next is IReturnOperation { Kind: OperationKind.Return } leave)
                return leave.ReturnedValue is null || IsJumpFree(leave.ReturnedValue);
            if (!IsJumpFree(next))
                return false;
        }

        return true;
    }

    /// <summary>
    /// No jump, throw, label, try or code that does not bind in <paramref name="operation"/>, outside nested
    /// functions, nor an endless loop (but <paramref name="operation"/> itself when <paramref name="theLoopItself"/>);
    /// and, given <paramref name="receive"/>, no read but that one.
    /// </summary>
    private static bool IsJumpFree(IOperation operation, IInvocationOperation? receive = null, bool theLoopItself = false)
    {
        using var lease = OperationStack.Rent(out var pending);
        pending.Push(operation);
        var seen = 0;
        while (pending.Count > 0)
        {
            var current = pending.Pop();
            if (++seen > MaxOperations)
                return false;
            // Told apart by kind first: a type test against an operation interface costs a cast check each.
            switch (current.Kind)
            {
                case OperationKind.AnonymousFunction or OperationKind.LocalFunction:
                    continue;
                case OperationKind.Branch or OperationKind.Return or OperationKind.YieldBreak or OperationKind.YieldReturn or OperationKind.Throw
                    or OperationKind.Labeled or OperationKind.Try or OperationKind.Invalid:
                    return false;
                case OperationKind.Loop when !(theLoopItself && current == operation) && current is
                    IWhileLoopOperation { Condition: null or { ConstantValue: { HasValue: true, Value: true } } } or
                    IForLoopOperation { Condition: null or { ConstantValue: { HasValue: true, Value: true } } }:
                    // A path into an endless loop never comes out of it.
                    return false;
                case OperationKind.Invocation when receive is not null && current != receive && ConnectionApi.NamesARead(((IInvocationOperation)current).TargetMethod):
                    return false;
                case OperationKind.PropertyReference when ((IPropertyReferenceOperation)current).Property.Name is "Available" or "DataAvailable":
                    // A test of buffered data after the receive is false at the peer's close: the graph follows it.
                    return false;
            }

            pending.PushChildren(current);
        }

        return true;
    }

    /// <summary>
    /// Whether the count and its copies are only ever used where no branch can compare them, in a function with no
    /// labels and nothing that does not bind; the count is set only by this receive.
    /// </summary>
    private static bool UsesAreUncompared(IOperation function, IInvocationOperation receive, ILocalSymbol count)
    {
        // The function's operations are gathered into a list of the thread's own, emptied after each use: a new list
        // per receive grew six times on the way to a typical function's size (profiled on the benchmark's code base).
        var operations = OperationSequence.Rent();
        try
        {
            return UsesAreUncompared(function, receive, count, operations);
        }
        finally
        {
            OperationSequence.Return(operations);
        }
    }

    private static bool UsesAreUncompared(IOperation function, IInvocationOperation receive, ILocalSymbol count, OperationSequence operations)
    {
        var counts = new HashSet<ILocalSymbol>(SymbolEqualityComparer.Default) { count };
        using var lease = OperationStack.Rent(out var pending);
        pending.Push(function);
        while (pending.Count > 0)
        {
            var current = pending.Pop();
            if (operations.Count > MaxOperations)
                return false;
            switch (current.Kind)
            {
                case OperationKind.AnonymousFunction or OperationKind.LocalFunction when current != function:
                    // A nested function that names a count sees it in a graph of its own: the graph may differ.
                    if (Names(current, counts))
                        return false;
                    continue;
                case OperationKind.Labeled or OperationKind.Invalid:
                    return false;
            }

            operations.Add(current);
            pending.PushChildren(current);
        }

        // Copies first (var m = n;), then every use of every count.
        for (int pass = 0; pass < 2; pass++)
        {
            foreach (var operation in operations)
            {
                if (operation.Kind == OperationKind.VariableDeclarator
                    && operation is IVariableDeclaratorOperation { Initializer.Value: var initial } declarator
                    && Values.Unwrap(initial, throughAwait: false) is ILocalReferenceOperation source && counts.Contains(source.Local))
                {
                    counts.Add(declarator.Symbol);
                }
            }
        }

        foreach (var operation in operations)
        {
            if (operation.Kind is not (OperationKind.VariableDeclarator or OperationKind.LocalReference))
                continue;
            switch (operation)
            {
                // A count declared with another value (int n = 0;) holds something else on some path: the graph may stop there.
                case IVariableDeclaratorOperation { Initializer.Value: var initial } declarator when counts.Contains(declarator.Symbol):
                    var unwrapped = Values.Unwrap(initial, throughAwait: true);
                    if (!(unwrapped is IInvocationOperation setter && setter.Syntax == receive.Syntax)
                        && !(unwrapped is ILocalReferenceOperation copied && counts.Contains(copied.Local)))
                    {
                        return false;
                    }

                    break;
                case ILocalReferenceOperation reference when counts.Contains(reference.Local):
                    if (!IsUncomparedUse(reference, receive, counts))
                        return false;
                    break;
            }
        }

        return true;
    }

    private static bool Names(IOperation function, HashSet<ILocalSymbol> counts)
    {
        foreach (var operation in OperationWalk.Descendants(function))
        {
            if (operation.Kind == OperationKind.LocalReference && counts.Contains(((ILocalReferenceOperation)operation).Local))
                return true;
        }

        return false;
    }

    /// <summary>A use of a count that no branch can compare with 0.</summary>
    private static bool IsUncomparedUse(ILocalReferenceOperation reference, IInvocationOperation receive, HashSet<ILocalSymbol> counts)
    {
        IOperation use = reference;
        while (use.Parent is IConversionOperation or IParenthesizedOperation)
            use = use.Parent;
        switch (use.Parent)
        {
            case IArgumentOperation { Parent: { } call } when ZeroTest.StringTestedForText(call) is not null:
                // string.IsNullOrEmpty(line): a test of the line's null, its end.
                return false;
            case IArgumentOperation { Parameter.RefKind: RefKind.None, ArgumentKind: ArgumentKind.Explicit or ArgumentKind.DefaultValue }:
                // Returned in a task (return new ValueTask<int>(n)): the caller decides, as with return n.
                return !Values.IsReturned(use);
            case IBinaryOperation arithmetic when IsArithmetic(arithmetic.OperatorKind):
                return IsArithmeticChain(arithmetic);
            case ICompoundAssignmentOperation { OperatorKind: BinaryOperatorKind.Add or BinaryOperatorKind.Subtract } sum when sum.Value == use:
                return true;
            case IInterpolationOperation:
                return true;
            case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator }:
                return counts.Contains(declarator.Symbol);
            case ISimpleAssignmentOperation assignment when assignment.Target == use:
                // The count set: only by this receive.
                return Values.Unwrap(assignment.Value, throughAwait: true) is IInvocationOperation setter && setter.Syntax == receive.Syntax;
            default:
                return false;
        }
    }

    private static bool IsArithmetic(BinaryOperatorKind kind) =>
        kind is BinaryOperatorKind.Add or BinaryOperatorKind.Subtract or BinaryOperatorKind.Multiply or BinaryOperatorKind.Divide or BinaryOperatorKind.Remainder;

    /// <summary>Arithmetic inside arithmetic (<c>offset + n + 1</c>), never inside a comparison.</summary>
    private static bool IsArithmeticChain(IOperation arithmetic)
    {
        for (var current = arithmetic.Parent; current is not null; current = current.Parent)
        {
            switch (current)
            {
                case IBinaryOperation outer when IsArithmetic(outer.OperatorKind):
                case IConversionOperation or IParenthesizedOperation:
                    continue;
                case IBinaryOperation or IIsPatternOperation:
                    return false;
                default:
                    return true;
            }
        }

        return true;
    }
}
