using System.Linq;
using Microsoft.CodeAnalysis;

namespace SocketLint.CodeFixes;

/// <summary>Finds the CancellationToken a fix should pass: a parameter or local in scope at a position.</summary>
internal static class CancellationTokenInScope
{
    /// <summary>
    /// The innermost token: the one declared last before <paramref name="position"/>, so a lambda's own token
    /// wins over its method's. Null when there is none, or no CancellationToken type.
    /// </summary>
    public static ISymbol? Find(SemanticModel model, int position)
    {
        var tokenType = model.Compilation.GetTypeByMetadataName("System.Threading.CancellationToken");
        if (tokenType is null)
            return null;

        return model.LookupSymbols(position)
            .Where(symbol => symbol switch
            {
                IParameterSymbol parameter => SymbolEqualityComparer.Default.Equals(parameter.Type, tokenType) && parameter.RefKind != RefKind.Out,
                ILocalSymbol local => SymbolEqualityComparer.Default.Equals(local.Type, tokenType) && DeclaredBefore(local, position),
                _ => false,
            })
            .OrderByDescending(symbol => symbol.Locations.FirstOrDefault()?.SourceSpan.Start ?? -1)
            .FirstOrDefault();
    }

    // A local's scope is its whole block, but it can be used only after its declaration.
    private static bool DeclaredBefore(ILocalSymbol local, int position) =>
        local.DeclaringSyntaxReferences.FirstOrDefault() is { } reference && reference.Span.End <= position;
}
