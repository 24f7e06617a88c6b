using System.Text.Json;
using SocketLint.Harness.Scenarios;

namespace SocketLint.Harness.Runner;

/// <summary>The harness's entry point: parse, run each selected scenario (broken and fixed, bounded), print, exit code.</summary>
public static class HarnessCommand
{
    public const int Reproduced = 0;
    public const int NotReproduced = 1;
    public const int BadArguments = 2;

    /// <summary>Every scenario, in the order "all" runs them: SL0004 last, since it leaves the thread pool grown.</summary>
    public static IReadOnlyList<Scenario> Scenarios { get; } =
    [
        new SL0001PeerCloseScenario(),
        new SL0002SendFailureScenario(),
        new SL0003ServerClosesFirstScenario(),
        new SL0004BlockingCallScenario(),
    ];

    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, TextWriter errors)
    {
        var known = Scenarios.Select(s => s.Rule).ToList();
        if (!HarnessOptions.TryParse(args, known, out var options, out var error))
        {
            errors.WriteLine($"error: {error}");
            errors.WriteLine(HarnessOptions.Usage);
            return BadArguments;
        }

        if (options.Help)
        {
            output.WriteLine(HarnessOptions.Usage);
            return Reproduced;
        }

        var results = new List<ScenarioResult>();
        foreach (var scenario in Scenarios.Where(s => options.Rules.Contains(s.Rule)))
        {
            var result = await RunScenarioAsync(scenario, options).ConfigureAwait(false);
            results.Add(result);
            if (result.Error is not null)
                errors.WriteLine($"{scenario.Rule}: {result.Error}");
            if (!options.Json)
                Report.WriteTable(output, result);
        }

        if (options.Json)
            Report.WriteJson(output, results);
        else
            output.WriteLine($"{results.Count(r => r.Reproduced)} of {results.Count} scenarios reproduced");

        return results.TrueForAll(r => r.Reproduced) ? Reproduced : NotReproduced;
    }

    /// <summary>Runs both sides under one overall deadline; each side's sockets are closed when it ends, however it ends.</summary>
    public static async Task<ScenarioResult> RunScenarioAsync(Scenario scenario, HarnessOptions options)
    {
        using var deadline = new CancellationTokenSource(options.Timeout);
        var sides = new Dictionary<Variant, Metrics>();
        try
        {
            foreach (var variant in scenario.Order)
            {
                var context = new ScenarioContext(options.Quick, deadline.Token);
                Task<Metrics>? run = null;
                try
                {
                    run = scenario.RunAsync(variant, context);
                    sides[variant] = await run.WaitAsync(deadline.Token).ConfigureAwait(false);
                }
                finally
                {
                    context.Dispose();
                    if (run is not null && !run.IsCompleted)
                        await Dedicated.SettleAsync(run, TimeSpan.FromSeconds(2)).ConfigureAwait(false);
                    ReclaimLeakedSockets();
                }
            }
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            return ScenarioResult.Failed(scenario, sides, $"timed out after {options.Timeout.TotalSeconds:0} s");
        }
        catch (Exception e)
        {
            // A side that fails is reported in one line, not as a stack trace: the run goes on with the next scenario.
            return ScenarioResult.Failed(scenario, sides, $"{e.GetType().Name}: {e.Message}");
        }

        var verdict = scenario.Judge(sides[Variant.Broken], sides[Variant.Fixed], options.Quick);
        return new ScenarioResult(scenario, sides[Variant.Broken], sides[Variant.Fixed], verdict, Error: null);
    }

    /// <summary>
    /// Broken samples drop sockets without closing them (that is their bug); the finalizers close them, so the next
    /// side starts from a clean table.
    /// </summary>
    private static void ReclaimLeakedSockets()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }
}

/// <summary>One scenario's outcome: both sides' metrics and the verdict, or why it could not finish.</summary>
public sealed record ScenarioResult(Scenario Scenario, Metrics Broken, Metrics Fixed, Verdict Verdict, string? Error)
{
    public bool Reproduced => Error is null && Verdict.Reproduced;

    public static ScenarioResult Failed(Scenario scenario, Dictionary<Variant, Metrics> sides, string error) =>
        new(scenario, sides.GetValueOrDefault(Variant.Broken) ?? new Metrics(), sides.GetValueOrDefault(Variant.Fixed) ?? new Metrics(), new Verdict(), error);
}

/// <summary>The two output forms: a table per scenario, or one JSON document.</summary>
public static class Report
{
    public static void WriteTable(TextWriter output, ScenarioResult result)
    {
        var scenario = result.Scenario;
        output.WriteLine($"{scenario.Rule}  {scenario.Title}");
        var names = result.Broken.Values.Select(v => v.Name).Union(result.Fixed.Values.Select(v => v.Name)).ToList();
        int width = Math.Max(20, names.Count == 0 ? 0 : names.Max(n => n.Length));
        if (names.Count > 0)
            output.WriteLine($"  {"metric".PadRight(width)}  {"broken",12}  {"fixed",12}");
        foreach (var name in names)
            output.WriteLine($"  {name.PadRight(width)}  {Cell(result.Broken, name),12}  {Cell(result.Fixed, name),12}");
        foreach (var (text, holds) in result.Verdict.Checks)
            output.WriteLine($"  [{(holds ? "ok" : "no")}] {text}");
        if (result.Error is not null)
            output.WriteLine($"  error: {result.Error}");
        output.WriteLine($"  reproduced: {(result.Reproduced ? "yes" : "NO")}");
        output.WriteLine();
    }

    public static void WriteJson(TextWriter output, IReadOnlyList<ScenarioResult> results)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartArray("scenarios");
            foreach (var result in results)
            {
                json.WriteStartObject();
                json.WriteString("rule", result.Scenario.Rule);
                WriteMetrics(json, "broken", result.Broken);
                WriteMetrics(json, "fixed", result.Fixed);
                json.WriteBoolean("reproduced", result.Reproduced);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        output.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
    }

    private static void WriteMetrics(Utf8JsonWriter json, string name, Metrics metrics)
    {
        json.WriteStartObject(name);
        foreach (var (metric, value, whole) in metrics.Values)
        {
            if (whole)
                json.WriteNumber(metric, (long)value);
            else
                json.WriteNumber(metric, value);
        }

        json.WriteEndObject();
    }

    private static string Cell(Metrics metrics, string name) => metrics.Has(name) ? Verdict.Format(metrics[name]) : "-";
}
