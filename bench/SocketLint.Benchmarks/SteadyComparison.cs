using System.Collections.Immutable;
using System.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace SocketLint.Benchmarks;

/// <summary>
/// Two builds of SocketLint compared on the rules' own work: their operation and operation-block actions called by the
/// benchmark, hundreds of times over, on the method bodies of one bound compilation, each analyzer's runs of the two
/// builds taken in turn. With no binding and no driver around them, their figures move far less than the driver's
/// telemetry on fresh compilations (<see cref="BuildComparison"/>); what a fresh compilation costs is left out.
/// </summary>
/// <remarks>
/// The contexts are made with Roslyn's public constructors, which give no control flow graph: a call that needs one
/// is counted, not measured (none in the generated code base's methods). What making the contexts costs is measured
/// on its own and taken off.
/// </remarks>
// The contexts' public constructors are obsolete for analyzer tests, which should go through the driver; here the driver
// is what is left out on purpose.
#pragma warning disable CS0618
public static class SteadyComparison
{
    public static int Run(string before, string after, BenchSettings settings, int runs, TextWriter output)
    {
        var (builds, names) = BuildComparison.LoadBoth(before, after);
        var scale = settings.Scales.Max();
        var compilation = CSharpCompilation.Create("Generated", BuildComparison.GeneratedTrees(settings), FrameworkReferences.Load(), settings.CompilationOptions(concurrent: false));
        var bodies = BodiesOf(compilation);
        output.WriteLine($"comparing before ({before}) and after ({after}) in steady state at {scale}×: {bodies.Count} method bodies, {runs} runs of each build per analyzer, in turn");
        output.WriteLine("| analyzer | before min ms | before first quartile | after min ms | after first quartile | after / before (min) | after / before (first quartile) | findings before, after | contexts' own ms |");
        output.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|");

        var options = new AnalyzerOptions([]);

        // A row per analyzer when the builds hold the same ones; otherwise each build's analyzers are one unit, run in turn.
        var units = names is not null
            ? names.Select((name, k) => (Label: name, Before: new[] { builds[0][k] }, After: new[] { builds[1][k] })).ToList()
            : [("all", builds[0].ToArray(), builds[1].ToArray())];
        double totalBefore = 0, totalAfter = 0;
        var needingGraph = 0;
        var warmups = new List<string>();
        foreach (var (label, beforeUnit, afterUnit) in units)
        {
            var pair = new[] { Actions.Of(beforeUnit, compilation, options, bodies), Actions.Of(afterUnit, compilation, options, bodies) };
            var findings = pair.Select(a => a.Run(compilation, options)).ToArray();
            needingGraph += pair[1].NeedingGraph;
            warmups.Add($"{label} {WarmUp(pair, compilation, options)}");
            var times = new[] { new List<double>(runs), new List<double>(runs) };
            var contexts = double.MaxValue;
            for (var run = 0; run < runs; run++)
            {
                for (var turn = 0; turn < 2; turn++)
                {
                    var b = (run & 1) == 0 ? turn : 1 - turn;
                    var watch = Stopwatch.StartNew();
                    pair[b].Run(compilation, options);
                    times[b].Add(watch.Elapsed.TotalMilliseconds);
                }

                var floor = Stopwatch.StartNew();
                pair[0].MakeContexts(compilation, options);
                contexts = Math.Min(contexts, floor.Elapsed.TotalMilliseconds);
            }

            var (minBefore, quartileBefore) = Summary(times[0], contexts);
            var (minAfter, quartileAfter) = Summary(times[1], contexts);
            totalBefore += minBefore;
            totalAfter += minAfter;
            output.WriteLine($"| {label} | {minBefore:F2} | {quartileBefore:F2} | {minAfter:F2} | {quartileAfter:F2} | {minAfter / minBefore:F2} | {quartileAfter / quartileBefore:F2} | {findings[0]}, {findings[1]} | {contexts:F2} |");
        }

        if (names is not null)
            output.WriteLine($"| all | {totalBefore:F2} | | {totalAfter:F2} | | {totalAfter / totalBefore:F2} | | | |");
        output.WriteLine($"warm-up, runs of each build until the JIT had compiled nothing new for {QuietRuns} runs: {string.Join(", ", warmups)}");
        if (needingGraph > 0)
            output.WriteLine($"{needingGraph} calls asked for a control flow graph, which these contexts do not give: those calls are not measured");
        return 0;
    }

    /// <summary>Runs of each build with no method newly compiled that end the warm-up.</summary>
    private const int QuietRuns = 10;

    /// <summary>The most runs of each build the warm-up takes.</summary>
    private const int MostWarmupRuns = 400;

    /// <summary>
    /// Runs both builds in turn until the JIT has compiled no method for <see cref="QuietRuns"/> runs (at most
    /// <see cref="MostWarmupRuns"/>): the number of runs it took. The rules' code starts at tier 0 and is compiled again,
    /// optimized, only after it has been called often enough and the tiering thread has caught up, which on this 2-core
    /// machine took some 60 runs of each build: without this warm-up the 20 runs of <c>--steady 20</c> were all at tier 0,
    /// and measured the four rules at 24 ms where the optimized code takes about 10.
    /// </summary>
    private static int WarmUp(Actions[] pair, Compilation compilation, AnalyzerOptions options)
    {
        var quiet = 0;
        var compiled = System.Runtime.JitInfo.GetCompiledMethodCount();
        var runs = 0;
        while (quiet < QuietRuns && runs < MostWarmupRuns)
        {
            pair[0].Run(compilation, options);
            pair[1].Run(compilation, options);
            runs++;
            var now = System.Runtime.JitInfo.GetCompiledMethodCount();
            quiet = now == compiled ? quiet + 1 : 0;
            compiled = now;
        }

        return runs;
    }

    private static (double Min, double FirstQuartile) Summary(List<double> times, double contexts)
    {
        times.Sort();
        return (Math.Max(0, times[0] - contexts), Math.Max(0, times[times.Count / 4] - contexts));
    }

    /// <summary>Every method, constructor, operator and accessor body of the compilation, with the symbol that owns it.</summary>
    private static List<(IOperation Root, ISymbol Owner)> BodiesOf(Compilation compilation)
    {
        var bodies = new List<(IOperation, ISymbol)>();
        foreach (var tree in compilation.SyntaxTrees)
        {
            var model = compilation.GetSemanticModel(tree);
            foreach (var node in tree.GetRoot().DescendantNodes())
            {
                if (node is (BaseMethodDeclarationSyntax or AccessorDeclarationSyntax)
                    && model.GetOperation(node) is { } root && model.GetDeclaredSymbol(node) is { } owner)
                {
                    bodies.Add((root, owner));
                }
            }
        }

        return bodies;
    }

    /// <summary>What one analyzer registered at compilation start, with the operations each of its actions is called on.</summary>
    private sealed class Actions
    {
        private readonly List<Action<OperationBlockAnalysisContext>> _blocks;
        private readonly List<(Action<OperationAnalysisContext> Action, (IOperation Operation, ISymbol Owner)[] Operations)> _operations;
        private readonly List<(IOperation Root, ISymbol Owner)> _bodies;
        private int _found;

        private Actions(List<Action<OperationBlockAnalysisContext>> blocks, List<(Action<OperationAnalysisContext>, (IOperation, ISymbol)[])> operations, List<(IOperation, ISymbol)> bodies)
        {
            _blocks = blocks;
            _operations = operations;
            _bodies = bodies;
        }

        public int NeedingGraph { get; private set; }

        /// <summary>The actions of <paramref name="analyzers"/>, each analyzer's in turn.</summary>
        public static Actions Of(IEnumerable<DiagnosticAnalyzer> analyzers, Compilation compilation, AnalyzerOptions options, List<(IOperation Root, ISymbol Owner)> bodies)
        {
            var start = new StartRegistry(compilation, options);
            foreach (var analyzer in analyzers)
            {
                var registry = new Registry();
                analyzer.Initialize(registry);
                foreach (var action in registry.CompilationStart)
                    action(start);
                if ((registry.Unsupported ?? start.Unsupported) is { } unsupported)
                    throw new ArgumentException($"{analyzer.GetType().Name} registers {unsupported}; the steady comparison calls only operation and operation-block actions");
            }

            var operations = start.OperationActions
                .Select(registered => (registered.Action, bodies.SelectMany(body => body.Root.DescendantsAndSelf()
                    .Where(operation => registered.Kinds.Contains(operation.Kind)).Select(operation => (operation, body.Owner))).ToArray()))
                .ToList();
            return new Actions(start.BlockActions, operations, bodies);
        }

        /// <summary>Calls every action once on what it asked for; returns the diagnostics reported.</summary>
        public int Run(Compilation compilation, AnalyzerOptions options) => Visit(compilation, options, call: true);

        /// <summary>Makes the contexts <see cref="Run"/> makes, and calls nothing: the cost taken off each run.</summary>
        public void MakeContexts(Compilation compilation, AnalyzerOptions options) => Visit(compilation, options, call: false);

        private int Visit(Compilation compilation, AnalyzerOptions options, bool call)
        {
            _found = 0;
            NeedingGraph = 0;
            foreach (var action in _blocks)
            {
                foreach (var (root, owner) in _bodies)
                {
                    var context = new OperationBlockAnalysisContext([root], owner, compilation, options, Report, _ => true, CancellationToken.None);
                    if (call)
                        Call(() => action(context));
                }
            }

            foreach (var (action, operations) in _operations)
            {
                foreach (var (operation, owner) in operations)
                {
                    var context = new OperationAnalysisContext(operation, owner, compilation, options, Report, _ => true, CancellationToken.None);
                    if (call)
                        Call(() => action(context));
                }
            }

            return _found;
        }

        private void Call(Action call)
        {
            try
            {
                call();
            }
            catch (InvalidOperationException)
            {
                // GetControlFlowGraph on a context made with the public constructor.
                NeedingGraph++;
            }
        }

        private void Report(Diagnostic diagnostic) => _found++;
    }

#pragma warning disable RS1041, RS1036 // the benchmark's own contexts, never shipped
    /// <summary>Records the compilation-start actions an analyzer registers; anything else is noted as unsupported.</summary>
    private sealed class Registry : AnalysisContext
    {
        public List<Action<CompilationStartAnalysisContext>> CompilationStart { get; } = [];

        public string? Unsupported { get; private set; }

        public override void RegisterCompilationStartAction(Action<CompilationStartAnalysisContext> action) => CompilationStart.Add(action);

        public override void ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags analysisMode)
        {
        }

        public override void EnableConcurrentExecution()
        {
        }

        public override void RegisterCompilationAction(Action<CompilationAnalysisContext> action) => Unsupported ??= "a compilation action";

        public override void RegisterSemanticModelAction(Action<SemanticModelAnalysisContext> action) => Unsupported ??= "a semantic model action";

        public override void RegisterSymbolAction(Action<SymbolAnalysisContext> action, ImmutableArray<SymbolKind> symbolKinds) => Unsupported ??= "a symbol action";

        public override void RegisterCodeBlockStartAction<TLanguageKindEnum>(Action<CodeBlockStartAnalysisContext<TLanguageKindEnum>> action) => Unsupported ??= "a code block start action";

        public override void RegisterCodeBlockAction(Action<CodeBlockAnalysisContext> action) => Unsupported ??= "a code block action";

        public override void RegisterSyntaxTreeAction(Action<SyntaxTreeAnalysisContext> action) => Unsupported ??= "a syntax tree action";

        public override void RegisterSyntaxNodeAction<TLanguageKindEnum>(Action<SyntaxNodeAnalysisContext> action, ImmutableArray<TLanguageKindEnum> syntaxKinds) => Unsupported ??= "a syntax node action";
    }

    /// <summary>Records the operation and operation-block actions registered at compilation start.</summary>
    private sealed class StartRegistry(Compilation compilation, AnalyzerOptions options) : CompilationStartAnalysisContext(compilation, options, CancellationToken.None)
    {
        public List<(Action<OperationAnalysisContext> Action, ImmutableArray<OperationKind> Kinds)> OperationActions { get; } = [];

        public List<Action<OperationBlockAnalysisContext>> BlockActions { get; } = [];

        public string? Unsupported { get; private set; }

        public override void RegisterOperationAction(Action<OperationAnalysisContext> action, ImmutableArray<OperationKind> operationKinds) => OperationActions.Add((action, operationKinds));

        public override void RegisterOperationBlockAction(Action<OperationBlockAnalysisContext> action) => BlockActions.Add(action);

        public override void RegisterCompilationEndAction(Action<CompilationAnalysisContext> action) => Unsupported ??= "a compilation end action";

        public override void RegisterSemanticModelAction(Action<SemanticModelAnalysisContext> action) => Unsupported ??= "a semantic model action";

        public override void RegisterSymbolAction(Action<SymbolAnalysisContext> action, ImmutableArray<SymbolKind> symbolKinds) => Unsupported ??= "a symbol action";

        public override void RegisterCodeBlockStartAction<TLanguageKindEnum>(Action<CodeBlockStartAnalysisContext<TLanguageKindEnum>> action) => Unsupported ??= "a code block start action";

        public override void RegisterCodeBlockAction(Action<CodeBlockAnalysisContext> action) => Unsupported ??= "a code block action";

        public override void RegisterSyntaxTreeAction(Action<SyntaxTreeAnalysisContext> action) => Unsupported ??= "a syntax tree action";

        public override void RegisterSyntaxNodeAction<TLanguageKindEnum>(Action<SyntaxNodeAnalysisContext> action, ImmutableArray<TLanguageKindEnum> syntaxKinds) => Unsupported ??= "a syntax node action";
    }
#pragma warning restore RS1041, RS1036
}
#pragma warning restore CS0618
