using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Formatting;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Options;
using Microsoft.CodeAnalysis.Text;

namespace SocketLint.CodeFixes;

/// <summary>
/// How a file is indented, read from its lines, for the formatter to lay a fix's new code out as the file's own when no
/// .editorconfig says how: the workspace's default is four spaces, which put four-space lines into a file indented with
/// tabs or two spaces and moved the lines around them that the formatter was asked to lay out.
/// </summary>
/// <remarks>
/// As editors that detect a file's indentation do: tabs when more lines start with a tab than with a space; otherwise
/// the step by which a line is most often indented deeper than the line before it. Where a case section's block is
/// mostly written at its label's level, the formatter is told so too.
/// </remarks>
internal readonly struct FileIndentation
{
    private FileIndentation(bool useTabs, int size)
    {
        UseTabs = useTabs;
        Size = size;
    }

    /// <summary>Whether the file indents with tabs.</summary>
    public bool UseTabs { get; }

    /// <summary>The columns of one level when the file indents with spaces; 0 when its lines do not say.</summary>
    public int Size { get; }

    /// <summary>The largest step counted: a deeper one is an aligned continuation, not a level.</summary>
    private const int LargestStep = 8;

    public static FileIndentation Of(SourceText text)
    {
        int tabs = 0, spaces = 0, previous = 0;
        var steps = new int[LargestStep + 1];
        foreach (var line in text.Lines)
        {
            var start = line.Start;
            var end = line.End;
            var column = start;
            while (column < end && text[column] is ' ' or '\t')
                column++;

            // Blank lines, and a line that goes on a comment (a doc comment's "* ", a region's text), say nothing.
            if (column == end || text[column] == '*')
                continue;
            if (column > start && text[start] == '\t')
            {
                tabs++;
                continue;
            }

            var width = column - start;
            if (width > 0)
                spaces++;
            var step = width - previous;
            if (step is > 0 and <= LargestStep)
                steps[step]++;
            previous = width;
        }

        var size = 0;
        for (var step = 1; step <= LargestStep; step++)
        {
            if (steps[step] > 0 && (size == 0 || steps[step] > steps[size]))
                size = step;
        }

        return new FileIndentation(tabs > spaces, size);
    }

    /// <summary>
    /// <paramref name="options"/> with the file's indentation where the document's .editorconfig sets none
    /// (<c>indent_style</c>, <c>indent_size</c>), and its case blocks' where it does not set
    /// <c>csharp_indent_case_contents_when_block</c>.
    /// </summary>
    public static OptionSet Apply(Document document, SyntaxTree tree, SourceText text, OptionSet options)
    {
        var config = document.Project.AnalyzerOptions.AnalyzerConfigOptionsProvider.GetOptions(tree);
        var styleSet = config.TryGetValue("indent_style", out _);
        var sizeSet = config.TryGetValue("indent_size", out _) || config.TryGetValue("tab_width", out _);

        // A block that is a case section's one statement, written at its label's level (case 2: then { below it): the
        // formatter indents it one level deeper by default, and took the block's lines there with the fix's.
        if (!config.TryGetValue("csharp_indent_case_contents_when_block", out _) && CaseBlocksAtLabelLevel(tree, text))
            options = options.WithChangedOption(CSharpFormattingOptions.IndentSwitchCaseSectionWhenBlock, false);

        if (styleSet && sizeSet)
            return options;
        var file = Of(text);
        var language = document.Project.Language;
        if (!styleSet && file.UseTabs)
        {
            // A level is one tab: the formatter counts the indentation in columns, and a tab as TabSize of them.
            var tabSize = options.GetOption(FormattingOptions.TabSize, language);
            options = options.WithChangedOption(FormattingOptions.UseTabs, language, true);
            if (!sizeSet)
                options = options.WithChangedOption(FormattingOptions.IndentationSize, language, tabSize);
        }
        else if (!sizeSet && !file.UseTabs && file.Size > 0)
        {
            options = options.WithChangedOption(FormattingOptions.IndentationSize, language, file.Size);
        }

        return options;
    }

    /// <summary>Whether more case sections whose one statement is a block have its brace on their label's column than deeper.</summary>
    private static bool CaseBlocksAtLabelLevel(SyntaxTree tree, SourceText text)
    {
        int atLabel = 0, deeper = 0;
        foreach (var section in tree.GetRoot().DescendantNodes(node => node is not ExpressionSyntax).OfType<SwitchSectionSyntax>())
        {
            if (section.Statements.Count != 1 || section.Statements[0] is not BlockSyntax block || section.Labels.Count == 0)
                continue;
            var label = text.Lines.GetLinePosition(section.Labels[0].SpanStart);
            var brace = text.Lines.GetLinePosition(block.OpenBraceToken.SpanStart);
            if (brace.Line == label.Line)
                continue;
            if (brace.Character == label.Character)
                atLabel++;
            else
                deeper++;
        }

        return atLabel > deeper;
    }
}
