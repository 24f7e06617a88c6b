using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace SocketLint;

/// <summary>Where an operation runs: the innermost function that contains it, and whether that function is async.</summary>
internal static class AsyncContext
{
    /// <summary>
    /// True when the innermost function around <paramref name="operation"/> is async: an async method, lambda,
    /// anonymous method or local function, or top-level statements that await. A synchronous lambda or local
    /// function nested in async code (<c>Task.Run(() =&gt; listener.Accept())</c>) runs elsewhere by design: false;
    /// but a synchronous lambda that a <c>ForEach</c> runs in place is in the code around it.
    /// So is the synchronous branch of a method written for both modes, whose caller picks one by a parameter and whose
    /// other branch awaits the same call's async form (<c>if (doAsync) await s.ConnectAsync(ep); else s.Connect(ep);</c>):
    /// a synchronous caller asked for it to block.
    /// </summary>
    public static bool IsInAsyncCode(IOperation operation, ISymbol containingSymbol)
    {
        var child = operation;
        for (var current = operation.Parent; current is not null; child = current, current = current.Parent)
        {
            switch (current)
            {
                // clients.ForEach(c => c.Send(buffer)): a synchronous lambda that the call it is given to runs at once, on
                // the thread of the code around it, blocks that code.
                case IAnonymousFunctionOperation lambda when !lambda.Symbol.IsAsync && IsRunInPlace(lambda):
                    break;
                case IAnonymousFunctionOperation lambda:
                    return lambda.Symbol.IsAsync;
                case ILocalFunctionOperation localFunction:
                    return localFunction.Symbol.IsAsync;
                case IConditionalOperation conditional when child != conditional.Condition && IsSynchronousMode(conditional, child, operation):
                    return false;
            }
        }

        // The synthesized entry point of top-level statements is async exactly when they await.
        return containingSymbol is IMethodSymbol { IsAsync: true };
    }

    /// <summary>
    /// Whether <paramref name="lambda"/> is given to a <c>ForEach</c> that calls it for each element before it returns:
    /// <c>List&lt;T&gt;.ForEach</c>, <c>Array.ForEach</c>, <c>ImmutableList&lt;T&gt;.ForEach</c> and its builder's. (<c>Parallel.ForEach</c>
    /// runs it on pool threads; LINQ's lambdas run wherever the query is enumerated.)
    /// </summary>
    private static bool IsRunInPlace(IAnonymousFunctionOperation lambda) =>
        lambda.Parent is IDelegateCreationOperation { Parent: IArgumentOperation { Parent: IInvocationOperation { TargetMethod: { Name: "ForEach" } forEach } } }
        && (forEach.ContainingType is { Name: "Builder", ContainingType: { } builderOf } ? builderOf : forEach.ContainingType) is { Name: "List" or "Array" or "ImmutableList" } type
        && type.ContainingNamespace?.ToDisplayString() is "System.Collections.Generic" or "System" or "System.Collections.Immutable";

    /// <summary>
    /// Whether <paramref name="branch"/> of <paramref name="conditional"/>, which holds <paramref name="blocking"/>, is the
    /// synchronous mode of code written for both: the condition tests a parameter (<c>doAsync</c>, <c>!async</c>,
    /// <c>ioBehavior == IOBehavior.Asynchronous</c>), and the other branch awaits and calls the same member or its async
    /// form (<c>Connect</c> and <c>ConnectAsync</c>; <c>Dns.GetHostAddressesAsync</c> awaited and waited for).
    /// </summary>
    private static bool IsSynchronousMode(IConditionalOperation conditional, IOperation branch, IOperation blocking)
    {
        var other = branch == conditional.WhenTrue ? conditional.WhenFalse : conditional.WhenTrue;
        if (other is null || !TestsParameter(conditional.Condition))
            return false;

        var names = new System.Collections.Generic.HashSet<string>(System.StringComparer.Ordinal);
        foreach (var operation in OperationWalk.DescendantsAndSelf(blocking))
        {
            if (operation is IInvocationOperation { TargetMethod.Name: var name })
            {
                names.Add(name);
                names.Add(name + "Async");
            }
        }

        var (awaits, sameCall) = (false, false);
        foreach (var operation in OperationWalk.DescendantsAndSelf(other))
        {
            awaits |= operation.Kind == OperationKind.Await && !OperationWalk.IsInNestedFunction(operation, other);
            sameCall |= operation is IInvocationOperation { TargetMethod.Name: var name } && names.Contains(name);
        }

        return awaits && sameCall;
    }

    private static bool TestsParameter(IOperation condition)
    {
        while (true)
        {
            switch (condition)
            {
                case IUnaryOperation { OperatorKind: UnaryOperatorKind.Not } not:
                    condition = not.Operand;
                    continue;
                case IParenthesizedOperation parenthesized:
                    condition = parenthesized.Operand;
                    continue;
                case IParameterReferenceOperation { Parameter.Type.SpecialType: SpecialType.System_Boolean }:
                    return true;
                case IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals } comparison:
                    return (IsParameter(comparison.LeftOperand) && comparison.RightOperand.ConstantValue.HasValue)
                        || (IsParameter(comparison.RightOperand) && comparison.LeftOperand.ConstantValue.HasValue);
                default:
                    return false;
            }
        }
    }

    private static bool IsParameter(IOperation operand) =>
        (operand is IConversionOperation conversion ? conversion.Operand : operand) is IParameterReferenceOperation;
}
