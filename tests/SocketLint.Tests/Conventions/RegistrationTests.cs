using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;

namespace SocketLint.Tests.Conventions;

/// <summary>
/// Every rule starts from one compilation-start action; where System.Net.Sockets is absent it registers nothing,
/// so projects that do not use sockets pay only for the type lookup.
/// </summary>
public class RegistrationTests
{
    public static TheoryData<string> AnalyzerNames()
    {
        var data = new TheoryData<string>();
        foreach (var analyzer in Repository.Analyzers)
            data.Add(analyzer.GetType().Name);
        return data;
    }

    [Theory]
    [MemberData(nameof(AnalyzerNames))]
    public void Registers_only_a_compilation_start_action(string analyzerName)
    {
        var context = new RecordingAnalysisContext();
        Analyzer(analyzerName).Initialize(context);
        Assert.Single(context.CompilationStartActions);
        Assert.Equal(0, context.OtherRegistrations);
        Assert.True(context.ConcurrentExecution);
        
        // Generated code is skipped by the rules themselves (SocketLint.GeneratedCode): the driver's own check walks
        // every token of each file with a finding. SuppressionTests prove generated code still gets nothing.
        Assert.Equal(GeneratedCodeAnalysisFlags.Analyze | GeneratedCodeAnalysisFlags.ReportDiagnostics, context.GeneratedCode);
    }

    [Theory]
    [MemberData(nameof(AnalyzerNames))]
    public void Registers_nothing_without_System_Net_Sockets(string analyzerName)
    {
        var core = MetadataReference.CreateFromFile(typeof(object).Assembly.Location);
        Assert.Equal(0, RegistrationsFor(analyzerName, [core]));
    }

    [Theory]
    [MemberData(nameof(AnalyzerNames))]
    public void Registers_its_actions_with_System_Net_Sockets(string analyzerName)
    {
        var platform = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator)
            .Where(p => Path.GetFileName(p).StartsWith("System.", StringComparison.Ordinal))
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .ToList();
        Assert.True(RegistrationsFor(analyzerName, platform) > 0);
    }

    private static DiagnosticAnalyzer Analyzer(string name) => Repository.Analyzers.Single(a => a.GetType().Name == name);

    private static int RegistrationsFor(string analyzerName, IEnumerable<MetadataReference> references)
    {
        var compilation = CSharpCompilation.Create("probe", [CSharpSyntaxTree.ParseText("class C { }")], references);
        var context = new RecordingAnalysisContext();
        Analyzer(analyzerName).Initialize(context);
        var start = new RecordingCompilationStartContext(compilation);
        foreach (var action in context.CompilationStartActions)
            action(start);
        return start.Registrations;
    }

    private sealed class RecordingAnalysisContext : AnalysisContext
    {
        public List<Action<CompilationStartAnalysisContext>> CompilationStartActions { get; } = [];
        public int OtherRegistrations { get; private set; }
        public bool ConcurrentExecution { get; private set; }
        public GeneratedCodeAnalysisFlags? GeneratedCode { get; private set; }

        public override void RegisterCompilationStartAction(Action<CompilationStartAnalysisContext> action) => CompilationStartActions.Add(action);
        public override void EnableConcurrentExecution() => ConcurrentExecution = true;
        public override void ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags analysisMode) => GeneratedCode = analysisMode;
        public override void RegisterCompilationAction(Action<CompilationAnalysisContext> action) => OtherRegistrations++;
        public override void RegisterSemanticModelAction(Action<SemanticModelAnalysisContext> action) => OtherRegistrations++;
        public override void RegisterSymbolAction(Action<SymbolAnalysisContext> action, ImmutableArray<SymbolKind> symbolKinds) => OtherRegistrations++;
        public override void RegisterCodeBlockStartAction<TLanguageKindEnum>(Action<CodeBlockStartAnalysisContext<TLanguageKindEnum>> action) => OtherRegistrations++;
        public override void RegisterCodeBlockAction(Action<CodeBlockAnalysisContext> action) => OtherRegistrations++;
        public override void RegisterSyntaxTreeAction(Action<SyntaxTreeAnalysisContext> action) => OtherRegistrations++;
        public override void RegisterSyntaxNodeAction<TLanguageKindEnum>(Action<SyntaxNodeAnalysisContext> action, ImmutableArray<TLanguageKindEnum> syntaxKinds) => OtherRegistrations++;
        public override void RegisterOperationAction(Action<OperationAnalysisContext> action, ImmutableArray<OperationKind> operationKinds) => OtherRegistrations++;
        public override void RegisterOperationBlockStartAction(Action<OperationBlockStartAnalysisContext> action) => OtherRegistrations++;
        public override void RegisterOperationBlockAction(Action<OperationBlockAnalysisContext> action) => OtherRegistrations++;
        public override void RegisterSymbolStartAction(Action<SymbolStartAnalysisContext> action, SymbolKind symbolKind) => OtherRegistrations++;
    }

    private sealed class RecordingCompilationStartContext(Compilation compilation)
        : CompilationStartAnalysisContext(compilation, new AnalyzerOptions([]), CancellationToken.None)
    {
        public int Registrations { get; private set; }

        public override void RegisterCompilationEndAction(Action<CompilationAnalysisContext> action) => Registrations++;
        public override void RegisterSemanticModelAction(Action<SemanticModelAnalysisContext> action) => Registrations++;
        public override void RegisterSymbolAction(Action<SymbolAnalysisContext> action, ImmutableArray<SymbolKind> symbolKinds) => Registrations++;
        public override void RegisterCodeBlockStartAction<TLanguageKindEnum>(Action<CodeBlockStartAnalysisContext<TLanguageKindEnum>> action) => Registrations++;
        public override void RegisterCodeBlockAction(Action<CodeBlockAnalysisContext> action) => Registrations++;
        public override void RegisterSyntaxTreeAction(Action<SyntaxTreeAnalysisContext> action) => Registrations++;
        public override void RegisterSyntaxNodeAction<TLanguageKindEnum>(Action<SyntaxNodeAnalysisContext> action, ImmutableArray<TLanguageKindEnum> syntaxKinds) => Registrations++;
        public override void RegisterOperationAction(Action<OperationAnalysisContext> action, ImmutableArray<OperationKind> operationKinds) => Registrations++;
        public override void RegisterOperationBlockStartAction(Action<OperationBlockStartAnalysisContext> action) => Registrations++;
        public override void RegisterOperationBlockAction(Action<OperationBlockAnalysisContext> action) => Registrations++;
        public override void RegisterSymbolStartAction(Action<SymbolStartAnalysisContext> action, SymbolKind symbolKind) => Registrations++;
    }
}
