namespace SocketLint.Harness.Runner;

/// <summary>One side's measurements, in the order they were taken: whole counts, or milliseconds.</summary>
public sealed class Metrics
{
    private readonly List<(string Name, double Value, bool Whole)> _values = [];

    public IEnumerable<(string Name, double Value, bool Whole)> Values => _values;

    public Metrics Count(string name, long value)
    {
        _values.Add((name, value, true));
        return this;
    }

    public Metrics Milliseconds(string name, double value)
    {
        _values.Add((name, Math.Round(value, 1), false));
        return this;
    }

    public double this[string name] => _values.First(v => v.Name == name).Value;

    public bool Has(string name) => _values.Exists(v => v.Name == name);
}
