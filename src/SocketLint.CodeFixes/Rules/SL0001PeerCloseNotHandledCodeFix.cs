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
using Microsoft.CodeAnalysis.Operations;
using SocketLint.Connections;
using SocketLint.Rules;

namespace SocketLint.CodeFixes.Rules;

/// <summary>
/// SL0001 fixes. "Close the connection when the peer closes" (the method owns it) and "Stop reading when the peer
/// closes" (it does not): either a new <c>if (n == 0) { ... }</c> right after the receive, naming a discarded count,
/// or, where 0 is already tested, the close or the exit put into that branch in place of <c>continue</c>.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(SL0001PeerCloseNotHandledCodeFix)), Shared]
public sealed class SL0001PeerCloseNotHandledCodeFix : PlannedCodeFix
{
    public const string CloseKey = "SL0001.CloseOnPeerClose";
    public const string StopReadingKey = "SL0001.StopReadingOnPeerClose";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create("SL0001");


    private protected override ImmutableArray<string> Keys { get; } = ImmutableArray.Create(CloseKey, StopReadingKey);

    private protected override string FixAllTitle(string key) =>
        key == CloseKey ? "Close every connection when its peer closes" : "Stop reading wherever the peer closes";

    private protected override PlannedEdit? Plan(PlanContext context, Diagnostic diagnostic, string key) =>
        Plan(context.Root, context.Model, diagnostic, context.ReservedNames, context.CancellationToken) is { } rewrite && rewrite.EquivalenceKey == key
            ? rewrite
            : null;

    private abstract class Rewrite : PlannedEdit
    {
        protected Rewrite(bool closes) => Closes = closes;

        public bool Closes { get; }
        public override string Title => Closes ? "Close the connection when the peer closes" : "Stop reading when the peer closes";
        public string EquivalenceKey => Closes ? CloseKey : StopReadingKey;
    }

    /// <param name="reservedNames">Names earlier rewrites of the same Fix All pass declare, which the model cannot see yet.</param>
    private static Rewrite? Plan(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, HashSet<string>? reservedNames, CancellationToken cancellationToken)
    {
        // A statement with syntax errors has no reliable end to insert after: no fix until it is written out.
        if (root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not InvocationExpressionSyntax read
            || !diagnostic.Properties.TryGetValue(SL0001PeerCloseNotHandledRule.VerdictProperty, out var verdict))
        {
            return null;
        }

        var receive = CountSite(read, model, cancellationToken);
        if (receive.FirstAncestorOrSelf<StatementSyntax>() is not { ContainsDiagnostics: false } statement)
            return null;

        var owned = diagnostic.Properties.ContainsKey(SL0001PeerCloseNotHandledRule.OwnedProperty);
        diagnostic.Properties.TryGetValue(SL0001PeerCloseNotHandledRule.ConnectionProperty, out var connection);
        diagnostic.Properties.TryGetValue(SL0001PeerCloseNotHandledRule.CloseMemberProperty, out var closeMember);
        var close = owned && connection is not null && closeMember is not null
            ? FixSyntax.Elastic(SyntaxFactory.ParseStatement($"{FixSyntax.Escaped(connection)}.{closeMember}();"))
            : null;
        if (owned && close is null)
            return null;

        // A connection handed in as the element of a foreach loop around the read (foreach (var p in _players) ...
        // p.Socket.Receive(buf)): leaving the loop stops reading the others, going on leaves this one open, to be read
        // again on the next pass over the collection. Taking it out and closing it is the fix, which this one cannot write.
        if (!owned && IsElementOfForEachAround(read, statement))
            return null;

        var turnExit = ExitForConnectionOfTheTurn(statement, connection, model);

        // A close, then a break out of the read loop into the rest of the accept loop's body, which still uses the
        // connection (writes the reply to it): an ObjectDisposedException there would end the server. No close fix.
        if (close is not null && turnExit is BreakStatementSyntax && connection is not null && UsedAfterTheReadLoop(statement, connection))
            return null;
        // In top-level code a return ends the program, skipping what follows the read loop (its close, the next part of
        // the program): a break out of the read loop, where there is one, ends only the reading.
        var topLevel = statement.Ancestors().FirstOrDefault(FixSyntax.IsFunction) is CompilationUnitSyntax;
        var exit = turnExit
            ?? FixSyntax.ExitFor(statement, model, preferBreak: !owned || topLevel, cancellationToken, returnFromNestedLoops: true);
        if (exit is null)
            return null;

        // A loop that fills a buffer to a length (while (read < len) { int n = s.Receive(buf, read, len - read, ...); read += n; }):
        // left at the peer's close, it hands on a buffer short of what was asked for, as if whole. There the end of the
        // stream is an error, thrown as ReadExactly throws it.
        // Not where the exit moves on to the next connection (a turn of an accept loop), nor in top-level code.
        if (turnExit is null && !topLevel && (IsFillLoopAround(statement, receive) || IsTerminatorLoopAround(statement, receive)))
            exit = EndOfStreamThrow(model, statement.SpanStart);
        var closedValue = model.GetSymbolInfo(read, cancellationToken).Symbol is IMethodSymbol method ? ConnectionApi.ClosedValue(method) : 0;

        return verdict switch
        {
            nameof(PeerCloseVerdict.Discarded) or nameof(PeerCloseVerdict.NeverCompared) => CheckAfterReceive.TryCreate(receive, statement, model, close, exit, closedValue, reservedNames, cancellationToken),
            _ => (Rewrite?)RepairZeroBranch.TryCreate(receive, statement, model, close, exit, closedValue, cancellationToken, out var widerTest)
                ?? (widerTest ? CheckAfterReceive.TryCreate(receive, statement, model, close, exit, closedValue, reservedNames, cancellationToken) : null),
        };
    }

    /// <summary>The condition of the innermost while, do or for loop around <paramref name="statement"/> in its function (null for a foreach, or none), and that loop.</summary>
    private static ExpressionSyntax? LoopConditionAround(StatementSyntax statement, out SyntaxNode? loop)
    {
        loop = statement.Ancestors().TakeWhile(node => !FixSyntax.IsFunction(node)).FirstOrDefault(FixSyntax.IsLoop);
        return loop switch
        {
            WhileStatementSyntax whileLoop => whileLoop.Condition,
            DoStatementSyntax doLoop => doLoop.Condition,
            ForStatementSyntax forLoop => forLoop.Condition,
            _ => null,
        };
    }

    /// <summary>
    /// Whether the loop around <paramref name="statement"/> runs until what it has gathered ends with, or holds, a
    /// terminator (<c>while (!sb.ToString().EndsWith("END\r\n"))</c>, <c>while (!text.Contains('\n'))</c>) and adds
    /// what <paramref name="receive"/> read to that in its body (<c>sb.Append(Encoding.ASCII.GetString(buf, 0, n));</c>):
    /// left at the peer's close, it hands on a reply short of its terminator, as if whole, as a fill loop would.
    /// </summary>
    private static bool IsTerminatorLoopAround(StatementSyntax statement, ExpressionSyntax receive)
    {
        var condition = LoopConditionAround(statement, out var loop);
        while (condition is ParenthesizedExpressionSyntax parenthesized)
            condition = parenthesized.Expression;
        if (condition is not PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.LogicalNotExpression, Operand: InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "EndsWith" or "Contains" } test } }
            || FixSyntax.FirstName(test.Expression) is not { } gathered)
        {
            return false;
        }

        // The count: the receive itself, or the local its statement gives it to; and a statement of the body that adds what
        // it measures to what the condition tests.
        var count = CountName(statement, receive);
        var name = gathered.Identifier.ValueText;
        return count is not null
            && !FixSyntax.Mentions(condition, count)
            && loop!.DescendantNodes().OfType<ExpressionStatementSyntax>().Any(added => FixSyntax.Mentions(added, name) && FixSyntax.Mentions(added, count));
    }

    /// <summary>
    /// Whether the loop around <paramref name="statement"/> runs until a total reaches a length (<c>while (read &lt; len)</c>,
    /// <c>for (...; off != size; ...)</c>) and adds the count of <paramref name="receive"/> to that total in its body
    /// (<c>read += n;</c>, <c>off += s.Receive(...)</c>).
    /// </summary>
    private static bool IsFillLoopAround(StatementSyntax statement, ExpressionSyntax receive)
    {
        var condition = LoopConditionAround(statement, out var loop);
        if (condition is not BinaryExpressionSyntax comparison
            || !comparison.IsKind(SyntaxKind.LessThanExpression) && !comparison.IsKind(SyntaxKind.NotEqualsExpression) && !comparison.IsKind(SyntaxKind.LessThanOrEqualExpression)
            || comparison.Left is not IdentifierNameSyntax { Identifier.ValueText: var total })
        {
            return false;
        }

        // The count: the receive itself, or the local its statement gives it to.
        var count = CountName(statement, receive);
        return loop!.DescendantNodes().OfType<AssignmentExpressionSyntax>().Any(added =>
            added.IsKind(SyntaxKind.AddAssignmentExpression) && added.Left is IdentifierNameSyntax { Identifier.ValueText: var name } && name == total
            && (added.Right is IdentifierNameSyntax { Identifier.ValueText: var right } && right == count || added.Right.DescendantNodesAndSelf().Contains(receive)));
    }

    /// <summary><c>throw new EndOfStreamException();</c>, the type's namespace written where its name does not bind.</summary>
    private static StatementSyntax EndOfStreamThrow(SemanticModel model, int position)
    {
        var type = model.LookupNamespacesAndTypes(position, name: "EndOfStreamException").Any(symbol => symbol is INamedTypeSymbol { ContainingNamespace.Name: "IO" })
            ? "EndOfStreamException"
            : "System.IO.EndOfStreamException";
        return FixSyntax.Elastic(SyntaxFactory.ParseStatement($"throw new {type}();"));
    }

    /// <summary>Whether what <paramref name="read"/> reads from is reached from the element of a foreach loop around it (<c>sp</c>, <c>p.Socket</c>, <c>p.Stream</c>).</summary>
    private static bool IsElementOfForEachAround(InvocationExpressionSyntax read, StatementSyntax statement)
    {
        if (read.Expression is not MemberAccessExpressionSyntax { Expression: var receiver } || FixSyntax.FirstName(receiver) is not { Identifier.ValueText: var root })
            return false;
        foreach (var ancestor in statement.Ancestors())
        {
            switch (ancestor)
            {
                case AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax or MemberDeclarationSyntax:
                    return false;
                case ForEachStatementSyntax forEach when forEach.Identifier.ValueText == root:
                    return true;
                case ForEachVariableStatementSyntax forEachVariable when forEachVariable.Variable.DescendantTokens().Any(t => t.IsKind(SyntaxKind.IdentifierToken) && t.ValueText == root):
                    return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Where the count of <paramref name="read"/> is given: the read itself, or the await of its task kept in a local
    /// (<c>var n = await read;</c> after a <c>Task.WhenAny</c> with a timeout), where the test goes after.
    /// </summary>
    private static ExpressionSyntax CountSite(InvocationExpressionSyntax read, SemanticModel model, CancellationToken cancellationToken) =>
        model.GetOperation(read, cancellationToken) is IInvocationOperation invocation && PeerCloseAnalysis.AwaitOfKeptTask(invocation)?.Syntax is AwaitExpressionSyntax awaited
            ? awaited
            : read;

    /// <summary>
    /// The exit where the connection is a local of a loop around the receive, a new one each turn (an accept loop's
    /// <c>var client = listener.AcceptSocket();</c>, <c>foreach (var c in clients)</c>): on to the next turn of that
    /// loop, not out of the function, which would stop the server (or end a top-level program) at the first client
    /// that hangs up. <c>continue</c> where the receive's own loop is that loop; <c>break</c> out of the read loop where
    /// the connection's loop is around it. Null where the connection is no such local.
    /// </summary>
    private static StatementSyntax? ExitForConnectionOfTheTurn(StatementSyntax statement, string? connection, SemanticModel model)
    {
        if (connection is null
            || FixSyntax.FirstName(SyntaxFactory.ParseExpression(FixSyntax.Escaped(connection))) is not { } first
            || model.LookupSymbols(statement.SpanStart, name: first.Identifier.ValueText).FirstOrDefault() is not ILocalSymbol local
            || local.DeclaringSyntaxReferences.FirstOrDefault() is not { } declaration
            || FixSyntax.EnclosingLoop(statement) is not { } readLoop)
        {
            return null;
        }

        if (readLoop.Span.Contains(declaration.Span))
            return SyntaxFactory.ContinueStatement();

        // A break leaves the nearest loop or switch: only where that is the read loop.
        var breakable = statement.Ancestors().First(a => FixSyntax.IsLoop(a) || a is SwitchStatementSyntax);
        if (breakable != readLoop)
            return null;
        for (var outer = FixSyntax.EnclosingLoop(readLoop); outer is not null; outer = FixSyntax.EnclosingLoop(outer))
        {
            if (outer.Span.Contains(declaration.Span))
                return SyntaxFactory.BreakStatement();
        }

        return null;
    }

    /// <summary>
    /// Whether code after the read loop around <paramref name="statement"/>, in the loop around that one, names the
    /// connection or a local made from it before the read loop, other than to close it (see <see cref="FixSyntax.UsesConnectionAfter"/>).
    /// </summary>
    private static bool UsedAfterTheReadLoop(StatementSyntax statement, string connection) =>
        FixSyntax.EnclosingLoop(statement) is { } readLoop && FixSyntax.EnclosingLoop(readLoop) is { } outer && FixSyntax.UsesConnectionAfter(outer, readLoop, connection);

    /// <summary><c>int received = s.Receive(buf); if (received == 0) { s.Close(); return; }</c></summary>
    private sealed class CheckAfterReceive : Rewrite
    {
        private readonly StatementSyntax _statement;
        private readonly StatementSyntax? _declaration;
        private readonly StatementSyntax _check;

        /// <summary>What the statement did with the count besides receiving it (<c>total += received;</c>), put after the check.</summary>
        private readonly StatementSyntax? _rest;

        private CheckAfterReceive(bool closes, StatementSyntax statement, StatementSyntax? declaration, StatementSyntax check, StatementSyntax? rest)
            : base(closes)
        {
            _statement = statement;
            _declaration = declaration;
            _check = check;
            _rest = rest;
        }

        /// <returns>The check added after the read, or, where a test for a negative count follows it, that test widened (<see cref="WidenNegativeTest"/>).</returns>
        public static Rewrite? TryCreate(ExpressionSyntax receive, StatementSyntax statement, SemanticModel model, StatementSyntax? close, StatementSyntax exit, int closedValue, HashSet<string>? reservedNames, CancellationToken cancellationToken)
        {
            if (statement.Parent is not (BlockSyntax or SwitchSectionSyntax or GlobalStatementSyntax))
                return null;

            string count;
            StatementSyntax? declaration = null;
            StatementSyntax? rest = null;
            switch (statement)
            {
                // "total += s.Receive(buf, total, len - total, SocketFlags.None);": the count gets a local of its own, tested
                // before it is added, so that the total is added to only while the peer sends.
                case ExpressionStatementSyntax { Expression: AssignmentExpressionSyntax { RawKind: (int)SyntaxKind.AddAssignmentExpression, Left: var total, Right: var summed } }
                    when ProducesCount(summed, receive) && closedValue == 0 && IsCount(summed, closedValue, model, cancellationToken):
                    count = FixSyntax.UniqueName("received", model, statement.SpanStart, reservedNames);
                    declaration = CountDeclaration(count, SyntaxFactory.PredefinedType(SyntaxFactory.Token(SyntaxKind.IntKeyword)), summed).WithTriviaFrom(statement);
                    rest = SyntaxFactory.ExpressionStatement(
                            SyntaxFactory.AssignmentExpression(SyntaxKind.AddAssignmentExpression, total.WithoutTrivia(), SyntaxFactory.IdentifierName(count)))
                        .WithAdditionalAnnotations(Formatter.Annotation);
                    break;
                // "s.Receive(buf);" and "_ = s.Receive(buf);" (a discard is no name to test) get a local of their own.
                case ExpressionStatementSyntax { Expression: var whole } when ProducesCount(whole, receive) || IsDiscardOfCount(whole, receive, model, cancellationToken):
                    var expression = whole is AssignmentExpressionSyntax discard ? discard.Right : whole;
                    if (!IsCount(expression, closedValue, model, cancellationToken))
                        return null;
                    var line = closedValue == ZeroTest.NullLine;
                    count = FixSyntax.UniqueName(line ? "line" : "received", model, statement.SpanStart, reservedNames);
                    TypeSyntax type = SyntaxFactory.PredefinedType(SyntaxFactory.Token(line ? SyntaxKind.StringKeyword : SyntaxKind.IntKeyword));
                    if (line && model.GetNullableContext(statement.SpanStart).AnnotationsEnabled())
                        type = SyntaxFactory.NullableType(type);
                    declaration = CountDeclaration(count, type, expression).WithTriviaFrom(statement);
                    break;
                case LocalDeclarationStatementSyntax { Declaration.Variables: { Count: 1 } variables }
                    when variables[0].Initializer?.Value is { } value && ProducesCount(value, receive) && IsCount(value, closedValue, model, cancellationToken)
                        && model.GetDeclaredSymbol(variables[0], cancellationToken) is ILocalSymbol { Type.TypeKind: not TypeKind.Error }:
                    count = variables[0].Identifier.ValueText;
                    break;
                case ExpressionStatementSyntax { Expression: AssignmentExpressionSyntax { RawKind: (int)SyntaxKind.SimpleAssignmentExpression, Left: IdentifierNameSyntax target, Right: var value } }
                    when ProducesCount(value, receive) && IsCount(value, closedValue, model, cancellationToken) && model.GetSymbolInfo(target, cancellationToken).Symbol is ILocalSymbol or IParameterSymbol:
                    count = target.Identifier.ValueText;
                    break;
                default:
                    return null;
            }

            // if (n == -1) break; right after the read (a Java habit: a count is never negative): its test becomes the
            // check, n <= 0, where the exit it already takes is enough (nothing to close), rather than a second test beside a dead one.
            if (closedValue == 0 && close is null && declaration is null && WidenNegativeTest.After(statement, count) is { } negative)
                return new WidenNegativeTest(negative, count);

            // A line's end is null (`line is null`: no user-defined == to get in the way); a count's is 0, or -1 for ReadByte;
            // ReadAtLeast's (throwOnEndOfStream: false) is any count short of its minimum, which it returns only at the end.
            ExpressionSyntax condition = closedValue == 0 && MinimumOfReadAtLeast(receive) is { } minimum
                ? SyntaxFactory.BinaryExpression(SyntaxKind.LessThanExpression, SyntaxFactory.IdentifierName(count), minimum.WithoutTrivia())
                : closedValue == ZeroTest.NullLine
                ? SyntaxFactory.IsPatternExpression(
                    SyntaxFactory.IdentifierName(count),
                    SyntaxFactory.ConstantPattern(SyntaxFactory.LiteralExpression(SyntaxKind.NullLiteralExpression)))
                : SyntaxFactory.BinaryExpression(
                    SyntaxKind.EqualsExpression,
                    SyntaxFactory.IdentifierName(count),
                    closedValue < 0
                        ? SyntaxFactory.PrefixUnaryExpression(SyntaxKind.UnaryMinusExpression, SyntaxFactory.LiteralExpression(SyntaxKind.NumericLiteralExpression, SyntaxFactory.Literal(1)))
                        : SyntaxFactory.LiteralExpression(SyntaxKind.NumericLiteralExpression, SyntaxFactory.Literal(0)));
            var check = SyntaxFactory.IfStatement(condition, close is null ? exit : FixSyntax.Block(close, exit))
                .WithAdditionalAnnotations(Formatter.Annotation);
            return new CheckAfterReceive(close is not null, statement, declaration, check, rest);
        }

        /// <summary><c>int received = s.Receive(buf);</c>: the local that names a count the statement did not keep.</summary>
        private static LocalDeclarationStatementSyntax CountDeclaration(string count, TypeSyntax type, ExpressionSyntax value) =>
            SyntaxFactory.LocalDeclarationStatement(
                SyntaxFactory.VariableDeclaration(
                    type.WithTrailingTrivia(SyntaxFactory.Space),
                    SyntaxFactory.SingletonSeparatedList(
                        SyntaxFactory.VariableDeclarator(SyntaxFactory.Identifier(count).WithTrailingTrivia(SyntaxFactory.Space))
                            .WithInitializer(SyntaxFactory.EqualsValueClause(
                                SyntaxFactory.Token(SyntaxKind.EqualsToken).WithTrailingTrivia(SyntaxFactory.Space),
                                value.WithoutTrivia())))));

        /// <summary>
        /// The minimum count of a <c>ReadAtLeast</c> or <c>ReadAtLeastAsync</c> in <paramref name="receive"/>, when it is a
        /// number written out (<c>ns.ReadAtLeastAsync(header, 4, throwOnEndOfStream: false, ct)</c>): a check against a name
        /// or an expression would repeat it, and the rule tells a short count from a whole one only against a number.
        /// </summary>
        private static ExpressionSyntax? MinimumOfReadAtLeast(ExpressionSyntax receive)
        {
            if (receive.DescendantNodesAndSelf().OfType<InvocationExpressionSyntax>().FirstOrDefault(call =>
                    call.Expression is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ReadAtLeast" or "ReadAtLeastAsync" }) is not { } read)
            {
                return null;
            }

            var arguments = read.ArgumentList.Arguments;
            var minimum = arguments.FirstOrDefault(argument => argument.NameColon?.Name.Identifier.ValueText == "minimumBytes")
                ?? (arguments.Count > 1 && arguments[1].NameColon is null && arguments[0].NameColon is null ? arguments[1] : null);
            return minimum?.Expression is LiteralExpressionSyntax { RawKind: (int)SyntaxKind.NumericLiteralExpression, Token.Value: int and > 0 } ? minimum.Expression : null;
        }

        public override void Apply(SyntaxEditor editor)
        {
            var added = _rest is null ? new[] { _check } : new[] { _check, _rest };
            if (_statement.Parent is GlobalStatementSyntax global)
                editor.InsertAfter(global, added.Select(FixSyntax.GlobalStatement));
            else
                editor.InsertAfter(_statement, added);
            if (_declaration is not null)
                editor.ReplaceNode(_statement, _declaration);
            FixSyntax.OpenUpOneLineBlock(editor, _statement);
        }

        private static bool IsDiscardOfCount(ExpressionSyntax expression, ExpressionSyntax receive, SemanticModel model, CancellationToken cancellationToken) =>
            expression is AssignmentExpressionSyntax { RawKind: (int)SyntaxKind.SimpleAssignmentExpression, Left: IdentifierNameSyntax left, Right: var value }
            && ProducesCount(value, receive)
            && model.GetSymbolInfo(left, cancellationToken).Symbol is IDiscardSymbol;

        /// <summary>
        /// The value is the count itself (an int), or with <paramref name="closedValue"/> <see cref="ZeroTest.NullLine"/> the
        /// line (a string); not a task that will hold it: a task cannot be compared with 0 or null.
        /// </summary>
        private static bool IsCount(ExpressionSyntax value, int closedValue, SemanticModel model, CancellationToken cancellationToken) =>
            model.GetTypeInfo(value, cancellationToken).Type?.SpecialType == (closedValue == ZeroTest.NullLine ? SpecialType.System_String : SpecialType.System_Int32);

        /// <summary>The expression is the receive itself, awaited, or behind ConfigureAwait.</summary>
        private static bool ProducesCount(ExpressionSyntax expression, ExpressionSyntax receive)
        {
            while (true)
            {
                if (expression == receive)
                    return true;
                switch (expression)
                {
                    case AwaitExpressionSyntax awaited:
                        expression = awaited.Expression;
                        continue;
                    case ParenthesizedExpressionSyntax parenthesized:
                        expression = parenthesized.Expression;
                        continue;
                    case InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ConfigureAwait", Expression: var inner } } when expression != receive:
                        expression = inner;
                        continue;
                    default:
                        return expression == receive;
                }
            }
        }
    }

    /// <summary>
    /// A test for a negative count right after the read (<c>if (n == -1) break;</c>, <c>if (n &lt; 0) return;</c>), which never
    /// fires, widened in place to <c>n &lt;= 0</c>: its exit is the one the close needs.
    /// </summary>
    private sealed class WidenNegativeTest : Rewrite
    {
        private readonly BinaryExpressionSyntax _test;
        private readonly string _count;

        public WidenNegativeTest(BinaryExpressionSyntax test, string count)
            : base(closes: false)
        {
            _test = test;
            _count = count;
        }

        /// <summary>
        /// The test of the statement right after <paramref name="statement"/>, when it is <c>if (count == -1)</c> or
        /// <c>if (count &lt; 0)</c> with a body that leaves (a break, a return or a throw, alone or in a block).
        /// </summary>
        public static BinaryExpressionSyntax? After(StatementSyntax statement, string count)
        {
            if (statement.Parent is not BlockSyntax block || block.Statements.IndexOf(statement) is var at && (at < 0 || at + 1 >= block.Statements.Count)
                || block.Statements[at + 1] is not IfStatementSyntax { Else: null, Condition: BinaryExpressionSyntax test } next
                || test.Left is not IdentifierNameSyntax { Identifier.ValueText: var name } || name != count)
            {
                return null;
            }

            var negative = test.Kind() switch
            {
                SyntaxKind.EqualsExpression => test.Right is PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.UnaryMinusExpression, Operand: LiteralExpressionSyntax { Token.ValueText: "1" } },
                SyntaxKind.LessThanExpression => test.Right is LiteralExpressionSyntax { Token.ValueText: "0" },
                _ => false,
            };
            var leaves = next.Statement switch
            {
                BreakStatementSyntax or ReturnStatementSyntax or ThrowStatementSyntax => true,
                BlockSyntax { Statements: { Count: > 0 } body } => body.Last() is BreakStatementSyntax or ReturnStatementSyntax or ThrowStatementSyntax,
                _ => false,
            };
            return negative && leaves ? test : null;
        }

        public override void Apply(SyntaxEditor editor) =>
            editor.ReplaceNode(_test, SyntaxFactory.BinaryExpression(
                SyntaxKind.LessThanOrEqualExpression,
                SyntaxFactory.IdentifierName(_count).WithTriviaFrom(_test.Left),
                SyntaxFactory.Token(SyntaxKind.LessThanEqualsToken).WithTriviaFrom(_test.OperatorToken),
                SyntaxFactory.LiteralExpression(SyntaxKind.NumericLiteralExpression, SyntaxFactory.Literal(0)).WithTriviaFrom(_test.Right)));
    }

    /// <summary>The local the read's statement gives the count to (<c>int n = s.Receive(buf);</c>, <c>n = ...</c>, <c>total += ...</c>).</summary>
    private static string? CountName(StatementSyntax statement, ExpressionSyntax receive) => statement switch
    {
        LocalDeclarationStatementSyntax { Declaration.Variables: { Count: 1 } variables } => variables[0].Identifier.ValueText,
        ExpressionStatementSyntax { Expression: AssignmentExpressionSyntax { Left: IdentifierNameSyntax target } } => target.Identifier.ValueText,
        _ => receive.Ancestors().OfType<AssignmentExpressionSyntax>().FirstOrDefault()?.Left is IdentifierNameSyntax assigned ? assigned.Identifier.ValueText : null,
    };

    /// <summary>The zero branch an if does not write (<c>if (n &gt; 0) { ... }</c>), added as its else: the close, then the exit.</summary>
    private sealed class AddZeroElse : Rewrite
    {
        private readonly IfStatementSyntax _if;
        private readonly StatementSyntax? _close;
        private readonly StatementSyntax _exit;

        public AddZeroElse(IfStatementSyntax ifStatement, StatementSyntax? close, StatementSyntax exit)
            : base(close is not null)
        {
            _if = ifStatement;
            _close = close;
            _exit = exit;
        }

        public override void Apply(SyntaxEditor editor) =>
            editor.ReplaceNode(_if, (current, _) => ((IfStatementSyntax)current)
                .WithElse(SyntaxFactory.ElseClause(FixSyntax.Block(_close, _exit)))
                .WithAdditionalAnnotations(Formatter.Annotation));
    }

    /// <summary>
    /// 0 is tested but its branch goes on (<c>if (n == 0) continue;</c>) or leaves without closing an owned connection
    /// (<c>if (n == 0) return;</c>): the close, or an exit, goes into that branch.
    /// </summary>
    private sealed class RepairZeroBranch : Rewrite
    {
        private readonly StatementSyntax _branch;
        private readonly ImmutableArray<ContinueStatementSyntax> _continues;
        private readonly StatementSyntax? _close;
        private readonly StatementSyntax _exit;

        private RepairZeroBranch(StatementSyntax branch, ImmutableArray<ContinueStatementSyntax> continues, StatementSyntax? close, StatementSyntax exit)
            : base(close is not null)
        {
            _branch = branch;
            _continues = continues;
            _close = close;
            _exit = exit;
        }

        /// <param name="widerTest">
        /// Set when the branch is taken for more than the end: <c>if (string.IsNullOrEmpty(line)) continue;</c> also skips
        /// empty lines, so making it leave would change what the code does with them. A test of its own goes after the read.
        /// </param>
        public static Rewrite? TryCreate(ExpressionSyntax receive, StatementSyntax statement, SemanticModel model, StatementSyntax? close, StatementSyntax exit, int closedValue, CancellationToken cancellationToken, out bool widerTest)
        {
            widerTest = false;
            var count = CountName(statement, receive);
            var candidates = statement.Parent is BlockSyntax block
                ? block.Statements.SkipWhile(s => s != statement)
                : new[] { statement };

            bool IsCount(IOperation operation) => operation switch
            {
                IConversionOperation conversion => IsCount(conversion.Operand),
                IParenthesizedOperation parenthesized => IsCount(parenthesized.Operand),
                IAwaitOperation awaited => awaited.Syntax == receive || IsCount(awaited.Operation),
                ILocalReferenceOperation local => local.Local.Name == count,
                ISimpleAssignmentOperation assignment => IsCount(assignment.Target) || IsCount(assignment.Value),
                IInvocationOperation invocation => invocation.Syntax == receive,
                _ => false,
            };

            // if (closed) ... where bool closed = n == 0: the branch the flag takes on 0.
            ZeroFlags? flags = null;
            IOperation? FlagDefinition(IOperation operand) =>
                operand is ILocalReferenceOperation local
                && (flags ??= model.GetOperation(receive, cancellationToken) is { } receiveOperation ? ZeroFlags.Find(receiveOperation, IsCount, closedValue) : null) is { } found
                    ? found.DefinitionOf(local.Local)
                    : null;

            foreach (var candidate in candidates.Take(8))
            {
                if (candidate is not IfStatementSyntax ifStatement
                    || model.GetOperation(ifStatement.Condition, cancellationToken) is not { } condition)
                {
                    continue;
                }

                if (ifStatement.ContainsDiagnostics)
                    return null;

                if (ZeroTest.ValueWhenClosed(condition, IsCount, closedValue, FlagDefinition) is not { } whenClosed)
                    continue;
                if (closedValue == ZeroTest.NullLine && (TestsForEmptyToo(condition) || TestsALinesLength(condition)))
                {
                    // reader.ReadLine() ?? "": a test after the read cannot see the null the coalescing dropped. No fix.
                    widerTest = !IsCoalesced(receive);
                    return null;
                }

                var branch = whenClosed ? ifStatement.Statement : ifStatement.Else?.Statement;

                // if (n > 0) { ...; BeginReceive(...); } with no else: the peer's close takes the else that is not
                // written, which gets the close and the exit. With no close, only where the exit leaves a loop that would
                // read again: at the function's end an exit alone changes nothing.
                if (branch is null)
                {
                    return close is not null || ifStatement.Ancestors().TakeWhile(node => !FixSyntax.IsFunction(node)).Any(FixSyntax.IsLoop)
                        ? new AddZeroElse(ifStatement, close, exit)
                        : null;
                }

                var continues = branch.DescendantNodesAndSelf(n => n is not (AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax or WhileStatementSyntax or DoStatementSyntax or ForStatementSyntax or CommonForEachStatementSyntax))
                    .OfType<ContinueStatementSyntax>()
                    .ToImmutableArray();

                // The branch already ends in a jump and there is no close to add: the rewrite would change nothing.
                // (The rule still saw the loop go on: a goto back into it, say.) No fix rather than a fix that does not fix.
                var last = branch is BlockSyntax { Statements: var statements } ? statements.LastOrDefault() : branch;
                if (continues.IsEmpty && close is null && IsJump(last))
                    return null;
                return new RepairZeroBranch(branch, continues, close, exit);
            }

            // No test of the close among the statements after the read (the count is compared with something else,
            // `if (n == 5) break;`, `if (b == 'q') break;`): the close gets a test of its own after the read.
            widerTest = true;
            return null;
        }

        /// <summary>Whether the condition reads a string's <c>Length</c> (<c>line.Length == 0</c>): true for an empty line too.</summary>
        private static bool TestsALinesLength(IOperation condition)
        {
            foreach (var operation in condition.DescendantsAndSelf())
            {
                if (operation is IPropertyReferenceOperation { Property.Name: "Length", Instance.Type.SpecialType: SpecialType.System_String })
                    return true;
            }

            return false;
        }

        /// <summary>Whether the read's null is coalesced where it is read (<c>reader.ReadLine() ?? ""</c>).</summary>
        private static bool IsCoalesced(ExpressionSyntax receive) => ConnectionApi.CoalescingOf(receive) is not null;

        /// <summary>Whether the condition calls <c>string.IsNullOrEmpty</c> or <c>string.IsNullOrWhiteSpace</c>.</summary>
        private static bool TestsForEmptyToo(IOperation condition)
        {
            foreach (var operation in condition.DescendantsAndSelf())
            {
                if (ZeroTest.StringTestedForText(operation) is not null)
                    return true;
            }

            return false;
        }

        public override void Apply(SyntaxEditor editor)
        {
            editor.ReplaceNode(_branch, (current, _) =>
            {
                var branch = (StatementSyntax)current;
                if (!_continues.IsEmpty)
                {
                    // Offsets within the branch: earlier edits in the document (Fix All) shift absolute positions.
                    var offsets = _continues.Select(c => c.SpanStart - _branch.SpanStart).ToImmutableHashSet();
                    var replaced = branch.ReplaceNodes(
                        branch.DescendantNodesAndSelf().OfType<ContinueStatementSyntax>().Where(c => offsets.Contains(c.SpanStart - branch.SpanStart)),
                        (original, _) => Leave().WithTriviaFrom(original).WithAdditionalAnnotations(Spliced));
                    return SpliceIntoBlocks(replaced).WithAdditionalAnnotations(Formatter.Annotation);
                }

                // No continue: close before the branch's own exit, or add the exit at its end.
                var statements = branch is BlockSyntax block ? block.Statements.ToList() : new List<StatementSyntax> { branch };
                var last = statements.LastOrDefault();
                if (IsJump(last))
                {
                    if (_close is not null)
                        statements.Insert(statements.Count - 1, _close.WithAdditionalAnnotations(Formatter.Annotation));
                }
                else
                {
                    if (_close is not null)
                        statements.Add(_close.WithAdditionalAnnotations(Formatter.Annotation));
                    statements.Add(_exit.WithAdditionalAnnotations(Formatter.Annotation));
                }

                var result = branch is BlockSyntax original
                    ? original.WithStatements(SyntaxFactory.List(statements))
                    : FixSyntax.BlockInPlaceOf(branch, statements);
                return result.WithAdditionalAnnotations(Formatter.Annotation);
            });
        }

        private static bool IsJump(StatementSyntax? statement) =>
            statement is ReturnStatementSyntax or BreakStatementSyntax or ThrowStatementSyntax or GotoStatementSyntax or YieldStatementSyntax { RawKind: (int)SyntaxKind.YieldBreakStatement };

        private StatementSyntax Leave() => _close is null ? _exit : FixSyntax.Block(_close, _exit);

        /// <summary>Marks a close-and-leave block put in a continue's place, to be spliced into the block around it.</summary>
        private static readonly SyntaxAnnotation Spliced = new("SocketLint.SL0001.Spliced");

        /// <summary>
        /// A close-and-leave block put where a continue was a statement of a block (<c>if (n == 0) { // idle\n continue; }</c>)
        /// becomes that block's statements, not a block in a block; its trivia go to its first and last statements.
        /// </summary>
        private static StatementSyntax SpliceIntoBlocks(StatementSyntax branch)
        {
            var blocks = branch.GetAnnotatedNodes(Spliced).OfType<BlockSyntax>().Where(block => block.Parent is BlockSyntax).Select(block => (BlockSyntax)block.Parent!).Distinct().ToList();
            if (blocks.Count == 0)
                return branch;
            return branch.ReplaceNodes(blocks, (_, outer) =>
            {
                var statements = new List<StatementSyntax>();
                foreach (var statement in outer.Statements)
                {
                    if (statement is BlockSyntax { Statements.Count: > 0 } inner && statement.HasAnnotation(Spliced))
                    {
                        for (var i = 0; i < inner.Statements.Count; i++)
                        {
                            var inlined = inner.Statements[i];
                            if (i == 0)
                                inlined = inlined.WithLeadingTrivia(inner.GetLeadingTrivia());
                            if (i == inner.Statements.Count - 1)
                                inlined = inlined.WithTrailingTrivia(inner.GetTrailingTrivia());
                            statements.Add(inlined);
                        }
                    }
                    else
                    {
                        statements.Add(statement);
                    }
                }

                return outer.WithStatements(SyntaxFactory.List(statements));
            });
        }
    }
}
