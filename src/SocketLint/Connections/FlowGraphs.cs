using System.Collections.Generic;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace SocketLint.Connections;

/// <summary>
/// The connection model of the function around an operation: the driver's cached control flow graph of the
/// body, narrowed to the innermost lambda or local function, with the body's aliases built once and shared.
/// </summary>
internal static class FlowGraphs
{
    private static readonly ConditionalWeakTable<IOperation, ConnectionAliases> AliasesByRoot = new();
    private static readonly ConditionalWeakTable<ControlFlowGraph, ConnectionFlow> FlowByGraph = new();

    public static ConnectionFlow? FlowAround(OperationAnalysisContext context, IOperation operation, ConnectionApi api, ImmutableHashSet<IMethodSymbol> configuredCloseMethods) =>
        FlowAround(operation, _ => context.GetControlFlowGraph(), api, configuredCloseMethods);

    public static ConnectionFlow? FlowAround(OperationBlockAnalysisContext context, IOperation operation, ConnectionApi api, ImmutableHashSet<IMethodSymbol> configuredCloseMethods) =>
        FlowAround(operation, _ => BlockOf(context, operation) is { } block ? context.GetControlFlowGraph(block) : null, api, configuredCloseMethods);

    /// <summary>The aliases of the body around <paramref name="operation"/>, built once per body and shared with the graphs' flows.</summary>
    public static ConnectionAliases AliasesAround(IOperation operation, ConnectionApi api)
    {
        var root = operation;
        while (root.Parent is { } parent)
            root = parent;
        return AliasesByRoot.GetValue(root, r => ConnectionAliases.Build(api, r));
    }

    /// <summary>The context's own operation block that holds <paramref name="operation"/>.</summary>
    private static IOperation? BlockOf(OperationBlockAnalysisContext context, IOperation operation)
    {
        for (var current = operation; current is not null; current = current.Parent)
        {
            foreach (var block in context.OperationBlocks)
            {
                if (block == current)
                    return block;
            }
        }

        return null;
    }

    /// <summary>The flow around <paramref name="operation"/>, given how to get the graph of the outermost operation around it.</summary>
    internal static ConnectionFlow? FlowAround(IOperation operation, System.Func<IOperation, ControlFlowGraph?> graphOfBlock, ConnectionApi api, ImmutableHashSet<IMethodSymbol> configuredCloseMethods)
    {
        var functions = new List<IOperation>();
        var root = operation;
        for (var current = operation.Parent; current is not null; current = current.Parent)
        {
            if (current is IAnonymousFunctionOperation or ILocalFunctionOperation)
                functions.Add(current);
            root = current;
        }

        var graph = graphOfBlock(root);
        for (int i = functions.Count - 1; i >= 0 && graph is not null; i--)
        {
            graph = functions[i] switch
            {
                ILocalFunctionOperation localFunction => graph.GetLocalFunctionControlFlowGraphInScope(localFunction.Symbol),
                var lambda => FindLambda(graph, lambda.Syntax) is { } flowLambda ? graph.GetAnonymousFunctionControlFlowGraphInScope(flowLambda) : null,
            };
        }

        if (graph is null)
            return null;
        var aliases = AliasesByRoot.GetValue(root, r => ConnectionAliases.Build(api, r));
        return FlowByGraph.GetValue(graph, g => new ConnectionFlow(g, api, aliases, configuredCloseMethods));
    }

    private static IFlowAnonymousFunctionOperation? FindLambda(ControlFlowGraph graph, SyntaxNode syntax)
    {
        foreach (var block in graph.Blocks)
        {
            foreach (var statement in ConnectionFlow.StatementsOf(block))
            {
                if (!statement.Syntax.Span.Contains(syntax.Span))
                    continue;
                foreach (var descendant in statement.DescendantsAndSelf())
                {
                    if (descendant is IFlowAnonymousFunctionOperation lambda && lambda.Syntax == syntax)
                        return lambda;
                }
            }
        }

        return null;
    }
}
