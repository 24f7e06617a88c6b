using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace SocketLint.Connections;

/// <summary>
/// A receive that runs only once the connection has data buffered: in the body of <c>while (s.Available &gt; 0)</c>
/// or the true branch of <c>if (client.Available != 0)</c>, <c>if (ns.DataAvailable)</c>, on the same connection, with
/// no other read of it on the way. Such a receive returns at least one byte: it never sees the peer's close, and the
/// code that does is elsewhere (a <c>Poll</c>, another read).
/// </summary>
internal static class DataAvailableGuard
{
    public static bool Guards(IInvocationOperation receive, ConnectionAliases aliases)
    {
        var connection = aliases.RootOf(receive.Instance);
        if (connection is null)
            return false;

        IOperation child = receive;
        for (var current = receive.Parent; current is not null; child = current, current = current.Parent)
        {
            switch (current)
            {
                case IAnonymousFunctionOperation or ILocalFunctionOperation:
                    return false;
                case IWhileLoopOperation { ConditionIsTop: true, ConditionIsUntil: false, Condition: { } condition } loop when loop.Body == child:
                    return HasData(condition, connection, aliases) && IsOnlyReadIn(loop.Body, receive, connection, aliases);
                case IConditionalOperation { IsRef: false } test when test.WhenTrue == child:
                    return HasData(test.Condition, connection, aliases) && IsOnlyReadIn(test.WhenTrue, receive, connection, aliases);
            }
        }

        return false;
    }

    /// <summary>Whether <paramref name="condition"/>, when true, says the connection has data buffered.</summary>
    private static bool HasData(IOperation condition, ISymbol connection, ConnectionAliases aliases)
    {
        switch (condition)
        {
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalAnd } both:
                return HasData(both.LeftOperand, connection, aliases) || HasData(both.RightOperand, connection, aliases);
            case IParenthesizedOperation parenthesized:
                return HasData(parenthesized.Operand, connection, aliases);
            case IPropertyReferenceOperation { Property.Name: "DataAvailable" } available:
                return IsOf(available, connection, aliases);
            case IBinaryOperation binary:
                if (IsAvailable(binary.LeftOperand, connection, aliases) && binary.RightOperand.ConstantValue is { HasValue: true, Value: int right })
                    return binary.OperatorKind switch
                    {
                        BinaryOperatorKind.GreaterThan => right >= 0,
                        BinaryOperatorKind.GreaterThanOrEqual => right >= 1,
                        BinaryOperatorKind.NotEquals => right == 0,
                        _ => false,
                    };
                if (IsAvailable(binary.RightOperand, connection, aliases) && binary.LeftOperand.ConstantValue is { HasValue: true, Value: int left })
                    return binary.OperatorKind switch
                    {
                        BinaryOperatorKind.LessThan => left >= 0,
                        BinaryOperatorKind.LessThanOrEqual => left >= 1,
                        BinaryOperatorKind.NotEquals => left == 0,
                        _ => false,
                    };
                return false;
            default:
                return false;
        }
    }

    private static bool IsAvailable(IOperation operand, ISymbol connection, ConnectionAliases aliases) =>
        Values.Unwrap(operand, throughAwait: false) is IPropertyReferenceOperation { Property.Name: "Available" } available && IsOf(available, connection, aliases);

    private static bool IsOf(IPropertyReferenceOperation property, ISymbol connection, ConnectionAliases aliases) =>
        property.Property.ContainingNamespace?.Name == "Sockets"
        && SymbolEqualityComparer.Default.Equals(aliases.RootOf(property.Instance), connection);

    /// <summary>No read of the connection in <paramref name="body"/> but <paramref name="receive"/>: an earlier one could take the buffered data.</summary>
    private static bool IsOnlyReadIn(IOperation body, IInvocationOperation receive, ISymbol connection, ConnectionAliases aliases)
    {
        foreach (var operation in OperationWalk.DescendantsAndSelf(body))
        {
            if (operation is IInvocationOperation other && other != receive
                && (other.TargetMethod.Name.StartsWith("Read", System.StringComparison.Ordinal) || other.TargetMethod.Name.IndexOf("Receive", System.StringComparison.Ordinal) >= 0)
                && SymbolEqualityComparer.Default.Equals(aliases.RootOf(other.Instance), connection))
            {
                return false;
            }
        }

        return true;
    }
}
