using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace SocketLint;

/// <summary>Shapes of written code that the rules and the fixes both read.</summary>
internal static class SyntaxShapes
{
    /// <summary>
    /// The member or element binding a chain of calls, member accesses and indexes starts at, or null: <c>.GetStream</c>
    /// of <c>client?.GetStream().Read(...)</c>'s part after the <c>?</c>, <c>.Send</c> of <c>_s?.Send(b)</c>. A null-forgiving
    /// operator in the chain is passed through.
    /// </summary>
    public static ExpressionSyntax? BindingAtStart(SyntaxNode node)
    {
        for (var current = node; ;)
        {
            switch (current)
            {
                case MemberBindingExpressionSyntax or ElementBindingExpressionSyntax:
                    return (ExpressionSyntax)current;
                case InvocationExpressionSyntax invocation:
                    current = invocation.Expression;
                    break;
                case MemberAccessExpressionSyntax access:
                    current = access.Expression;
                    break;
                case ElementAccessExpressionSyntax element:
                    current = element.Expression;
                    break;
                case PostfixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.SuppressNullableWarningExpression } suppression:
                    current = suppression.Operand;
                    break;
                default:
                    return null;
            }
        }
    }

    /// <summary>
    /// <paramref name="expression"/> without what changes nothing of its value as written: parentheses and the
    /// null-forgiving <c>!</c>; with <paramref name="throughAwait"/>, also <c>await</c> and <c>.ConfigureAwait(...)</c>
    /// (<c>(await listener.AcceptTcpClientAsync(ct).ConfigureAwait(false))!</c> is the accept).
    /// </summary>
    public static ExpressionSyntax Unwrapped(ExpressionSyntax expression, bool throughAwait)
    {
        while (true)
        {
            switch (expression)
            {
                case ParenthesizedExpressionSyntax parenthesized:
                    expression = parenthesized.Expression;
                    continue;
                case PostfixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.SuppressNullableWarningExpression } suppressed:
                    expression = suppressed.Operand;
                    continue;
                case AwaitExpressionSyntax awaited when throughAwait:
                    expression = awaited.Expression;
                    continue;
                case InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ConfigureAwait", Expression: var configured } } when throughAwait:
                    expression = configured;
                    continue;
                default:
                    return expression;
            }
        }
    }
}
