namespace SocketLint.Harness.Runner;

/// <summary>
/// Whether broken and fixed differ as the rule's doc says: a list of explicit threshold checks, all of which must
/// hold. Each check says what it compared, so a run that does not reproduce says why.
/// </summary>
public sealed class Verdict
{
    private readonly List<(string Text, bool Holds)> _checks = [];

    public IReadOnlyList<(string Text, bool Holds)> Checks => _checks;

    public bool Reproduced => _checks.Count > 0 && _checks.TrueForAll(c => c.Holds);

    public Verdict AtLeast(string side, Metrics metrics, string name, double threshold)
    {
        var value = metrics[name];
        _checks.Add(($"{side} {name} {Format(value)} >= {Format(threshold)}", value >= threshold));
        return this;
    }

    public Verdict AtMost(string side, Metrics metrics, string name, double threshold)
    {
        var value = metrics[name];
        _checks.Add(($"{side} {name} {Format(value)} <= {Format(threshold)}", value <= threshold));
        return this;
    }

    public Verdict Check(string text, bool holds)
    {
        _checks.Add((text, holds));
        return this;
    }

    public static string Format(double value) =>
        value == Math.Floor(value) ? ((long)value).ToString(System.Globalization.CultureInfo.InvariantCulture)
                                   : value.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture);
}
