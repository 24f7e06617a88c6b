using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace SocketLint.Connections;

/// <summary>
/// The function of the same member that serves an accepted connection when the function that accepts it does not
/// close it itself: a lambda started on its own (<c>Task.Run</c>, <c>Task.Factory.StartNew</c>,
/// <c>ThreadPool.QueueUserWorkItem</c>, <c>new Thread</c>) that uses the connection, or a local function that the
/// connection is passed to, or that uses it and is called. That function's first statement is where the connection's
/// story goes on, so SL0003 walks it from there.
/// </summary>
/// <remarks>
/// Only one such function, and only when the accepting function neither reads the connection (it could have seen the
/// peer's close already) nor hands it to code elsewhere: then the function is the one place that can close it.
/// </remarks>
internal static class ConnectionTakeover
{
    public static (IOperation Function, ISymbol Connection)? Find(IOperation accepting, ISymbol connection, ConnectionCloses closes)
    {
        (IOperation Function, ISymbol Connection)? found = null;
        List<(IMethodSymbol Method, ISymbol Connection)>? called = null;
        List<ILocalFunctionOperation>? localFunctions = null;
        using var lease = OperationStack.Rent(out var pending);
        pending.PushChildren(accepting);
        while (pending.Count > 0)
        {
            var operation = pending.Pop();

            // Told apart by kind first: a type test against an operation interface costs a cast check each.
            switch (operation.Kind)
            {
                case OperationKind.AnonymousFunction:
                    var lambda = (IAnonymousFunctionOperation)operation;
                    if (Uses(lambda, connection, closes))
                    {
                        if (found is not null || !IsStartedOnItsOwn(lambda))
                            return null;
                        found = (lambda, connection);
                    }

                    continue;
                case OperationKind.LocalFunction:
                    (localFunctions ??= new List<ILocalFunctionOperation>()).Add((ILocalFunctionOperation)operation);
                    continue;
                case OperationKind.Invocation:
                    var invocation = (IInvocationOperation)operation;
                    if (invocation.TargetMethod.MethodKind == MethodKind.LocalFunction)
                    {
                        foreach (var argument in invocation.Arguments)
                        {
                            if (argument.Parameter is { } parameter && IsConnection(argument.Value, connection, closes))
                                (called ??= new()).Add((invocation.TargetMethod.OriginalDefinition, parameter.OriginalDefinition));
                        }

                        (called ??= new()).Add((invocation.TargetMethod.OriginalDefinition, connection));
                        break;
                    }

                    // A linger option set before the function runs (new LingerOption(true, 0) closes abortively): left alone.
                    if (invocation.TargetMethod.Name == "SetSocketOption" && IsConnection(invocation.Instance, connection, closes))
                        return null;

                    // Read here first: the peer's close may have been seen before the function runs.
                    if (closes.Classify(invocation) == ConnectionMemberKind.Receive && IsConnection(invocation.Instance, connection, closes))
                        return null;
                    if (ServerCloseAnalysis.HandsOff(invocation.TargetMethod, invocation.Arguments, value => IsConnection(value, connection, closes)))
                        return null;
                    break;
                case OperationKind.MethodReference:
                    var reference = (IMethodReferenceOperation)operation;
                    if (reference.Method.MethodKind == MethodKind.LocalFunction)
                        (called ??= new()).Add((reference.Method.OriginalDefinition, connection));
                    break;
                case OperationKind.SimpleAssignment:
                    if (((ISimpleAssignmentOperation)operation).Target is IPropertyReferenceOperation { Property.Name: "LingerState" } linger && IsConnection(linger.Instance, connection, closes))
                        return null;
                    break;
            }

            pending.PushChildren(operation);
        }

        // Task.Run(() => Echo(client)), Echo a local function: the function given the connection is the one that serves it.
        if (found is { Function: IAnonymousFunctionOperation started } && localFunctions is not null
            && OnlyCall(started) is { TargetMethod.MethodKind: MethodKind.LocalFunction } handOff)
        {
            foreach (var argument in handOff.Arguments)
            {
                if (argument.Parameter is not { } parameter || !IsConnection(argument.Value, connection, closes))
                    continue;
                foreach (var localFunction in localFunctions)
                {
                    if (SymbolEqualityComparer.Default.Equals(localFunction.Symbol.OriginalDefinition, handOff.TargetMethod.OriginalDefinition))
                        return (localFunction, parameter.OriginalDefinition);
                }
            }
        }

        if (localFunctions is null || called is null)
            return found;
        foreach (var localFunction in localFunctions)
        {
            foreach (var (method, taken) in called)
            {
                if (!SymbolEqualityComparer.Default.Equals(method, localFunction.Symbol.OriginalDefinition))
                    continue;

                // Passed as an argument (its parameter), or used from the enclosing function (the connection itself).
                if (taken is IParameterSymbol || Uses(localFunction, connection, closes))
                {
                    if (found is { } other && !ReferenceEquals(other.Function, localFunction))
                        return null;
                    found = (localFunction, taken);
                }
            }
        }

        return found;
    }

    /// <summary>The one call a lambda's body makes, awaited or not, as its only statement: <c>() =&gt; Echo(client)</c>, <c>async () =&gt; await Echo(client)</c>.</summary>
    private static IInvocationOperation? OnlyCall(IAnonymousFunctionOperation lambda)
    {
        if (lambda.Body.Operations.Length != 1)
            return null;
        var statement = lambda.Body.Operations[0];
        var value = statement switch
        {
            IReturnOperation { ReturnedValue: { } returned } => returned,
            IExpressionStatementOperation expression => expression.Operation,
            _ => null,
        };
        while (value is IAwaitOperation or IConversionOperation)
            value = value is IAwaitOperation awaited ? awaited.Operation : ((IConversionOperation)value).Operand;
        return value as IInvocationOperation;
    }

    /// <summary>The block a function <see cref="Find"/> gave runs: a lambda's or local function's body.</summary>
    public static IBlockOperation? BodyOf(IOperation function) => function switch
    {
        IAnonymousFunctionOperation lambda => lambda.Body,
        ILocalFunctionOperation localFunction => localFunction.Body ?? localFunction.IgnoredBody,
        _ => null,
    };

    private static bool IsConnection(IOperation? value, ISymbol connection, ConnectionCloses closes) =>
        SymbolEqualityComparer.Default.Equals(closes.RootOf(value), connection);

    /// <summary>Whether <paramref name="function"/> (the functions nested in it included) names the connection; the walk stops at the first use.</summary>
    private static bool Uses(IOperation function, ISymbol connection, ConnectionCloses closes)
    {
        using var lease = OperationStack.Rent(out var pending);
        pending.Push(function);
        while (pending.Count > 0)
        {
            var operation = pending.Pop();
            if (operation.Kind is OperationKind.LocalReference or OperationKind.ParameterReference && IsConnection(operation, connection, closes))
                return true;
            pending.PushChildren(operation);
        }

        return false;
    }

    /// <summary>A lambda the member starts and leaves to run: the argument of Task.Run, StartNew, QueueUserWorkItem or new Thread.</summary>
    private static bool IsStartedOnItsOwn(IAnonymousFunctionOperation lambda)
    {
        IOperation current = lambda;
        while (current.Parent is IDelegateCreationOperation or IConversionOperation)
            current = current.Parent;
        if (current.Parent is not IArgumentOperation argument)
            return false;
        return argument.Parent switch
        {
            IInvocationOperation { TargetMethod: { Name: "Run" or "StartNew" or "QueueUserWorkItem" or "UnsafeQueueUserWorkItem" } method } =>
                method.ContainingType is { Name: "Task" or "TaskFactory" or "ThreadPool", ContainingNamespace: { Name: "Tasks" or "Threading" } },
            IObjectCreationOperation { Type: { Name: "Thread", ContainingNamespace.Name: "Threading" } } => true,
            _ => false,
        };
    }
}
