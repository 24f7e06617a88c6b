using System.Collections.Immutable;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using SocketLint.Benchmarks;
using Xunit;

namespace SocketLint.Tests.Benchmarks;

/// <summary>
/// The benchmark keeps working: its generator writes code that compiles and holds socket calls, and its runner
/// gives a result for every analyzer that loaded. Times are never asserted here; the benchmark itself checks them.
/// </summary>
public class BenchmarkTests
{
    [Fact]
    public void Generator_is_deterministic_and_writes_every_socket_shape()
    {
        var first = CodeGenerator.Generate(fileCount: 6, seed: 11);
        var second = CodeGenerator.Generate(fileCount: 6, seed: 11);
        Assert.Equal(first.Files.Select(f => f.Text), second.Files.Select(f => f.Text));
        Assert.True(first.Lines > 300);

        var text = string.Concat(first.Files.Select(f => f.Text));
        foreach (var shape in new[] { "AcceptSocket()", ".Receive(buffer)", "ReceiveAsync(", "ReadAsync(", "catch (SocketException", "AcceptTcpClientAsync(", ".Result", "async Task<int> ReadChunkAsync()", "using (var client", "async () =>" })
            Assert.Contains(shape, text);

        var plain = CodeGenerator.Generate(fileCount: 3, seed: 11, withSockets: false);
        Assert.DoesNotContain(plain.Files, f => f.Text.Contains("System.Net", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_build_compared_with_itself_gives_the_same_findings_and_a_row_per_analyzer()
    {
        var build = Path.GetDirectoryName(typeof(SocketLintAnalyzer).Assembly.Location)!;
        var output = new StringWriter();

        var exit = await BuildComparison.RunAsync(build, build, new BenchSettings { Scales = [1], FilesPerUnit = 2, Warmup = 0, Iterations = 1 }, output);

        Assert.Equal(0, exit);
        var text = output.ToString();
        var findings = Regex.Match(text, @"findings: before (\d+), after (\d+)");
        Assert.True(findings.Success, text);
        Assert.Equal(findings.Groups[1].Value, findings.Groups[2].Value);
        Assert.NotEqual("0", findings.Groups[1].Value);
        foreach (var analyzer in new[] { nameof(SocketLintAnalyzer), "all" })
            Assert.Contains($"| {analyzer} |", text);
    }

    [Fact]
    public void A_build_compared_with_itself_in_steady_state_gives_the_same_findings_and_a_row_per_analyzer()
    {
        var build = Path.GetDirectoryName(typeof(SocketLintAnalyzer).Assembly.Location)!;
        var output = new StringWriter();

        var exit = SteadyComparison.Run(build, build, new BenchSettings { Scales = [1], FilesPerUnit = 2 }, runs: 3, output);

        Assert.Equal(0, exit);
        var text = output.ToString();
        foreach (var analyzer in new[] { nameof(SocketLintAnalyzer) })
        {
            var row = Regex.Match(text, $@"\| {analyzer} \|[^\n]*\| (\d+), (\d+) \|");
            Assert.True(row.Success, text);
            Assert.Equal(row.Groups[1].Value, row.Groups[2].Value);
            Assert.NotEqual("0", row.Groups[1].Value);
        }

        Assert.Contains("| all |", text);
        Assert.Matches(@"warm-up, runs of each build until the JIT had compiled nothing new for \d+ runs: SocketLintAnalyzer \d+", text);
        Assert.DoesNotContain("control flow graph", text);
    }

    [Theory]
    [InlineData("/no/such/folder")]
    [InlineData("/etc/hostname")]
    public void A_comparison_with_no_build_there_is_a_clear_error(string path)
    {
        var error = Assert.Throws<ArgumentException>(() => BuildComparison.Load(path, "probe"));
        Assert.Contains(path, error.Message);
    }

    [Fact]
    public async Task Quick_run_on_a_tiny_code_base_measures_every_loaded_analyzer()
    {
        var subjects = AnalyzerCatalog.Load();
        Assert.Contains(subjects, s => s.Name == "SL0001" && s.Loaded);
        Assert.Contains(subjects, s => s.Name == "SL0003" && s.Loaded);
        Assert.Contains(subjects, s => s.Name == "SL0004" && s.Loaded);
        Assert.Contains(subjects, s => s.Name == AnalyzerCatalog.Empty && s.Loaded);
        Assert.All(subjects.Where(s => !s.Loaded), s => Assert.False(string.IsNullOrWhiteSpace(s.Error)));

        var settings = BenchSettings.Quick with { FilesPerUnit = 2, SocketMethodsPerFile = CodeGenerator.DenseSocketMethodsPerFile };
        var results = await BenchRunner.RunAsync(settings, subjects, TextWriter.Null);

        var sockets = results[0];
        Assert.Equal(0, sockets.CompileErrors);
        Assert.True(sockets.Invocations > 0);
        Assert.True(sockets.SocketInvocations > 0);
        Assert.Single(sockets.BindTimes);
        foreach (var subject in subjects.Where(s => s.Loaded))
        {
            var result = sockets[subject.Name];
            Assert.NotNull(result);
            Assert.Single(result.Samples);
            Assert.Empty(result.Exceptions);
        }

        // The generated code holds each rule's broken shape: every SocketLint rule reports on it.
        foreach (var rule in new[] { "SL0001", "SL0003", "SL0004" })
            Assert.True(sockets[rule]!.Diagnostics > 0, rule + " found nothing in the generated code");

        // Without the sockets reference SocketLint registers nothing, so it finds nothing.
        var bare = Assert.Single(results, r => !r.SocketsReferenced);
        Assert.Equal(0, bare[AnalyzerCatalog.SocketLintAll]!.Diagnostics);

        var report = new StringWriter();
        BenchReport.WriteTables(results, report);
        BenchReport.WriteTargets(BenchReport.CheckTargets(results), assert: false, report);
        Assert.Contains("SocketLint (all)", report.ToString());
    }

    [Fact]
    public async Task The_dense_code_base_is_measured_beside_the_targets_and_not_checked_against_them()
    {
        var subjects = AnalyzerCatalog.Load().Where(s => s.Name is AnalyzerCatalog.SocketLintAll or AnalyzerCatalog.Empty).ToList();
        var settings = BenchSettings.Quick with { FilesPerUnit = 2, IncludeNoSocketRuns = false, IncludeDenseRun = true };

        var results = await BenchRunner.RunAsync(settings, subjects, TextWriter.Null);

        Assert.Equal(2, results.Count);
        var usual = Assert.Single(results, r => !r.Dense);
        var dense = Assert.Single(results, r => r.Dense);
        Assert.Equal(usual.Scale, dense.Scale);
        Assert.True((double)dense.SocketInvocations / dense.Lines > 1.3 * usual.SocketInvocations / usual.Lines);
        Assert.True(dense[AnalyzerCatalog.SocketLintAll]!.Diagnostics > usual[AnalyzerCatalog.SocketLintAll]!.Diagnostics);

        var checks = BenchReport.CheckTargets(results);
        var share = Assert.Single(checks, c => c.Target.StartsWith("SocketLint rules together ≤ 2%", StringComparison.Ordinal));
        Assert.Contains(usual.Name, share.Target);
        var shown = Assert.Single(checks, c => c.Target.Contains(dense.Name, StringComparison.Ordinal));
        Assert.Null(shown.Pass);
        Assert.Contains("findings", shown.Measured);

        // Both code bases also time the compiler with collections allowed, and the share against it is shown.
        Assert.Single(usual.BindTimesWithCollections);
        Assert.Single(dense.BindTimesWithCollections);
        Assert.Contains("with collections allowed", shown.Measured);
        var withCollections = Assert.Single(checks, c => c.Target.Contains("collections allowed", StringComparison.Ordinal));
        Assert.Null(withCollections.Pass);
        Assert.Contains(usual.Name, withCollections.Target);
    }

    [Fact]
    public async Task Density_counts_members_socket_calls_and_findings()
    {
        const string code = """
            using System.Net.Sockets;
            using System.Threading.Tasks;

            var top = new TcpListener(System.Net.IPAddress.Loopback, 0);
            top.Start();

            public class Peer
            {
                private readonly Socket _socket;
                public Peer(Socket socket) { _socket = socket; }
                public int Available => _socket.Available;
                public string Name { get { return _socket.ToString(); } }
                public void Pump(byte[] buffer)
                {
                    while (true)
                        _socket.Receive(buffer);
                }
                public async Task SendAsync(byte[] buffer)
                {
                    await Task.Yield();
                    int Length() => buffer.Length;
                    _socket.Send(buffer, Length(), SocketFlags.None);
                }
                public int Add(int a, int b) => System.Math.Max(a, b);
            }
            """;
        var compilation = CSharpCompilation.Create("Density", [CSharpSyntaxTree.ParseText(code, new CSharpParseOptions(LanguageVersion.Latest))],
            FrameworkReferences.Load(), new CSharpCompilationOptions(OutputKind.ConsoleApplication));

        var density = await SocketDensity.MeasureAsync(compilation, lines: 1000);

        // Top-level statements, the constructor, two property bodies, three methods; the local function is SendAsync's.
        Assert.Equal(7, density.Members);
        // top.Start(), _socket.ToString() (on a Socket), Receive, Send; not Yield, Length or Max.
        Assert.Equal(4, density.SocketInvocations);
        Assert.Equal(4, density.SocketMembers);
        Assert.Equal(7, density.Invocations);
        // The receive loop that ignores 0 (SL0001) and the blocking send in async code (SL0004).
        Assert.Equal(2, density.Findings);
        Assert.Equal(4.0, density.SocketCallsPerKLines);
        Assert.Equal(2.0, density.FindingsPerKLines);
    }

    [Fact]
    public void Density_of_a_folder_that_is_not_there_or_holds_no_code_is_a_clear_error()
    {
        var missing = Path.Combine(Path.GetTempPath(), "socketlint-no-such-folder-" + Guid.NewGuid().ToString("N"));
        Assert.Contains(missing, Assert.Throws<ArgumentException>(() => SocketDensity.SourceFiles(missing)).Message);

        var empty = Directory.CreateTempSubdirectory("socketlint-density-");
        try
        {
            Directory.CreateDirectory(Path.Combine(empty.FullName, "obj"));
            File.WriteAllText(Path.Combine(empty.FullName, "obj", "Generated.cs"), "class Generated { }");
            var error = Assert.Throws<ArgumentException>(() => SocketDensity.SourceFiles(empty.FullName));
            Assert.Contains("no .cs file", error.Message);
        }
        finally
        {
            empty.Delete(recursive: true);
        }
    }

    [Fact]
    public void The_code_base_is_written_with_a_project_that_runs_SocketLint_and_CA1849()
    {
        var folder = Path.Combine(Path.GetTempPath(), "socketlint-write-" + Guid.NewGuid().ToString("N"));
        try
        {
            var settings = new BenchSettings { Scales = [1], Seed = 3 };
            var output = new StringWriter();
            var error = new StringWriter();
            Assert.Equal(0, CodeBaseWriter.Write(folder, settings, "/analyzers/SocketLint.dll", output, error));
            Assert.Equal("", error.ToString());

            // The same files as the benchmark measures at that size and seed, and nothing else of C#.
            var expected = CodeGenerator.Generate(settings.FilesPerUnit, settings.Seed);
            var written = Directory.GetFiles(folder, "*.cs").Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray();
            Assert.Equal(expected.Files.Select(f => Path.GetFileName(f.Path)).Order(StringComparer.Ordinal).ToArray(), written);
            foreach (var file in expected.Files)
                Assert.Equal(file.Text, File.ReadAllText(Path.Combine(folder, Path.GetFileName(file.Path))));

            var project = System.Xml.Linq.XDocument.Load(Path.Combine(folder, CodeBaseWriter.ProjectFileName));
            Assert.Equal("/analyzers/SocketLint.dll", project.Descendants("SocketLintAnalyzer").Single().Value);
            Assert.Equal("$(SocketLintAnalyzer)", project.Descendants("Analyzer").Single().Attribute("Include")!.Value);
            Assert.Equal("disable", project.Descendants("Nullable").Single().Value);
            Assert.Contains("dotnet_diagnostic.CA1849.severity = warning", File.ReadAllText(Path.Combine(folder, ".editorconfig")));
            Assert.Contains($"dotnet build \"{Path.GetFullPath(folder)}\" -p:ReportAnalyzer=true", output.ToString());

            // A folder that holds files is left alone, with a clear error.
            var again = new StringWriter();
            Assert.Equal(2, CodeBaseWriter.Write(folder, settings, "/analyzers/SocketLint.dll", new StringWriter(), again));
            Assert.Contains("new or empty folder", again.ToString());
            var onFile = new StringWriter();
            Assert.Equal(2, CodeBaseWriter.Write(Path.Combine(folder, written[0]!), settings, "/analyzers/SocketLint.dll", new StringWriter(), onFile));
            Assert.Contains("is a file", onFile.ToString());
        }
        finally
        {
            if (Directory.Exists(folder))
                Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task A_second_pass_measures_the_second_instance_of_a_rule_alone()
    {
        Assert.DoesNotContain(AnalyzerCatalog.Load(), s => s.Name.EndsWith(AnalyzerCatalog.SecondPass, StringComparison.Ordinal));
        var subjects = AnalyzerCatalog.Load(secondPass: true).Where(s => s.Name is "SL0004" or "SL0004 second pass").ToList();
        Assert.Equal(2, subjects.Count);
        var again = subjects[1];
        Assert.Equal(2, again.Analyzers.Length);
        Assert.Same(again.Analyzers[1], Assert.Single(again.MeasuredAnalyzers));
        Assert.NotSame(again.Analyzers[0], again.Analyzers[1]);

        var settings = BenchSettings.Quick with { FilesPerUnit = 2, IncludeNoSocketRuns = false };
        var result = Assert.Single(await BenchRunner.RunAsync(settings, subjects, TextWriter.Null));

        // Both instances report every finding; the time is the second's alone.
        var alone = result["SL0004"]!;
        var twice = result["SL0004 second pass"]!;
        Assert.True(alone.Diagnostics > 0);
        Assert.Equal(2 * alone.Diagnostics, twice.Diagnostics);
        Assert.Empty(twice.Exceptions);
        Assert.True(twice.MinTime > TimeSpan.Zero);
    }
}

/// <summary>
/// The benchmark's corpus means what its templates say: each socket shape gets exactly the findings it was written
/// to get, the shapes written as correct get none, and neither does ordinary code. A false positive here would be
/// measured as work.
/// </summary>
public class BenchmarkCorpusTests
{
    public static TheoryData<string, string> Shapes => new()
    {
        { "Serve", "" },
        { "Pump", "SL0001" },
        { "ReadAll", "" },
        { "Echo", "" },
        { "Broadcast", "SL0002" },
        { "AcceptLoop", "" },
        { "Greet", "SL0003" },
        // One read whose count is never compared, but the socket is closed right after whatever it returned: no
        // CLOSE_WAIT, no loop, so no SL0001 (it had one before that rule was refined).
        { "Fetch", "SL0004 SL0004" },
        { "Peek", "SL0004" },
        { "Drain", "" },
        { "Ping", "" },
        { "Connector", "SL0004" },
        { "Program", "SL0001 SL0004 SL0004" },
    };

    private static readonly Lazy<Task<Dictionary<string, List<string>>>> Findings = new(FindAsync);

    [Theory]
    [MemberData(nameof(Shapes))]
    public async Task Each_shape_gets_the_findings_it_was_written_for(string shape, string expected)
    {
        var findings = await Findings.Value;
        Assert.True(findings.ContainsKey(shape), shape + " is not in the generated code");
        Assert.Equal(expected, string.Join(" ", findings[shape].Order(StringComparer.Ordinal)));
    }

    /// <summary>
    /// The rules share a body's aliases on a thread (the next rule that asks for the same body reuses the build): on a
    /// code base where the rules meet in the same members, each rule alone finds exactly what it finds beside the others.
    /// </summary>
    [Fact]
    public async Task Each_rule_finds_the_same_alone_as_beside_the_others()
    {
        var (compilation, _) = Corpus();
        Assert.NotEmpty(await SocketLint.Tests.Rules.CaseFileTests.AssertRulesAreIndependent(compilation));
    }

    /// <summary>
    /// <c>--nullable</c> compiles the code base as a <c>dotnet new</c> project does. The operations' types then carry
    /// annotations, which the rules must look through: every file gets the same findings either way.
    /// </summary>
    [Fact]
    public async Task With_nullable_enabled_the_code_base_compiles_and_gets_the_same_findings()
    {
        var settings = new BenchSettings { Nullable = true };
        Assert.Equal(NullableContextOptions.Enable, settings.CompilationOptions(concurrent: false).NullableContextOptions);
        Assert.Equal(NullableContextOptions.Disable, new BenchSettings().CompilationOptions(concurrent: false).NullableContextOptions);

        var (plain, analyzers) = Corpus();
        var (annotated, _) = Corpus(settings);
        Assert.Equal(0, AnnotatedLocals(plain));
        Assert.True(AnnotatedLocals(annotated) > 0);
        Assert.DoesNotContain(annotated.GetDiagnostics(), d => d.Severity == DiagnosticSeverity.Error);

        static async Task<string[]> FindingsOf(Compilation compilation, ImmutableArray<DiagnosticAnalyzer> analyzers) =>
            (await compilation.WithAnalyzers(analyzers).GetAnalyzerDiagnosticsAsync())
                .Select(d => $"{d.Id} {d.Location.GetLineSpan().Path}:{d.Location.GetLineSpan().StartLinePosition}").Order(StringComparer.Ordinal).ToArray();
        var expected = await FindingsOf(plain, analyzers);
        Assert.NotEmpty(expected);
        Assert.Equal(expected, await FindingsOf(annotated, analyzers));
    }

    /// <summary>How many reference-typed locals carry a nullable annotation: none unless nullable is enabled.</summary>
    private static int AnnotatedLocals(Compilation compilation) =>
        compilation.SyntaxTrees.Sum(tree =>
        {
            var model = compilation.GetSemanticModel(tree);
            return tree.GetRoot().DescendantNodes().OfType<VariableDeclaratorSyntax>()
                .Count(d => model.GetDeclaredSymbol(d) is ILocalSymbol { Type.IsReferenceType: true, NullableAnnotation: not NullableAnnotation.None });
        });

    private static (Compilation Compilation, ImmutableArray<DiagnosticAnalyzer> Analyzers) Corpus(BenchSettings? settings = null)
    {
        var codeBase = CodeGenerator.Generate(fileCount: 1, seed: 7, socketMethodsPerFile: 12);
        var trees = codeBase.Files.Select(f => CSharpSyntaxTree.ParseText(f.Text, path: f.Path)).ToImmutableArray();
        var compilation = CSharpCompilation.Create("Corpus", trees, FrameworkReferences.Load(), (settings ?? new BenchSettings()).CompilationOptions(concurrent: false));
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));

        return (compilation, [new SocketLintAnalyzer()]);
    }

    [Fact]
    public async Task Ordinary_code_gets_nothing()
    {
        var findings = await Findings.Value;
        var shapes = Shapes.Select(row => (string)row[0]).ToHashSet();
        var ordinary = findings.Where(f => !shapes.Contains(f.Key)).ToList();
        Assert.NotEmpty(ordinary);
        Assert.All(ordinary, f => Assert.True(f.Value.Count == 0, $"{f.Key}: {string.Join(" ", f.Value)}"));
    }

    /// <summary>
    /// One file with every shape once; the findings of each member by its shape (the template's name, without the
    /// number and Async the generator adds), and the top-level statements as Program.
    /// </summary>
    private static async Task<Dictionary<string, List<string>>> FindAsync()
    {
        var (compilation, analyzers) = Corpus();
        var trees = compilation.SyntaxTrees;
        var findings = new Dictionary<string, List<string>> { ["Program"] = [] };
        foreach (var method in trees.SelectMany(t => t.GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>()))
            findings.TryAdd(ShapeOf(method), []);
        foreach (var diagnostic in await compilation.WithAnalyzers(analyzers).GetAnalyzerDiagnosticsAsync())
        {
            var node = diagnostic.Location.SourceTree!.GetRoot().FindNode(diagnostic.Location.SourceSpan);
            var method = node.AncestorsAndSelf().OfType<MethodDeclarationSyntax>().FirstOrDefault();
            findings[method is null ? "Program" : ShapeOf(method)].Add(diagnostic.Id);
        }

        return findings;
    }

    private static string ShapeOf(MethodDeclarationSyntax method) => Regex.Replace(method.Identifier.Text, "[0-9]+(Async)?$", "");
}
