using System.Globalization;

namespace SocketLint.Benchmarks;

/// <summary>One performance target and whether the measured figures meet it (null: could not be checked).</summary>
public sealed record TargetCheck(string Target, string Measured, bool? Pass);

/// <summary>Writes the tables and checks the targets of issue #7.</summary>
public static class BenchReport
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>
    /// Per code base, a row per subject. Times are the driver's telemetry (the analyzer's own callbacks); ratios,
    /// shares and per-line figures use the minimum over the iterations, the run least disturbed by the machine.
    /// </summary>
    public static void WriteTables(IReadOnlyList<CodeBaseResult> results, TextWriter output)
    {
        foreach (var result in results)
        {
            var bind = result.MinBindTime;
            var empty = result[AnalyzerCatalog.Empty];
            output.WriteLine();
            output.WriteLine($"### {result.Name}: {result.Files} files, {result.Lines:N0} lines, {result.Invocations:N0} invocations ({result.SocketInvocations:N0} on sockets), "
                + $"sockets reference {(result.SocketsReferenced ? "present" : "absent")}, {result.CompileErrors} compile errors");
            output.WriteLine($"compiler bind-and-check (GetDiagnostics on a fresh compilation): min {Ms(bind)} ms (median {Ms(result.MedianBindTime)}), {Ms(PerKLines(bind, result.Lines))} ms per 1,000 lines, processor time min {Ms(result.MinBindCpu)} ms"
                + (result.BindTimesWithCollections.Count > 0 ? $"; with collections allowed min {Ms(result.MinBindTimeWithCollections)} ms" : ""));
            output.WriteLine();
            output.WriteLine("| subject | findings | min ms | median ms | ms / 1k lines | ns / invocation | % of bind | vs CA1849 | vs VSTHRD103 | vs MA0042 | alloc MB (run) | alloc Δ vs empty |");
            output.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
            foreach (var subject in result.Subjects.Where(s => s.Samples.Count > 0))
            {
                var time = subject.MinTime;
                output.WriteLine(string.Join(" | ", [
                    "| " + subject.Subject.Name,
                    subject.Diagnostics.ToString(Invariant),
                    Ms(time),
                    Ms(subject.MedianTime),
                    Ms(PerKLines(time, result.Lines)),
                    (result.Invocations == 0 ? 0 : time.TotalMilliseconds * 1e6 / result.Invocations).ToString("F0", Invariant),
                    Percent(time, bind),
                    Ratio(time, result[AnalyzerCatalog.CA1849]),
                    Ratio(time, result[AnalyzerCatalog.VSTHRD103]),
                    Ratio(time, result[AnalyzerCatalog.MA0042]),
                    (subject.MedianAllocated / 1048576.0).ToString("F1", Invariant),
                    AllocatedBeyondFloor(subject, empty) + " |",
                ]));
            }

            foreach (var subject in result.Subjects.Where(s => s.Exceptions.Count > 0))
                output.WriteLine($"analyzer exceptions in {subject.Subject.Name}: {string.Join("; ", subject.Exceptions)}");
        }
    }

    /// <summary>
    /// The run's allocation beyond the empty analyzer's. A subject that registered nothing (no sockets reference) lets
    /// the driver skip the operation trees the floor pays for: a difference against the floor means nothing there.
    /// </summary>
    private static string AllocatedBeyondFloor(SubjectResult subject, SubjectResult? empty)
    {
        if (empty is null)
            return "n/a";
        if (subject.MedianAllocated < empty.MedianAllocated / 2)
            return "n/a (no operations built)";
        return ((subject.MedianAllocated - empty.MedianAllocated) / 1048576.0).ToString("+0.0;-0.0;0.0", Invariant) + " MB";
    }

    /// <summary>
    /// The targets of issue #7, checked on the largest code base with sockets (and the smallest, for scaling), on the
    /// minimum telemetry time of each subject.
    /// </summary>
    public static IReadOnlyList<TargetCheck> CheckTargets(IReadOnlyList<CodeBaseResult> results)
    {
        var checks = new List<TargetCheck>();
        var socketBases = results.Where(r => r.SocketInvocations > 0 && !r.Dense).OrderBy(r => r.Lines).ToList();
        if (socketBases.Count == 0)
            return checks;
        var largest = socketBases[^1];
        var smallest = socketBases[0];
        var all = largest[AnalyzerCatalog.SocketLintAll];
        var sl0004 = largest["SL0004"];
        var ca1849 = largest[AnalyzerCatalog.CA1849];
        var vsthrd = largest[AnalyzerCatalog.VSTHRD103];
        var at = $" ({largest.Name})";

        checks.Add(RatioAtMost("SocketLint rules together ≤ 0.5 × CA1849" + at, all, ca1849, 0.5));
        checks.Add(all is null
            ? new TargetCheck("SocketLint rules together ≤ 2% of bind-and-check" + at, "not measured", null)
            : new TargetCheck("SocketLint rules together ≤ 2% of bind-and-check" + at,
                $"{Ms(all.MinTime)} of {Ms(largest.MinBindTime)} ms = {Percent(all.MinTime, largest.MinBindTime)}",
                all.MinTime.Ticks <= 0.02 * largest.MinBindTime.Ticks));
        if (all is not null && largest.BindTimesWithCollections.Count > 0)
        {
            checks.Add(new TargetCheck(
                "the same share, against bind-and-check with collections allowed" + at,
                $"{Ms(all.MinTime)} of {Ms(largest.MinBindTimeWithCollections)} ms = {Percent(all.MinTime, largest.MinBindTimeWithCollections)} "
                    + "(the compiler as it runs, reusing memory; the runs above are in no-GC regions, where its allocations touch fresh memory and slow it most; shown, not asserted)",
                null));
        }

        checks.Add(RatioAtMost("SL0004 alone ≥ 3× cheaper than CA1849" + at, sl0004, ca1849, 1 / 3.0));
        checks.Add(RatioAtMost("SL0004 alone ≥ 10× cheaper than VSTHRD103" + at, sl0004, vsthrd, 1 / 10.0));

        var smallAll = smallest[AnalyzerCatalog.SocketLintAll];
        if (socketBases.Count > 1 && all is not null && smallAll is not null)
        {
            var large = PerKLines(all.MinTime, largest.Lines);
            var small = PerKLines(smallAll.MinTime, smallest.Lines);
            var ratio = small.Ticks == 0 ? double.PositiveInfinity : (double)large.Ticks / small.Ticks;
            checks.Add(new TargetCheck(
                $"SocketLint cost per 1,000 lines at {largest.Name} within 1.3× of {smallest.Name}",
                $"{Ms(large)} vs {Ms(small)} ms per 1,000 lines = {ratio.ToString("F2", Invariant)}×",
                ratio <= 1.3));
        }

        // The dense networking layer: the same target, shown.
        if (results.FirstOrDefault(r => r.Dense) is { } denseBase && denseBase[AnalyzerCatalog.SocketLintAll] is { } denseAll)
        {
            var ca1849Part = denseBase[AnalyzerCatalog.CA1849] is { } denseCa1849 && denseCa1849.MinTime.Ticks > 0
                ? $", {((double)denseAll.MinTime.Ticks / denseCa1849.MinTime.Ticks).ToString("F3", Invariant)}× CA1849"
                : "";
            checks.Add(new TargetCheck(
                $"SocketLint rules together on {denseBase.Name}",
                $"{Ms(denseAll.MinTime)} of {Ms(denseBase.MinBindTime)} ms = {Percent(denseAll.MinTime, denseBase.MinBindTime)} of bind-and-check"
                    + (denseBase.BindTimesWithCollections.Count > 0 ? $" ({Percent(denseAll.MinTime, denseBase.MinBindTimeWithCollections)} with collections allowed)" : "")
                    + $"{ca1849Part}; "
                    + $"{denseAll.Diagnostics:N0} findings (shown, not asserted: denser in socket code than real code, see --density)",
                null));
        }

        // What the driver spends on a reported diagnostic when every invocation reports one: shown, not asserted.
        if (largest[AnalyzerCatalog.Reporting] is { } reporting && largest[AnalyzerCatalog.Empty] is { } empty && reporting.Diagnostics > 0)
        {
            var perReport = TimeSpan.FromTicks(Math.Max(0, (reporting.MinTime - empty.MinTime).Ticks) / reporting.Diagnostics);
            checks.Add(new TargetCheck(
                $"reporting ({largest.Name})",
                $"{perReport.TotalMilliseconds * 1000:F1} µs per diagnostic when every invocation reports one ({reporting.Diagnostics:N0} reports); "
                    + "a member's first report costs more (shown, not asserted)",
                null));
        }

        // Allocation on invocations that are not socket calls: shown, not asserted.
        if (results.FirstOrDefault(r => r.SocketInvocations == 0 && r.SocketsReferenced) is { } plain
            && plain[AnalyzerCatalog.SocketLintAll] is { } plainAll && plain[AnalyzerCatalog.Empty] is { } plainEmpty && plain.Invocations > 0)
        {
            var extra = plainAll.MedianAllocated - plainEmpty.MedianAllocated;
            checks.Add(new TargetCheck(
                $"allocations on non-socket invocations ({plain.Name})",
                $"{extra / 1024.0:F0} KB more than the empty analyzer over {plain.Invocations:N0} invocations = {(double)extra / plain.Invocations:F1} bytes per invocation (whole-run difference, includes the driver's per-analyzer work; shown, not asserted)",
                null));
        }

        if (results.FirstOrDefault(r => !r.SocketsReferenced) is { } bare && bare[AnalyzerCatalog.SocketLintAll] is { } bareAll)
        {
            checks.Add(new TargetCheck(
                $"SocketLint without System.Net.Sockets ({bare.Name})",
                $"{Ms(bareAll.MinTime)} ms analyzer time = {Percent(bareAll.MinTime, bare.MinBindTime)} of bind-and-check (compilation start only; shown, not asserted)",
                null));
        }

        return checks;
    }

    public static void WriteTargets(IReadOnlyList<TargetCheck> checks, bool assert, TextWriter output)
    {
        output.WriteLine();
        output.WriteLine(assert ? "### Targets" : "### Targets (quick mode: shown, not asserted)");
        foreach (var check in checks)
        {
            var verdict = check.Pass switch
            {
                null => "INFO",
                _ when !assert => "----",
                true => "PASS",
                false => "FAIL",
            };
            output.WriteLine($"{verdict}  {check.Target}: {check.Measured}");
        }
    }

    /// <summary>Checked on the minimum telemetry times.</summary>
    private static TargetCheck RatioAtMost(string target, SubjectResult? subject, SubjectResult? peer, double limit)
    {
        if (subject is null || peer is null)
            return new TargetCheck(target, $"not measured ({(subject is null ? "SocketLint" : peer?.Subject.Name ?? "the peer")} did not run)", null);
        var ratio = peer.MinTime.Ticks == 0 ? double.PositiveInfinity : (double)subject.MinTime.Ticks / peer.MinTime.Ticks;
        return new TargetCheck(target,
            $"{Ms(subject.MinTime)} vs {Ms(peer.MinTime)} ms = {ratio.ToString("F3", Invariant)}× (limit {limit.ToString("F3", Invariant)}×; {(ratio == 0 ? "∞" : (1 / ratio).ToString("F1", Invariant))}× cheaper)",
            ratio <= limit);
    }

    private static TimeSpan PerKLines(TimeSpan time, int lines) => lines == 0 ? TimeSpan.Zero : TimeSpan.FromTicks((long)(time.Ticks * 1000.0 / lines));

    private static string Ms(TimeSpan time) => time.TotalMilliseconds.ToString(time.TotalMilliseconds < 10 ? "F2" : "F1", Invariant);

    private static string Percent(TimeSpan part, TimeSpan whole) =>
        whole.Ticks == 0 ? "n/a" : (100.0 * part.Ticks / whole.Ticks).ToString("F2", Invariant) + "%";

    private static string Ratio(TimeSpan time, SubjectResult? peer) =>
        peer is null || peer.MinTime.Ticks == 0 ? "n/a" : ((double)time.Ticks / peer.MinTime.Ticks).ToString("F2", Invariant) + "×";
}
