using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Operations;

namespace SocketLint.Connections;

/// <summary>
/// A receive that runs only once the connection has data buffered: in the body of <c>while (s.Available &gt; 0)</c>
/// or the true branch of <c>if (client.Available != 0)</c>, <c>if (ns.DataAvailable)</c>, or after a loop that waits
/// for data (<c>while (!ns.DataAvailable) ;</c>), on the same connection, with no other read of it on the way. Such a
/// receive returns at least one byte: it never sees the peer's close, and the code that does is elsewhere (a
/// <c>Poll</c>, another read). Not a read through TLS (<c>SslStream</c>): the bytes
/// buffered may be the peer's close_notify alert, on which the read returns 0.
/// </summary>
internal static class DataAvailableGuard
{
    /// <param name="connection">The connection <paramref name="receive"/> reads, as the caller found it in <paramref name="aliases"/>.</param>
    /// <remarks>
    /// A connection no symbol of the body stands for (a member of another object, <c>p.Socket</c>) is matched by how it is
    /// written: the same chain of fields and properties from the same local or parameter.
    /// </remarks>
    public static bool Guards(IInvocationOperation receive, ISymbol? connection, ConnectionAliases aliases)
    {
        if ((connection is not null ? new Target(connection) : Target.WrittenAs(receive.Instance)) is not { } target)
            return false;

        IOperation child = receive;
        var checkedBlock = false;
        for (var current = receive.Parent; current is not null; child = current, current = current.Parent)
        {
            // Told apart by kind first: a type test against an operation interface costs a cast check each.
            switch (current.Kind)
            {
                case OperationKind.AnonymousFunction or OperationKind.LocalFunction:
                    return false;
                case OperationKind.Loop when current is IWhileLoopOperation { ConditionIsTop: true, ConditionIsUntil: false, Condition: { } condition } loop && loop.Body == child:
                    return IsGuardedBy(condition, loop.Body, receive, target, aliases);
                case OperationKind.Conditional when current is IConditionalOperation { IsRef: false } test && test.WhenTrue == child:
                    return IsGuardedBy(test.Condition, test.WhenTrue, receive, target, aliases);
                case OperationKind.Block when !checkedBlock:
                    // Only the block that holds the receive's statement: a wait further out may be followed by any read.
                    checkedBlock = true;
                    if (AfterAWaitForData((IBlockOperation)current, child, receive, target, aliases)
                        || AfterALeaveOnNoData((IBlockOperation)current, child, receive, target, aliases))
                    {
                        return true;
                    }

                    break;
            }
        }

        return false;
    }

    /// <summary>
    /// Whether <paramref name="statement"/> of <paramref name="block"/> comes after a loop that waits, doing nothing, until
    /// the connection has data (<c>while (!ns.DataAvailable) ;</c>, <c>while (s.Available == 0) Thread.Sleep(10);</c>), with
    /// no read of it between.
    /// </summary>
    private static bool AfterAWaitForData(IBlockOperation block, IOperation statement, IInvocationOperation receive, Target connection, ConnectionAliases aliases)
    {
        // The nearest loop before the statement first, told apart by kind: most receives have none, and nothing is walked.
        var index = block.Operations.IndexOf(statement);
        var wait = index - 1;
        while (wait >= 0 && block.Operations[wait].Kind != OperationKind.Loop)
            wait--;
        if (wait < 0
            || block.Operations[wait] is not IWhileLoopOperation { ConditionIsTop: true, ConditionIsUntil: false, Condition: { } condition, Body: var body }
            || !HasNoData(condition, connection, aliases) || !WaitsOnly(body, connection, aliases))
        {
            return false;
        }

        for (var i = wait + 1; i < index; i++)
        {
            if (!IsOnlyReadIn(block.Operations[i], receive, connection, aliases))
                return false;
        }

        return !IsAuthenticatedStream(receive.Instance?.Type);
    }

    /// <summary>
    /// Whether <paramref name="statement"/> of <paramref name="block"/> comes after a test that leaves when the connection has
    /// no data (<c>if (s.Available == 0) return 0;</c>, <c>if (!ns.DataAvailable) continue;</c>), with no read of it between.
    /// </summary>
    private static bool AfterALeaveOnNoData(IBlockOperation block, IOperation statement, IInvocationOperation receive, Target connection, ConnectionAliases aliases)
    {
        var index = block.Operations.IndexOf(statement);
        for (var i = index - 1; i >= 0; i--)
        {
            var earlier = block.Operations[i];
            if (earlier.Kind == OperationKind.Conditional
                && earlier is IConditionalOperation { WhenFalse: null, Condition: var condition, WhenTrue: var leave }
                && Leaves(leave) && HasNoData(condition, connection, aliases))
            {
                return !IsAuthenticatedStream(receive.Instance?.Type);
            }

            if (!IsOnlyReadIn(earlier, receive, connection, aliases))
                return false;
        }

        return false;
    }

    /// <summary>A return, throw, break or continue, alone or ending a block.</summary>
    internal static bool Leaves(IOperation statement)
    {
        while (statement is IBlockOperation { Operations.Length: > 0 } block)
            statement = block.Operations[block.Operations.Length - 1];
        return statement is IReturnOperation or IBranchOperation { BranchKind: BranchKind.Break or BranchKind.Continue }
            || statement is IExpressionStatementOperation { Operation: IThrowOperation };
    }

    /// <summary>A wait loop's body: nothing, or a pause (<c>Thread.Sleep</c>, <c>await Task.Delay</c>), reading nothing of the connection.</summary>
    private static bool WaitsOnly(IOperation body, Target connection, ConnectionAliases aliases)
    {
        foreach (var operation in OperationWalk.DescendantsAndSelf(body))
        {
            switch (operation.Kind)
            {
                // The pause's own arguments: a delay, a token (ct, _cts.Token).
                case OperationKind.Block or OperationKind.Empty or OperationKind.ExpressionStatement or OperationKind.Await or OperationKind.Literal
                    or OperationKind.Argument or OperationKind.Conversion or OperationKind.FieldReference or OperationKind.PropertyReference
                    or OperationKind.LocalReference or OperationKind.ParameterReference or OperationKind.InstanceReference:
                    continue;
                case OperationKind.Invocation when operation is IInvocationOperation { TargetMethod.Name: "Sleep" or "Delay" or "Yield" or "SpinWait" }
                    or IInvocationOperation { TargetMethod.ContainingType.Name: "TimeSpan" }:
                    continue;
                default:
                    return false;
            }
        }

        return true;
    }

    /// <summary>Whether <paramref name="condition"/>, when true, says the connection has no data buffered: <c>!ns.DataAvailable</c>, <c>s.Available == 0</c>.</summary>
    private static bool HasNoData(IOperation condition, Target connection, ConnectionAliases aliases)
    {
        switch (condition)
        {
            case IParenthesizedOperation parenthesized:
                return HasNoData(parenthesized.Operand, connection, aliases);
            case IUnaryOperation { OperatorKind: UnaryOperatorKind.Not } not:
                return HasData(not.Operand, connection, aliases);
            case IBinaryOperation binary:
                return AvailableComparison(binary, connection, aliases) is (var kind, var bound) && SaysNone(kind, bound);
            default:
                return false;
        }
    }

    /// <summary>Whether <c>Available op bound</c>, when false, says at least one byte is buffered.</summary>
    private static bool SaysNone(BinaryOperatorKind kind, int bound) => kind switch
    {
        BinaryOperatorKind.Equals => bound == 0,
        BinaryOperatorKind.LessThanOrEqual => bound == 0,
        BinaryOperatorKind.LessThan => bound == 1,
        _ => false,
    };

    /// <summary>Whether <paramref name="condition"/> says the connection has data, and <paramref name="guarded"/>, which it guards, only reads it there.</summary>
    private static bool IsGuardedBy(IOperation condition, IOperation guarded, IInvocationOperation receive, Target connection, ConnectionAliases aliases) =>
        HasData(condition, connection, aliases) && !IsAuthenticatedStream(receive.Instance?.Type) && IsOnlyReadIn(guarded, receive, connection, aliases);

    /// <summary>
    /// An <c>SslStream</c> or <c>NegotiateStream</c>, a stream of System.Net.Security's <c>AuthenticatedStream</c>: its
    /// read may take the buffered bytes for the peer's close_notify alert and return 0. Asked only of a guarded read.
    /// </summary>
    private static bool IsAuthenticatedStream(ITypeSymbol? type)
    {
        for (var t = type; t is not null; t = t.BaseType)
        {
            if (t.Name == "AuthenticatedStream" && t.ContainingNamespace is { Name: "Security", ContainingNamespace: { Name: "Net", ContainingNamespace.Name: "System" } })
                return true;
        }

        return false;
    }

    /// <summary>
    /// Whether <paramref name="condition"/> is false once <paramref name="receive"/> has returned the peer's close: it
    /// says the connection has data buffered (<c>s.Available &gt; 0</c>, <c>ns.DataAvailable</c>), and after the close
    /// nothing more ever is. So <c>while (client.Available &gt; 0) { ... ReadByte() ... }</c> ends by itself there. Not for
    /// a read through TLS, which returns 0 at the peer's close_notify, with the socket's own buffer left aside.
    /// </summary>
    public static bool IsFalseAfterClose(IOperation condition, IInvocationOperation receive, ISymbol? connection, ConnectionAliases aliases) =>
        connection is not null && HasData(condition, new Target(connection), aliases) && !IsAuthenticatedStream(receive.Instance?.Type);

    /// <summary>Whether <paramref name="condition"/>, when true, says the connection has data buffered.</summary>
    private static bool HasData(IOperation condition, Target connection, ConnectionAliases aliases)
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
                return AvailableComparison(binary, connection, aliases) is (var kind, var bound) && SaysPositive(kind, bound);
            default:
                return false;
        }
    }

    /// <summary>
    /// <c>Available op bound</c> on the connection, Available written first (<c>s.Available &gt; 0</c>) or second
    /// (<c>0 &lt; s.Available</c>, mirrored to the first); null for any other comparison.
    /// </summary>
    private static (BinaryOperatorKind Kind, int Bound)? AvailableComparison(IBinaryOperation binary, Target connection, ConnectionAliases aliases)
    {
        if (IsAvailable(binary.LeftOperand, connection, aliases) && binary.RightOperand.ConstantValue is { HasValue: true, Value: int right })
            return (binary.OperatorKind, right);
        if (IsAvailable(binary.RightOperand, connection, aliases) && binary.LeftOperand.ConstantValue is { HasValue: true, Value: int left })
            return (Mirrored(binary.OperatorKind), left);
        return null;
    }

    /// <summary>Whether <c>Available op bound</c>, when true, says at least one byte is buffered.</summary>
    private static bool SaysPositive(BinaryOperatorKind kind, int bound) => kind switch
    {
        BinaryOperatorKind.GreaterThan => bound >= 0,
        BinaryOperatorKind.GreaterThanOrEqual => bound >= 1,
        BinaryOperatorKind.NotEquals => bound == 0,
        _ => false,
    };

    /// <summary>The operator with its operands swapped: <c>0 &lt; a</c> is <c>a &gt; 0</c>.</summary>
    private static BinaryOperatorKind Mirrored(BinaryOperatorKind kind) => kind switch
    {
        BinaryOperatorKind.LessThan => BinaryOperatorKind.GreaterThan,
        BinaryOperatorKind.LessThanOrEqual => BinaryOperatorKind.GreaterThanOrEqual,
        BinaryOperatorKind.GreaterThan => BinaryOperatorKind.LessThan,
        BinaryOperatorKind.GreaterThanOrEqual => BinaryOperatorKind.LessThanOrEqual,
        _ => kind,
    };

    private static bool IsAvailable(IOperation operand, Target connection, ConnectionAliases aliases) =>
        Values.Unwrap(operand, throughAwait: false) is IPropertyReferenceOperation { Property.Name: "Available" } available && IsOf(available, connection, aliases);

    private static bool IsOf(IPropertyReferenceOperation property, Target connection, ConnectionAliases aliases) =>
        property.Property.ContainingNamespace?.Name == "Sockets"
        && connection.Names(property.Instance, aliases);

    /// <summary>No read of the connection in <paramref name="body"/> but <paramref name="receive"/>: an earlier one could take the buffered data.</summary>
    internal static bool IsOnlyReadIn(IOperation body, IInvocationOperation receive, ISymbol connection, ConnectionAliases aliases) =>
        IsOnlyReadIn(body, receive, new Target(connection), aliases);

    private static bool IsOnlyReadIn(IOperation body, IInvocationOperation receive, Target connection, ConnectionAliases aliases)
    {
        foreach (var operation in OperationWalk.DescendantsAndSelf(body))
        {
            if (operation is IInvocationOperation other && other != receive && ConnectionApi.NamesARead(other.TargetMethod)
                && connection.Names(other.Instance, aliases))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// The connection a guard must name: a symbol of the body's aliases, or, for one no symbol stands for, how the
    /// receive writes it (<c>p.Socket</c>: fields and properties from a local, a parameter or <c>this</c>, no call).
    /// </summary>
    private readonly struct Target
    {
        private readonly ISymbol? _connection;
        private readonly IOperation? _written;

        public Target(ISymbol connection) => (_connection, _written) = (connection, null);

        private Target(IOperation written) => (_connection, _written) = (null, written);

        public static Target? WrittenAs(IOperation? instance) =>
            Values.Unwrap(instance, throughAwait: false) is { } written && IsMemberPath(written) ? new Target(written) : null;

        public bool Names(IOperation? instance, ConnectionAliases aliases)
        {
            if (_connection is not null)
                return aliases.Names(instance, _connection);
            return Values.Unwrap(instance, throughAwait: false) is { } written && IsMemberPath(written)
                && SyntaxFactory.AreEquivalent(written.Syntax, _written!.Syntax);
        }

        private static bool IsMemberPath(IOperation operation)
        {
            for (var depth = 0; depth < 8; depth++)
            {
                switch (operation)
                {
                    case IFieldReferenceOperation { Instance: { } instance }:
                        operation = instance;
                        continue;
                    case IPropertyReferenceOperation { Instance: { } instance, Property.Parameters.IsEmpty: true }:
                        operation = instance;
                        continue;
                    case IFieldReferenceOperation or IPropertyReferenceOperation { Property.Parameters.IsEmpty: true } or ILocalReferenceOperation or IParameterReferenceOperation or IInstanceReferenceOperation:
                        return true;
                    default:
                        return false;
                }
            }

            return false;
        }
    }
}
