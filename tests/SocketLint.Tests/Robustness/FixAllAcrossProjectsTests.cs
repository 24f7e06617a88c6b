using System.Collections.Immutable;
using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Text;
using Xunit;

namespace SocketLint.Tests.Robustness;

/// <summary>
/// Fix All at solution scope, for every fixer and every equivalence key it offers: a solution of two projects with
/// two documents each, every document holding code that gets that fix. Every document is fixed, each exactly as
/// Fix All in that document alone fixes it, no compiler error is added, and every diagnostic the key was offered
/// for is gone. Fixers and keys are found by reflection and by running the fixers over the suite's inputs.
/// </summary>
public class FixAllAcrossProjectsTests
{
    private static readonly Lazy<Task<ImmutableArray<(string Fixer, string Key, RobustnessInput Input)>>> Cases = new(FindCasesAsync);

    public static TheoryData<string> Fixers()
    {
        var data = new TheoryData<string>();
        foreach (var fixer in RobustnessHarness.CodeFixes)
            data.Add(fixer.GetType().Name);
        return data;
    }

    [Theory]
    [MemberData(nameof(Fixers))]
    public async Task Every_declared_equivalence_key_is_offered_somewhere_in_the_inputs(string fixerName)
    {
        var fixer = RobustnessHarness.CodeFixes.Single(f => f.GetType().Name == fixerName);
        var declared = fixer.GetType().GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.FieldType == typeof(string) && f.Name.EndsWith("Key", StringComparison.Ordinal))
            .Select(f => (string)f.GetRawConstantValue()!)
            .ToList();
        Assert.NotEmpty(declared);
        var offered = (await Cases.Value).Where(c => c.Fixer == fixerName).Select(c => c.Key).ToList();
        Assert.All(declared, key => Assert.True(offered.Contains(key), $"no compiling input of the rule tests, samples or generated shapes gets '{key}' from {fixerName}: the Fix All check cannot cover it"));
    }

    [Theory]
    [MemberData(nameof(Fixers))]
    public async Task Fix_all_in_the_solution_fixes_every_document_of_every_project(string fixerName)
    {
        var cases = (await Cases.Value).Where(c => c.Fixer == fixerName).ToList();
        Assert.NotEmpty(cases);
        var fixer = RobustnessHarness.CodeFixes.Single(f => f.GetType().Name == fixerName);
        var provider = fixer.GetFixAllProvider();
        Assert.NotNull(provider);
        Assert.Contains(FixAllScope.Solution, provider.GetSupportedFixAllScopes());

        foreach (var (_, key, input) in cases)
        {
            var what = $"{fixerName} '{key}' on {input.Label}";
            var (solution, documents) = SolutionOf(input.Text);
            var diagnostics = await DiagnosticsAsync(solution, fixer);
            var offered = new List<(DocumentId Document, Diagnostic Diagnostic)>();
            foreach (var id in documents)
            {
                foreach (var diagnostic in diagnostics[id])
                {
                    var actions = await RobustnessHarness.ActionsForAsync(solution.GetDocument(id)!, diagnostic);
                    if (actions.Any(a => a.Fixer == fixer && a.Action.EquivalenceKey == key))
                        offered.Add((id, diagnostic));
                }
            }

            Assert.True(documents.All(id => offered.Any(o => o.Document == id)), $"{what}: the key is not offered in every document");

            var fixedSolution = await FixAllAsync(provider!, fixer, solution, documents[0], FixAllScope.Solution, key, diagnostics);
            foreach (var id in documents)
            {
                var before = (await solution.GetDocument(id)!.GetTextAsync()).ToString();
                var after = (await fixedSolution.GetDocument(id)!.GetTextAsync()).ToString();
                Assert.True(before != after, $"{what}: {solution.GetDocument(id)!.FilePath} was not fixed");

                var alone = await FixAllAsync(provider!, fixer, solution, id, FixAllScope.Document, key, diagnostics);
                Assert.Equal((await alone.GetDocument(id)!.GetTextAsync()).ToString(), after);

                var changes = (await fixedSolution.GetDocument(id)!.GetTextChangesAsync(solution.GetDocument(id)!)).ToImmutableArray();
                var (remaining, exceptions) = await RobustnessHarness.AnalyzeAsync(fixedSolution.GetProject(id.ProjectId)!);
                Assert.Empty(exceptions);
                foreach (var (_, diagnostic) in offered.Where(o => o.Document == id))
                {
                    var start = RobustnessHarness.MapPosition(diagnostic.Location.SourceSpan.Start, changes);
                    Assert.False(
                        remaining.Any(d => d.Id == diagnostic.Id && d.Location.SourceTree?.FilePath == diagnostic.Location.SourceTree?.FilePath && d.Location.SourceSpan.Start == start && d.GetMessage() == diagnostic.GetMessage()),
                        $"{what}: {diagnostic} is still there after Fix All\n{after}");
                }
            }

            foreach (var project in solution.Projects)
            {
                var errors = (await fixedSolution.GetProject(project.Id)!.GetCompilationAsync())!.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
                Assert.True(errors.Count == 0, $"{what}: Fix All added compiler errors: {string.Join("\n", errors)}");
            }
        }
    }

    /// <summary>Two projects, two documents each, the same code in a namespace of its own in each document.</summary>
    private static (Solution Solution, ImmutableArray<DocumentId> Documents) SolutionOf(string text)
    {
        var solution = new AdhocWorkspace().CurrentSolution;
        var documents = ImmutableArray.CreateBuilder<DocumentId>();
        foreach (var project in new[] { "First", "Second" })
        {
            (solution, var first) = RobustnessHarness.AddProject(solution, project, OutputKind.DynamicallyLinkedLibrary, $"/{project}/One.cs");
            solution = solution.WithDocumentText(first, SourceText.From(InNamespace(text, project + ".One")));
            var second = DocumentId.CreateNewId(first.ProjectId);
            solution = solution.AddDocument(second, "Two.cs", SourceText.From(InNamespace(text, project + ".Two")), filePath: $"/{project}/Two.cs");
            documents.Add(first);
            documents.Add(second);
        }

        return (solution, documents.ToImmutable());
    }

    private static string InNamespace(string text, string name)
    {
        var usings = Regex.Match(text, @"\A(\s*(using [^;]+;|//[^\n]*)\s*)*");
        return text[..usings.Length] + $"namespace {name};\n\n" + text[usings.Length..];
    }

    private static async Task<ImmutableDictionary<DocumentId, ImmutableArray<Diagnostic>>> DiagnosticsAsync(Solution solution, CodeFixProvider fixer)
    {
        var result = ImmutableDictionary.CreateBuilder<DocumentId, ImmutableArray<Diagnostic>>();
        foreach (var project in solution.Projects)
        {
            var (diagnostics, exceptions) = await RobustnessHarness.AnalyzeAsync(project);
            Assert.Empty(exceptions);
            foreach (var document in project.Documents)
                result[document.Id] = diagnostics.Where(d => fixer.FixableDiagnosticIds.Contains(d.Id) && d.Location.SourceTree?.FilePath == document.FilePath).ToImmutableArray();
        }

        return result.ToImmutable();
    }

    private static async Task<Solution> FixAllAsync(FixAllProvider provider, CodeFixProvider fixer, Solution solution, DocumentId trigger, FixAllScope scope, string key, ImmutableDictionary<DocumentId, ImmutableArray<Diagnostic>> diagnostics)
    {
        var context = new FixAllContext(solution.GetDocument(trigger)!, fixer, scope, key, fixer.FixableDiagnosticIds, new DiagnosticsByDocument(diagnostics), CancellationToken.None);
        var action = await provider.GetFixAsync(context);
        Assert.NotNull(action);
        return await RobustnessHarness.ApplyAsync(action!);
    }

    private sealed class DiagnosticsByDocument(ImmutableDictionary<DocumentId, ImmutableArray<Diagnostic>> diagnostics) : FixAllContext.DiagnosticProvider
    {
        public override Task<IEnumerable<Diagnostic>> GetDocumentDiagnosticsAsync(Document document, CancellationToken cancellationToken) =>
            Task.FromResult<IEnumerable<Diagnostic>>(diagnostics.TryGetValue(document.Id, out var found) ? found : ImmutableArray<Diagnostic>.Empty);

        public override Task<IEnumerable<Diagnostic>> GetProjectDiagnosticsAsync(Project project, CancellationToken cancellationToken) =>
            Task.FromResult(Enumerable.Empty<Diagnostic>());

        public override Task<IEnumerable<Diagnostic>> GetAllDiagnosticsAsync(Project project, CancellationToken cancellationToken) =>
            Task.FromResult(diagnostics.Where(pair => pair.Key.ProjectId == project.Id).SelectMany(pair => pair.Value));
    }

    /// <summary>
    /// For each fixer and key, the first input (rule tests and samples, then generated shapes) that compiles without
    /// errors, is not a top-level program, declares no namespace, and gets that key.
    /// </summary>
    private static async Task<ImmutableArray<(string Fixer, string Key, RobustnessInput Input)>> FindCasesAsync()
    {
        var found = ImmutableArray.CreateBuilder<(string, string, RobustnessInput)>();
        var seen = new HashSet<(string, string)>();
        foreach (var input in Corpus.RepositoryFiles.Concat(SocketShapes.Generate(60)))
        {
            if (input.TopLevel || input.Text.Contains("namespace ", StringComparison.Ordinal))
                continue;
            var document = RobustnessHarness.Instance.DocumentFor(input.Text, topLevel: false);
            var (diagnostics, _) = await RobustnessHarness.AnalyzeAsync(document.Project);
            if (diagnostics.IsEmpty || await RobustnessHarness.ErrorCountAsync(document.Project) > 0)
                continue;
            foreach (var diagnostic in diagnostics)
            {
                foreach (var (fixer, action) in await RobustnessHarness.ActionsForAsync(document, diagnostic))
                {
                    if (action.EquivalenceKey is { } key && seen.Add((fixer.GetType().Name, key)))
                        found.Add((fixer.GetType().Name, key, input));
                }
            }
        }

        return found.ToImmutable();
    }
}
