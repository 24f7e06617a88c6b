using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace SocketLint.Connections;

/// <summary>
/// SL0003's two usual shapes, decided on the operation tree so that no control flow graph is built for them: the
/// accepted connection is drained (a loop that ends only when a receive returns 0) before anything could close it,
/// or it is closed in straight-line code after the accept with no receive on the way.
/// </summary>
/// <remarks>
/// It answers only where <see cref="ServerCloseAnalysis"/> would answer the same on the graph. The statements after
/// the accept, in its own block, are taken one by one; one that could jump away, close, hand the connection on, set
/// a linger option, run a try, or that the tree cannot read (a zero test kept in a bool flag among them), leaves the
/// accept to the graph. What is decided here is checked against the graph on every accept of the test suite's corpus.
/// </remarks>
internal sealed class ServerCloseShortcut
{
    /// <summary>Statements looked at before the graph is left to decide.</summary>
    private const int MaxStatements = 64;

    private readonly ISymbol _connection;
    private readonly ConnectionCloses _closes;
    private readonly IOperation _function;
    private Dictionary<ILocalSymbol, int>? _counts;
    private int _countLookups;

    /// <summary><see cref="IsConnection"/> as a delegate, and the memo of the conditions' operands: made once per accept, not per question.</summary>
    private readonly System.Func<IOperation?, bool> _isConnection;
    private readonly ZeroTest.ClosedValues _operands;

    private ServerCloseShortcut(ISymbol connection, ConnectionCloses closes, IOperation function)
    {
        _connection = connection;
        _closes = closes;
        _function = function;
        _isConnection = IsConnection;
        _operands = new ZeroTest.ClosedValues(ClosedValueOf);
    }

    public enum Outcome { Unknown, NoEarlyClose, EarlyClose }

    /// <summary>
    /// The tree's answer for the accept: <see cref="Outcome.EarlyClose"/> with the closing invocation the graph would
    /// report, <see cref="Outcome.NoEarlyClose"/>, or <see cref="Outcome.Unknown"/> when only the graph can tell.
    /// </summary>
    public static Outcome Decide(IOperation accept, ISymbol connection, ConnectionCloses closes, out IInvocationOperation? close)
    {
        close = null;
        if (StatementOf(accept) is not { Parent: IBlockOperation block } statement)
            return Outcome.Unknown;

        var index = block.Operations.IndexOf(statement);
        return index < 0 ? Outcome.Unknown : new ServerCloseShortcut(connection, closes, FlowGraphs.FunctionAround(accept)).Walk(block, index + 1, out close);
    }

    /// <summary>
    /// The tree's answer for a function that takes the accepted connection over (see <see cref="ConnectionTakeover"/>),
    /// walked from the first statement of its block body.
    /// </summary>
    public static Outcome DecideFromStart(IOperation function, IBlockOperation body, ISymbol connection, ConnectionCloses closes, out IInvocationOperation? close) =>
        new ServerCloseShortcut(connection, closes, function).Walk(body, 0, out close);

    /// <summary>The statement in a block that stores the accept: <c>var c = l.Accept();</c>, <c>using var c = ...;</c>, <c>c = ...;</c>.</summary>
    private static IOperation? StatementOf(IOperation accept)
    {
        for (var current = accept; current.Parent is { } parent; current = parent)
        {
            if (parent is IBlockOperation)
                return current is IVariableDeclarationGroupOperation or IUsingDeclarationOperation or IExpressionStatementOperation ? current : null;

            // The socket taken into a stream that owns it (new NetworkStream(l.AcceptSocket(), true)): on to the stream.
            if (ConnectionAliases.IsTakenByOwningStream(current))
            {
                parent = parent.Parent!;
                continue;
            }

            if (parent is not (IAwaitOperation or IConversionOperation or IParenthesizedOperation or IInvocationOperation { TargetMethod.Name: "ConfigureAwait" }
                or IVariableInitializerOperation or IVariableDeclaratorOperation or IVariableDeclarationOperation or IVariableDeclarationGroupOperation
                or IUsingDeclarationOperation or ISimpleAssignmentOperation or IExpressionStatementOperation))
            {
                return null;
            }
        }

        return null;
    }

    private Outcome Walk(IBlockOperation block, int first, out IInvocationOperation? close)
    {
        close = null;
        var operations = block.Operations;

        // Receives before a drain are fine (every path still runs into the drain); before a close, the graph must
        // tell whether a test of their count saw the peer's close.
        var received = false;
        for (int i = first; i < operations.Length && i - first < MaxStatements; i++)
        {
            var statement = operations[i];
            if (ConnectionFlow.IsBroken(statement))
                return Outcome.Unknown;
            if (IsDrain(statement))
                return Outcome.NoEarlyClose;

            // using (client) { ... drain ... }: a drain in the using's block, before anything could close, comes before
            // the dispose at its end (a lambda that takes the connection over often starts so).
            if (statement is IUsingOperation { Body: IBlockOperation usingBody, Resources: var resources }
                && Scan(resources) != Effect.Acts
                && Walk(usingBody, 0, out _) == Outcome.NoEarlyClose)
            {
                return Outcome.NoEarlyClose;
            }
            if (CloseIn(statement) is { } closing)
            {
                if (received)
                    return Outcome.Unknown;
                close = closing;
                return Outcome.EarlyClose;
            }

            switch (Scan(statement))
            {
                case Effect.Acts:
                    return Outcome.Unknown;
                case Effect.Reads:
                    received = true;
                    break;
            }
        }

        // The end of the block: a using may dispose the connection there, or the path goes on elsewhere.
        return Outcome.Unknown;
    }

    /// <summary>
    /// A statement that is exactly an active close of the connection, with nothing else in it that matters:
    /// <c>client.Close();</c>, <c>await client.DisposeAsync();</c>, <c>Release(client);</c> (a method of yours that closes).
    /// </summary>
    private IInvocationOperation? CloseIn(IOperation statement)
    {
        if (statement is not IExpressionStatementOperation { Operation: var operation })
            return null;
        var value = Values.Unwrap(operation, throughAwait: true);
        if (value is not IInvocationOperation invocation)
            return null;

        var closes = (_closes.IsDirectClose(invocation, _connection) && ServerCloseAnalysis.IsActiveClose(invocation))
            || _closes.IsClosingCall(invocation, _connection);
        if (!closes)
            return null;

        // Nothing in the arguments may matter, nor in what is closed (conn.Socket.Close() reads conn).
        foreach (var argument in invocation.Arguments)
        {
            if (Scan(argument) != Effect.None)
                return null;
        }

        return invocation;
    }

    /// <summary>
    /// A loop left only once a receive on the connection has returned 0 (or <c>ReadByte</c> -1): <c>while ((n =
    /// c.Receive(buf)) > 0) { ... }</c>, or an endless loop whose every way out is under a test that the count says
    /// the peer closed. Its body must neither close the connection nor leave by any other way.
    /// </summary>
    private bool IsDrain(IOperation statement)
    {
        if (statement is not ILoopOperation loop)
            return false;

        IOperation? condition;
        switch (loop)
        {
            case IWhileLoopOperation { ConditionIsUntil: false } whileLoop:
                condition = whileLoop.Condition;
                break;
            case IForLoopOperation forLoop:
                condition = forLoop.Condition;
                foreach (var part in forLoop.Before)
                {
                    if (Scan(part) != Effect.None)
                        return false;
                }

                foreach (var part in forLoop.AtLoopBottom)
                {
                    if (Scan(part) == Effect.Acts)
                        return false;
                }

                break;
            default:
                return false;
        }

        var endless = condition is null || condition.ConstantValue is { HasValue: true, Value: true };
        if (!endless && (ValueWhenClosed(condition!) != false || Scan(condition!) == Effect.Acts))
            return false;

        return LeavesOnlyOnClose(loop, loop.Body, endless);
    }

    /// <summary>
    /// Whether every way out of <paramref name="loop"/> in <paramref name="body"/> is a break or return under a test
    /// that the peer closed, and nothing in it closes or hands the connection on. An endless loop needs at least one.
    /// </summary>
    private bool LeavesOnlyOnClose(ILoopOperation loop, IOperation body, bool endless)
    {
        var exits = 0;
        using var lease = OperationStack.Rent(out var pending);
        pending.Push(body);
        while (pending.Count > 0)
        {
            var operation = pending.Pop();

            // Told apart by kind: a type test against an operation interface costs a cast check each (see OperationStack).
            switch (operation.Kind)
            {
                case OperationKind.AnonymousFunction or OperationKind.LocalFunction:
                    continue;
                case OperationKind.Try or OperationKind.Labeled or OperationKind.Throw or OperationKind.Invalid or OperationKind.YieldBreak or OperationKind.YieldReturn:
                    return false;
                case OperationKind.Branch:
                    var branch = (IBranchOperation)operation;
                    if (branch.BranchKind == BranchKind.Continue && Target(branch) == loop)
                        continue;
                    if (branch.BranchKind == BranchKind.Break && Target(branch) is { } target && target != loop && IsInside(target, loop))
                        continue;
                    if (branch.BranchKind != BranchKind.Break || Target(branch) != loop || !UnderCloseTest(branch, loop))
                        return false;
                    exits++;
                    continue;
                case OperationKind.Return:
                    var leave = (IReturnOperation)operation;
                    if (!UnderCloseTest(leave, loop) || (leave.ReturnedValue is { } returned && Scan(returned) != Effect.None))
                        return false;
                    exits++;
                    continue;
            }

            if (EffectOf(operation) == Effect.Acts)
                return false;
            pending.PushChildren(operation);
        }

        return !endless || exits > 0;
    }

    /// <summary>The loop or switch a break or continue leaves; null for a goto.</summary>
    private static IOperation? Target(IBranchOperation branch)
    {
        if (branch.BranchKind is not (BranchKind.Break or BranchKind.Continue))
            return null;
        for (var current = branch.Parent; current is not null; current = current.Parent)
        {
            switch (current)
            {
                case ILoopOperation:
                    return current;
                case ISwitchOperation when branch.BranchKind == BranchKind.Break:
                    return current;
                case IAnonymousFunctionOperation or ILocalFunctionOperation:
                    return null;
            }
        }

        return null;
    }

    private static bool IsInside(IOperation operation, IOperation container)
    {
        for (var current = operation.Parent; current is not null; current = current.Parent)
        {
            if (current == container)
                return true;
        }

        return false;
    }

    /// <summary>Whether <paramref name="exit"/> runs only on the branch of an if, inside the loop, that a closed peer takes.</summary>
    private bool UnderCloseTest(IOperation exit, ILoopOperation loop)
    {
        IOperation child = exit;
        for (var current = exit.Parent; current is not null && current != loop; child = current, current = current.Parent)
        {
            if (current is IConditionalOperation { IsRef: false } test && test.Condition != child)
            {
                var whenClosed = ValueWhenClosed(test.Condition);
                if ((whenClosed == true && child == test.WhenTrue) || (whenClosed == false && child == test.WhenFalse))
                    return true;
            }
        }

        return false;
    }

    /// <summary>What an operation does to the path: nothing, a read of the connection, or something the tree cannot follow.</summary>
    private enum Effect { None, Reads, Acts }

    /// <summary>
    /// The strongest effect in <paramref name="operation"/>, nested functions left out: <see cref="Effect.Acts"/> for a
    /// jump, a try, code that does not bind, a close, a hand-off; <see cref="Effect.Reads"/> for a receive on the
    /// connection or a read through a reader over it.
    /// </summary>
    private Effect Scan(IOperation operation)
    {
        var strongest = Effect.None;
        using var lease = OperationStack.Rent(out var pending);
        pending.Push(operation);
        while (pending.Count > 0)
        {
            var current = pending.Pop();
            switch (current.Kind)
            {
                case OperationKind.AnonymousFunction or OperationKind.LocalFunction:
                    continue;
                case OperationKind.Branch or OperationKind.Return or OperationKind.YieldBreak or OperationKind.YieldReturn or OperationKind.Throw
                    or OperationKind.Try or OperationKind.Labeled or OperationKind.Invalid:
                    return Effect.Acts;
            }

            switch (EffectOf(current))
            {
                case Effect.Acts:
                    return Effect.Acts;
                case Effect.Reads:
                    strongest = Effect.Reads;
                    break;
            }

            pending.PushChildren(current);
        }

        return strongest;
    }

    /// <summary>What one operation, on its own, does that the path analysis would act on.</summary>
    private Effect EffectOf(IOperation operation)
    {
        switch (operation.Kind)
        {
            case OperationKind.Invocation:
                var invocation = (IInvocationOperation)operation;
                if (_closes.Closes(invocation, _connection))
                    return Effect.Acts;
                if (invocation.TargetMethod.Name is "CopyTo" or "CopyToAsync" or "SetSocketOption" && IsConnection(invocation.Instance))
                    return Effect.Acts;
                if (ServerCloseAnalysis.HandsOff(invocation.TargetMethod, invocation.Arguments, _isConnection) || ServerCloseAnalysis.HandsToFunction(invocation.Arguments, _isConnection))
                    return Effect.Acts;
                if (_closes.Classify(invocation) == ConnectionMemberKind.Receive && IsConnection(invocation.Instance))
                    return Effect.Reads;

                // A read through a reader over the connection (ReadLine until null, ReadToEnd) sees its end too: the graph tells.
                return invocation.TargetMethod.Name.StartsWith("Read", System.StringComparison.Ordinal)
                    && SymbolEqualityComparer.Default.Equals(_closes.Aliases.ReaderConnection(invocation.Instance), _connection)
                    ? Effect.Reads
                    : Effect.None;
            case OperationKind.ObjectCreation:
                var creation = (IObjectCreationOperation)operation;
                return creation.Constructor is { } constructor
                    && (ServerCloseAnalysis.HandsOff(constructor, creation.Arguments, _isConnection) || ServerCloseAnalysis.HandsToFunction(creation.Arguments, _isConnection))
                        ? Effect.Acts
                        : Effect.None;
            case OperationKind.Using:
                return _closes.Disposes(((IUsingOperation)operation).Resources, _connection) ? Effect.Acts : Effect.None;
            case OperationKind.UsingDeclaration:
                return _closes.Disposes(((IUsingDeclarationOperation)operation).DeclarationGroup, _connection) ? Effect.Acts : Effect.None;
            case OperationKind.SimpleAssignment:
                var assignment = (ISimpleAssignmentOperation)operation;
                var target = assignment.Target;
                // The connection replaced, or its LingerState set, or stored in a member of yours (handed off).
                return IsConnection(target) || (target is IPropertyReferenceOperation { Property.Name: "LingerState" } linger && IsConnection(linger.Instance))
                    || ServerCloseAnalysis.StoresInUserMember(assignment, _isConnection)
                    ? Effect.Acts
                    : Effect.None;
            default:
                return Effect.None;
        }
    }

    private bool IsConnection(IOperation? operation) =>
        SymbolEqualityComparer.Default.Equals(_closes.RootOf(operation), _connection);

    /// <summary>Locals of the function (not of the functions nested in it) that hold a count received on the connection.</summary>
    private Dictionary<ILocalSymbol, int> CollectCounts()
    {
        var counts = _counts = new Dictionary<ILocalSymbol, int>(SymbolEqualityComparer.Default);
        _countLookups = 0;

        // A second pass finds a count copied from a local that the first met only later (var m = n; ... n = c.Receive(buf)):
        // it can differ from the first only if the first looked a local up, with a count known by then.
        for (int pass = 0; pass < 2 && (pass == 0 || (_countLookups > 0 && counts.Count > 0)); pass++)
        {
            using var lease = OperationStack.Rent(out var pending);
            pending.Push(_function);
            while (pending.Count > 0)
            {
                var operation = pending.Pop();
                switch (operation.Kind)
                {
                    case OperationKind.AnonymousFunction or OperationKind.LocalFunction when operation != _function:
                        continue;
                    case OperationKind.VariableDeclarator:
                        var declarator = (IVariableDeclaratorOperation)operation;
                        if (declarator.Initializer?.Value is { } initial && ClosedValueOf(initial) is { } declared)
                            counts[declarator.Symbol] = declared;
                        break;
                    case OperationKind.SimpleAssignment:
                        var assignment = (ISimpleAssignmentOperation)operation;
                        if (assignment.Target.Kind == OperationKind.LocalReference && ClosedValueOf(assignment.Value) is { } assigned)
                            counts[((ILocalReferenceOperation)assignment.Target).Local] = assigned;
                        break;
                    case OperationKind.IsPattern:
                        var isPattern = (IIsPatternOperation)operation;
                        if (ClosedValueOf(isPattern.Value) is { } tested)
                        {
                            foreach (var named in ZeroTest.LocalsNamingTheValue(isPattern.Pattern))
                                counts[named] = tested;
                        }

                        break;
                }

                pending.PushChildren(operation);
            }
        }

        return counts;
    }

    /// <summary>The closed value (0, or -1 for ReadByte) of a count received on the connection, or null for any other value.</summary>
    private int? ClosedValueOf(IOperation operation)
    {
        while (true)
        {
            var value = Values.Unwrap(operation, throughAwait: true);
            switch (value?.Kind)
            {
                case OperationKind.SimpleAssignment:
                    operation = ((ISimpleAssignmentOperation)value).Value;
                    continue;
                case OperationKind.LocalReference:
                    _countLookups++;
                    return (_counts ?? CollectCounts()).TryGetValue(((ILocalReferenceOperation)value).Local, out var closed) ? closed : null;
                case OperationKind.Invocation:
                    var invocation = (IInvocationOperation)value;
                    // A socket's or stream's receive; or a reader's count read (Read, ReadAsync, ReadBlock) over the connection.
                    return (_closes.Classify(invocation) == ConnectionMemberKind.Receive && IsConnection(invocation.Instance))
                        || (_closes.Api.IsReaderReceive(invocation.TargetMethod) && !ConnectionApi.IsLineRead(invocation.TargetMethod)
                            && SymbolEqualityComparer.Default.Equals(_closes.Aliases.ReaderConnection(invocation.Instance), _connection))
                        ? ConnectionApi.ClosedValue(invocation.TargetMethod)
                        : null;
                default:
                    return null;
            }
        }
    }

    private bool? ValueWhenClosed(IOperation condition) => ZeroTest.ValueWhenClosed(condition, _operands);
}
