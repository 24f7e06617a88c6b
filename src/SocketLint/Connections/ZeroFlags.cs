using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace SocketLint.Connections;

/// <summary>
/// Bool locals that carry a test of a receive's count to a later branch (<c>bool closed = n == 0; if (closed) break;</c>,
/// <c>var done = n switch { 0 =&gt; true, _ =&gt; false };</c>), and switch expressions on the count, found on the
/// operation tree of a whole body.
/// </summary>
/// <remarks>
/// A flag is a local written once, by its declaration or by one plain assignment, from a condition
/// <see cref="ZeroTest"/> can read, and otherwise only read: no ref or out, no compound assignment, no deconstruction,
/// no second write anywhere in the body (nested functions included). Whoever uses one must also know that the write
/// ran after the receive on the path it follows: the graph tracks that per path.
/// </remarks>
internal sealed class ZeroFlags
{
    private readonly Dictionary<ILocalSymbol, IOperation> _definitions;
    private readonly Dictionary<SyntaxNode, IOperation> _switches;

    private ZeroFlags(Dictionary<ILocalSymbol, IOperation> definitions, Dictionary<SyntaxNode, IOperation> switches)
    {
        _definitions = definitions;
        _switches = switches;
    }

    /// <summary>The flags of the body around <paramref name="operation"/> (from its outermost operation), as tests of the counts <paramref name="isCount"/> knows.</summary>
    public static ZeroFlags Find(IOperation operation, Func<IOperation, bool> isCount, int closedValue)
    {
        var root = operation;
        while (root.Parent is { } parent)
            root = parent;

        var writes = new Writes();
        OperationWalk.ForEach(root, writes, static (current, found) => found.Look(current));

        var definitions = new Dictionary<ILocalSymbol, IOperation>(SymbolEqualityComparer.Default);
        foreach (var write in writes.Values)
        {
            if (!writes.Disqualified.Contains(write.Key) && ZeroTest.DefinitionValueWhenClosed(write.Value, isCount, closedValue) is not null)
                definitions.Add(write.Key, write.Value);
        }

        var switches = new Dictionary<SyntaxNode, IOperation>();
        foreach (var switchExpression in writes.Switches)
        {
            if (ZeroTest.DefinitionValueWhenClosed(switchExpression, isCount, closedValue) is not null)
                switches[switchExpression.Syntax] = switchExpression;
        }

        return new ZeroFlags(definitions, switches);
    }

    public IEnumerable<ILocalSymbol> Locals => _definitions.Keys;

    /// <summary>The condition <paramref name="local"/> was set from, when it is a flag.</summary>
    public IOperation? DefinitionOf(ILocalSymbol local) => _definitions.TryGetValue(local, out var definition) ? definition : null;

    /// <summary>
    /// The switch expression on the count written at <paramref name="syntax"/>: the graph lowers it into branches and
    /// a capture of its result, and a branch on that capture is read from the tree.
    /// </summary>
    public IOperation? SwitchAt(SyntaxNode syntax) => _switches.TryGetValue(syntax, out var switchExpression) ? switchExpression : null;

    /// <summary>Every write of a bool local in a body, and its bool switch expressions.</summary>
    private sealed class Writes
    {
        public Dictionary<ILocalSymbol, IOperation> Values { get; } = new(SymbolEqualityComparer.Default);

        /// <summary>Locals written more than once, or in a way the model does not read: never flags.</summary>
        public HashSet<ILocalSymbol> Disqualified { get; } = new(SymbolEqualityComparer.Default);

        public List<IOperation> Switches { get; } = new();

        public void Look(IOperation operation)
        {
            switch (operation)
            {
                case ISwitchExpressionOperation switchExpression when switchExpression.Type?.SpecialType == SpecialType.System_Boolean:
                    Switches.Add(switchExpression);
                    break;
                case IVariableDeclaratorOperation { Initializer.Value: { } value } declarator when IsBool(declarator.Symbol):
                    Written(declarator.Symbol, value);
                    break;
                case IDeclarationPatternOperation { DeclaredSymbol: ILocalSymbol local }:
                    Disqualified.Add(local);
                    break;
                case IRecursivePatternOperation { DeclaredSymbol: ILocalSymbol local }:
                    Disqualified.Add(local);
                    break;
                case ILocalReferenceOperation reference when IsBool(reference.Local):
                    LookAtUse(reference);
                    break;
            }
        }

        private static bool IsBool(ILocalSymbol local) => local.Type.SpecialType == SpecialType.System_Boolean;

        private void Written(ILocalSymbol local, IOperation value)
        {
            if (local.RefKind != RefKind.None || Values.ContainsKey(local))
                Disqualified.Add(local);
            else
                Values.Add(local, value);
        }

        /// <summary>A reference is a plain assignment's target (the write), or a read; anything else takes the local out.</summary>
        private void LookAtUse(ILocalReferenceOperation reference)
        {
            IOperation use = reference;
            while (use.Parent is IParenthesizedOperation)
                use = use.Parent;

            switch (use.Parent)
            {
                case ISimpleAssignmentOperation { IsRef: false } assignment when assignment.Target == use:
                    Written(reference.Local, assignment.Value);
                    return;
                case IAssignmentOperation assignment when assignment.Target == use:
                case ISimpleAssignmentOperation { IsRef: true }:
                    Disqualified.Add(reference.Local);
                    return;
                case IAssignmentOperation:
                case IConversionOperation or IUnaryOperation or IBinaryOperation or IConditionalOperation or IIsPatternOperation or IIsTypeOperation:
                case IReturnOperation or IInterpolationOperation or IWhileLoopOperation or IForLoopOperation:
                case ISwitchOperation or ISwitchExpressionOperation or ISwitchExpressionArmOperation:
                case IArgumentOperation { Parameter.RefKind: RefKind.None }:
                case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation { Symbol.RefKind: RefKind.None } }:
                    return;
                default:
                    Disqualified.Add(reference.Local);
                    return;
            }
        }
    }
}

/// <summary>
/// The bits a path of a graph walk keeps its flags in (which flags it has written): one per flag local, built from
/// the walk's <see cref="ZeroFlags"/> the first time a bool local is met. Past 31 flags, the rest are not followed.
/// </summary>
internal sealed class FlagBits
{
    private readonly Dictionary<ILocalSymbol, int> _bits = new(SymbolEqualityComparer.Default);

    public FlagBits(IEnumerable<ZeroFlags> flags)
    {
        foreach (var found in flags)
        {
            foreach (var local in found.Locals)
            {
                if (_bits.Count < 31 && !_bits.ContainsKey(local))
                    _bits.Add(local, 1 << _bits.Count);
            }
        }
    }

    /// <summary>The bit of a flag local; 0 for any other local.</summary>
    public int Of(ILocalSymbol local) => _bits.TryGetValue(local, out var bit) ? bit : 0;

    /// <summary>Only a bool local can be a flag: the bits are built when the first one is asked about.</summary>
    public static bool MayBeFlag(ILocalSymbol local) => local.Type.SpecialType == SpecialType.System_Boolean;
}

