using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Options;
using Microsoft.CodeAnalysis.Simplification;

namespace SocketLint.CodeFixes;

/// <summary>One diagnostic's change, decided on the original tree and applied to the editor's current one.</summary>
internal abstract class PlannedEdit
{
    public abstract string Title { get; }

    public abstract void Apply(SyntaxEditor editor);
}

/// <summary>What a plan reads: the document's original tree and model, and, in Fix All, the names earlier edits declare.</summary>
internal sealed class PlanContext
{
    public PlanContext(SyntaxNode root, SemanticModel model, HashSet<string>? reservedNames, CancellationToken cancellationToken)
    {
        Root = root;
        Model = model;
        ReservedNames = reservedNames;
        CancellationToken = cancellationToken;
    }

    public SyntaxNode Root { get; }
    public SemanticModel Model { get; }

    /// <summary>Names that earlier edits of the same Fix All pass declare, which the model cannot see yet; null for a single fix.</summary>
    public HashSet<string>? ReservedNames { get; }
    public CancellationToken CancellationToken { get; }
}

/// <summary>
/// The plumbing every SocketLint fix shares: for each diagnostic and equivalence key a plan (or none, where the fix
/// does not apply), offered as a code action; Fix All applies every plan of the chosen key to one editor per document.
/// </summary>
public abstract class PlannedCodeFix : CodeFixProvider
{
    /// <summary>The equivalence keys tried for each diagnostic, in the order their actions are offered.</summary>
    private protected abstract ImmutableArray<string> Keys { get; }

    private protected abstract PlannedEdit? Plan(PlanContext context, Diagnostic diagnostic, string key);

    private protected abstract string FixAllTitle(string key);

    public sealed override FixAllProvider GetFixAllProvider() => new FixAll(this);

    public sealed override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var document = context.Document;
        var root = await document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
            return;

        var plan = new PlanContext(root, model, reservedNames: null, context.CancellationToken);
        foreach (var diagnostic in context.Diagnostics)
        {
            foreach (var key in Keys)
            {
                if (Plan(plan, diagnostic, key) is not { } edit)
                    continue;
                context.RegisterCodeFix(
                    CodeAction.Create(
                        edit.Title,
                        async cancellationToken =>
                        {
                            var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
                            edit.Apply(editor);
                            return await CleanedUpAsync(document, editor.GetChangedDocument(), cancellationToken).ConfigureAwait(false);
                        },
                        key),
                    diagnostic);
            }
        }
    }

    /// <summary>
    /// The edited document simplified and formatted where the edit marked it, as the code action's own cleanup would,
    /// but breaking lines with the document's line ending: that cleanup takes the workspace's (LF on Linux, CRLF on
    /// Windows), whatever the file uses; and indenting as the file does where no .editorconfig says how
    /// (<see cref="FileIndentation"/>). Laid out here, the marked nodes give that cleanup nothing more to change. The
    /// line breaks of the fix's parsed text that the formatter kept get the document's line ending too.
    /// </summary>
    private static async Task<Document> CleanedUpAsync(Document original, Document document, CancellationToken cancellationToken)
    {
        // Read from the document before the fix: the fix's new lines are indented with four spaces until laid out.
        var text = await original.GetTextAsync(cancellationToken).ConfigureAwait(false);
        if (FixSyntax.EndOfLine(text) is not { } newLine)
            return document;

        var tree = await original.GetSyntaxTreeAsync(cancellationToken).ConfigureAwait(false);
        OptionSet options = (await document.GetOptionsAsync(cancellationToken).ConfigureAwait(false))
            .WithChangedOption(FormattingOptions.NewLine, newLine);
        if (tree is not null)
            options = FileIndentation.Apply(original, tree, text, options);
        document = await Simplifier.ReduceAsync(document, Simplifier.Annotation, options, cancellationToken).ConfigureAwait(false);
        document = await Formatter.FormatAsync(document, Formatter.Annotation, options, cancellationToken).ConfigureAwait(false);
        document = await Formatter.FormatAsync(document, SyntaxAnnotation.ElasticAnnotation, options, cancellationToken).ConfigureAwait(false);
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is null)
            return document;

        // The marks (and elastic trivia) are taken off once their work is done: the code action's own cleanup would lay
        // them out again with the workspace's options, four spaces whatever the file uses.
        root = WithoutCleanupMarks(root);
        var parsed = root.GetAnnotatedTrivia(FixSyntax.ParsedLineBreak).Where(t => t.ToString() != newLine).ToList();
        if (parsed.Count > 0)
            root = root.ReplaceTrivia(parsed, (_, _) => SyntaxFactory.EndOfLine(newLine));
        return document.WithSyntaxRoot(root);
    }

    private static readonly SyntaxAnnotation[] CleanupMarks = { Formatter.Annotation, Simplifier.Annotation };

    private static SyntaxNode WithoutCleanupMarks(SyntaxNode root)
    {
        var nodes = new HashSet<SyntaxNode>();
        var tokens = new HashSet<SyntaxToken>();
        foreach (var mark in CleanupMarks)
        {
            foreach (var marked in root.GetAnnotatedNodesAndTokens(mark))
            {
                if (marked.AsNode() is { } node)
                    nodes.Add(node);
                else
                    tokens.Add(marked.AsToken());
            }
        }

        var elastic = root.GetAnnotatedTrivia(SyntaxAnnotation.ElasticAnnotation).ToList();
        if (nodes.Count == 0 && tokens.Count == 0 && elastic.Count == 0)
            return root;
        return root.ReplaceSyntax(
            nodes, (_, node) => node.WithoutAnnotations(CleanupMarks),
            tokens, (_, token) => token.WithoutAnnotations(CleanupMarks),
            elastic, (_, trivia) => trivia.WithoutAnnotations(SyntaxAnnotation.ElasticAnnotation));
    }

    private sealed class FixAll : DocumentBasedFixAllProvider
    {
        private readonly PlannedCodeFix _fix;

        public FixAll(PlannedCodeFix fix) => _fix = fix;

        protected override string GetFixAllTitle(FixAllContext fixAllContext) =>
            _fix.FixAllTitle(fixAllContext.CodeActionEquivalenceKey ?? _fix.Keys[0]);

        protected override async Task<Document?> FixAllAsync(FixAllContext fixAllContext, Document document, ImmutableArray<Diagnostic> diagnostics)
        {
            var root = await document.GetSyntaxRootAsync(fixAllContext.CancellationToken).ConfigureAwait(false);
            var model = await document.GetSemanticModelAsync(fixAllContext.CancellationToken).ConfigureAwait(false);
            if (root is null || model is null || fixAllContext.CodeActionEquivalenceKey is not { } key)
                return document;

            var editor = await DocumentEditor.CreateAsync(document, fixAllContext.CancellationToken).ConfigureAwait(false);

            // Per document, not per method: a name declared once is enough to keep two edits in one scope apart.
            var plan = new PlanContext(root, model, new HashSet<string>(), fixAllContext.CancellationToken);
            foreach (var diagnostic in diagnostics.OrderBy(d => d.Location.SourceSpan.Start))
                _fix.Plan(plan, diagnostic, key)?.Apply(editor);
            return await CleanedUpAsync(document, editor.GetChangedDocument(), fixAllContext.CancellationToken).ConfigureAwait(false);
        }
    }
}
