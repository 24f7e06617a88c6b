using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace SocketLint.Connections;

/// <summary>A send on a connection inside a try block, and the exception its failure throws when the peer has gone.</summary>
internal sealed class GuardedSend
{
    public GuardedSend(IInvocationOperation call, IOperation target, ISymbol? connection, ITypeSymbol failureType)
    {
        Call = call;
        Target = target;
        Connection = connection;
        FailureType = failureType;
    }

    public IInvocationOperation Call { get; }

    /// <summary>What the send writes to: the socket or stream it is called on, or the stream under a writer.</summary>
    public IOperation Target { get; }

    /// <summary>The symbol that stands for the connection, or null when it is not a local, parameter or field (<c>clients[i]</c>).</summary>
    public ISymbol? Connection { get; }

    /// <summary><c>SocketException</c> for a socket's own send, <c>IOException</c> for a stream's or a writer's.</summary>
    public ITypeSymbol FailureType { get; }
}

/// <summary>
/// SL0002's question: from the start of a catch handler whose try block sends on a connection, does every path close
/// that connection, throw, or leave explicitly (<c>return</c>, <c>break</c> out of the loop, <c>goto</c> out)?
/// Catch handlers are structured code, so the paths are followed on the operation tree; where the handler falls
/// through, the path is followed on to a close that is certain to run (a later close, the end of a <c>using</c>, a
/// <c>finally</c>) or to where the send would run again.
/// </summary>
internal static class SendFailureAnalysis
{
    [Flags]
    private enum Outcome
    {
        None = 0,

        /// <summary>Closed the connection, threw, or left explicitly.</summary>
        Handled = 1,

        /// <summary>Went on to the next iteration with the connection open (<c>continue</c>).</summary>
        Unhandled = 2,

        /// <summary>Reached the end of the statement: the path goes on with what follows.</summary>
        FallsOn = 4,
    }

    /// <summary>Whether the try block holds an invocation that may be a send: a cheap test before any alias is built.</summary>
    public static bool MaySend(ITryOperation tryOperation, ConnectionApi api)
    {
        foreach (var operation in OperationsOf(tryOperation.Body))
        {
            if (operation is IInvocationOperation invocation
                && (IsSendMember(invocation, api) || (invocation.TargetMethod.Name == "Select" && SelectsSends(invocation, api))))
            {
                return true;
            }
        }

        return false;

        static bool IsSendMember(IInvocationOperation invocation, ConnectionApi api) =>
            api.Classify(invocation.TargetMethod, out _) == ConnectionMemberKind.Send || api.IsWriterSend(invocation.TargetMethod)
            || (invocation.Instance is { Kind: not OperationKind.InstanceReference } && ConnectionAliases.SendHelperFailure(api, invocation.TargetMethod, invocation) is not null);

        // The selector of a Select whose tasks a WhenAll in the try waits for (see IsSendTaskOfAWaitForAll).
        static bool SelectsSends(IInvocationOperation select, ConnectionApi api)
        {
            foreach (var argument in select.Arguments)
            {
                var value = argument.Value;
                while (value is IDelegateCreationOperation or IConversionOperation)
                    value = value is IDelegateCreationOperation creation ? creation.Target : ((IConversionOperation)value).Operand;
                if (value is IAnonymousFunctionOperation lambda && IsSendTaskOfAWaitForAll(lambda))
                {
                    foreach (var inner in OperationWalk.Descendants(lambda.Body))
                    {
                        if (inner is IInvocationOperation call && IsSendMember(call, api))
                            return true;
                    }
                }
            }

            return false;
        }
    }

    /// <summary>The sends on a connection in the try block whose failure leaves it (not caught by a try nested inside).</summary>
    public static List<GuardedSend> SendsIn(ITryOperation tryOperation, ConnectionApi api, ConnectionAliases aliases)
    {
        var sends = new List<GuardedSend>();
        Collect(tryOperation.Body, new List<ITypeSymbol>());
        return sends;

        void Collect(IOperation operation, List<ITypeSymbol> caughtInside)
        {
            switch (operation)
            {
                // A lambda runs elsewhere, but for one that makes each connection's send task for a wait of them all in
                // the try (await Task.WhenAll(clients.Select(c => c.SendAsync(m)))): its sends fail into this catch.
                case IAnonymousFunctionOperation lambda when !IsSendTaskOfAWaitForAll(lambda):
                case ILocalFunctionOperation:
                    return;
                case ITryOperation nested:
                    var caught = new List<ITypeSymbol>(caughtInside);
                    foreach (var catchClause in nested.Catches)
                    {
                        // A catch that throws again without closing anything passes the failure on to this try's catches.
                        if (catchClause.Filter is null && !PassesOn(catchClause, api, aliases))
                            caught.Add(catchClause.ExceptionType);
                    }

                    Collect(nested.Body, caught);
                    foreach (var catchClause in nested.Catches)
                        Collect(catchClause, caughtInside);
                    if (nested.Finally is not null)
                        Collect(nested.Finally, caughtInside);
                    return;
                case IInvocationOperation invocation when AsSend(invocation, api, aliases) is { } send:
                    if (!caughtInside.Exists(type => KnownSymbols.DerivesFrom(send.FailureType, type as INamedTypeSymbol)))
                        sends.Add(send);
                    break;
            }

            foreach (var child in operation.ChildOperations)
                Collect(child, caughtInside);
        }
    }

    /// <summary>
    /// Whether <paramref name="lambda"/> is the selector of a <c>Select</c> whose tasks a <c>Task.WhenAll</c> waits for:
    /// <c>Task.WhenAll(clients.Select(c =&gt; c.SendAsync(m)))</c>, also through <c>ToArray()</c> or <c>ToList()</c>.
    /// </summary>
    private static bool IsSendTaskOfAWaitForAll(IAnonymousFunctionOperation lambda)
    {
        IOperation? current = lambda.Parent;
        while (current is IDelegateCreationOperation or IConversionOperation)
            current = current.Parent;
        if (current is not IArgumentOperation { Parent: IInvocationOperation { TargetMethod.Name: "Select" } select })
            return false;
        IOperation value = select;
        for (var steps = 0; steps < 8; steps++)
        {
            switch (value.Parent)
            {
                case IConversionOperation conversion:
                    value = conversion;
                    continue;
                case IArgumentOperation { Parent: IInvocationOperation { TargetMethod: { Name: "WhenAll", ContainingType.Name: "Task" } } }:
                    return true;
                case IArgumentOperation { Parent: IInvocationOperation { TargetMethod.Name: "ToArray" or "ToList" } copy }:
                    value = copy;
                    continue;
                default:
                    return false;
            }
        }

        return false;
    }

    /// <summary>
    /// Whether <paramref name="catchClause"/> hands the failure itself on: its last statement throws it again
    /// (<c>throw;</c>, <c>throw e;</c>), nothing in it jumps elsewhere, and it closes nothing.
    /// </summary>
    private static bool PassesOn(ICatchClauseOperation catchClause, ConnectionApi api, ConnectionAliases aliases)
    {
        var statements = catchClause.Handler.Operations;
        if (statements.IsEmpty || (statements[statements.Length - 1] is IExpressionStatementOperation { Operation: var last } ? last : statements[statements.Length - 1])
            is not IThrowOperation { Exception: var thrown }
            || (thrown is not null && !(Values.Unwrap(thrown, throughAwait: false) is ILocalReferenceOperation local
                && SymbolEqualityComparer.Default.Equals(local.Local, CaughtLocal(catchClause)))))
        {
            return false;
        }

        foreach (var operation in OperationsOf(catchClause.Handler))
        {
            if (operation is IBranchOperation or IReturnOperation
                || (operation is IInvocationOperation invocation && (api.Classify(invocation, aliases) == ConnectionMemberKind.Close || invocation.TargetMethod.Name is "Close" or "Dispose" or "DisposeAsync")))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The local a catch declares for its exception (<c>catch (IOException e)</c>), if any.</summary>
    private static ILocalSymbol? CaughtLocal(ICatchClauseOperation catchClause) =>
        (catchClause.ExceptionDeclarationOrExpression as IVariableDeclaratorOperation)?.Symbol;

    /// <summary>
    /// What the catches see of a send that failed: its own exception, or, when its task is waited for with <c>Wait()</c>
    /// or <c>Result</c>, the <c>AggregateException</c> around it (<c>GetAwaiter().GetResult()</c> throws it unwrapped).
    /// </summary>
    private static ITypeSymbol FailureSeen(IInvocationOperation send, ITypeSymbol failure, ConnectionApi api)
    {
        // A ValueTask's Result throws the failure itself.
        var value = Values.Outermost(send, throughAwait: false, out _);
        var waited = value.Parent is IPropertyReferenceOperation { Property.Name: "Result" } result && result.Instance == value
            || value.Parent is IInvocationOperation { TargetMethod.Name: "Wait" } wait && wait.Instance == value;
        return waited && KnownSymbols.DerivesFrom(value.Type, api.Symbols.Task) && api.Symbols.AggregateException is { } aggregate ? aggregate : failure;
    }

    private static GuardedSend? AsSend(IInvocationOperation invocation, ConnectionApi api, ConnectionAliases aliases)
    {
        var method = invocation.TargetMethod;
        if (invocation.Instance is not { } instance || api.ReportsErrorInsteadOfThrowing(method))
            return null;

        // Whether the task is thrown away is asked only of a send: it reads the method's return type, which for a generic
        // method (List<T>.Add, most calls in a try) Roslyn works out on first use, at a cost.
        if (api.IsWriterSend(method))
        {
            if (IsFireAndForget(invocation) || api.Symbols.IOException is not { } ioException)
                return null;
            if (aliases.WriterConnectionOrLearned(instance) is { } written)
                return new GuardedSend(invocation, instance, written, FailureSeen(invocation, ioException, api));

            // client.Writer.WriteLineAsync(line): a writer another object's type made over its connection. The send has
            // no symbol of its own, as clients[i].Send(data) has none: a close is told by what the writer is reached through.
            return aliases.IsOtherObjectsConnectionWriter(instance) ? new GuardedSend(invocation, instance, null, FailureSeen(invocation, ioException, api)) : null;
        }

        // A Stream member on a Stream-typed field may still be a send: the field its type sets only to the connection's
        // stream (_stream = client.GetStream()), learned only for a send whose outcome a catch can see.
        var kind = api.Classify(invocation, aliases);

        // subscriber.Push(update): a method of another object's type that sends on that object's connection. As for
        // clients[i].Send(data), no symbol of this body stands for the connection: a close is told by the path.
        if (kind == ConnectionMemberKind.None && !method.DeclaringSyntaxReferences.IsEmpty)
        {
            return instance.Kind != OperationKind.InstanceReference && !IsFireAndForget(invocation) && aliases.SendHelperFailure(method) is { } helperFailure
                ? new GuardedSend(invocation, instance, null, FailureSeen(invocation, helperFailure, api))
                : null;
        }

        // A NetworkStream writes through: its Flush does nothing, and no failure of a send can come from it.
        if (kind == ConnectionMemberKind.Send && method.Name is "Flush" or "FlushAsync"
            && SymbolEqualityComparer.Default.Equals(instance.Type, api.Symbols.NetworkStream))
        {
            return null;
        }

        var mayBeSendOnField = kind == ConnectionMemberKind.None && api.Classify(method, out var needsConnectionReceiver) == ConnectionMemberKind.Send && needsConnectionReceiver;
        if ((kind != ConnectionMemberKind.Send && !mayBeSendOnField) || IsFireAndForget(invocation))
            return null;
        if (mayBeSendOnField && !aliases.LearnStreamSetByItsType(instance))
            return null;
        if (api.SendFailureType(method) is not { } failureType)
            return null;

        var connection = aliases.RootOf(instance);
        var origin = connection is null ? ConnectionOrigin.HandedIn : aliases.OriginOf(connection);
        if ((origin & ConnectionOrigin.Datagram) != 0)
            return null;

        // SendTo is a datagram call unless the socket is known to be an accepted stream connection.
        if (method.Name.StartsWith("SendTo", StringComparison.Ordinal) && (origin & ConnectionOrigin.Accepted) == 0)
            return null;
        return new GuardedSend(invocation, instance, connection, FailureSeen(invocation, failureType, api));
    }

    /// <summary>
    /// An asynchronous send whose task is thrown away (<c>_ = s.SendAsync(m, SocketFlags.None);</c>): a reset or broken
    /// pipe faults that task, and never reaches a catch around the call.
    /// </summary>
    private static bool IsFireAndForget(IInvocationOperation invocation)
    {
        // BeginSend and BeginWrite throw at once when the connection has failed; what they return is a handle, not the outcome.
        if (invocation.TargetMethod.ReturnsVoid || invocation.Type?.SpecialType == SpecialType.System_Int32
            || invocation.TargetMethod.Name.StartsWith("Begin", StringComparison.Ordinal))
        {
            return false;
        }

        var value = PeerCloseAnalysis.CountValue(invocation, out var awaited);
        return !awaited && value.Parent is IExpressionStatementOperation or ISimpleAssignmentOperation { Target: IDiscardOperation };
    }

    /// <summary>
    /// The sends whose failure reaches <paramref name="catchClause"/>: it catches their exception type, no earlier catch
    /// without a filter took it, and its filter does not admit only errors other than a reset or a broken pipe.
    /// </summary>
    public static List<GuardedSend> SendsReaching(ITryOperation tryOperation, ICatchClauseOperation catchClause, List<GuardedSend> sends)
    {
        var reaching = new List<GuardedSend>();
        if (catchClause.ExceptionType is IErrorTypeSymbol || catchClause.Filter is { } filter && AdmitsOnlyOtherErrors(filter))
            return reaching;

        foreach (var send in sends)
        {
            if (!Catches(catchClause, send.FailureType) || (catchClause.Filter is { } typeFilter && Excludes(typeFilter, CaughtLocal(catchClause), send.FailureType)))
                continue;
            var takenEarlier = false;
            foreach (var earlier in tryOperation.Catches)
            {
                if (earlier == catchClause)
                    break;
                if (earlier.Filter is null && Catches(earlier, send.FailureType))
                    takenEarlier = true;
            }

            if (!takenEarlier)
                reaching.Add(send);
        }

        return reaching;
    }

    /// <summary>
    /// A filter that lets through only exceptions of other types than <paramref name="failureType"/>:
    /// <c>when (ex is not (IOException or SocketException))</c>, <c>when (!(ex is IOException))</c>.
    /// </summary>
    private static bool Excludes(IOperation filter, ILocalSymbol? caught, ITypeSymbol failureType)
    {
        if (caught is null)
            return false;
        switch (filter)
        {
            case IParenthesizedOperation parenthesized:
                return Excludes(parenthesized.Operand, caught, failureType);
            case IIsPatternOperation { Pattern: INegatedPatternOperation negated } isNot when IsCaught(isNot.Value):
                return Matches(negated.Pattern, failureType);
            case IUnaryOperation { OperatorKind: UnaryOperatorKind.Not, Operand: IIsTypeOperation { IsNegated: false } isType } when IsCaught(isType.ValueOperand):
                return KnownSymbols.DerivesFrom(failureType, isType.TypeOperand as INamedTypeSymbol);
            case IUnaryOperation { OperatorKind: UnaryOperatorKind.Not, Operand: IIsPatternOperation isPattern } when IsCaught(isPattern.Value):
                return Matches(isPattern.Pattern, failureType);
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalAnd } and:
                return Excludes(and.LeftOperand, caught, failureType) || Excludes(and.RightOperand, caught, failureType);
            default:
                return false;
        }

        // The exception the catch took, not one inside it (ex.InnerException).
        bool IsCaught(IOperation value) =>
            Values.Unwrap(value, throughAwait: false) is ILocalReferenceOperation local && SymbolEqualityComparer.Default.Equals(local.Local, caught);

        // Whether every exception of the failure's type matches the pattern.
        static bool Matches(IPatternOperation pattern, ITypeSymbol failureType) => pattern switch
        {
            ITypePatternOperation type => KnownSymbols.DerivesFrom(failureType, type.MatchedType as INamedTypeSymbol),
            IDeclarationPatternOperation declaration => KnownSymbols.DerivesFrom(failureType, declaration.MatchedType as INamedTypeSymbol),
            IBinaryPatternOperation { OperatorKind: BinaryOperatorKind.Or } or => Matches(or.LeftPattern, failureType) || Matches(or.RightPattern, failureType),
            _ => false,
        };
    }

    private static bool Catches(ICatchClauseOperation catchClause, ITypeSymbol failureType) =>
        catchClause.ExceptionType is INamedTypeSymbol caught && KnownSymbols.DerivesFrom(failureType, caught);

    /// <summary>
    /// A filter that tests the error code and admits only codes a dead peer does not give
    /// (<c>when (e.SocketErrorCode == SocketError.WouldBlock)</c>): such a catch is not about a reset.
    /// </summary>
    private static bool AdmitsOnlyOtherErrors(IOperation filter)
    {
        var admitted = new List<string>();
        if (!CollectAdmittedCodes(filter, admitted))
            return false;
        return admitted.Count > 0 && !admitted.Exists(IsDeadPeerCode);
    }

    /// <summary>
    /// The value of <paramref name="condition"/> on which only error codes a dead peer does not give get through: true
    /// for <c>e.SocketErrorCode == SocketError.WouldBlock || ...</c>, false for its negation (<c>!=</c> joined by
    /// <c>&amp;&amp;</c>, <c>!(...)</c>, <c>is not ...</c>); null for any other condition.
    /// </summary>
    private static bool? OnlyOtherErrorsWhen(IOperation condition)
    {
        if (AdmitsOnlyOtherErrors(condition))
            return true;
        var codes = new List<string>();
        return CollectRefusedCodes(condition, codes) && codes.Count > 0 && !codes.Exists(IsDeadPeerCode) ? false : null;
    }

    /// <summary>The codes a condition is false for, when it is false for those alone: <c>e.SocketErrorCode != A &amp;&amp; e.SocketErrorCode != B</c>.</summary>
    private static bool CollectRefusedCodes(IOperation operation, List<string> codes)
    {
        switch (operation)
        {
            case IParenthesizedOperation parenthesized:
                return CollectRefusedCodes(parenthesized.Operand, codes);
            case IUnaryOperation { OperatorKind: UnaryOperatorKind.Not } not:
                return CollectAdmittedCodes(not.Operand, codes);
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalAnd or BinaryOperatorKind.And } and:
                return CollectRefusedCodes(and.LeftOperand, codes) && CollectRefusedCodes(and.RightOperand, codes);
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.NotEquals } notEquals:
                return ErrorCode(notEquals.LeftOperand, notEquals.RightOperand, codes) || ErrorCode(notEquals.RightOperand, notEquals.LeftOperand, codes);
            case IIsPatternOperation { Pattern: INegatedPatternOperation negated } isPattern when IsErrorCodeProperty(isPattern.Value):
                return CollectPatternCodes(negated.Pattern, codes);
            default:
                return false;
        }
    }

    /// <summary>Whether every clause of <paramref name="section"/> of a switch on the error code names codes a dead peer does not give (no default).</summary>
    private static bool IsOnlyForOtherErrors(ISwitchCaseOperation section)
    {
        var codes = new List<string>();
        foreach (var clause in section.Clauses)
        {
            switch (clause)
            {
                case ISingleValueCaseClauseOperation single when Values.Unwrap(single.Value, throughAwait: false) is IFieldReferenceOperation { Field.IsConst: true } field:
                    codes.Add(field.Field.Name);
                    break;
                case IPatternCaseClauseOperation pattern when CollectPatternCodes(pattern.Pattern, codes):
                    break;
                default:
                    return false;
            }
        }

        return codes.Count > 0 && !codes.Exists(IsDeadPeerCode);
    }

    private static bool IsDeadPeerCode(string code) => code is "ConnectionReset" or "Shutdown" or "ConnectionAborted" or "NotConnected" or "Disconnecting";

    private static bool CollectAdmittedCodes(IOperation operation, List<string> codes)
    {
        switch (operation)
        {
            case IParenthesizedOperation parenthesized:
                return CollectAdmittedCodes(parenthesized.Operand, codes);
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalOr or BinaryOperatorKind.Or } or:
                return CollectAdmittedCodes(or.LeftOperand, codes) && CollectAdmittedCodes(or.RightOperand, codes);
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals } equals:
                return ErrorCode(equals.LeftOperand, equals.RightOperand, codes) || ErrorCode(equals.RightOperand, equals.LeftOperand, codes);
            case IIsPatternOperation isPattern when IsErrorCodeProperty(isPattern.Value):
                return CollectPatternCodes(isPattern.Pattern, codes);
            default:
                return false;
        }
    }

    private static bool CollectPatternCodes(IPatternOperation pattern, List<string> codes)
    {
        switch (pattern)
        {
            case IConstantPatternOperation constant when Values.Unwrap(constant.Value, throughAwait: false) is IFieldReferenceOperation { Field.IsConst: true } field:
                codes.Add(field.Field.Name);
                return true;
            case IBinaryPatternOperation { OperatorKind: BinaryOperatorKind.Or } or:
                return CollectPatternCodes(or.LeftPattern, codes) && CollectPatternCodes(or.RightPattern, codes);
            default:
                return false;
        }
    }

    private static bool ErrorCode(IOperation property, IOperation constant, List<string> codes)
    {
        if (!IsErrorCodeProperty(property) || Values.Unwrap(constant, throughAwait: false) is not IFieldReferenceOperation { Field.IsConst: true } field)
            return false;
        codes.Add(field.Field.Name);
        return true;
    }

    private static bool IsErrorCodeProperty(IOperation operation) =>
        Values.Unwrap(operation, throughAwait: false) is IPropertyReferenceOperation { Property.Name: "SocketErrorCode" };

    /// <summary>Whether every path from the start of <paramref name="catchClause"/> closes a connection of <paramref name="sends"/>, throws, or leaves.</summary>
    public static bool Handles(ITryOperation tryOperation, ICatchClauseOperation catchClause, List<GuardedSend> sends, ConnectionCloses closes)
    {
        // A handler with an operation that did not bind says nothing certain about its paths.
        foreach (var operation in OperationsOf(catchClause.Handler))
        {
            if (operation is IInvalidOperation)
                return true;
        }

        // try { using (var c = new TcpClient(host, port)) { ... c.GetStream().Write(...) } } catch { retry }: the using
        // disposed the connection before the catch runs.
        if (sends.TrueForAll(send => DisposedOnTheWayOut(send, tryOperation, closes)))
            return true;

        var checker = new Checker(catchClause, sends, closes);
        if (tryOperation.Finally is not null && checker.Sequence(tryOperation.Finally.Operations) == Outcome.Handled)
            return true;

        var outcome = checker.Sequence(catchClause.Handler.Operations);
        if ((outcome & Outcome.Unhandled) != 0)
            return false;
        return (outcome & Outcome.FallsOn) == 0 || checker.FallThroughCloses(tryOperation);
    }

    /// <summary>Whether a using inside the try, around the send, disposes the send's connection: a failure leaves through it.</summary>
    private static bool DisposedOnTheWayOut(GuardedSend send, ITryOperation tryOperation, ConnectionCloses closes)
    {
        if (send.Connection is not { } connection)
            return false;
        IOperation current = send.Call;
        for (var parent = current.Parent; parent is not null && parent != tryOperation; current = parent, parent = parent.Parent)
        {
            switch (parent)
            {
                case IUsingOperation @using when @using.Body == current && closes.Disposes(@using.Resources, connection):
                    return true;

                // try { socket.Send(data); } finally { socket.Close(); } inside the try: closed before the catch runs.
                case ITryOperation { Finally: { } @finally } inner when inner.Body == current && FinallyCloses(@finally, connection, closes):
                    return true;
                case IBlockOperation block:
                    foreach (var statement in block.Operations)
                    {
                        if (statement == current)
                            break;
                        if (statement is IUsingDeclarationOperation declaration && closes.Disposes(declaration.DeclarationGroup, connection))
                            return true;
                    }

                    break;
                case IAnonymousFunctionOperation or ILocalFunctionOperation:
                    return false;
            }
        }

        return false;
    }

    /// <summary>Whether a statement of <paramref name="finally"/> itself, on every path through it, closes <paramref name="connection"/> (<c>socket.Close();</c>, <c>client?.Dispose();</c>).</summary>
    private static bool FinallyCloses(IBlockOperation @finally, ISymbol connection, ConnectionCloses closes)
    {
        foreach (var statement in @finally.Operations)
        {
            var call = statement is IExpressionStatementOperation { Operation: var operation }
                ? operation is IConditionalAccessOperation { WhenNotNull: IInvocationOperation whenNotNull } ? whenNotNull : operation as IInvocationOperation
                : null;
            if (call is not null && closes.Closes(call, connection))
                return true;
        }

        return false;
    }

    /// <summary>The operations under <paramref name="root"/>, not entering lambdas or local functions (they run elsewhere).</summary>
    private static OwnOperations OperationsOf(IOperation root) => new(root);

    /// <summary>
    /// The operations of <see cref="OperationsOf"/>, walked lazily with a stack borrowed from the thread and given back
    /// when the <c>foreach</c> ends: no iterator object and no stack per try or catch looked at.
    /// </summary>
    private readonly struct OwnOperations
    {
        private readonly IOperation _root;

        public OwnOperations(IOperation root) => _root = root;

        public Enumerator GetEnumerator() => new(_root);

        public struct Enumerator : System.IDisposable
        {
            private OperationStack? _pending;
            private IOperation? _current;

            public Enumerator(IOperation root)
            {
                _pending = SequencePool.RentStack();
                _pending.Push(root);
                _current = null;
            }

            public IOperation Current => _current!;

            public bool MoveNext()
            {
                if (_pending is null || _pending.Count == 0)
                    return false;
                var operation = _pending.Pop();
                foreach (var child in operation.ChildOperations)
                {
                    if (child is not (IAnonymousFunctionOperation or ILocalFunctionOperation))
                        _pending.Push(child);
                }

                _current = operation;
                return true;
            }

            public void Dispose()
            {
                if (_pending is null)
                    return;
                SequencePool.ReturnStack(_pending);
                _pending = null;
            }
        }
    }

    private sealed class Checker
    {
        private const int MaxDepth = 64;

        private readonly ICatchClauseOperation _catch;
        private readonly List<GuardedSend> _sends;
        private readonly ConnectionCloses _closes;
        private int _depth;

        public Checker(ICatchClauseOperation catchClause, List<GuardedSend> sends, ConnectionCloses closes)
        {
            _catch = catchClause;
            _sends = sends;
            _closes = closes;
        }

        public Outcome Sequence(IEnumerable<IOperation> statements)
        {
            var outcome = Outcome.None;
            foreach (var statement in statements)
            {
                var next = Statement(statement);
                outcome |= next & ~Outcome.FallsOn;
                if ((next & Outcome.FallsOn) == 0)
                    return outcome;
            }

            return outcome | Outcome.FallsOn;
        }

        private Outcome Statement(IOperation statement)
        {
            if (++_depth > MaxDepth)
                return Outcome.Unhandled;
            try
            {
                return StatementCore(statement);
            }
            finally
            {
                _depth--;
            }
        }

        private Outcome StatementCore(IOperation statement)
        {
            switch (statement)
            {
                case IBlockOperation block:
                    return Sequence(block.Operations);
                case IReturnOperation { Kind: OperationKind.Return } when ReturnsToTheNextElement(statement):
                    // clients.ForEach(c => { try { c.Send(m); } catch (SocketException) { return; } }): on to the next client.
                    return Outcome.Unhandled;
                case IThrowOperation:
                case IExpressionStatementOperation { Operation: IThrowOperation }:
                case IReturnOperation { Kind: OperationKind.Return or OperationKind.YieldBreak }:
                    return Outcome.Handled;
                case IBranchOperation branch:
                    return Branch(branch);
                case IConditionalOperation conditional:
                    if (Closes(conditional.Condition))
                        return Outcome.Handled;

                    // if (client != null) client.Close(); with nothing else: when it is null there is nothing to close.
                    if (conditional.WhenFalse is null && IsNotNullTestOfConnection(conditional.Condition) && Statement(conditional.WhenTrue) == Outcome.Handled)
                        return Outcome.Handled;

                    // if (_sessions.TryRemove(id, out var dead)) dead.Close(); when it was not there, it was taken out, and
                    // closed, elsewhere: the loop no longer sends to it.
                    if (conditional.WhenFalse is null && Values.Unwrap(conditional.Condition, throughAwait: false) is IInvocationOperation { TargetMethod.Name: "TryRemove" or "Remove" }
                        && Statement(conditional.WhenTrue) == Outcome.Handled)
                    {
                        return Outcome.Handled;
                    }

                    // if (e.SocketErrorCode == SocketError.WouldBlock) { Thread.Sleep(30); } else throw;: the branch that
                    // retries is taken only for errors a dead peer does not give, and is no swallowed reset.
                    switch (OnlyOtherErrorsWhen(conditional.Condition))
                    {
                        case true:
                            return conditional.WhenFalse is null ? Outcome.FallsOn : Statement(conditional.WhenFalse);
                        case false when conditional.WhenFalse is not null:
                            return Statement(conditional.WhenTrue);
                        case false when Statement(conditional.WhenTrue) == Outcome.Handled:
                            // if (e.SocketErrorCode != SocketError.WouldBlock) throw; what follows runs for WouldBlock only.
                            return Outcome.Handled;
                    }

                    return (conditional.WhenTrue is null ? Outcome.FallsOn : Statement(conditional.WhenTrue))
                        | (conditional.WhenFalse is null ? Outcome.FallsOn : Statement(conditional.WhenFalse));
                case ISwitchOperation switchOperation:
                    var cases = Outcome.None;
                    var hasDefault = false;
                    var onErrorCode = IsErrorCodeProperty(switchOperation.Value);
                    foreach (var section in switchOperation.Cases)
                    {
                        // switch (e.SocketErrorCode) { case SocketError.WouldBlock: Thread.Sleep(5); break; default: throw; }: a
                        // section taken only for codes a dead peer does not give is no swallowed reset, as an if on them is not.
                        if (onErrorCode && IsOnlyForOtherErrors(section))
                            continue;
                        cases |= Sequence(section.Body);
                        foreach (var clause in section.Clauses)
                            hasDefault |= clause.CaseKind == CaseKind.Default;
                    }

                    return hasDefault ? cases : cases | Outcome.FallsOn;
                case ITryOperation nested:
                    if (nested.Finally is not null && Sequence(nested.Finally.Operations) == Outcome.Handled)
                        return Outcome.Handled;
                    var tried = Statement(nested.Body);
                    foreach (var catchClause in nested.Catches)
                        tried |= Sequence(catchClause.Handler.Operations);
                    return tried;
                case IUsingOperation usingOperation:
                    return Statement(usingOperation.Body);
                case ILockOperation lockOperation:
                    return Statement(lockOperation.Body);
                case ILoopOperation loop:
                    // The body may run no time at all: what it does is one possibility, going on is another.
                    return Outcome.FallsOn | (Statement(loop.Body) & ~Outcome.FallsOn);
                case ILabeledOperation { Operation: { } labeled }:
                    return Statement(labeled);
                default:
                    return Closes(statement) ? Outcome.Handled : Outcome.FallsOn;
            }
        }

        /// <summary>
        /// Whether a <c>return</c> leaves a lambda that a <c>ForEach</c> runs for each element (<c>List.ForEach</c>,
        /// <c>Array.ForEach</c>, <c>Parallel.ForEach</c>), the one the catch is in: like <c>continue</c>, it goes on to the next.
        /// </summary>
        private bool ReturnsToTheNextElement(IOperation statement)
        {
            for (var parent = statement.Parent; parent is not null; parent = parent.Parent)
            {
                if (parent is IAnonymousFunctionOperation lambda)
                {
                    if (!lambda.Syntax.Span.Contains(_catch.Syntax.Span))
                        return false;
                    for (var use = lambda.Parent; use is not null; use = use.Parent)
                    {
                        switch (use)
                        {
                            case IDelegateCreationOperation or IConversionOperation:
                                continue;
                            case IArgumentOperation { Parent: IInvocationOperation { TargetMethod: { Name: "ForEach" or "ForEachAsync" } forEach } }:
                                return forEach.ContainingType is { Name: "List" or "Array" or "Parallel" } type
                                    && type.ContainingNamespace?.ToDisplayString() is "System" or "System.Collections.Generic" or "System.Threading.Tasks";
                        }

                        return false;
                    }

                    return false;
                }

                if (parent is ILocalFunctionOperation)
                    return false;
            }

            return false;
        }

        /// <summary><c>continue</c> to the sending loop goes on with the connection open; <c>break</c>, <c>goto</c> out of the catch leave.</summary>
        private Outcome Branch(IBranchOperation branch)
        {
            var catchSyntax = _catch.Syntax;
            switch (branch.BranchKind)
            {
                case BranchKind.Continue:
                    return TargetOf(branch.Syntax, breakable: false) is { } loop && loop.Span.Contains(catchSyntax.Span) ? Outcome.Unhandled : Outcome.FallsOn;
                case BranchKind.Break:
                    if (TargetOf(branch.Syntax, breakable: true) is not { } target || !target.Span.Contains(catchSyntax.Span))
                        return Outcome.FallsOn;

                    // A break out of a switch that ends the sending loop's body goes round that loop, as a continue does.
                    return target is SwitchStatementSyntax @switch && EndsTheBodyOf(@switch) is { } sendingLoop && sendingLoop.Span.Contains(catchSyntax.Span)
                        ? Outcome.Unhandled
                        : Outcome.Handled;
                default:
                    foreach (var reference in branch.Target.DeclaringSyntaxReferences)
                    {
                        // goto retry; to a label before the try: the send runs again on the same connection.
                        // (The labeled statement may be the try itself: `retry: try { ... }`.)
                        if (_catch.Parent is ITryOperation @try && reference.Span.Start < @try.Syntax.SpanStart && !@try.Syntax.Span.Contains(reference.Span.Start)
                            && IsInSameFunction(reference.GetSyntax(), catchSyntax))
                            return Outcome.Unhandled;
                        if (!catchSyntax.Span.Contains(reference.Span))
                            return Outcome.Handled;
                    }

                    return Outcome.FallsOn;
            }
        }

        /// <summary>Whether <paramref name="label"/> and <paramref name="from"/> are in the same method, lambda or local function.</summary>
        private static bool IsInSameFunction(SyntaxNode label, SyntaxNode from) =>
            label.FirstAncestorOrSelf<SyntaxNode>(IsFunction) == from.FirstAncestorOrSelf<SyntaxNode>(IsFunction);

        private static bool IsFunction(SyntaxNode node) => node is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax or MemberDeclarationSyntax;

        /// <summary>The loop whose body <paramref name="statement"/> ends (its last statement, or the body itself); null otherwise.</summary>
        private static SyntaxNode? EndsTheBodyOf(StatementSyntax statement)
        {
            var body = statement.Parent is BlockSyntax block && block.Statements.LastOrDefault() == statement ? (StatementSyntax)block : statement;
            return body.Parent switch
            {
                WhileStatementSyntax loop when loop.Statement == body => loop,
                DoStatementSyntax loop when loop.Statement == body => loop,
                ForStatementSyntax loop when loop.Statement == body => loop,
                CommonForEachStatementSyntax loop when loop.Statement == body => loop,
                _ => null,
            };
        }

        private static SyntaxNode? TargetOf(SyntaxNode branch, bool breakable)
        {
            foreach (var ancestor in branch.Ancestors())
            {
                switch (ancestor)
                {
                    case WhileStatementSyntax or DoStatementSyntax or ForStatementSyntax or CommonForEachStatementSyntax:
                        return ancestor;
                    case SwitchStatementSyntax when breakable:
                        return ancestor;
                    case AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax or MemberDeclarationSyntax:
                        return null;
                }
            }

            return null;
        }

        /// <summary>
        /// Where the catch falls through, whether the path goes on to a close that is certain to run before the send
        /// could run again: a later statement that closes the connection, the end of a <c>using</c> of it, a
        /// <c>finally</c> that closes it; or to a <c>return</c>, <c>throw</c> or <c>break</c> that leaves explicitly
        /// (<c>catch (IOException) { ok = false; } return ok;</c>). Statements that may jump away end the search.
        /// </summary>
        public bool FallThroughCloses(IOperation tryOperation)
        {
            // Whether a statement on the way from the catch to the loop's test uses the connection or sets a flag again.
            var flags = FlagsSetByTheCatch();
            var touched = false;
            var current = tryOperation;
            for (int depth = 0; depth < MaxDepth && current.Parent is { } parent; depth++)
            {
                switch (parent)
                {
                    case IBlockOperation block:
                        var index = IndexOf(block.Operations, current);
                        for (int i = index + 1; i < block.Operations.Length; i++)
                        {
                            var next = block.Operations[i];
                            if (ClosesOnEveryPath(next, 0) || LeavesExplicitly(next) || ReturnsOnEveryPath(next, 0))
                                return true;

                            // The next send on the same connection, before any close: the failure changed nothing.
                            if (SendsAgain(next))
                                return false;

                            // if (ok) return true; goes on to the next statement or leaves: both are fine. A break,
                            // continue or goto may go round to the send again.
                            if (MayJumpBack(next))
                                return false;
                            touched |= flags is not null && UsesConnectionOrSets(next, flags);
                        }

                        for (int i = 0; i < index; i++)
                        {
                            if (block.Operations[i] is IUsingDeclarationOperation usingDeclaration && DisposesConnection(usingDeclaration.DeclarationGroup))
                                return true;
                        }

                        break;
                    case IUsingOperation usingOperation when usingOperation.Body == current:
                        if (DisposesConnection(usingOperation.Resources))
                            return true;
                        break;
                    case ITryOperation enclosing when enclosing.Finally != current:
                        if (enclosing.Finally is not null && Sequence(enclosing.Finally.Operations) == Outcome.Handled)
                            return true;
                        break;
                    case ICatchClauseOperation or IConditionalOperation or ILockOperation or ILabeledOperation:
                        break;
                    case ILoopOperation loop when loop.Body == current && flags is not null && !touched && StopsOn(loop, flags):
                        // catch (SocketException) { alive = false; } in while (alive && ...): the loop's test ends it
                        // before the send runs again.
                        return true;
                    default:
                        // A loop goes round to the send again; a function's end hands the open connection back.
                        return false;
                }

                current = parent;
            }

            return false;
        }

        /// <summary>
        /// The flags the catch sets to a constant in its own statements (<c>alive = false;</c>, <c>_stop = true;</c>),
        /// with their values; null when it sets none.
        /// </summary>
        private Dictionary<ISymbol, bool>? FlagsSetByTheCatch()
        {
            Dictionary<ISymbol, bool>? flags = null;
            foreach (var statement in _catch.Handler.Operations)
            {
                if (statement is IExpressionStatementOperation { Operation: ISimpleAssignmentOperation { Value.ConstantValue: { HasValue: true, Value: bool value } } assignment }
                    && KnownBools.SymbolOf(assignment.Target) is { } flag)
                {
                    (flags ??= new Dictionary<ISymbol, bool>(SymbolEqualityComparer.Default))[flag] = value;
                }

                // A token source cancelled (_cts.Cancel(), await _cts.CancelAsync()) is a flag set: its
                // IsCancellationRequested is true from then on.
                else if (statement is IExpressionStatementOperation { Operation: var call }
                    && Values.Unwrap(call, throughAwait: true) is IInvocationOperation { TargetMethod.Name: "Cancel" or "CancelAsync", Instance: { } source }
                    && source.Type?.Name == "CancellationTokenSource"
                    && ConnectionAliases.SymbolOf(source) is { } tokenSource)
                {
                    (flags ??= new Dictionary<ISymbol, bool>(SymbolEqualityComparer.Default))[tokenSource] = true;
                }
            }

            return flags;
        }

        /// <summary>Whether a loop's test is false once the flags hold their values: <c>while (alive &amp;&amp; ...)</c>, <c>while (!stop)</c>.</summary>
        private static bool StopsOn(ILoopOperation loop, Dictionary<ISymbol, bool> flags) => loop switch
        {
            IWhileLoopOperation { ConditionIsUntil: false, Condition: { } condition } => IsFalse(condition, flags),
            IForLoopOperation { Condition: { } condition } => IsFalse(condition, flags),
            _ => false,
        };

        private static bool IsFalse(IOperation condition, Dictionary<ISymbol, bool> flags)
        {
            var value = Values.Unwrap(condition, throughAwait: false);
            switch (value)
            {
                case IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalAnd } both:
                    return IsFalse(both.LeftOperand, flags) || IsFalse(both.RightOperand, flags);
                case IUnaryOperation { OperatorKind: UnaryOperatorKind.Not } not:
                    return IsTrue(not.Operand, flags);
                default:
                    return FlagOf(value) is { } flag && flags.TryGetValue(flag, out var set) && !set;
            }
        }

        private static bool IsTrue(IOperation condition, Dictionary<ISymbol, bool> flags) =>
            FlagOf(Values.Unwrap(condition, throughAwait: false)) is { } flag && flags.TryGetValue(flag, out var set) && set;

        /// <summary>
        /// The flag a test reads: a bool, or a token source's <c>IsCancellationRequested</c> (also through its <c>Token</c>,
        /// or a local set once to it).
        /// </summary>
        private static ISymbol? FlagOf(IOperation? value) =>
            value is IPropertyReferenceOperation { Property.Name: "IsCancellationRequested", Instance: var tested } ? TokenSourceOf(tested) : ConnectionAliases.SymbolOf(value);

        /// <summary>The token source whose cancellation <paramref name="tested"/> reads: the source itself, its <c>Token</c>, or a token local set once to it.</summary>
        private static ISymbol? TokenSourceOf(IOperation? tested) => tested switch
        {
            IPropertyReferenceOperation { Property.Name: "Token", Instance: var source } => ConnectionAliases.SymbolOf(source),
            ILocalReferenceOperation { Local.Type.Name: "CancellationToken" } token => SourceOfTokenLocal(token),
            _ => ConnectionAliases.SymbolOf(tested),
        };

        /// <summary>
        /// The token source a token local holds the token of: set in its declaration from a source's <c>Token</c>
        /// (<c>var token = _cts.Token;</c>) and never written again in the body; null otherwise.
        /// </summary>
        private static ISymbol? SourceOfTokenLocal(ILocalReferenceOperation token)
        {
            ISymbol? source = null;
            foreach (var operation in OperationWalk.DescendantsAndSelf(FlowGraphs.BodyAround(token)))
            {
                if (operation is IVariableDeclaratorOperation declarator && SymbolEqualityComparer.Default.Equals(declarator.Symbol, token.Local))
                {
                    if (declarator.GetVariableInitializer()?.Value is not IPropertyReferenceOperation { Property.Name: "Token", Instance: { Type.Name: "CancellationTokenSource" } tokenSource })
                        return null;
                    source = ConnectionAliases.SymbolOf(tokenSource);
                }
                else if (OperationWalk.WrittenBy(operation) is ILocalReferenceOperation written && SymbolEqualityComparer.Default.Equals(written.Local, token.Local))
                {
                    return null;
                }
            }

            return source;
        }

        /// <summary>Whether <paramref name="statement"/> sends on a guarded send's connection (<c>await ns.WriteAsync(next)</c> after the catch).</summary>
        private bool SendsAgain(IOperation statement)
        {
            foreach (var operation in OperationWalk.DescendantsAndSelf(statement))
            {
                if (operation.Kind == OperationKind.Invocation && operation is IInvocationOperation { Instance: { } instance } invocation
                    && _closes.Classify(invocation) == ConnectionMemberKind.Send && IsConnection(_closes.RootOf(instance)))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>Whether <paramref name="statement"/> names a send's connection, or sets one of <paramref name="flags"/>.</summary>
        private bool UsesConnectionOrSets(IOperation statement, Dictionary<ISymbol, bool> flags)
        {
            foreach (var operation in OperationWalk.DescendantsAndSelf(statement))
            {
                if (operation is IAssignmentOperation { Kind: OperationKind.SimpleAssignment or OperationKind.CompoundAssignment } assignment && ConnectionAliases.SymbolOf(assignment.Target) is { } target && flags.ContainsKey(target))
                    return true;
                if (operation.Kind is OperationKind.LocalReference or OperationKind.ParameterReference or OperationKind.FieldReference or OperationKind.PropertyReference
                    && IsConnection(_closes.RootOf(operation)))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary><c>client != null</c>, <c>client is not null</c>, <c>client is { }</c> on a send's connection.</summary>
        private bool IsNotNullTestOfConnection(IOperation condition)
        {
            var tested = Values.Unwrap(condition, throughAwait: false) switch
            {
                IBinaryOperation { OperatorKind: BinaryOperatorKind.NotEquals } test when test.RightOperand.ConstantValue is { HasValue: true, Value: null } => test.LeftOperand,
                IBinaryOperation { OperatorKind: BinaryOperatorKind.NotEquals } test when test.LeftOperand.ConstantValue is { HasValue: true, Value: null } => test.RightOperand,
                IIsPatternOperation { Pattern: INegatedPatternOperation { Pattern: IConstantPatternOperation { Value.ConstantValue: { HasValue: true, Value: null } } } } test => test.Value,
                IIsPatternOperation { Pattern: IRecursivePatternOperation { DeconstructionSubpatterns.IsEmpty: true, PropertySubpatterns.IsEmpty: true, DeclaredSymbol: null } } test => test.Value,
                _ => null,
            };
            if (tested is null || _closes.RootOf(tested) is not { } root)
                return false;
            foreach (var send in _sends)
            {
                if (SymbolEqualityComparer.Default.Equals(send.Connection, root))
                    return true;
            }

            return false;
        }

        private static int IndexOf(System.Collections.Immutable.ImmutableArray<IOperation> operations, IOperation operation)
        {
            for (int i = 0; i < operations.Length; i++)
            {
                if (operations[i] == operation)
                    return i;
            }

            return operations.Length;
        }

        /// <summary>Whether a using's resources (a declaration, or a name) are the connection, or a writer over its stream.</summary>
        private bool DisposesConnection(IOperation resources)
        {
            if (ConnectionAliases.SymbolOf(resources) is { } used)
                return IsConnection(_closes.Aliases.RootOf(used));

            foreach (var operation in OperationsOf(resources))
            {
                if (operation is not IVariableDeclaratorOperation declarator)
                    continue;
                if (IsConnection(_closes.Aliases.RootOf(declarator.Symbol))
                    || (declarator.GetVariableInitializer()?.Value is { } value && IsConnection(_closes.Aliases.ConnectionClosedThrough(value))))
                {
                    return true;
                }
            }

            return false;
        }

        private bool IsConnection(ISymbol? symbol)
        {
            foreach (var send in _sends)
            {
                if (symbol is not null && SymbolEqualityComparer.Default.Equals(symbol, send.Connection))
                    return true;
            }

            return false;
        }

        /// <summary>A <c>return</c>, <c>throw</c> or <c>break</c> right on the path after the catch: it leaves explicitly, as one inside would.</summary>
        private static bool LeavesExplicitly(IOperation statement) => !statement.IsImplicit && statement switch
        {
            IReturnOperation { Kind: OperationKind.Return or OperationKind.YieldBreak } => true,
            IThrowOperation or IExpressionStatementOperation { Operation: IThrowOperation } => true,
            IBranchOperation { BranchKind: BranchKind.Break } => true,
            _ => false,
        };

        /// <summary>
        /// Whether <paramref name="statement"/> closes the connection on every path through it: a close of its own, or in
        /// both branches of an if (<c>if (n == 0) dst.Shutdown(...)</c> alone leaves it open on the other path), in a
        /// block, a using, a lock, or a try's body or finally (<c>try { dst.Close(); } catch { }</c>). An if that tests
        /// only that the connection is there (<c>if (dst != null) dst.Close();</c>) closes whatever there is.
        /// </summary>
        private bool ClosesOnEveryPath(IOperation statement, int depth)
        {
            if (depth > MaxDepth)
                return false;
            switch (statement)
            {
                case IBlockOperation block:
                    foreach (var inner in block.Operations)
                    {
                        if (ClosesOnEveryPath(inner, depth + 1))
                            return true;
                        if (MayJumpBack(inner) || LeavesExplicitly(inner))
                            return false;
                    }

                    return false;
                case IConditionalOperation conditional:
                    return Closes(conditional.Condition)
                        || (conditional.WhenFalse is { } whenFalse ? ClosesOnEveryPath(conditional.WhenTrue, depth + 1) && ClosesOnEveryPath(whenFalse, depth + 1)
                            : IsPresenceTest(conditional.Condition) && ClosesOnEveryPath(conditional.WhenTrue, depth + 1));
                case ITryOperation tryOperation:
                    return ClosesOnEveryPath(tryOperation.Body, depth + 1) || (tryOperation.Finally is { } @finally && ClosesOnEveryPath(@finally, depth + 1));
                case IUsingOperation usingOperation:
                    return DisposesConnection(usingOperation.Resources) || ClosesOnEveryPath(usingOperation.Body, depth + 1);
                case ILockOperation lockOperation:
                    return ClosesOnEveryPath(lockOperation.Body, depth + 1);
                case ILoopOperation or ISwitchOperation or ILabeledOperation:
                    // A loop may run no time, a switch may take a section that does not close.
                    return false;
                default:
                    return Closes(statement);
            }
        }

        /// <summary><c>x != null</c>, <c>x is not null</c>, <c>x is { }</c>: a test that something is there, which a close of it needs anyway.</summary>
        private static bool IsPresenceTest(IOperation condition) => Values.Unwrap(condition, throughAwait: false) switch
        {
            IBinaryOperation { OperatorKind: BinaryOperatorKind.NotEquals } test => test.RightOperand.ConstantValue is { HasValue: true, Value: null } || test.LeftOperand.ConstantValue is { HasValue: true, Value: null },
            IIsPatternOperation { Pattern: INegatedPatternOperation { Pattern: IConstantPatternOperation { Value.ConstantValue: { HasValue: true, Value: null } } } } => true,
            IIsPatternOperation { Pattern: IRecursivePatternOperation { DeconstructionSubpatterns.IsEmpty: true, PropertySubpatterns.IsEmpty: true } } => true,
            _ => false,
        };

        /// <summary>
        /// A statement that returns or throws on every path: <c>if (a) return true; else return false;</c>, or a try
        /// whose body and catches all do. Written out, so it leaves as an explicit return would.
        /// </summary>
        private static bool ReturnsOnEveryPath(IOperation statement, int depth)
        {
            // The implicit return at the end of a lambda or a void body is the function's end, which hands the open
            // connection back: not an explicit return.
            if (depth > MaxDepth || statement.IsImplicit)
                return false;
            switch (statement)
            {
                case IReturnOperation { Kind: OperationKind.Return }:
                case IThrowOperation or IExpressionStatementOperation { Operation: IThrowOperation }:
                    return true;
                case IBlockOperation block:
                    foreach (var inner in block.Operations)
                    {
                        if (ReturnsOnEveryPath(inner, depth + 1))
                            return true;
                        if (MayJumpBack(inner))
                            return false;
                    }

                    return false;
                case IConditionalOperation { WhenFalse: { } whenFalse } conditional:
                    return ReturnsOnEveryPath(conditional.WhenTrue, depth + 1) && ReturnsOnEveryPath(whenFalse, depth + 1);
                case ITryOperation tryOperation:
                    if (!ReturnsOnEveryPath(tryOperation.Body, depth + 1))
                        return false;
                    foreach (var handler in tryOperation.Catches)
                    {
                        if (!ReturnsOnEveryPath(handler.Handler, depth + 1))
                            return false;
                    }

                    return true;
                default:
                    return false;
            }
        }

        private static bool MayJumpBack(IOperation statement)
        {
            foreach (var operation in OperationsOf(statement))
            {
                if (operation is IBranchOperation or IReturnOperation { Kind: not OperationKind.Return })
                    return true;
            }

            return false;
        }

        /// <summary>Whether a statement (not its nested statements' paths: only its own expressions) closes the connection or hands the failure on.</summary>
        private bool Closes(IOperation statement)
        {
            foreach (var operation in OperationsOf(statement))
            {
                if (operation is IInvocationOperation invocation && (ClosesConnection(invocation) || HandsFailureOn(invocation)))
                    return true;
            }

            return false;
        }

        private bool ClosesConnection(IInvocationOperation invocation)
        {
            var method = invocation.TargetMethod;
            foreach (var send in _sends)
            {
                if (send.Connection is { } connection)
                {
                    // A direct close includes closing a reader or writer over the connection (not one left open).
                    if (_closes.IsDirectClose(invocation, connection) || _closes.IsClosingCall(invocation, connection))
                        return true;
                }
                else if (IsClosingName(method.Name) && invocation.Instance is { } instance && Names(send.Target, instance))
                {
                    return true;
                }

                if (ClosesThroughHelper(invocation, send.Connection))
                    return true;
                if (IsClosingName(method.Name) && (send.Connection as ILocalSymbol ?? LocalUnder(send.Target)) is { } element && TakenOutOfItsCollection(invocation.Instance, element))
                    return true;
                // _client.Dispose(), or _client?.Dispose(), for a send on the _stream taken from it.
                if (IsClosingName(method.Name) && send.Connection is IFieldSymbol or IPropertySymbol
                    && ConnectionAliases.SymbolOf(invocation.Instance is IConditionalAccessInstanceOperation tested ? ConnectionAliases.AccessedBy(tested) : invocation.Instance) is { } closed
                    && ConnectionAliases.HoldsStreamOf(send.Connection, closed))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// A helper of the compilation that closes the connection by name: <c>Disconnect()</c> closing the field the send
        /// used, a local function closing a captured local, a method of this object closing the field or property this
        /// body set from the parameter or local (<c>ClientB = clientB;</c> ... <c>Dispose()</c> closing <c>ClientB</c>), or,
        /// where the connection has no symbol, any helper that closes one.
        /// </summary>
        private bool ClosesThroughHelper(IInvocationOperation invocation, ISymbol? connection)
        {
            var method = invocation.TargetMethod;
            if (method.DeclaringSyntaxReferences.IsEmpty)
                return false;
            var closed = _closes.Api.CloseMethods.ClosedNames(method);
            if (closed.IsEmpty)
                return false;
            return connection switch
            {
                null => true,
                IFieldSymbol or IPropertySymbol => closed.Contains(connection.Name) || ClosesOwnerOf(connection, closed, method),
                ILocalSymbol or IParameterSymbol => (method.MethodKind is MethodKind.LocalFunction or MethodKind.AnonymousFunction && closed.Contains(connection.Name))
                    || ClosesMemberSetFrom(connection, closed, invocation),
                _ => false,
            };
        }

        /// <summary>
        /// Whether <paramref name="invocation"/>, a call of a method of this object, closes one of its fields or properties
        /// that this body set to <paramref name="connection"/>.
        /// </summary>
        private bool ClosesMemberSetFrom(ISymbol connection, System.Collections.Immutable.ImmutableHashSet<string> closed, IInvocationOperation invocation)
        {
            if (invocation.Instance is not (null or IInstanceReferenceOperation) || invocation.TargetMethod.IsStatic || invocation.TargetMethod.ContainingType is not { } type)
                return false;
            foreach (var member in MembersNamed(type, closed))
            {
                if (SymbolEqualityComparer.Default.Equals(_closes.Aliases.RootOf(member), connection))
                    return true;
            }

            return false;
        }

        /// <summary>
        /// Whether <paramref name="helper"/>, of the type of <paramref name="stream"/>, closes a member of that type whose
        /// stream <paramref name="stream"/> holds (<c>public void Close() =&gt; _client.Close();</c> for a writer made over
        /// <c>_client</c>'s stream in a constructor).
        /// </summary>
        private static bool ClosesOwnerOf(ISymbol stream, System.Collections.Immutable.ImmutableHashSet<string> closed, IMethodSymbol helper)
        {
            if (stream.ContainingType is not { } type || !SymbolEqualityComparer.Default.Equals(helper.ContainingType, type))
                return false;
            foreach (var member in MembersNamed(type, closed))
            {
                if (ConnectionAliases.HoldsStreamOf(stream, member))
                    return true;
            }

            return false;
        }

        /// <summary>The fields and properties of <paramref name="type"/> that a helper's summary names as closed.</summary>
        private static IEnumerable<ISymbol> MembersNamed(INamedTypeSymbol type, System.Collections.Immutable.ImmutableHashSet<string> closed)
        {
            foreach (var name in closed)
            {
                foreach (var member in type.GetMembers(name))
                {
                    if (member is IFieldSymbol or IPropertySymbol)
                        yield return member;
                }
            }
        }

        /// <summary>
        /// Whether <paramref name="closed"/> is a local taken out of the collection that the loop around the send enumerates
        /// <paramref name="element"/> from: <c>foreach (var (id, s) in _sessions) ... _sessions.TryRemove(id, out var dead); dead.Close();</c>.
        /// </summary>
        private bool TakenOutOfItsCollection(IOperation? closed, ILocalSymbol element)
        {
            // dead?.Dispose(): the close is of what the access tested.
            if (closed is IConditionalAccessInstanceOperation instance)
                closed = ConnectionAliases.AccessedBy(instance);

            if (Values.Unwrap(closed, throughAwait: false) is not ILocalReferenceOperation { Local: var taken })
                return false;
            IForEachLoopOperation? loop = null;
            for (var current = _catch.Parent; current is not null && loop is null; current = current.Parent)
            {
                if (current.Kind is OperationKind.AnonymousFunction or OperationKind.LocalFunction)
                    return false;
                if (current is IForEachLoopOperation candidate && System.Linq.Enumerable.Contains(candidate.Locals, element, SymbolEqualityComparer.Default))
                    loop = candidate;
            }

            if (loop is null)
                return false;
            if (Values.Unwrap(loop.Collection, throughAwait: false) is not { } collection)
                return false;
            foreach (var operation in OperationWalk.DescendantsAndSelf(_catch))
            {
                // The out argument names the local (out dead) or declares it (out var dead).
                if (operation is IArgumentOperation { Parameter.RefKind: RefKind.Out, Parent: IInvocationOperation { Instance: { } source } } argument
                    && Values.Unwrap(argument.Value, throughAwait: false) is { } value
                    && ((value as IDeclarationExpressionOperation)?.Expression ?? value) is ILocalReferenceOperation { Local: var outLocal }
                    && SymbolEqualityComparer.Default.Equals(outLocal, taken)
                    && Values.Unwrap(source, throughAwait: false) is { } container
                    && SyntaxFactory.AreEquivalent(container.Syntax, collection.Syntax))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// The local a send's target is reached from (<c>kv</c> of <c>kv.Value.GetStream()</c>, a pair a loop enumerates):
        /// through properties, fields and <c>GetStream()</c>; null for anything else.
        /// </summary>
        private static ILocalSymbol? LocalUnder(IOperation target)
        {
            for (var current = Holder(target); current is not null; current = Holder(current))
            {
                if (Values.Unwrap(current, throughAwait: false) is ILocalReferenceOperation reached)
                    return reached.Local;
            }

            return null;
        }

        /// <summary>What <paramref name="operation"/> is reached through: a property's or field's object, the client of <c>GetStream()</c>.</summary>
        private static IOperation? Holder(IOperation operation) => Values.Unwrap(operation, throughAwait: false) switch
        {
            IPropertyReferenceOperation property => property.Instance,
            IFieldReferenceOperation field => field.Instance,
            IInvocationOperation { TargetMethod.Name: "GetStream" } invocation => invocation.Instance,
            _ => null,
        };

        /// <summary><c>tcs.SetException(e)</c> with the caught exception: the failure goes on to whoever awaits.</summary>
        private bool HandsFailureOn(IInvocationOperation invocation)
        {
            // ExceptionDispatchInfo.Capture(e).Throw(), ExceptionDispatchInfo.Throw(e): a rethrow that keeps the stack.
            if (invocation.TargetMethod is { Name: "Throw", ContainingType: { Name: "ExceptionDispatchInfo", ContainingNamespace.Name: "ExceptionServices" } })
                return true;
            if (invocation.TargetMethod.Name is not ("SetException" or "TrySetException") || _catch.Locals.IsEmpty)
                return false;
            foreach (var argument in invocation.Arguments)
            {
                if (Values.Unwrap(argument.Value, throughAwait: false) is ILocalReferenceOperation local
                    && SymbolEqualityComparer.Default.Equals(local.Local, _catch.Locals[0]))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool IsClosingName(string name) =>
            name is "Close" or "Dispose" or "DisposeAsync" or "Shutdown" or "Disconnect" or "DisconnectAsync" or "Abort";

        /// <summary>
        /// Whether <paramref name="closed"/> names the send's target or what holds it (<c>conn</c> for <c>conn.Socket</c>),
        /// written the same or through a null test (<c>session?.Writer.Dispose()</c> for <c>session.Writer</c>).
        /// </summary>
        private static bool Names(IOperation target, IOperation closed)
        {
            for (IOperation? current = target; current is not null; current = Holder(current))
            {
                if (SyntaxFactory.AreEquivalent(current.Syntax, closed.Syntax) || IsSamePath(current, closed, depth: 0))
                    return true;
            }

            return false;
        }

        /// <summary>Whether two operations read the same member of the same variable, a conditional access's tested object taken as what it tested.</summary>
        private static bool IsSamePath(IOperation? sent, IOperation? closed, int depth)
        {
            sent = Values.Unwrap(sent, throughAwait: false);
            if (closed is IConditionalAccessInstanceOperation instance)
                closed = ConnectionAliases.AccessedBy(instance);
            closed = Values.Unwrap(closed, throughAwait: false);
            if (sent is null || closed is null || depth > 8)
                return false;
            return (sent, closed) switch
            {
                (IMemberReferenceOperation { Member: IFieldSymbol or IPropertySymbol { Parameters.IsEmpty: true } } a, IMemberReferenceOperation b) =>
                    SymbolEqualityComparer.Default.Equals(a.Member, b.Member)
                    && (a.Member.IsStatic || IsSamePath(a.Instance, b.Instance, depth + 1)),
                (ILocalReferenceOperation a, ILocalReferenceOperation b) => SymbolEqualityComparer.Default.Equals(a.Local, b.Local),
                (IParameterReferenceOperation a, IParameterReferenceOperation b) => SymbolEqualityComparer.Default.Equals(a.Parameter, b.Parameter),
                (IInstanceReferenceOperation, IInstanceReferenceOperation) => true,
                _ => false,
            };
        }
    }
}
