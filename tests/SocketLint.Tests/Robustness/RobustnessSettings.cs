namespace SocketLint.Tests.Robustness;

/// <summary>
/// How the robustness suite picks its inputs. Every random choice comes from <see cref="Seed"/> and the input's
/// label, so a failure repeats with the same seed, whatever else runs.
/// <list type="bullet">
/// <item><c>SOCKETLINT_ROBUSTNESS_SEED</c>: the seed (default 1). CI runs the default; try others locally.</item>
/// <item><c>SOCKETLINT_ROBUSTNESS_INPUT</c>: run only inputs whose label contains this text (a failure prints its label).</item>
/// <item><c>SOCKETLINT_ROBUSTNESS_EXHAUSTIVE=1</c>: every token boundary and many more mutations (hours, not minutes).</item>
/// </list>
/// </summary>
internal static class RobustnessSettings
{
    public const int DefaultSeed = 1;

    public static int Seed { get; } = int.TryParse(Environment.GetEnvironmentVariable("SOCKETLINT_ROBUSTNESS_SEED"), out var seed) ? seed : DefaultSeed;

    public static string? InputFilter { get; } = Environment.GetEnvironmentVariable("SOCKETLINT_ROBUSTNESS_INPUT") is { Length: > 0 } filter ? filter : null;

    public static bool Exhaustive { get; } = Environment.GetEnvironmentVariable("SOCKETLINT_ROBUSTNESS_EXHAUSTIVE") == "1";

    /// <summary>Prefixes cut from each input (token boundaries, evenly spaced from a seeded offset).</summary>
    public static int PrefixesPerInput => Exhaustive ? int.MaxValue : 5;

    /// <summary>Single-token deletions and duplications of each input.</summary>
    public static int MutationsPerInput => Exhaustive ? 200 : 3;

    /// <summary>Code actions applied and checked per variant (each one costs a compilation and an analysis).</summary>
    public static int FixesPerVariant => int.TryParse(Environment.GetEnvironmentVariable("SOCKETLINT_ROBUSTNESS_FIXES"), out var fixes) ? fixes : Exhaustive ? int.MaxValue : 2;

    public static bool Selected(string label) => InputFilter is null || label.Contains(InputFilter, StringComparison.Ordinal);

    /// <summary>A generator for one input: the same seed and label give the same choices in every run.</summary>
    public static Random RandomFor(string label) => new(unchecked(Seed * 16777619 ^ StableHash(label)));

    /// <summary>FNV-1a: string.GetHashCode differs from process to process.</summary>
    private static int StableHash(string text)
    {
        unchecked
        {
            uint hash = 2166136261;
            foreach (var c in text)
                hash = (hash ^ c) * 16777619;
            return (int)hash;
        }
    }

    public static string Reproduce(string label) =>
        $"reproduce: SOCKETLINT_ROBUSTNESS_SEED={Seed} SOCKETLINT_ROBUSTNESS_INPUT='{label}' dotnet test --filter FullyQualifiedName~Robustness";
}
