using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using SocketLint.Tests.Conventions;

namespace SocketLint.Tests.Robustness;

/// <summary>
/// Runs every SocketLint analyzer and every code fix (found by reflection, so a new rule is covered the day it is
/// merged) over one source text, in an <see cref="AdhocWorkspace"/> whose projects reference the test host's own
/// platform assemblies: no reference-assembly download, and each variant's compilation is forked from a warm one.
/// </summary>
internal sealed class RobustnessHarness
{
    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    /// <summary>What the SDK's implicit usings give a console project, and the socket namespaces the test inputs assume.</summary>
    public const string GlobalUsings = """
        global using System;
        global using System.Collections.Generic;
        global using System.IO;
        global using System.Linq;
        global using System.Net;
        global using System.Net.Security;
        global using System.Net.Sockets;
        global using System.Text;
        global using System.Threading;
        global using System.Threading.Tasks;
        """;

    public static ImmutableArray<MetadataReference> References { get; } = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
        .Split(Path.PathSeparator)
        .Where(p => Path.GetFileName(p) is var name && (name.StartsWith("System.", StringComparison.Ordinal) || name.StartsWith("Microsoft.Win32.", StringComparison.Ordinal) || name is "mscorlib.dll" or "netstandard.dll"))
        .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
        .ToImmutableArray();

    public static ImmutableArray<DiagnosticAnalyzer> Analyzers => Repository.Analyzers;

    public static ImmutableArray<CodeFixProvider> CodeFixes => Repository.CodeFixes;

    public static RobustnessHarness Instance { get; } = new();

    private readonly Solution _solution;
    private readonly DocumentId _library;
    private readonly DocumentId _program;

    private RobustnessHarness()
    {
        var workspace = new AdhocWorkspace();
        var solution = workspace.CurrentSolution;
        (solution, _library) = AddProject(solution, "Library", OutputKind.DynamicallyLinkedLibrary);
        (solution, _program) = AddProject(solution, "Program", OutputKind.ConsoleApplication);
        _solution = solution;

        // Bind the references once; every variant forks from these compilations.
        foreach (var project in _solution.Projects)
            project.GetCompilationAsync().GetAwaiter().GetResult();
    }

    public static (Solution Solution, DocumentId Input) AddProject(Solution solution, string name, OutputKind outputKind, string inputPath = "/src/Input.cs")
    {
        var projectId = ProjectId.CreateNewId(name);
        var directory = Path.GetDirectoryName(inputPath)!;
        solution = solution.AddProject(ProjectInfo.Create(
                projectId,
                VersionStamp.Default,
                name,
                name,
                LanguageNames.CSharp,
                filePath: directory + "/" + name + ".csproj",
                compilationOptions: new CSharpCompilationOptions(outputKind, nullableContextOptions: NullableContextOptions.Enable),
                parseOptions: ParseOptions,
                metadataReferences: References))
            .AddDocument(DocumentId.CreateNewId(projectId), "GlobalUsings.g.cs", SourceText.From(GlobalUsings), filePath: directory + "/GlobalUsings.g.cs");
        var input = DocumentId.CreateNewId(projectId);
        solution = solution.AddDocument(input, Path.GetFileName(inputPath), SourceText.From(""), filePath: inputPath);
        return (solution, input);
    }

    /// <summary>
    /// A document of a project of its own (its compilation is not forked from a warm one: slower), at
    /// <paramref name="path"/>, with an .editorconfig beside it when <paramref name="editorConfig"/> is given.
    /// </summary>
    public static Document StandaloneDocument(string text, bool topLevel, string path = "/src/Input.cs", string? editorConfig = null)
    {
        var (solution, input) = AddProject(new AdhocWorkspace().CurrentSolution, "Standalone", topLevel ? OutputKind.ConsoleApplication : OutputKind.DynamicallyLinkedLibrary, path);
        solution = solution.WithDocumentText(input, SourceText.From(text));
        if (editorConfig is not null)
        {
            var directory = Path.GetDirectoryName(path)!;
            solution = solution.AddAnalyzerConfigDocument(DocumentId.CreateNewId(input.ProjectId), ".editorconfig", SourceText.From(editorConfig), filePath: directory + "/.editorconfig");
        }

        return solution.GetDocument(input)!;
    }

    /// <summary>The input document holding <paramref name="text"/>, in a library project or, for top-level statements, a program.</summary>
    public Document DocumentFor(string text, bool topLevel) =>
        _solution.WithDocumentText(topLevel ? _program : _library, SourceText.From(text)).GetDocument(topLevel ? _program : _library)!;

    /// <summary>The analyzers' diagnostics for a project, and every exception they threw.</summary>
    public static async Task<(ImmutableArray<Diagnostic> Diagnostics, ImmutableArray<string> Exceptions)> AnalyzeAsync(Project project, ImmutableArray<DiagnosticAnalyzer>? analyzers = null)
    {
        var compilation = (await project.GetCompilationAsync())!;
        var exceptions = ImmutableArray.CreateBuilder<string>();
        var options = new CompilationWithAnalyzersOptions(
            project.AnalyzerOptions,
            onAnalyzerException: (exception, analyzer, _) =>
            {
                lock (exceptions)
                    exceptions.Add($"{analyzer.GetType().Name} threw {exception}");
            },
            concurrentAnalysis: false,
            logAnalyzerExecutionTime: false,
            reportSuppressedDiagnostics: false,
            analyzerExceptionFilter: null);
        var diagnostics = await compilation.WithAnalyzers(analyzers ?? Analyzers, options).GetAnalyzerDiagnosticsAsync();
        foreach (var diagnostic in diagnostics)
        {
            if (diagnostic.Id is "AD0001" or "AD0002")
                exceptions.Add(diagnostic.ToString());
        }

        return (diagnostics.Where(d => d.Id.StartsWith("SL", StringComparison.Ordinal)).ToImmutableArray(), exceptions.ToImmutable());
    }

    /// <summary>The SocketLint diagnostics of one source (a library, or a program for top-level statements); no analyzer may throw.</summary>
    public static async Task<List<Diagnostic>> DiagnosticsOfAsync(string source, bool topLevel = false)
    {
        var document = Instance.DocumentFor(source, topLevel);
        var (diagnostics, exceptions) = await AnalyzeAsync(document.Project);
        Xunit.Assert.Empty(exceptions);
        return diagnostics.Where(d => d.Location.SourceTree?.FilePath == document.FilePath).ToList();
    }

    /// <summary>The equivalence keys of the fixes offered for each diagnostic of <paramref name="id"/> in one source.</summary>
    public static async Task<List<string?>> FixKeysAsync(string source, string id)
    {
        var document = Instance.DocumentFor(source, topLevel: false);
        var keys = new List<string?>();
        foreach (var diagnostic in (await DiagnosticsOfAsync(source)).Where(d => d.Id == id))
            keys.AddRange((await ActionsForAsync(document, diagnostic)).Select(a => a.Action.EquivalenceKey));
        return keys;
    }

    public static async Task<int> ErrorCountAsync(Project project) =>
        (await project.GetCompilationAsync())!.GetDiagnostics().Count(d => d.Severity == DiagnosticSeverity.Error);

    /// <summary>The code actions every fixer registers for one diagnostic.</summary>
    public static async Task<ImmutableArray<(CodeFixProvider Fixer, CodeAction Action)>> ActionsForAsync(Document document, Diagnostic diagnostic)
    {
        var actions = ImmutableArray.CreateBuilder<(CodeFixProvider, CodeAction)>();
        foreach (var fixer in CodeFixes.Where(f => f.FixableDiagnosticIds.Contains(diagnostic.Id)))
        {
            var context = new CodeFixContext(document, diagnostic, (action, _) => actions.Add((fixer, action)), CancellationToken.None);
            await fixer.RegisterCodeFixesAsync(context);
        }

        return actions.ToImmutable();
    }

    public static async Task<Solution> ApplyAsync(CodeAction action)
    {
        var operations = await action.GetOperationsAsync(CancellationToken.None);
        return operations.OfType<ApplyChangesOperation>().Single().ChangedSolution;
    }

    /// <summary>
    /// Checks one source text: no analyzer throws; then, for up to <see cref="RobustnessSettings.FixesPerVariant"/>
    /// code actions (chosen with <paramref name="random"/>), the fix does not throw, adds no compiler error, and
    /// removes the diagnostic it was offered for. Returns one line per failure.
    /// </summary>
    public async Task<ImmutableArray<string>> CheckAsync(string text, bool topLevel, Random random)
    {
        var failures = ImmutableArray.CreateBuilder<string>();
        var document = DocumentFor(text, topLevel);
        var (diagnostics, exceptions) = await AnalyzeAsync(document.Project);
        failures.AddRange(exceptions.Select(e => "analyzer exception: " + e));
        diagnostics = diagnostics.Where(d => d.Location.SourceTree?.FilePath == document.FilePath).ToImmutableArray();
        if (diagnostics.IsEmpty)
            return failures.ToImmutable();

        var candidates = new List<(Diagnostic Diagnostic, CodeFixProvider Fixer, CodeAction Action)>();
        foreach (var diagnostic in diagnostics)
        {
            try
            {
                foreach (var (fixer, action) in await ActionsForAsync(document, diagnostic))
                    candidates.Add((diagnostic, fixer, action));
            }
            catch (Exception exception)
            {
                failures.Add($"fix registration for {Describe(diagnostic)} threw {exception}");
            }
        }

        int? inputErrors = null;
        foreach (var (diagnostic, fixer, action) in candidates.OrderBy(_ => random.Next()).Take(RobustnessSettings.FixesPerVariant))
        {
            var what = $"{fixer.GetType().Name} '{action.EquivalenceKey}' on {Describe(diagnostic)}";
            try
            {
                var fixedDocument = (await ApplyAsync(action)).GetDocument(document.Id)!;
                inputErrors ??= await ErrorCountAsync(document.Project);
                var outputErrors = await ErrorCountAsync(fixedDocument.Project);
                var fixedText = (await fixedDocument.GetTextAsync()).ToString();
                if (outputErrors > inputErrors)
                {
                    var added = (await fixedDocument.Project.GetCompilationAsync())!.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).Take(3);
                    failures.Add($"{what}: {inputErrors} compiler errors before, {outputErrors} after ({string.Join("; ", added)})\n--- fixed text:\n{fixedText}\n---");
                }

                var (after, afterExceptions) = await AnalyzeAsync(fixedDocument.Project);
                failures.AddRange(afterExceptions.Select(e => $"analyzer exception after {what}: {e}"));
                var changes = (await fixedDocument.GetTextChangesAsync(document)).ToImmutableArray();
                var start = MapPosition(diagnostic.Location.SourceSpan.Start, changes);
                // The same diagnostic: same rule, same place, same message (a call and the call on its result start together).
                if (after.Any(d => d.Id == diagnostic.Id && d.Location.SourceTree?.FilePath == document.FilePath && d.Location.SourceSpan.Start == start && d.GetMessage() == diagnostic.GetMessage()))
                    failures.Add($"{what}: the diagnostic is still there after the fix\n--- fixed text:\n{fixedText}\n---");
            }
            catch (Exception exception)
            {
                failures.Add($"{what} threw {exception}");
            }
        }

        return failures.ToImmutable();
    }

    private static string Describe(Diagnostic diagnostic)
    {
        var span = diagnostic.Location.SourceSpan;
        var line = diagnostic.Location.GetLineSpan().StartLinePosition;
        return $"{diagnostic.Id} at {span} (line {line.Line + 1}, column {line.Character + 1}) '{diagnostic.Location.SourceTree?.GetText().ToString(span)}'";
    }

    /// <summary>Where a position of the input lands in the fixed text: shifted by the edits before it; the start of an edit it falls inside.</summary>
    public static int MapPosition(int position, ImmutableArray<TextChange> changes)
    {
        var delta = 0;
        foreach (var change in changes.OrderBy(c => c.Span.Start))
        {
            if (change.Span.End <= position && !(change.Span.Length > 0 && change.Span.Start == position))
                delta += change.NewText!.Length - change.Span.Length;
            else if (change.Span.Start < position)
                return change.Span.Start + delta;
            else
                break;
        }

        return position + delta;
    }
}
