using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Xunit;

namespace SocketLint.Tests.Conventions;

/// <summary>What makes a rule complete: these checks hold for every descriptor SocketLint ships.</summary>
public class DescriptorConventionTests
{
    public static TheoryData<string> Ids()
    {
        var data = new TheoryData<string>();
        foreach (var descriptor in Repository.Descriptors)
            data.Add(descriptor.Id);
        return data;
    }

    private static DiagnosticDescriptor Descriptor(string id) => Repository.Descriptors.Single(d => d.Id == id);

    [Fact]
    public void Rules_exist_and_ids_are_unique_across_analyzers()
    {
        Assert.NotEmpty(Repository.Descriptors);
        var all = Repository.Analyzers.SelectMany(a => a.SupportedDiagnostics.Select(d => (d.Id, Analyzer: a.GetType()))).ToList();
        Assert.All(all.GroupBy(x => x.Id), g => Assert.Single(g.Select(x => x.Analyzer).Distinct()));
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Descriptor_has_id_title_category_message_and_help_link(string id)
    {
        var descriptor = Descriptor(id);
        Assert.Matches(@"^SL\d{4}$", descriptor.Id);
        Assert.False(string.IsNullOrWhiteSpace(descriptor.Title.ToString()));
        Assert.False(string.IsNullOrWhiteSpace(descriptor.MessageFormat.ToString()));
        Assert.False(string.IsNullOrWhiteSpace(descriptor.Description.ToString()));
        Assert.Contains(descriptor.Category, new[] { "Reliability", "Performance" });
        Assert.Equal($"https://github.com/socketlint/socketlint/blob/main/docs/rules/{id}.md", descriptor.HelpLinkUri);
        Assert.True(descriptor.IsEnabledByDefault);
    }

    [Fact]
    public void One_analyzer_reports_every_rule()
    {
        var analyzer = Assert.Single(Repository.Analyzers);
        Assert.IsType<SocketLintAnalyzer>(analyzer);
        Assert.Equal(Repository.Descriptors.Select(d => d.Id), analyzer.SupportedDiagnostics.Select(d => d.Id));
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Rule_type_name_starts_with_its_id(string id)
    {
        // One grep for an ID finds the rule's reasoning, its fix, its tests and its doc page.
        var rule = Assert.Single(typeof(SocketLintAnalyzer).Assembly.GetTypes(), t => t.Namespace == "SocketLint.Rules" && t.Name.StartsWith(id, StringComparison.Ordinal));
        Assert.EndsWith("Rule", rule.Name);
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Rule_has_a_code_fix_named_after_it(string id)
    {
        var fixes = Repository.CodeFixes.Where(f => f.FixableDiagnosticIds.Contains(id)).ToList();
        Assert.NotEmpty(fixes);
        Assert.All(fixes, f => Assert.StartsWith(id, f.GetType().Name));
        Assert.All(fixes, f => Assert.NotNull(f.GetFixAllProvider()));
    }

    [Fact]
    public void Every_fixable_id_is_a_shipped_rule()
    {
        var ids = Repository.Descriptors.Select(d => d.Id).ToHashSet();
        Assert.All(Repository.CodeFixes.SelectMany(f => f.FixableDiagnosticIds), id => Assert.Contains(id, ids));
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Doc_page_has_the_title_properties_and_sections(string id)
    {
        var descriptor = Descriptor(id);
        var path = Repository.PathOf("docs", "rules", id + ".md");
        Assert.True(File.Exists(path), $"missing {path}");
        var lines = File.ReadAllLines(path);
        Assert.Equal($"# {id}: {descriptor.Title}", lines[0]);

        var text = string.Join('\n', lines);
        Assert.Matches($@"\|\s*Rule ID\s*\|\s*{id}\s*\|", text);
        Assert.Matches($@"\|\s*Category\s*\|\s*{descriptor.Category}\s*\|", text);
        Assert.Matches($@"\|\s*Default severity\s*\|\s*{descriptor.DefaultSeverity}\s*\|", text);
        Assert.Matches(@"\|\s*Code fix\s*\|", text);

        var headings = lines.Where(l => l.StartsWith("## ", StringComparison.Ordinal)).Select(l => l[3..].Trim()).ToList();
        string[] required = ["Cause", "Why it breaks on a real socket", "How to fix", "Configuration", "When to suppress", "Limits", "Related rules"];
        Assert.Equal(required, headings.Where(h => required.Contains(h)).ToArray());

        // What the rule does not see is said plainly, right before the related rules, and says something.
        Assert.Equal(headings.IndexOf("Limits") + 1, headings.IndexOf("Related rules"));
        var limits = text[(text.IndexOf("\n## Limits\n", StringComparison.Ordinal) + 11)..text.IndexOf("\n## Related rules", StringComparison.Ordinal)];
        Assert.Contains("- ", limits);
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Rule_has_a_test_class(string id)
    {
        var testClasses = typeof(DescriptorConventionTests).Assembly.GetTypes()
            .Where(t => t.Name.StartsWith(id, StringComparison.Ordinal) && t.Name.EndsWith("Tests", StringComparison.Ordinal));
        var testClass = Assert.Single(testClasses);
        var facts = testClass.GetNestedTypes().Append(testClass)
            .SelectMany(t => t.GetMethods())
            .Count(m => m.GetCustomAttributes<Xunit.FactAttribute>(inherit: true).Any());
        Assert.True(facts >= 5, $"{testClass.Name} has {facts} tests");
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Readme_table_has_a_row(string id)
    {
        var descriptor = Descriptor(id);
        var readme = File.ReadAllText(Repository.PathOf("README.md"));
        Assert.Matches($@"\|\s*\[{id}\]\(docs/rules/{id}\.md\)\s*\|\s*{Regex.Escape(descriptor.Title.ToString())}\s*\|", readme);
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Release_tracking_has_a_row(string id)
    {
        var descriptor = Descriptor(id);
        var tracking = File.ReadAllText(Repository.PathOf("src", "SocketLint", "AnalyzerReleases.Shipped.md"))
            + File.ReadAllText(Repository.PathOf("src", "SocketLint", "AnalyzerReleases.Unshipped.md"));
        Assert.Matches($@"(?m)^{id}\s*\|\s*{descriptor.Category}\s*\|\s*{descriptor.DefaultSeverity}\s*\|", tracking);
    }

    [Fact]
    public void Every_doc_page_belongs_to_a_rule()
    {
        var ids = Repository.Descriptors.Select(d => d.Id).ToHashSet();
        var pages = Directory.GetFiles(Repository.PathOf("docs", "rules"), "*.md").Select(Path.GetFileNameWithoutExtension);
        Assert.All(pages, page => Assert.Contains(page!, ids));
    }
}
