using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace SocketLint.Connections;

/// <summary>
/// The connection model of the function around an operation: the driver's cached control flow graph of the
/// body, narrowed to the innermost lambda or local function, with the body's aliases.
/// </summary>
/// <remarks>
/// Only the last flow made on a thread is kept (see <see cref="FlowAround(IOperation, System.Func{IOperation, ControlFlowGraph?}, ConnectionAliases, ConnectionApi, ImmutableHashSet{IMethodSymbol}, bool)"/>).
/// A <c>ConditionalWeakTable</c> keyed on the body cost more than building the aliases again (16×, SL0001 alone
/// 28 → 23 ms and the four rules 61–68 → 52–54 ms without it), and the graph itself is cached by the driver.
/// </remarks>
internal static class FlowGraphs
{
    /// <summary>The last flow made on this thread; weak, so that an idle thread does not keep a compilation alive.</summary>
    [System.ThreadStatic]
    private static System.WeakReference<ConnectionFlow>? t_last;

    /// <param name="wrappersClose">Whether closing a reader or writer over the connection closes it (see <see cref="ConnectionCloses"/>).</param>
    public static ConnectionFlow? FlowAround(OperationAnalysisContext context, IOperation operation, ConnectionAliases aliases, ConnectionApi api, ImmutableHashSet<IMethodSymbol> configuredCloseMethods, bool wrappersClose) =>
        FlowAround(operation, _ => context.GetControlFlowGraph(), aliases, api, configuredCloseMethods, wrappersClose);

    public static ConnectionFlow? FlowAround(OperationBlockAnalysisContext context, IOperation operation, ConnectionAliases aliases, ConnectionApi api, ImmutableHashSet<IMethodSymbol> configuredCloseMethods, bool wrappersClose = false) =>
        FlowAround(operation, _ => BlockOf(context, operation) is { } block ? context.GetControlFlowGraph(block) : null, aliases, api, configuredCloseMethods, wrappersClose);

    /// <summary>The innermost lambda or local function around <paramref name="operation"/>, or the body's root.</summary>
    public static IOperation FunctionAround(IOperation operation)
    {
        var function = operation;
        while (function.Parent is { } parent && function.Kind is not (OperationKind.AnonymousFunction or OperationKind.LocalFunction))
            function = parent;
        return function;
    }

    /// <summary>The aliases of the body around <paramref name="operation"/>.</summary>
    public static ConnectionAliases AliasesAround(IOperation operation, ConnectionApi api) => ConnectionAliases.Build(api, BodyAround(operation));

    /// <summary>The outermost operation around <paramref name="operation"/>: the body its aliases are built from.</summary>
    public static IOperation BodyAround(IOperation operation)
    {
        var root = operation;
        while (root.Parent is { } parent)
            root = parent;
        return root;
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
    internal static ConnectionFlow? FlowAround(IOperation operation, System.Func<IOperation, ControlFlowGraph?> graphOfBlock, ConnectionAliases aliases, ConnectionApi api, ImmutableHashSet<IMethodSymbol> configuredCloseMethods, bool wrappersClose)
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

        // The receives of one body ask for the same flow in turn (the driver runs a body's callbacks one after the
        // other on one thread): the last one made is given back, with what its analyses decided of each receive, so
        // that a body of many receives, each of whose paths comes to the others, is not decided anew for each.
        if (t_last is not null && t_last.TryGetTarget(out var last) && last.IsFor(graph, aliases, configuredCloseMethods, wrappersClose))
            return last;
        var flow = new ConnectionFlow(graph, api, aliases, configuredCloseMethods, wrappersClose);
        if (t_last is null)
            t_last = new System.WeakReference<ConnectionFlow>(flow);
        else
            t_last.SetTarget(flow);
        return flow;
    }

    private static IFlowAnonymousFunctionOperation? FindLambda(ControlFlowGraph graph, SyntaxNode syntax)
    {
        foreach (var block in graph.Blocks)
        {
            foreach (var statement in ConnectionFlow.StatementsOf(block))
            {
                if (!statement.Syntax.Span.Contains(syntax.Span))
                    continue;
                foreach (var descendant in OperationWalk.DescendantsAndSelf(statement))
                {
                    if (descendant is IFlowAnonymousFunctionOperation lambda && lambda.Syntax == syntax)
                        return lambda;
                }
            }
        }

        return null;
    }
}
