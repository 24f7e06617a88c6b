using System.Collections.Immutable;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace SocketLint.Benchmarks;

/// <summary>
/// One measured subject: a set of analyzers run together, the rules to switch on for them (the others they report are
/// switched off), and what it is.
/// <see cref="Error"/> says why a subject could not be loaded (its run is then skipped and reported).
/// <see cref="Measured"/>, when set, names the analyzers whose time is the subject's (all of them otherwise).
/// </summary>
public sealed record BenchSubject(string Name, string Description, ImmutableArray<DiagnosticAnalyzer> Analyzers, ImmutableArray<string> RulesToEnable, string? Error = null, ImmutableArray<DiagnosticAnalyzer>? Measured = null)
{
    public bool Loaded => Error is null && !Analyzers.IsEmpty;

    /// <summary>The analyzers whose telemetry is summed into the subject's time.</summary>
    public ImmutableArray<DiagnosticAnalyzer> MeasuredAnalyzers => Measured ?? Analyzers;
}

/// <summary>The floor: an analyzer that asks for every invocation and does nothing with it.</summary>
/// <remarks>It is run in process by the benchmark, never shipped: the rules for shipped analyzers do not apply.</remarks>
#pragma warning disable RS1036, RS1041, RS2008
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class EmptyInvocationAnalyzer : DiagnosticAnalyzer
{
    private static readonly DiagnosticDescriptor Descriptor = new(
        "BENCH0000", "Empty", "Empty", "Benchmark", DiagnosticSeverity.Warning, isEnabledByDefault: true);

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptor);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterOperationAction(static _ => { }, Microsoft.CodeAnalysis.OperationKind.Invocation);
    }
}
/// <summary>Reports every invocation, to measure what the driver spends on one reported diagnostic.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ReportEveryInvocationAnalyzer : DiagnosticAnalyzer
{
    public const string Id = "BENCH0001";

    private static readonly DiagnosticDescriptor Descriptor = new(
        Id, "Invocation", "Invocation", "Benchmark", DiagnosticSeverity.Warning, isEnabledByDefault: true);

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptor);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterOperationAction(static c => c.ReportDiagnostic(Diagnostic.Create(Descriptor, c.Operation.Syntax.GetLocation())), Microsoft.CodeAnalysis.OperationKind.Invocation);
    }
}
#pragma warning restore RS1036, RS1041, RS2008

/// <summary>
/// Finds and loads what the benchmark measures: SocketLint's analyzer (each rule alone, and all four), the empty floor, and the peers
/// CA1849 (the SDK's NetAnalyzers), VSTHRD103 (vs-threading) and MA0042 (Meziantou). A peer that cannot be found
/// or loaded becomes a subject with an <see cref="BenchSubject.Error"/>, never an exception.
/// </summary>
public static class AnalyzerCatalog
{
    public const string SocketLintAll = "SocketLint (all)";
    public const string SecondPass = "second pass";
    public const string Empty = "empty (floor)";
    public const string Reporting = "reporting (floor)";
    public const string CA1849 = "CA1849";
    public const string VSTHRD103 = "VSTHRD103";
    public const string MA0042 = "MA0042";

    /// <param name="secondPass">
    /// Also measure each rule run a second time on the same code: two instances of the rule in one run, the time of the
    /// second alone. The driver runs them in the order given on each member, so the second runs its code right after the
    /// first, and shares what the first worked out for the compilation (the <c>ConnectionApi</c> and its tables are kept
    /// per compilation) and each body's aliases. Session 35 measured what each part of the difference is (reading the
    /// compiler's data first saves nothing; recomputing the tables leaves half of it): docs/performance.md.
    /// </param>
    public static IReadOnlyList<BenchSubject> Load(string? peersDirectory = null, string? sdkAnalyzersDirectory = null, bool secondPass = false)
    {
        var subjects = new List<BenchSubject>();
        // SocketLint is one analyzer for its four rules: a rule alone is that analyzer with the other rules off, as a user
        // who switches them off in .editorconfig would run it.
        var ids = new SocketLintAnalyzer().SupportedDiagnostics.Select(d => d.Id).ToImmutableArray();
        foreach (var id in ids)
            subjects.Add(new BenchSubject(id, $"{nameof(SocketLintAnalyzer)}, {id} alone", [new SocketLintAnalyzer()], [id]));

        if (secondPass)
        {
            foreach (var id in ids)
            {
                var again = new SocketLintAnalyzer();
                subjects.Add(new BenchSubject($"{id} {SecondPass}", $"{nameof(SocketLintAnalyzer)} with {id} alone run twice, the second run's time (findings counted twice)", [new SocketLintAnalyzer(), again], [id], Measured: [again]));
            }
        }

        subjects.Add(new BenchSubject(SocketLintAll, "SocketLint's analyzer with every rule", [new SocketLintAnalyzer()], ids));
        subjects.Add(new BenchSubject(Empty, "an operation action on every invocation that does nothing", [new EmptyInvocationAnalyzer()], ["BENCH0000"]));
        subjects.Add(new BenchSubject(Reporting, "an operation action that reports every invocation: the driver's cost of a reported diagnostic", [new ReportEveryInvocationAnalyzer()], [ReportEveryInvocationAnalyzer.Id]));

        sdkAnalyzersDirectory ??= FindSdkAnalyzersDirectory();
        subjects.Add(sdkAnalyzersDirectory is null
            ? Missing(CA1849, "the .NET SDK's analyzers folder (sdk/<version>/Sdks/Microsoft.NET.Sdk/analyzers) was not found")
            : FromFiles(CA1849, "NetAnalyzers, from the SDK", [
                Path.Combine(sdkAnalyzersDirectory, "Microsoft.CodeAnalysis.NetAnalyzers.dll"),
                Path.Combine(sdkAnalyzersDirectory, "Microsoft.CodeAnalysis.CSharp.NetAnalyzers.dll")]));

        peersDirectory ??= Path.Combine(AppContext.BaseDirectory, "peers");
        subjects.Add(FromFiles(VSTHRD103, "Microsoft.VisualStudio.Threading.Analyzers", [
            Path.Combine(peersDirectory, "vs-threading", "Microsoft.VisualStudio.Threading.Analyzers.dll"),
            Path.Combine(peersDirectory, "vs-threading", "Microsoft.VisualStudio.Threading.Analyzers.CSharp.dll")]));
        subjects.Add(MeziantouFolder(Path.Combine(peersDirectory, "meziantou")) is { } meziantou
            ? FromFiles(MA0042, "Meziantou.Analyzer (" + Path.GetFileName(Path.GetDirectoryName(meziantou)) + " build)", [Path.Combine(meziantou, "Meziantou.Analyzer.dll")])
            : Missing(MA0042, "no Meziantou.Analyzer build for this host's Roslyn under " + Path.Combine(peersDirectory, "meziantou")));
        return subjects;
    }

    /// <summary>The Roslyn the benchmark runs on: the host every analyzer is loaded into.</summary>
    public static Version HostRoslynVersion => typeof(Compilation).Assembly.GetName().Version!;

    private static BenchSubject Missing(string rule, string why) => new(rule, "", [], [rule], why);

    /// <summary>Loads the analyzers in <paramref name="paths"/> that report <paramref name="rule"/>.</summary>
    private static BenchSubject FromFiles(string rule, string description, string[] paths)
    {
        var missing = paths.FirstOrDefault(p => !File.Exists(p));
        if (missing is not null)
            return Missing(rule, "not found: " + missing);

        var loader = new LoadFromAssemblyLoader();
        var failures = new List<string>();
        var analyzers = ImmutableArray.CreateBuilder<DiagnosticAnalyzer>();
        foreach (var path in paths)
            loader.AddDependencyLocation(path);
        foreach (var path in paths)
        {
            var reference = new AnalyzerFileReference(path, loader);
            reference.AnalyzerLoadFailed += (_, e) => failures.Add($"{Path.GetFileName(path)}: {e.ErrorCode} {e.TypeName} {e.Message}".Trim());
            try
            {
                foreach (var analyzer in reference.GetAnalyzers(LanguageNames.CSharp))
                {
                    if (analyzer.SupportedDiagnostics.Any(d => d.Id == rule))
                        analyzers.Add(analyzer);
                }
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                failures.Add($"{Path.GetFileName(path)}: {e.GetType().Name}: {e.Message}");
            }
        }

        if (analyzers.Count == 0)
        {
            var why = failures.Count > 0 ? string.Join("; ", failures.Distinct().Take(3)) : "no analyzer in it reports " + rule;
            return Missing(rule, $"could not load on Roslyn {HostRoslynVersion}: {why}");
        }

        var ids = analyzers.SelectMany(a => a.SupportedDiagnostics).Select(d => d.Id).Distinct().OrderBy(i => i, StringComparer.Ordinal);
        return new BenchSubject(rule, $"{description}: {string.Join(", ", analyzers.Select(a => a.GetType().Name))} (reports {string.Join(", ", ids)})", analyzers.ToImmutable(), [rule]);
    }

    /// <summary>Meziantou ships one build per Roslyn (roslyn4.8, roslyn5.0, ...): the newest the host can run.</summary>
    private static string? MeziantouFolder(string root)
    {
        if (!Directory.Exists(root))
            return null;
        var host = HostRoslynVersion;
        return Directory.GetDirectories(root, "roslyn*")
            .Select(d => (Dir: d, Version: Version.TryParse(Path.GetFileName(d)["roslyn".Length..], out var v) ? v : null))
            .Where(x => x.Version is not null && x.Version.Major * 100 + x.Version.Minor <= host.Major * 100 + host.Minor)
            .OrderByDescending(x => x.Version)
            .Select(x => Path.Combine(x.Dir, "cs"))
            .FirstOrDefault(d => File.Exists(Path.Combine(d, "Meziantou.Analyzer.dll")));
    }

    /// <summary>The newest SDK's analyzers folder beside the running .NET: the SDK is where NetAnalyzers ships.</summary>
    public static string? FindSdkAnalyzersDirectory()
    {
        foreach (var root in DotnetRoots())
        {
            var sdk = Path.Combine(root, "sdk");
            if (!Directory.Exists(sdk))
                continue;
            var found = Directory.GetDirectories(sdk)
                .Select(d => (Dir: d, Version: ParseSdkVersion(Path.GetFileName(d))))
                .Where(x => x.Version is not null)
                .OrderByDescending(x => x.Version)
                .Select(x => Path.Combine(x.Dir, "Sdks", "Microsoft.NET.Sdk", "analyzers"))
                .FirstOrDefault(d => File.Exists(Path.Combine(d, "Microsoft.CodeAnalysis.NetAnalyzers.dll")));
            if (found is not null)
                return found;
        }

        return null;
    }

    /// <summary>Where .NET is installed: DOTNET_ROOT, else three levels above the running shared framework.</summary>
    public static IEnumerable<string> DotnetRoots()
    {
        if (Environment.GetEnvironmentVariable("DOTNET_ROOT") is { Length: > 0 } root)
            yield return root;
        var runtime = System.Runtime.InteropServices.RuntimeEnvironment.GetRuntimeDirectory();
        var shared = Directory.GetParent(runtime.TrimEnd(Path.DirectorySeparatorChar))?.Parent?.Parent;
        if (shared is not null)
            yield return shared.FullName;
    }

    private static Version? ParseSdkVersion(string name)
    {
        var dash = name.IndexOf('-');
        return Version.TryParse(dash < 0 ? name : name[..dash], out var version) ? version : null;
    }

    /// <summary>Loads analyzer assemblies into the default context, so they bind to the host's Roslyn.</summary>
    private sealed class LoadFromAssemblyLoader : IAnalyzerAssemblyLoader
    {
        public void AddDependencyLocation(string fullPath)
        {
        }

        public Assembly LoadFromPath(string fullPath) => Assembly.LoadFrom(fullPath);
    }
}
