using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace SocketLint;

/// <summary>Looking through the wrappers around a value: the one place that knows which operations only pass a value on.</summary>
internal static class Values
{
    /// <summary><c>string.Empty</c>: a static field, so not a constant, though it reads as <c>""</c>.</summary>
    public static bool IsEmptyString(IOperation operation) =>
        operation is IFieldReferenceOperation { Field: { Name: "Empty", IsStatic: true, ContainingType.SpecialType: SpecialType.System_String } };

    /// <summary>
    /// Whether two operands name the same value: the same local or parameter, or equal constants; conversions looked
    /// through. A write to the local between the two reads is not looked for.
    /// </summary>
    public static bool IsSameValue(IOperation first, IOperation second)
    {
        var a = Unwrap(first, throughAwait: false);
        var b = Unwrap(second, throughAwait: false);
        if (a is null || b is null)
            return false;
        if (a.ConstantValue.HasValue || b.ConstantValue.HasValue)
            return a.ConstantValue.HasValue && b.ConstantValue.HasValue && Equals(a.ConstantValue.Value, b.ConstantValue.Value);
        return (a, b) switch
        {
            (ILocalReferenceOperation x, ILocalReferenceOperation y) => SymbolEqualityComparer.Default.Equals(x.Local, y.Local),
            (IParameterReferenceOperation x, IParameterReferenceOperation y) => SymbolEqualityComparer.Default.Equals(x.Parameter, y.Parameter),
            _ => false,
        };
    }

    /// <summary>
    /// Skips conversions, parentheses, <c>ConfigureAwait</c> and <c>AsTask</c>, and with <paramref name="throughAwait"/>
    /// also <c>await</c>: <c>(int)await s.ReceiveAsync(b).ConfigureAwait(false)</c> is the receive.
    /// </summary>
    public static IOperation? Unwrap(IOperation? operation, bool throughAwait)
    {
        // Told apart by kind first: a type test against an operation interface costs a cast check each.
        while (operation is not null)
        {
            switch (operation.Kind)
            {
                case OperationKind.Conversion:
                    operation = ((IConversionOperation)operation).Operand;
                    continue;
                case OperationKind.Parenthesized:
                    operation = ((IParenthesizedOperation)operation).Operand;
                    continue;
                case OperationKind.Await when throughAwait:
                    operation = ((IAwaitOperation)operation).Operation;
                    continue;
                case OperationKind.PropertyReference when throughAwait
                    && operation is IPropertyReferenceOperation { Property.Name: "Result", Instance: { Type.Name: "Task" or "ValueTask" } task }:
                    // Waited for rather than awaited (SL0004's business): the task's value all the same.
                    operation = task;
                    continue;
                case OperationKind.Invocation:
                    var invocation = (IInvocationOperation)operation;
                    if (throughAwait && invocation is { TargetMethod.Name: "GetResult", Instance: IInvocationOperation { TargetMethod.Name: "GetAwaiter", Instance: { } awaitedTask } })
                    {
                        operation = awaitedTask;
                        continue;
                    }

                    if (invocation is { TargetMethod.Name: "ConfigureAwait" or "AsTask" or "WaitAsync", Instance: { } instance })
                    {
                        operation = instance;
                        continue;
                    }

                    return operation;
                default:
                    return operation;
            }
        }

        return null;
    }

    /// <summary>
    /// The other way: the outermost operation that only passes <paramref name="operation"/>'s value on, the value as
    /// its user sees it; <paramref name="awaited"/> tells whether an <c>await</c> was among the wrappers (only looked
    /// through with <paramref name="throughAwait"/>).
    /// </summary>
    public static IOperation Outermost(IOperation operation, bool throughAwait, out bool awaited)
    {
        awaited = false;
        while (operation.Parent is { } parent)
        {
            if (parent.Kind is OperationKind.Conversion or OperationKind.Parenthesized
                || (parent.Kind == OperationKind.Invocation && parent is IInvocationOperation { TargetMethod.Name: "ConfigureAwait" or "AsTask" or "WaitAsync" } call && call.Instance == operation))
            {
                operation = parent;
                continue;
            }

            if (!throughAwait)
                break;
            if (parent.Kind == OperationKind.Await)
            {
                awaited = true;
                operation = parent;
            }
            else if (parent is IPropertyReferenceOperation { Property.Name: "Result" } result && result.Instance == operation && operation.Type?.Name is "Task" or "ValueTask")
            {
                // .Result waits rather than awaits (SL0004's business), but gives the task's value all the same.
                awaited = true;
                operation = parent;
            }
            else if (parent is IInvocationOperation { TargetMethod.Name: "GetAwaiter", Parent: IInvocationOperation { TargetMethod.Name: "GetResult" } getResult } getAwaiter
                && getAwaiter.Instance == operation && getResult.Instance == getAwaiter)
            {
                awaited = true;
                operation = getResult;
            }
            else
            {
                break;
            }
        }

        return operation;
    }

    /// <summary>
    /// The value a returned task carries: <c>x</c> in <c>new ValueTask&lt;int&gt;(x)</c>, <c>Task.FromResult(x)</c> or
    /// <c>ValueTask.FromResult(x)</c>; otherwise <paramref name="returned"/> itself.
    /// </summary>
    public static IOperation ResultOf(IOperation returned)
    {
        var value = Unwrap(returned, throughAwait: false) ?? returned;
        return value switch
        {
            IObjectCreationOperation { Type.Name: "ValueTask", Arguments.Length: 1 } creation
                when creation.Arguments[0].Value.Type is { TypeKind: not TypeKind.Error } argumentType && argumentType.Name is not ("Task" or "ValueTask") => creation.Arguments[0].Value,
            IInvocationOperation { TargetMethod: { Name: "FromResult", ContainingType.Name: "Task" or "ValueTask" }, Arguments.Length: 1 } fromResult => fromResult.Arguments[0].Value,
            _ => value,
        };
    }

    /// <summary>Whether <paramref name="value"/> is the value of a return, as it is or carried by a task (<see cref="ResultOf"/>).</summary>
    public static bool IsReturned(IOperation value)
    {
        var outer = Outermost(value, throughAwait: false, out _);
        if (outer.Parent is IArgumentOperation { Parent: { Kind: OperationKind.ObjectCreation or OperationKind.Invocation } carrier } && ResultOf(carrier) != carrier)
            outer = Outermost(carrier, throughAwait: false, out _);
        return outer.Parent is IReturnOperation { Kind: OperationKind.Return };
    }

    /// <summary>Whether <paramref name="call"/> is <c>GetValueOrDefault()</c> of a <c>Nullable&lt;T&gt;</c>, as a graph unwraps a coalesced <c>int?</c>.</summary>
    public static bool IsNullableUnwrap(IInvocationOperation call) =>
        call.Arguments.IsEmpty && call.TargetMethod is { Name: "GetValueOrDefault" } method
        && method.ContainingType.OriginalDefinition.SpecialType == SpecialType.System_Nullable_T;

    /// <summary>The local that <paramref name="value"/> is stored in where it is produced: <c>var x = value;</c> or <c>x = value;</c>.</summary>
    public static ILocalSymbol? LocalStoring(IOperation value) => value.Parent switch
    {
        IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator } => declarator.Symbol,
        ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } assignment when assignment.Value == value => target.Local,
        _ => null,
    };
}
