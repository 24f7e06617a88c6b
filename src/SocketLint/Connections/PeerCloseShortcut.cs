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
/// know (a nested if or loop, a try, a label, the end of a loop body, the end of the function with an owned
/// connection still open) sends the receive to the graph, which decides it and words the finding.
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

    private PeerCloseShortcut(IInvocationOperation receive, ISymbol? connection, bool owned, ConnectionCloses closes)
    {
        _receive = receive;
        _connection = connection;
        _owned = owned;
        _closes = closes;
    }

    private enum Outcome { Handled, Unknown }

    /// <summary>True when the receive's count of 0 is certainly handled; false when only the graph can tell.</summary>
    public static bool IsHandled(IInvocationOperation receive, ISymbol? connection, bool owned, ConnectionCloses closes) =>
        new PeerCloseShortcut(receive, connection, owned, closes).Decide() == Outcome.Handled;

    private Outcome Decide()
    {
        var value = PeerCloseAnalysis.CountValue(_receive, out var awaited);
        var closedValue = ConnectionApi.ClosedValue(_receive.TargetMethod);

        // The task is kept, not its count (var t = s.ReceiveAsync(buf)), or the count is returned: whoever gets it decides.
        if ((!awaited && _receive.Type?.SpecialType != SpecialType.System_Int32 && value.Parent is not null) || value.Parent is IReturnOperation { Kind: OperationKind.Return })
            return Outcome.Handled;

        // while ((n = s.Receive(buf)) > 0) ...: on 0 the loop is left.
        if (value.Parent is ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } assignment && assignment.Value == value
            && LoopTesting(assignment) is { } loop)
        {
            _count = target.Local;
            return ZeroTest.ValueWhenClosed(loop.Condition!, IsCount, closedValue) == false ? After(loop) : Outcome.Unknown;
        }

        // var n = s.Receive(buf); if (n == 0) ...   or   n = s.Receive(buf); if (n <= 0) ...
        var statement = StatementKeeping(value);
        if (_count is null || _count.Type.SpecialType != SpecialType.System_Int32 || statement?.Parent is not IBlockOperation block)
            return Outcome.Unknown;

        // Statements that neither jump, nor receive on the connection, nor touch the count may come before the test.
        var next = NextIn(block, statement);
        while (next is IExpressionStatementOperation or IVariableDeclarationGroupOperation && Scan(next, zero: false) is null && ++_steps <= MaxSteps)
            next = NextIn(block, next);

        if (next is IReturnOperation { Kind: OperationKind.Return, ReturnedValue: { } returned } && IsCount(returned))
            return Outcome.Handled;
        if (next is not IConditionalOperation test)
            return Outcome.Unknown;

        return ZeroTest.ValueWhenClosed(test.Condition, IsCount, closedValue) switch
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
                return Outcome.Handled;
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
        foreach (var operation in statement.DescendantsAndSelf())
        {
            switch (operation)
            {
                case IInvalidOperation:
                    return Outcome.Handled;
                case IAnonymousFunctionOperation or ILocalFunctionOperation or IThrowOperation or ISwitchExpressionOperation
                    or IConditionalOperation or IConditionalAccessOperation or ICoalesceOperation or ICoalesceAssignmentOperation
                    or IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalAnd or BinaryOperatorKind.ConditionalOr }:
                    // A nested function is not run here; a throw, or an operator that evaluates one side only, may
                    // take part of the path elsewhere or skip a close.
                    return Outcome.Unknown;
                case IInvocationOperation invocation:
                    if (invocation.Syntax == _receive.Syntax)
                        return Outcome.Unknown;
                    if (!zero && ReceivesOnTheConnection(invocation))
                        return Outcome.Unknown;
                    closes |= zero && _connection is not null && _closes.Closes(invocation, _connection);
                    break;
                case ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } when SymbolEqualityComparer.Default.Equals(target.Local, _count):
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
