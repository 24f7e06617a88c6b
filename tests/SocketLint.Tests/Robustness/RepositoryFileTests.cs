using Xunit;

namespace SocketLint.Tests.Robustness;

/// <summary>
/// Every analyzer and fix over the repository's C# (samples, and the test cases embedded in the rule tests) as it
/// is typed and as it is mistyped: no analyzer or fix throws, no fix adds a compiler error or leaves its diagnostic.
/// </summary>
public class RepositoryFilePrefixTests
{
    [Fact]
    public async Task Every_prefix_cut_at_a_token_boundary()
    {
        var inputs = Corpus.RepositoryFiles.Where(i => RobustnessSettings.Selected(i.Label)).ToList();
        Assert.NotEmpty(inputs);
        var variants = inputs.SelectMany(i => Variants.Prefixes(i, RobustnessSettings.RandomFor(i.Label), RobustnessSettings.PrefixesPerInput));
        Variants.AssertNoFailures(await Variants.CheckAsync(variants));
    }
}

public class RepositoryFileMutationTests
{
    [Fact]
    public async Task Each_file_whole_and_with_single_token_deletions_and_duplications()
    {
        var inputs = Corpus.RepositoryFiles.Where(i => RobustnessSettings.Selected(i.Label)).ToList();
        Assert.NotEmpty(inputs);
        var variants = inputs.SelectMany(i =>
            Variants.Mutations(i, RobustnessSettings.RandomFor(i.Label), RobustnessSettings.MutationsPerInput)
                .Prepend(new Variant(i, i.Text, "as written")));
        Variants.AssertNoFailures(await Variants.CheckAsync(variants));
    }
}
