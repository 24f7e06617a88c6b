using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace SocketLint;

/// <summary>Where an operation runs: the innermost function that contains it, and whether that function is async.</summary>
internal static class AsyncContext
{
    /// <summary>
    /// True when the innermost function around <paramref name="operation"/> is async: an async method, lambda,
    /// anonymous method or local function, or top-level statements that await. A synchronous lambda or local
    /// function nested in async code (<c>Task.Run(() =&gt; listener.Accept())</c>) runs elsewhere by design: false.
    /// </summary>
    public static bool IsInAsyncCode(IOperation operation, ISymbol containingSymbol)
    {
        for (var current = operation.Parent; current is not null; current = current.Parent)
        {
            switch (current)
            {
                case IAnonymousFunctionOperation lambda:
                    return lambda.Symbol.IsAsync;
                case ILocalFunctionOperation localFunction:
                    return localFunction.Symbol.IsAsync;
            }
        }

        // The synthesized entry point of top-level statements is async exactly when they await.
        return containingSymbol is IMethodSymbol { IsAsync: true };
    }
}
