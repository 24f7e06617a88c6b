using System.Collections.Immutable;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SocketLint.Tests.Conventions;

namespace SocketLint.Tests.Robustness;

/// <summary>One C# source the suite starts from: a file of the repository, or generated.</summary>
/// <param name="Label">Where it came from, stable across runs: the seed's second half, and what a failure names.</param>
/// <param name="TopLevel">Top-level statements: compiled as a console program.</param>
internal sealed record RobustnessInput(string Label, string Text, bool TopLevel)
{
    public override string ToString() => Label;
}

/// <summary>
/// The inputs: the samples and the consumer check's program (eng/), and the C# test cases embedded in the rule tests (every raw string literal of
/// tests/SocketLint.Tests/Rules/*.cs, its markup removed, its holes filled from the test's InlineData rows),
/// wrapped in a class the way the tests' helpers do. New rules' tests and samples are picked up as they land.
/// </summary>
internal static class Corpus
{
    private const string HandleHelper = "\n    static void Handle(byte[] b, int n) { }\n";

    private static readonly Regex Markup = new(@"\{\|[^:|{}]*:|\|\}|\[\||\|\]", RegexOptions.Compiled);

    public static ImmutableArray<RobustnessInput> RepositoryFiles { get; } = Load();

    private static ImmutableArray<RobustnessInput> Load()
    {
        var inputs = new List<RobustnessInput>();
        foreach (var file in SourceFiles("samples").Concat(SourceFiles("eng")))
        {
            var text = File.ReadAllText(file);
            inputs.Add(new RobustnessInput(Relative(file), text, HasTopLevelStatements(text)));
        }

        foreach (var file in SourceFiles(Path.Combine("tests", "SocketLint.Tests", "Rules")))
        {
            var seen = new HashSet<string>();
            foreach (var (where, fragment) in EmbeddedCases(File.ReadAllText(file)))
            {
                if (seen.Add(fragment) && AsCompilationUnit(fragment) is { } input)
                    inputs.Add(new RobustnessInput($"{Relative(file)}:{where}", input.Text, input.TopLevel));
            }
        }

        return inputs.ToImmutableArray();
    }

    private static IEnumerable<string> SourceFiles(string directory) =>
        Directory.GetFiles(Repository.PathOf(directory), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj"))
            .OrderBy(f => f, StringComparer.Ordinal);

    private static string Relative(string file) => Path.GetRelativePath(Repository.Root, file).Replace('\\', '/');

    /// <summary>Each raw string literal (line:column where it starts), holes filled once per InlineData row.</summary>
    private static IEnumerable<(string Where, string Text)> EmbeddedCases(string testSource)
    {
        var root = CSharpSyntaxTree.ParseText(testSource, RobustnessHarness.ParseOptions).GetRoot();
        foreach (var node in root.DescendantNodes())
        {
            var where = node.GetLocation().GetLineSpan().StartLinePosition;
            var label = $"{where.Line + 1}:{where.Character + 1}";
            switch (node)
            {
                case LiteralExpressionSyntax literal when literal.Token.IsKind(SyntaxKind.MultiLineRawStringLiteralToken) || literal.Token.IsKind(SyntaxKind.SingleLineRawStringLiteralToken):
                    yield return (label, Markup.Replace(literal.Token.ValueText, ""));
                    break;
                case InterpolatedStringExpressionSyntax interpolated
                    when interpolated.StringStartToken.IsKind(SyntaxKind.InterpolatedMultiLineRawStringStartToken) || interpolated.StringStartToken.IsKind(SyntaxKind.InterpolatedSingleLineRawStringStartToken):
                    var rows = InlineDataRows(interpolated);
                    for (int row = 0; row < Math.Max(1, rows.Count); row++)
                    {
                        var values = rows.Count == 0 ? ImmutableDictionary<string, string>.Empty : rows[row];
                        var text = new StringBuilder();
                        foreach (var content in interpolated.Contents)
                        {
                            if (content is InterpolatedStringTextSyntax part)
                                text.Append(part.TextToken.ValueText);
                            else if (content is InterpolationSyntax { Expression: IdentifierNameSyntax hole } && values.TryGetValue(hole.Identifier.ValueText, out var value))
                                text.Append(value);
                        }

                        yield return (rows.Count == 0 ? label : $"{label}#{row}", Markup.Replace(text.ToString(), ""));
                    }

                    break;
            }
        }
    }

    /// <summary>The string arguments of each [InlineData] of the method around <paramref name="node"/>, by parameter name.</summary>
    private static List<ImmutableDictionary<string, string>> InlineDataRows(SyntaxNode node)
    {
        var rows = new List<ImmutableDictionary<string, string>>();
        if (node.FirstAncestorOrSelf<MethodDeclarationSyntax>() is not { } method)
            return rows;
        var parameters = method.ParameterList.Parameters.Select(p => p.Identifier.ValueText).ToList();
        foreach (var attribute in method.AttributeLists.SelectMany(l => l.Attributes).Where(a => a.Name.ToString() == "InlineData"))
        {
            var row = ImmutableDictionary<string, string>.Empty;
            var arguments = attribute.ArgumentList?.Arguments ?? default;
            for (int i = 0; i < arguments.Count && i < parameters.Count; i++)
            {
                if (arguments[i].Expression is LiteralExpressionSyntax { Token.Value: string value })
                    row = row.SetItem(parameters[i], value);
            }

            rows.Add(row);
        }

        return rows;
    }

    /// <summary>
    /// A test case as a whole file: members go into <c>class C</c> as the tests' Class helper does; statements stay
    /// top-level; files (usings, types) stay as they are. Null for strings that are not C# (expected messages, .editorconfig).
    /// </summary>
    private static (string Text, bool TopLevel)? AsCompilationUnit(string fragment)
    {
        if (string.IsNullOrWhiteSpace(fragment) || fragment.TrimStart().StartsWith("root =", StringComparison.Ordinal) || !fragment.Contains(';'))
            return null;
        if (Regex.IsMatch(fragment, @"^\s*(using |namespace |(public |internal |static |sealed )*(class|struct|record|interface) )", RegexOptions.Multiline)
            && !ParsesAsMembers(fragment))
        {
            return (fragment, HasTopLevelStatements(fragment));
        }

        var asClass = "class C\n{\n" + fragment + HandleHelper + "}\n";
        if (!HasSyntaxErrors(asClass) || HasSyntaxErrors(fragment))
            return (asClass, false);
        return (fragment, HasTopLevelStatements(fragment));
    }

    private static bool ParsesAsMembers(string fragment) => !HasSyntaxErrors("class C\n{\n" + fragment + "\n}\n") && !fragment.Contains("namespace ", StringComparison.Ordinal);

    private static bool HasSyntaxErrors(string text) =>
        CSharpSyntaxTree.ParseText(text, RobustnessHarness.ParseOptions).GetDiagnostics().Any(d => d.Severity == DiagnosticSeverity.Error);

    public static bool HasTopLevelStatements(string text) =>
        CSharpSyntaxTree.ParseText(text, RobustnessHarness.ParseOptions).GetCompilationUnitRoot().Members.OfType<GlobalStatementSyntax>().Any();
}
