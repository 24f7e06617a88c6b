using System.Collections.Immutable;
using System.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace SocketLint.Benchmarks;

/// <summary>What to run.</summary>
public sealed record BenchSettings
{
    public IReadOnlyList<int> Scales { get; init; } = [1, 4, 16];
    public int FilesPerUnit { get; init; } = CodeGenerator.DefaultFilesPerUnit;
    public int Warmup { get; init; } = 3;
    public int Iterations { get; init; } = 5;
    public int Seed { get; init; } = 7;
    public int SocketMethodsPerFile { get; init; } = CodeGenerator.DefaultSocketMethodsPerFile;

    /// <summary>Also run the code base without sockets (with and without the sockets reference assembly).</summary>
    public bool IncludeNoSocketRuns { get; init; } = true;

    /// <summary>
    /// Also run the four rules, the empty analyzer and CA1849 on the dense code base (at the largest size,
    /// <see cref="CodeGenerator.DenseSocketMethodsPerFile"/> socket methods per file), shown beside the targets.
    /// </summary>
    public bool IncludeDenseRun { get; init; } = true;

    /// <summary>Also measure each rule run a second time on the same code (see <see cref="AnalyzerCatalog.Load"/>).</summary>
    public bool SecondPass { get; init; }

    /// <summary>
    /// Bind and analyze on many threads, as csc does. Off by default: on a small machine the threads preempt each other
    /// and the time a descheduled callback waits is charged to it, so one binding thread and one analysis thread
    /// measure the analyzers' own cost far more steadily.
    /// </summary>
    public bool Concurrent { get; init; }

    /// <summary>Only these subjects (by name, or the first word of it), or all when null.</summary>
    public IReadOnlyList<string>? Only { get; init; }

    /// <summary>Run each measurement inside a no-GC region, so no collection pause lands inside an analyzer's callback.</summary>
    public bool NoGCRegion { get; init; } = true;

    /// <summary>With <c>--compare</c>: the runs of each build per analyzer in the steady comparison, or null for the driver's.</summary>
    public int? SteadyRuns { get; init; }

    /// <summary>Compile with nullable reference types enabled, as a project made by <c>dotnet new</c> is.</summary>
    public bool Nullable { get; init; }

    /// <summary>The generated code base's compilation options under these settings.</summary>
    public CSharpCompilationOptions CompilationOptions(bool concurrent) =>
        new CSharpCompilationOptions(OutputKind.ConsoleApplication, concurrentBuild: concurrent, nullableContextOptions: Nullable ? NullableContextOptions.Enable : NullableContextOptions.Disable);

    public static BenchSettings Quick { get; } = new() { Scales = [1], Warmup = 0, Iterations = 1, IncludeDenseRun = false };
}

/// <summary>One analyzer run: the analyzers' own time (driver telemetry), the whole run's wall time and allocations.</summary>
/// <remarks>
/// <see cref="CpuTime"/> is the process's processor time over the whole run (binding, driver and analyzers): on a
/// loaded machine it is steadier than wall time, and its difference from the empty analyzer's is what the subject adds.
/// </remarks>
public sealed record RunSample(TimeSpan AnalyzerTime, TimeSpan WallTime, TimeSpan CpuTime, long AllocatedBytes, int Diagnostics);

/// <summary>Every run of one subject on one code base.</summary>
public sealed class SubjectResult
{
    public SubjectResult(BenchSubject subject) => Subject = subject;

    public BenchSubject Subject { get; }
    public List<RunSample> Samples { get; } = [];
    public List<string> Exceptions { get; } = [];

    public TimeSpan MedianTime => Median(Samples.Select(s => s.AnalyzerTime.Ticks));
    public TimeSpan MinTime => new(Samples.Count == 0 ? 0 : Samples.Min(s => s.AnalyzerTime.Ticks));
    public TimeSpan MedianCpu => Median(Samples.Select(s => s.CpuTime.Ticks));
    public TimeSpan MinCpu => new(Samples.Count == 0 ? 0 : Samples.Min(s => s.CpuTime.Ticks));
    public long MedianAllocated => Samples.Count == 0 ? 0 : Sorted(Samples.Select(s => s.AllocatedBytes))[Samples.Count / 2];
    public int Diagnostics => Samples.Count == 0 ? 0 : Samples[^1].Diagnostics;

    internal static TimeSpan Median(IEnumerable<long> ticks)
    {
        var sorted = Sorted(ticks);
        if (sorted.Length == 0)
            return TimeSpan.Zero;
        return new TimeSpan(sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2);
    }

    private static long[] Sorted(IEnumerable<long> values)
    {
        var array = values.ToArray();
        Array.Sort(array);
        return array;
    }
}

/// <summary>Everything measured on one generated code base.</summary>
public sealed class CodeBaseResult
{
    public required string Name { get; init; }
    public required int Scale { get; init; }
    public required int Files { get; init; }
    public required int Lines { get; init; }
    public required int Invocations { get; init; }
    public required int SocketInvocations { get; init; }
    public required int CompileErrors { get; init; }
    public required bool SocketsReferenced { get; init; }

    /// <summary>The dense code base, measured beside the targets but not checked against them.</summary>
    public bool Dense { get; init; }
    public List<TimeSpan> BindTimes { get; } = [];
    public List<TimeSpan> BindCpuTimes { get; } = [];

    /// <summary>
    /// Bind-and-check with collections allowed, when the runs are in no-GC regions: there every allocation touches
    /// fresh memory, which slows the compiler (it allocates most of a run's memory) far more than the analyzers.
    /// </summary>
    public List<TimeSpan> BindTimesWithCollections { get; } = [];
    public List<SubjectResult> Subjects { get; } = [];

    public TimeSpan MedianBindTime => SubjectResult.Median(BindTimes.Select(t => t.Ticks));
    public TimeSpan MinBindTime => new(BindTimes.Count == 0 ? 0 : BindTimes.Min(t => t.Ticks));
    public TimeSpan MinBindCpu => new(BindCpuTimes.Count == 0 ? 0 : BindCpuTimes.Min(t => t.Ticks));
    public TimeSpan MinBindTimeWithCollections => new(BindTimesWithCollections.Count == 0 ? 0 : BindTimesWithCollections.Min(t => t.Ticks));

    public SubjectResult? this[string name] => Subjects.FirstOrDefault(s => s.Subject.Name == name && s.Samples.Count > 0);
}

/// <summary>
/// Runs subjects over generated code bases through <see cref="CompilationWithAnalyzers"/> with execution-time
/// logging, one fresh compilation per run, subjects interleaved within each iteration so drift hits all alike.
/// </summary>
public static class BenchRunner
{
    public static async Task<IReadOnlyList<CodeBaseResult>> RunAsync(BenchSettings settings, IReadOnlyList<BenchSubject> subjects, TextWriter progress)
    {
        var references = FrameworkReferences.Load();
        var loaded = subjects.Where(s => s.Loaded).ToList();
        var results = new List<CodeBaseResult>();
        foreach (var scale in settings.Scales)
        {
            var codeBase = CodeGenerator.Generate(scale * settings.FilesPerUnit, settings.Seed, socketMethodsPerFile: settings.SocketMethodsPerFile);
            results.Add(await MeasureAsync($"{scale}×", scale, codeBase, references, loaded, settings, progress));
        }

        if (settings.IncludeDenseRun && settings.SocketMethodsPerFile < CodeGenerator.DenseSocketMethodsPerFile)
        {
            // At the largest size, where the targets are checked.
            var denseScale = settings.Scales.Max();
            var dense = CodeGenerator.Generate(denseScale * settings.FilesPerUnit, settings.Seed, socketMethodsPerFile: CodeGenerator.DenseSocketMethodsPerFile);
            var denseSubjects = loaded.Where(s => s.Name is AnalyzerCatalog.SocketLintAll or AnalyzerCatalog.Empty or AnalyzerCatalog.CA1849).ToList();
            if (denseSubjects.Any(s => s.Name == AnalyzerCatalog.SocketLintAll))
                results.Add(await MeasureAsync($"{denseScale}× dense ({CodeGenerator.DenseSocketMethodsPerFile} socket methods per file)", denseScale, dense, references, denseSubjects, settings, progress, isDense: true));
        }

        if (settings.IncludeNoSocketRuns)
        {
            // Code without sockets at the largest size up to 4×: the point is SocketLint's cost there, not scaling.
            var scale = settings.Scales.Where(s => s <= 4).DefaultIfEmpty(settings.Scales.Min()).Max();
            var plain = CodeGenerator.Generate(scale * settings.FilesPerUnit, settings.Seed, withSockets: false);
            var socketLintOnly = loaded.Where(s => (s.Name.StartsWith("SL", StringComparison.Ordinal) && !s.Name.EndsWith(AnalyzerCatalog.SecondPass, StringComparison.Ordinal))
                || s.Name is AnalyzerCatalog.SocketLintAll or AnalyzerCatalog.Empty).ToList();
            results.Add(await MeasureAsync($"{scale}× no sockets", scale, plain, references, socketLintOnly, settings, progress));
            var withoutSockets = references.Where(r => !FrameworkReferences.IsSocketsAssembly(r)).ToImmutableArray();
            results.Add(await MeasureAsync($"{scale}× no sockets, no sockets reference", scale, plain, withoutSockets, socketLintOnly, settings, progress));
        }

        return results;
    }

    private static async Task<CodeBaseResult> MeasureAsync(string name, int scale, GeneratedCodeBase codeBase, ImmutableArray<MetadataReference> references,
        IReadOnlyList<BenchSubject> subjects, BenchSettings settings, TextWriter progress, bool isDense = false)
    {
        // Where the share of bind-and-check is checked or shown.
        var withCollectionsToo = isDense || scale == settings.Scales.Max();
        var parseOptions = new CSharpParseOptions(LanguageVersion.Latest);
        var trees = codeBase.Files
            .Select(f => CSharpSyntaxTree.ParseText(f.Text, parseOptions, path: f.Path))
            .ToImmutableArray();

        var probe = Create(trees, references, [], settings, concurrent: true);
        var errors = probe.GetDiagnostics().Count(d => d.Severity == DiagnosticSeverity.Error);
        var (invocations, socketInvocations) = CountInvocations(probe);
        var result = new CodeBaseResult
        {
            Name = name,
            Scale = scale,
            Files = codeBase.Files.Count,
            Lines = codeBase.Lines,
            Invocations = invocations,
            SocketInvocations = socketInvocations,
            CompileErrors = errors,
            SocketsReferenced = probe.GetTypeByMetadataName("System.Net.Sockets.Socket") is not null,
            Dense = isDense,
        };
        progress.WriteLine($"== {name}: {result.Files} files, {result.Lines:N0} lines, {invocations:N0} invocations ({socketInvocations:N0} on sockets), {errors} compile errors");

        var subjectResults = subjects.Select(s => new SubjectResult(s)).ToList();
        result.Subjects.AddRange(subjectResults);

        // Two phases, each with its warm-up: the compiler, SocketLint, the floors and CA1849 in turn; then the peers that
        // allocate more than the compiler itself (VSTHRD103 about 540 MB a run, MA0042 about 290 MB, against its 250 MB).
        // Run between the others, they slowed the runs after them: paired 16× checks measured the four rules at 33.1
        // and 44.7 ms with them in the loop, 26.9 and 29.5 ms without (docs/performance.md, session 20). Same process,
        // same run, same code base.
        var phases = new[] { subjectResults.Where(s => !IsHeavyPeer(s.Subject)).ToList(), subjectResults.Where(s => IsHeavyPeer(s.Subject)).ToList() }
            .Where(phase => phase.Count > 0)
            .ToList();
        for (var p = 0; p < phases.Count; p++)
        {
            var phase = phases[p];
            for (var iteration = 0; iteration < settings.Warmup + settings.Iterations; iteration++)
            {
                var measured = iteration >= settings.Warmup;
                var jitted = System.Runtime.JitInfo.GetCompiledMethodCount();
                string bindText = "";
                if (p == 0)
                {
                    var (bind, bindCpu) = MeasureBind(trees, references, settings);
                    bindText = $"bind {bind.TotalMilliseconds:F0} ms; ";
                    if (measured)
                    {
                        result.BindTimes.Add(bind);
                        result.BindCpuTimes.Add(bindCpu);
                    }

                    if (settings.NoGCRegion && withCollectionsToo)
                    {
                        var (bindWithCollections, _) = MeasureBind(trees, references, settings with { NoGCRegion = false });
                        if (measured)
                            result.BindTimesWithCollections.Add(bindWithCollections);
                    }
                }

                foreach (var subjectResult in phase)
                {
                    var sample = await RunOnceAsync(trees, references, subjectResult, settings);
                    if (measured)
                        subjectResult.Samples.Add(sample);
                }

                progress.WriteLine($"   {(measured ? "iteration " + (iteration - settings.Warmup + 1) : "warm-up")}: {bindText}"
                    + string.Join(", ", phase.Select(s => $"{s.Subject.Name} {(s.Samples.Count > 0 ? s.Samples[^1].AnalyzerTime.TotalMilliseconds : 0):F1}"))
                    + $"; {System.Runtime.JitInfo.GetCompiledMethodCount() - jitted:N0} methods compiled by the JIT");
            }
        }

        return result;
    }

    /// <summary>The peers measured in a phase of their own, after the others (see <see cref="MeasureAsync"/>).</summary>
    private static bool IsHeavyPeer(BenchSubject subject) => subject.Name is AnalyzerCatalog.VSTHRD103 or AnalyzerCatalog.MA0042;

    /// <summary>A fresh compilation with <paramref name="rulesToEnable"/> on and every other rule that <paramref name="analyzers"/> report off.</summary>
    private static CSharpCompilation Create(ImmutableArray<SyntaxTree> trees, ImmutableArray<MetadataReference> references, IEnumerable<string> rulesToEnable, BenchSettings settings, bool concurrent, IEnumerable<DiagnosticAnalyzer>? analyzers = null)
    {
        var options = rulesToEnable.Distinct().ToDictionary(r => r, _ => ReportDiagnostic.Warn);
        foreach (var descriptor in (analyzers ?? []).SelectMany(a => a.SupportedDiagnostics))
            options.TryAdd(descriptor.Id, ReportDiagnostic.Suppress);
        return CSharpCompilation.Create(
            "Generated",
            trees,
            references,
            settings.CompilationOptions(concurrent).WithSpecificDiagnosticOptions(options));
    }

    /// <summary>The compiler's own bind-and-check: every declaration and method body diagnostic of a fresh compilation.</summary>
    private static (TimeSpan Wall, TimeSpan Cpu) MeasureBind(ImmutableArray<SyntaxTree> trees, ImmutableArray<MetadataReference> references, BenchSettings settings)
    {
        var compilation = Create(trees, references, [], settings, settings.Concurrent);
        var noGC = StartNoGCRegion(settings);
        var cpu = ProcessorTime();
        var watch = Stopwatch.StartNew();
        compilation.GetDiagnostics();
        var elapsed = watch.Elapsed;
        cpu = ProcessorTime() - cpu;
        EndNoGCRegion(noGC);
        return (elapsed, cpu);
    }

    private static TimeSpan ProcessorTime()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime;
    }

    private static async Task<RunSample> RunOnceAsync(ImmutableArray<SyntaxTree> trees, ImmutableArray<MetadataReference> references, SubjectResult subjectResult, BenchSettings settings)
    {
        var subject = subjectResult.Subject;
        var compilation = Create(trees, references, subject.RulesToEnable, settings, settings.Concurrent, subject.Analyzers);
        var options = new CompilationWithAnalyzersOptions(
            new AnalyzerOptions([]),
            onAnalyzerException: (exception, analyzer, _) =>
            {
                lock (subjectResult.Exceptions)
                {
                    if (subjectResult.Exceptions.Count < 5)
                        subjectResult.Exceptions.Add($"{analyzer.GetType().Name}: {exception.GetType().Name}: {exception.Message}");
                }
            },
            concurrentAnalysis: settings.Concurrent,
            logAnalyzerExecutionTime: true);
        var withAnalyzers = compilation.WithAnalyzers(subject.Analyzers, options);

        // The compiler binds its references before any analyzer runs; on a fresh compilation the first type lookup
        // would do it, and whichever subject's compilation-start action came first would be charged for the
        // compiler's work. Done here, outside the measurement, for every subject alike (the driver's own copy of the
        // compilation reuses the bound references).
        _ = compilation.GetTypeByMetadataName("System.Object");

        var noGC = StartNoGCRegion(settings);
        var before = GC.GetTotalAllocatedBytes(precise: true);
        var cpu = ProcessorTime();
        var watch = Stopwatch.StartNew();
        var diagnostics = await withAnalyzers.GetAnalyzerDiagnosticsAsync(CancellationToken.None).ConfigureAwait(false);
        var wall = watch.Elapsed;
        cpu = ProcessorTime() - cpu;
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        EndNoGCRegion(noGC);

        var time = TimeSpan.Zero;
        foreach (var analyzer in subject.MeasuredAnalyzers)
            time += (await withAnalyzers.GetAnalyzerTelemetryInfoAsync(analyzer, CancellationToken.None).ConfigureAwait(false)).ExecutionTime;
        return new RunSample(time, wall, cpu, allocated, diagnostics.Count(d => subject.RulesToEnable.Contains(d.Id)));
    }

    /// <summary>Room for one whole run (the 16× code base allocates well under this); a run that outgrows it just collects.</summary>
    private const long NoGCBudget = 3L * 1024 * 1024 * 1024;

    internal static bool StartNoGCRegion(BenchSettings settings)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        if (!settings.NoGCRegion)
            return false;
        try
        {
            return GC.TryStartNoGCRegion(NoGCBudget);
        }
        catch (Exception e) when (e is ArgumentOutOfRangeException or InvalidOperationException)
        {
            return false;
        }
    }

    internal static void EndNoGCRegion(bool started)
    {
        if (started && System.Runtime.GCSettings.LatencyMode == System.Runtime.GCLatencyMode.NoGCRegion)
            GC.EndNoGCRegion();
    }

    /// <summary>Invocations written in the code, and how many of them call a socket-family member.</summary>
    private static (int All, int Sockets) CountInvocations(Compilation compilation)
    {
        int all = 0, sockets = 0;
        foreach (var tree in compilation.SyntaxTrees)
        {
            var model = compilation.GetSemanticModel(tree);
            foreach (var invocation in tree.GetRoot().DescendantNodes().OfType<InvocationExpressionSyntax>())
            {
                all++;
                if (SocketDensity.IsSocketCall(model, invocation, CancellationToken.None))
                    sockets++;
            }
        }

        return (all, sockets);
    }
}

/// <summary>The reference assemblies the generated code compiles against: the newest installed Microsoft.NETCore.App.Ref pack.</summary>
public static class FrameworkReferences
{
    public static ImmutableArray<MetadataReference> Load()
    {
        var paths = FromReferencePack() ?? FromRuntime();
        return paths.OrderBy(p => p, StringComparer.Ordinal).Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToImmutableArray();
    }

    /// <summary>The assemblies that define or forward System.Net.Sockets types; left out for the no-sockets run.</summary>
    public static bool IsSocketsAssembly(MetadataReference reference) =>
        Path.GetFileName(reference.Display) is "System.Net.Sockets.dll" or "System.dll" or "netstandard.dll";

    private static IEnumerable<string>? FromReferencePack()
    {
        foreach (var root in AnalyzerCatalog.DotnetRoots())
        {
            var pack = Path.Combine(root, "packs", "Microsoft.NETCore.App.Ref");
            if (!Directory.Exists(pack))
                continue;
            var newest = Directory.GetDirectories(pack)
                .Select(d => (Dir: d, Version: Version.TryParse(Path.GetFileName(d).Split('-')[0], out var v) ? v : null))
                .Where(x => x.Version is not null)
                .OrderByDescending(x => x.Version)
                .Select(x => Path.Combine(x.Dir, "ref"))
                .Where(Directory.Exists)
                .SelectMany(r => Directory.GetDirectories(r, "net*").OrderByDescending(d => d, StringComparer.Ordinal))
                .FirstOrDefault();
            if (newest is not null)
                return Directory.GetFiles(newest, "*.dll");
        }

        return null;
    }

    private static IEnumerable<string> FromRuntime() =>
        ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator)
            .Where(p => Path.GetFileName(p) is var name && (name.StartsWith("System.", StringComparison.Ordinal) || name is "mscorlib.dll" or "netstandard.dll" or "System.dll"));
}
