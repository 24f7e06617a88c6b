namespace SocketLint.Harness.Runner;

/// <summary>Which of a rule's two samples a run exercises.</summary>
public enum Variant
{
    Broken,
    Fixed,
}

/// <summary>One rule's runtime scenario: runs the broken and the fixed sample the same way and judges the difference.</summary>
public abstract class Scenario
{
    /// <summary>The rule ID, SLdddd.</summary>
    public abstract string Rule { get; }

    /// <summary>What is measured, in one line.</summary>
    public abstract string Title { get; }

    /// <summary>The order the two sides run in (a side that leaves the process changed runs last).</summary>
    public virtual IReadOnlyList<Variant> Order { get; } = [Variant.Broken, Variant.Fixed];

    /// <summary>Runs one side on loopback sockets, bounded by the context's deadline; sockets go to the context.</summary>
    public abstract Task<Metrics> RunAsync(Variant variant, ScenarioContext context);

    /// <summary>The explicit thresholds that say whether the rule's failure was reproduced.</summary>
    public abstract Verdict Judge(Metrics broken, Metrics fixedSide, bool quick);
}
