using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace SocketLint.Tests.Robustness;

/// <summary>One text the suite checks, and how it was made from its input (for the failure message).</summary>
internal sealed record Variant(RobustnessInput Input, string Text, string How);

/// <summary>The broken forms of an input: a file being typed (prefixes), and single-token slips (deletions, duplications).</summary>
internal static class Variants
{
    /// <summary>Prefixes that end at a token boundary: every k-th token end from a seeded offset, at most <paramref name="count"/>.</summary>
    public static IEnumerable<Variant> Prefixes(RobustnessInput input, Random random, int count)
    {
        var tokens = Tokens(input);
        if (tokens.Count == 0)
            yield break;
        var step = Math.Max(1, tokens.Count / Math.Min(count, tokens.Count));
        for (int i = random.Next(step); i < tokens.Count; i += step)
        {
            var cut = tokens[i].Span.End;
            yield return new Variant(input, input.Text[..cut], $"prefix cut at offset {cut} (after token #{i} '{tokens[i].Text}')");
        }
    }

    /// <summary>Copies of the input with one token deleted or doubled, at seeded places.</summary>
    public static IEnumerable<Variant> Mutations(RobustnessInput input, Random random, int count)
    {
        var tokens = Tokens(input);
        if (tokens.Count == 0)
            yield break;
        for (int n = 0; n < count; n++)
        {
            var i = random.Next(tokens.Count);
            var token = tokens[i];
            if (random.Next(2) == 0)
            {
                yield return new Variant(input, input.Text.Remove(token.SpanStart, token.Span.Length), $"token #{i} '{token.Text}' deleted at offset {token.SpanStart}");
            }
            else
            {
                yield return new Variant(input, input.Text.Insert(token.Span.End, " " + token.Text), $"token #{i} '{token.Text}' duplicated at offset {token.Span.End}");
            }
        }
    }

    public static void AssertNoFailures(string? report)
    {
        if (report is null)
            return;
        if (Environment.GetEnvironmentVariable("SOCKETLINT_ROBUSTNESS_REPORT") is { Length: > 0 } path)
            File.AppendAllText(path, report);
        Xunit.Assert.Fail(report);
    }

    private static List<SyntaxToken> Tokens(RobustnessInput input) =>
        CSharpSyntaxTree.ParseText(input.Text, RobustnessHarness.ParseOptions).GetRoot()
            .DescendantTokens()
            .Where(t => !t.IsKind(SyntaxKind.EndOfFileToken) && t.Span.Length > 0)
            .ToList();

    /// <summary>Checks variants and returns the failure report, or null: seed, input, how each variant was made, its text.</summary>
    public static async Task<string?> CheckAsync(IEnumerable<Variant> variants)
    {
        var report = new System.Text.StringBuilder();
        var failed = 0;
        var checkedCount = 0;
        foreach (var variant in variants)
        {
            checkedCount++;
            var failures = await RobustnessHarness.Instance.CheckAsync(variant.Text, variant.Input.TopLevel, RobustnessSettings.RandomFor(variant.Input.Label + "|" + variant.How));
            if (failures.IsEmpty)
                continue;
            if (++failed > 10)
                continue;
            report.AppendLine($"=== seed {RobustnessSettings.Seed}, input {variant.Input.Label}, {variant.How}");
            report.AppendLine(RobustnessSettings.Reproduce(variant.Input.Label));
            foreach (var failure in failures)
                report.AppendLine(failure);
            report.AppendLine("--- input text:");
            report.AppendLine(variant.Text);
            report.AppendLine("---");
        }

        return failed == 0 ? null : $"{failed} of {checkedCount} variants failed (first 10 shown)\n{report}";
    }
}
