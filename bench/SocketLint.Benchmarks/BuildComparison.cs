using System.Collections.Immutable;
using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace SocketLint.Benchmarks;

/// <summary>
/// Two builds of SocketLint's analyzers measured against each other in one process, on one code base, their runs
/// taken in turn (ABBA...) so that the machine's moods fall on both alike. On a shared machine whose figures move by
/// ±30% from run to run, a change is judged this way, not by two runs of the benchmark minutes apart.
/// </summary>
public static class BuildComparison
{
    /// <summary>The analyzers of the SocketLint.dll in <paramref name="path"/> (a file or its folder), each build in a load context of its own.</summary>
    public static ImmutableArray<DiagnosticAnalyzer> Load(string path, string name)
    {
        var file = Directory.Exists(path) ? Path.Combine(path, "SocketLint.dll") : path;
        if (!File.Exists(file))
            throw new ArgumentException($"no SocketLint.dll at '{path}'");
        try
        {
            var assembly = new AssemblyLoadContext(name).LoadFromAssemblyPath(Path.GetFullPath(file));
            var analyzers = assembly.GetTypes()
                .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && t.GetCustomAttribute<DiagnosticAnalyzerAttribute>() is not null)
                .OrderBy(t => t.Name, StringComparer.Ordinal)
                .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
                .ToImmutableArray();
            return analyzers.IsEmpty ? throw new ArgumentException($"'{file}' holds no analyzers") : analyzers;
        }
        catch (Exception e) when (e is BadImageFormatException or FileLoadException or ReflectionTypeLoadException)
        {
            throw new ArgumentException($"'{file}' cannot be loaded: {e.Message}");
        }
    }

    /// <summary>
    /// The two builds' analyzers, each in order by name, and their names when the two builds hold the same analyzers (a
    /// row each is then shown); null when they differ (one analyzer for all rules against one per rule): only the
    /// total is compared.
    /// </summary>
    public static (ImmutableArray<DiagnosticAnalyzer>[] Builds, string[]? Names) LoadBoth(string before, string after)
    {
        var builds = new[] { Load(before, "before"), Load(after, "after") };
        var names = builds[0].Select(a => a.GetType().Name).ToArray();
        return (builds, names.SequenceEqual(builds[1].Select(a => a.GetType().Name)) ? names : null);
    }

    /// <summary>The generated code base the two builds are compared on, at the largest of the settings' sizes, parsed.</summary>
    public static ImmutableArray<SyntaxTree> GeneratedTrees(BenchSettings settings)
    {
        var code = settings.SocketMethodsPerFile == 0
            ? CodeGenerator.Generate(settings.Scales.Max() * settings.FilesPerUnit, settings.Seed, withSockets: false)
            : CodeGenerator.Generate(settings.Scales.Max() * settings.FilesPerUnit, settings.Seed, socketMethodsPerFile: settings.SocketMethodsPerFile);
        return code.Files.Select(f => CSharpSyntaxTree.ParseText(f.Text, new CSharpParseOptions(LanguageVersion.Latest), f.Path)).ToImmutableArray();
    }

    public static async Task<int> RunAsync(string before, string after, BenchSettings settings, TextWriter output)
    {
        var (builds, names) = LoadBoth(before, after);
        var scale = settings.Scales.Max();
        var trees = GeneratedTrees(settings);
        var references = FrameworkReferences.Load();
        output.WriteLine($"comparing before ({before}) and after ({after}) at {scale}×: {trees.Length} files, {settings.Warmup} warm-up and {settings.Iterations} measured runs each, in turn, {(settings.NoGCRegion ? "each in a no-GC region" : "GC as it comes")}");

        if (names is null)
            output.WriteLine("the two builds hold different analyzers: only their total is compared");
        var rows = names ?? [];
        var times = new List<double>[2, rows.Length + 1];
        for (var b = 0; b < 2; b++)
            for (var k = 0; k <= rows.Length; k++)
                times[b, k] = [];
        var findings = new int[2];
        for (var run = -settings.Warmup; run < settings.Iterations; run++)
        {
            for (var turn = 0; turn < 2; turn++)
            {
                var b = (run & 1) == 0 ? turn : 1 - turn;
                var compilation = CSharpCompilation.Create("Generated", trees, references, settings.CompilationOptions(concurrent: false));
                _ = compilation.GetTypeByMetadataName("System.Object");
                var withAnalyzers = compilation.WithAnalyzers(builds[b], new CompilationWithAnalyzersOptions(new AnalyzerOptions([]), null, concurrentAnalysis: false, logAnalyzerExecutionTime: true));
                // As the benchmark measures its subjects: after two full collections, and in a no-GC region unless --gc.
                var noGC = BenchRunner.StartNoGCRegion(settings);
                findings[b] = (await withAnalyzers.GetAnalyzerDiagnosticsAsync().ConfigureAwait(false)).Length;
                BenchRunner.EndNoGCRegion(noGC);
                var total = 0.0;
                for (var k = 0; k < builds[b].Length; k++)
                {
                    var ms = (await withAnalyzers.GetAnalyzerTelemetryInfoAsync(builds[b][k], CancellationToken.None).ConfigureAwait(false)).ExecutionTime.TotalMilliseconds;
                    total += ms;
                    if (run >= 0 && k < rows.Length)
                        times[b, k].Add(ms);
                }

                if (run >= 0)
                    times[b, rows.Length].Add(total);
            }
        }

        output.WriteLine($"findings: before {findings[0]}, after {findings[1]}");
        output.WriteLine("| analyzer | before min ms | before median | after min ms | after median | after / before (median) |");
        output.WriteLine("|---|---:|---:|---:|---:|---:|");
        for (var k = 0; k <= rows.Length; k++)
        {
            var label = k < rows.Length ? rows[k] : "all";
            output.WriteLine($"| {label} | {times[0, k].Min():F2} | {Median(times[0, k]):F2} | {times[1, k].Min():F2} | {Median(times[1, k]):F2} | {Median(times[1, k]) / Median(times[0, k]):F2} |");
        }

        return 0;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }
}
