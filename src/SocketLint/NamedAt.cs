using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace SocketLint;

/// <summary>
/// The operation of a block whose member name, as written, holds a position found by a search of the file's text
/// (<see cref="WordPositions"/>): a call (<c>l.AcceptTcpClient()</c>, <c>l?.Accept()</c>, <c>EndAccept(ar)</c>) or a
/// property read (<c>reader.EndOfStream</c>, <c>reader?.EndOfStream</c>).
/// </summary>
internal static class NamedAt
{
    /// <summary>
    /// The operation of <paramref name="kind"/> (an invocation or a property reference) in <paramref name="block"/> whose
    /// member name holds <paramref name="position"/>. Found by going down the operations whose syntax holds the position,
    /// which the driver has just walked: no token search, and no map from the body's syntax to its operations (which the
    /// semantic model would build for the first question on a body). An implicit operation on the same syntax (a
    /// collection initializer's Add) is passed over for the one written there. Only the block's own operations are
    /// searched: top-level statements' block spans the whole file, types declared below them included, whose members
    /// are blocks of their own.
    /// </summary>
    public static IOperation? Find(IOperation block, int position, OperationKind kind)
    {
        using var lease = OperationStack.Rent(out var pending);
        pending.Push(block);
        while (pending.Count > 0)
        {
            var operation = pending.Pop();
            if (IsNamedAt(operation, position, kind))
                return operation;

            // A query's clauses are calls whose syntax is their own clause, each on the call of the clause before it: a
            // clause's receiver lies outside its span. The query is searched whole.
            if (operation.Kind == OperationKind.TranslatedQuery)
            {
                foreach (var inQuery in OperationWalk.DescendantsAndSelf(operation))
                {
                    if (IsNamedAt(inQuery, position, kind))
                        return inQuery;
                }

                continue;
            }

            // By full span (two fields of the node; the span without trivia is worked out from its first and last
            // tokens): a child whose trivia holds the position is searched for nothing, and the one whose text holds it
            // is among those pushed.
            foreach (var child in operation.ChildOperations)
            {
                if (child.Syntax.FullSpan.Contains(position))
                    pending.Push(child);
            }
        }

        return null;
    }

    private static bool IsNamedAt(IOperation operation, int position, OperationKind kind) =>
        operation.Kind == kind && !operation.IsImplicit && NameOf(operation.Syntax, kind) is { } name && name.Span.Contains(position);

    /// <summary>The member's name as written in a call's or a member access's syntax, or null for one written otherwise.</summary>
    private static SyntaxToken? NameOf(SyntaxNode syntax, OperationKind kind) => (kind != OperationKind.Invocation ? syntax : syntax is InvocationExpressionSyntax invocation ? invocation.Expression : null) switch
    {
        MemberAccessExpressionSyntax access => access.Name.Identifier,
        MemberBindingExpressionSyntax binding => binding.Name.Identifier,
        SimpleNameSyntax name => name.Identifier,
        _ => null,
    };
}
