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
        var compilation = Compile(file, text);

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

    /// <summary>
    /// The rules share what they learn of a body (its connection aliases, built once on a thread and reused by the next
    /// rule that asks for the same body): that must never change what any rule finds. Each rule alone finds what it
    /// finds beside the others, on every case file and on a body where one rule learns more than the others may use.
    /// </summary>
    [Theory]
    [MemberData(nameof(Files))]
    public async Task Each_rule_finds_the_same_alone_as_beside_the_others(string file)
    {
        var compilation = Compile(file, File.ReadAllText(Repository.PathOf("tests", "SocketLint.Tests", "Cases", file)));
        await AssertRulesAreIndependent(compilation);
    }

    [Fact]
    public async Task A_stream_field_learned_by_each_rule_on_its_own()
    {
        // SL0001 and SL0004 each learn that _stream is a connection's (every constructor sets it from one): SL0001
        // reports the read whose count is thrown away, SL0004 the same read blocking in async code. What one rule learned
        // is its own: each alone finds what both find together (SL0004 learned nothing from constructors before session 26,
        // and this test made sure it did not report the read because SL0001 had run first).
        const string source = """
            using System.IO;
            using System.Net.Sockets;
            using System.Threading.Tasks;

            class Connection
            {
                private readonly Stream _stream;

                public Connection(TcpClient client) { _stream = client.GetStream(); }

                public async Task PumpAsync(byte[] buffer)
                {
                    await Task.Yield();
                    _stream.Read(buffer, 0, buffer.Length);
                }
            }
            """;
        var found = await AssertRulesAreIndependent(Compile("Learned.cs", source));
        Assert.Equal(["SL0001", "SL0004"], found);
    }

    /// <summary>Asserts that each rule alone (the others switched off) finds what all of them find together; returns the rule ids found.</summary>
    internal static async Task<List<string>> AssertRulesAreIndependent(Compilation compilation)
    {
        static string Describe(Diagnostic d) => $"{d.Location.SourceTree?.FilePath}{d.Location.GetLineSpan().StartLinePosition} {d.Id}";
        var together = (await compilation.WithAnalyzers(Repository.Analyzers).GetAnalyzerDiagnosticsAsync()).Select(Describe).Order(StringComparer.Ordinal).ToList();
        var alone = new List<string>();
        foreach (var descriptor in Repository.Descriptors)
            alone.AddRange((await Repository.WithOnlyRule(compilation, descriptor.Id).WithAnalyzers(Repository.Analyzers).GetAnalyzerDiagnosticsAsync()).Select(Describe));
        Assert.Equal(alone.Order(StringComparer.Ordinal), together);
        return together.Select(d => d.Split(' ')[^1]).ToList();
    }

    private static Compilation Compile(string file, string text)
    {
        var parse = new CSharpParseOptions(LanguageVersion.Latest);
        var tree = CSharpSyntaxTree.ParseText(text, parse, path: file);
        var topLevel = tree.GetRoot().ChildNodes().OfType<GlobalStatementSyntax>().Any();
        return CSharpCompilation.Create(
            Path.GetFileNameWithoutExtension(file),
            [tree, CSharpSyntaxTree.ParseText(ImplicitUsings, parse, path: "GlobalUsings.g.cs")],
            FrameworkReferences.Load(),
            new CSharpCompilationOptions(topLevel ? OutputKind.ConsoleApplication : OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, allowUnsafe: true));
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
