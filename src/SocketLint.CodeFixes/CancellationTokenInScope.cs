using System;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace SocketLint.CodeFixes;

/// <summary>Finds the CancellationToken a fix should pass: a parameter or local that the code at a node may read.</summary>
internal static class CancellationTokenInScope
{
    /// <summary>
    /// The innermost token that <paramref name="node"/> may read: the one declared last before it, so a lambda's own
    /// token wins over its method's. Null when there is none, or no CancellationToken type.
    /// </summary>
    /// <remarks>
    /// In scope is not enough. A static lambda or local function cannot capture (CS8820, CS8421): only what is
    /// declared inside the innermost static function around the node counts. A local must be definitely assigned
    /// where the node starts (CS0165): <c>CancellationToken t;</c> assigned later, or <c>var t = ...</c> in another
    /// switch section, is in scope and unusable. A <c>ref</c>, <c>in</c> or <c>ref readonly</c> parameter, or a ref local,
    /// cannot be read inside a lambda or local function (CS1628, CS8175): only in its own function.
    /// </remarks>
    public static ISymbol? Find(SemanticModel model, ExpressionSyntax node, System.Threading.CancellationToken cancellationToken)
    {
        var tokenType = model.Compilation.GetTypeByMetadataName("System.Threading.CancellationToken");
        if (tokenType is null)
            return null;

        var position = node.SpanStart;
        var boundary = StaticFunctionAround(node);
        var function = model.GetEnclosingSymbol(position, cancellationToken);
        var candidates = model.LookupSymbols(position)
            .Where(symbol => symbol switch
            {
                IParameterSymbol parameter => SymbolEqualityComparer.Default.Equals(parameter.Type, tokenType) && parameter.RefKind != RefKind.Out
                    && (parameter.RefKind == RefKind.None || SymbolEqualityComparer.Default.Equals(parameter.ContainingSymbol, function)),
                ILocalSymbol local => SymbolEqualityComparer.Default.Equals(local.Type, tokenType) && DeclaredBefore(local, position)
                    && (!local.IsRef || SymbolEqualityComparer.Default.Equals(local.ContainingSymbol, function)),
                _ => false,
            })
            .Where(symbol => boundary is null || DeclaredIn(symbol, boundary))
            .OrderByDescending(symbol => symbol.Locations.FirstOrDefault()?.SourceSpan.Start ?? -1)
            .ToList();

        if (!candidates.Any(symbol => symbol is ILocalSymbol))
            return candidates.FirstOrDefault();

        return candidates.FirstOrDefault(symbol => symbol is not ILocalSymbol local || IsDefinitelyAssignedAt(model, local, node, depth: 0, cancellationToken));
    }

    /// <summary>
    /// Whether <paramref name="local"/> is definitely assigned where <paramref name="node"/> starts. Data flow inside a
    /// local function does not count what its caller assigned before the call (C# checks a captured local at each call
    /// instead), so a local from outside the function must be assigned at every call of it, or the function is never called.
    /// </summary>
    private static bool IsDefinitelyAssignedAt(SemanticModel model, ILocalSymbol local, SyntaxNode node, int depth, System.Threading.CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (DefinitelyAssignedAt(model, node).Contains(local))
            return true;

        var function = node.Ancestors().TakeWhile(a => a is not MemberDeclarationSyntax).OfType<LocalFunctionStatementSyntax>().FirstOrDefault();
        if (function is null || DeclaredIn(local, function) || depth > 4
            || model.GetDeclaredSymbol(function, cancellationToken) is not IMethodSymbol functionSymbol)
        {
            return false;
        }

        // A local function of top-level statements is seen by all of them.
        var scope = function.Parent is GlobalStatementSyntax global ? global.Parent ?? global : function.Parent ?? function;
        foreach (var reference in scope.DescendantNodes().OfType<IdentifierNameSyntax>())
        {
            if (reference.Identifier.ValueText != functionSymbol.Name
                || function.Span.Contains(reference.Span)
                || !SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(reference, cancellationToken).Symbol, functionSymbol))
            {
                continue;
            }

            SyntaxNode use = reference.Parent is InvocationExpressionSyntax call && call.Expression == reference ? call : reference;
            if (!IsDefinitelyAssignedAt(model, local, use, depth + 1, cancellationToken))
                return false;
        }

        return true;
    }

    // A local's scope is its whole block, but it can be used only after its declaration.
    private static bool DeclaredBefore(ILocalSymbol local, int position) =>
        local.DeclaringSyntaxReferences.FirstOrDefault() is { } reference && reference.Span.End <= position;

    private static bool DeclaredIn(ISymbol symbol, SyntaxNode function) =>
        symbol.DeclaringSyntaxReferences.FirstOrDefault() is { } reference
        && reference.SyntaxTree == function.SyntaxTree
        && function.Span.Contains(reference.Span);

    /// <summary>The innermost <c>static</c> lambda or local function around <paramref name="node"/>, or null.</summary>
    private static SyntaxNode? StaticFunctionAround(SyntaxNode node)
    {
        foreach (var ancestor in node.Ancestors())
        {
            switch (ancestor)
            {
                case AnonymousFunctionExpressionSyntax lambda when lambda.Modifiers.Any(SyntaxKind.StaticKeyword):
                case LocalFunctionStatementSyntax localFunction when localFunction.Modifiers.Any(SyntaxKind.StaticKeyword):
                    return ancestor;
                case MemberDeclarationSyntax:
                    return null;
            }
        }

        return null;
    }

    /// <summary>The locals definitely assigned on entry to <paramref name="node"/>; empty where data flow cannot say.</summary>
    private static ImmutableHashSet<ISymbol> DefinitelyAssignedAt(SemanticModel model, SyntaxNode node)
    {
        try
        {
            var flow = node switch
            {
                ExpressionSyntax expression => model.AnalyzeDataFlow(expression),
                StatementSyntax statement => model.AnalyzeDataFlow(statement),
                _ => null,
            };
            if (flow is { Succeeded: true })
                return flow.DefinitelyAssignedOnEntry.ToImmutableHashSet<ISymbol>(SymbolEqualityComparer.Default);
        }
        catch (ArgumentException)
        {
            // Not an expression data flow analysis accepts (outside a body, say): no local is offered.
        }

        return ImmutableHashSet<ISymbol>.Empty;
    }
}
