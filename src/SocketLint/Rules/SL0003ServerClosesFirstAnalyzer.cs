using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Text;
using SocketLint.Connections;

namespace SocketLint.Rules;

/// <summary>
/// SL0003: an accepted (server-side) connection closed on a normal path before the peer's close was seen,
/// reported once per connection at the first operation that closes it.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class SL0003ServerClosesFirstAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Diagnostic property: the name of the local that holds the accepted connection.</summary>
    public const string ConnectionProperty = "Connection";

    /// <summary>Diagnostic property: present when the close is the end of a using.</summary>
    public const string UsingProperty = "Using";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(Descriptors.SL0003ServerClosesFirst);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCode.Flags);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            var api = ConnectionApi.For(start.Compilation);
            if (api is null)
                return;

            // The report lands at the close, away from the accept: an operation-block action keeps it local to the
            // member, as the IDE and code fixes require. Most blocks hold no accept: their text says so without a walk,
            // and nothing is registered or allocated per block.
            start.RegisterOperationBlockAction(block => AnalyzeBlock(block, api));
        });
    }

    private static void AnalyzeBlock(OperationBlockAnalysisContext context, ConnectionApi api)
    {
        if (context.IsGeneratedCode)
            return;
        foreach (var block in context.OperationBlocks)
        {
            if (!ConnectionApi.MayHoldAccept(block.Syntax, context.CancellationToken))
                continue;
            foreach (var operation in OperationWalk.DescendantsAndSelf(block))
            {
                if (operation is IInvocationOperation invocation && api.Classify(invocation.TargetMethod, out _) == ConnectionMemberKind.Accept)
                    AnalyzeAccept(context, invocation, api);
            }
        }
    }

    private static void AnalyzeAccept(OperationBlockAnalysisContext context, IInvocationOperation accept, ConnectionApi api)
    {
        // Code being typed: a syntax error anywhere in the function may hide the drain or the close.
        if (AcceptedInto(accept) is not { } local || FlowGraphs.FunctionAround(accept).Syntax.ContainsDiagnostics)
            return;

        // Most accept loops hand the connection on and never close it themselves: then there is no path to walk.
        var closeMethods = api.CloseMethods.Configured(accept.Syntax.SyntaxTree, context.Options);
        var aliases = FlowGraphs.AliasesAround(accept, api);
        var connection = aliases.RootOf(local);
        var closes = new ConnectionCloses(api, aliases, closeMethods, captures: null);
        if (connection is null || !ServerCloseAnalysis.MayClose(accept, connection, closes))
            return;

        // The usual shapes (drained before any close; closed in straight-line code) are decided on the tree.
        IOperation? close;
        switch (ServerCloseShortcut.Decide(accept, connection, closes, out var closedOnTree))
        {
            case ServerCloseShortcut.Outcome.NoEarlyClose:
                return;
            case ServerCloseShortcut.Outcome.EarlyClose:
                close = closedOnTree!;
                break;
            default:
                var flow = FlowGraphs.FlowAround(context, accept, aliases, api, closeMethods);
                if (flow is null || ServerCloseAnalysis.FindEarlyClose(flow, accept.Syntax, flow.Aliases.RootOf(local)) is not { } closedOnGraph)
                    return;
                close = closedOnGraph;
                break;
        }

        var (location, isUsing) = LocationOf(close.Syntax);
        var properties = ImmutableDictionary<string, string?>.Empty.Add(ConnectionProperty, local.Name);
        if (isUsing)
            properties = properties.Add(UsingProperty, "true");
        var what = isUsing ? "The end of this using" : close is IInvocationOperation invocation ? $"'{invocation.TargetMethod.ContainingType.Name}.{invocation.TargetMethod.Name}'" : "This close";
        context.ReportOutsideGeneratedCode(Diagnostic.Create(Descriptors.SL0003ServerClosesFirst, location, properties, what, local.Name));
    }

    /// <summary>The local an accepted connection is stored in: <c>var c = listener.Accept()</c>, <c>c = await l.AcceptTcpClientAsync()</c>.</summary>
    internal static ILocalSymbol? AcceptedInto(IOperation accept)
    {
        var value = accept;
        while (value.Parent is IAwaitOperation or IConversionOperation or IParenthesizedOperation
            || (value.Parent is IInvocationOperation { TargetMethod.Name: "ConfigureAwait" } configure && configure.Instance == value))
        {
            value = value.Parent;
        }

        return value.Parent switch
        {
            IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator } => declarator.Symbol,
            ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } assignment when assignment.Value == value => target.Local,
            _ => null,
        };
    }

    /// <summary>A close written as a call is reported there; the implicit dispose at the end of a using at its <c>using</c> line.</summary>
    private static (Location Location, bool IsUsing) LocationOf(SyntaxNode syntax)
    {
        if (syntax is not InvocationExpressionSyntax)
        {
            foreach (var ancestor in syntax.AncestorsAndSelf())
            {
                switch (ancestor)
                {
                    case UsingStatementSyntax statement:
                        return (Location.Create(statement.SyntaxTree, TextSpan.FromBounds(statement.UsingKeyword.SpanStart, statement.CloseParenToken.Span.End)), true);
                    case LocalDeclarationStatementSyntax declaration when declaration.UsingKeyword.IsKind(SyntaxKind.UsingKeyword):
                        return (declaration.GetLocation(), true);
                    case StatementSyntax:
                        return (syntax.GetLocation(), false);
                }
            }
        }

        return (syntax.GetLocation(), false);
    }
}
