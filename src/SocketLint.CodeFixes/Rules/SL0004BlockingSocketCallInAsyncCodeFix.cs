using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Text;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Simplification;
using SocketLint;
using SocketLint.Rules;

namespace SocketLint.CodeFixes.Rules;

/// <summary>
/// SL0004 fixes: await the async counterpart of a blocking socket call (passing the CancellationToken in scope),
/// await a socket task instead of waiting for it (<c>Task.WaitAll</c>/<c>WaitAny</c>: await <c>Task.WhenAll</c>/<c>WhenAny</c>),
/// or connect a <c>TcpClient</c> with an awaited ConnectAsync.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(SL0004BlockingSocketCallInAsyncCodeFix)), Shared]
public sealed class SL0004BlockingSocketCallInAsyncCodeFix : PlannedCodeFix
{
    /// <summary>
    /// One key for every SL0004 fix (await the counterpart, await the task, connect asynchronously): Fix All, and
    /// <c>dotnet format</c>, which fixes all diagnostics with the key of the one action it picks, apply them all.
    /// </summary>
    public const string AwaitKey = "SL0004.AwaitInsteadOfBlocking";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create("SL0004");


    private protected override ImmutableArray<string> Keys { get; } = ImmutableArray.Create(AwaitKey);

    private protected override string FixAllTitle(string key) => "Await instead of blocking on every socket call";

    private protected override PlannedEdit? Plan(PlanContext context, Diagnostic diagnostic, string key) =>
        Plan(context.Root, context.Model, diagnostic, context.ReservedNames, context.CancellationToken);

    /// <summary>What to change for one diagnostic, decided on the original tree and applied to the current one.</summary>
    private abstract class Rewrite : PlannedEdit
    {
    }

    private static Rewrite? Plan(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, HashSet<string>? reservedNames, CancellationToken cancellationToken)
    {
        var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
        if (!CanAwaitAt(node) || HasRefStructLocalInScope(node, model))
            return null;

        // A statement with syntax errors has no reliable shape to rewrite: no fix until it is written out.
        if ((node.FirstAncestorOrSelf<StatementSyntax>() ?? node).ContainsDiagnostics)
            return null;

        // `_s?.Send(b)`: the call is bound to what `_s?` tested, and awaiting it would take the whole access,
        // `await (_s?.SendAsync(b) ?? ...)`, with a fallback for null: declined rather than half-done.
        if (IsInConditionalAccess(node))
            return null;

        if (diagnostic.Properties.TryGetValue(SL0004BlockingSocketCallInAsyncRule.SyncWaitProperty, out var wait))
        {
            return wait is SL0004BlockingSocketCallInAsyncRule.WaitAllValue or SL0004BlockingSocketCallInAsyncRule.WaitAnyValue
                ? AwaitWhenAllRewrite.TryCreate(node, model, cancellationToken)
                : AwaitTaskRewrite.TryCreate(node, model, cancellationToken);
        }

        if (diagnostic.Properties.ContainsKey(SL0004BlockingSocketCallInAsyncRule.EndOfStreamProperty))
            return ReadLineLoopRewrite.TryCreate(node, model, cancellationToken);

        if (!diagnostic.Properties.TryGetValue(SL0004BlockingSocketCallInAsyncRule.CounterpartProperty, out var counterpart) || counterpart is null)
            return null;

        if (node is not ExpressionSyntax expression)
            return null;
        var token = CancellationTokenInScope.Find(model, expression, cancellationToken);
        return expression switch
        {
            InvocationExpressionSyntax invocation => AwaitCounterpartRewrite.TryCreate(invocation, counterpart, token, model, cancellationToken),
            BaseObjectCreationExpressionSyntax creation => ConnectAsyncRewrite.TryCreate(creation, counterpart, token, model, reservedNames, cancellationToken),
            _ => null,
        };
    }

    /// <summary>
    /// C# forbids await in a lock, a catch filter, an unsafe context and a lambda that is not async; nothing is offered
    /// there. A lock or a filter ends at the function around the call; an unsafe context reaches into lambdas and local
    /// functions too.
    /// </summary>
    private static bool CanAwaitAt(SyntaxNode node)
    {
        var inFunction = true;
        foreach (var ancestor in node.Ancestors())
        {
            switch (ancestor)
            {
                case LockStatementSyntax or CatchFilterClauseSyntax when inFunction:
                case UnsafeStatementSyntax:
                    return false;
                case LocalFunctionStatementSyntax localFunction when localFunction.Modifiers.Any(SyntaxKind.UnsafeKeyword):
                case MemberDeclarationSyntax member when member.Modifiers.Any(SyntaxKind.UnsafeKeyword):
                    return false;
                // clients.ForEach(c => c.Send(b)) in async code: the lambda is not async, and making it so would make
                // ForEach start each send and go on.
                case AnonymousFunctionExpressionSyntax lambda when inFunction && !lambda.Modifiers.Any(SyntaxKind.AsyncKeyword):
                    return false;

                // clients.ForEach(async c => c.Send(b)): awaiting in it would make ForEach go on at the first await, each
                // send left running (the lambda is async void).
                case AnonymousFunctionExpressionSyntax { Parent: ArgumentSyntax { Parent: ArgumentListSyntax { Parent: InvocationExpressionSyntax forEach } } }
                    when inFunction && forEach.Expression is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ForEach" }:
                    return false;
                case AnonymousFunctionExpressionSyntax:
                case LocalFunctionStatementSyntax:
                    inFunction = false;
                    break;
            }
        }

        return true;
    }

    /// <summary>
    /// Whether a local of a ref struct type (<c>Span&lt;T&gt;</c>, <c>ReadOnlySpan&lt;T&gt;</c>), which C# 13 allows in async
    /// code between awaits, is declared before <paramref name="node"/> in scope there: the await the fix adds could keep
    /// it across a suspension (CS4007), as a later read or the next turn of a loop would. No fix then: the call is still
    /// reported, and the local's use is the writer's to move.
    /// </summary>
    private static bool HasRefStructLocalInScope(SyntaxNode node, SemanticModel model)
    {
        var position = node.SpanStart;
        foreach (var symbol in model.LookupSymbols(position))
        {
            if (symbol is ILocalSymbol { Type.IsRefLikeType: true } local
                && local.DeclaringSyntaxReferences.Length > 0 && local.DeclaringSyntaxReferences[0].Span.Start < position)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether <paramref name="node"/> starts at a member or element binding (<c>.Send(b)</c> of <c>_s?.Send(b)</c>).</summary>
    private static bool IsInConditionalAccess(SyntaxNode node) => SyntaxShapes.BindingAtStart(node) is not null;

    /// <summary>A try around the call, in its own function, with a catch of AggregateException.</summary>
    private static bool CatchesAggregateException(SyntaxNode node, SemanticModel model, CancellationToken cancellationToken)
    {
        foreach (var ancestor in node.Ancestors())
        {
            if (FixSyntax.IsFunction(ancestor))
                return false;
            if (ancestor is TryStatementSyntax @try && @try.Block.Span.Contains(node.Span))
            {
                foreach (var @catch in @try.Catches)
                {
                    if (@catch.Declaration?.Type is { } type && IsAggregateException(model.GetTypeInfo(type, cancellationToken).Type))
                        return true;

                    // A catch of any exception that looks for the wrapper (when (ex is AggregateException),
                    // ex.InnerException, ex.Flatten()): awaited, the task's own exception arrives unwrapped.
                    foreach (var name in @catch.DescendantNodes().OfType<SimpleNameSyntax>())
                    {
                        if (name.Identifier.ValueText is "InnerException" or "InnerExceptions" or "Flatten"
                            || (name.Identifier.ValueText == "AggregateException" && IsAggregateException(model.GetSymbolInfo(name, cancellationToken).Symbol as ITypeSymbol)))
                        {
                            return true;
                        }
                    }
                }
            }
        }

        return false;
    }

    private static bool IsAggregateException(ITypeSymbol? type) =>
        type is { Name: "AggregateException" } && type.ContainingNamespace?.ToDisplayString() == "System";

    /// <summary>
    /// <c>(await x)</c>, with the parentheses left to the simplifier, which drops them where they are not needed; and
    /// <c>x.ConfigureAwait(false)</c> where every other await of the function is written so (library code).
    /// </summary>
    private static ExpressionSyntax Await(ExpressionSyntax operand, SyntaxNode replaced)
    {
        return SyntaxFactory.ParenthesizedExpression(
                SyntaxFactory.AwaitExpression(SyntaxFactory.Token(SyntaxFactory.TriviaList(), SyntaxKind.AwaitKeyword, SyntaxFactory.TriviaList(SyntaxFactory.Space)), ConfiguredAt(operand.WithoutTrivia(), replaced)))
            .WithTriviaFrom(replaced)
            .WithAdditionalAnnotations(Simplifier.Annotation);
    }

    /// <summary>
    /// <paramref name="task"/> as an await at <paramref name="site"/> should take it: with <c>.ConfigureAwait(false)</c>
    /// where every other await of the function is written so, unless it is configured already
    /// (<c>t.ConfigureAwait(false)</c>, the task of <c>t.ConfigureAwait(false).GetAwaiter().GetResult()</c>).
    /// </summary>
    private static ExpressionSyntax ConfiguredAt(ExpressionSyntax task, SyntaxNode site) =>
        task is not InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ConfigureAwait" } } && AwaitsConfiguredFalse(site)
            ? ConfiguredFalse(task)
            : task;

    /// <summary><c>task.ConfigureAwait(false)</c>, the task in parentheses where it is not a name, a call or a member.</summary>
    private static InvocationExpressionSyntax ConfiguredFalse(ExpressionSyntax task) =>
        SyntaxFactory.InvocationExpression(
            SyntaxFactory.MemberAccessExpression(
                SyntaxKind.SimpleMemberAccessExpression,
                task is InvocationExpressionSyntax or MemberAccessExpressionSyntax or SimpleNameSyntax or ElementAccessExpressionSyntax ? task : SyntaxFactory.ParenthesizedExpression(task),
                SyntaxFactory.IdentifierName("ConfigureAwait")),
            SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(SyntaxFactory.LiteralExpression(SyntaxKind.FalseLiteralExpression)))));

    /// <summary>
    /// Whether the function around <paramref name="node"/> awaits, and awaits only with <c>.ConfigureAwait(false)</c>
    /// (the functions nested in it left out): then the await the fix writes should not come back on the caller's
    /// context either (CA2007).
    /// </summary>
    private static bool AwaitsConfiguredFalse(SyntaxNode node)
    {
        var function = node.Ancestors().FirstOrDefault(a => a is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax or BaseMethodDeclarationSyntax or AccessorDeclarationSyntax or CompilationUnitSyntax);
        if (function is null)
            return false;
        var configured = false;
        foreach (var inFunction in function.DescendantNodes(n => n == function || n is not (AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax or BaseTypeDeclarationSyntax or BaseNamespaceDeclarationSyntax)))
        {
            // await foreach and await using wait on the caller's context unless configured, which is not read here.
            if (inFunction is CommonForEachStatementSyntax { AwaitKeyword.RawKind: (int)SyntaxKind.AwaitKeyword }
                || inFunction is UsingStatementSyntax { AwaitKeyword.RawKind: (int)SyntaxKind.AwaitKeyword }
                || inFunction is LocalDeclarationStatementSyntax { AwaitKeyword.RawKind: (int)SyntaxKind.AwaitKeyword })
            {
                return false;
            }

            if (inFunction is not AwaitExpressionSyntax awaitExpression)
                continue;
            if (awaitExpression.Expression is not InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ConfigureAwait" } } configure
                || configure.ArgumentList.Arguments.Count != 1
                || !configure.ArgumentList.Arguments[0].Expression.IsKind(SyntaxKind.FalseLiteralExpression))
            {
                return false;
            }

            configured = true;
        }

        return configured;
    }

    /// <summary>
    /// <c>t.Result</c>, <c>t.Wait()</c>, <c>t.GetAwaiter().GetResult()</c> become <c>await t</c>, and <c>t.Wait(ct)</c>
    /// becomes <c>await t.WaitAsync(ct)</c> where the framework has it (it stops waiting when cancelled, as Wait(ct)
    /// does; a wait with a timeout returns a bool and is left alone). Not offered for
    /// <c>Result</c> or <c>Wait()</c> in a try that catches AggregateException: they throw the task's exceptions wrapped
    /// in one, where <c>await</c> (like <c>GetAwaiter().GetResult()</c>) throws the first of them itself, and that
    /// catch would no longer see it.
    /// </summary>
    private sealed class AwaitTaskRewrite : Rewrite
    {
        private readonly ExpressionSyntax _wait;

        private AwaitTaskRewrite(ExpressionSyntax wait) => _wait = wait;

        public override string Title => "Await the task instead of blocking on it";

        public static AwaitTaskRewrite? TryCreate(SyntaxNode node, SemanticModel model, CancellationToken cancellationToken)
        {
            if (node is not ExpressionSyntax wait || TaskOf(wait) is not { } task)
                return null;
            if (wait is InvocationExpressionSyntax { ArgumentList.Arguments: { Count: 1 } arguments }
                && (model.GetTypeInfo(arguments[0].Expression, cancellationToken).Type is not { Name: "CancellationToken", ContainingNamespace: { Name: "Threading", ContainingNamespace.Name: "System" } }
                    || model.GetSpeculativeSymbolInfo(wait.SpanStart, task, SpeculativeBindingOption.BindAsExpression).Symbol is not IMethodSymbol { Name: "WaitAsync" }))
            {
                return null;
            }

            // Of the three waits TaskOf reads, only GetResult throws what await throws.
            var wrapsExceptions = wait is not InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "GetResult" } };
            return wrapsExceptions && CatchesAggregateException(wait, model, cancellationToken) ? null : new AwaitTaskRewrite(wait);
        }

        public override void Apply(SyntaxEditor editor) =>
            editor.ReplaceNode(_wait, (current, _) => TaskOf((ExpressionSyntax)current) is { } task ? Await(task, current) : current);

        private static ExpressionSyntax? TaskOf(ExpressionSyntax wait) => wait switch
        {
            MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Result" } result => result.Expression,
            InvocationExpressionSyntax { ArgumentList.Arguments.Count: 0, Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Wait" } waitCall } => waitCall.Expression,
            InvocationExpressionSyntax { ArgumentList.Arguments.Count: 1, Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Wait" } waitCall } waitWithToken =>
                waitWithToken.WithExpression(waitCall.WithName(SyntaxFactory.IdentifierName("WaitAsync").WithTriviaFrom(waitCall.Name))),
            InvocationExpressionSyntax
            {
                ArgumentList.Arguments.Count: 0,
                Expression: MemberAccessExpressionSyntax
                {
                    Name.Identifier.ValueText: "GetResult",
                    Expression: InvocationExpressionSyntax { ArgumentList.Arguments.Count: 0, Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "GetAwaiter" } getAwaiter },
                },
            } => getAwaiter.Expression,
            _ => null,
        };
    }

    /// <summary>
    /// <c>while (!reader.EndOfStream) { var line = await reader.ReadLineAsync(); ... }</c> becomes
    /// <c>while (await reader.ReadLineAsync() is { } line) { ... }</c>: the awaited read is the loop's test, and its null
    /// (the end of the stream, the peer's close) ends the loop where EndOfStream would have. Offered only for that shape:
    /// the test negated alone in a <c>while</c>, whose block starts with the one declaration of a string (<c>var</c>,
    /// <c>string</c>, <c>string?</c>) from an awaited <c>ReadLineAsync</c> of the same reader (with or without
    /// <c>ConfigureAwait</c>, a token, or a <c>!</c> after it), with no directive before it. The comments the declaration
    /// carries (the lines before it, one that ends its line, one inside it) stay where it was, each on a line of its own.
    /// A <c>continue</c> in the loop reads the next line as before; the variable is a string that is never null, as it was
    /// wherever the loop used it (a <c>line!</c> left in the body says so once more).
    /// </summary>
    private sealed class ReadLineLoopRewrite : Rewrite
    {
        private readonly WhileStatementSyntax _loop;

        private ReadLineLoopRewrite(WhileStatementSyntax loop) => _loop = loop;

        public override string Title => "Await the next line as the loop's test";

        public static ReadLineLoopRewrite? TryCreate(SyntaxNode node, SemanticModel model, CancellationToken cancellationToken)
        {
            if (node is not MemberAccessExpressionSyntax { Expression: var reader, Parent: PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.LogicalNotExpression } not } test
                || not.Parent is not WhileStatementSyntax loop
                || loop.Condition != not
                || Parts(loop) is not var (declarator, _, readerOfRead)
                || model.GetSymbolInfo(reader, cancellationToken).Symbol is not { Kind: SymbolKind.Local or SymbolKind.Parameter or SymbolKind.Field } readerSymbol
                || !SymbolEqualityComparer.Default.Equals(readerSymbol, model.GetSymbolInfo(readerOfRead, cancellationToken).Symbol)
                || model.GetSymbolInfo(test, cancellationToken).Symbol is not IPropertySymbol { Name: "EndOfStream" }
                || model.GetDeclaredSymbol(declarator, cancellationToken) is not ILocalSymbol { Type.SpecialType: SpecialType.System_String } line
                || IsWrittenAfter(loop, line, model, cancellationToken))
            {
                return null;
            }

            return new ReadLineLoopRewrite(loop);
        }

        /// <summary>
        /// Whether the loop writes the line after its declaration (<c>line = null;</c>, <c>ref line</c>): the pattern's
        /// variable is a string that is never null, and a null written to it would warn where the local did not.
        /// </summary>
        private static bool IsWrittenAfter(WhileStatementSyntax loop, ILocalSymbol line, SemanticModel model, CancellationToken cancellationToken)
        {
            foreach (var name in loop.Statement.DescendantNodes().OfType<IdentifierNameSyntax>())
            {
                if (name.Identifier.ValueText != line.Name)
                    continue;
                // line! (a postfix unary expression too) only reads it.
                var written = name.Parent switch
                {
                    AssignmentExpressionSyntax assignment => assignment.Left == name,
                    ArgumentSyntax argument => !argument.RefKindKeyword.IsKind(SyntaxKind.None),
                    PrefixUnaryExpressionSyntax or PostfixUnaryExpressionSyntax => name.Parent.Kind() is SyntaxKind.PreIncrementExpression or SyntaxKind.PreDecrementExpression
                        or SyntaxKind.PostIncrementExpression or SyntaxKind.PostDecrementExpression,
                    _ => false,
                };
                if (written && SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(name, cancellationToken).Symbol, line))
                    return true;
            }

            return false;
        }

        public override void Apply(SyntaxEditor editor) => editor.ReplaceNode(_loop, (current, _) => Rewritten((WhileStatementSyntax)current) ?? current);

        /// <summary>The loop with the read as its test, decided again on <paramref name="loop"/> as it is now (Fix All may have rewritten a loop inside it).</summary>
        private static WhileStatementSyntax? Rewritten(WhileStatementSyntax loop)
        {
            if (Parts(loop) is not var (declarator, read, _) || loop.Statement is not BlockSyntax body)
                return null;
            // Spaced as written by hand, `read is { } line`: the formatter would put an empty property pattern's braces on lines of their own.
            var space = SyntaxFactory.Space;
            var test = SyntaxFactory.IsPatternExpression(
                read.WithoutTrivia().WithTrailingTrivia(space),
                SyntaxFactory.Token(SyntaxKind.IsKeyword).WithTrailingTrivia(space),
                SyntaxFactory.RecursivePattern(
                    type: null,
                    positionalPatternClause: null,
                    propertyPatternClause: SyntaxFactory.PropertyPatternClause(
                        SyntaxFactory.Token(SyntaxKind.OpenBraceToken).WithTrailingTrivia(space),
                        SyntaxFactory.SeparatedList<SubpatternSyntax>(),
                        SyntaxFactory.Token(SyntaxKind.CloseBraceToken).WithTrailingTrivia(space)),
                    designation: SyntaxFactory.SingleVariableDesignation(declarator.Identifier.WithoutTrivia())));
            return loop
                .WithCondition(test.WithTriviaFrom(loop.Condition))
                .WithStatement(WithoutFirstStatement(body));
        }

        /// <summary>
        /// <paramref name="body"/> without its first statement. Its comments stay, in order, before what follows (the next
        /// statement, or the closing brace): the lines before it as they were, and each comment inside it or ending its line
        /// on a line of its own at the statement's indentation.
        /// </summary>
        private static BlockSyntax WithoutFirstStatement(BlockSyntax body)
        {
            var first = body.Statements[0];
            var rest = body.Statements.RemoveAt(0);
            var leading = first.GetLeadingTrivia();
            var indentation = SyntaxFactory.TriviaList(Indentation(leading));
            var carried = SyntaxFactory.TriviaList();

            // The lines before it, up to its own indentation: comments and blank lines, as written.
            if (HasComment(leading))
                carried = carried.AddRange(leading.Take(leading.Count - indentation.Count));

            // A comment inside it (var line = await reader.ReadLineAsync() // the read ↵ ;), then one that ends its line.
            var endOfLine = first.GetTrailingTrivia().FirstOrDefault(t => t.IsKind(SyntaxKind.EndOfLineTrivia));
            var lineBreak = endOfLine.IsKind(SyntaxKind.EndOfLineTrivia) ? endOfLine : SyntaxFactory.ElasticCarriageReturnLineFeed;
            var inside = first.DescendantTrivia().Where(t => t.IsKind(SyntaxKind.SingleLineCommentTrivia) || t.IsKind(SyntaxKind.MultiLineCommentTrivia)).ToList();
            foreach (var comment in inside)
            {
                if (leading.Contains(comment))
                    continue;
                carried = carried.AddRange(indentation).Add(comment).Add(lineBreak);
            }

            if (carried.Count == 0)
                return body.WithStatements(rest);
            if (rest.Count > 0)
                return body.WithStatements(rest.Replace(rest[0], rest[0].WithLeadingTrivia(carried.AddRange(rest[0].GetLeadingTrivia()))));
            return body.WithStatements(rest).WithCloseBraceToken(body.CloseBraceToken.WithLeadingTrivia(carried.AddRange(body.CloseBraceToken.LeadingTrivia)));
        }

        /// <summary>
        /// The block's first statement, when it is the one declaration of a local from an awaited read of a line
        /// (<c>(await reader.ReadLineAsync())!</c> too), with nothing before it but blanks and comments: its declarator,
        /// the awaited read and the reader read.
        /// </summary>
        private static (VariableDeclaratorSyntax Declarator, AwaitExpressionSyntax Read, ExpressionSyntax Reader)? Parts(WhileStatementSyntax loop)
        {
            if (loop.Statement is not BlockSyntax { Statements: { Count: > 0 } statements }
                || statements[0] is not LocalDeclarationStatementSyntax { Declaration: { Variables.Count: 1 } declaration } first
                || first.Modifiers.Count != 0 || first.UsingKeyword.IsKind(SyntaxKind.UsingKeyword) || first.AwaitKeyword.IsKind(SyntaxKind.AwaitKeyword)
                || declaration.Type is not (IdentifierNameSyntax { IsVar: true } or PredefinedTypeSyntax { Keyword.RawKind: (int)SyntaxKind.StringKeyword } or NullableTypeSyntax { ElementType: PredefinedTypeSyntax { Keyword.RawKind: (int)SyntaxKind.StringKeyword } })
                || declaration.Variables[0] is not { Initializer.Value: { } value } declarator
                || SyntaxShapes.Unwrapped(value, throughAwait: false) is not AwaitExpressionSyntax read
                || ReaderOf(read) is not { } reader
                || first.GetLeadingTrivia().Any(trivia => !trivia.IsKind(SyntaxKind.WhitespaceTrivia) && !trivia.IsKind(SyntaxKind.EndOfLineTrivia)
                    && !trivia.IsKind(SyntaxKind.SingleLineCommentTrivia) && !trivia.IsKind(SyntaxKind.MultiLineCommentTrivia)))
            {
                return null;
            }

            return (declarator, read, reader);
        }

        /// <summary>The reader of <c>await reader.ReadLineAsync(...)</c>, with or without <c>.ConfigureAwait(...)</c>; null for any other await.</summary>
        private static ExpressionSyntax? ReaderOf(AwaitExpressionSyntax read)
        {
            var call = read.Expression is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ConfigureAwait", Expression: InvocationExpressionSyntax inner } }
                ? inner
                : read.Expression as InvocationExpressionSyntax;
            return call?.Expression is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ReadLineAsync", Expression: IdentifierNameSyntax reader } ? reader : null;
        }
    }

    /// <summary>
    /// <c>Task.WaitAll(a, b);</c> becomes <c>await Task.WhenAll(a, b);</c> and <c>Task.WaitAny(a, b);</c> becomes
    /// <c>await Task.WhenAny(a, b);</c>, the arguments as written. <c>Task.WaitAny(tasks)</c> used for its index becomes
    /// <c>Array.IndexOf(tasks, await Task.WhenAny(tasks))</c> where <c>tasks</c> is a local array: WaitAny finds its
    /// index the same way, and the array is not empty (WhenAny would throw where WaitAny returns -1), since a socket task
    /// in it is what was reported. Not offered where the meaning would change: an overload with a
    /// timeout (it returns false or -1 where WhenAll/WhenAny would wait on) or a token (it stops waiting when cancelled);
    /// WaitAny's index of tasks listed in the call (they would be evaluated twice); WaitAll in a try that catches
    /// AggregateException, which WaitAll throws and an awaited WhenAll does not (it throws the first exception itself).
    /// </summary>
    private sealed class AwaitWhenAllRewrite : Rewrite
    {
        private readonly InvocationExpressionSyntax _wait;
        private readonly string _counterpart;
        private readonly ExpressionSyntax? _indexedArray;

        private AwaitWhenAllRewrite(InvocationExpressionSyntax wait, string counterpart, ExpressionSyntax? indexedArray)
        {
            _wait = wait;
            _counterpart = counterpart;
            _indexedArray = indexedArray;
        }

        public override string Title => $"Await 'Task.{_counterpart}' instead of blocking on the tasks";

        public static AwaitWhenAllRewrite? TryCreate(SyntaxNode node, SemanticModel model, CancellationToken cancellationToken)
        {
            if (node is not InvocationExpressionSyntax wait
                || model.GetOperation(wait, cancellationToken) is not IInvocationOperation { TargetMethod.Name: "WaitAll" or "WaitAny" } operation
                || !SyncWaits.WaitsWithoutLimit(operation)
                || wait.ArgumentList.Arguments.Any(a => !a.RefKindKeyword.IsKind(SyntaxKind.None)))
            {
                return null;
            }

            var counterpart = operation.TargetMethod.Name == "WaitAll" ? "WhenAll" : "WhenAny";
            ExpressionSyntax? indexedArray = null;
            if (wait.Parent is not ExpressionStatementSyntax && !IsValueDiscarded(wait, model, cancellationToken))
            {
                // WaitAll returns nothing and is only ever a statement; WaitAny's index is kept only where it can be found again.
                if (counterpart != "WhenAny" || IndexedArray(wait, operation) is not { } array)
                    return null;
                indexedArray = array;
            }

            if (counterpart == "WhenAll" && CatchesAggregateException(wait, model, cancellationToken))
                return null;

            var rewrite = new AwaitWhenAllRewrite(wait, counterpart, indexedArray);
            if (rewrite.Call(wait) is not { } call || !Binds(call, counterpart, wait.SpanStart, model, cancellationToken))
                return null;
            if (indexedArray is not null && !IsInt(rewrite.Replacement(wait), wait.SpanStart, model))
                return null;
            return rewrite;
        }

        /// <summary>
        /// Where the wait's value (WaitAny's index) is thrown away, so the awaited task of WhenAll/WhenAny may take its
        /// place: <c>_ = Task.WaitAny(a, b);</c>, or the whole body of an async lambda, local function or method that
        /// returns no value (<c>async () =&gt; Task.WaitAll(a)</c>).
        /// </summary>
        private static bool IsValueDiscarded(InvocationExpressionSyntax wait, SemanticModel model, CancellationToken cancellationToken)
        {
            switch (wait.Parent)
            {
                case AssignmentExpressionSyntax { Parent: ExpressionStatementSyntax } assignment when assignment.Right == wait && assignment.IsKind(SyntaxKind.SimpleAssignmentExpression):
                    return model.GetOperation(assignment.Left, cancellationToken) is IDiscardOperation;
                case ArrowExpressionClauseSyntax { Parent: { } function }:
                    return ReturnsNoValue(model.GetDeclaredSymbol(function, cancellationToken) as IMethodSymbol);
                case AnonymousFunctionExpressionSyntax lambda when lambda.ExpressionBody == wait:
                    return ReturnsNoValue(model.GetSymbolInfo(lambda, cancellationToken).Symbol as IMethodSymbol);
                default:
                    return false;
            }

            static bool ReturnsNoValue(IMethodSymbol? function) =>
                function is { IsAsync: true }
                && (function.ReturnsVoid || function.ReturnType is INamedTypeSymbol { IsGenericType: false, Name: "Task" or "ValueTask" });
        }

        public override void Apply(SyntaxEditor editor) =>
            editor.ReplaceNode(_wait, (current, _) => Replacement((InvocationExpressionSyntax)current));

        private ExpressionSyntax Replacement(InvocationExpressionSyntax current)
        {
            if (Call(current) is not { } call)
                return current;
            if (_indexedArray is null)
                return Await(call, current);

            var awaited = SyntaxFactory.AwaitExpression(SyntaxFactory.Token(SyntaxKind.AwaitKeyword).WithTrailingTrivia(SyntaxFactory.Space), call.WithoutTrivia());
            var indexOf = SyntaxFactory.InvocationExpression(
                SyntaxFactory.ParseExpression("global::System.Array.IndexOf").WithAdditionalAnnotations(Simplifier.Annotation),
                SyntaxFactory.ArgumentList(Separated(new[] { SyntaxFactory.Argument(_indexedArray.WithoutTrivia()), SyntaxFactory.Argument(awaited) })));
            return indexOf.WithTriviaFrom(current);
        }

        /// <summary>The same call, WaitAll or WaitAny renamed: receiver, arguments and their layout as written.</summary>
        private InvocationExpressionSyntax? Call(InvocationExpressionSyntax current)
        {
            ExpressionSyntax? renamed = current.Expression switch
            {
                MemberAccessExpressionSyntax access => access.WithName(Renamed(access.Name)),
                SimpleNameSyntax name => Renamed(name),
                _ => null,
            };
            return renamed is null ? null : current.WithExpression(renamed);
        }

        private SimpleNameSyntax Renamed(SimpleNameSyntax name) =>
            name.WithIdentifier(SyntaxFactory.Identifier(_counterpart).WithTriviaFrom(name.Identifier));

        /// <summary>The array a WaitAny's index points into, named by a local, the call's one argument.</summary>
        private static ExpressionSyntax? IndexedArray(InvocationExpressionSyntax wait, IInvocationOperation operation)
        {
            if (wait.ArgumentList.Arguments is not { Count: 1 } arguments
                || arguments[0].Expression is not IdentifierNameSyntax name
                || SyncWaits.TasksArgument(operation) is not { ArgumentKind: ArgumentKind.Explicit } tasks)
            {
                return null;
            }

            var value = tasks.Value;
            while (value is IConversionOperation conversion)
                value = conversion.Operand;
            return value is ILocalReferenceOperation { Type: IArrayTypeSymbol } ? name : null;
        }

        private static bool IsInt(ExpressionSyntax expression, int position, SemanticModel model) =>
            model.GetSpeculativeTypeInfo(position, expression, SpeculativeBindingOption.BindAsExpression).Type?.SpecialType == SpecialType.System_Int32;
    }

    /// <summary>
    /// One argument of the counterpart call: an original argument, a buffer turned into Memory, SocketFlags.None, or the token.
    /// Indexes refer to the original argument list, which nested fixes never lengthen or shorten.
    /// </summary>
    private abstract class ArgumentSource
    {
        /// <summary>The original argument this one stands in for, whose separator and layout it keeps; null for a new one.</summary>
        public virtual int? OriginalIndex => null;

        /// <summary>The original separator that may follow this argument: the one after the last original argument it takes in.</summary>
        public virtual int? SeparatorIndex(SeparatedSyntaxList<ArgumentSyntax> arguments) => OriginalIndex;

        public abstract ArgumentSyntax Build(SeparatedSyntaxList<ArgumentSyntax> arguments);
    }

    private sealed class OriginalArgument : ArgumentSource
    {
        private readonly int _index;
        public OriginalArgument(int index) => _index = index;
        public override int? OriginalIndex => _index;
        public override ArgumentSyntax Build(SeparatedSyntaxList<ArgumentSyntax> arguments) => arguments[_index];
    }

    /// <summary><c>buffer, offset, size</c> becomes <c>buffer.AsMemory(offset, size)</c>; <c>x.AsSpan(...)</c> becomes <c>x.AsMemory(...)</c>.</summary>
    private sealed class MemoryArgument : ArgumentSource
    {
        private readonly int _buffer;
        private readonly int? _offset;
        private readonly int? _size;

        public MemoryArgument(int buffer, int? offset, int? size)
        {
            _buffer = buffer;
            _offset = offset;
            _size = size;
        }

        public override int? OriginalIndex => _buffer;

        public override int? SeparatorIndex(SeparatedSyntaxList<ArgumentSyntax> arguments) =>
            KeepsLayout(arguments) ? _size : _buffer;

        public override ArgumentSyntax Build(SeparatedSyntaxList<ArgumentSyntax> arguments)
        {
            var buffer = arguments[_buffer];
            if (_offset is null && _size is null
                && buffer.Expression is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "AsSpan" } asSpan } spanCall)
            {
                return buffer.WithExpression(spanCall.WithExpression(asSpan.WithName(SyntaxFactory.IdentifierName("AsMemory").WithTriviaFrom(asSpan.Name))));
            }

            var target = SyntaxFactory.ParenthesizedExpression(buffer.Expression.WithoutTrivia()).WithAdditionalAnnotations(Simplifier.Annotation);
            var asMemory = SyntaxFactory.InvocationExpression(
                SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, target, SyntaxFactory.IdentifierName("AsMemory")),
                KeepsLayout(arguments) ? LaidOutArguments(arguments) : CompactArguments(arguments));
            return SyntaxFactory.Argument(asMemory).WithTriviaFrom(buffer);
        }

        /// <summary><c>(offset, size)</c> on one line, as a single-line call reads.</summary>
        private ArgumentListSyntax CompactArguments(SeparatedSyntaxList<ArgumentSyntax> arguments)
        {
            var memoryArguments = new List<ArgumentSyntax>
            {
                _offset is { } offset ? arguments[offset].WithoutTrivia().WithNameColon(null) : Zero(),
            };
            if (_size is { } size)
                memoryArguments.Add(arguments[size].WithoutTrivia().WithNameColon(null));
            return SyntaxFactory.ArgumentList(Separated(memoryArguments));
        }

        /// <summary>
        /// The merged arguments with their comments and line breaks, each where it was: <c>b, // buffer</c> then
        /// <c>0, // offset</c> then <c>n, // count</c> becomes <c>b.AsMemory( // buffer</c>, <c>0, // offset</c>,
        /// <c>n), // count</c>.
        /// </summary>
        private ArgumentListSyntax LaidOutArguments(SeparatedSyntaxList<ArgumentSyntax> arguments)
        {
            var afterBuffer = arguments.GetSeparator(_buffer);
            var size = Unnamed(arguments[_size!.Value]);
            if (_offset is not { } offset)
            {
                return SyntaxFactory.ArgumentList(SyntaxFactory.SeparatedList(new[] { Zero(), size }, new[] { afterBuffer }));
            }

            var openParen = SyntaxFactory.Token(SyntaxKind.OpenParenToken).WithTrailingTrivia(afterBuffer.TrailingTrivia);
            return SyntaxFactory.ArgumentList(
                openParen,
                SyntaxFactory.SeparatedList(new[] { Unnamed(arguments[offset]), size }, new[] { arguments.GetSeparator(offset) }),
                SyntaxFactory.Token(SyntaxKind.CloseParenToken));
        }

        /// <summary>
        /// Whether the merged arguments or the separators between them carry a comment, which the compact form would
        /// drop. Only a run buffer, offset, size (or buffer, size) in that order is laid out again.
        /// </summary>
        private bool KeepsLayout(SeparatedSyntaxList<ArgumentSyntax> arguments)
        {
            if (_size is not { } size || size != (_offset ?? _buffer) + 1 || (_offset is { } offset && offset != _buffer + 1))
                return false;
            for (int i = _buffer; i < size; i++)
            {
                if (HasComment(arguments.GetSeparator(i).LeadingTrivia) || HasComment(arguments.GetSeparator(i).TrailingTrivia))
                    return true;
            }

            for (int i = _buffer + 1; i <= size; i++)
            {
                if (HasComment(arguments[i].GetLeadingTrivia()) || HasComment(arguments[i].GetTrailingTrivia()))
                    return true;
            }

            return false;
        }

        private static ArgumentSyntax Unnamed(ArgumentSyntax argument) =>
            argument.NameColon is null ? argument : argument.WithNameColon(null).WithLeadingTrivia(argument.GetLeadingTrivia());

        private static ArgumentSyntax Zero() =>
            SyntaxFactory.Argument(SyntaxFactory.LiteralExpression(SyntaxKind.NumericLiteralExpression, SyntaxFactory.Literal(0)));
    }

    private sealed class NewArgument : ArgumentSource
    {
        private readonly ArgumentSyntax _argument;
        public NewArgument(ArgumentSyntax argument) => _argument = argument;
        public override ArgumentSyntax Build(SeparatedSyntaxList<ArgumentSyntax> arguments) => _argument;
    }

    /// <summary><c>s.Receive(buf)</c> becomes <c>await s.ReceiveAsync(buf, ct)</c>, the overload chosen by binding it.</summary>
    private sealed class AwaitCounterpartRewrite : Rewrite
    {
        private readonly InvocationExpressionSyntax _invocation;
        private readonly string _counterpart;
        private readonly ImmutableArray<ArgumentSource> _arguments;

        private AwaitCounterpartRewrite(InvocationExpressionSyntax invocation, string counterpart, ImmutableArray<ArgumentSource> arguments)
        {
            _invocation = invocation;
            _counterpart = counterpart;
            _arguments = arguments;
        }

        public override string Title => $"Await '{_counterpart}'";

        public static AwaitCounterpartRewrite? TryCreate(InvocationExpressionSyntax invocation, string counterpart, ISymbol? token, SemanticModel model, CancellationToken cancellationToken)
        {
            if (model.GetSymbolInfo(invocation, cancellationToken).Symbol is not IMethodSymbol method
                || method.Parameters.Any(p => p.RefKind != RefKind.None)
                || invocation.ArgumentList.Arguments.Any(a => !a.RefKindKeyword.IsKind(SyntaxKind.None)))
            {
                return null;
            }

            foreach (var candidate in Candidates(invocation, method, token, model))
            {
                var rewrite = new AwaitCounterpartRewrite(invocation, counterpart, candidate);
                if (Binds(rewrite.Call(invocation), counterpart, invocation.SpanStart, model, cancellationToken))
                    return rewrite;
            }

            return null;
        }

        public override void Apply(SyntaxEditor editor) =>
            editor.ReplaceNode(_invocation, (current, _) => Await(Call((InvocationExpressionSyntax)current), current));

        private InvocationExpressionSyntax Call(InvocationExpressionSyntax current)
        {
            var renamed = current.Expression switch
            {
                MemberAccessExpressionSyntax access => access.WithName(Renamed(access.Name)),
                MemberBindingExpressionSyntax binding => binding.WithName(Renamed(binding.Name)),
                SimpleNameSyntax name => Renamed(name),
                _ => current.Expression,
            };
            var arguments = current.ArgumentList.Arguments;
            var newArguments = _arguments.Select(source => source.Build(arguments)).ToList();

            // An original separator (and so the line break it may carry) is kept where an original argument, with its
            // own indentation, follows it, or where it carries a comment: then the new argument after it takes the
            // indentation of the argument that followed it. Otherwise ", ", and no indentation on what follows it.
            var separators = new List<SyntaxToken>();
            for (int i = 0; i + 1 < _arguments.Length; i++)
            {
                var original = _arguments[i].SeparatorIndex(arguments) is { } index && index < arguments.SeparatorCount ? index : (int?)null;
                if (original is { } kept && _arguments[i + 1].OriginalIndex is not null)
                {
                    separators.Add(arguments.GetSeparator(kept));
                }
                else if (original is { } commented && HasComment(arguments.GetSeparator(commented).TrailingTrivia))
                {
                    separators.Add(arguments.GetSeparator(commented));
                    newArguments[i + 1] = newArguments[i + 1].WithLeadingTrivia(Indentation(arguments[commented + 1].GetLeadingTrivia()));
                }
                else
                {
                    separators.Add(CommaSpace());
                    if (newArguments[i + 1].GetLeadingTrivia().All(t => t.IsKind(SyntaxKind.WhitespaceTrivia)))
                        newArguments[i + 1] = newArguments[i + 1].WithLeadingTrivia();
                }
            }

            return current
                .WithExpression(renamed)
                .WithArgumentList(current.ArgumentList.WithArguments(SyntaxFactory.SeparatedList(newArguments, separators)));
        }

        private SimpleNameSyntax Renamed(SimpleNameSyntax name) =>
            name.WithIdentifier(SyntaxFactory.Identifier(_counterpart).WithTriviaFrom(name.Identifier));

        /// <summary>The argument lists to try, best first: with the token before without; as written before reshaped.</summary>
        private static IEnumerable<ImmutableArray<ArgumentSource>> Candidates(InvocationExpressionSyntax invocation, IMethodSymbol method, ISymbol? token, SemanticModel model)
        {
            var arguments = invocation.ArgumentList.Arguments;
            var asWritten = Enumerable.Range(0, arguments.Count).Select(i => (ArgumentSource)new OriginalArgument(i)).ToImmutableArray();
            var shapes = new List<ImmutableArray<ArgumentSource>> { asWritten };
            if (Reshaped(invocation, method, model) is { } reshaped)
            {
                shapes.Add(reshaped);
                if (WithSocketFlagsNone(reshaped, invocation, method, model) is { } withFlags)
                    shapes.Add(withFlags);
            }
            else if (WithSocketFlagsNone(asWritten, invocation, method, model) is { } withFlags)
            {
                shapes.Add(withFlags);
            }

            if (token is not null)
            {
                var named = arguments.Any(a => a.NameColon is not null);
                foreach (var shape in shapes)
                {
                    if (!named)
                        yield return shape.Add(new NewArgument(SyntaxFactory.Argument(FixSyntax.IdentifierName(token.Name))));
                    yield return shape.Add(new NewArgument(SyntaxFactory.Argument(
                        SyntaxFactory.NameColon(SyntaxFactory.IdentifierName("cancellationToken")), default, FixSyntax.IdentifierName(token.Name))));
                }
            }

            foreach (var shape in shapes)
                yield return shape;
        }

        /// <summary>
        /// Socket's (buffer, offset, size) and (buffer, size) forms, and UdpClient's (dgram, bytes), as one Memory
        /// argument; Span arguments made with AsSpan as AsMemory.
        /// </summary>
        private static ImmutableArray<ArgumentSource>? Reshaped(InvocationExpressionSyntax invocation, IMethodSymbol method, SemanticModel model)
        {
            int? buffer = null, offset = null, size = null;
            var arguments = invocation.ArgumentList.Arguments;
            var parameters = new IParameterSymbol?[arguments.Count];
            for (int i = 0; i < arguments.Count; i++)
            {
                var parameter = ParameterOf(arguments[i], i, method);
                parameters[i] = parameter;
                // Socket and Stream name them buffer, offset, size or count; UdpClient.Send(dgram, bytes).
                switch (parameter?.Name)
                {
                    case "buffer" or "dgram":
                        buffer = i;
                        break;
                    case "offset":
                        offset = i;
                        break;
                    case "size" or "count" or "bytes":
                        size = i;
                        break;
                }
            }

            if (buffer is not { } b || parameters[b] is not { } bufferParameter)
                return null;
            var isArray = bufferParameter.Type is IArrayTypeSymbol;
            var isSpanMadeWithAsSpan = !isArray && arguments[b].Expression is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "AsSpan" } };
            if (!(isArray && size is not null) && !isSpanMadeWithAsSpan)
                return null;

            var result = ImmutableArray.CreateBuilder<ArgumentSource>();
            for (int i = 0; i < arguments.Count; i++)
            {
                if (i == b)
                    result.Add(isSpanMadeWithAsSpan ? new MemoryArgument(b, null, null) : new MemoryArgument(b, offset, size));
                else if (i != offset && i != size)
                    result.Add(new OriginalArgument(i));
            }

            return result.ToImmutable();
        }

        /// <summary>Socket's async forms want SocketFlags right after the buffer where the blocking form let it default.</summary>
        private static ImmutableArray<ArgumentSource>? WithSocketFlagsNone(ImmutableArray<ArgumentSource> shape, InvocationExpressionSyntax invocation, IMethodSymbol method, SemanticModel model)
        {
            var socketFlags = model.Compilation.GetTypeByMetadataName("System.Net.Sockets.SocketFlags");
            if (socketFlags is null || method.Parameters.Any(p => SymbolEqualityComparer.Default.Equals(p.Type, socketFlags)) || shape.Length == 0)
                return null;
            if (method.Parameters.Length == 0 || method.Parameters[0].Name != "buffer")
                return null;
            var none = SyntaxFactory.Argument(SyntaxFactory.ParseExpression("global::System.Net.Sockets.SocketFlags.None").WithAdditionalAnnotations(Simplifier.Annotation));
            return shape.Insert(1, new NewArgument(none));
        }

        private static IParameterSymbol? ParameterOf(ArgumentSyntax argument, int index, IMethodSymbol method)
        {
            if (argument.NameColon is { } nameColon)
                return method.Parameters.FirstOrDefault(p => p.Name == nameColon.Name.Identifier.ValueText);
            return index < method.Parameters.Length ? method.Parameters[index] : null;
        }
    }

    /// <summary>
    /// <c>var c = new TcpClient(host, port);</c> becomes <c>var c = new TcpClient();</c> followed by
    /// <c>await c.ConnectAsync(host, port, ct);</c>: the constructor connects before it returns. A client assigned to a
    /// field, property or local that is already there (<c>_client = new TcpClient(host, port);</c>) is made and connected
    /// in a local of its own, then assigned: <c>var client = new TcpClient(); await client.ConnectAsync(host, port, ct);
    /// _client = client;</c>. Assigned first, a connect that throws (in a retry loop's try) would leave an unconnected
    /// client where the code's earlier value was, as the constructor never did.
    /// </summary>
    private sealed class ConnectAsyncRewrite : Rewrite
    {
        private readonly BaseObjectCreationExpressionSyntax _creation;
        private readonly StatementSyntax _statement;
        private readonly ExpressionStatementSyntax _connect;

        /// <summary>
        /// For a client assigned: the local it is made in, its declared type (<c>var</c>, or the client's type for a
        /// <c>new(host, port)</c> that takes its type from the field), and the assignment that follows the connect.
        /// </summary>
        private readonly (string Name, TypeSyntax Type, ExpressionStatementSyntax Assignment)? _local;

        /// <summary>Whether the comment that ends the statement's line goes with the last argument (see <see cref="LastArgumentLineComments"/>).</summary>
        private readonly bool _movesLineComment;

        private ConnectAsyncRewrite(BaseObjectCreationExpressionSyntax creation, StatementSyntax statement, ExpressionStatementSyntax connect, (string, TypeSyntax, ExpressionStatementSyntax)? local, bool movesLineComment)
        {
            _creation = creation;
            _statement = statement;
            _connect = connect;
            _local = local;
            _movesLineComment = movesLineComment;
        }

        public override string Title => "Create the client, then await 'ConnectAsync'";

        public static ConnectAsyncRewrite? TryCreate(BaseObjectCreationExpressionSyntax creation, string counterpart, ISymbol? token, SemanticModel model, HashSet<string>? reservedNames, CancellationToken cancellationToken)
        {
            // An #if among the arguments: the one line would keep one branch only.
            if (creation.ArgumentList is not { Arguments.Count: 2, ContainsDirectives: false } argumentList
                || creation.Initializer is not null
                || ClientAndStatement(creation) is not ({ } client, { } statement)
                || statement.Parent is not (BlockSyntax or GlobalStatementSyntax or SwitchSectionSyntax))
            {
                return null;
            }

            var separators = argumentList.Arguments.GetSeparators().ToList();
            var arguments = argumentList.Arguments.Select((a, i) => WithItsComments(a, i < separators.Count ? separators[i] : null, argumentList)).ToList();

            // A call over lines whose last argument shares its line with the statement's end: a comment that ends that
            // line (6001); // port) is the argument's, and goes with it.
            var lastLineComments = LastArgumentLineComments(creation, argumentList, statement);
            if (lastLineComments.Count > 0)
                arguments[arguments.Count - 1] = arguments[arguments.Count - 1].WithTrailingTrivia(arguments[arguments.Count - 1].GetTrailingTrivia().AddRange(lastLineComments.SelectMany(comment => new[] { SyntaxFactory.Space, comment })));
            if (token is not null)
                arguments.Add(SyntaxFactory.Argument(FixSyntax.IdentifierName(token.Name)));
            var call = SyntaxFactory.InvocationExpression(
                SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, client, SyntaxFactory.IdentifierName(counterpart)),
                SyntaxFactory.ArgumentList(Separated(arguments)));

            // Bound where the client is named as written (a new local is not in scope yet, and is of the same type), at
            // the statement's semicolon: past it, the last statement of a file's top-level code ends the file, where its
            // locals are out of scope.
            var position = statement.Span.End - 1;
            if (!Binds(call, counterpart, position, model, cancellationToken))
            {
                if (token is null)
                    return null;
                call = call.WithArgumentList(SyntaxFactory.ArgumentList(Separated(arguments.Take(2))));
                if (!Binds(call, counterpart, position, model, cancellationToken))
                    return null;
            }

            (string, TypeSyntax, ExpressionStatementSyntax)? local = null;
            if (creation.Parent is AssignmentExpressionSyntax assignment)
            {
                TypeSyntax type = SyntaxFactory.IdentifierName(SyntaxFactory.Identifier(SyntaxFactory.TriviaList(), SyntaxKind.VarKeyword, "var", "var", SyntaxFactory.TriviaList()));
                if (creation is ImplicitObjectCreationExpressionSyntax)
                {
                    if (model.GetTypeInfo(creation, cancellationToken).Type is not { TypeKind: not TypeKind.Error } created)
                        return null;
                    type = SyntaxFactory.ParseTypeName(created.ToMinimalDisplayString(model, statement.SpanStart));
                }

                var name = LocalName(assignment.Left, statement, model, reservedNames);
                call = call.WithExpression(((MemberAccessExpressionSyntax)call.Expression).WithExpression(FixSyntax.IdentifierName(name)));
                local = (name, type, SyntaxFactory.ExpressionStatement(
                    SyntaxFactory.AssignmentExpression(SyntaxKind.SimpleAssignmentExpression, assignment.Left.WithoutTrivia(), FixSyntax.IdentifierName(name))));
            }

            var connect = SyntaxFactory.ExpressionStatement(
                    SyntaxFactory.AwaitExpression(SyntaxFactory.Token(SyntaxKind.AwaitKeyword).WithTrailingTrivia(SyntaxFactory.Space), ConfiguredAt(call, statement)))
                .WithAdditionalAnnotations(Formatter.Annotation);
            return new ConnectAsyncRewrite(creation, statement, connect, local, movesLineComment: lastLineComments.Count > 0);
        }

        /// <summary>
        /// The comments after the statement's end (as <c>/* */</c> ones), where the creation spans lines and its last
        /// argument stands on the statement's last line; none otherwise (a call on one line: its comment is the line's).
        /// </summary>
        private static List<SyntaxTrivia> LastArgumentLineComments(BaseObjectCreationExpressionSyntax creation, ArgumentListSyntax list, StatementSyntax statement)
        {
            var text = statement.SyntaxTree.GetText();
            var end = statement.GetLastToken();
            var lastLine = text.Lines.GetLineFromPosition(end.SpanStart).LineNumber;
            if (text.Lines.GetLineFromPosition(creation.SpanStart).LineNumber == lastLine
                || text.Lines.GetLineFromPosition(list.Arguments.Last().SpanStart).LineNumber != lastLine)
            {
                return new List<SyntaxTrivia>();
            }

            return Comments(end.TrailingTrivia);
        }

        /// <summary>
        /// A name for the local an assigned client is made in: the field's or property's own without its underscore
        /// (<c>_client</c>, <c>this.Client</c>: <c>client</c>), else <c>connected</c>, numbered past any name in scope or
        /// declared anywhere in the block (or switch) the statement is in.
        /// </summary>
        private static string LocalName(ExpressionSyntax target, StatementSyntax statement, SemanticModel model, HashSet<string>? reservedNames)
        {
            var written = target is MemberAccessExpressionSyntax access ? access.Name.Identifier.ValueText : ((IdentifierNameSyntax)target).Identifier.ValueText;
            var trimmed = written.TrimStart('_');
            var derived = trimmed.Length == 0 ? "connected" : char.ToLowerInvariant(trimmed[0]) + trimmed.Substring(1);

            // A switch's sections share one scope; top-level statements share the file's.
            SyntaxNode scope = statement.Parent switch
            {
                SwitchSectionSyntax { Parent: { } @switch } => @switch,
                GlobalStatementSyntax { Parent: { } file } => file,
                var parent => parent!,
            };
            var taken = new HashSet<string>(model.LookupSymbols(statement.SpanStart).Select(symbol => symbol.Name), System.StringComparer.Ordinal);
            foreach (var node in scope.DescendantNodes())
            {
                var declared = node switch
                {
                    VariableDeclaratorSyntax declarator => declarator.Identifier,
                    SingleVariableDesignationSyntax designation => designation.Identifier,
                    ForEachStatementSyntax forEach => forEach.Identifier,
                    CatchDeclarationSyntax catchDeclaration => catchDeclaration.Identifier,
                    ParameterSyntax parameter => parameter.Identifier,
                    LocalFunctionStatementSyntax function => function.Identifier,
                    FromClauseSyntax from => from.Identifier,
                    LetClauseSyntax let => let.Identifier,
                    JoinClauseSyntax join => join.Identifier,
                    JoinIntoClauseSyntax into => into.Identifier,
                    QueryContinuationSyntax continuation => continuation.Identifier,
                    _ => default,
                };
                if (declared.ValueText.Length > 0)
                    taken.Add(declared.ValueText);
            }

            if (reservedNames is not null)
                taken.UnionWith(reservedNames);
            var name = !taken.Contains(derived) && SyntaxFacts.IsValidIdentifier(derived) ? derived : "connected";
            for (var i = 2; taken.Contains(name); i++)
                name = "connected" + i;
            reservedNames?.Add(name);
            return name;
        }

        /// <summary>
        /// The host or port as written, with no name (ConnectAsync names them otherwise) and on one line, followed by the
        /// comments written around it: before it (after the parenthesis, for the first), in its name, after it and its
        /// comma (before the parenthesis, for the last). A comment to the end of the line becomes a <c>/* */</c> one, which
        /// the one line can hold (one that holds <c>*/</c> is left out).
        /// </summary>
        private static ArgumentSyntax WithItsComments(ArgumentSyntax argument, SyntaxToken? comma, ArgumentListSyntax list)
        {
            var before = new List<SyntaxTrivia>();
            if (argument == list.Arguments.First())
                before.AddRange(Comments(list.OpenParenToken.TrailingTrivia));
            before.AddRange(Comments(argument.GetLeadingTrivia()));
            if (argument.NameColon is { } name)
                before.AddRange(Comments(name.Name.GetTrailingTrivia().AddRange(name.ColonToken.LeadingTrivia).AddRange(name.ColonToken.TrailingTrivia)));
            var after = Comments(argument.GetTrailingTrivia());
            if (comma is { } separator)
                after.AddRange(Comments(separator.LeadingTrivia.AddRange(separator.TrailingTrivia)));
            if (argument == list.Arguments.Last())
                after.AddRange(Comments(list.CloseParenToken.LeadingTrivia));

            // Every comment after the argument: one before it would start a line of its own.
            var bare = (argument.NameColon is null ? argument : argument.WithNameColon(null)).WithoutTrivia();
            bare = bare.ReplaceTrivia(
                bare.DescendantTrivia().Where(trivia => trivia.IsKind(SyntaxKind.SingleLineCommentTrivia)),
                (trivia, _) => BlockComment(trivia) ?? SyntaxFactory.Space);
            return bare.WithTrailingTrivia(before.Concat(after).SelectMany(comment => new[] { SyntaxFactory.Space, comment }));
        }

        private static List<SyntaxTrivia> Comments(SyntaxTriviaList trivia)
        {
            var comments = new List<SyntaxTrivia>();
            foreach (var item in trivia)
            {
                if (item.IsKind(SyntaxKind.MultiLineCommentTrivia))
                    comments.Add(item);
                else if (item.IsKind(SyntaxKind.SingleLineCommentTrivia) && BlockComment(item) is { } block)
                    comments.Add(block);
            }

            return comments;
        }

        /// <summary><c>// text</c> as <c>/* text */</c>; null when the text holds <c>*/</c>.</summary>
        private static SyntaxTrivia? BlockComment(SyntaxTrivia comment)
        {
            var text = comment.ToString().Substring(2).Trim();
            return text.Contains("*/") ? null : SyntaxFactory.Comment(text.Length == 0 ? "/* */" : "/* " + text + " */");
        }

        /// <summary>
        /// What the new client is kept in, and the statement that keeps it: the one local a declaration makes
        /// (<c>var c = new TcpClient(h, p);</c>), or a field or local assigned in a statement of its own
        /// (<c>_client = new TcpClient(h, p);</c>, <c>this.client = ...</c>), which the inserted line can name again.
        /// </summary>
        private static (ExpressionSyntax Client, StatementSyntax Statement)? ClientAndStatement(BaseObjectCreationExpressionSyntax creation) => creation.Parent switch
        {
            EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax { Variables.Count: 1, Parent: LocalDeclarationStatementSyntax statement } } declarator } =>
                (FixSyntax.IdentifierName(declarator.Identifier.ValueText), statement),
            AssignmentExpressionSyntax { RawKind: (int)SyntaxKind.SimpleAssignmentExpression, Parent: ExpressionStatementSyntax statement } assignment
                when assignment.Right == creation && assignment.Left is IdentifierNameSyntax or MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax, Name: IdentifierNameSyntax } =>
                (assignment.Left.WithoutTrivia(), statement),
            _ => null,
        };

        public override void Apply(SyntaxEditor editor)
        {
            // After the statement, the connect and the assignment, each on a line of its own laid out as the statement's
            // (inserted first: the editor finds no node to insert after once it is replaced). A top-level
            // statement's line is laid out as any other's: the global statement holds only the statement.
            var inserted = new List<StatementSyntax> { LaidOutLike(_connect, _statement) };
            if (_local is ({ }, { }, { } assign))
                inserted.Add(LaidOutLike(assign, _statement));
            if (_statement.Parent is GlobalStatementSyntax global)
                editor.InsertAfter(global, inserted.Select(statement => SyntaxFactory.GlobalStatement(statement)));
            else
                editor.InsertAfter(_statement, inserted);

            // The statement's own line makes the client without connecting it: in its local, if it is assigned.
            if (_local is not ({ } name, { } type, _))
            {
                editor.ReplaceNode(_creation, (current, _) => WithoutArguments((BaseObjectCreationExpressionSyntax)current));
                if (_movesLineComment)
                    editor.ReplaceNode(_statement, (current, _) => current.WithTrailingTrivia(FixSyntax.LineBreaks(current.GetTrailingTrivia())));
            }
            else
            {
                editor.ReplaceNode(_statement, (current, _) =>
                {
                    // The comments around the target and the '=' stay where they were: _client /* a */ = /* b */ new ...
                    var statement = (ExpressionStatementSyntax)current;
                    var assignment = (AssignmentExpressionSyntax)statement.Expression;
                    var made = WithoutArguments((BaseObjectCreationExpressionSyntax)assignment.Right);
                    return SyntaxFactory.LocalDeclarationStatement(
                            SyntaxFactory.VariableDeclaration(
                                type.WithTrailingTrivia(SyntaxFactory.Space),
                                SyntaxFactory.SingletonSeparatedList(
                                    SyntaxFactory.VariableDeclarator(FixSyntax.IdentifierName(name).Identifier.WithTrailingTrivia(assignment.Left.GetTrailingTrivia()))
                                        .WithInitializer(SyntaxFactory.EqualsValueClause(assignment.OperatorToken, made)))))
                        .WithSemicolonToken(_movesLineComment ? statement.SemicolonToken.WithTrailingTrivia(FixSyntax.LineBreaks(statement.SemicolonToken.TrailingTrivia)) : statement.SemicolonToken)
                        .WithLeadingTrivia(statement.GetLeadingTrivia());
                });
            }
        }

        private static BaseObjectCreationExpressionSyntax WithoutArguments(BaseObjectCreationExpressionSyntax creation) =>
            creation.WithArgumentList(SyntaxFactory.ArgumentList().WithTriviaFrom(creation.ArgumentList!));

        /// <summary>
        /// The whitespace that starts the statement's line, none at its first column: what its line holds before the
        /// first character that is not whitespace (a comment may stand before the statement on its line:
        /// <c>/* connect */ c = ...</c>). Null when the line starts with anything else than spaces and tabs.
        /// </summary>
        private static SyntaxTriviaList? LineIndentation(StatementSyntax statement)
        {
            var text = statement.SyntaxTree.GetText();
            var line = text.Lines.GetLineFromPosition(statement.SpanStart);
            var end = line.Start;
            while (end < statement.SpanStart && text[end] is ' ' or '\t')
                end++;
            if (end < statement.SpanStart && !char.IsWhiteSpace(text[end]) && text[end] != '/')
                return null;
            return end == line.Start
                ? SyntaxFactory.TriviaList()
                : SyntaxFactory.TriviaList(SyntaxFactory.Whitespace(text.ToString(TextSpan.FromBounds(line.Start, end))));
        }

        /// <summary>
        /// <paramref name="inserted"/> on a line of its own after <paramref name="statement"/>, indented as it is, with its
        /// line ending: the file's tabs or spaces and its line endings stay, and the formatter touches no other line. A
        /// statement that does not end its line (<c>{ var c = new TcpClient(h, p); }</c>) is left to the formatter, unless
        /// it ends the file.
        /// </summary>
        private static StatementSyntax LaidOutLike(StatementSyntax inserted, StatementSyntax statement)
        {
            var endOfLine = statement.GetTrailingTrivia().LastOrDefault();
            if (LineIndentation(statement) is not { } indentation)
                return inserted.WithAdditionalAnnotations(Formatter.Annotation);

            // The line ends after the statement; or the statement ends a file that ends with no line break, and then the
            // new line starts with the file's line break, and the file still ends with none.
            SyntaxTriviaList leading, trailing;
            if (endOfLine.IsKind(SyntaxKind.EndOfLineTrivia))
            {
                (leading, trailing) = (indentation, SyntaxFactory.TriviaList(endOfLine));
            }
            else if (statement.GetLastToken().GetNextToken(includeZeroWidth: true).IsKind(SyntaxKind.EndOfFileToken))
            {
                endOfLine = statement.SyntaxTree.GetText().ToString().Contains("\r\n") ? SyntaxFactory.CarriageReturnLineFeed : SyntaxFactory.LineFeed;
                (leading, trailing) = (indentation.Insert(0, endOfLine), SyntaxFactory.TriviaList());
            }
            else
            {
                return inserted.WithAdditionalAnnotations(Formatter.Annotation);
            }

            return inserted.WithoutAnnotations(Formatter.Annotation).NormalizeWhitespace(eol: endOfLine.ToString(), elasticTrivia: false)
                .WithLeadingTrivia(leading)
                .WithTrailingTrivia(trailing);
        }
    }

    private static bool Binds(InvocationExpressionSyntax call, string counterpart, int position, SemanticModel model, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var info = model.GetSpeculativeSymbolInfo(position, call, SpeculativeBindingOption.BindAsExpression);
        return info.Symbol is IMethodSymbol bound
            && bound.Name == counterpart
            && bound.Parameters.All(p => p.RefKind == RefKind.None)
            && IsAwaitable(bound.ReturnType);
    }

    private static bool IsAwaitable(ITypeSymbol type) =>
        type.Name is "Task" or "ValueTask"
        && type.ContainingNamespace?.ToDisplayString() == "System.Threading.Tasks";

    private static bool HasComment(SyntaxTriviaList trivia) =>
        trivia.Any(t => t.IsKind(SyntaxKind.SingleLineCommentTrivia) || t.IsKind(SyntaxKind.MultiLineCommentTrivia));

    private static IEnumerable<SyntaxTrivia> Indentation(SyntaxTriviaList trivia) =>
        trivia.Reverse().TakeWhile(t => t.IsKind(SyntaxKind.WhitespaceTrivia)).Reverse();

    private static SyntaxToken CommaSpace() => SyntaxFactory.Token(SyntaxKind.CommaToken).WithTrailingTrivia(SyntaxFactory.Space);

    private static SeparatedSyntaxList<ArgumentSyntax> Separated(IEnumerable<ArgumentSyntax> arguments)
    {
        var list = arguments.ToList();
        return SyntaxFactory.SeparatedList(list, Enumerable.Range(0, System.Math.Max(0, list.Count - 1)).Select(_ => CommaSpace()));
    }

    /// <summary>Fix All: every diagnostic of a document planned on the original tree, applied in one editor.</summary>

}
