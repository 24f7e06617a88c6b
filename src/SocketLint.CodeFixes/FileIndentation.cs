using Microsoft.CodeAnalysis;
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
/// the step by which a line is most often indented deeper than the line before it.
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
    /// (<c>indent_style</c>, <c>indent_size</c>).
    /// </summary>
    public static OptionSet Apply(Document document, SyntaxTree tree, SourceText text, OptionSet options)
    {
        var config = document.Project.AnalyzerOptions.AnalyzerConfigOptionsProvider.GetOptions(tree);
        var styleSet = config.TryGetValue("indent_style", out _);
        var sizeSet = config.TryGetValue("indent_size", out _) || config.TryGetValue("tab_width", out _);
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
}
