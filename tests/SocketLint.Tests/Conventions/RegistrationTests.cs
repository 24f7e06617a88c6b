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
        Assert.True(RegistrationsFor(analyzerName, PlatformReferences()) > 0);
    }

    /// <summary>
    /// The four rules are one analyzer; a rule that is off registers nothing of its own, so switching it off saves what it
    /// costs, as it would if it were an analyzer of its own that the driver skipped.
    /// </summary>
    [Theory]
    [InlineData("SL0001 SL0002 SL0003 SL0004", "Block Invocation ObjectCreation Try")]
    [InlineData("SL0001", "Block Invocation")]
    [InlineData("SL0002", "Invocation Try")]
    [InlineData("SL0003", "Block")]
    [InlineData("SL0004", "Block Invocation ObjectCreation")]
    [InlineData("SL0001 SL0004", "Block Invocation ObjectCreation")]
    [InlineData("", "")]
    public void A_rule_that_is_off_registers_nothing(string on, string expected)
    {
        var off = Repository.Descriptors.Select(d => d.Id).Where(id => !on.Split(' ').Contains(id))
            .Select(id => KeyValuePair.Create(id, ReportDiagnostic.Suppress));
        var start = Start(nameof(SocketLintAnalyzer), PlatformReferences(), new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary).WithSpecificDiagnosticOptions(off));
        Assert.Equal(expected, string.Join(" ", start.Kinds.Distinct().Order(StringComparer.Ordinal)));
        Assert.Equal(start.Kinds.Count, start.Kinds.Distinct().Count());
    }

    private static DiagnosticAnalyzer Analyzer(string name) => Repository.Analyzers.Single(a => a.GetType().Name == name);

    private static List<MetadataReference> PlatformReferences() => ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
        .Split(Path.PathSeparator)
        .Where(p => Path.GetFileName(p).StartsWith("System.", StringComparison.Ordinal))
        .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
        .ToList();

    private static int RegistrationsFor(string analyzerName, IEnumerable<MetadataReference> references) =>
        Start(analyzerName, references, null).Kinds.Count;

    private static RecordingCompilationStartContext Start(string analyzerName, IEnumerable<MetadataReference> references, CSharpCompilationOptions? options)
    {
        var compilation = CSharpCompilation.Create("probe", [CSharpSyntaxTree.ParseText("class C { }")], references, options);
        var context = new RecordingAnalysisContext();
        Analyzer(analyzerName).Initialize(context);
        var start = new RecordingCompilationStartContext(compilation);
        foreach (var action in context.CompilationStartActions)
            action(start);
        return start;
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
        /// <summary>What was registered: an operation action's kinds, "Block" for an operation-block action, else the action's kind.</summary>
        public List<string> Kinds { get; } = [];

        public override void RegisterCompilationEndAction(Action<CompilationAnalysisContext> action) => Kinds.Add("CompilationEnd");
        public override void RegisterSemanticModelAction(Action<SemanticModelAnalysisContext> action) => Kinds.Add("SemanticModel");
        public override void RegisterSymbolAction(Action<SymbolAnalysisContext> action, ImmutableArray<SymbolKind> symbolKinds) => Kinds.Add("Symbol");
        public override void RegisterCodeBlockStartAction<TLanguageKindEnum>(Action<CodeBlockStartAnalysisContext<TLanguageKindEnum>> action) => Kinds.Add("CodeBlockStart");
        public override void RegisterCodeBlockAction(Action<CodeBlockAnalysisContext> action) => Kinds.Add("CodeBlock");
        public override void RegisterSyntaxTreeAction(Action<SyntaxTreeAnalysisContext> action) => Kinds.Add("SyntaxTree");
        public override void RegisterSyntaxNodeAction<TLanguageKindEnum>(Action<SyntaxNodeAnalysisContext> action, ImmutableArray<TLanguageKindEnum> syntaxKinds) => Kinds.Add("SyntaxNode");
        public override void RegisterOperationAction(Action<OperationAnalysisContext> action, ImmutableArray<OperationKind> operationKinds) => Kinds.AddRange(operationKinds.Select(k => k.ToString()));
        public override void RegisterOperationBlockStartAction(Action<OperationBlockStartAnalysisContext> action) => Kinds.Add("BlockStart");
        public override void RegisterOperationBlockAction(Action<OperationBlockAnalysisContext> action) => Kinds.Add("Block");
        public override void RegisterSymbolStartAction(Action<SymbolStartAnalysisContext> action, SymbolKind symbolKind) => Kinds.Add("SymbolStart");
    }
}
