using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace SocketLint.Connections;

/// <summary>
/// One control flow graph seen as the connection model sees it: where an operation stands, what flow captures
/// hold, and which operations close a connection. Shared by the path questions of SL0001–SL0003.
/// </summary>
internal sealed class ConnectionFlow
{
    private readonly Dictionary<CaptureId, IOperation> _captures = new();
    private readonly ConnectionCloses _closes;

    public ConnectionFlow(ControlFlowGraph graph, ConnectionApi api, ConnectionAliases aliases, ImmutableHashSet<IMethodSymbol> configuredCloseMethods, bool wrappersClose)
    {
        Graph = graph;
        Api = api;
        Aliases = aliases;
        _configuredCloseMethods = configuredCloseMethods;
        _wrappersClose = wrappersClose;
        foreach (var block in graph.Blocks)
        {
            foreach (var operation in StatementsOf(block))
            {
                foreach (var descendant in OperationWalk.DescendantsAndSelf(operation))
                {
                    if (descendant is IFlowCaptureOperation capture && !_captures.ContainsKey(capture.Id))
                        _captures[capture.Id] = capture.Value;
                }
            }
        }

        _closes = new ConnectionCloses(api, aliases, configuredCloseMethods, _captures, wrappersClose);
    }

    private readonly ImmutableHashSet<IMethodSymbol> _configuredCloseMethods;
    private readonly bool _wrappersClose;

    /// <summary>Whether this flow is the one <see cref="ConnectionFlow(ControlFlowGraph, ConnectionApi, ConnectionAliases, ImmutableHashSet{IMethodSymbol}, bool)"/> would make of these.</summary>
    public bool IsFor(ControlFlowGraph graph, ConnectionAliases aliases, ImmutableHashSet<IMethodSymbol> configuredCloseMethods, bool wrappersClose) =>
        graph == Graph && aliases == Aliases && configuredCloseMethods == _configuredCloseMethods && wrappersClose == _wrappersClose;

    /// <summary>
    /// What SL0001 decided of each receive of this flow asked about from another's zero path: whether it handles its
    /// own close (see <c>PeerCloseAnalysis.NextReceiveHandles</c>). Shared by the analyses of every receive of the flow.
    /// </summary>
    public Dictionary<IOperation, bool> NextReceiveDecisions { get; } = new();

    public ControlFlowGraph Graph { get; }
    public ConnectionApi Api { get; }
    public ConnectionAliases Aliases { get; }
    public IReadOnlyDictionary<CaptureId, IOperation> Captures => _captures;

    /// <summary>The operations of a block, then its branch value: position <c>Operations.Length</c> is the branch.</summary>
    public static IEnumerable<IOperation> StatementsOf(BasicBlock block)
    {
        foreach (var operation in block.Operations)
            yield return operation;
        if (block.BranchValue is { } branchValue)
            yield return branchValue;
    }

    /// <summary>
    /// Code being typed: a statement with syntax errors, or a condition whose closing parenthesis is still missing
    /// (<c>if (client.Close();</c>). Its parse is a guess, and so would be any verdict drawn through it.
    /// </summary>
    public static bool IsBroken(IOperation statement)
    {
        // Only a condition (an expression, not a whole statement) can be followed by a missing parenthesis.
        var syntax = statement.Syntax;
        return syntax.ContainsDiagnostics
            || (syntax is ExpressionSyntax && syntax.GetLastToken().GetNextToken(includeZeroWidth: true).IsMissing);
    }

    /// <summary>
    /// The one branch a block on a constant condition takes: the graph keeps <c>while (true)</c> as a conditional
    /// branch, and a walk that also took its other edge would leave the loop on a path that does not exist.
    /// </summary>
    public static bool TryConstantBranch(BasicBlock block, out ControlFlowBranch? taken)
    {
        if (block.ConditionKind != ControlFlowConditionKind.None
            && block.BranchValue?.ConstantValue is { HasValue: true, Value: bool value })
        {
            taken = value == (block.ConditionKind == ControlFlowConditionKind.WhenTrue) ? block.ConditionalSuccessor : block.FallThroughSuccessor;
            return true;
        }

        // x is var n: a pattern that names the value and tests nothing.
        if (block.ConditionKind != ControlFlowConditionKind.None
            && block.BranchValue is IIsPatternOperation { Pattern: var pattern } && ZeroTest.MatchesEverything(pattern))
        {
            taken = block.ConditionKind == ControlFlowConditionKind.WhenTrue ? block.ConditionalSuccessor : block.FallThroughSuccessor;
            return true;
        }

        taken = null;
        return false;
    }

    public static IOperation? StatementAt(BasicBlock block, int index) =>
        index < block.Operations.Length ? block.Operations[index] : block.BranchValue;

    /// <summary>The block, position and graph operation of the invocation written at <paramref name="syntax"/>.</summary>
    public (BasicBlock Block, int Index, IInvocationOperation Invocation)? Locate(SyntaxNode syntax) =>
        Locate<IInvocationOperation>(syntax) is { } located ? (located.Block, located.Index, located.Operation) : null;

    /// <summary>The block, position and graph operation of the <typeparamref name="TOperation"/> written at <paramref name="syntax"/>.</summary>
    public (BasicBlock Block, int Index, TOperation Operation)? Locate<TOperation>(SyntaxNode syntax)
        where TOperation : class, IOperation
    {
        foreach (var block in Graph.Blocks)
        {
            for (int index = 0; index <= block.Operations.Length; index++)
            {
                var statement = StatementAt(block, index);
                if (statement is null || !statement.Syntax.Span.Contains(syntax.Span))
                    continue;
                foreach (var descendant in OperationWalk.DescendantsAndSelf(statement))
                {
                    if (descendant is TOperation operation && operation.Syntax == syntax)
                        return (block, index, operation);
                }
            }
        }

        return null;
    }

    public ISymbol? RootOf(IOperation? operation) => _closes.RootOf(operation);

    public ConnectionMemberKind Classify(IInvocationOperation invocation) => _closes.Classify(invocation);

    /// <summary>Whether <paramref name="operation"/> closes <paramref name="connection"/>: directly, through a closing helper, or a configured close method.</summary>
    public bool Closes(IOperation operation, ISymbol? connection)
    {
        if (connection is null)
            return false;
        foreach (var descendant in OperationWalk.DescendantsAndSelf(operation))
        {
            if (descendant is IInvocationOperation invocation && _closes.Closes(invocation, connection))
                return true;
        }

        return false;
    }

    /// <inheritdoc cref="ConnectionCloses.IsDirectClose"/>
    public bool IsDirectClose(IInvocationOperation invocation, ISymbol connection) => _closes.IsDirectClose(invocation, connection);

    /// <inheritdoc cref="ConnectionCloses.IsClosingCall"/>
    public bool IsClosingCall(IInvocationOperation invocation, ISymbol connection) => _closes.IsClosingCall(invocation, connection);

    /// <summary>Whether some block of <paramref name="region"/> (a finally that a branch runs) closes the connection.</summary>
    public bool RegionCloses(ControlFlowRegion region, ISymbol? connection)
    {
        for (int ordinal = region.FirstBlockOrdinal; ordinal <= region.LastBlockOrdinal; ordinal++)
        {
            foreach (var statement in StatementsOf(Graph.Blocks[ordinal]))
            {
                if (Closes(statement, connection))
                    return true;
            }
        }

        return false;
    }
}
