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
}
