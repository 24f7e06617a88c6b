using System.Collections.Immutable;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;

namespace SocketLint.Tests.Conventions;

/// <summary>
/// The samples (the harness project: each rule's broken and fixed code, and the runner) are what SocketLint flags:
/// every line of a broken sample marked <c>// expect: SLdddd</c> gets that diagnostic, and no other line, fixed
/// samples and the harness's own socket code included, gets any.
/// </summary>
public class SampleTests
{
    private static readonly Regex Expect = new(@"//\s*expect:\s*(SL\d{4})");

    [Fact]
    public async Task Samples_get_exactly_the_marked_diagnostics()
    {
        var files = Directory.GetFiles(Repository.PathOf("samples"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}") && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}"))
            .ToList();
        Assert.NotEmpty(files);

        var parse = new CSharpParseOptions(LanguageVersion.Latest);
        var trees = files.Select(f => CSharpSyntaxTree.ParseText(File.ReadAllText(f), parse, path: f)).ToList();
        // The usings the SDK's ImplicitUsings adds to a console project, as in the samples' project.
        trees.Add(CSharpSyntaxTree.ParseText(
            "global using System; global using System.Collections.Generic; global using System.IO; global using System.Linq; global using System.Net.Http; global using System.Threading; global using System.Threading.Tasks;",
            parse,
            path: "GlobalUsings.g.cs"));
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator)
            .Select(p => MetadataReference.CreateFromFile(p));
        var compilation = CSharpCompilation.Create("samples", trees, references, new CSharpCompilationOptions(OutputKind.ConsoleApplication));
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));

        var diagnostics = await compilation.WithAnalyzers(Repository.Analyzers).GetAnalyzerDiagnosticsAsync();
        Assert.DoesNotContain(diagnostics, d => d.Id == "AD0001");

        var expected = files.SelectMany(f => File.ReadAllLines(f).Select((line, i) => (File: f, Line: i + 1, Match: Expect.Match(line))))
            .Where(x => x.Match.Success)
            .Select(x => $"{Path.GetRelativePath(Repository.Root, x.File)}:{x.Line} {x.Match.Groups[1].Value}")
            .OrderBy(x => x)
            .ToList();
        var actual = diagnostics.Where(d => d.Id.StartsWith("SL", StringComparison.Ordinal))
            .Select(d => $"{Path.GetRelativePath(Repository.Root, d.Location.SourceTree!.FilePath)}:{d.Location.GetLineSpan().StartLinePosition.Line + 1} {d.Id}")
            .Distinct()
            .OrderBy(x => x)
            .ToList();
        Assert.NotEmpty(expected);
        Assert.Equal(expected, actual);
    }
}
