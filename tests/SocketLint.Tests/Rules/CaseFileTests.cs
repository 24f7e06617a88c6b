using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using SocketLint.Benchmarks;
using SocketLint.Tests.Conventions;
using Xunit;

namespace SocketLint.Tests.Rules;

/// <summary>
/// Whole files of realistic socket code (Cases/*.cs), each line that must get a finding ending in
/// <c>// expect: SLxxxx</c>: every file gets exactly its marked findings, and no other line gets one. They were
/// written by reviews that set out to break the rules (servers, clients, loops, callbacks, top-level programs, code
/// being typed), kept here as they pass. Each file is compiled on its own against the .NET reference assemblies,
/// with the implicit usings of an SDK project.
/// </summary>
public class CaseFileTests
{
    private static readonly Regex Expect = new(@"//\s*expect:\s*(SL\d{4}(?:\s*,\s*SL\d{4})*)", RegexOptions.Compiled);

    private const string ImplicitUsings =
        "global using System; global using System.Collections.Generic; global using System.IO; global using System.Linq; global using System.Net.Http; global using System.Threading; global using System.Threading.Tasks;\n";

    public static TheoryData<string> Files
    {
        get
        {
            var files = new TheoryData<string>();
            foreach (var file in Directory.GetFiles(Repository.PathOf("tests", "SocketLint.Tests", "Cases"), "*.cs").OrderBy(f => f, StringComparer.Ordinal))
                files.Add(Path.GetFileName(file));
            return files;
        }
    }

    [Theory]
    [MemberData(nameof(Files))]
    public async Task Findings_are_exactly_the_marked_lines(string file)
    {
        var text = File.ReadAllText(Repository.PathOf("tests", "SocketLint.Tests", "Cases", file));
        var parse = new CSharpParseOptions(LanguageVersion.Latest);
        var tree = CSharpSyntaxTree.ParseText(text, parse, path: file);
        var topLevel = tree.GetRoot().ChildNodes().OfType<GlobalStatementSyntax>().Any();
        var compilation = CSharpCompilation.Create(
            Path.GetFileNameWithoutExtension(file),
            [tree, CSharpSyntaxTree.ParseText(ImplicitUsings, parse, path: "GlobalUsings.g.cs")],
            FrameworkReferences.Load(),
            new CSharpCompilationOptions(topLevel ? OutputKind.ConsoleApplication : OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, allowUnsafe: true));

        var expected = new List<string>();
        var lines = text.Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            if (Expect.Match(lines[i]) is { Success: true } match)
                expected.AddRange(match.Groups[1].Value.Split(',').Select(id => $"{i + 1}: {id.Trim()}"));
        }

        var found = (await compilation.WithAnalyzers(Repository.Analyzers).GetAnalyzerDiagnosticsAsync())
            .Select(d => $"{d.Location.GetLineSpan().StartLinePosition.Line + 1}: {d.Id}")
            .ToList();

        Assert.Equal(expected.Order(StringComparer.Ordinal), found.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_cases_mark_findings_of_every_rule()
    {
        var marked = Directory.GetFiles(Repository.PathOf("tests", "SocketLint.Tests", "Cases"), "*.cs")
            .SelectMany(File.ReadAllLines)
            .Select(line => Expect.Match(line))
            .Where(match => match.Success)
            .SelectMany(match => match.Groups[1].Value.Split(',').Select(id => id.Trim()))
            .ToHashSet();
        Assert.Equal(["SL0001", "SL0002", "SL0003", "SL0004"], marked.Order(StringComparer.Ordinal));
    }
}
