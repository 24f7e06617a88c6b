using System.Security;

namespace SocketLint.Benchmarks;

/// <summary>
/// Writes the generated code base to a folder, with a project that compiles it with this build of SocketLint and the
/// SDK's CA1849, so that a real compiler process can be measured on the same code as the benchmark
/// (<c>dotnet build DIR -p:ReportAnalyzer=true -v:d --no-incremental</c>).
/// </summary>
/// <remarks>
/// The benchmark measures each analyzer in one process, after warm-up runs: what an analyzer costs where the compiler
/// stays loaded (the IDE, the compiler server). A build that starts a compiler process of its own (a CI job with
/// <c>UseSharedCompilation=false</c>, or the first build after the server started) also pays for loading and compiling
/// the analyzer's code, on a compilation whose referenced assemblies were read for it alone; this writes the code base
/// for that measurement.
/// </remarks>
public static class CodeBaseWriter
{
    public const string ProjectFileName = "SocketLintBenchCode.csproj";

    /// <returns>The process's exit code: 0 when written, 2 when the folder cannot be used.</returns>
    public static int Write(string directory, BenchSettings settings, string analyzerPath, TextWriter output, TextWriter error)
    {
        var full = Path.GetFullPath(directory);
        if (File.Exists(full))
            return Fail($"--write needs a folder, and '{directory}' is a file");
        if (Directory.Exists(full) && Directory.EnumerateFileSystemEntries(full).Any())
            return Fail($"--write writes only into a new or empty folder, and '{directory}' holds files");
        if (settings.SocketMethodsPerFile < 1)
            return Fail("--write needs at least one socket method per file (--socket-methods 1 or more)");

        var scale = settings.Scales.Max();
        var codeBase = CodeGenerator.Generate(scale * settings.FilesPerUnit, settings.Seed, socketMethodsPerFile: settings.SocketMethodsPerFile);
        try
        {
            Directory.CreateDirectory(full);
            foreach (var file in codeBase.Files)
                File.WriteAllText(Path.Combine(full, Path.GetFileName(file.Path)), file.Text);
            File.WriteAllText(Path.Combine(full, ProjectFileName), Project(analyzerPath, settings.Nullable));
            File.WriteAllText(Path.Combine(full, ".editorconfig"), EditorConfig);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Fail($"could not write the code base to '{directory}': {e.Message}");
        }

        output.WriteLine($"wrote {codeBase.Files.Count} files, {codeBase.Lines:N0} lines ({scale}×, seed {settings.Seed}, {settings.SocketMethodsPerFile} socket methods per file) and {ProjectFileName} to {full}");
        output.WriteLine($"SocketLint from {analyzerPath}; CA1849 from the SDK, switched on in .editorconfig");
        output.WriteLine($"measure: dotnet build \"{full}\" -p:ReportAnalyzer=true -p:UseSharedCompilation=false -v:d --no-incremental");
        return 0;

        int Fail(string message)
        {
            error.WriteLine("error: " + message);
            return 2;
        }
    }

    /// <summary>
    /// The project: the generated files and nothing else (no implicit usings: each file says its own), the SDK's analyzers
    /// as a new project has them, and SocketLint's analyzer from <paramref name="analyzerPath"/> unless
    /// <c>-p:SocketLintAnalyzer=</c> names another build (<c>none</c> leaves SocketLint out).
    /// </summary>
    private static string Project(string analyzerPath, bool nullable) => $"""
        <Project Sdk="Microsoft.NET.Sdk">
          <PropertyGroup>
            <OutputType>Exe</OutputType>
            <TargetFramework>net{Environment.Version.Major}.0</TargetFramework>
            <ImplicitUsings>disable</ImplicitUsings>
            <Nullable>{(nullable ? "enable" : "disable")}</Nullable>
            <TreatWarningsAsErrors>false</TreatWarningsAsErrors>
            <NoWarn>$(NoWarn);CS1998;CS0219;CS0168;CS8321</NoWarn>
            <SocketLintAnalyzer Condition="'$(SocketLintAnalyzer)' == ''">{SecurityElement.Escape(analyzerPath)}</SocketLintAnalyzer>
          </PropertyGroup>
          <ItemGroup Condition="'$(SocketLintAnalyzer)' != 'none'">
            <Analyzer Include="$(SocketLintAnalyzer)" />
          </ItemGroup>
        </Project>
        """;

    private const string EditorConfig = """
        root = true

        [*.cs]
        dotnet_diagnostic.CA1849.severity = warning
        """;
}
