using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;
using SocketLint.Rules;

namespace SocketLint.CodeFixes.Rules;

/// <summary>
/// SL0002 fixes. At a catch: "Close the connection on send failure" (the close, and an exit where the loop would go on
/// sending on the same connection) and "Rethrow the send failure" (<c>throw;</c>). At a send whose SocketError is
/// never read: a check after the send that closes and leaves, or that throws.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(SL0002SendFailureIgnoredCodeFix)), Shared]
public sealed class SL0002SendFailureIgnoredCodeFix : PlannedCodeFix
{
    public const string CloseKey = "SL0002.CloseOnSendFailure";
    public const string RethrowKey = "SL0002.RethrowSendFailure";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create("SL0002");


    private protected override ImmutableArray<string> Keys { get; } = ImmutableArray.Create(CloseKey, RethrowKey);

    private protected override string FixAllTitle(string key) =>
        key == RethrowKey ? "Rethrow every swallowed send failure" : "Close the connection on every send failure";

    private protected override PlannedEdit? Plan(PlanContext context, Diagnostic diagnostic, string key)
    {
        var (root, model, cancellationToken) = (context.Root, context.Model, context.CancellationToken);
        if (!diagnostic.Properties.TryGetValue(SL0002SendFailureIgnoredRule.KindProperty, out var kind))
            return null;
        var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);

        // A member still being typed (`for (int i i = 0; ...)` around the try): the names the fix writes may not bind
        // as they will. No fix until it parses.
        if (node.FirstAncestorOrSelf<MemberDeclarationSyntax>() is { ContainsDiagnostics: true })
            return null;
        return kind switch
        {
            SL0002SendFailureIgnoredRule.CatchKind when node.FirstAncestorOrSelf<CatchClauseSyntax>() is { } catchClause =>
                key == CloseKey
                    ? CloseInCatchPlan(catchClause, diagnostic, model, cancellationToken)
                    : RethrowPlan(catchClause, diagnostic, model, cancellationToken),
            SL0002SendFailureIgnoredRule.ErrorCodeKind when node.FirstAncestorOrSelf<InvocationExpressionSyntax>() is { } send =>
                key == CloseKey
                    ? CloseStatement(diagnostic, model, node.SpanStart) is { } close ? CheckErrorCode.TryCreate(send, close, diagnostic, model, context.ReservedNames, cancellationToken) : null
                    : CheckErrorCode.TryCreate(send, null, diagnostic, model, context.ReservedNames, cancellationToken),
            _ => null,
        };
    }

    /// <summary>
    /// The close at a catch, where the failure may have come before the try set the connection: none when the catch
    /// may see the connection's local unassigned (<c>TcpClient c; try { c = new TcpClient(host, port); ... }</c>: CS0165);
    /// <c>c?.Close();</c> when the try sets it, since a connect that throws leaves it null (or as it was).
    /// </summary>
    private static StatementSyntax? CloseInCatchStatement(Diagnostic diagnostic, SemanticModel model, CatchClauseSyntax catchClause, CancellationToken cancellationToken)
    {
        if (CloseStatement(diagnostic, model, catchClause.Block.SpanStart) is not { } close
            || catchClause.Parent is not TryStatementSyntax tryStatement
            || close is not ExpressionStatementSyntax { Expression: InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax closeAccess } closeCall })
        {
            return null;
        }

        // The connection is a name, or a path from one (state.WorkSocket, clients[i]): its first name decides.
        var connection = closeAccess.Expression;
        var first = FixSyntax.FirstName(connection);
        var symbol = first is null ? null : model.LookupSymbols(catchClause.Block.SpanStart, name: first.Identifier.ValueText).FirstOrDefault();
        bool setInTry;
        if (symbol is ILocalSymbol or IParameterSymbol)
        {
            var inCatch = model.AnalyzeDataFlow(catchClause.Block);
            var inTry = model.AnalyzeDataFlow(tryStatement.Block);
            if (inCatch is not { Succeeded: true } || inTry is not { Succeeded: true } || !inCatch.DefinitelyAssignedOnEntry.Contains(symbol))
                return null;
            setInTry = inTry.WrittenInside.Contains(symbol);
        }
        else
        {
            setInTry = symbol is not null && AssignsInside(tryStatement.Block, symbol, model, cancellationToken);
        }

        // A field, property or local declared as may be null (StreamWriter? _writer, where nullable is enabled): closed
        // through ?., as a send through it would be written, with no nullable warning.
        var (annotation, type) = symbol switch
        {
            IFieldSymbol field => (field.NullableAnnotation, field.Type),
            IPropertySymbol property => (property.NullableAnnotation, property.Type),
            ILocalSymbol local => (local.NullableAnnotation, local.Type),
            IParameterSymbol parameter => (parameter.NullableAnnotation, parameter.Type),
            _ => (NullableAnnotation.None, (ITypeSymbol?)null),
        };
        var declaredNullable = annotation == NullableAnnotation.Annotated && type is { IsValueType: false }
            && !(symbol is ILocalSymbol && first is not null && IsNotNullInTry(tryStatement.Block, first.Identifier.ValueText, model, cancellationToken));
        if (!setInTry && !declaredNullable)
            return close;

        // A member of an object that may be null, itself declared not null (session?.Writer.Dispose(), for a writer of the
        // session's type made over its connection): the object is tested, as a send through it would be written.
        if (!setInTry && connection is MemberAccessExpressionSyntax { RawKind: (int)SyntaxKind.SimpleMemberAccessExpression, Expression: SimpleNameSyntax owner, Name: var member }
            && type is not null && IsDeclaredNotNull(type, member.Identifier.ValueText))
        {
            return close.ReplaceNode(closeCall, SyntaxFactory.ConditionalAccessExpression(
                owner,
                SyntaxFactory.InvocationExpression(
                    SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, SyntaxFactory.MemberBindingExpression(member), closeAccess.Name),
                    closeCall.ArgumentList)));
        }

        // A path set in the try (state = Next(); ... state.WorkSocket): which part may be null is not known.
        if (connection is not SimpleNameSyntax)
            return null;
        return close.ReplaceNode(closeCall, SyntaxFactory.ConditionalAccessExpression(
            connection,
            SyntaxFactory.InvocationExpression(SyntaxFactory.MemberBindingExpression(closeAccess.Name), closeCall.ArgumentList)));
    }

    /// <summary>
    /// Whether the local <paramref name="name"/> is known not null where the try first uses it: a <c>var</c> local is
    /// declared as may be null wherever nullable is on (<c>var list = _peers.ToList();</c>), whatever it holds, and the
    /// catch closes it as it was in the try, which does not set it.
    /// </summary>
    private static bool IsNotNullInTry(BlockSyntax tryBlock, string name, SemanticModel model, CancellationToken cancellationToken) =>
        tryBlock.DescendantNodes().OfType<IdentifierNameSyntax>().FirstOrDefault(identifier => identifier.Identifier.ValueText == name) is { } use
        && model.GetTypeInfo(use, cancellationToken).Nullability.FlowState == NullableFlowState.NotNull;

    /// <summary>Whether <paramref name="type"/> has a field or property named <paramref name="name"/>, of a reference type, declared not null (or where nullable is off).</summary>
    private static bool IsDeclaredNotNull(ITypeSymbol type, string name) => type.GetMembers(name).FirstOrDefault() switch
    {
        IFieldSymbol field => field.NullableAnnotation != NullableAnnotation.Annotated,
        IPropertySymbol { Parameters.IsEmpty: true } property => property.NullableAnnotation != NullableAnnotation.Annotated,
        _ => false,
    };

    /// <summary>Whether <paramref name="block"/> assigns <paramref name="symbol"/> (a field or property), outside nested functions.</summary>
    private static bool AssignsInside(BlockSyntax block, ISymbol symbol, SemanticModel model, CancellationToken cancellationToken)
    {
        foreach (var assignment in block.DescendantNodes(n => n is not (AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax)).OfType<AssignmentExpressionSyntax>())
        {
            if (SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(assignment.Left, cancellationToken).Symbol, symbol))
                return true;
        }

        return false;
    }

    /// <summary><c>connection.Close();</c> (or Dispose), when the connection's name means the same thing where the fix puts it.</summary>
    private static StatementSyntax? CloseStatement(Diagnostic diagnostic, SemanticModel model, int position)
    {
        if (!diagnostic.Properties.TryGetValue(SL0002SendFailureIgnoredRule.ConnectionProperty, out var connection)
            || !diagnostic.Properties.TryGetValue(SL0002SendFailureIgnoredRule.CloseMemberProperty, out var member)
            || connection is null
            || member is null)
        {
            return null;
        }

        connection = FixSyntax.Escaped(connection);
        var expression = SyntaxFactory.ParseExpression(connection);
        var first = FixSyntax.FirstName(expression);
        if (expression.ContainsDiagnostics || (first is not null && model.LookupSymbols(position, name: first.Identifier.ValueText).IsEmpty))
            return null;
        return FixSyntax.Elastic(SyntaxFactory.ParseStatement($"{connection}.{member}();"));
    }

    /// <summary>
    /// Whether the loop around the catch sends on the same connection again: no name in the connection's expression is a
    /// local of the loop (its own variable, <c>foreach (var c in clients)</c>, or an index it declares, <c>clients[i]</c>
    /// in <c>for (int i = ...)</c>), which names another connection on each turn.
    /// </summary>
    private static bool LoopSendsAgain(SyntaxNode node, Diagnostic diagnostic, SemanticModel model)
    {
        if (FixSyntax.EnclosingLoop(node) is not { } loop)
            return false;
        if (!diagnostic.Properties.TryGetValue(SL0002SendFailureIgnoredRule.ConnectionProperty, out var connection) || connection is null)
            return true;

        if (node is CatchClauseSyntax { Parent: TryStatementSyntax tryStatement } catchClause && ConnectsAgain(catchClause, tryStatement, loop, connection))
            return false;

        foreach (var name in SyntaxFactory.ParseExpression(FixSyntax.Escaped(connection)).DescendantNodesAndSelf().OfType<SimpleNameSyntax>())
        {
            foreach (var symbol in model.LookupSymbols(node.SpanStart, name: name.Identifier.ValueText))
            {
                foreach (var reference in symbol.DeclaringSyntaxReferences)
                {
                    // A local the loop declares names another connection each turn (its variable, an index it declares),
                    // unless its body declares it set to the same one each turn: a path of fields, parameters and outer
                    // locals (var s = _peers[0];, var up = _upstream;, var s = _peers.First();), or a for loop sets it once
                    // (for (var c = new TcpClient(h, p); ; Thread.Sleep(1000))) and never again.
                    if (symbol is ILocalSymbol && loop.Span.Contains(reference.Span)
                        && !(reference.GetSyntax() is VariableDeclaratorSyntax { Initializer.Value: var initial, Parent.Parent: LocalDeclarationStatementSyntax }
                            && IsSamePathEachTurn(initial, loop, model))
                        && !(reference.GetSyntax() is VariableDeclaratorSyntax { Parent.Parent: ForStatementSyntax forLoop } declarator
                            && forLoop == loop && !IsAssignedIn(loop, declarator.Identifier.ValueText, declarator)))
                    {
                        return false;
                    }
                }
            }
        }

        return true;
    }

    /// <summary>
    /// Whether <paramref name="expression"/> names the same object on each turn of <paramref name="loop"/>: names of
    /// fields, properties, parameters and locals declared outside the loop, member accesses and indexes by a literal
    /// or such a name. A call, a creation or a name the loop declares may give another object each turn.
    /// </summary>
    private static bool IsSamePathEachTurn(ExpressionSyntax expression, SyntaxNode loop, SemanticModel model) => expression switch
    {
        ParenthesizedExpressionSyntax parenthesized => IsSamePathEachTurn(parenthesized.Expression, loop, model),
        ThisExpressionSyntax or LiteralExpressionSyntax => true,
        IdentifierNameSyntax name => model.GetSymbolInfo(name).Symbol switch
        {
            IFieldSymbol or IPropertySymbol { Parameters.IsEmpty: true } or IParameterSymbol => true,
            ILocalSymbol local => local.DeclaringSyntaxReferences.All(declared => !loop.Span.Contains(declared.Span)),
            _ => false,
        },
        MemberAccessExpressionSyntax { RawKind: (int)SyntaxKind.SimpleMemberAccessExpression } access =>
            model.GetSymbolInfo(access.Name).Symbol is IFieldSymbol or IPropertySymbol { Parameters.IsEmpty: true } && IsSamePathEachTurn(access.Expression, loop, model),
        ElementAccessExpressionSyntax { ArgumentList.Arguments.Count: 1 } element =>
            IsSamePathEachTurn(element.Expression, loop, model) && IsSamePathEachTurn(element.ArgumentList.Arguments[0].Expression, loop, model),

        // _peers.First(), _peers.ElementAt(0): the same element of the same collection; not with a predicate, which may
        // pass over the closed one (p => p.Connected).
        InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "First" or "FirstOrDefault" or "Last" or "LastOrDefault" or "Single" or "SingleOrDefault" or "ElementAt" or "ElementAtOrDefault" } access } call =>
            call.ArgumentList.Arguments.Count == (access.Name.Identifier.ValueText.StartsWith("ElementAt", System.StringComparison.Ordinal) ? 1 : 0)
            && call.ArgumentList.Arguments.All(argument => argument.RefKindKeyword.IsKind(SyntaxKind.None) && IsSamePathEachTurn(argument.Expression, loop, model))
            && model.GetSymbolInfo(call).Symbol is IMethodSymbol { ContainingType: { Name: "Enumerable", ContainingNamespace: { Name: "Linq", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } } } }
            && IsSamePathEachTurn(access.Expression, loop, model),
        _ => false,
    };

    /// <summary>Whether <paramref name="loop"/> assigns the local <paramref name="name"/> anywhere but in its <paramref name="declarator"/> (<c>c = ...</c>, <c>i++</c>, <c>ref c</c>, <c>out c</c>).</summary>
    private static bool IsAssignedIn(SyntaxNode loop, string name, VariableDeclaratorSyntax declarator) =>
        loop.DescendantNodes().Any(node => node switch
        {
            AssignmentExpressionSyntax { Left: IdentifierNameSyntax target } => target.Identifier.ValueText == name,
            PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.PreIncrementExpression or (int)SyntaxKind.PreDecrementExpression, Operand: IdentifierNameSyntax stepped } => stepped.Identifier.ValueText == name,
            PostfixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.PostIncrementExpression or (int)SyntaxKind.PostDecrementExpression, Operand: IdentifierNameSyntax stepped } => stepped.Identifier.ValueText == name,
            ArgumentSyntax { RefKindKeyword.RawKind: (int)SyntaxKind.RefKeyword or (int)SyntaxKind.OutKeyword, Expression: IdentifierNameSyntax passed } => passed.Identifier.ValueText == name,
            _ => false,
        } && !declarator.Span.Contains(node.Span));

    /// <summary>
    /// Whether the next turn of <paramref name="loop"/> sends on a new connection, so that an exit would cut the retry short:
    /// the catch connects again (<c>_s = new Socket(...); _s.Connect(ep);</c>), or the try connects before it sends (a retry
    /// loop: <c>client = new TcpClient(host, port); client.GetStream().Write(data); break;</c>), as does a statement of the
    /// loop's body before the try, or after it where the catch runs on to it; or the catch drops the connection
    /// (<c>_client = null;</c>) for a try that connects when it finds none (<c>if (_client == null) { _client = new TcpClient(); ... }</c>).
    /// </summary>
    private static bool ConnectsAgain(CatchClauseSyntax catchClause, TryStatementSyntax tryStatement, SyntaxNode loop, string connection)
    {
        var block = catchClause.Block;
        if (Reconnects(block.Statements, connection) || Reconnects(tryStatement.Block.Statements, connection))
            return true;
        if (FirstStatementDropping(block, connection) >= 0 && ReconnectsWithin(tryStatement.Block, connection))
            return true;
        if (tryStatement.Parent is not BlockSyntax body || body.Parent != loop)
            return false;
        var at = body.Statements.IndexOf(tryStatement);
        return Reconnects(body.Statements.Take(at), connection) || (RunsOn(block) && Reconnects(body.Statements.Skip(at + 1), connection));
    }

    /// <summary>Whether one of <paramref name="statements"/> sets the connection's name to a new object (<c>_s = new Socket(...)</c>, <c>client = Connect()</c>).</summary>
    private static bool Reconnects(IEnumerable<StatementSyntax> statements, string connection) =>
        statements.Any(statement => IsReconnect(statement, connection));

    /// <summary>
    /// Whether a statement anywhere in <paramref name="block"/> (under an <c>if</c> too; not in a nested function) sets the
    /// connection's name to a new object, or calls a method of the type that does (<c>await EnsureConnectedAsync(ct);</c>,
    /// whose body sets <c>_stream = client.GetStream();</c> when it finds none): one level deep, read from the syntax.
    /// </summary>
    private static bool ReconnectsWithin(BlockSyntax block, string connection)
    {
        if (Reconnects(block.DescendantNodes(IsOwnCode).OfType<ExpressionStatementSyntax>(), connection))
            return true;
        if (block.FirstAncestorOrSelf<TypeDeclarationSyntax>() is not { } type)
            return false;
        foreach (var call in block.DescendantNodes(IsOwnCode).OfType<InvocationExpressionSyntax>())
        {
            var name = call.Expression switch
            {
                IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
                MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax, Name: var member } => member.Identifier.ValueText,
                _ => null,
            };
            if (name is null)
                continue;
            foreach (var method in type.Members.OfType<MethodDeclarationSyntax>())
            {
                if (method.Identifier.ValueText == name && ((SyntaxNode?)method.Body ?? method.ExpressionBody) is { } body
                    && Reconnects(body.DescendantNodes(IsOwnCode).OfType<ExpressionStatementSyntax>(), connection))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>Whether the walk goes into <paramref name="node"/>: not into a lambda or local function, code that runs elsewhere.</summary>
    private static bool IsOwnCode(SyntaxNode node) => node is not (AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax);

    private static bool IsReconnect(StatementSyntax statement, string connection) =>
        statement is ExpressionStatementSyntax { Expression: AssignmentExpressionSyntax { RawKind: (int)SyntaxKind.SimpleAssignmentExpression } assignment }
        && assignment.Left.ToString() == connection
        && assignment.Right is BaseObjectCreationExpressionSyntax or InvocationExpressionSyntax or AwaitExpressionSyntax;

    /// <summary>Whether the end of <paramref name="block"/> runs on to what follows: its last statement is no jump (<c>continue</c>, <c>break</c>, <c>return</c>, <c>throw</c>, <c>goto</c>).</summary>
    private static bool RunsOn(BlockSyntax block) =>
        block.Statements.LastOrDefault() is not (ContinueStatementSyntax or BreakStatementSyntax or ReturnStatementSyntax or ThrowStatementSyntax or GotoStatementSyntax);

    /// <summary>
    /// The index of the first statement of the catch that may stop the connection's expression from naming the failed
    /// connection: one that assigns a name in it (<c>_socket = null;</c>, <c>i--;</c>, an <c>out</c> or <c>ref</c> argument),
    /// or calls a method on a name of a path to it (<c>clients.RemoveAt(i);</c> for <c>clients[i]</c>). The close goes
    /// before it, where the expression still names the connection that failed; -1 when there is none.
    /// </summary>
    private static int FirstStatementDropping(BlockSyntax block, string connection)
    {
        var expression = SyntaxFactory.ParseExpression(FixSyntax.Escaped(connection));
        var names = expression.DescendantNodesAndSelf().OfType<SimpleNameSyntax>().Select(name => name.Identifier.ValueText).ToImmutableHashSet();
        var whole = expression.ToString();
        for (var i = 0; i < block.Statements.Count; i++)
        {
            foreach (var node in block.Statements[i].DescendantNodesAndSelf(n => n is not (AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax)))
            {
                var dropped = node switch
                {
                    AssignmentExpressionSyntax assignment => FixSyntax.FirstName(assignment.Left) is { } target && names.Contains(target.Identifier.ValueText),
                    PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.PreIncrementExpression or (int)SyntaxKind.PreDecrementExpression } prefix => Names(prefix.Operand, names),
                    PostfixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.PostIncrementExpression or (int)SyntaxKind.PostDecrementExpression } postfix => Names(postfix.Operand, names),
                    ArgumentSyntax { RefKindKeyword.RawKind: (int)SyntaxKind.RefKeyword or (int)SyntaxKind.OutKeyword } argument => Names(argument.Expression, names),
                    InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Expression: var receiver } } => receiver.ToString() != whole && Names(receiver, names),
                    _ => false,
                };
                if (dropped)
                    return i;
            }
        }

        return -1;

        static bool Names(ExpressionSyntax expression, ImmutableHashSet<string> names) =>
            FixSyntax.FirstName(expression) is { } first && names.Contains(first.Identifier.ValueText);
    }

    /// <summary>Whether <paramref name="block"/> takes something out of a collection (<c>_peers.Remove(p)</c>, <c>RemoveAt(i)</c>, <c>TryRemove(id, out _)</c>), outside nested functions.</summary>
    private static bool TakesOutOfACollection(BlockSyntax block) =>
        block.DescendantNodes(n => n is not (AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax))
            .OfType<InvocationExpressionSyntax>()
            .Any(call => call.Expression is MemberAccessExpressionSyntax { Name.Identifier.ValueText: var name }
                && (name.StartsWith("Remove", System.StringComparison.Ordinal) || name.StartsWith("TryRemove", System.StringComparison.Ordinal)));

    private static PlannedEdit? RethrowPlan(CatchClauseSyntax catchClause, Diagnostic diagnostic, SemanticModel model, CancellationToken cancellationToken)
    {
        // The catch has already dropped the connection (taken it out of its list, put a new one in its place): a rethrow
        // would leave the dead one open and out of reach, and undo the catch's work. The close fix closes it first.
        if ((diagnostic.Properties.TryGetValue(SL0002SendFailureIgnoredRule.ConnectionProperty, out var connection) && connection is not null
                && FirstStatementDropping(catchClause.Block, connection) >= 0)
            || TakesOutOfACollection(catchClause.Block))
        {
            return null;
        }

        return ThrowEndsTheProcess(catchClause, model, cancellationToken) ? null : RethrowInCatch.TryCreate(catchClause);
    }

    /// <summary>
    /// Whether an exception thrown from <paramref name="catchClause"/> would reach no caller and end the process: in
    /// <c>async void</c> code (a method, a local function, an async lambda made into a delegate that returns nothing),
    /// or in a callback a timer or a thread of its own runs (<c>new Timer(_ =&gt; ...)</c>, <c>new Thread(() =&gt; ...)</c>,
    /// <c>ThreadPool.QueueUserWorkItem</c>).
    /// </summary>
    private static bool ThrowEndsTheProcess(CatchClauseSyntax catchClause, SemanticModel model, CancellationToken cancellationToken)
    {
        foreach (var ancestor in catchClause.Ancestors())
        {
            switch (ancestor)
            {
                case AnonymousFunctionExpressionSyntax function:
                    if (IsLeftTask(function, model, cancellationToken))
                        return true;
                    var converted = model.GetTypeInfo(function, cancellationToken).ConvertedType as INamedTypeSymbol;
                    if (function.AsyncKeyword.IsKind(SyntaxKind.AsyncKeyword))
                        return converted is { DelegateInvokeMethod.ReturnsVoid: true };
                    return StarterOf(function, model, cancellationToken) is not null
                        || (converted?.DelegateInvokeMethod is { } invoke && IsCompletionCallback(invoke));
                case LocalFunctionStatementSyntax local:
                    return local.Modifiers.Any(SyntaxKind.AsyncKeyword) && local.ReturnType is PredefinedTypeSyntax { Keyword.RawKind: (int)SyntaxKind.VoidKeyword };
                case MethodDeclarationSyntax method:
                    return (method.Modifiers.Any(SyntaxKind.AsyncKeyword) && method.ReturnType is PredefinedTypeSyntax { Keyword.RawKind: (int)SyntaxKind.VoidKeyword })
                        || StarterOf(method, model, cancellationToken) is not null
                        || IsCalledOnlyFromStartedLambdas(method, model, cancellationToken)
                        || (model.GetDeclaredSymbol(method, cancellationToken) is { } declared && IsCompletionCallback(declared));
                case MemberDeclarationSyntax:
                    return false;
            }
        }

        return false;
    }

    /// <summary>
    /// Whether <paramref name="function"/> is the work of a task started and left (<c>_ = Task.Run(async () =&gt; ...)</c>,
    /// <c>Task.Run(() =&gt; ...);</c>, <c>Task.Factory.StartNew(...)</c> likewise): what it throws faults a task that no
    /// code awaits, and the connection stays open.
    /// </summary>
    private static bool IsLeftTask(AnonymousFunctionExpressionSyntax function, SemanticModel model, CancellationToken cancellationToken)
    {
        if (function.Parent is not ArgumentSyntax { Parent: ArgumentListSyntax { Parent: InvocationExpressionSyntax call } }
            || model.GetSymbolInfo(call, cancellationToken).Symbol is not IMethodSymbol { Name: "Run" or "StartNew" } target
            || target.ContainingType is not { Name: "Task" or "TaskFactory", ContainingNamespace: { Name: "Tasks", ContainingNamespace: { Name: "Threading", ContainingNamespace.Name: "System" } } })
        {
            return false;
        }

        SyntaxNode task = call;
        while (task.Parent is ParenthesizedExpressionSyntax)
            task = task.Parent;
        return task.Parent is ExpressionStatementSyntax
            || (task.Parent is AssignmentExpressionSyntax { Left: IdentifierNameSyntax { Identifier.ValueText: "_" } discard, Parent: ExpressionStatementSyntax } assignment
                && assignment.Right == task && model.GetSymbolInfo(discard, cancellationToken).Symbol is null or IDiscardSymbol);
    }

    /// <summary>
    /// Whether every use of <paramref name="method"/> in its type is a call that is the whole body of a lambda a thread of
    /// its own runs, or of a task started and left (<c>new Thread(() =&gt; Pump(a, b))</c>, <c>_ = Task.Run(() =&gt; Pump(a, b))</c>):
    /// what it throws reaches no caller.
    /// </summary>
    private static bool IsCalledOnlyFromStartedLambdas(MethodDeclarationSyntax method, SemanticModel model, CancellationToken cancellationToken)
    {
        if (method.Parent is not TypeDeclarationSyntax type)
            return false;
        var name = method.Identifier.ValueText;
        var calls = 0;
        foreach (var reference in type.DescendantNodes().OfType<IdentifierNameSyntax>())
        {
            if (reference.Identifier.ValueText != name)
                continue;
            ExpressionSyntax called = reference.Parent is MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax } self && self.Name == reference ? self : reference;
            if (called.Parent is not InvocationExpressionSyntax call || call.Expression != called)
                return false;
            SyntaxNode body = call;
            if (body.Parent is AwaitExpressionSyntax awaited)
                body = awaited;

            // () => Pump(a, b), or () => { Pump(a, b); }
            var lambda = body.Parent is AnonymousFunctionExpressionSyntax expressionBodied && expressionBodied.ExpressionBody == body
                ? expressionBodied
                : body.Parent is ExpressionStatementSyntax { Parent: BlockSyntax { Statements.Count: 1, Parent: AnonymousFunctionExpressionSyntax blockBodied } }
                    ? blockBodied
                    : null;
            if (lambda is null || (StarterOf(lambda, model, cancellationToken) is null && !IsLeftTask(lambda, model, cancellationToken)))
                return false;

            calls++;
        }

        return calls > 0;
    }

    /// <summary>
    /// A socket operation's completion, which the runtime calls on a thread of its own: an <c>AsyncCallback</c>'s shape,
    /// <c>void SendCallback(IAsyncResult ar)</c> (<c>BeginSend(..., SendCallback, state)</c>), or a
    /// <c>SocketAsyncEventArgs.Completed</c> handler's, <c>void OnCompleted(object sender, SocketAsyncEventArgs e)</c>.
    /// </summary>
    private static bool IsCompletionCallback(IMethodSymbol method) =>
        method.ReturnsVoid && method.Parameters.Length switch
        {
            1 => method.Parameters[0].Type is { Name: "IAsyncResult", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } },
            2 => method.Parameters[1].Type is { Name: "SocketAsyncEventArgs", ContainingNamespace.Name: "Sockets" },
            _ => false,
        };

    /// <summary>
    /// What runs the function around <paramref name="catchClause"/> on a thread of its own, as <see cref="StarterOf"/>
    /// finds it: a <c>Timer</c>'s, a <c>Thread</c>'s constructor, or <c>ThreadPool.QueueUserWorkItem</c>; null otherwise.
    /// </summary>
    private static IMethodSymbol? StarterAround(CatchClauseSyntax catchClause, SemanticModel model, CancellationToken cancellationToken)
    {
        foreach (var ancestor in catchClause.Ancestors())
        {
            switch (ancestor)
            {
                case AnonymousFunctionExpressionSyntax or MethodDeclarationSyntax:
                    return StarterOf(ancestor, model, cancellationToken);
                case LocalFunctionStatementSyntax or MemberDeclarationSyntax:
                    return null;
            }
        }

        return null;
    }

    /// <summary>
    /// The call that starts <paramref name="function"/> on a thread of its own (an exception there ends the process): a
    /// lambda, or a method of the type passed by name (<c>new Timer(OnTick, null, 1000, 1000)</c>, also through
    /// <c>new TimerCallback(OnTick)</c> or <c>this.OnTick</c>), given to a <c>Timer</c>'s or a <c>Thread</c>'s
    /// constructor or to <c>ThreadPool.QueueUserWorkItem</c>.
    /// </summary>
    private static IMethodSymbol? StarterOf(SyntaxNode function, SemanticModel model, CancellationToken cancellationToken)
    {
        if (function is AnonymousFunctionExpressionSyntax)
            return Starter(function);
        if (function is not MethodDeclarationSyntax { Parent: TypeDeclarationSyntax type } method)
            return null;
        var name = method.Identifier.ValueText;
        foreach (var reference in type.DescendantNodes().OfType<IdentifierNameSyntax>())
        {
            if (reference.Identifier.ValueText != name || reference.Parent is InvocationExpressionSyntax)
                continue;
            ExpressionSyntax passed = reference.Parent is MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax } self && self.Name == reference ? self : reference;
            if (passed.Parent is ArgumentSyntax { Parent: ArgumentListSyntax { Parent: ObjectCreationExpressionSyntax wrapped } } && wrapped.ArgumentList?.Arguments.Count == 1)
                passed = wrapped;
            if (Starter(passed) is { } starter)
                return starter;
        }

        return null;

        IMethodSymbol? Starter(SyntaxNode passed) =>
            passed.Parent is ArgumentSyntax { Parent: ArgumentListSyntax { Parent: { } call } }
            && model.GetSymbolInfo(call, cancellationToken).Symbol is IMethodSymbol target
            && target.ContainingType is { Name: "Timer" or "Thread" or "ThreadPool", ContainingNamespace: { Name: "Threading", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } } }
            && (target.MethodKind == MethodKind.Constructor || target.Name is "QueueUserWorkItem" or "UnsafeQueueUserWorkItem")
                ? target
                : null;
    }

    private static PlannedEdit? CloseInCatchPlan(CatchClauseSyntax catchClause, Diagnostic diagnostic, SemanticModel model, CancellationToken cancellationToken)
    {
        // A timer's callback runs again: its next send would be on the closed connection, and the ObjectDisposedException
        // that throws is no failure the catch takes, on a thread where it ends the process. What stops the timer is the
        // code's own choice: no fix.
        if (StarterAround(catchClause, model, cancellationToken) is { ContainingType.Name: "Timer" })
            return null;

        var goesRound = LoopSendsAgain(catchClause, diagnostic, model) || GoesBack(catchClause);
        var exit = goesRound ? FixSyntax.ExitFor(catchClause, model, preferBreak: true, cancellationToken) : null;

        // A catch that goes round to the send (a continue, a switch's break) with no way to leave written for it (a switch
        // in a method that returns a value): the close alone would leave the next send on a closed connection.
        if (goesRound && exit is null && !ContinuesLeaving(catchClause.Block).IsEmpty)
            return null;
        var drops = diagnostic.Properties.TryGetValue(SL0002SendFailureIgnoredRule.ConnectionProperty, out var connection) && connection is not null
            ? FirstStatementDropping(catchClause.Block, connection)
            : -1;

        // Closed in the catch, the connection is used again where the code goes on: after the loop the break leaves (a
        // pump's Shutdown(Send) after its copy loop), or after the try the catch falls out of. An ObjectDisposedException
        // there is no failure the code expects, and on a thread of its own it ends the process. No close fix.
        if (connection is not null && WhereItGoesOn(catchClause, exit) is { } left
            && left.Ancestors().FirstOrDefault(FixSyntax.IsFunction) is { } function
            && FixSyntax.UsesConnectionAfter(ScopeOf(connection, left) ?? function, left, connection))
        {
            return null;
        }

        return CloseInCatch.TryCreate(catchClause, CloseInCatchStatement(diagnostic, model, catchClause, cancellationToken), exit, drops);
    }

    /// <summary>
    /// The statement that declares the first name of <paramref name="connection"/> around <paramref name="from"/> in its
    /// function (a <c>foreach</c> or <c>for</c> of it, or the block of its local), which is as far as that name means the
    /// same variable (a second <c>foreach (var p in ...)</c> after the loop names another); null for a parameter, field or
    /// property, whose name means the same in the whole function.
    /// </summary>
    private static SyntaxNode? ScopeOf(string connection, SyntaxNode from)
    {
        if (FixSyntax.FirstName(SyntaxFactory.ParseExpression(FixSyntax.Escaped(connection))) is not { } first)
            return null;
        var name = first.Identifier.ValueText;
        foreach (var ancestor in from.AncestorsAndSelf())
        {
            if (FixSyntax.IsFunction(ancestor))
                return null;
            var declares = ancestor switch
            {
                ForEachStatementSyntax loop => loop.Identifier.ValueText == name,
                ForStatementSyntax { Declaration: { } declaration } => declaration.Variables.Any(variable => variable.Identifier.ValueText == name),
                BlockSyntax block => block.Statements.Any(statement => statement is LocalDeclarationStatementSyntax local && local.Declaration.Variables.Any(variable => variable.Identifier.ValueText == name)),
                _ => false,
            };
            if (declares)
                return ancestor;
        }

        return null;
    }

    /// <summary>
    /// The statement after which the code goes on once the close fix has run in <paramref name="catchClause"/>: the loop
    /// its <paramref name="exit"/> breaks out of, or, with no exit, the try itself when the catch ends by falling out of
    /// it; null where it leaves the function (a return or throw).
    /// </summary>
    private static StatementSyntax? WhereItGoesOn(CatchClauseSyntax catchClause, StatementSyntax? exit) => exit switch
    {
        BreakStatementSyntax => FixSyntax.EnclosingLoop(catchClause),
        null when catchClause.Parent is TryStatementSyntax tryStatement && catchClause.Block.Statements.LastOrDefault() is not (ReturnStatementSyntax or ThrowStatementSyntax or BreakStatementSyntax or ContinueStatementSyntax or GotoStatementSyntax)
            => tryStatement,
        _ => null,
    };

    /// <summary>Whether the catch jumps back with a <c>goto</c> (<c>goto retry;</c>): once the connection is closed, that would send on it again.</summary>
    private static bool GoesBack(CatchClauseSyntax catchClause) => ContinuesLeaving(catchClause.Block).Any(statement => statement is GotoStatementSyntax);

    /// <summary>
    /// The statements in a catch block that go round to the send again: a <c>continue</c> of the loop around it (not of
    /// a loop inside the block), or a <c>goto</c> (<c>goto retry;</c> back to a label before the try).
    /// </summary>
    private static ImmutableArray<StatementSyntax> ContinuesLeaving(BlockSyntax block)
    {
        var inSwitch = InSwitch(block);
        return block.DescendantNodes(n => n is not (AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax or WhileStatementSyntax or DoStatementSyntax or ForStatementSyntax or CommonForEachStatementSyntax)
                && !(inSwitch && n is SwitchStatementSyntax))
            .OfType<StatementSyntax>()
            .Where(statement => GoesRound(statement, inSwitch))
            .ToImmutableArray();
    }

    /// <summary>
    /// A continue, a goto; or, for a catch in a switch section (<paramref name="inSwitch"/>), a break of that switch, which
    /// goes on to the loop around it as a continue does (the analysis reports it only where the switch ends the loop's body).
    /// </summary>
    private static bool GoesRound(StatementSyntax statement, bool inSwitch) =>
        statement is ContinueStatementSyntax or GotoStatementSyntax { RawKind: (int)SyntaxKind.GotoStatement } || (inSwitch && statement is BreakStatementSyntax);

    /// <summary>Whether the nearest loop or switch around the catch of <paramref name="block"/> is a switch.</summary>
    private static bool InSwitch(BlockSyntax block) =>
        block.Ancestors().FirstOrDefault(a => a is SwitchStatementSyntax || FixSyntax.IsLoop(a) || FixSyntax.IsFunction(a)) is SwitchStatementSyntax;

    /// <summary>The block's last statement when it goes round to the send again (see <see cref="ContinuesLeaving"/>).</summary>
    private static StatementSyntax? Trailing(BlockSyntax block) =>
        block.Statements.LastOrDefault() is { } last && GoesRound(last, InSwitch(block)) ? last : null;

    /// <summary>
    /// The close goes at the end of the catch (after what it logs, which may still read the socket), before a trailing
    /// <c>continue</c>, which becomes the exit where the loop would send on the same connection again. A catch that
    /// continues from inside gets the close first instead, so every path closes.
    /// </summary>
    private sealed class CloseInCatch : PlannedEdit
    {
        private readonly BlockSyntax _block;
        private readonly StatementSyntax _close;
        private readonly StatementSyntax? _exit;

        /// <summary>The statement the close goes before, as <see cref="FirstStatementDropping"/> found it; -1 for none.</summary>
        private readonly int _beforeDrop;

        private CloseInCatch(BlockSyntax block, StatementSyntax close, StatementSyntax? exit, int beforeDrop)
        {
            _block = block;
            _close = close;
            _exit = exit;
            _beforeDrop = beforeDrop;
        }

        public override string Title => "Close the connection on send failure";

        public static CloseInCatch? TryCreate(CatchClauseSyntax catchClause, StatementSyntax? close, StatementSyntax? exit, int beforeDrop) =>
            close is null ? null : new CloseInCatch(catchClause.Block, close, exit, beforeDrop);

        public override void Apply(SyntaxEditor editor) =>
            editor.ReplaceNode(_block, (current, _) =>
            {
                var block = (BlockSyntax)current;
                var statements = block.Statements.ToList();
                var continues = ContinuesLeaving(block);
                var trailing = Trailing(block);
                var close = _close.WithAdditionalAnnotations(Formatter.Annotation, FixSyntax.Added);
                var exit = _exit?.WithAdditionalAnnotations(Formatter.Annotation, FixSyntax.Added);
                if (continues.Any(c => c != trailing))
                {
                    // if (retries-- > 0) continue; Log("giving up");: the way that falls out of the catch leaves too.
                    var replaced = block.ReplaceNodes(continues, (original, _) => exit is null ? original : exit.WithTriviaFrom(original));
                    var closedFirst = replaced.Statements.Insert(0, close);
                    if (exit is not null && closedFirst.Last() is not (ReturnStatementSyntax or ThrowStatementSyntax or BreakStatementSyntax or ContinueStatementSyntax or GotoStatementSyntax))
                        closedFirst = closedFirst.Add(exit);
                    return FixSyntax.DirectivesBeforeAdded(replaced.WithStatements(closedFirst)).WithAdditionalAnnotations(Formatter.Annotation);
                }

                // The close goes before what drops the connection (_socket = null;, clients.RemoveAt(i);), else before a
                // trailing return without a value (a catch reported with one is in a lambda that a ForEach runs for each
                // connection: a return elsewhere leaves, and is no finding) or a trailing continue, else at the end. A
                // trailing continue becomes the exit; otherwise the exit follows, unless the catch already leaves there.
                var dropsAt = _beforeDrop >= 0 && _beforeDrop < statements.Count && statements.Count == _block.Statements.Count ? _beforeDrop : -1;
                var returnsAtEnd = statements.LastOrDefault() is ReturnStatementSyntax { Expression: null };
                statements.Insert(dropsAt >= 0 ? dropsAt : returnsAtEnd || trailing is not null ? statements.Count - 1 : statements.Count, close);
                if (exit is not null && trailing is not null)
                    statements[statements.Count - 1] = exit.WithTriviaFrom(trailing);
                else if (exit is not null && !returnsAtEnd && !(dropsAt >= 0 && statements[statements.Count - 1] is ReturnStatementSyntax or ThrowStatementSyntax or BreakStatementSyntax))
                    statements.Add(exit);

                return FixSyntax.LaidOut(FixSyntax.DirectivesBeforeAdded(block.WithStatements(SyntaxFactory.List(statements))), _block);
            });
    }

    /// <summary>
    /// <c>throw;</c> at the end of the catch, in place of a trailing <c>continue</c>; not offered where the catch continues
    /// from inside, nor inside an outer try with catches, which would then catch what it throws.
    /// </summary>
    private sealed class RethrowInCatch : PlannedEdit
    {
        private readonly BlockSyntax _block;

        private RethrowInCatch(BlockSyntax block) => _block = block;

        public override string Title => "Rethrow the send failure";

        public static RethrowInCatch? TryCreate(CatchClauseSyntax catchClause)
        {
            // Inside the body of an outer try with catches of its own, a rethrow would only move the failure there.
            for (SyntaxNode? node = catchClause.Parent, child = catchClause; node is not null and not (AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax or MemberDeclarationSyntax);
                child = node, node = node.Parent)
            {
                if (node is TryStatementSyntax { Catches.Count: > 0 } outer && outer.Block == child)
                    return null;
            }

            var block = catchClause.Block;
            var continues = ContinuesLeaving(block);
            var trailing = Trailing(block);
            if (continues.Any(c => c != trailing))
                return null;
            return new RethrowInCatch(block);
        }

        public override void Apply(SyntaxEditor editor) =>
            editor.ReplaceNode(_block, (current, _) =>
            {
                var block = (BlockSyntax)current;
                var statements = block.Statements.ToList();
                var rethrow = SyntaxFactory.ThrowStatement().WithAdditionalAnnotations(Formatter.Annotation, FixSyntax.Added);
                if (Trailing(block) is { } trailing)
                    statements[statements.Count - 1] = rethrow.WithTriviaFrom(trailing);
                else if (statements.LastOrDefault() is ReturnStatementSyntax { Expression: null } onToTheNext)
                    statements[statements.Count - 1] = rethrow.WithTriviaFrom(onToTheNext);
                else
                    statements.Add(rethrow);
                return FixSyntax.LaidOut(FixSyntax.DirectivesBeforeAdded(block.WithStatements(SyntaxFactory.List(statements))), _block);
            });
    }

    /// <summary>
    /// <c>if (error != SocketError.Success) { s.Close(); return; }</c> after the send (or <c>throw new SocketException((int)error)</c>),
    /// naming a discarded error code.
    /// </summary>
    private sealed class CheckErrorCode : PlannedEdit
    {
        private readonly StatementSyntax _statement;
        private readonly ArgumentSyntax _argument;
        private readonly ArgumentSyntax? _namedArgument;
        private readonly StatementSyntax _check;
        private readonly bool _closes;

        private CheckErrorCode(StatementSyntax statement, ArgumentSyntax argument, ArgumentSyntax? namedArgument, StatementSyntax check, bool closes)
        {
            _statement = statement;
            _argument = argument;
            _namedArgument = namedArgument;
            _check = check;
            _closes = closes;
        }

        public override string Title => _closes ? "Close the connection when the send fails" : "Throw when the send fails";

        /// <summary>
        /// Whether the statement may complete without running the send (<c>s?.Send(...)</c>, the right of
        /// <c>&amp;&amp;</c>, <c>||</c> or <c>??</c>, a branch of <c>?:</c>): the error local would then be read unassigned (CS0165).
        /// </summary>
        private static bool MayNotRun(SyntaxNode send, StatementSyntax statement)
        {
            SyntaxNode child = send;
            for (var current = send.Parent; current is not null && current != statement; child = current, current = current.Parent)
            {
                switch (current)
                {
                    case ConditionalAccessExpressionSyntax access when access.WhenNotNull == child:
                    case BinaryExpressionSyntax binary when binary.Right == child
                        && binary.Kind() is SyntaxKind.LogicalAndExpression or SyntaxKind.LogicalOrExpression or SyntaxKind.CoalesceExpression:
                    case ConditionalExpressionSyntax conditional when conditional.Condition != child:
                    case AssignmentExpressionSyntax assignment when assignment.Right == child && assignment.IsKind(SyntaxKind.CoalesceAssignmentExpression):
                        return true;
                }
            }

            return false;
        }

        public static CheckErrorCode? TryCreate(InvocationExpressionSyntax send, StatementSyntax? close, Diagnostic diagnostic, SemanticModel model, HashSet<string>? reservedNames, CancellationToken cancellationToken)
        {
            // A send in an expression-bodied local function has that function for its statement: no room for a check.
            if (send.FirstAncestorOrSelf<StatementSyntax>() is not { } statement
                || statement is LocalFunctionStatementSyntax
                || !(statement.Parent is BlockSyntax or SwitchSectionSyntax or GlobalStatementSyntax || IsEmbedded(statement))
                || send.Ancestors().TakeWhile(a => a != statement).Any(a => a is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax)
                || MayNotRun(send, statement))
            {
                return null;
            }

            var socketError = model.Compilation.GetTypeByMetadataName("System.Net.Sockets.SocketError");
            var argument = send.ArgumentList.Arguments.FirstOrDefault(a =>
                a.RefKindKeyword.IsKind(SyntaxKind.OutKeyword)
                && model.GetOperation(a, cancellationToken) is Microsoft.CodeAnalysis.Operations.IArgumentOperation { Parameter: { } parameter }
                && SymbolEqualityComparer.Default.Equals(parameter.Type, socketError));
            if (argument is null)
                return null;

            string name;
            ArgumentSyntax? named = null;
            switch (argument.Expression)
            {
                case DeclarationExpressionSyntax { Designation: SingleVariableDesignationSyntax single }:
                    name = single.Identifier.ValueText;
                    break;
                case DeclarationExpressionSyntax { Designation: DiscardDesignationSyntax } declaration:
                    name = FixSyntax.UniqueName("error", model, statement.SpanStart, reservedNames);
                    named = argument.WithExpression(declaration.WithDesignation(SyntaxFactory.SingleVariableDesignation(SyntaxFactory.Identifier(name))));
                    break;
                case IdentifierNameSyntax { Identifier.ValueText: "_" } discard when model.GetSymbolInfo(discard, cancellationToken).Symbol is null or IDiscardSymbol:
                    name = FixSyntax.UniqueName("error", model, statement.SpanStart, reservedNames);
                    named = argument.WithExpression(SyntaxFactory.DeclarationExpression(
                        SyntaxFactory.IdentifierName("var").WithTrailingTrivia(SyntaxFactory.Space),
                        SyntaxFactory.SingleVariableDesignation(SyntaxFactory.Identifier(name))));
                    break;
                case IdentifierNameSyntax local when model.GetSymbolInfo(local, cancellationToken).Symbol is ILocalSymbol:
                    name = local.Identifier.ValueText;
                    break;
                default:
                    return null;
            }

            StatementSyntax check;
            if (close is not null)
            {
                // A loop over connections (foreach (var c in clients), clients[i]) goes on to the next one, as the catch
                // fix does; a loop that would send on the same connection again is left, and so is a function.
                StatementSyntax? exit = null;
                var loop = FixSyntax.EnclosingLoop(statement);
                if (loop is not null && !LoopSendsAgain(statement, diagnostic, model))
                {
                    if (!EndsTheBodyOf(loop, statement))
                        exit = SyntaxFactory.ContinueStatement();
                }
                else if ((exit = FixSyntax.ExitFor(statement, model, preferBreak: loop is not null, cancellationToken)) is null)
                {
                    return null;
                }

                check = FixSyntax.Qualified($"if ({FixSyntax.Escaped(name)} != global::System.Net.Sockets.SocketError.Success)\n{{\n{close.ToString().Trim()}\n{(exit is null ? "" : exit.ToString().Trim() + "\n")}}}");
            }
            else
            {
                check = FixSyntax.Qualified($"if ({FixSyntax.Escaped(name)} != global::System.Net.Sockets.SocketError.Success) throw new global::System.Net.Sockets.SocketException((int){FixSyntax.Escaped(name)});");
            }

            return new CheckErrorCode(statement, argument, named, check.WithAdditionalAnnotations(Formatter.Annotation), close is not null);
        }

        /// <summary>Whether <paramref name="statement"/> is the last statement of <paramref name="loop"/>'s body: nothing after it runs in that turn.</summary>
        private static bool EndsTheBodyOf(StatementSyntax loop, StatementSyntax statement) =>
            FixSyntax.EmbeddedStatementOf(loop) is { } body && (body == statement || (body is BlockSyntax block && block.Statements.LastOrDefault() == statement));

        /// <summary>
        /// A statement that is the body of an <c>if</c>, <c>else</c>, loop, <c>using</c>, <c>lock</c> or <c>fixed</c> with no
        /// braces: the fix makes it a block holding the send and the check.
        /// </summary>
        private static bool IsEmbedded(StatementSyntax statement) =>
            statement.Parent is { } parent && FixSyntax.EmbeddedStatementOf(parent) == statement;

        public override void Apply(SyntaxEditor editor)
        {
            if (_namedArgument is not null)
                editor.ReplaceNode(_argument, _namedArgument);
            if (_statement.Parent is GlobalStatementSyntax global)
            {
                editor.InsertAfter(global, FixSyntax.GlobalStatement(_check));
            }
            else if (IsEmbedded(_statement))
            {
                // A comment that ends the send's line stays on it, inside the block, not after the block's brace.
                var check = _check;
                editor.ReplaceNode(_statement, (current, _) =>
                    FixSyntax.BlockInPlaceOf((StatementSyntax)current, new[] { ((StatementSyntax)current).WithoutLeadingTrivia(), check })
                        .WithAdditionalAnnotations(Formatter.Annotation));
            }
            else
            {
                editor.InsertAfter(_statement, _check);
                FixSyntax.OpenUpOneLineBlock(editor, _statement);
            }
        }
    }

}
