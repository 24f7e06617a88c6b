using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace SocketLint.Connections;

/// <summary>
/// Bool locals (and, for SL0001, fields of this object) a path walk follows as they are set to constants (<c>bool good = false; ... good = true;</c>,
/// <c>while (running) { ... running = false; }</c>): each tracked local has a bit, and a path carries which of them it
/// knows and their values. SL0001's and SL0003's walks share the questions asked of them here.
/// </summary>
internal static class KnownBools
{
    /// <summary>
    /// The value of a branch on a tracked bool local (<c>good</c>, <c>!good</c>) where the path knows it; null where it
    /// does not. <paramref name="bits"/> gives each tracked local its bit.
    /// </summary>
    public static bool? ValueOf<TSymbol>(IOperation condition, int known, int values, Dictionary<TSymbol, int>? bits)
        where TSymbol : class, ISymbol
    {
        if (known == 0 || bits is null)
            return null;
        return SymbolOf(Tested(condition, out var negated)) is TSymbol tracked && bits.TryGetValue(tracked, out var bit) && (known & bit) != 0
            ? ((values & bit) != 0) != negated
            : null;
    }

    /// <summary>What <paramref name="condition"/> tests under its <c>!</c> and parentheses (<c>good</c> of <c>!(good)</c>).</summary>
    public static IOperation Tested(IOperation condition, out bool negated)
    {
        negated = false;
        while (true)
        {
            switch (condition)
            {
                case IUnaryOperation { OperatorKind: UnaryOperatorKind.Not } not:
                    negated = !negated;
                    condition = not.Operand;
                    continue;
                case IParenthesizedOperation parenthesized:
                    condition = parenthesized.Operand;
                    continue;
                default:
                    return condition;
            }
        }
    }

    /// <summary>
    /// What <paramref name="operation"/> writes to a local or a field of this object, with the bool constant written
    /// (<c>open = false</c>, <c>var running = true</c>); a value that is no bool constant (set otherwise, by reference,
    /// by a compound assignment) is null. Null for an operation that writes neither.
    /// </summary>
    public static (ISymbol Symbol, bool? Value)? WriteOf(IOperation operation) => operation switch
    {
        ISimpleAssignmentOperation assignment when SymbolOf(assignment.Target) is { } target => (target, BoolConstant(assignment.Value)),
        IVariableDeclaratorOperation declarator => (declarator.Symbol, declarator.GetVariableInitializer() is { } initializer ? BoolConstant(initializer.Value) : null),
        _ => SymbolOf(OperationWalk.WrittenBy(operation)) is { } written ? (written, null) : null,
    };

    /// <summary>What a path knows after a write of <paramref name="value"/> (null: not a constant) to the bool with <paramref name="bit"/>.</summary>
    public static (int Known, int Values) Write(int known, int values, int bit, bool? value) =>
        value is { } set ? (known | bit, set ? values | bit : values & ~bit) : (known & ~bit, values & ~bit);

    private static bool? BoolConstant(IOperation value) => value.ConstantValue is { HasValue: true, Value: bool constant } ? constant : null;

    /// <summary>
    /// The local, or the field or auto-property of this object (<c>_open</c>, <c>this._open</c>, <c>IsConnected</c>), that
    /// <paramref name="operation"/> names; null for anything else.
    /// </summary>
    public static ISymbol? SymbolOf(IOperation? operation) => operation switch
    {
        ILocalReferenceOperation local => local.Local,
        IFieldReferenceOperation { Instance: null or IInstanceReferenceOperation } field => field.Field,
        IPropertyReferenceOperation { Instance: null or IInstanceReferenceOperation, Property: var property } when IsAutoProperty(property) => property,
        _ => null,
    };

    /// <summary>
    /// Whether <paramref name="property"/> is an auto-property declared here (<c>public bool IsConnected { get; private set; }</c>),
    /// not virtual: it holds what was last written to it, as a field does. A property with a body may compute anything.
    /// </summary>
    public static bool IsAutoProperty(IPropertySymbol property)
    {
        if (property.IsVirtual || property.IsAbstract || property.IsOverride || !property.Parameters.IsEmpty || property.DeclaringSyntaxReferences.IsEmpty)
            return false;
        foreach (var reference in property.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax() is not PropertyDeclarationSyntax { ExpressionBody: null, AccessorList: { } accessors })
                return false;
            foreach (var accessor in accessors.Accessors)
            {
                if (accessor.Body is not null || accessor.ExpressionBody is not null)
                    return false;
            }
        }

        return true;
    }

    /// <summary>Whether a lambda or local function under <paramref name="root"/> sets <paramref name="local"/>: then no path knows its value.</summary>
    public static bool IsSetInNestedFunction(IOperation root, ILocalSymbol local) => SetsLocal(root, local, inNestedFunctionsOnly: true);

    /// <summary>Whether <paramref name="root"/> sets <paramref name="local"/> (see <see cref="OperationWalk.WrittenBy"/>), or only in its nested functions.</summary>
    public static bool SetsLocal(IOperation root, ILocalSymbol local, bool inNestedFunctionsOnly)
    {
        foreach (var operation in OperationWalk.DescendantsAndSelf(root))
        {
            if (OperationWalk.WrittenBy(operation) is ILocalReferenceOperation reference && SymbolEqualityComparer.Default.Equals(reference.Local, local)
                && (!inNestedFunctionsOnly || OperationWalk.IsInNestedFunction(operation, root)))
            {
                return true;
            }
        }

        return false;
    }
}
