using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace SocketLint;

/// <summary>Looking through the wrappers around a value: the one place that knows which operations only pass a value on.</summary>
internal static class Values
{
    /// <summary>
    /// Skips conversions, parentheses, <c>ConfigureAwait</c> and <c>AsTask</c>, and with <paramref name="throughAwait"/>
    /// also <c>await</c>: <c>(int)await s.ReceiveAsync(b).ConfigureAwait(false)</c> is the receive.
    /// </summary>
    public static IOperation? Unwrap(IOperation? operation, bool throughAwait)
    {
        while (true)
        {
            switch (operation)
            {
                case IConversionOperation conversion:
                    operation = conversion.Operand;
                    break;
                case IParenthesizedOperation parenthesized:
                    operation = parenthesized.Operand;
                    break;
                case IAwaitOperation awaited when throughAwait:
                    operation = awaited.Operation;
                    break;
                case IInvocationOperation { TargetMethod.Name: "ConfigureAwait" or "AsTask" or "WaitAsync", Instance: { } instance }:
                    operation = instance;
                    break;
                default:
                    return operation;
            }
        }
    }

    /// <summary>
    /// The other way: the outermost operation that only passes <paramref name="operation"/>'s value on, the value as
    /// its user sees it; <paramref name="awaited"/> tells whether an <c>await</c> was among the wrappers (only looked
    /// through with <paramref name="throughAwait"/>).
    /// </summary>
    public static IOperation Outermost(IOperation operation, bool throughAwait, out bool awaited)
    {
        awaited = false;
        while (operation.Parent is { } parent
            && (parent is IConversionOperation or IParenthesizedOperation
                || (throughAwait && parent is IAwaitOperation)
                || (parent is IInvocationOperation { TargetMethod.Name: "ConfigureAwait" or "AsTask" or "WaitAsync" } call && call.Instance == operation)))
        {
            awaited |= parent is IAwaitOperation;
            operation = parent;
        }

        return operation;
    }
}
