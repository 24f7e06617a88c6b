using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using Xunit;

namespace SocketLint.Tests.Rules;

/// <summary>
/// The four rules are one analyzer, which decides for itself which rules to run, file by file, as the compiler decides
/// which of their diagnostics to keep: the command line (and rule sets) first, then the file's .editorconfig, then the
/// global config, then the default. Running a rule that is off only wastes time; not running one that is on loses its
/// findings, so each case checks both sides.
/// </summary>
public class RuleSwitchesTests
{
    private const string PeerCloseBug = """
        using System.Net.Sockets;

        class C_NAME
        {
            void M(Socket s, byte[] buffer)
            {
                while (true) { s.Receive(buffer); }
            }
        }
        """;

    private const string All = "SL0001 SL0002 SL0003 SL0004";

    [Fact]
    public async Task Every_rule_is_on_everywhere_by_default()
    {
        var (compilation, a, b) = await CompileAsync();
        var switches = RuleSwitches.For(compilation, CancellationToken.None);
        Assert.Equal(All, Names(switches.Anywhere));
        Assert.Equal(All, Names(switches.In(a)));
        Assert.Equal(All, Names(switches.In(b)));
    }

    [Fact]
    public async Task A_folder_editorconfig_switches_a_rule_off_in_its_files_only()
    {
        var (compilation, a, b) = await CompileAsync(("/src/a/.editorconfig", "root = false\n[*.cs]\ndotnet_diagnostic.SL0001.severity = none\n"));
        var switches = RuleSwitches.For(compilation, CancellationToken.None);
        Assert.Equal("SL0002 SL0003 SL0004", Names(switches.In(a)));
        Assert.Equal(All, Names(switches.In(b)));
        Assert.Equal(All, Names(switches.Anywhere));
        Assert.Equal(["/src/b/B.cs"], await FindingsAsync(compilation));
    }

    [Fact]
    public async Task A_rule_off_in_every_file_is_off()
    {
        var (compilation, _, _) = await CompileAsync(("/src/.editorconfig", "root = true\n[*.cs]\ndotnet_diagnostic.SL0001.severity = none\ndotnet_diagnostic.SL0003.severity = none\n"));
        var switches = RuleSwitches.For(compilation, CancellationToken.None);
        Assert.Equal("SL0002 SL0004", Names(switches.Anywhere));
        Assert.Empty(await FindingsAsync(compilation));
    }

    [Fact]
    public async Task A_file_setting_wins_over_the_global_config()
    {
        var (compilation, a, b) = await CompileAsync(
            ("/.globalconfig", "is_global = true\ndotnet_diagnostic.SL0001.severity = none\n"),
            ("/src/b/.editorconfig", "[*.cs]\ndotnet_diagnostic.SL0001.severity = warning\n"));
        var switches = RuleSwitches.For(compilation, CancellationToken.None);
        Assert.Equal("SL0002 SL0003 SL0004", Names(switches.In(a)));
        Assert.Equal(All, Names(switches.In(b)));
        Assert.Equal(["/src/b/B.cs"], await FindingsAsync(compilation));
    }

    [Fact]
    public async Task The_command_line_wins_over_editorconfig()
    {
        // /nowarn:SL0001 against an .editorconfig that asks for an error: off. /warnaserror-:SL0004 leaves the file's none in force.
        var (compilation, a, b) = await CompileAsync(("/src/.editorconfig", "root = true\n[*.cs]\ndotnet_diagnostic.SL0001.severity = error\ndotnet_diagnostic.SL0004.severity = none\n"));
        compilation = compilation.WithOptions(compilation.Options.WithSpecificDiagnosticOptions([
            KeyValuePair.Create("SL0001", ReportDiagnostic.Suppress),
            KeyValuePair.Create("SL0004", ReportDiagnostic.Default)]));
        var switches = RuleSwitches.For(compilation, CancellationToken.None);
        Assert.Equal("SL0002 SL0003", Names(switches.Anywhere));
        Assert.Equal("SL0002 SL0003", Names(switches.In(a)));
        Assert.Empty(await FindingsAsync(compilation));
    }

    [Fact]
    public async Task A_rule_on_from_the_command_line_stays_on_whatever_the_files_say()
    {
        var (compilation, a, _) = await CompileAsync(("/src/.editorconfig", "root = true\n[*.cs]\ndotnet_diagnostic.SL0001.severity = none\n"));
        compilation = compilation.WithOptions(compilation.Options.WithSpecificDiagnosticOptions([KeyValuePair.Create("SL0001", ReportDiagnostic.Error)]));
        var switches = RuleSwitches.For(compilation, CancellationToken.None);
        Assert.Equal(All, Names(switches.In(a)));
        Assert.Equal(["/src/a/A.cs", "/src/b/B.cs"], await FindingsAsync(compilation));
    }

    [Fact]
    public void A_compilation_without_files_asks_the_options_alone()
    {
        var compilation = CSharpCompilation.Create("empty", [], SocketLint.Benchmarks.FrameworkReferences.Load(), new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary)
            .WithSpecificDiagnosticOptions([KeyValuePair.Create("SL0002", ReportDiagnostic.Suppress)]));
        Assert.Equal("SL0001 SL0003 SL0004", Names(RuleSwitches.For(compilation, CancellationToken.None).Anywhere));
    }

    private static string Names(SocketRules rules) =>
        string.Join(" ", Enum.GetValues<SocketRules>().Where(r => r != SocketRules.None && (rules & r) != 0).Select(r => r.ToString()));

    /// <summary>The same code at /src/a/A.cs and /src/b/B.cs, with the given analyzer config files.</summary>
    private static async Task<(Compilation Compilation, SyntaxTree A, SyntaxTree B)> CompileAsync(params (string Path, string Text)[] configs)
    {
        var workspace = new AdhocWorkspace();
        var project = workspace.AddProject(ProjectInfo.Create(
            ProjectId.CreateNewId(), VersionStamp.Default, "P", "P", LanguageNames.CSharp,
            compilationOptions: new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary),
            metadataReferences: SocketLint.Benchmarks.FrameworkReferences.Load()));
        var solution = project.Solution;
        foreach (var path in new[] { "/src/a/A.cs", "/src/b/B.cs" })
            solution = solution.AddDocument(DocumentId.CreateNewId(project.Id), Path.GetFileName(path), SourceText.From(PeerCloseBug.Replace("C_NAME", Path.GetFileNameWithoutExtension(path))), filePath: path);
        foreach (var (path, text) in configs)
            solution = solution.AddAnalyzerConfigDocument(DocumentId.CreateNewId(project.Id), Path.GetFileName(path), SourceText.From(text), filePath: path);

        var compilation = (await solution.GetProject(project.Id)!.GetCompilationAsync())!;
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        var trees = compilation.SyntaxTrees.OrderBy(t => t.FilePath, StringComparer.Ordinal).ToList();
        return (compilation, trees[0], trees[1]);
    }

    /// <summary>The files that get an SL0001 (the code's one finding) through the compiler's driver.</summary>
    private static async Task<List<string>> FindingsAsync(Compilation compilation)
    {
        var diagnostics = await compilation.WithAnalyzers(Conventions.Repository.Analyzers).GetAnalyzerDiagnosticsAsync();
        return diagnostics.Where(d => d.Id == "SL0001").Select(d => d.Location.SourceTree!.FilePath).Order(StringComparer.Ordinal).ToList();
    }
}
