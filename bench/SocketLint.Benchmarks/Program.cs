using System.Globalization;
using SocketLint.Benchmarks;

const string Usage = """
    Usage: dotnet run --project bench/SocketLint.Benchmarks -c Release -- [options]

      --quick            1× only, one iteration, no warm-up; targets shown, not asserted (for CI)
      --sizes 1,4,16     the code base sizes, in units of about 3,000 lines (default 1,4,16)
      --iterations N     measured iterations after the warm-up (default 5)
      --warmup N         warm-up iterations (default 3: the first runs after one are still being compiled by the JIT)
      --seed N           the generator's seed (default 7)
      --socket-methods N socket methods per generated file, beside 6 ordinary ones (default 2: more socket code per line
                         than real socket code, see --density); with --compare, 0 compares the builds on code with
                         no socket call (System.Net.Sockets still referenced): what the rules cost everywhere else
      --no-plain         skip the runs on code without sockets
      --no-dense         skip the run on the dense code base (the largest size, 4 socket methods per file; shown, not asserted)
      --concurrent       bind and analyze on every core, as csc does (noisier on a small machine)
      --gc               let collections happen during the runs (default: each run in a no-GC region)
      --nullable         compile the code base with nullable reference types enabled, as a `dotnet new` project is (default:
                         disabled); the compiler then does a second pass over every body
      --second-pass      also measure each rule run twice on the same code, the second run's time alone: right after
                         the first on each member, with the first run's per-compilation tables and each body's aliases
                         (docs/performance.md, "Session 35": what is left without them, and what the rest is)
      --only A,B         measure only these subjects (SL0001, SL0002, SL0003, SL0004, all, empty, reporting, CA1849,
                         VSTHRD103, MA0042; "second" for the --second-pass runs)
      --compare A B      measure two builds of SocketLint (each a SocketLint.dll or its folder) against each other in one
                         process, their runs in turn, at the largest --sizes (default 16); --iterations, --warmup, --seed,
                         --socket-methods and --gc apply; nothing is asserted
      --steady N         with --compare: call the rules' actions N times per build on one bound compilation, instead of
                         running the compiler's driver on fresh compilations: the rules' own work in steady state, with
                         far less noise (what a fresh compilation costs is left out)
      --density DIR...   how much of the C# code under each folder is socket code: members with socket calls, socket
                         calls and SocketLint's findings per 1,000 lines, beside the generated code base at the largest
                         --sizes and --socket-methods, to compare the benchmark's code with yours; no timing
      --write DIR        write the generated code base (the largest --sizes, --seed, --socket-methods, --nullable) to DIR,
                         which must be new or empty, with a project that runs this build of SocketLint and CA1849 on
                         it: `dotnet build DIR -p:ReportAnalyzer=true -v:d --no-incremental` shows what a compiler
                         process of its own pays (docs/performance.md, "Session 33"); nothing is measured here
      --help             this text

    Exit code: 0 when every target passes (always in --quick), 1 when one fails, 2 for bad arguments.
    """;

BenchSettings settings;
bool quick;
(string Before, string After)? compare;
IReadOnlyList<string>? density;
string? write;
try
{
    (settings, quick, compare, density, write) = Parse(args);
    if (write is not null && settings is not null)
    {
        if (compare is not null || density is not null || quick)
            throw new ArgumentException("--write writes the code base; it does not go with --compare, --density or --quick");
        return CodeBaseWriter.Write(write, settings, typeof(SocketLint.SocketLintAnalyzer).Assembly.Location, Console.Out, Console.Error);
    }

    if (density is not null && settings is not null)
    {
        if (compare is not null)
            throw new ArgumentException("--density measures code; it does not go with --compare");
        return await SocketDensity.RunAsync(density, settings, Console.Out);
    }

    if (settings is not null && settings.SteadyRuns is not null && compare is null)
        throw new ArgumentException("--steady goes with --compare BEFORE AFTER");
    if (settings is not null && settings.SecondPass && compare is not null)
        throw new ArgumentException("--second-pass measures the rules of this build; it does not go with --compare");
    if (settings is not null && settings.SocketMethodsPerFile == 0 && compare is null)
        throw new ArgumentException("--socket-methods 0 goes with --compare (a full run measures code without sockets on its own)");
    if (compare is { } builds && settings is not null)
    {
        // A comparison runs at 16× unless --sizes says otherwise.
        var compared = settings with { Scales = args.Contains("--sizes") ? settings.Scales : [16] };
        return compared.SteadyRuns is { } runs
            ? SteadyComparison.Run(builds.Before, builds.After, compared, runs, Console.Out)
            : await BuildComparison.RunAsync(builds.Before, builds.After, compared, Console.Out);
    }
}
catch (ArgumentException e)
{
    Console.Error.WriteLine("error: " + e.Message);
    Console.Error.WriteLine();
    Console.Error.WriteLine(Usage);
    return 2;
}

if (settings is null)
{
    Console.WriteLine(Usage);
    return 0;
}

#if DEBUG
Console.WriteLine("warning: a Debug build; measure with -c Release");
#endif
Console.WriteLine($"SocketLint benchmark: host Roslyn {AnalyzerCatalog.HostRoslynVersion}, .NET {Environment.Version}, {Environment.ProcessorCount} cores, "
    + $"sizes {string.Join(",", settings.Scales.Select(s => s + "×"))}, warm-up {settings.Warmup}, iterations {settings.Iterations}, seed {settings.Seed}, {settings.SocketMethodsPerFile} socket methods per file, "
    + $"{(settings.Concurrent ? "concurrent" : "one binding and one analysis thread")}, {(settings.NoGCRegion ? "no-GC region per run" : "GC as it comes")}{(settings.Nullable ? ", nullable enabled" : "")}");

var subjects = AnalyzerCatalog.Load(secondPass: settings.SecondPass);
if (settings.Only is { } only)
{
    var unknown = only.Where(name => !subjects.Any(s => Matches(s, name))).ToList();
    if (unknown.Count > 0)
    {
        Console.Error.WriteLine($"error: --only names no subject called {string.Join(", ", unknown)}; the subjects are {string.Join(", ", subjects.Select(s => s.Name))}");
        return 2;
    }

    subjects = subjects.Where(s => only.Any(name => Matches(s, name))).ToList();
}

foreach (var subject in subjects)
    Console.WriteLine(subject.Loaded ? $"  loaded   {subject.Name}: {subject.Description}" : $"  MISSING  {subject.Name}: {subject.Error}");

var results = await BenchRunner.RunAsync(settings, subjects, Console.Out);
BenchReport.WriteTables(results, Console.Out);
var checks = BenchReport.CheckTargets(results);
BenchReport.WriteTargets(checks, assert: !quick, Console.Out);

var errors = results.Where(r => r.CompileErrors > 0).Select(r => r.Name).ToList();
if (errors.Count > 0)
{
    Console.Error.WriteLine("error: the generated code does not compile in " + string.Join(", ", errors));
    return 1;
}

return !quick && checks.Any(c => c.Pass == false) ? 1 : 0;

static (BenchSettings Settings, bool Quick, (string Before, string After)? Compare, IReadOnlyList<string>? Density, string? Write) Parse(string[] args)
{
    var settings = new BenchSettings();
    var quick = false;
    (string Before, string After)? compare = null;
    List<string>? density = null;
    string? write = null;
    for (var i = 0; i < args.Length; i++)
    {
        switch (args[i])
        {
            case "--help" or "-h" or "-?":
                return (null!, false, null, null, null);
            case "--density":
                density ??= [];
                while (i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal))
                    density.Add(args[++i]);
                if (density.Count == 0)
                    throw new ArgumentException("--density needs at least one folder of C# code: --density DIR...");
                break;
            case "--compare":
                if (i + 2 >= args.Length || args[i + 1].StartsWith("--", StringComparison.Ordinal) || args[i + 2].StartsWith("--", StringComparison.Ordinal))
                    throw new ArgumentException("--compare needs two builds: --compare BEFORE AFTER (each a SocketLint.dll or the folder that holds it)");
                compare = (args[i + 1], args[i + 2]);
                i += 2;
                break;
            case "--write":
                write = Value(args, ref i);
                break;
            case "--quick":
                quick = true;
                break;
            case "--sizes":
                settings = settings with { Scales = Value(args, ref i).Split(',').Select(s => Number("--sizes", s.Trim(), 1, 64)).Distinct().Order().ToArray() };
                break;
            case "--iterations":
                settings = settings with { Iterations = Number("--iterations", Value(args, ref i), 1, 100) };
                break;
            case "--warmup":
                settings = settings with { Warmup = Number("--warmup", Value(args, ref i), 0, 100) };
                break;
            case "--seed":
                settings = settings with { Seed = Number("--seed", Value(args, ref i), 0, int.MaxValue) };
                break;
            case "--only":
                settings = settings with { Only = Value(args, ref i).Split(',').Select(s => s.Trim()).Where(s => s.Length > 0).ToArray() };
                break;
            case "--concurrent":
                settings = settings with { Concurrent = true };
                break;
            case "--gc":
                settings = settings with { NoGCRegion = false };
                break;
            case "--nullable":
                settings = settings with { Nullable = true };
                break;
            case "--socket-methods":
                settings = settings with { SocketMethodsPerFile = Number("--socket-methods", Value(args, ref i), 0, 24) };
                break;
            case "--steady":
                settings = settings with { SteadyRuns = Number("--steady", Value(args, ref i), 5, 5000) };
                break;
            case "--no-plain":
                settings = settings with { IncludeNoSocketRuns = false };
                break;
            case "--no-dense":
                settings = settings with { IncludeDenseRun = false };
                break;
            case "--second-pass":
                settings = settings with { SecondPass = true };
                break;
            default:
                throw new ArgumentException($"unknown argument '{args[i]}'");
        }
    }

    if (quick)
        settings = settings with { Scales = BenchSettings.Quick.Scales, Warmup = BenchSettings.Quick.Warmup, Iterations = BenchSettings.Quick.Iterations, IncludeDenseRun = false };
    return (settings, quick, compare, density, write);
}

// "SocketLint (all)" answers to its name, "SocketLint" and "all"; "empty (floor)" to "empty" and "floor".
static bool Matches(BenchSubject subject, string name) =>
    subject.Name.Split([' ', '(', ')'], StringSplitOptions.RemoveEmptyEntries).Append(subject.Name).Any(word => word.Equals(name, StringComparison.OrdinalIgnoreCase));

static string Value(string[] args, ref int i)
{
    if (i + 1 >= args.Length || args[i + 1].StartsWith("--", StringComparison.Ordinal))
        throw new ArgumentException($"{args[i]} needs a value");
    return args[++i];
}

static int Number(string option, string text, int min, int max)
{
    if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        throw new ArgumentException($"{option} takes a whole number from {min} to {max}, not '{text}'");
    return value;
}
