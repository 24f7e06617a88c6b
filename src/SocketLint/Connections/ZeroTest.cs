using System;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis;

namespace SocketLint.Connections;

/// <summary>
/// Recognizes a condition that tells the peer's close apart from data: <c>n == 0</c>, <c>n &lt;= 0</c>, <c>n &lt; 1</c>,
/// <c>n != 0</c>, <c>n &gt; 0</c>, <c>n is 0</c>, <c>n is not &gt; 0</c>, either operand order, and -1 for ReadByte.
/// </summary>
internal static class ZeroTest
{
    /// <summary>
    /// The value <paramref name="condition"/> has when the count is the closed value (0, or -1 for ReadByte), when it
    /// differs from its value for every data count; null when the condition does not separate the two.
    /// </summary>
    public static bool? ValueWhenClosed(IOperation condition, Func<IOperation, bool> isCount, int closedValue)
    {
        var whenClosed = Evaluate(condition, isCount, closedValue);
        if (whenClosed is null)
            return null;

        // Data: any count above the closed value. Try the edges of that range.
        var smallest = Evaluate(condition, isCount, closedValue + 1);
        var largest = Evaluate(condition, isCount, int.MaxValue);
        return smallest is not null && smallest == largest && smallest != whenClosed ? whenClosed : null;
    }

    /// <summary>
    /// The same, for a condition on counts whose closed value is their receive's own (0, or -1 for <c>ReadByte</c>):
    /// <paramref name="closedValueOf"/> gives it for an operand that is such a count, null for any other.
    /// </summary>
    public static bool? ValueWhenClosed(IOperation condition, Func<IOperation, int?> closedValueOf) =>
        ValueWhenClosed(condition, operation => closedValueOf(operation) == 0, closedValue: 0)
        ?? ValueWhenClosed(condition, operation => closedValueOf(operation) == -1, closedValue: -1);

    private static bool? Evaluate(IOperation condition, Func<IOperation, bool> isCount, int count)
    {
        switch (condition)
        {
            case IParenthesizedOperation parenthesized:
                return Evaluate(parenthesized.Operand, isCount, count);
            case IUnaryOperation { OperatorKind: UnaryOperatorKind.Not } not:
                return !Evaluate(not.Operand, isCount, count);
            case IBinaryOperation binary:
                if (isCount(binary.LeftOperand) && ConstantOf(binary.RightOperand) is { } right)
                    return Compare(binary.OperatorKind, count, right);
                if (isCount(binary.RightOperand) && ConstantOf(binary.LeftOperand) is { } left)
                    return Compare(binary.OperatorKind, left, count);
                return null;
            case IIsPatternOperation isPattern when isCount(isPattern.Value):
                return Matches(isPattern.Pattern, count);
            default:
                return null;
        }
    }

    private static bool? Matches(IPatternOperation pattern, int count) => pattern switch
    {
        IConstantPatternOperation constant => ConstantOf(constant.Value) is { } value ? count == value : null,
        IRelationalPatternOperation relational => ConstantOf(relational.Value) is { } value ? Compare(relational.OperatorKind, count, value) : null,
        INegatedPatternOperation negated => !Matches(negated.Pattern, count),
        IBinaryPatternOperation { OperatorKind: BinaryOperatorKind.And } both => Matches(both.LeftPattern, count) & Matches(both.RightPattern, count),
        IBinaryPatternOperation { OperatorKind: BinaryOperatorKind.Or } either => Matches(either.LeftPattern, count) | Matches(either.RightPattern, count),
        IDiscardPatternOperation => true,
        _ => null,
    };

    private static bool? Compare(BinaryOperatorKind kind, long left, long right) => kind switch
    {
        BinaryOperatorKind.Equals => left == right,
        BinaryOperatorKind.NotEquals => left != right,
        BinaryOperatorKind.LessThan => left < right,
        BinaryOperatorKind.LessThanOrEqual => left <= right,
        BinaryOperatorKind.GreaterThan => left > right,
        BinaryOperatorKind.GreaterThanOrEqual => left >= right,
        _ => null,
    };

    private static long? ConstantOf(IOperation operation)
    {
        var constant = operation.ConstantValue;
        if (!constant.HasValue)
            return null;
        return constant.Value switch
        {
            int i => i,
            long l => l,
            short s => s,
            sbyte b => b,
            _ => null,
        };
    }
}
