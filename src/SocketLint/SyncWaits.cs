using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace SocketLint;

/// <summary>
/// The members that wait synchronously for a task (<c>Task&lt;T&gt;.Result</c>, <c>Task.Wait</c>,
/// <c>GetAwaiter().GetResult()</c> and their ValueTask and ConfigureAwait forms), looked up once per compilation,
/// and the question whether such a wait is on a socket task that has not completed yet.
/// </summary>
internal sealed class SyncWaits
{
    private readonly KnownSymbols _symbols;
    private readonly HashSet<ISymbol> _resultProperties = new(SymbolEqualityComparer.Default);
    private readonly HashSet<ISymbol> _waitMethods = new(SymbolEqualityComparer.Default);
    private readonly HashSet<ISymbol> _getResultMethods = new(SymbolEqualityComparer.Default);

    public SyncWaits(KnownSymbols symbols)
    {
        _symbols = symbols;
        AddMembers(_resultProperties, symbols.TaskOfT, "Result");
        AddMembers(_resultProperties, symbols.ValueTaskOfT, "Result");
        AddMembers(_waitMethods, symbols.Task, "Wait");
        foreach (var awaiter in new[]
        {
            "System.Runtime.CompilerServices.TaskAwaiter",
            "System.Runtime.CompilerServices.TaskAwaiter`1",
            "System.Runtime.CompilerServices.ValueTaskAwaiter",
            "System.Runtime.CompilerServices.ValueTaskAwaiter`1",
            "System.Runtime.CompilerServices.ConfiguredTaskAwaitable+ConfiguredTaskAwaiter",
            "System.Runtime.CompilerServices.ConfiguredTaskAwaitable`1+ConfiguredTaskAwaiter",
            "System.Runtime.CompilerServices.ConfiguredValueTaskAwaitable+ConfiguredValueTaskAwaiter",
            "System.Runtime.CompilerServices.ConfiguredValueTaskAwaitable`1+ConfiguredValueTaskAwaiter",
        })
        {
            AddMembers(_getResultMethods, symbols.FindInCoreLibrary(awaiter), "GetResult");
        }
    }

    public bool IsResultProperty(IPropertySymbol property) => property.Name == "Result" && _resultProperties.Contains(property.OriginalDefinition);

    public bool IsWaitMethod(IMethodSymbol method) => method.Name == "Wait" && _waitMethods.Contains(method.OriginalDefinition);

    public bool IsGetResultMethod(IMethodSymbol method) => method.Name == "GetResult" && _getResultMethods.Contains(method.OriginalDefinition);

    /// <summary>
    /// The socket call whose task <paramref name="task"/> is, when that task may still be running at
    /// <paramref name="wait"/>: not awaited before it, not checked with IsCompleted before it.
    /// </summary>
    public IInvocationOperation? FindPendingSocketTask(IOperation? task, IOperation wait)
    {
        task = UnwrapTask(task);
        switch (task)
        {
            case IInvocationOperation invocation when IsSocketApi(invocation):
                return invocation;
            case ILocalReferenceOperation localReference:
                var root = Root(wait);
                IInvocationOperation? origin = null;
                foreach (var operation in OperationWalk.Descendants(root))
                {
                    if (operation.Syntax.SpanStart >= wait.Syntax.SpanStart)
                        continue;
                    switch (operation)
                    {
                        case IVariableDeclaratorOperation declarator when SymbolEqualityComparer.Default.Equals(declarator.Symbol, localReference.Local):
                            origin ??= UnwrapTask(declarator.Initializer?.Value) as IInvocationOperation;
                            break;
                        case ISimpleAssignmentOperation assignment when IsReferenceTo(assignment.Target, localReference.Local):
                            origin ??= UnwrapTask(assignment.Value) as IInvocationOperation;
                            break;
                        case IAwaitOperation awaited when Mentions(awaited.Operation, localReference.Local):
                            return null;
                        case IPropertyReferenceOperation { Property.Name: "IsCompleted" or "IsCompletedSuccessfully" } check
                            when IsReferenceTo(check.Instance, localReference.Local):
                            return null;
                    }
                }

                return origin is not null && IsSocketApi(origin) ? origin : null;
            default:
                return null;
        }
    }

    /// <summary>A call that may return a socket task with a <c>Result</c>: named ...Async, returning <c>Task&lt;T&gt;</c> or <c>ValueTask&lt;T&gt;</c>, on a socket API.</summary>
    public bool MayReturnSocketTask(IInvocationOperation invocation)
    {
        var method = invocation.TargetMethod;
        return method.Name.EndsWith("Async", System.StringComparison.Ordinal)
            && method.ReturnType is INamedTypeSymbol { IsGenericType: true, Name: "Task" or "ValueTask" }
            && IsSocketApi(invocation);
    }

    /// <summary>
    /// The <c>.Result</c> reads that wait for <paramref name="socketCall"/>'s task while it may still be running: on the
    /// call itself (<c>s.ReceiveAsync(buf).AsTask().Result</c>), or on a local that holds its task
    /// (<c>var t = s.ReceiveAsync(buf); ... t.Result</c>), as <see cref="FindPendingSocketTask"/> tells them.
    /// </summary>
    public IEnumerable<IPropertyReferenceOperation> ResultsOf(IInvocationOperation socketCall)
    {
        var value = Values.Outermost(socketCall, throughAwait: false, out _);

        ILocalSymbol? local;
        switch (value.Parent)
        {
            case IPropertyReferenceOperation reference when reference.Instance == value && IsResultProperty(reference.Property):
                yield return reference;
                yield break;
            case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator }:
                local = declarator.Symbol;
                break;
            case ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } assignment when assignment.Value == value:
                local = target.Local;
                break;
            default:
                yield break;
        }

        foreach (var operation in OperationWalk.Descendants(Root(socketCall)))
        {
            if (operation is IPropertyReferenceOperation { Property.Name: "Result" } read
                && IsResultProperty(read.Property)
                && IsReferenceTo(read.Instance, local)
                && FindPendingSocketTask(read.Instance, read) == socketCall)
            {
                yield return read;
            }
        }
    }

    private bool IsSocketApi(IInvocationOperation invocation)
    {
        var method = invocation.TargetMethod;
        if (_symbols.IsSocketFamilyType(method.ContainingType))
            return true;
        return KnownSymbols.DerivesFrom(method.ContainingType, _symbols.Stream)
            && KnownSymbols.DerivesFrom(invocation.Instance?.Type, _symbols.NetworkStream);
    }

    /// <summary>Looks through conversions, parentheses, ConfigureAwait and AsTask to the task itself.</summary>
    public static IOperation? UnwrapTask(IOperation? operation) => Values.Unwrap(operation, throughAwait: false);

    /// <summary>The awaited operand names the local itself, or Task.WhenAll/WhenAny over it.</summary>
    private static bool Mentions(IOperation operand, ILocalSymbol local)
    {
        operand = UnwrapTask(operand)!;
        if (IsReferenceTo(operand, local))
            return true;
        if (operand is IInvocationOperation { TargetMethod.Name: "WhenAll" or "WhenAny" } whenAll)
        {
            foreach (var descendant in OperationWalk.Descendants(whenAll))
            {
                if (IsReferenceTo(descendant, local))
                    return true;
            }
        }

        return false;
    }

    private static bool IsReferenceTo(IOperation? operation, ILocalSymbol local) =>
        UnwrapTask(operation) is ILocalReferenceOperation reference && SymbolEqualityComparer.Default.Equals(reference.Local, local);

    private static IOperation Root(IOperation operation)
    {
        while (operation.Parent is not null)
            operation = operation.Parent;
        return operation;
    }

    private static void AddMembers(HashSet<ISymbol> set, INamedTypeSymbol? type, string name)
    {
        if (type is null)
            return;
        foreach (var member in type.GetMembers(name))
            set.Add(member);
    }
}
