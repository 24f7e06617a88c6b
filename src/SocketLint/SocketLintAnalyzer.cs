using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using SocketLint.Connections;
using SocketLint.Rules;

namespace SocketLint;

/// <summary>
/// SocketLint's one analyzer: SL0001–SL0004 (each rule's reasoning is in <c>Rules/</c>), from one compilation-start
/// action, one operation callback for the calls, tries and object creations, and one operation-block callback.
/// </summary>
/// <remarks>
/// One analyzer rather than one per rule, as IDisposableAnalyzers and Roslynator group theirs: the driver's cost is per
/// analyzer and callback (it times each call, and walks each member's blocks for each analyzer), and three of the rules
/// look at every invocation. Measured on the benchmark's 16× code base, the four rules as one analyzer cost about a
/// tenth less than as four (docs/performance.md). A rule that is off in every file registers nothing, and one off in a
/// file does nothing there (<see cref="RuleSwitches"/>), so switching a rule off still saves its cost.
/// </remarks>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class SocketLintAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => Descriptors.All;

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCode.Flags);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            var api = ConnectionApi.For(start.Compilation);
            if (api is null)
                return;
            var switches = RuleSwitches.For(start.Compilation, start.CancellationToken);
            if (switches.Anywhere != SocketRules.None)
                new CompilationRules(api, switches).Register(start);
        });
    }

    /// <summary>The rules that are on, with what each looked up for this compilation.</summary>
    private sealed class CompilationRules
    {
        private readonly ConnectionApi _api;
        private readonly RuleSwitches _switches;
        private readonly SocketRules _onInvocations;
        private readonly SL0004BlockingSocketCallInAsyncRule? _blockingCalls;

        /// <summary>Where each file's text says the words the block action looks for (Accept, BytesTransferred, EndOfStream), searched once per file.</summary>
        private readonly FileWords _words = new();

        public CompilationRules(ConnectionApi api, RuleSwitches switches)
        {
            _api = api;
            _switches = switches;
            var anywhere = switches.Anywhere;

            // SL0002 looks at calls only for the sends that report a SocketError instead of throwing.
            _onInvocations = anywhere & (SocketRules.SL0001 | SocketRules.SL0004 | (api.HasSendsReportingError ? SocketRules.SL0002 : SocketRules.None));
            if ((anywhere & SocketRules.SL0004) != 0)
                _blockingCalls = new SL0004BlockingSocketCallInAsyncRule(api);
        }

        public void Register(CompilationStartAnalysisContext start)
        {
            var anywhere = _switches.Anywhere;

            // One callback for every kind of operation the rules look at one by one: calls (SL0001, SL0002, SL0004),
            // tries (SL0002) and object creations (SL0004). Each action the driver runs on a member costs its
            // dispatch and a first run of its code after the compiler's own work there, once per member and kind.
            var kinds = new System.Collections.Generic.List<OperationKind>(3);
            if (_onInvocations != SocketRules.None)
                kinds.Add(OperationKind.Invocation);
            if ((anywhere & SocketRules.SL0002) != 0)
                kinds.Add(OperationKind.Try);
            if (_blockingCalls is not null)
                kinds.Add(OperationKind.ObjectCreation);
            if (kinds.Count > 0)
                start.RegisterOperationAction(AnalyzeOperation, kinds.ToImmutableArray());

            // The rules that look at a member whole find what they look for by a word of its text, searched once per file:
            // SL0003 an accept (every accepting member's name holds "Accept": Accept, AcceptAsync, AcceptSocket,
            // AcceptTcpClient, EndAccept...), SL0001 a receive completion's read of SocketAsyncEventArgs.BytesTransferred.
            // A block goes straight from where the word is written to the operation, and most blocks hold neither. (A
            // callback on every property reference for BytesTransferred cost more than the search; one that searched each
            // member's text cost twice as much as that callback.) The report lands at the close, away from the accept:
            // an operation-block action keeps it local to the member, as the IDE and code fixes require (an operation
            // action's diagnostic is local only within the operation's own span).
            // SL0004 looks there for a reader's EndOfStream, a property read that fills the reader's buffer when it is empty.
            var acceptSites = (anywhere & SocketRules.SL0003) != 0 ? new SL0003ServerClosesFirstRule.AcceptSites() : null;
            var bytesTransferred = (anywhere & SocketRules.SL0001) != 0 ? SL0001PeerCloseNotHandledRule.BytesTransferredOf(_api) : null;
            var endOfStream = _blockingCalls?.EndOfStream;
            if (acceptSites is null && bytesTransferred is null && endOfStream is null)
                return;

            start.RegisterOperationBlockAction(context =>
            {
                // The rules below take the file from the first block: a context with none has nothing to look at.
                if (context.OperationBlocks.IsEmpty)
                    return;

                // A file's text is searched only where a rule that asks is on, and not in generated code.
                var on = _switches.At(context.OperationBlocks[0]);
                var completions = bytesTransferred is not null && (on & SocketRules.SL0001) != 0;
                var accepts = acceptSites is not null && (on & SocketRules.SL0003) != 0;
                var endOfStreamReads = endOfStream is not null && (on & SocketRules.SL0004) != 0;
                if ((!completions && !accepts && !endOfStreamReads) || context.IsGeneratedCode)
                    return;
                var found = _words.In(context.OperationBlocks[0].Syntax.SyntaxTree, context.CancellationToken);

                // The rules in one callback: the rules never throw (an exception here would skip the others for the member).
                if (completions)
                    SL0001PeerCloseNotHandledRule.AnalyzeCompletions(context, _api, bytesTransferred!, found[FileWords.BytesTransferred]);
                if (accepts)
                    SL0003ServerClosesFirstRule.AnalyzeBlock(context, _api, acceptSites!, found[FileWords.Accept]);
                if (endOfStreamReads && found[FileWords.EndOfStream].Length > 0)
                    _blockingCalls!.AnalyzeEndOfStreamReads(context, found[FileWords.EndOfStream]);
            });
        }

        private bool IsOn(SocketRules rule, IOperation operation) => (_switches.At(operation) & rule) != 0;

        private void AnalyzeOperation(OperationAnalysisContext context)
        {
            switch (context.Operation.Kind)
            {
                case OperationKind.Invocation:
                    AnalyzeInvocation(context, (IInvocationOperation)context.Operation);
                    break;
                case OperationKind.Try:
                    if (IsOn(SocketRules.SL0002, context.Operation))
                        SL0002SendFailureIgnoredRule.AnalyzeTry(context, _api);
                    break;
                // .Result is found from the socket call whose task it waits for, not by a callback on every property reference.
                case OperationKind.ObjectCreation:
                    if (IsOn(SocketRules.SL0004, context.Operation))
                        _blockingCalls!.AnalyzeObjectCreation(context);
                    break;
            }
        }

        /// <summary>Three rules look at calls: the method's name is read once for them, as each read goes through the symbol's wrappers.</summary>
        private void AnalyzeInvocation(OperationAnalysisContext context, IInvocationOperation invocation)
        {
            var on = _onInvocations & _switches.At(invocation);
            if (on == SocketRules.None)
                return;
            var name = invocation.TargetMethod.Name;
            if ((on & SocketRules.SL0001) != 0)
                SL0001PeerCloseNotHandledRule.AnalyzeInvocation(context, invocation, name, _api);
            if ((on & SocketRules.SL0002) != 0)
                SL0002SendFailureIgnoredRule.AnalyzeErrorCode(context, invocation, name, _api);
            if ((on & SocketRules.SL0004) != 0)
                _blockingCalls!.AnalyzeInvocation(context, invocation, name);
        }
    }
}
