using System.Diagnostics;
using System.IO.Compression;
using System.Xml.Linq;
using Xunit;

namespace SocketLint.Tests.Conventions;

/// <summary>Packs the SocketLint nupkg and checks it holds exactly what a consumer needs, and nothing else.</summary>
public class PackageTests
{
    private static readonly Lazy<string> Package = new(Pack);

    [Fact]
    public void Holds_both_assemblies_under_analyzers_and_nothing_under_lib()
    {
        using var zip = ZipFile.OpenRead(Package.Value);
        var payload = zip.Entries
            .Select(e => e.FullName)
            .Where(n => !n.StartsWith("_rels/", StringComparison.Ordinal)
                && !n.StartsWith("package/", StringComparison.Ordinal)
                && n != "[Content_Types].xml")
            .OrderBy(n => n, StringComparer.Ordinal)
            .ToArray();
        Assert.Equal(
            new[] { "README.md", "SocketLint.nuspec", "analyzers/dotnet/cs/SocketLint.CodeFixes.dll", "analyzers/dotnet/cs/SocketLint.dll" },
            payload);
    }

    [Fact]
    public void Nuspec_is_a_development_dependency_with_licence_readme_tags_and_no_dependencies()
    {
        using var zip = ZipFile.OpenRead(Package.Value);
        using var stream = zip.GetEntry("SocketLint.nuspec")!.Open();
        var metadata = XDocument.Load(stream).Root!.Elements().Single(e => e.Name.LocalName == "metadata");
        string? Value(string name) => metadata.Elements().SingleOrDefault(e => e.Name.LocalName == name)?.Value;

        Assert.Equal("SocketLint", Value("id"));
        Assert.Equal("true", Value("developmentDependency"));
        Assert.Equal("MIT", Value("license"));
        Assert.Equal("README.md", Value("readme"));
        Assert.Contains("analyzers", Value("tags") ?? "");
        Assert.False(string.IsNullOrWhiteSpace(Value("description")));
        var dependencies = metadata.Elements().SingleOrDefault(e => e.Name.LocalName == "dependencies");
        Assert.True(dependencies is null || !dependencies.Descendants().Any(e => e.Name.LocalName == "dependency"));
    }

    private static string Pack()
    {
        var output = Path.Combine(Path.GetTempPath(), "socketlint-pack-" + Guid.NewGuid().ToString("N"));
        var start = new ProcessStartInfo("dotnet", ["pack", Repository.PathOf("src", "SocketLint.CodeFixes"), "-c", "Release", "-o", output, "-nologo"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(5)), "dotnet pack timed out");
        Assert.True(process.ExitCode == 0, $"dotnet pack failed:\n{stdout.Result}\n{stderr.Result}");
        return Assert.Single(Directory.GetFiles(output, "SocketLint.*.nupkg"));
    }
}
