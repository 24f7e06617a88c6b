using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.FlowAnalysis;
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
            if (writes.Disqualified.Contains(write.Key))
                continue;
            var tellsClosedApart = write.Key.Type.SpecialType == SpecialType.System_Boolean
                ? ZeroTest.DefinitionValueWhenClosed(write.Value, isCount, closedValue) is not null
                : ZeroTest.DefinitionTellsClosedApart(write.Value, isCount, closedValue);
            if (tellsClosedApart)
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
                case IVariableDeclaratorOperation { Initializer.Value: { } value } declarator when MayBeFlag(declarator.Symbol):
                    Written(declarator.Symbol, value);
                    break;
                case IDeclarationPatternOperation { DeclaredSymbol: ILocalSymbol local }:
                    Disqualified.Add(local);
                    break;
                case IRecursivePatternOperation { DeclaredSymbol: ILocalSymbol local }:
                    Disqualified.Add(local);
                    break;
                case ILocalReferenceOperation reference when MayBeFlag(reference.Local):
                    LookAtUse(reference);
                    break;
            }
        }

        /// <summary>A flag is a bool, or an enum set from a switch or <c>?:</c> on the count and compared with a constant.</summary>
        private static bool MayBeFlag(ILocalSymbol local) => FlagTypes.IsFlagType(local.Type);

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

/// <summary>The types a flag local may have: bool, or an enum (a state set from the count, compared with its constants).</summary>
internal static class FlagTypes
{
    public static bool IsFlagType(ITypeSymbol type) => type.SpecialType == SpecialType.System_Boolean || type.TypeKind == TypeKind.Enum;
}

/// <summary>
/// The flags of one graph walk (SL0001's over a receive, SL0003's over an accept): the <see cref="ZeroFlags"/> of each
/// kind of count the walk follows, found when first needed; the bit each flag local has in the int a path keeps
/// (past 31 flags, the rest are not followed); and, for the branch being read, which flags its path has written.
/// </summary>
internal sealed class PathFlags
{
    private readonly IOperation _body;
    private readonly Func<IOperation, bool>[] _isCount;
    private readonly int[] _closedValues;
    private readonly ZeroFlags?[] _found;
    private readonly Func<IOperation, IOperation?>[] _definitions;
    private Dictionary<ILocalSymbol, int>? _bits;
    private int _branchFlags;

    /// <param name="body">The graph's operation, searched for flags.</param>
    /// <param name="counts">Each kind of count: how to tell it, and its value when the peer closed (0, or -1 for ReadByte).</param>
    public PathFlags(IOperation body, params (Func<IOperation, bool> IsCount, int ClosedValue)[] counts)
    {
        _body = body;
        _isCount = new Func<IOperation, bool>[counts.Length];
        _closedValues = new int[counts.Length];
        _found = new ZeroFlags?[counts.Length];
        _definitions = new Func<IOperation, IOperation?>[counts.Length];
        for (var kind = 0; kind < counts.Length; kind++)
        {
            (_isCount[kind], _closedValues[kind]) = counts[kind];
            var ofKind = kind;
            _definitions[kind] = operand => DefinitionOf(operand, ofKind);
        }
    }

    /// <summary>
    /// What a condition is when the peer closed, for count kind <paramref name="kind"/>, reading the flags that
    /// <paramref name="branchFlags"/> (the path's) says were written.
    /// </summary>
    public bool? ValueWhenClosed(IOperation condition, int kind, int branchFlags)
    {
        _branchFlags = branchFlags;
        return ZeroTest.ValueWhenClosed(condition, _isCount[kind], _closedValues[kind], _definitions[kind]);
    }

    /// <summary>
    /// What a condition is when the peer closed, whether or not it tells the close apart from data (<c>n != 2</c>), as
    /// <see cref="ZeroTest.ValueAtClosed"/>; flags read as in <see cref="ValueWhenClosed"/>.
    /// </summary>
    public bool? ValueAtClosed(IOperation condition, int kind, int branchFlags)
    {
        _branchFlags = branchFlags;
        return ZeroTest.ValueAtClosed(condition, _isCount[kind], _closedValues[kind], _definitions[kind]);
    }

    /// <summary>
    /// The bit <paramref name="operation"/> sets on a path: a flag's one write, from where on the path the flag holds
    /// a count's test; 0 for anything else. (The body is searched for flags only once a bool local is set from a test
    /// of a count, or from a value the graph lowered into branches: a switch expression, <c>n == 0 || n &lt; 0</c>.)
    /// </summary>
    public int WrittenBy(IOperation operation) =>
        operation is ISimpleAssignmentOperation { Target: ILocalReferenceOperation flag } assignment
        && FlagTypes.IsFlagType(flag.Local.Type)
        && (assignment.Value is IFlowCaptureReferenceOperation || IsCountTest(assignment.Value))
            ? BitOf(flag.Local)
            : 0;

    /// <summary>The bit of a flag local; 0 for any other local. Built when the first bool local is asked about.</summary>
    public int BitOf(ILocalSymbol local)
    {
        if (!FlagTypes.IsFlagType(local.Type))
            return 0;
        if (_bits is null)
        {
            _bits = new Dictionary<ILocalSymbol, int>(SymbolEqualityComparer.Default);
            for (var kind = 0; kind < _found.Length; kind++)
            {
                foreach (var flag in Found(kind).Locals)
                {
                    if (_bits.Count < 31 && !_bits.ContainsKey(flag))
                        _bits.Add(flag, 1 << _bits.Count);
                }
            }
        }

        return _bits.TryGetValue(local, out var bit) ? bit : 0;
    }

    /// <summary>A condition that tells a count's closed value apart from data on its own, flags not followed.</summary>
    private bool IsCountTest(IOperation condition)
    {
        for (var kind = 0; kind < _isCount.Length; kind++)
        {
            if (ZeroTest.ValueWhenClosed(condition, _isCount[kind], _closedValues[kind]) is not null)
                return true;
        }

        return false;
    }

    /// <summary>
    /// The test a branch operand stands for: a flag written on the path of the branch, or the graph's capture of a
    /// switch expression on the count.
    /// </summary>
    private IOperation? DefinitionOf(IOperation operand, int kind) => operand switch
    {
        ILocalReferenceOperation local when _branchFlags != 0 && (_branchFlags & BitOf(local.Local)) != 0 => Found(kind).DefinitionOf(local.Local),
        IFlowCaptureReferenceOperation { Syntax: SwitchExpressionSyntax } capture => Found(kind).SwitchAt(capture.Syntax),
        _ => null,
    };

    private ZeroFlags Found(int kind) => _found[kind] ??= ZeroFlags.Find(_body, _isCount[kind], _closedValues[kind]);
}
