using Xunit;

namespace SocketLint.Tests.Robustness;

/// <summary>Every analyzer and fix over generated socket code of many shapes, whole, as it is typed, and mistyped.</summary>
public class GeneratedCodeTests
{
    private const int Programs = 60;

    [Fact]
    public async Task Generated_socket_code_whole_cut_and_slipped()
    {
        var inputs = SocketShapes.Generate(Programs).Where(i => RobustnessSettings.Selected(i.Label)).ToList();
        Assert.NotEmpty(inputs);
        var variants = inputs.SelectMany(i =>
        {
            var random = RobustnessSettings.RandomFor(i.Label + "|variants");
            return Variants.Prefixes(i, random, Math.Min(RobustnessSettings.PrefixesPerInput, 3))
                .Concat(Variants.Mutations(i, random, Math.Min(RobustnessSettings.MutationsPerInput, 3)))
                .Prepend(new Variant(i, i.Text, "as generated"));
        });
        Variants.AssertNoFailures(await Variants.CheckAsync(variants));
    }

    [Theory]
    [InlineData(400)]
    [InlineData(2500)]
    public async Task Deep_nesting_neither_overflows_nor_throws(int depth)
    {
        // The rules recurse through conditions, parentheses and blocks: a machine-written file must not take the
        // IDE's analyzer host down with a stack overflow.
        var condition = string.Concat(Enumerable.Repeat("!(", depth)) + "n == 0" + new string(')', depth);
        var sum = "n" + string.Concat(Enumerable.Repeat(" + n", depth));
        var blocks = string.Concat(Enumerable.Repeat("{ ", depth)) + "n = s.Receive(buf);" + string.Concat(Enumerable.Repeat(" }", depth));
        var source = $$"""
            class Deep
            {
                async Task M(Socket listener, byte[] buf)
                {
                    var s = listener.Accept();
                    int n = s.Receive(buf);
                    if ({{condition}}) { s.Close(); return; }
                    n = {{sum}};
                    {{blocks}}
                    while (((((((n = await s.ReceiveAsync(buf, SocketFlags.None)))))) > 0)) { }
                }
            }
            """;
        var failures = await RobustnessHarness.Instance.CheckAsync(source, topLevel: false, RobustnessSettings.RandomFor("deep"));
        Assert.True(failures.IsEmpty, string.Join("\n", failures));
    }

    [Fact]
    public async Task Generated_code_exercises_the_rules()
    {
        // The generator is worth running only if its code is what the rules look at: most programs get a diagnostic.
        var flagged = 0;
        foreach (var input in SocketShapes.Generate(Programs))
        {
            var document = RobustnessHarness.Instance.DocumentFor(input.Text, input.TopLevel);
            var (diagnostics, _) = await RobustnessHarness.AnalyzeAsync(document.Project);
            if (diagnostics.Any())
                flagged++;
        }

        Assert.True(flagged > Programs / 2, $"only {flagged} of {Programs} generated programs get a SocketLint diagnostic");
    }
}
