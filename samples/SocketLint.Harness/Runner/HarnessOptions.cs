using System.Globalization;
using System.Text.RegularExpressions;

namespace SocketLint.Harness.Runner;

/// <summary>The command line: which scenarios, how to print, how long each may take.</summary>
public sealed class HarnessOptions
{
    public const int DefaultTimeoutSeconds = 60;
    public const int MaxTimeoutSeconds = 600;

    public const string Usage = """
        usage: SocketLint.Harness [all | SLdddd ...] [--scenario <all|SLdddd>] [--json] [--quick] [--timeout <seconds>]

          all, SLdddd        the scenarios to run (default: all): SL0001, SL0002, SL0003, SL0004
          --scenario <id>    the same, as an option (may be repeated)
          --json             print {"scenarios":[{"rule","broken","fixed","reproduced"}]} instead of tables
          --quick            smaller counts and shorter windows (tests, CI)
          --timeout <s>      overall limit per scenario, 1 to 600 seconds (default 60)
          -h, --help         this text

        exit code: 0 every selected scenario reproduced, 1 one did not (or failed), 2 bad arguments
        """;

    public IReadOnlyList<string> Rules { get; private init; } = [];

    public bool Json { get; private init; }

    public bool Quick { get; private init; }

    public bool Help { get; private init; }

    public TimeSpan Timeout { get; private init; } = TimeSpan.FromSeconds(DefaultTimeoutSeconds);

    /// <summary>Parses <paramref name="args"/> against the known rules; on failure, <paramref name="error"/> is one line.</summary>
    public static bool TryParse(IReadOnlyList<string> args, IReadOnlyList<string> knownRules, out HarnessOptions options, out string error)
    {
        options = new HarnessOptions();
        error = "";
        var rules = new List<string>();
        bool json = false, quick = false, help = false;
        int timeoutSeconds = DefaultTimeoutSeconds;

        for (int i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            string? inlineValue = null;
            if (arg.StartsWith("--", StringComparison.Ordinal) && arg.IndexOf('=') is var eq and > 2)
            {
                inlineValue = arg[(eq + 1)..];
                arg = arg[..eq];
            }

            switch (arg)
            {
                case "--json" when inlineValue is null:
                    json = true;
                    break;
                case "--quick" when inlineValue is null:
                    quick = true;
                    break;
                case "-h" or "--help" when inlineValue is null:
                    help = true;
                    break;
                case "--scenario":
                case "--timeout":
                    var value = inlineValue ?? (i + 1 < args.Count ? args[++i] : null);
                    if (value is null)
                    {
                        error = $"option '{arg}' needs a value";
                        return false;
                    }

                    if (arg == "--scenario")
                    {
                        if (!TryAddSelection(value, knownRules, rules, out error))
                            return false;
                    }
                    else if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out timeoutSeconds)
                             || timeoutSeconds < 1 || timeoutSeconds > MaxTimeoutSeconds)
                    {
                        error = $"invalid --timeout '{value}': expected whole seconds from 1 to {MaxTimeoutSeconds}";
                        return false;
                    }

                    break;
                default:
                    if (arg.StartsWith('-'))
                    {
                        error = $"unknown option '{args[i]}'";
                        return false;
                    }

                    if (!TryAddSelection(arg, knownRules, rules, out error))
                        return false;
                    break;
            }
        }

        options = new HarnessOptions
        {
            Rules = rules.Count == 0 ? knownRules : knownRules.Where(rules.Contains).ToList(),
            Json = json,
            Quick = quick,
            Help = help,
            Timeout = TimeSpan.FromSeconds(timeoutSeconds),
        };
        return true;
    }

    private static bool TryAddSelection(string value, IReadOnlyList<string> knownRules, List<string> rules, out string error)
    {
        error = "";
        if (value.Equals("all", StringComparison.OrdinalIgnoreCase))
        {
            rules.AddRange(knownRules);
            return true;
        }

        var id = value.ToUpperInvariant();
        if (knownRules.Contains(id))
        {
            rules.Add(id);
            return true;
        }

        error = RuleId.IsMatch(id)
            ? $"unknown scenario '{value}': there is none for that rule; choose all, {string.Join(", ", knownRules)}"
            : $"unknown scenario '{value}': expected all or a rule ID ({string.Join(", ", knownRules)})";
        return false;
    }

    private static readonly Regex RuleId = new(@"^SL\d{4}$", RegexOptions.CultureInvariant);
}
