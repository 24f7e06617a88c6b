using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;
using Microsoft.CodeAnalysis.Text;

namespace SocketLint.CodeFixes;

/// <summary>The syntax the fixes share: how to leave a function or loop, fresh names, statements that format and simplify.</summary>
internal static class FixSyntax
{
    /// <summary>
    /// How to leave: <c>return;</c> where the function returns nothing (void, Task, ValueTask, top-level code), else
    /// <c>break;</c> out of the enclosing loop. With <paramref name="preferBreak"/> a loop is left before the function
    /// (but see <paramref name="returnFromNestedLoops"/>).
    /// Null when neither is possible (a value-returning function outside a loop, or a loop's switch in the way).
    /// </summary>
    /// <param name="returnFromNestedLoops">
    /// For a read loop: a break out of a loop inside another lands in the outer one, which goes round and reads again,
    /// so the function is left instead where it returns nothing.
    /// </param>
    public static StatementSyntax? ExitFor(SyntaxNode node, SemanticModel model, bool preferBreak, CancellationToken cancellationToken, bool returnFromNestedLoops = false)
    {
        SyntaxNode? breakable = null;
        SyntaxNode? function = null;
        var loops = 0;
        foreach (var ancestor in node.Ancestors())
        {
            var isLoop = IsLoop(ancestor);
            if (isLoop)
                loops++;
            if (isLoop || ancestor is SwitchStatementSyntax)
                breakable ??= ancestor;
            if (IsFunction(ancestor))
            {
                function = ancestor;
                break;
            }
        }

        var canReturn = function is not null && ReturnsNothing(function, model, cancellationToken);
        var canBreak = breakable is StatementSyntax loop and not SwitchStatementSyntax
            && (canReturn || LoopEndIsReachable(loop, model));

        if (returnFromNestedLoops && loops > 1 && canReturn)
            return SyntaxFactory.ReturnStatement();
        if (canBreak && (preferBreak || !canReturn))
            return SyntaxFactory.BreakStatement();
        if (canReturn)
            return SyntaxFactory.ReturnStatement();
        return null;
    }

    /// <summary>
    /// In a function that returns a value, a break out of an endless loop (<c>while (true)</c> with no way out) could
    /// make the end of the function reachable: CS0161. The loop must already have a way out, or be followed by a
    /// return or throw that ends its block.
    /// </summary>
    private static bool LoopEndIsReachable(StatementSyntax loop, SemanticModel model)
    {
        if (loop.Parent is BlockSyntax { Statements: { Count: > 1 } statements } && statements.Last() is ReturnStatementSyntax or ThrowStatementSyntax && statements.Last() != loop)
            return true;
        var flow = model.AnalyzeControlFlow(loop);
        return flow is { Succeeded: true, EndPointIsReachable: true };
    }

    /// <summary>
    /// Whether code of <paramref name="region"/> after <paramref name="statement"/> names <paramref name="connection"/>
    /// (its first name) or a local made from it before the statement (<c>var ns = client.GetStream();</c> ...
    /// <c>ns.Write(reply);</c>), other than to close it again: where a fix closes the connection and goes on after the
    /// statement (a break out of a loop, a catch that falls through its try), that code would run on the closed connection,
    /// and throw ObjectDisposedException.
    /// </summary>
    public static bool UsesConnectionAfter(SyntaxNode region, StatementSyntax statement, string connection)
    {
        var names = new HashSet<string> { FirstName(SyntaxFactory.ParseExpression(Escaped(connection)))?.Identifier.ValueText ?? connection };
        foreach (var declarator in region.DescendantNodes().OfType<VariableDeclaratorSyntax>())
        {
            if (declarator.SpanStart < statement.SpanStart && declarator.Initializer is { } initializer
                && initializer.Value.DescendantNodesAndSelf().OfType<IdentifierNameSyntax>().Any(name => names.Contains(name.Identifier.ValueText)))
            {
                names.Add(declarator.Identifier.ValueText);
            }
        }

        foreach (var name in region.DescendantNodes().OfType<IdentifierNameSyntax>())
        {
            if (name.SpanStart < statement.Span.End || !names.Contains(name.Identifier.ValueText))
                continue;

            // s = new Socket(...); in a block the code runs through after the statement, before any other use: a
            // reconnect, and what follows uses the new connection.
            if (name.Parent is AssignmentExpressionSyntax { RawKind: (int)SyntaxKind.SimpleAssignmentExpression, Parent: ExpressionStatementSyntax { Parent: BlockSyntax block } } reassigned
                && reassigned.Left == name && statement.Ancestors().Contains(block))
            {
                return false;
            }

            var closes = (name.Parent is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Close" or "Dispose" } access && access.Expression == name)
                || (name.Parent is ConditionalAccessExpressionSyntax { WhenNotNull: InvocationExpressionSyntax { Expression: MemberBindingExpressionSyntax { Name.Identifier.ValueText: "Close" or "Dispose" } } } conditional
                    && conditional.Expression == name);
            if (!closes)
                return true;
        }

        return false;
    }

    /// <summary>The innermost loop around <paramref name="node"/> in its own function, or null.</summary>
    public static StatementSyntax? EnclosingLoop(SyntaxNode node)
    {
        foreach (var ancestor in node.Ancestors())
        {
            if (IsLoop(ancestor))
                return (StatementSyntax)ancestor;
            if (IsFunction(ancestor))
                return null;
        }

        return null;
    }

    /// <summary>
    /// The statement <paramref name="node"/> holds as its body: an <c>if</c>'s or <c>else</c>'s, a loop's, a <c>using</c>'s,
    /// <c>lock</c>'s or <c>fixed</c>'s; null for any other node.
    /// </summary>
    public static StatementSyntax? EmbeddedStatementOf(SyntaxNode node) => node switch
    {
        IfStatementSyntax i => i.Statement,
        ElseClauseSyntax e => e.Statement,
        WhileStatementSyntax w => w.Statement,
        DoStatementSyntax d => d.Statement,
        ForStatementSyntax f => f.Statement,
        CommonForEachStatementSyntax f => f.Statement,
        UsingStatementSyntax u => u.Statement,
        LockStatementSyntax l => l.Statement,
        FixedStatementSyntax f => f.Statement,
        _ => null,
    };

    /// <summary>Whether <paramref name="node"/> writes the identifier <paramref name="name"/> anywhere in it.</summary>
    public static bool Mentions(SyntaxNode node, string name) =>
        node.DescendantNodesAndSelf().OfType<IdentifierNameSyntax>().Any(identifier => identifier.Identifier.ValueText == name);

    /// <summary>The first name of a connection's expression (<c>state</c> of <c>state.WorkSocket</c>): what it means where a fix writes decides.</summary>
    public static SimpleNameSyntax? FirstName(ExpressionSyntax connection) =>
        connection.DescendantNodesAndSelf().OfType<SimpleNameSyntax>().FirstOrDefault();

    public static bool IsLoop(SyntaxNode node) =>
        node is WhileStatementSyntax or DoStatementSyntax or ForStatementSyntax or CommonForEachStatementSyntax;

    public static bool IsFunction(SyntaxNode node) =>
        node is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax or BaseMethodDeclarationSyntax or AccessorDeclarationSyntax or CompilationUnitSyntax;

    private static bool ReturnsNothing(SyntaxNode function, SemanticModel model, CancellationToken cancellationToken)
    {
        var symbol = function switch
        {
            AnonymousFunctionExpressionSyntax lambda => model.GetSymbolInfo(lambda, cancellationToken).Symbol as IMethodSymbol,
            CompilationUnitSyntax => model.Compilation.GetEntryPoint(cancellationToken),
            _ => model.GetDeclaredSymbol(function, cancellationToken) as IMethodSymbol,
        };
        if (symbol is null || IsIterator(function))
            return false;
        if (symbol.ReturnsVoid)
            return true;
        return symbol.IsAsync
            && symbol.ReturnType is INamedTypeSymbol { IsGenericType: false, Name: "Task" or "ValueTask" };
    }

    private static bool IsIterator(SyntaxNode function) =>
        function.DescendantNodes(n => n == function || n is not (AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax))
            .OfType<YieldStatementSyntax>()
            .Any();

    /// <summary><paramref name="name"/>, or <c>name2</c>, <c>name3</c>… : the first that names nothing in scope at <paramref name="position"/>.</summary>
    /// <param name="reservedNames">Names taken by earlier edits of the same Fix All pass; the chosen name is added.</param>
    public static string UniqueName(string name, SemanticModel model, int position, System.Collections.Generic.HashSet<string>? reservedNames = null)
    {
        var taken = model.LookupSymbols(position).Select(s => s.Name).ToImmutableHashSet();
        var candidate = name;
        for (int i = 2; taken.Contains(candidate) || reservedNames?.Contains(candidate) == true; i++)
            candidate = name + i;
        reservedNames?.Add(candidate);
        return candidate;
    }

    /// <summary>
    /// A local's, parameter's or member's name as code must write it: with its '@' where the name is a keyword
    /// (<c>@event</c>, <c>@class</c>), or <c>await</c>, a keyword in the async code the fixes write. A name read from a
    /// symbol, or a diagnostic's property, has no '@'; a path written in the source (<c>this.client</c>) keeps its own.
    /// </summary>
    public static string Escaped(string name) =>
        SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None || name == "await" ? "@" + name : name;

    /// <summary>An identifier of <paramref name="name"/> (see <see cref="Escaped"/>).</summary>
    public static IdentifierNameSyntax IdentifierName(string name) =>
        Escaped(name) != name
            ? SyntaxFactory.IdentifierName(SyntaxFactory.VerbatimIdentifier(default, name, name, default))
            : SyntaxFactory.IdentifierName(name);

    /// <summary>
    /// The document's line ending, as its first line ends (<c>\r\n</c>, <c>\n</c>); null for text of one line. Lines a
    /// fix adds end with it, not with the workspace's, so a file keeps one kind of line ending.
    /// </summary>
    public static string? EndOfLine(SourceText text)
    {
        if (text.Lines.Count < 2)
            return null;
        var first = text.Lines[0];
        return text.ToString(TextSpan.FromBounds(first.End, first.EndIncludingLineBreak));
    }

    /// <summary>Marks a statement a fix adds to a block, for <see cref="DirectivesBeforeAdded"/>.</summary>
    public static readonly SyntaxAnnotation Added = new("SocketLint.Added");

    /// <summary>
    /// <paramref name="block"/> with the directives written where the fix added statements (marked <see cref="Added"/>),
    /// and what the lines between them hold, moved before the added statements: an <c>#if DEBUG</c> ... <c>#endif</c>
    /// before the closing brace (the brace's trivia where DEBUG is not defined), before a statement the added ones were
    /// put in front of (<c>continue;</c>, <c>clients.RemoveAt(i);</c>), or on a statement the fix replaced. The added
    /// code then runs after the block's own in every configuration: a <c>throw;</c> before such a directive left the code
    /// in it unreachable, and a close before it had the logging read a closed socket. So do the comments of a block that
    /// held no statement (<c>catch (IOException) { // transient, try again }</c>): the added code follows what they say.
    /// Otherwise comments stay where they are: moved, the formatter aligned a comment of its own line with a comment that
    /// ends the line before.
    /// </summary>
    public static BlockSyntax DirectivesBeforeAdded(BlockSyntax block)
    {
        var statements = block.Statements;
        for (var first = 0; first < statements.Count; first++)
        {
            if (!statements[first].HasAnnotation(Added))
                continue;
            var last = first;
            while (last + 1 < statements.Count && statements[last + 1].HasAnnotation(Added))
                last++;

            // The directives on the added statements after the first, and on what follows them.
            var moved = new List<SyntaxTrivia>();
            for (var i = first + 1; i <= last; i++)
            {
                var (directives, rest) = SplitDirectives(statements[i].GetLeadingTrivia(), alsoComments: false);
                moved.AddRange(directives);
                statements = statements.Replace(statements[i], statements[i].WithLeadingTrivia(rest));
            }

            if (last + 1 < statements.Count)
            {
                var (directives, rest) = SplitDirectives(statements[last + 1].GetLeadingTrivia(), alsoComments: false);
                moved.AddRange(directives);
                statements = statements.Replace(statements[last + 1], statements[last + 1].WithLeadingTrivia(rest));
            }
            else
            {
                var (directives, rest) = SplitDirectives(block.CloseBraceToken.LeadingTrivia, alsoComments: first == 0);
                moved.AddRange(directives);
                block = block.WithCloseBraceToken(block.CloseBraceToken.WithLeadingTrivia(rest));
            }

            if (moved.Count > 0)
                statements = statements.Replace(statements[first], statements[first].WithLeadingTrivia(moved.Concat(statements[first].GetLeadingTrivia())));
            first = last;
        }

        return block.WithStatements(statements);
    }

    /// <summary>
    /// <paramref name="leading"/> split after its last directive (with what comes before it), or after its last
    /// comment when <paramref name="alsoComments"/>; all of it stays in the second part when it holds no such trivia.
    /// </summary>
    private static (SyntaxTriviaList Directives, SyntaxTriviaList Remaining) SplitDirectives(SyntaxTriviaList leading, bool alsoComments)
    {
        var last = -1;
        for (var i = 0; i < leading.Count; i++)
        {
            var trivia = leading[i];
            if (trivia.IsDirective || trivia.IsKind(SyntaxKind.DisabledTextTrivia))
                last = i;
            else if (alsoComments && !trivia.IsKind(SyntaxKind.WhitespaceTrivia))
                last = i;
        }

        if (last < 0)
            return (SyntaxFactory.TriviaList(), leading);

        // A comment's line ends after it: its line break goes with it.
        if (last + 1 < leading.Count && leading[last + 1].IsKind(SyntaxKind.EndOfLineTrivia))
            last++;
        return (SyntaxFactory.TriviaList(leading.Take(last + 1)), SyntaxFactory.TriviaList(leading.Skip(last + 1)));
    }

    /// <summary>
    /// <paramref name="block"/>, a block the fix added statements to, marked for the formatter as a whole only where
    /// <paramref name="original"/> stood on one line, which the added statements open up. Otherwise only the added
    /// statements are laid out: the block's own lines keep their layout (alignment, brace placement, initializers).
    /// </summary>
    public static BlockSyntax LaidOut(BlockSyntax block, BlockSyntax original) =>
        original.ToString().IndexOf('\n') < 0 ? block.WithAdditionalAnnotations(Formatter.Annotation) : block;

    /// <summary>Elastic trivia lets the formatter give a parsed statement a line of its own.</summary>
    public static StatementSyntax Elastic(StatementSyntax statement) =>
        statement.WithLeadingTrivia(SyntaxFactory.ElasticMarker).WithTrailingTrivia(SyntaxFactory.ElasticMarker);

    /// <summary>
    /// <paramref name="statement"/> as a statement of top-level code, to go after another: its first token carries no
    /// elastic trivia, which would let the formatter keep it apart from the statement before with a blank line, as it
    /// does members (a top-level statement is one). The line break before it is the statement's before; the formatter
    /// still indents it.
    /// </summary>
    public static GlobalStatementSyntax GlobalStatement(StatementSyntax statement)
    {
        var first = statement.GetFirstToken();
        var leading = first.LeadingTrivia.Where(t => !t.HasAnnotation(SyntaxAnnotation.ElasticAnnotation));
        return SyntaxFactory.GlobalStatement(statement.ReplaceToken(first, first.WithLeadingTrivia(leading)));
    }

    /// <summary>
    /// Where the block of <paramref name="statement"/> stands on one line with its braces (<c>while (true) { s.Receive(b); }</c>),
    /// its braces get lines of their own, as statements the fix adds to the block do: the formatter would otherwise
    /// start the new ones on lines of their own and leave the braces on the old line, one with the loop, one with the
    /// last statement. Not where a comment follows the open brace (it would go with the brace's trivia), nor where a
    /// <c>/* */</c> comment starts the statement after the block: the formatter would put it on a line of its own, apart
    /// from its statement.
    /// </summary>
    public static void OpenUpOneLineBlock(SyntaxEditor editor, StatementSyntax statement)
    {
        if (statement.Parent is not BlockSyntax block)
            return;
        var lines = block.SyntaxTree.GetText().Lines;
        if (lines.GetLineFromPosition(block.OpenBraceToken.SpanStart).LineNumber != lines.GetLineFromPosition(block.CloseBraceToken.SpanStart).LineNumber
            || !block.OpenBraceToken.TrailingTrivia.All(t => t.IsKind(SyntaxKind.WhitespaceTrivia))
            || HasBlockComment(block.CloseBraceToken.GetNextToken()))
        {
            return;
        }

        editor.ReplaceNode(block, (current, _) =>
        {
            var opened = (BlockSyntax)current;
            return opened
                .WithOpenBraceToken(opened.OpenBraceToken.WithLeadingTrivia(SyntaxFactory.ElasticMarker).WithTrailingTrivia(SyntaxFactory.ElasticMarker))
                .WithCloseBraceToken(opened.CloseBraceToken.WithLeadingTrivia(SyntaxFactory.ElasticMarker))
                .WithAdditionalAnnotations(Formatter.Annotation);
        });
    }

    private static bool HasBlockComment(SyntaxToken token) =>
        token.LeadingTrivia.Any(t => t.IsKind(SyntaxKind.MultiLineCommentTrivia) || t.IsKind(SyntaxKind.MultiLineDocumentationCommentTrivia));

    /// <summary>
    /// A block of <paramref name="statements"/> in place of <paramref name="replaced"/>, a statement with no braces (an
    /// <c>if</c>'s or a loop's body) that the block holds among them: the block takes its leading trivia and only its
    /// line break, so that a comment ending its line stays on its statement inside (<c>break; // bye</c>), not also
    /// after the block's closing brace.
    /// </summary>
    public static BlockSyntax BlockInPlaceOf(StatementSyntax replaced, IEnumerable<StatementSyntax> statements) =>
        SyntaxFactory.Block(statements)
            .WithLeadingTrivia(replaced.GetLeadingTrivia())
            .WithTrailingTrivia(LineBreaks(replaced.GetTrailingTrivia()));

    /// <summary>The line breaks of <paramref name="trivia"/>: what stays of a line's end once its comment goes elsewhere.</summary>
    public static SyntaxTriviaList LineBreaks(SyntaxTriviaList trivia) =>
        SyntaxFactory.TriviaList(trivia.Where(t => t.IsKind(SyntaxKind.EndOfLineTrivia)));

    /// <summary>A block of the given statements (nulls skipped), each marked for the formatter.</summary>
    public static BlockSyntax Block(params StatementSyntax?[] statements) =>
        SyntaxFactory.Block(statements.Where(s => s is not null).Select(s => s!.WithAdditionalAnnotations(Formatter.Annotation)));

    /// <summary>
    /// Marks a line break a fix parsed from its own text (<c>\n</c>): where the formatter keeps it as it is (a line whose
    /// indentation is already right, in top-level code), it is made the document's line ending when the fix is applied.
    /// </summary>
    public static readonly SyntaxAnnotation ParsedLineBreak = new("SocketLint.ParsedLineBreak");

    /// <summary>
    /// A statement written with global:: names, each marked for the simplifier, which shortens it where the usings allow;
    /// its line breaks are marked <see cref="ParsedLineBreak"/>.
    /// </summary>
    public static StatementSyntax Qualified(string text)
    {
        var parsed = SyntaxFactory.ParseStatement(text);
        var statement = parsed.ReplaceTrivia(
            parsed.DescendantTrivia().Where(t => t.IsKind(SyntaxKind.EndOfLineTrivia)),
            (_, lineBreak) => lineBreak.WithAdditionalAnnotations(ParsedLineBreak));
        var qualified = statement.DescendantNodes()
            .Where(n => n is QualifiedNameSyntax or MemberAccessExpressionSyntax && n.ToString().StartsWith("global::", System.StringComparison.Ordinal))
            .Where(n => n.Parent is not (QualifiedNameSyntax or MemberAccessExpressionSyntax) || !n.Parent.ToString().StartsWith("global::", System.StringComparison.Ordinal));
        return Elastic(statement.ReplaceNodes(qualified, (_, current) => current.WithAdditionalAnnotations(Simplifier.Annotation)));
    }
}
