using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace SocketLint.Connections;

/// <summary>
/// Recognizes a condition that tells the peer's close apart from data: <c>n == 0</c>, <c>n &lt;= 0</c>, <c>n &lt; 1</c>,
/// <c>n != 0</c>, <c>n &gt; 0</c>, <c>n is 0</c>, <c>n is not &gt; 0</c>, either operand order, and -1 for ReadByte.
/// A pattern may name the count as it tests it (<c>s.Receive(buf) is var n &amp;&amp; n &gt; 0</c>, <c>is not 0 and var m</c>):
/// <see cref="LocalsNamingTheValue"/> gives the locals that then hold the count. A bool local may carry the test
/// (<c>bool closed = n == 0;</c>, <c>var done = n switch { 0 =&gt; true, _ =&gt; false };</c>): the caller says which
/// locals do, and where, see <see cref="ZeroFlags"/>.
/// </summary>
internal static class ZeroTest
{
    /// <summary>
    /// The value <paramref name="condition"/> has when the count is the closed value (0, or -1 for ReadByte), when it
    /// differs from its value for every data count; null when the condition does not separate the two.
    /// <paramref name="flagDefinition"/> gives, for a bool local that holds a test of this count where it is read (or the
    /// graph's capture of a switch expression's result), the condition it stands for; null for any other operand.
    /// </summary>
    public static bool? ValueWhenClosed(IOperation condition, Func<IOperation, bool> isCount, int closedValue, Func<IOperation, IOperation?>? flagDefinition = null)
    {
        var whenClosed = Evaluate(condition, isCount, closedValue, flagDefinition);
        if (whenClosed is null)
            return null;

        // Data: any count above the closed value. Try the edges of that range.
        return Separates(whenClosed, Evaluate(condition, isCount, closedValue + 1, flagDefinition), Evaluate(condition, isCount, int.MaxValue, flagDefinition));
    }

    /// <summary>
    /// The value <paramref name="condition"/> has when the count is the closed value, whether or not it also tells
    /// that value apart from data: <c>n != 2</c>, <c>n &lt; 10</c> and <c>n == buf.Length</c> take a known branch on 0
    /// too. That is the question for the path the peer's close takes (SL0001); whether a loop is left only on the
    /// close (SL0003's drain) needs <see cref="ValueWhenClosed(IOperation, Func{IOperation, bool}, int, Func{IOperation, IOperation?}?)"/>.
    /// </summary>
    public static bool? ValueAtClosed(IOperation condition, Func<IOperation, bool> isCount, int closedValue, Func<IOperation, IOperation?>? flagDefinition = null) =>
        Evaluate(condition, isCount, closedValue, flagDefinition);

    /// <summary>
    /// The same for what a flag stands for: the condition it was set from, or a switch expression on the count
    /// (<c>n switch { 0 =&gt; true, _ =&gt; false }</c>), which is read only there: the graph lowers one written in a
    /// condition into branches of its own.
    /// </summary>
    public static bool? DefinitionValueWhenClosed(IOperation definition, Func<IOperation, bool> isCount, int closedValue)
    {
        var whenClosed = EvaluateDefinition(definition, isCount, closedValue);
        if (whenClosed is null)
            return null;
        return Separates(whenClosed, EvaluateDefinition(definition, isCount, closedValue + 1), EvaluateDefinition(definition, isCount, int.MaxValue));
    }

    /// <summary>
    /// What a comparison of a count with a constant is for every value its receive can return (the closed value and
    /// up), when that constant lies below them all: <c>n &lt; 0</c>, <c>n == -1</c> and <c>n &lt;= -1</c> are never true
    /// of a receive's count, <c>n &gt;= 0</c>, <c>n &gt; -1</c> and <c>n != -1</c> always. Null for any other condition.
    /// </summary>
    /// <param name="isCount">Whether an operand is such a count, and holds nothing else.</param>
    public static bool? ValueForEveryCount(IOperation condition, Func<IOperation, bool> isCount, int closedValue)
    {
        while (condition is IParenthesizedOperation parenthesized)
            condition = parenthesized.Operand;
        if (condition is not IBinaryOperation { OperatorMethod: null } binary)
            return null;

        // The constant first, and what it would decide, then whether the other side is a count: asking that may walk the
        // body (whether a local holds only counts), and most comparisons of a count (n == 0, n > 0) decide nothing here.
        if (IntConstantOf(binary.RightOperand) is { } right && Decided(binary.OperatorKind, right, closedValue) is { } value && isCount(binary.LeftOperand))
            return value;

        // 0 > n: as n < 0.
        var mirrored = binary.OperatorKind switch
        {
            BinaryOperatorKind.LessThan => BinaryOperatorKind.GreaterThan,
            BinaryOperatorKind.LessThanOrEqual => BinaryOperatorKind.GreaterThanOrEqual,
            BinaryOperatorKind.GreaterThan => BinaryOperatorKind.LessThan,
            BinaryOperatorKind.GreaterThanOrEqual => BinaryOperatorKind.LessThanOrEqual,
            var same => same,
        };
        return IntConstantOf(binary.LeftOperand) is { } left && Decided(mirrored, left, closedValue) is { } mirroredValue && isCount(binary.RightOperand)
            ? mirroredValue
            : null;

        static long? IntConstantOf(IOperation operation) =>
            ConstantOf(operation) is { } constant and not (NullLine or EmptyLine or NonNullString) ? constant : null;

        // count OP bound, for every count from the closed value up.
        static bool? Decided(BinaryOperatorKind kind, long bound, int closed) => kind switch
        {
            BinaryOperatorKind.LessThan when bound <= closed => false,
            BinaryOperatorKind.LessThanOrEqual or BinaryOperatorKind.Equals when bound < closed => false,
            BinaryOperatorKind.GreaterThanOrEqual when bound <= closed => true,
            BinaryOperatorKind.GreaterThan or BinaryOperatorKind.NotEquals when bound < closed => true,
            _ => null,
        };
    }

    /// <summary>The value for the closed count, when the smallest and the largest data counts agree on the other.</summary>
    private static bool? Separates(bool? whenClosed, bool? smallest, bool? largest) =>
        smallest is not null && smallest == largest && smallest != whenClosed ? whenClosed : null;

    /// <summary>
    /// The same, for a condition on counts whose closed value is their receive's own (0, or -1 for <c>ReadByte</c>):
    /// <paramref name="closedValueOf"/> gives it for an operand that is such a count, null for any other.
    /// </summary>
    /// <remarks>
    /// The condition is evaluated six times (three counts, two closed values), and an operand's closed value may take a
    /// look at the connection's aliases: each operand is asked once, the answer kept for the other five.
    /// </remarks>
    /// <param name="operands">The memo of the operands' closed values, made once by the caller and emptied here for each condition.</param>
    public static bool? ValueWhenClosed(IOperation condition, ClosedValues operands)
    {
        operands.Clear();
        return ValueWhenClosed(condition, operands.IsZero, closedValue: 0)
            ?? ValueWhenClosed(condition, operands.IsMinusOne, closedValue: -1);
    }

    /// <summary>
    /// The closed values of a condition's first few operands, each asked once; kept in fields, not arrays. One is made
    /// per caller (with its two tests as delegates), not per condition.
    /// </summary>
    public sealed class ClosedValues
    {
        private readonly Func<IOperation, int?> _closedValueOf;
        private IOperation? _first, _second, _third;
        private int? _firstValue, _secondValue, _thirdValue;

        public ClosedValues(Func<IOperation, int?> closedValueOf)
        {
            _closedValueOf = closedValueOf;
            IsZero = operand => Of(operand) == 0;
            IsMinusOne = operand => Of(operand) == -1;
        }

        public Func<IOperation, bool> IsZero { get; }

        public Func<IOperation, bool> IsMinusOne { get; }

        public void Clear() => (_first, _second, _third) = (null, null, null);

        private int? Of(IOperation operand)
        {
            if (operand == _first)
                return _firstValue;
            if (operand == _second)
                return _secondValue;
            if (operand == _third)
                return _thirdValue;

            var value = _closedValueOf(operand);
            if (_first is null)
                (_first, _firstValue) = (operand, value);
            else if (_second is null)
                (_second, _secondValue) = (operand, value);
            else if (_third is null)
                (_third, _thirdValue) = (operand, value);
            return value;
        }
    }

    /// <summary>
    /// The value a line read (<c>ReadLine</c>) stands for at the end: null, told apart from every line (a count above
    /// it) the way 0 is from a count of data. A null constant compares as this value.
    /// </summary>
    public const int NullLine = int.MinValue;

    /// <summary>
    /// The value a line read coalesced to the empty string stands for at the end (<c>reader.ReadLine() ?? ""</c>): equal
    /// to <c>""</c> and <c>string.Empty</c>, of length 0, and like <see cref="NullLine"/> apart from every count. Not
    /// <c>NullLine + 1</c>: that is the line of data a test is tried on (see <see cref="ValueWhenClosed(IOperation, Func{IOperation, bool}, int, Func{IOperation, IOperation?}?)"/>).
    /// </summary>
    public const int EmptyLine = int.MinValue + 2;

    private static bool? Evaluate(IOperation condition, Func<IOperation, bool> isCount, int count, Func<IOperation, IOperation?>? flagDefinition)
    {
        switch (condition)
        {
            case IInvocationOperation nullOrEmpty when StringTestedForText(nullOrEmpty) is { } tested && isCount(tested):
                // At the end the line is null (or "", coalesced); a line of data is taken to hold something.
                return count is NullLine or EmptyLine;
            case IInvocationOperation helper when HelperTest(helper, isCount) is { } test:
                // if (!Consume(buf, n)) break; where Consume(byte[] b, int n) => n > 0.
                return EvaluateHelperTest(test.Comparison, test.ParameterName, count);
            case IParenthesizedOperation parenthesized:
                return Evaluate(parenthesized.Operand, isCount, count, flagDefinition);
            case IInvocationOperation { TargetMethod.Name: "Equals", Instance: { } instance, Arguments.Length: 1 } equals
                when instance.Type?.SpecialType == SpecialType.System_Int32 && isCount(instance) && ComparedWith(equals.Arguments[0].Value, count) is { } other:
                // n.Equals(0): as n == 0.
                return count == other;
            case IUnaryOperation { OperatorKind: UnaryOperatorKind.Not } not:
                return !Evaluate(not.Operand, isCount, count, flagDefinition);
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals } test
                when BoolConstant(test.RightOperand) is not null || BoolConstant(test.LeftOperand) is not null:
                // closed == true, done != false: the test, or its negation, of what the other side is.
                return AgainstBool(test, isCount, count, flagDefinition);
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals } test
                when flagDefinition is not null && AgainstValueFlag(test, isCount, count, flagDefinition) is { } matched:
                // state == State.Closed, where state was set from a switch or ?: on the count.
                return matched;
            case IBinaryOperation { OperatorKind: not (BinaryOperatorKind.ConditionalAnd or BinaryOperatorKind.ConditionalOr) } binary:
                if (isCount(binary.LeftOperand) && ComparedWith(binary.RightOperand, count) is { } right)
                    return Compare(binary.OperatorKind, count, right);
                if (isCount(binary.RightOperand) && ComparedWith(binary.LeftOperand, count) is { } left)
                    return Compare(binary.OperatorKind, left, count);
                if (LengthOfLine(binary.LeftOperand, isCount, count) is { } length && ConstantOf(binary.RightOperand) is { } bound)
                    return Compare(binary.OperatorKind, length, bound);
                if (LengthOfLine(binary.RightOperand, isCount, count) is { } otherLength && ConstantOf(binary.LeftOperand) is { } otherBound)
                    return Compare(binary.OperatorKind, otherBound, otherLength);
                return null;
            case IIsPatternOperation isPattern when isCount(isPattern.Value):
                return Matches(isPattern.Pattern, count);
            case IIsTypeOperation { TypeOperand.SpecialType: SpecialType.System_String, IsNegated: false } isType when isCount(isType.ValueOperand):
                // (line = r.ReadLine()) is string: false on null, the end.
                return count != NullLine;
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalAnd } both:
                return Evaluate(both.LeftOperand, isCount, count, flagDefinition) & Evaluate(both.RightOperand, isCount, count, flagDefinition);
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalOr } either:
                return Evaluate(either.LeftOperand, isCount, count, flagDefinition) | Evaluate(either.RightOperand, isCount, count, flagDefinition);
            case ILocalReferenceOperation or IFlowCaptureReferenceOperation when flagDefinition?.Invoke(condition) is { } definition:
                return EvaluateDefinition(definition, isCount, count);
            default:
                return null;
        }
    }

    /// <summary>
    /// The length of a line read, where <paramref name="operand"/> is <c>line.Length</c>: 0 at the end (a line coalesced to
    /// <c>""</c> there, <c>reader.ReadLine() ?? ""</c>; on one left null the read throws instead, which is not told apart),
    /// and, as for <c>string.IsNullOrEmpty</c>, a line of data is taken to hold something.
    /// </summary>
    private static long? LengthOfLine(IOperation operand, Func<IOperation, bool> isCount, int count) =>
        operand is IPropertyReferenceOperation { Property.Name: "Length", Instance: { Type.SpecialType: SpecialType.System_String } line } && isCount(line)
            ? count is NullLine or EmptyLine ? 0 : count == int.MaxValue ? int.MaxValue : 1
            : null;

    /// <summary>A flag set from a flag is not followed: one step is what the callers check.</summary>
    private static bool? EvaluateDefinition(IOperation definition, Func<IOperation, bool> isCount, int count) =>
        definition is ISwitchExpressionOperation switchExpression
            ? (isCount(switchExpression.Value) ? ArmValue(switchExpression, isCount, count) : null)
            : Evaluate(definition, isCount, count, flagDefinition: null);

    /// <summary>
    /// The value of the first arm whose pattern <paramref name="count"/> matches, when that arm has no guard and its
    /// value is a constant or a test of the count; null when an arm before it cannot be told, or none matches.
    /// </summary>
    private static bool? ArmValue(ISwitchExpressionOperation switchExpression, Func<IOperation, bool> isCount, int count) =>
        ArmFor(switchExpression, count) is not { } arm ? null
        : arm.Value.ConstantValue is { HasValue: true, Value: bool constant } ? constant
        : Evaluate(arm.Value, isCount, count, flagDefinition: null);

    /// <summary>The first arm whose pattern <paramref name="count"/> matches, when it has no guard; null when an arm before it cannot be told, or none matches.</summary>
    private static ISwitchExpressionArmOperation? ArmFor(ISwitchExpressionOperation switchExpression, int count)
    {
        foreach (var arm in switchExpression.Arms)
        {
            switch (Matches(arm.Pattern, count))
            {
                case null:
                    return null;
                case false:
                    continue;
            }

            return arm.Guard is null ? arm : null;
        }

        return null;
    }

    /// <summary>
    /// A method of yours, not virtual, whose body is one bool expression (<c>=&gt; n &gt; 0</c>, or <c>{ return n &gt; 0; }</c>)
    /// that compares one of its int parameters with a number, called with the count for that parameter: the comparison
    /// and the parameter's name, read from the method's syntax; null for any other call.
    /// </summary>
    private static (ExpressionSyntax Comparison, string ParameterName)? HelperTest(IInvocationOperation call, Func<IOperation, bool> isCount)
    {
        var method = call.TargetMethod;
        if (method.ReturnType.SpecialType != SpecialType.System_Boolean || method.IsVirtual || method.IsAbstract || method.IsOverride
            || method.DeclaringSyntaxReferences.Length != 1 || call.Arguments.Length == 0)
        {
            return null;
        }

        IArgumentOperation? counted = null;
        foreach (var argument in call.Arguments)
        {
            if (argument.Parameter is { RefKind: RefKind.None, Type.SpecialType: SpecialType.System_Int32 or SpecialType.System_Int64 } && isCount(argument.Value))
            {
                counted = argument;
                break;
            }
        }

        if (counted?.Parameter is not { } parameter)
            return null;
        var body = method.DeclaringSyntaxReferences[0].GetSyntax() switch
        {
            BaseMethodDeclarationSyntax { ExpressionBody: { } arrow } => arrow.Expression,
            BaseMethodDeclarationSyntax { Body: { } block } => OnlyReturned(block),
            LocalFunctionStatementSyntax { ExpressionBody: { } arrow } => arrow.Expression,
            LocalFunctionStatementSyntax { Body: { } block } => OnlyReturned(block),
            _ => null,
        };
        return body is null ? null : (body, parameter.Name);

        static ExpressionSyntax? OnlyReturned(BlockSyntax block) =>
            block.Statements.Count == 1 && block.Statements[0] is ReturnStatementSyntax { Expression: { } returned } ? returned : null;
    }

    /// <summary>
    /// The value of a helper's comparison of its parameter <paramref name="parameterName"/> with a number when it holds
    /// <paramref name="count"/>: <c>n &gt; 0</c>, <c>0 &lt; n</c>, <c>n != 0</c>, parenthesized or negated; null for any other expression.
    /// </summary>
    private static bool? EvaluateHelperTest(ExpressionSyntax test, string parameterName, int count)
    {
        switch (test)
        {
            case ParenthesizedExpressionSyntax parenthesized:
                return EvaluateHelperTest(parenthesized.Expression, parameterName, count);
            case PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.LogicalNotExpression } not:
                return !EvaluateHelperTest(not.Operand, parameterName, count);
            case BinaryExpressionSyntax binary:
                var kind = (SyntaxKind)binary.RawKind switch
                {
                    SyntaxKind.EqualsExpression => BinaryOperatorKind.Equals,
                    SyntaxKind.NotEqualsExpression => BinaryOperatorKind.NotEquals,
                    SyntaxKind.LessThanExpression => BinaryOperatorKind.LessThan,
                    SyntaxKind.LessThanOrEqualExpression => BinaryOperatorKind.LessThanOrEqual,
                    SyntaxKind.GreaterThanExpression => BinaryOperatorKind.GreaterThan,
                    SyntaxKind.GreaterThanOrEqualExpression => BinaryOperatorKind.GreaterThanOrEqual,
                    _ => BinaryOperatorKind.None,
                };
                if (kind == BinaryOperatorKind.None)
                    return null;
                if (IsNamed(binary.Left, parameterName) && NumberOf(binary.Right) is { } right)
                    return Compare(kind, count, right);
                if (IsNamed(binary.Right, parameterName) && NumberOf(binary.Left) is { } left)
                    return Compare(kind, left, count);
                return null;
            default:
                return null;
        }

        static bool IsNamed(ExpressionSyntax operand, string name) =>
            operand is IdentifierNameSyntax identifier && identifier.Identifier.ValueText == name;

        static long? NumberOf(ExpressionSyntax operand) => operand switch
        {
            LiteralExpressionSyntax { Token.Value: int value } => value,
            PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.UnaryMinusExpression, Operand: LiteralExpressionSyntax { Token.Value: int negated } } => -negated,
            _ => null,
        };
    }

    /// <summary>
    /// A flag of another type than bool (an enum) compared with a constant: <c>state == ReadState.Closed</c>, where the
    /// flag was set from <c>n switch { 0 =&gt; ReadState.Closed, _ =&gt; ReadState.Data }</c> or <c>n == 0 ? ... : ...</c>.
    /// Null when neither side is such a flag, or its value for <paramref name="count"/> is not a known constant.
    /// </summary>
    private static bool? AgainstValueFlag(IBinaryOperation test, Func<IOperation, bool> isCount, int count, Func<IOperation, IOperation?> flagDefinition)
    {
        var (flag, other) = test.RightOperand.ConstantValue.HasValue ? (test.LeftOperand, test.RightOperand) : (test.RightOperand, test.LeftOperand);
        if (!other.ConstantValue.HasValue || Values.Unwrap(flag, throughAwait: false) is not { Type.TypeKind: TypeKind.Enum } read
            || flagDefinition(read) is not { } definition || DefinitionConstant(definition, isCount, count) is not { } value)
        {
            return null;
        }

        var equal = Equals(value, other.ConstantValue.Value);
        return test.OperatorKind == BinaryOperatorKind.Equals ? equal : !equal;
    }

    /// <summary>
    /// The constant a value flag's definition gives for <paramref name="count"/>: the first arm of a switch expression on
    /// the count that matches (with no guard), or the side of a <c>?:</c> its condition takes; null when not known.
    /// </summary>
    private static object? DefinitionConstant(IOperation definition, Func<IOperation, bool> isCount, int count)
    {
        switch (definition)
        {
            case ISwitchExpressionOperation switchExpression when isCount(switchExpression.Value):
                return ArmFor(switchExpression, count) is { Value.ConstantValue: { HasValue: true } constant } ? constant.Value : null;
            case IConditionalOperation { WhenFalse: { } whenFalse } conditional:
                return Evaluate(conditional.Condition, isCount, count, flagDefinition: null) switch
                {
                    true when conditional.WhenTrue.ConstantValue.HasValue => conditional.WhenTrue.ConstantValue.Value,
                    false when whenFalse.ConstantValue.HasValue => whenFalse.ConstantValue.Value,
                    _ => null,
                };
            default:
                return null;
        }
    }

    /// <summary>
    /// Whether a value flag's definition (see <see cref="AgainstValueFlag"/>) gives the closed count a constant of its own:
    /// one that the smallest and largest data counts share, and the closed count does not.
    /// </summary>
    public static bool DefinitionTellsClosedApart(IOperation definition, Func<IOperation, bool> isCount, int closedValue)
    {
        var closed = DefinitionConstant(definition, isCount, closedValue);
        var smallest = DefinitionConstant(definition, isCount, closedValue + 1);
        return closed is not null && smallest is not null && Equals(smallest, DefinitionConstant(definition, isCount, int.MaxValue)) && !Equals(closed, smallest);
    }

    private static bool? Matches(IPatternOperation pattern, int count) => pattern switch
    {
        IConstantPatternOperation constant => ConstantOf(constant.Value) is { } value ? count == value : null,
        IRelationalPatternOperation relational => ConstantOf(relational.Value) is { } value ? Compare(relational.OperatorKind, count, value) : null,
        INegatedPatternOperation negated => !Matches(negated.Pattern, count),
        IBinaryPatternOperation { OperatorKind: BinaryOperatorKind.And } both => Matches(both.LeftPattern, count) & Matches(both.RightPattern, count),
        IBinaryPatternOperation { OperatorKind: BinaryOperatorKind.Or } either => Matches(either.LeftPattern, count) | Matches(either.RightPattern, count),
        IDiscardPatternOperation => true,
        IDeclarationPatternOperation or IRecursivePatternOperation or ITypePatternOperation => MatchesEverything(pattern) ? true
            : MatchesAnyLine(pattern) ? count != NullLine
            : count == NullLine && !MatchesNull(pattern) ? false
            : null,
        _ => null,
    };

    /// <summary>
    /// Whether <paramref name="pattern"/> matches null: a <c>var</c> declaration does; a recursive pattern
    /// (<c>{ Length: &gt; 0 }</c>), a typed declaration (<c>string s</c>) or a type (<c>is string</c>) never does, so at a
    /// line read's end it is false.
    /// </summary>
    private static bool MatchesNull(IPatternOperation pattern) => pattern switch
    {
        IDeclarationPatternOperation declaration => declaration.MatchesNull,
        IRecursivePatternOperation or ITypePatternOperation => false,
        _ => true,
    };

    /// <summary>
    /// The string that <paramref name="operation"/> tests for text, when it is <c>string.IsNullOrEmpty(s)</c> or
    /// <c>string.IsNullOrWhiteSpace(s)</c>: true at a line read's end (null), and for an empty line too. Null otherwise.
    /// </summary>
    public static IOperation? StringTestedForText(IOperation operation) =>
        operation is IInvocationOperation { TargetMethod: { Name: "IsNullOrEmpty" or "IsNullOrWhiteSpace", ContainingType.SpecialType: SpecialType.System_String }, Arguments.Length: 1 } call
            ? call.Arguments[0].Value
            : null;

    /// <summary>
    /// A pattern no value can fail: <c>var n</c>, <c>_</c>, and on a plain (non-nullable) value type <c>int n</c> or
    /// <c>{ } n</c>, and those joined by <c>and</c> or <c>or</c>. A branch on it always goes the same way.
    /// </summary>
    public static bool MatchesEverything(IPatternOperation pattern) => pattern switch
    {
        IDiscardPatternOperation => true,
        IDeclarationPatternOperation declaration => declaration.MatchesNull || IsType(declaration, declaration.MatchedType),
        IRecursivePatternOperation recursive => recursive.DeconstructionSubpatterns.IsEmpty && recursive.PropertySubpatterns.IsEmpty
            && recursive.DeconstructSymbol is null && IsType(recursive, recursive.MatchedType),
        IBinaryPatternOperation { OperatorKind: BinaryOperatorKind.And } both => MatchesEverything(both.LeftPattern) && MatchesEverything(both.RightPattern),
        IBinaryPatternOperation { OperatorKind: BinaryOperatorKind.Or } either => MatchesEverything(either.LeftPattern) || MatchesEverything(either.RightPattern),
        _ => false,
    };

    /// <summary><c>line is { }</c>, <c>line is string s</c>: on a string, true for every line and false for null.</summary>
    internal static bool MatchesAnyLine(IPatternOperation pattern) => pattern switch
    {
        IDeclarationPatternOperation { MatchesNull: false } declaration => pattern.InputType.SpecialType == SpecialType.System_String
            && (declaration.MatchedType is null || declaration.MatchedType.SpecialType == SpecialType.System_String),
        IRecursivePatternOperation recursive => pattern.InputType.SpecialType == SpecialType.System_String
            && recursive.DeconstructionSubpatterns.IsEmpty && recursive.PropertySubpatterns.IsEmpty
            && (recursive.MatchedType is null || recursive.MatchedType.SpecialType == SpecialType.System_String),
        _ => false,
    };

    /// <summary>The pattern's input is of a value type that cannot be null, and <paramref name="matchedType"/> is that type.</summary>
    private static bool IsType(IPatternOperation pattern, ITypeSymbol? matchedType) =>
        pattern.InputType is { IsValueType: true } input
        && input.OriginalDefinition.SpecialType != SpecialType.System_Nullable_T
        && input.TypeKind != TypeKind.Error
        && (matchedType is null || SymbolEqualityComparer.Default.Equals(matchedType, input));

    /// <summary>
    /// The locals that <paramref name="pattern"/> sets to the whole value it tests, when it matches: <c>var n</c>,
    /// <c>int n</c>, <c>{ } n</c>, either side of an <c>and</c>. Empty for parts of the value (<c>(var a, var b)</c>).
    /// </summary>
    public static IEnumerable<ILocalSymbol> LocalsNamingTheValue(IPatternOperation pattern)
    {
        switch (pattern)
        {
            case IDeclarationPatternOperation { DeclaredSymbol: ILocalSymbol local }:
                yield return local;
                break;
            case IRecursivePatternOperation { DeclaredSymbol: ILocalSymbol local }:
                yield return local;
                break;
            case IBinaryPatternOperation { OperatorKind: BinaryOperatorKind.And } both:
                foreach (var left in LocalsNamingTheValue(both.LeftPattern))
                    yield return left;
                foreach (var right in LocalsNamingTheValue(both.RightPattern))
                    yield return right;
                break;
        }
    }

    /// <summary>
    /// What <paramref name="condition"/> is at a reader's end, which comes only once the peer has closed and every byte
    /// before its close has been read: <c>reader.EndOfStream</c> is true there, and <c>reader.Peek()</c> returns -1, tested
    /// against a constant that tells -1 from every character (<c>&gt;= 0</c>, <c>!= -1</c>, <c>&gt; -1</c>, either way round).
    /// For a reader <paramref name="isReader"/> accepts, under any number of <c>!</c>; null for any other condition.
    /// </summary>
    public static bool? ValueAtReaderEnd(IOperation condition, Func<IOperation?, bool> isReader)
    {
        switch (condition)
        {
            case IUnaryOperation { OperatorKind: UnaryOperatorKind.Not } not:
                return !ValueAtReaderEnd(not.Operand, isReader);
            case IPropertyReferenceOperation { Property.Name: "EndOfStream" } end when isReader(end.Instance):
                return true;
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals or BinaryOperatorKind.LessThan
                or BinaryOperatorKind.LessThanOrEqual or BinaryOperatorKind.GreaterThan or BinaryOperatorKind.GreaterThanOrEqual } test:
                var peekOnLeft = IsPeek(test.LeftOperand);
                var peek = peekOnLeft ? test.LeftOperand : IsPeek(test.RightOperand) ? test.RightOperand : null;
                if (peek is null || !isReader(((IInvocationOperation)peek).Instance) || ConstantOf(peekOnLeft ? test.RightOperand : test.LeftOperand) is not { } bound)
                    return null;
                bool? At(long peeked) => peekOnLeft ? Compare(test.OperatorKind, peeked, bound) : Compare(test.OperatorKind, bound, peeked);
                var atEnd = At(-1);
                return At(0) is { } character && At(char.MaxValue) == character && character != atEnd ? atEnd : null;
            default:
                return null;
        }

        static bool IsPeek(IOperation operand) => operand is IInvocationOperation { TargetMethod.Name: "Peek", Arguments.Length: 0 };
    }

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

    /// <summary>
    /// What a count of <paramref name="count"/> is compared with: a constant; or, for the closed value (0 or -1), a
    /// buffer's length (<c>n == buf.Length</c>, <c>n &lt; buffer.Length</c>), which is at least 1 for a buffer a receive
    /// can fill, so that every comparison with the closed value comes out as with 1. For a data count it is unknown.
    /// </summary>
    private static long? ComparedWith(IOperation operation, int count) =>
        ConstantOf(operation) ?? (count <= 0 && IsBufferLength(operation) ? 1 : null);

    private static bool IsBufferLength(IOperation operation) =>
        Values.Unwrap(operation, throughAwait: false) is IPropertyReferenceOperation { Property.Name: "Length", Instance.Type: IArrayTypeSymbol { ElementType.SpecialType: SpecialType.System_Byte or SpecialType.System_Char } };

    private static bool? AgainstBool(IBinaryOperation test, Func<IOperation, bool> isCount, int count, Func<IOperation, IOperation?>? flagDefinition)
    {
        var (operand, constant) = BoolConstant(test.RightOperand) is { } right
            ? (test.LeftOperand, right)
            : (test.RightOperand, BoolConstant(test.LeftOperand)!.Value);
        if (Evaluate(operand, isCount, count, flagDefinition) is not { } value)
            return null;
        return (value == constant) == (test.OperatorKind == BinaryOperatorKind.Equals);
    }

    private static bool? BoolConstant(IOperation operation) =>
        operation.ConstantValue is { HasValue: true, Value: bool value } ? value : null;

    /// <summary>
    /// What a string other than null and "" compares as (<c>"quit"</c>): a value that neither null (<see cref="NullLine"/>),
    /// "" (<see cref="EmptyLine"/>) nor any count is. A line compared only with such a string is never told apart at the
    /// end: null is not "quit", so <c>line != "quit"</c> holds at the peer's close as it does for a line of data. ""
    /// and <c>string.Empty</c> compare as <see cref="EmptyLine"/>: not null either, but what a line coalesced to "" is.
    /// </summary>
    private const long NonNullString = long.MinValue;

    private static long? ConstantOf(IOperation operation)
    {
        // s?.Receive(b) > 0 compares int?s: the 0 is converted to one, and such a conversion has no constant value.
        if (operation is IConversionOperation { Type.OriginalDefinition.SpecialType: SpecialType.System_Nullable_T, Operand: var converted })
            operation = converted;
        var constant = operation.ConstantValue;
        if (!constant.HasValue)
            return Values.IsEmptyString(operation) ? EmptyLine : null;
        return constant.Value switch
        {
            null => NullLine,
            int i => i,
            long l => l,
            short s => s,
            sbyte b => b,

            // An unsigned constant is compared with the count narrowed to its type (a byte enum's case: (Kind)stream.ReadByte()),
            // where -1 reads as the type's largest value: that one constant cannot be told from the closed value.
            byte b => b == byte.MaxValue ? null : b,
            ushort u => u == ushort.MaxValue ? null : u,
            char c => c == char.MaxValue ? null : c,
            uint u => u == uint.MaxValue ? null : u,
            // "" is what a line coalesced to it reads at the end (EmptyLine); null is not "", nor any count.
            string { Length: 0 } => EmptyLine,
            string => NonNullString,
            _ => null,
        };
    }
}
