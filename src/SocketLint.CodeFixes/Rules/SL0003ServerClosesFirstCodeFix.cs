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
using Microsoft.CodeAnalysis.Simplification;
using SocketLint.Rules;

namespace SocketLint.CodeFixes.Rules;

/// <summary>
/// SL0003 fixes: wait for the client's close (drain until a receive returns 0, bounded by a timeout) before the
/// server closes; or close abortively with <c>LingerState = new LingerOption(true, 0)</c>, which sends RST and
/// leaves no TIME_WAIT but discards unsent data.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(SL0003ServerClosesFirstCodeFix)), Shared]
public sealed class SL0003ServerClosesFirstCodeFix : PlannedCodeFix
{
    public const string WaitForPeerCloseKey = "SL0003.WaitForPeerClose";
    public const string AbortiveCloseKey = "SL0003.AbortiveClose";

    /// <summary>How long the drain waits for the client's FIN before the server closes anyway.</summary>
    private const int DrainTimeoutMilliseconds = 5000;

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create("SL0003");


    private protected override ImmutableArray<string> Keys { get; } = ImmutableArray.Create(WaitForPeerCloseKey, AbortiveCloseKey);

    private protected override string FixAllTitle(string key) => TitleOf(key);

    private protected override PlannedEdit? Plan(PlanContext context, Diagnostic diagnostic, string key) =>
        Plan(context.Root, context.Model, diagnostic, key, context.CancellationToken)?.Titled(TitleOf(key));

    private static string TitleOf(string key) => key == WaitForPeerCloseKey
        ? "Wait for the client to close first"
        : "Close abortively (RST): no TIME_WAIT, but unsent data is discarded";

    /// <summary>Statements to put at one place: before a statement, or at the end of a block.</summary>
    private sealed class Insertion : PlannedEdit
    {
        private string _title = "";
        private readonly StatementSyntax? _before;
        private readonly BlockSyntax? _endOf;
        private readonly StatementSyntax? _after;
        private readonly ImmutableArray<StatementSyntax> _statements;

        public Insertion(ImmutableArray<StatementSyntax> statements, StatementSyntax? before = null, BlockSyntax? endOf = null, StatementSyntax? after = null)
        {
            _statements = statements;
            _before = before;
            _endOf = endOf;
            _after = after;
        }

        public override string Title => _title;

        public Insertion Titled(string title)
        {
            _title = title;
            return this;
        }

        public override void Apply(SyntaxEditor editor)
        {
            var statements = _statements.Select(s => (SyntaxNode)s.WithAdditionalAnnotations(Formatter.Annotation)).ToArray();
            if (_before is not null)
            {
                // A close under a directive (#if TRACE ... client.Close(); #endif): the directive is in the close's leading
                // trivia, and the drain goes after it, with the close, not before it where every build would run it.
                var leading = _before.GetLeadingTrivia();
                var lastDirective = -1;
                for (var i = 0; i < leading.Count; i++)
                {
                    if (leading[i].IsDirective)
                        lastDirective = i;
                }

                if (lastDirective >= 0 && statements.Length > 0)
                    statements[0] = statements[0].WithLeadingTrivia(leading.Take(lastDirective + 1).Concat(statements[0].GetLeadingTrivia()));

                // Inserted first: the editor finds no node to insert before once it is replaced.
                editor.InsertBefore(_before, statements);
                FixSyntax.OpenUpOneLineBlock(editor, _before);
                if (lastDirective >= 0 && statements.Length > 0)
                {
                    var own = SyntaxFactory.TriviaList(leading.Skip(lastDirective + 1));
                    editor.ReplaceNode(_before, (current, _) => current.WithLeadingTrivia(own));
                }
            }
            else if (_after is not null)
            {
                editor.InsertAfter(_after, statements);
                FixSyntax.OpenUpOneLineBlock(editor, _after);
            }
            else if (_endOf is not null)
            {
                // Before a trailing jump, which would make anything after it unreachable.
                var last = _endOf.Statements.LastOrDefault();
                if (last is ReturnStatementSyntax or ContinueStatementSyntax or BreakStatementSyntax)
                    editor.InsertBefore(last, statements);
                else if (last is not null)
                    editor.InsertAfter(last, statements);
                else
                    editor.ReplaceNode(_endOf, (current, _) => ((BlockSyntax)current).AddStatements(statements.Cast<StatementSyntax>().ToArray()));
            }
        }
    }

    /// <summary>
    /// The socket under the accepted connection <paramref name="name"/>, as code: the socket itself, a TcpClient's
    /// <c>Client</c>, or a NetworkStream's <c>Socket</c> (where that property can be used: it is protected on .NET
    /// Framework); null for any other type, which gets no fix.
    /// </summary>
    private static string? SocketOf(SemanticModel model, ITypeSymbol type, string name, int position)
    {
        var compilation = model.Compilation;
        name = FixSyntax.Escaped(name);
        if (KnownSymbols.DerivesFrom(type, compilation.GetTypeByMetadataName("System.Net.Sockets.Socket")))
            return name;
        if (KnownSymbols.DerivesFrom(type, compilation.GetTypeByMetadataName("System.Net.Sockets.TcpClient")))
            return name + ".Client";
        var networkStream = compilation.GetTypeByMetadataName("System.Net.Sockets.NetworkStream");
        return KnownSymbols.DerivesFrom(type, networkStream)
            && networkStream!.GetMembers("Socket").FirstOrDefault() is IPropertySymbol property
            && model.IsAccessible(position, property)
            ? name + ".Socket"
            : null;
    }

    private static Insertion? Plan(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, string key, CancellationToken cancellationToken)
    {
        if (!diagnostic.Properties.TryGetValue(SL0003ServerClosesFirstRule.ConnectionProperty, out var name) || name is null)
            return null;
        var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);

        // Statements with syntax errors have no reliable boundaries to insert at: no fix until they are written out.
        if (node.FirstAncestorOrSelf<StatementSyntax>() is not { ContainsDiagnostics: false })
            return null;
        var isUsing = diagnostic.Properties.ContainsKey(SL0003ServerClosesFirstRule.UsingProperty);
        // The accepted local; or the parameter of a local function the connection is passed to; or the field of a handler
        // class that holds it.
        var local = model.LookupSymbols(node.SpanStart, name: name).FirstOrDefault(s => s is ILocalSymbol or IParameterSymbol or IFieldSymbol { IsStatic: false } or IPropertySymbol { IsStatic: false, IsIndexer: false });
        if (local is null)
            return null;

        var type = local switch
        {
            ILocalSymbol { Type: var localType } => localType,
            IParameterSymbol { Type: var parameterType } => parameterType,
            IFieldSymbol { Type: var fieldType } => fieldType,
            _ => ((IPropertySymbol)local).Type,
        };
        if (SocketOf(model, type, name, node.SpanStart) is not { } socket)
            return null;

        if (key == AbortiveCloseKey)
        {
            // A linger the function sets itself (LingerState = new LingerOption(true, 10), SetSocketOption(..., Linger, ...))
            // would come after the one put after the accept, and undo it.
            if (node.Ancestors().FirstOrDefault(FixSyntax.IsFunction) is { } function && SetsALinger(function))
                return null;

            // A TcpClient has a LingerState of its own; a stream's is its socket's.
            var lingering = socket.EndsWith(".Socket", System.StringComparison.Ordinal) ? socket : FixSyntax.Escaped(name);
            var linger = FixSyntax.Qualified($"{lingering}.LingerState = new global::System.Net.Sockets.LingerOption(true, 0);");
            var statements = ImmutableArray.Create(linger);
            return AfterDeclaration(local, statements, cancellationToken)
                ?? (CloseStatement(node) is { } closeStatement && !IsConditionalClose(closeStatement) && IsAfterDeclaration(closeStatement, local)
                    ? new Insertion(statements, before: closeStatement)
                    : null);
        }

        // A call of a helper of yours that writes before it closes (Reply(client, answer)): a drain put before the call
        // would wait for a client that is waiting for the reply. The drain belongs in the helper, before its close.
        if (node is InvocationExpressionSyntax call && IsWritingHelper(model, call, cancellationToken))
            return null;

        // A writer that buffers over a stream (new StreamWriter(stream), a BinaryWriter, a BufferedStream) may still hold
        // the reply where the drain would go, to be sent when it is flushed or disposed after it: the client would wait
        // for the reply while the server waits for its close, until the drain's timeout. Not offered.
        if (MakesABufferingWriter(node, model, cancellationToken))
            return null;

        // A connection refused right after its accept, nothing read or written on it (if (!allowed) { client.Close();
        // continue; }): waiting for such a client is no answer, and holds up the accept loop. Only the abortive close is.
        if (!isUsing && IsRefusal(node, local, model, cancellationToken))
            return null;

        var drain = DrainStatements(model, node, socket, cancellationToken);
        if (isUsing)
        {
            var scope = node switch
            {
                UsingStatementSyntax { Statement: BlockSyntax body } => body,
                LocalDeclarationStatementSyntax { Parent: BlockSyntax block } => block,
                _ => null,
            };
            return scope is null || scope.ContainsDiagnostics || LeavesEarly(scope) ? null : new Insertion(drain, endOf: scope);
        }

        // client?.Dispose() in a finally: the accept may have thrown, and the drain before it would throw again.
        return CloseStatement(node) is { } close && !IsConditionalClose(close) ? new Insertion(drain, before: close) : null;
    }

    /// <summary>Whether <paramref name="function"/> sets a linger: its <c>LingerState</c>, or the <c>Linger</c> socket option.</summary>
    private static bool SetsALinger(SyntaxNode function)
    {
        foreach (var name in function.DescendantNodes().OfType<SimpleNameSyntax>())
        {
            if (name.Identifier.ValueText is "LingerState" or "Linger")
                return true;
        }

        return false;
    }

    /// <summary>
    /// Whether the close at <paramref name="node"/> ends a connection on which nothing was read or written since
    /// <paramref name="local"/> was declared: between the declaration and the close, no call named for a read, a write, a
    /// send, a receive, a copy or a stream on a socket, a stream, a reader or a writer (a static call, <c>Volatile.Read(ref
    /// _active)</c>, <c>Console.WriteLine(...)</c>, or a call on an object of another kind, <c>log.Write(...)</c>, is none),
    /// and no method handed the connection.
    /// </summary>
    private static bool IsRefusal(SyntaxNode node, ISymbol local, SemanticModel model, CancellationToken cancellationToken)
    {
        if (local is not ILocalSymbol || local.DeclaringSyntaxReferences.FirstOrDefault() is not { } declaration
            || declaration.SyntaxTree != node.SyntaxTree || node.Ancestors().FirstOrDefault(FixSyntax.IsFunction) is not { } function)
        {
            return false;
        }

        var from = declaration.GetSyntax(cancellationToken).Span.End;
        var to = node.SpanStart;
        if (from > to)
            return false;
        foreach (var invocation in function.DescendantNodes(new Microsoft.CodeAnalysis.Text.TextSpan(from, to - from)).OfType<InvocationExpressionSyntax>())
        {
            if (invocation.Span.End <= from || invocation.SpanStart >= to)
                continue;
            if (NameOf(invocation) is { } called
                && (called.StartsWith("Read", System.StringComparison.Ordinal) || called.StartsWith("Write", System.StringComparison.Ordinal)
                    || called.StartsWith("Send", System.StringComparison.Ordinal) || called.StartsWith("Receive", System.StringComparison.Ordinal)
                    || called.StartsWith("CopyTo", System.StringComparison.Ordinal) || called is "GetStream" or "Flush" or "FlushAsync")
                && MayExchange(invocation, model, cancellationToken))
            {
                return false;
            }

            // A method of yours handed the connection may exchange on it.
            if (invocation.ArgumentList.Arguments.Any(argument => argument.Expression is IdentifierNameSyntax { Identifier.ValueText: var passed } && passed == local.Name))
                return false;
        }

        return true;
    }

    /// <summary>
    /// Whether <paramref name="invocation"/> may read or write a connection: a call on a socket, a stream, a reader or a
    /// writer, or one the model cannot tell; not a static call (<c>Volatile.Read</c>, <c>Console.WriteLine</c>) nor one on an
    /// object of another kind.
    /// </summary>
    private static bool MayExchange(InvocationExpressionSyntax invocation, SemanticModel model, CancellationToken cancellationToken)
    {
        if (model.GetSymbolInfo(invocation, cancellationToken).Symbol is not IMethodSymbol method)
            return true;
        if (method.IsStatic)
            return false;
        for (var type = method.ReducedFrom is { } extension ? extension.Parameters.FirstOrDefault()?.Type : method.ContainingType; type is not null; type = type.BaseType)
        {
            if (type.ContainingNamespace?.ToDisplayString() is "System.Net.Sockets" or "System.Net.Security"
                || (type.ContainingNamespace?.ToDisplayString() == "System.IO" && type.Name is "Stream" or "TextReader" or "TextWriter" or "BinaryReader" or "BinaryWriter"))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Whether the function around <paramref name="node"/> makes a writer over a stream that buffers what it is given:
    /// a <c>TextWriter</c> or <c>BinaryWriter</c> (<c>StreamWriter</c>), or a <c>BufferedStream</c>, made with a stream.
    /// </summary>
    private static bool MakesABufferingWriter(SyntaxNode node, SemanticModel model, CancellationToken cancellationToken)
    {
        if (node.Ancestors().FirstOrDefault(FixSyntax.IsFunction) is not { } function)
            return false;
        var compilation = model.Compilation;
        var stream = compilation.GetTypeByMetadataName("System.IO.Stream");
        var buffering = new[] { "System.IO.TextWriter", "System.IO.BinaryWriter", "System.IO.BufferedStream" }.Select(compilation.GetTypeByMetadataName).ToArray();
        foreach (var creation in function.DescendantNodes().OfType<BaseObjectCreationExpressionSyntax>())
        {
            if (creation.ArgumentList is { Arguments.Count: > 0 } arguments
                && KnownSymbols.DerivesFrom(model.GetTypeInfo(arguments.Arguments[0].Expression, cancellationToken).Type, stream)
                && model.GetTypeInfo(creation, cancellationToken).Type is { } made
                && buffering.Any(type => KnownSymbols.DerivesFrom(made, type)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A method of the project's own (not the framework's Close or Dispose) whose text writes or sends.</summary>
    private static bool IsWritingHelper(SemanticModel model, InvocationExpressionSyntax call, CancellationToken cancellationToken)
    {
        if (model.GetSymbolInfo(call, cancellationToken).Symbol is not IMethodSymbol method)
            return false;
        foreach (var reference in method.DeclaringSyntaxReferences)
        {
            var text = reference.GetSyntax(cancellationToken).ToString();
            if (text.Contains("Write") || text.Contains("Send"))
                return true;
        }

        return false;
    }

    /// <summary>
    /// Whether a path leaves <paramref name="scope"/> other than through its end or its trailing jump: a drain put
    /// at the end would not run on that path, so the connection would still be closed first there.
    /// </summary>
    private static bool LeavesEarly(BlockSyntax scope)
    {
        var last = scope.Statements.LastOrDefault();
        foreach (var node in scope.DescendantNodes(n => n is not (AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax)))
        {
            if (node == last && node is ReturnStatementSyntax or BreakStatementSyntax or ContinueStatementSyntax)
                continue;
            switch (node)
            {
                case ReturnStatementSyntax or GotoStatementSyntax or YieldStatementSyntax { RawKind: (int)SyntaxKind.YieldBreakStatement }:
                    return true;
                case BreakStatementSyntax or ContinueStatementSyntax when !TargetIsInside(node, scope):
                    return true;
            }
        }

        return false;
    }

    /// <summary>The loop (or, for break, the switch) a break or continue jumps out of lies inside <paramref name="scope"/>.</summary>
    private static bool TargetIsInside(SyntaxNode jump, BlockSyntax scope)
    {
        for (var current = jump.Parent; current is not null && current != scope; current = current.Parent)
        {
            if (current is WhileStatementSyntax or DoStatementSyntax or ForStatementSyntax or CommonForEachStatementSyntax)
                return true;
            if (current is SwitchStatementSyntax && jump is BreakStatementSyntax)
                return true;
        }

        return false;
    }

    /// <summary>Right after the statement that declares the accepted local, so every path after it is covered.</summary>
    private static Insertion? AfterDeclaration(ISymbol local, ImmutableArray<StatementSyntax> statements, CancellationToken cancellationToken)
    {
        // Only where the declaration accepts: "Socket? client = null;" before a "client = listener.Accept();" holds no connection yet.
        if (local.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(cancellationToken) is not VariableDeclaratorSyntax declarator
            || declarator.Initializer?.Value is not { } value
            || !value.DescendantNodesAndSelf().OfType<InvocationExpressionSyntax>().Any(i => NameOf(i)?.Contains("Accept") == true))
        {
            return null;
        }

        return declarator.Parent?.Parent switch
        {
            LocalDeclarationStatementSyntax { Parent: BlockSyntax or SwitchSectionSyntax, ContainsDiagnostics: false } statement => new Insertion(statements, after: statement),
            UsingStatementSyntax { Statement: BlockSyntax { Statements.Count: > 0 } body } => new Insertion(statements, before: body.Statements[0]),
            _ => null,
        };
    }

    private static string? NameOf(InvocationExpressionSyntax invocation) => invocation.Expression switch
    {
        MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText,
        MemberBindingExpressionSyntax binding => binding.Name.Identifier.ValueText,
        SimpleNameSyntax name => name.Identifier.ValueText,
        _ => null,
    };

    /// <summary>
    /// A statement put before <paramref name="statement"/> can name the local: not so before the using statement that
    /// declares it (<c>using (var b = l.AcceptTcpClient()) b.GetStream().WriteByte(1);</c>, which ends in its close).
    /// </summary>
    private static bool IsAfterDeclaration(StatementSyntax statement, ISymbol local) =>
        local is IFieldSymbol or IPropertySymbol
        || (local.DeclaringSyntaxReferences.FirstOrDefault() is { } declaration
            && declaration.SyntaxTree == statement.SyntaxTree
            && declaration.Span.End <= statement.SpanStart);

    /// <summary><c>client?.Dispose();</c>: the connection may be null there, so a statement put before it could throw.</summary>
    private static bool IsConditionalClose(StatementSyntax statement) =>
        statement is ExpressionStatementSyntax { Expression: ConditionalAccessExpressionSyntax };

    private static StatementSyntax? CloseStatement(SyntaxNode node)
    {
        var statement = node.FirstAncestorOrSelf<StatementSyntax>();

        // if (socket.Connected) socket.Shutdown(SocketShutdown.Both); socket.Close();: the drain goes before the test, on
        // every path to the close that follows it (one inside the test would leave the other path's close reported).
        var guard = statement?.Parent is BlockSyntax { Statements.Count: 1, Parent: IfStatementSyntax braced } ? braced : statement?.Parent as IfStatementSyntax;
        if (guard is { Else: null } && guard.Statement.Span.Contains(node.Span) && TestsConnected(guard.Condition))
            statement = guard;
        return statement is { Parent: BlockSyntax or SwitchSectionSyntax } ? statement : null;
    }

    /// <summary>Whether <paramref name="condition"/> asks whether the socket is connected (<c>socket.Connected</c>, <c>client?.Connected == true</c>).</summary>
    private static bool TestsConnected(ExpressionSyntax condition) =>
        condition.DescendantNodesAndSelf().OfType<SimpleNameSyntax>().Any(name => name.Identifier.ValueText == "Connected");

    /// <summary>
    /// Reads and drops what the client still sends until its receive returns 0 (the client's FIN), for at most
    /// <see cref="DrainTimeoutMilliseconds"/>: async code awaits with a timed token, sync code sets ReceiveTimeout.
    /// </summary>
    private static ImmutableArray<StatementSyntax> DrainStatements(SemanticModel model, SyntaxNode node, string socket, CancellationToken cancellationToken)
    {
        var buffer = FixSyntax.UniqueName("drain", model, node.SpanStart);
        if (IsInAsyncFunction(model, node, cancellationToken))
        {
            var timeout = FixSyntax.UniqueName("drainTimeout", model, node.SpanStart);

            // The token in scope still ends the wait (a server shutting down does not wait out each drain's timeout): the
            // source is linked to it, and bounded after it is made.
            var token = (node as ExpressionSyntax ?? node.DescendantNodesAndSelf().OfType<ExpressionSyntax>().FirstOrDefault()) is { } expression
                ? CancellationTokenInScope.Find(model, expression, cancellationToken)
                : null;
            var source = token is null
                ? $"new global::System.Threading.CancellationTokenSource({DrainTimeoutMilliseconds})"
                : $"global::System.Threading.CancellationTokenSource.CreateLinkedTokenSource({FixSyntax.Escaped(token.Name)})";
            var bound = token is null ? "" : $"{timeout}.CancelAfter({DrainTimeoutMilliseconds});\n    ";
            return ImmutableArray.Create(FixSyntax.Qualified($$"""
                using (var {{timeout}} = {{source}})
                {
                    {{bound}}try
                    {
                        var {{buffer}} = new byte[256];
                        while (await {{socket}}.ReceiveAsync({{buffer}}, global::System.Net.Sockets.SocketFlags.None, {{timeout}}.Token) > 0) { }
                    }
                    catch (global::System.OperationCanceledException) { }
                    catch (global::System.Net.Sockets.SocketException) { }
                }
                """));
        }

        return ImmutableArray.Create(
            FixSyntax.Qualified($"{socket}.ReceiveTimeout = {DrainTimeoutMilliseconds};"),
            FixSyntax.Qualified($$"""
                try
                {
                    var {{buffer}} = new byte[256];
                    while ({{socket}}.Receive({{buffer}}) > 0) { }
                }
                catch (global::System.Net.Sockets.SocketException) { }
                """));
    }

    private static bool IsInAsyncFunction(SemanticModel model, SyntaxNode node, CancellationToken cancellationToken)
    {
        foreach (var ancestor in node.Ancestors())
        {
            switch (ancestor)
            {
                case AnonymousFunctionExpressionSyntax lambda:
                    return lambda.AsyncKeyword.IsKind(SyntaxKind.AsyncKeyword);
                case LocalFunctionStatementSyntax localFunction:
                    return localFunction.Modifiers.Any(SyntaxKind.AsyncKeyword);
                case BaseMethodDeclarationSyntax method:
                    return method.Modifiers.Any(SyntaxKind.AsyncKeyword);
                case CompilationUnitSyntax:
                    return model.Compilation.GetEntryPoint(cancellationToken) is { IsAsync: true }
                        || ancestor.DescendantNodes(n => n is not (AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax or MemberDeclarationSyntax and not GlobalStatementSyntax))
                            .OfType<AwaitExpressionSyntax>().Any();
            }
        }

        return false;
    }

}
