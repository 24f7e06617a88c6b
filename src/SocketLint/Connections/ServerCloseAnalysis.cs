using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace SocketLint.Connections;

/// <summary>
/// SL0003's question, asked of paths: on the normal paths from an accept to the first close of the accepted
/// connection, has the peer's close (a receive returning 0, also as a bool flag kept from that test: see
/// <see cref="ZeroFlags"/>) been seen? Catch handlers are not normal paths (the
/// connection already failed), and an abortive close (<c>LingerState = new LingerOption(true, 0)</c>) leaves no TIME_WAIT.
/// </summary>
internal sealed class ServerCloseAnalysis
{
    private const int MaxVisits = 4096;

    private readonly ConnectionFlow _flow;
    private readonly ISymbol _connection;
    private readonly Dictionary<ILocalSymbol, int> _countLocals = new(SymbolEqualityComparer.Default);
    private readonly Dictionary<CaptureId, int> _countCaptures = new();

    /// <summary>Locals and captures that hold a line read through a reader over this connection (null at its end).</summary>
    private readonly HashSet<ILocalSymbol> _lineLocals = new(SymbolEqualityComparer.Default);
    private readonly HashSet<CaptureId> _lineCaptures = new();

    /// <summary>
    /// Locals that hold the bytes a binary reader over this connection read for a count asked of it
    /// (<c>var body = reader.ReadBytes(len);</c>), with what the count was: fewer come back only at the stream's end.
    /// </summary>
    private Dictionary<ILocalSymbol, IOperation>? _shortReads;
    private bool _unsure;

    /// <summary><see cref="IsReaderOnConnection"/> as a delegate, made once per accept.</summary>
    private readonly System.Func<IOperation?, bool> _isReaderOnConnection;

    /// <summary>The tests of <see cref="ValueForEveryCount"/> (a count, or a <c>ReadByte</c>'s, that holds nothing else), made once per accept.</summary>
    private readonly System.Func<IOperation, bool> _holdsOnlyCounts, _holdsOnlyByteReads;

    /// <summary>
    /// The bool locals that carry a test of a count (kind 0: counts whose closed value is 0; kind 1: those whose closed
    /// value is -1), each with its bit in <see cref="Path.Flags"/>.
    /// </summary>
    private readonly PathFlags _flags;

    private ServerCloseAnalysis(ConnectionFlow flow, ISymbol connection)
    {
        _flow = flow;
        _connection = connection;
        _isReaderOnConnection = IsReaderOnConnection;
        _holdsOnlyCounts = operand => ClosedValueOf(operand) == 0 && HoldsOnlyCounts(operand);
        _holdsOnlyByteReads = operand => ClosedValueOf(operand) == -1 && HoldsOnlyCounts(operand);
        _flags = new PathFlags(flow.Graph.OriginalOperation, (operation => ClosedValueOf(operation) == 0, 0), (operation => ClosedValueOf(operation) == -1, -1));
    }

    /// <summary>The first operation that actively closes the accepted connection before its peer's close was seen, or null.</summary>
    public static IOperation? FindEarlyClose(ConnectionFlow flow, SyntaxNode acceptSyntax, ISymbol connection)
    {
        if (flow.Locate(acceptSyntax) is not { } accept)
            return null;
        var analysis = new ServerCloseAnalysis(flow, connection);
        analysis.CollectCounts();
        return analysis.Walk(accept.Block, accept.Index + 1);
    }

    /// <summary>
    /// The first early close in a function that takes the accepted connection over from its first statement (a lambda
    /// run on the thread pool, a local function it is passed to), or null.
    /// </summary>
    public static IOperation? FindEarlyCloseFromStart(ConnectionFlow flow, ISymbol connection)
    {
        var analysis = new ServerCloseAnalysis(flow, connection);
        analysis.CollectCounts();
        return analysis.Walk(flow.Graph.Blocks[0], 0);
    }

    /// <summary>
    /// Whether the function that accepts may close the connection at all: a closing call on it, or a using of it,
    /// outside the functions nested in it (whose bodies are graphs of their own). Asked of the operation tree, so
    /// that no graph is built for an accept loop that hands each connection on.
    /// </summary>
    public static bool MayClose(IOperation accept, ISymbol connection, ConnectionCloses closes) =>
        MayCloseIn(FlowGraphs.FunctionAround(accept), connection, closes);

    /// <summary>Whether <paramref name="function"/> may close the connection itself, outside the functions nested in it.</summary>
    public static bool MayCloseIn(IOperation function, ISymbol connection, ConnectionCloses closes)
    {
        using var lease = OperationStack.Rent(out var pending);
        pending.Push(function);
        while (pending.Count > 0)
        {
            var operation = pending.Pop();

            // Told apart by kind first: a type test against an operation interface costs a cast check each.
            switch (operation.Kind)
            {
                case OperationKind.Invocation when closes.Closes((IInvocationOperation)operation, connection):
                case OperationKind.Using when closes.Disposes(((IUsingOperation)operation).Resources, connection):
                case OperationKind.UsingDeclaration when closes.Disposes(((IUsingDeclarationOperation)operation).DeclarationGroup, connection):
                    return true;
            }

            foreach (var child in operation.ChildOperations)
            {
                if (child.Kind is not (OperationKind.AnonymousFunction or OperationKind.LocalFunction))
                    pending.Push(child);
            }
        }

        return false;
    }

    /// <summary>
    /// Whether <paramref name="function"/> (the functions nested in it included) uses the connection for more than closing
    /// it: a call on it, or on a stream of it, that does not close it (<c>client.GetStream()</c>, <c>s.Send(reply)</c>).
    /// </summary>
    public static bool DoesIo(IOperation function, ISymbol connection, ConnectionCloses closes) =>
        Any(function, connection, closes, static (invocation, closes) => closes.Classify(invocation) != ConnectionMemberKind.Close);

    /// <summary>Whether <paramref name="function"/> (the functions nested in it included) receives on the connection.</summary>
    public static bool Receives(IOperation function, ISymbol connection, ConnectionCloses closes) =>
        Any(function, connection, closes, static (invocation, closes) => closes.Classify(invocation) == ConnectionMemberKind.Receive);

    /// <summary>Whether a call on the connection (its instance the connection, or a stream of it) in <paramref name="function"/> is <paramref name="test"/>.</summary>
    private static bool Any(IOperation function, ISymbol connection, ConnectionCloses closes, System.Func<IInvocationOperation, ConnectionCloses, bool> test)
    {
        using var lease = OperationStack.Rent(out var pending);
        pending.Push(function);
        while (pending.Count > 0)
        {
            var operation = pending.Pop();
            if (operation.Kind == OperationKind.Invocation
                && operation is IInvocationOperation { Instance: { } instance } invocation
                && SymbolEqualityComparer.Default.Equals(closes.RootOf(instance), connection)
                && test(invocation, closes))
            {
                return true;
            }

            pending.PushChildren(operation);
        }

        return false;
    }

    /// <summary>Locals and captures that hold a count received on this connection.</summary>
    private void CollectCounts()
    {
        for (int pass = 0; pass < 2; pass++)
        {
            foreach (var block in _flow.Graph.Blocks)
            {
                foreach (var statement in ConnectionFlow.StatementsOf(block))
                {
                    foreach (var operation in OperationWalk.DescendantsAndSelf(statement))
                    {
                        if (operation is ISimpleAssignmentOperation { Target: ILocalReferenceOperation local } assignment && ClosedValueOf(assignment.Value) is { } localClosed)
                            _countLocals[local.Local] = localClosed;
                        else if (operation is ISimpleAssignmentOperation { Target: ILocalReferenceOperation lineLocal } lineAssignment && IsLine(lineAssignment.Value))
                            _lineLocals.Add(lineLocal.Local);
                        else if (operation is ISimpleAssignmentOperation { Target: ILocalReferenceOperation bytesLocal } bytesAssignment && RequestedOfBytesRead(bytesAssignment.Value) is { } requested)
                            (_shortReads ??= new Dictionary<ILocalSymbol, IOperation>(SymbolEqualityComparer.Default))[bytesLocal.Local] = requested;
                        else if (operation is IFlowCaptureOperation lineCapture && IsLine(lineCapture.Value))
                            _lineCaptures.Add(lineCapture.Id);
                        else if (operation is IFlowCaptureOperation capture && ClosedValueOf(capture.Value) is { } captureClosed)
                            _countCaptures[capture.Id] = captureClosed;
                        else if (operation is IIsPatternOperation isPattern && ClosedValueOf(isPattern.Value) is { } patternClosed)
                        {
                            foreach (var named in ZeroTest.LocalsNamingTheValue(isPattern.Pattern))
                                _countLocals[named] = patternClosed;
                        }
                    }
                }
            }
        }
    }

    /// <summary>
    /// The value that says the peer closed, when <paramref name="operation"/> is a count received on this connection:
    /// 0 for a count, -1 for <c>ReadByte</c>; null when it is no such count.
    /// </summary>
    private int? ClosedValueOf(IOperation operation)
    {
        while (true)
        {
            switch (Values.Unwrap(operation, throughAwait: true))
            {
                case ISimpleAssignmentOperation assignment:
                    operation = assignment.Value;
                    continue;
                case ILocalReferenceOperation local:
                    return _countLocals.TryGetValue(local.Local, out var localClosed) ? localClosed : null;
                case IFlowCaptureReferenceOperation capture:
                    return _countCaptures.TryGetValue(capture.Id, out var captureClosed) ? captureClosed : null;
                case IInvocationOperation invocation:
                    // A socket's or stream's receive; or a reader's count read (Read, ReadAsync, ReadBlock) over the connection.
                    return (_flow.Classify(invocation) == ConnectionMemberKind.Receive && IsConnection(invocation.Instance))
                        || (_flow.Api.IsReaderReceive(invocation.TargetMethod) && !ConnectionApi.IsLineRead(invocation.TargetMethod) && IsReaderOnConnection(invocation.Instance))
                        ? ConnectionApi.ClosedValue(invocation.TargetMethod)
                        : null;
                default:
                    return null;
            }
        }
    }

    /// <summary>
    /// What <paramref name="condition"/> is when a <c>SocketError</c> says the call failed: <c>err != SocketError.Success</c>
    /// is true then, <c>err == SocketError.Success</c> false; null for any other condition.
    /// </summary>
    private bool? ValueOnError(IOperation condition)
    {
        if (_flow.Api.Symbols.SocketError is not { } socketError)
            return null;
        switch (condition)
        {
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals } comparison
                when (IsSuccess(comparison.RightOperand, socketError) && IsErrorCode(comparison.LeftOperand, socketError))
                    || (IsSuccess(comparison.LeftOperand, socketError) && IsErrorCode(comparison.RightOperand, socketError)):
                return comparison.OperatorKind == BinaryOperatorKind.NotEquals;
            case IIsPatternOperation { Pattern: var pattern } test when IsErrorCode(test.Value, socketError):
                return pattern switch
                {
                    IConstantPatternOperation constant when IsSuccess(constant.Value, socketError) => false,
                    INegatedPatternOperation { Pattern: IConstantPatternOperation negated } when IsSuccess(negated.Value, socketError) => true,
                    _ => null,
                };
            default:
                return null;
        }
    }

    private static bool IsErrorCode(IOperation operation, INamedTypeSymbol socketError) =>
        Values.Unwrap(operation, throughAwait: false) is { Type: { } type } value
        && SymbolEqualityComparer.Default.Equals(type, socketError)
        && value is ILocalReferenceOperation or IFlowCaptureReferenceOperation;

    private static bool IsSuccess(IOperation operation, INamedTypeSymbol socketError) =>
        Values.Unwrap(operation, throughAwait: false) is IFieldReferenceOperation { Field.Name: "Success" } field
        && SymbolEqualityComparer.Default.Equals(field.Field.ContainingType, socketError);

    /// <summary>A line read through a reader over this connection: <c>reader.ReadLine()</c>, awaited, or a local or capture that holds one.</summary>
    private bool IsLine(IOperation operation)
    {
        while (true)
        {
            switch (Values.Unwrap(operation, throughAwait: true))
            {
                case ISimpleAssignmentOperation assignment:
                    operation = assignment.Value;
                    continue;
                case ILocalReferenceOperation local:
                    return _lineLocals.Contains(local.Local);
                case IFlowCaptureReferenceOperation capture:
                    return _lineCaptures.Contains(capture.Id);
                case IInvocationOperation { TargetMethod.Name: "ReadLine" or "ReadLineAsync" } read:
                    return IsReaderOnConnection(read.Instance);
                default:
                    return false;
            }
        }
    }

    private bool IsReaderOnConnection(IOperation? reader) =>
        SymbolEqualityComparer.Default.Equals(_flow.Aliases.ReaderConnection(reader, _flow.Captures), _connection);

    /// <summary>What <paramref name="condition"/> is when a line read is null, the reader's end: the peer has closed.</summary>
    private bool? ValueWhenEnded(IOperation condition)
    {
        switch (condition)
        {
            case IParenthesizedOperation parenthesized:
                return ValueWhenEnded(parenthesized.Operand);
            case IUnaryOperation { OperatorKind: UnaryOperatorKind.Not } not:
                return !ValueWhenEnded(not.Operand);
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals } comparison
                when (IsNull(comparison.RightOperand) && IsLine(comparison.LeftOperand)) || (IsNull(comparison.LeftOperand) && IsLine(comparison.RightOperand)):
                return comparison.OperatorKind == BinaryOperatorKind.Equals;
            case IIsPatternOperation { Pattern: IConstantPatternOperation { Value: var constant } } test when IsNull(constant) && IsLine(test.Value):
                return true;
            case IIsPatternOperation { Pattern: INegatedPatternOperation { Pattern: IConstantPatternOperation { Value: var negated } } } test when IsNull(negated) && IsLine(test.Value):
                return false;
            case IIsPatternOperation test when IsLine(test.Value) && ZeroTest.MatchesAnyLine(test.Pattern):
                // while (r.ReadLine() is { } line), is string line: false at the end.
                return false;
            case IInvocationOperation nullOrEmpty when ZeroTest.StringTestedForText(nullOrEmpty) is { } tested && IsLine(tested) && !SkipsToABlankLine(nullOrEmpty.Syntax):
                return true;
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.LessThan or BinaryOperatorKind.GreaterThan or BinaryOperatorKind.NotEquals or BinaryOperatorKind.Equals } comparison
                when IsShortReadTest(comparison):
                // if (body.Length < len) break;: short only at the end.
                return comparison.OperatorKind != BinaryOperatorKind.Equals;
            case var second when IsSecondOfReadableButEmpty(second):
                return true;
            default:
                // while (!reader.EndOfStream), while (reader.Peek() >= 0): the reader's end is the peer's close.
                return ZeroTest.ValueAtReaderEnd(condition, _isReaderOnConnection);
        }
    }

    /// <summary>
    /// The second test of <c>s.Poll(t, SelectMode.SelectRead) &amp;&amp; s.Available == 0</c> (either way round) on the
    /// connection: readable with nothing to read, the peer's FIN (or a reset) has come. The graph splits the two tests
    /// into blocks of their own; the second's true branch, reached only through the first's, is the peer's close.
    /// </summary>
    private bool IsSecondOfReadableButEmpty(IOperation condition)
    {
        if (condition.Syntax.Parent is not BinaryExpressionSyntax { RawKind: (int)SyntaxKind.LogicalAndExpression } both || both.Right != condition.Syntax)
            return false;
        ExpressionSyntax? socket = condition switch
        {
            IInvocationOperation { TargetMethod.Name: "Poll", Instance: { } polled } poll when IsReadPoll(poll.Syntax) && IsConnection(polled) => polled.Syntax as ExpressionSyntax,
            IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals } empty when EmptyTestOf(empty.Syntax) is { } tested
                && Values.Unwrap(empty.LeftOperand, throughAwait: false) is IPropertyReferenceOperation { Instance: var available } && IsConnection(available) => tested,
            _ => null,
        };
        if (socket is null)
            return false;
        var first = SyntaxShapes.Unwrapped(both.Left, throughAwait: false);
        var other = IsReadPoll(first) ? ((MemberAccessExpressionSyntax)((InvocationExpressionSyntax)first).Expression).Expression : EmptyTestOf(first);
        return other is not null && SyntaxFactory.AreEquivalent(other, socket) && IsReadPoll(first) != IsReadPoll(condition.Syntax);

        // s.Poll(t, SelectMode.SelectRead)
        static bool IsReadPoll(SyntaxNode node) =>
            node is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Poll" }, ArgumentList.Arguments: { Count: 2 } arguments }
            && arguments[1].Expression is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "SelectRead" };

        // s.Available == 0: the socket tested.
        static ExpressionSyntax? EmptyTestOf(SyntaxNode node) =>
            node is BinaryExpressionSyntax { RawKind: (int)SyntaxKind.EqualsExpression, Left: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Available" } available, Right: LiteralExpressionSyntax { Token.ValueText: "0" } }
                ? available.Expression
                : null;
    }

    /// <summary>
    /// The count asked of a binary reader's <c>ReadBytes</c> over this connection, where <paramref name="value"/> is its
    /// result: it gives fewer bytes only when the stream ended first, the peer's close.
    /// </summary>
    private IOperation? RequestedOfBytesRead(IOperation value) =>
        Values.Unwrap(value, throughAwait: false) is IInvocationOperation { TargetMethod.Name: "ReadBytes", Arguments.Length: 1 } read
        && KnownSymbols.DerivesFrom(read.TargetMethod.ContainingType, _flow.Api.Symbols.BinaryReader)
        && IsReaderOnConnection(read.Instance)
            ? read.Arguments[0].Value
            : null;

    /// <summary>
    /// <c>body.Length &lt; len</c> (or <c>len &gt; body.Length</c>, <c>!=</c>, <c>==</c>), where <c>body</c> holds what
    /// <c>reader.ReadBytes(len)</c> read over this connection and <c>len</c> is the same local, parameter or constant.
    /// </summary>
    private bool IsShortReadTest(IBinaryOperation comparison) =>
        _shortReads is not null
        && comparison.OperatorKind switch
        {
            BinaryOperatorKind.LessThan => ComparesShortRead(comparison.LeftOperand, comparison.RightOperand),
            BinaryOperatorKind.GreaterThan => ComparesShortRead(comparison.RightOperand, comparison.LeftOperand),
            _ => ComparesShortRead(comparison.LeftOperand, comparison.RightOperand) || ComparesShortRead(comparison.RightOperand, comparison.LeftOperand),
        };

    /// <summary>Whether <paramref name="length"/> is a short read's <c>Length</c> and <paramref name="other"/> the count it asked for.</summary>
    private bool ComparesShortRead(IOperation length, IOperation other) =>
        Values.Unwrap(length, throughAwait: false) is IPropertyReferenceOperation { Property.Name: "Length", Instance: ILocalReferenceOperation bytes }
        && _shortReads!.TryGetValue(bytes.Local, out var requested)
        && Values.IsSameValue(other, requested);

    /// <summary>
    /// A loop with an empty body on a line test (<c>while (!string.IsNullOrEmpty(reader.ReadLine())) { }</c>): it skips
    /// a request's header lines up to the blank line that ends them, which is how it mostly ends, with the peer still
    /// there. Its test says nothing of the peer's close. So does such a loop with a body (headers kept, <c>Connection:
    /// close</c> noted) after an earlier line read through the same reader, the request line, and so does the test
    /// written as the loop's way out (<c>while (true) { var h = reader.ReadLine(); if (string.IsNullOrEmpty(h)) break; ... }</c>)
    /// after such a read. A loop that handles each line until the reader ends or an empty line comes, with no line read
    /// before it, is taken to read to the end.
    /// </summary>
    private static bool SkipsToABlankLine(SyntaxNode test)
    {
        var condition = test;
        while (condition.Parent is ParenthesizedExpressionSyntax or PrefixUnaryExpressionSyntax)
            condition = condition.Parent;
        var body = condition.Parent switch
        {
            WhileStatementSyntax loop when loop.Condition == condition => loop.Statement,
            DoStatementSyntax loop when loop.Condition == condition => loop.Statement,
            ForStatementSyntax loop when loop.Condition == condition => loop.Statement,
            _ => null,
        };
        if (body is EmptyStatementSyntax or BlockSyntax { Statements.Count: 0 })
            return true;
        if (body is not null)
            return ReaderOfALineRead(test) is { } reader && FollowsALineRead(reader, body.Parent!);

        // if (string.IsNullOrEmpty(header)) break;, in the body of the loop that reads the header.
        if (condition.Parent is not IfStatementSyntax { Else: null } exit || exit.Condition != condition
            || !IsBreak(exit.Statement)
            || exit.Parent is not BlockSyntax { Parent: WhileStatementSyntax or DoStatementSyntax or ForStatementSyntax } loopBody)
        {
            return false;
        }

        return ReaderOfALineRead(loopBody) is { } bodyReader && FollowsALineRead(bodyReader, loopBody.Parent!);
    }

    private static bool IsBreak(StatementSyntax statement) =>
        statement is BreakStatementSyntax || (statement is BlockSyntax { Statements.Count: 1 } block && block.Statements[0] is BreakStatementSyntax);

    /// <summary>The reader of the first line read written in <paramref name="node"/>.</summary>
    private static ExpressionSyntax? ReaderOfALineRead(SyntaxNode node) =>
        node.DescendantNodesAndSelf().Select(LineReaderOf).FirstOrDefault(reader => reader is not null);

    /// <summary>Whether a line read through <paramref name="reader"/> (as written) comes before <paramref name="loop"/> in its function.</summary>
    private static bool FollowsALineRead(ExpressionSyntax reader, SyntaxNode loop)
    {
        if (loop.Parent?.FirstAncestorOrSelf<SyntaxNode>(node => node is BaseMethodDeclarationSyntax or LocalFunctionStatementSyntax or AnonymousFunctionExpressionSyntax
                or AccessorDeclarationSyntax or CompilationUnitSyntax) is not { } function)
        {
            return false;
        }

        foreach (var node in function.DescendantNodes(node => node.SpanStart < loop.SpanStart))
        {
            if (node.SpanStart < loop.SpanStart && LineReaderOf(node) is { } earlier && SyntaxFactory.AreEquivalent(earlier, reader))
                return true;
        }

        return false;
    }

    /// <summary>The reader <paramref name="node"/> reads a line from, when it is such a read: <c>reader</c> in <c>reader.ReadLine()</c>, <c>reader.ReadLineAsync()</c>.</summary>
    private static ExpressionSyntax? LineReaderOf(SyntaxNode node) =>
        node is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ReadLine" or "ReadLineAsync" } access }
            ? access.Expression
            : null;

    private static bool IsNull(IOperation operation) =>
        Values.Unwrap(operation, throughAwait: false) is { ConstantValue: { HasValue: true, Value: null } };

    /// <summary>
    /// What <paramref name="condition"/> is when a count says the peer closed; a flag in it is read only when written
    /// on the path since the accept (its bit in <paramref name="flags"/>).
    /// </summary>
    private bool? ValueWhenClosed(IOperation condition, int flags) =>
        _flags.ValueWhenClosed(condition, kind: 0, flags) ?? _flags.ValueWhenClosed(condition, kind: 1, flags);

    private bool IsConnection(IOperation? operation) => SymbolEqualityComparer.Default.Equals(_flow.RootOf(operation), _connection);

    /// <summary>What <paramref name="condition"/> is for every count its receive can return, as <see cref="ZeroTest.ValueForEveryCount"/> decides it.</summary>
    private bool? ValueForEveryCount(IOperation condition) =>
        ZeroTest.ValueForEveryCount(condition, _holdsOnlyCounts, closedValue: 0)
        ?? ZeroTest.ValueForEveryCount(condition, _holdsOnlyByteReads, closedValue: -1);

    /// <summary>
    /// Whether <paramref name="operand"/>, a count, holds nothing but what receives return: the receive itself, or a local
    /// whose every write in the body is one (not <c>int n = -1;</c> kept as a mark, nor <c>n--</c>, nor a ref argument).
    /// </summary>
    private bool HoldsOnlyCounts(IOperation operand)
    {
        var value = Values.Unwrap(operand, throughAwait: true);
        if (value is IInvocationOperation)
            return true;
        if (value is not ILocalReferenceOperation { Local: var local })
            return false;
        foreach (var operation in OperationWalk.DescendantsAndSelf(_flow.Graph.OriginalOperation))
        {
            switch (operation)
            {
                case IVariableDeclaratorOperation declarator when SymbolEqualityComparer.Default.Equals(declarator.Symbol, local):
                    if (declarator.GetVariableInitializer() is { } initializer && ClosedValueOf(initializer.Value) is null)
                        return false;
                    break;
                case ILocalReferenceOperation reference when SymbolEqualityComparer.Default.Equals(reference.Local, local):
                    var written = reference.Parent switch
                    {
                        ISimpleAssignmentOperation assignment when assignment.Target == reference => ClosedValueOf(assignment.Value) is null,
                        ICompoundAssignmentOperation compound => compound.Target == reference,
                        IIncrementOrDecrementOperation or IDeconstructionAssignmentOperation or ITupleOperation => true,
                        IArgumentOperation { Parameter.RefKind: not RefKind.None } => true,
                        IDeclarationExpressionOperation => true,
                        _ => false,
                    };
                    if (written)
                        return false;
                    break;
            }
        }

        return true;
    }

    /// <summary>
    /// What a path knows at a point: whether the peer's close was seen on it, and, until then, which flags it set
    /// since the accept (once seen, they no longer matter).
    /// </summary>
    private readonly struct Path : IEquatable<Path>
    {
        public Path(bool seen, int flags, int known = 0, int values = 0)
        {
            Seen = seen;
            Flags = seen ? 0 : flags;
            Known = seen ? 0 : known;
            Values = seen ? 0 : values & known;
        }

        public bool Seen { get; }
        public int Flags { get; }

        /// <summary>The bool locals (by bit) whose value this path set to a constant since the accept, and those values.</summary>
        public int Known { get; }
        public int Values { get; }

        public bool Equals(Path other) => Seen == other.Seen && Flags == other.Flags && Known == other.Known && Values == other.Values;

        public override bool Equals(object? obj) => obj is Path other && Equals(other);

        public override int GetHashCode() => (((Flags * 31) + Known) * 31 + Values) * 2 + (Seen ? 1 : 0);
    }

    private IOperation? Walk(BasicBlock start, int startIndex)
    {
        var pending = new Stack<(BasicBlock Block, int Index, Path Path)>();
        var visited = new HashSet<(int, Path)>();
        pending.Push((start, startIndex, default));
        int visits = 0;
        while (pending.Count > 0 && ++visits <= MaxVisits)
        {
            var (block, index, path) = pending.Pop();
            var early = Visit(block, index, path, pending, visited);
            if (early is not null)
                return early;
            if (_unsure)
                return null;
        }

        return null;
    }

    private IOperation? Visit(BasicBlock block, int index, Path path, Stack<(BasicBlock, int, Path)> pending, HashSet<(int, Path)> visited)
    {
        var seen = path.Seen;
        var flags = path.Flags;
        var (known, values) = (path.Known, path.Values);
        for (int i = index; i <= block.Operations.Length; i++)
        {
            var statement = ConnectionFlow.StatementAt(block, i);
            if (statement is null)
                continue;
            switch (Examine(statement, ref flags))
            {
                case PathEvent.Drained:
                    seen = true;
                    break;
                case PathEvent.Closed:
                    return seen ? null : ActiveClose(statement);
                case PathEvent.Ends:
                    return null;
                case PathEvent.Unsure:
                    _unsure = true;
                    return null;
            }

            if (!seen)
                TrackBools(statement, ref known, ref values);
        }

        path = new Path(seen, flags, known, values);
        if (ConnectionFlow.TryConstantBranch(block, out var taken))
            return Follow(taken, path, pending, visited);

        if (block.ConditionKind != ControlFlowConditionKind.None && block.BranchValue is { } condition)
        {
            // while (running) after `running = false;` on the path where the count was 0, and only there: the other
            // paths still hold the value they set, and go round.
            if (KnownBools.ValueOf(condition, known, values, _boolBits) is { } value)
                return Follow(value == (block.ConditionKind == ControlFlowConditionKind.WhenTrue) ? block.ConditionalSuccessor : block.FallThroughSuccessor, path, pending, visited);

            // A failed socket call's SocketError (the out parameter of the non-throwing overloads): like a catch,
            // the branch it takes on failure is no normal path.
            if (ValueOnError(condition) is { } onError)
            {
                var conditionalIsError = onError == (block.ConditionKind == ControlFlowConditionKind.WhenTrue);
                return Follow(conditionalIsError ? block.FallThroughSuccessor : block.ConditionalSuccessor, path, pending, visited);
            }

            // if (n < 0) break; on a count no receive makes negative: the branch no count takes is no path.
            if (ValueForEveryCount(condition) is { } always)
                return Follow(always == (block.ConditionKind == ControlFlowConditionKind.WhenTrue) ? block.ConditionalSuccessor : block.FallThroughSuccessor, path, pending, visited);

            var whenClosed = ValueWhenClosed(condition, flags) ?? ValueWhenEnded(condition);
            if (whenClosed is { } closedTaken)
            {
                var conditionalIsZero = closedTaken == (block.ConditionKind == ControlFlowConditionKind.WhenTrue);
                return Follow(block.ConditionalSuccessor, new Path(seen || conditionalIsZero, flags, known, values), pending, visited)
                    ?? Follow(block.FallThroughSuccessor, new Path(seen || !conditionalIsZero, flags, known, values), pending, visited);
            }

            return Follow(block.ConditionalSuccessor, path, pending, visited)
                ?? Follow(block.FallThroughSuccessor, path, pending, visited);
        }

        return Follow(block.FallThroughSuccessor, path, pending, visited);
    }

    private IOperation? Follow(ControlFlowBranch? branch, Path path, Stack<(BasicBlock, int, Path)> pending, HashSet<(int, Path)> visited)
    {
        if (branch is null)
            return null;
        foreach (var region in branch.FinallyRegions)
        {
            // A using or finally that disposes the connection: its end is the close. The finally's own paths are
            // walked, so a drain written in it before the close counts; once it has closed, this path is done.
            var (close, closes) = CloseInFinally(region, path);
            if (close is not null)
                return close;
            if (closes)
                return null;
        }

        if (branch.Semantics is ControlFlowBranchSemantics.Throw or ControlFlowBranchSemantics.Rethrow
            || branch.Destination is null
            || branch.Destination.Kind == BasicBlockKind.Exit)
        {
            return null;
        }

        if (visited.Add((branch.Destination.Ordinal, path)))
            pending.Push((branch.Destination, 0, path));
        return null;
    }

    /// <summary>Bool locals a path sets to a constant (`var running = true;`, `running = false;`), each with a bit (at most 30).</summary>
    private Dictionary<ILocalSymbol, int>? _boolBits;

    /// <summary>Sets, in <paramref name="known"/> and <paramref name="values"/>, what <paramref name="statement"/> writes to bool locals.</summary>
    private void TrackBools(IOperation statement, ref int known, ref int values)
    {
        foreach (var operation in OperationWalk.DescendantsAndSelf(statement))
        {
            if (operation.Kind is not (OperationKind.SimpleAssignment or OperationKind.VariableDeclarator or OperationKind.CompoundAssignment
                or OperationKind.Increment or OperationKind.Decrement or OperationKind.DeconstructionAssignment or OperationKind.Argument))
            {
                continue;
            }

            if (KnownBools.WriteOf(operation) is ({ } written, var value) && written is ILocalSymbol { Type.SpecialType: SpecialType.System_Boolean } local
                && BoolBit(local, create: value.HasValue) is var bit and not 0)
            {
                (known, values) = KnownBools.Write(known, values, bit, value);
            }
        }
    }

    private int BoolBit(ILocalSymbol local, bool create)
    {
        if (_boolBits is not null && _boolBits.TryGetValue(local, out var bit))
            return bit;
        if (!create || (_boolBits?.Count ?? 0) >= 30 || KnownBools.IsSetInNestedFunction(_flow.Graph.OriginalOperation, local))
            return 0;
        bit = 1 << (_boolBits ??= new Dictionary<ILocalSymbol, int>(SymbolEqualityComparer.Default)).Count;
        _boolBits[local] = bit;
        return bit;
    }

    private enum PathEvent { Continues, Drained, Closed, Ends, Unsure }

    /// <summary>What one statement does on a path; sets the bits of the flags it writes.</summary>
    private PathEvent Examine(IOperation statement, ref int flags)
    {
        if (ConnectionFlow.IsBroken(statement))
            return PathEvent.Unsure;

        var drained = false;
        foreach (var operation in OperationWalk.DescendantsAndSelf(statement))
        {
            switch (operation)
            {
                // Code being typed or broken: whether this closes, or sees the peer's close, cannot be told.
                case IInvalidOperation:
                    return PathEvent.Unsure;

                // A new connection is accepted into the same variable: this one's story ended on this path.
                case ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } assignment
                    when SymbolEqualityComparer.Default.Equals(_flow.Aliases.RootOf(target), _connection) && IsAccept(assignment.Value):
                    return PathEvent.Ends;
                case ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property.Name: "LingerState" } linger } assignment
                    when IsConnection(linger.Instance) && MayBeAbortiveLinger(assignment.Value) && !IsUndoneLater(assignment):
                    return PathEvent.Ends;
                case IInvocationOperation { TargetMethod.Name: "SetSocketOption" } option
                    when IsConnection(option.Instance) && LingerSetBy(option) is { } value && MayBeAbortiveLinger(value) && !IsUndoneLater(option):
                    return PathEvent.Ends;
                // A flag's one write: from here on this path it holds a count's test.
                case ISimpleAssignmentOperation { Target: ILocalReferenceOperation { Local.Type.SpecialType: SpecialType.System_Boolean } } assignment
                    when _flags.WrittenBy(assignment) is var written and not 0:
                    flags |= written;
                    break;
                case IInvocationOperation invocation when _flow.IsDirectClose(invocation, _connection):
                    if (IsActiveClose(invocation))
                        return PathEvent.Closed;
                    break;
                case IInvocationOperation invocation when _flow.IsClosingCall(invocation, _connection):
                    return PathEvent.Closed;

                // CopyTo returns once the source ends: the peer has closed (or it throws, off the normal path); so
                // does ReadToEnd on a reader over the connection. A CopyToAsync only once its task is awaited.
                case IInvocationOperation { TargetMethod.Name: "CopyTo" or "CopyToAsync" } copy when IsConnection(copy.Instance):
                    switch (CopyEnds(copy, _flow.Graph.OriginalOperation))
                    {
                        case true:
                            drained = true;
                            break;
                        case null:
                            return PathEvent.Ends;
                    }

                    break;
                case IInvocationOperation { TargetMethod.Name: "ReadToEnd" or "ReadToEndAsync" } readToEnd when IsReaderOnConnection(readToEnd.Instance):
                    drained = true;
                    break;

                // Handed to code of yours, or to a delegate: it may have read until the peer closed. Not followed there.
                case IInvocationOperation invocation when HandsOff(invocation.TargetMethod, invocation.Arguments, IsConnection) || HandsToFunction(invocation.Arguments, IsConnection, _flow.Graph.OriginalOperation):
                    return PathEvent.Ends;
                case IObjectCreationOperation { Constructor: { } constructor } creation when HandsOff(constructor, creation.Arguments, IsConnection) || HandsToFunction(creation.Arguments, IsConnection, _flow.Graph.OriginalOperation):
                    return PathEvent.Ends;
                case ISimpleAssignmentOperation assignment when StoresInUserMember(assignment, IsConnection):
                    return PathEvent.Ends;
            }
        }

        return drained ? PathEvent.Drained : PathEvent.Continues;
    }

    /// <summary>
    /// A call of user code (outside the framework's <c>System*</c> assemblies), or of a delegate, that gets this
    /// connection, or a stream of it, as an argument; or a <c>PipeReader</c> made over its stream
    /// (<c>PipeReader.Create(client.GetStream())</c>), whose reads are the pipe's: a server reads it until a
    /// <c>ReadResult</c> says <c>IsCompleted</c>, the peer's close seen through the pipe, which this analysis does not
    /// follow.
    /// </summary>
    internal static bool HandsOff(IMethodSymbol method, System.Collections.Immutable.ImmutableArray<IArgumentOperation> arguments, System.Func<IOperation, bool> isConnection)
    {
        // The arguments first: most calls are given no connection, and the method's assembly is found through its
        // type and each of its namespaces.
        foreach (var argument in arguments)
        {
            if (isConnection(argument.Value))
                return method.MethodKind == MethodKind.DelegateInvoke || !IsFrameworkAssembly(method.ContainingAssembly) || IsPipeReaderCreate(method);
        }

        return false;
    }

    /// <summary>
    /// A lambda given as an argument that uses the connection, or a stream of it (<c>new Thread(() =&gt; Pump(a, b))</c>,
    /// <c>Task.Run(() =&gt; Serve(stream))</c>): the code it runs elsewhere may read until the peer closed, before a close
    /// written after it here. Not followed past it.
    /// </summary>
    /// <param name="tree">For a graph's operations, the operation tree it was made from: a graph holds a lambda with no body.</param>
    internal static bool HandsToFunction(System.Collections.Immutable.ImmutableArray<IArgumentOperation> arguments, System.Func<IOperation, bool> isConnection, IOperation? tree = null)
    {
        foreach (var argument in arguments)
        {
            var value = argument.Value;
            while (value is IConversionOperation or IDelegateCreationOperation)
                value = value is IConversionOperation conversion ? conversion.Operand : ((IDelegateCreationOperation)value).Target;
            var lambda = value switch
            {
                IAnonymousFunctionOperation written => written,
                IFlowAnonymousFunctionOperation flow when tree is not null => LambdaWritten(tree, flow.Syntax),
                _ => null,
            };
            if (lambda is null)
                continue;
            foreach (var operation in OperationWalk.Descendants(lambda.Body))
            {
                if (operation.Kind is OperationKind.LocalReference or OperationKind.ParameterReference or OperationKind.FieldReference && isConnection(operation))
                    return true;
            }
        }

        return false;

        // Down only through what holds the lambda's span: the graph's paths ask this of each statement they pass.
        static IAnonymousFunctionOperation? LambdaWritten(IOperation operation, SyntaxNode syntax, int depth = 0)
        {
            if (operation is IAnonymousFunctionOperation lambda && lambda.Syntax == syntax)
                return lambda;
            if (depth >= OperationWalk.MaxDepth)
                return null;
            foreach (var child in operation.ChildOperations)
            {
                if (child.Syntax.FullSpan.Contains(syntax.Span) && LambdaWritten(child, syntax, depth + 1) is { } found)
                    return found;
            }

            return null;
        }
    }

    private static bool IsPipeReaderCreate(IMethodSymbol method) =>
        method is { Name: "Create", IsStatic: true, ContainingType: { Name: "PipeReader", ContainingNamespace: { Name: "Pipelines", ContainingNamespace: { Name: "IO", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } } } } };

    /// <summary>
    /// The connection stored in a field or property of a type of yours (<c>new Session { Socket = client }</c>,
    /// <c>_client = client</c>): whatever holds it now may read it and close it. Not followed there.
    /// </summary>
    internal static bool StoresInUserMember(ISimpleAssignmentOperation assignment, System.Func<IOperation, bool> isConnection) =>
        assignment.Target is IMemberReferenceOperation { Member: IFieldSymbol or IPropertySymbol } member
        && isConnection(assignment.Value)
        && !IsFrameworkAssembly(member.Member.ContainingAssembly);

    private static bool IsFrameworkAssembly(IAssemblySymbol? assembly) =>
        assembly?.Name is { } name
        && (name == "System" || name.StartsWith("System.", System.StringComparison.Ordinal) || name is "mscorlib" or "netstandard");

    private bool IsAccept(IOperation value)
    {
        while (value is IConversionOperation or IAwaitOperation)
            value = value is IConversionOperation conversion ? conversion.Operand : ((IAwaitOperation)value).Operation;
        return value is IInvocationOperation invocation && _flow.Api.Classify(invocation.TargetMethod, out _) == ConnectionMemberKind.Accept;
    }

    /// <summary>A close that sends FIN: not Shutdown(SocketShutdown.Receive), which sends nothing.</summary>
    internal static bool IsActiveClose(IInvocationOperation invocation) =>
        !(invocation.TargetMethod.Name == "Shutdown"
            && invocation.Arguments.Length == 1
            && invocation.Arguments[0].Value is IFieldReferenceOperation { Field.Name: "Receive" });

    /// <summary>
    /// Whether a copy from the connection has ended when the statement that makes it does: <c>CopyTo</c>, an awaited
    /// <c>CopyToAsync</c>, or one of the copies of an awaited <c>Task.WhenAll</c>. False for one of <c>Task.WhenAny</c>'s
    /// (the other task may end first, the copy still running: a proxy closes its client when the upstream ends) and for
    /// one started and left (<c>_ = ns.CopyToAsync(sink);</c>, or kept in a local never read); null for a task kept and read, which may be awaited later.
    /// </summary>
    /// <param name="function">The function whose operations may read a task kept in a local (the graph's own are not the tree's).</param>
    internal static bool? CopyEnds(IInvocationOperation copy, IOperation function)
    {
        if (copy.TargetMethod.Name == "CopyTo")
            return true;
        IOperation task = copy;
        for (var depth = 0; depth < 4; depth++)
        {
            var outer = Values.Outermost(task, throughAwait: true, out var awaited);
            if (awaited)
                return true;
            var value = outer.Parent is IArrayInitializerOperation && outer.Parent.Parent is IArrayCreationOperation creation
                ? Values.Outermost(creation, throughAwait: false, out _)
                : outer;
            switch (value.Parent)
            {
                case IArgumentOperation { Parent: IInvocationOperation { TargetMethod: { Name: "WhenAll" or "WhenAny", ContainingType.Name: "Task" } method } combined }:
                    if (method.Name == "WhenAny")
                        return false;
                    task = combined;
                    continue;
                case IExpressionStatementOperation:
                case ISimpleAssignmentOperation { Target: IDiscardOperation }:
                    return false;
                default:
                    // Task copy = ns.CopyToAsync(sink); never looked at again: started and left, as above. Nor does one
                    // that only Task.WhenAny waits for (var up = a.CopyToAsync(b); var down = b.CopyToAsync(a);
                    // await Task.WhenAny(up, down);): the other task may end first, as when the copies are written in the
                    // call. A task read anywhere else may be awaited later.
                    return Values.LocalStoring(value) is { } kept && (!IsReadIn(function, kept) || IsReadOnlyByWhenAny(function, kept)) ? false : null;
            }
        }

        return null;
    }

    /// <summary>
    /// Whether every read of <paramref name="local"/> in <paramref name="function"/> is one of <c>Task.WhenAny</c>'s
    /// tasks, given as an argument or in an array written in the call (<c>Task.WhenAny(up, down)</c>,
    /// <c>Task.WhenAny(new[] { up, down })</c>).
    /// </summary>
    private static bool IsReadOnlyByWhenAny(IOperation function, ILocalSymbol local) =>
        !OperationWalk.AnyReferenceTo(function, local, reference =>
            !(reference.Parent is ISimpleAssignmentOperation assignment && assignment.Target == reference) && !IsWhenAnyTask(reference));

    private static bool IsWhenAnyTask(IOperation reference)
    {
        var value = Values.Outermost(reference, throughAwait: false, out _);
        if (value.Parent is IArrayInitializerOperation { Parent: IArrayCreationOperation creation })
            value = Values.Outermost(creation, throughAwait: false, out _);
        return value.Parent is IArgumentOperation { Parent: IInvocationOperation { TargetMethod: { Name: "WhenAny", ContainingType: { Name: "Task", ContainingNamespace.Name: "Tasks" } } } };
    }

    /// <summary>Whether <paramref name="function"/> reads <paramref name="local"/> anywhere (a write is not a read).</summary>
    private static bool IsReadIn(IOperation function, ILocalSymbol local) =>
        OperationWalk.AnyReferenceTo(function, local, reference => !(reference.Parent is ISimpleAssignmentOperation assignment && assignment.Target == reference));

    /// <summary>The linger <paramref name="option"/> sets: its value, when it is <c>SetSocketOption(level, SocketOptionName.Linger, value)</c>.</summary>
    private static IOperation? LingerSetBy(IInvocationOperation option) =>
        option.Arguments.Length == 3 && IsLingerOption(option.Arguments[1].Value) ? option.Arguments[2].Value : null;

    /// <summary>
    /// Whether a linger that may be abortive, set by <paramref name="set"/>, is set again later in the function, on the
    /// same connection, to one that surely is not (<c>new LingerOption(true, 10)</c>, <c>new LingerOption(false, 0)</c>):
    /// the close after both is graceful again.
    /// </summary>
    private bool IsUndoneLater(IOperation set)
    {
        var after = set.Syntax.Span.End;
        foreach (var operation in OperationWalk.Descendants(_flow.Graph.OriginalOperation))
        {
            if (operation.Syntax.SpanStart < after)
                continue;
            var (instance, value) = operation switch
            {
                ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property.Name: "LingerState" } linger } assignment => (linger.Instance, assignment.Value),
                IInvocationOperation { TargetMethod.Name: "SetSocketOption" } option when LingerSetBy(option) is { } setTo => (option.Instance, setTo),
                _ => (null, null),
            };
            if (value is not null && IsSurelyGracefulLinger(value)
                && SymbolEqualityComparer.Default.Equals(_flow.Aliases.RootOf(instance), _connection))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary><c>new LingerOption(false, ...)</c> or <c>new LingerOption(true, n)</c> with a constant n other than 0.</summary>
    private static bool IsSurelyGracefulLinger(IOperation value) => LingerOf(value) is (false, _) or (true, not null and not 0);

    /// <summary><c>SocketOptionName.Linger</c> (0x80).</summary>
    private static bool IsLingerOption(IOperation name) => name.ConstantValue is { HasValue: true, Value: 0x80 };

    /// <summary>
    /// A linger option that may be abortive: <c>new LingerOption(true, 0)</c>, or one whose value is not written
    /// here (a field, a local, a call), which the rule cannot see and so does not second-guess.
    /// </summary>
    private static bool MayBeAbortiveLinger(IOperation value)
    {
        while (value is IConversionOperation conversion)
            value = conversion.Operand;
        if (value is not IObjectCreationOperation)
            return value is not (ILiteralOperation or IDefaultValueOperation);
        return LingerOf(value) is (true, 0);
    }

    /// <summary>
    /// What <c>new LingerOption(enabled, seconds)</c> written in <paramref name="value"/> sets, each part null where it is
    /// not a constant; null for anything else.
    /// </summary>
    private static (bool? Enabled, int? Seconds)? LingerOf(IOperation value)
    {
        while (value is IConversionOperation conversion)
            value = conversion.Operand;
        return value is IObjectCreationOperation { Type.Name: "LingerOption", Arguments.Length: 2 } creation
            ? (creation.Arguments[0].Value.ConstantValue is { HasValue: true, Value: bool enabled } ? enabled : null,
               creation.Arguments[1].Value.ConstantValue is { HasValue: true, Value: int seconds } ? seconds : null)
            : null;
    }

    /// <summary>
    /// The paths through a finally region entered with <paramref name="path"/>: the first close on one where the
    /// peer's close was not seen, or whether the region closes the connection at all.
    /// </summary>
    private (IOperation? EarlyClose, bool Closes) CloseInFinally(ControlFlowRegion region, Path path)
    {
        var closes = false;
        var noFlags = 0;
        for (int ordinal = region.FirstBlockOrdinal; ordinal <= region.LastBlockOrdinal && !closes; ordinal++)
        {
            foreach (var statement in ConnectionFlow.StatementsOf(_flow.Graph.Blocks[ordinal]))
            {
                if (Examine(statement, ref noFlags) == PathEvent.Closed)
                {
                    closes = true;
                    break;
                }
            }
        }

        if (!closes)
            return (null, false);

        var pending = new Stack<(BasicBlock Block, int Index, Path Path)>();
        var visited = new HashSet<(int, Path)>();
        pending.Push((_flow.Graph.Blocks[region.FirstBlockOrdinal], 0, path));
        int visits = 0;
        while (pending.Count > 0 && ++visits <= MaxVisits)
        {
            var (block, index, blockPath) = pending.Pop();
            if (Visit(block, index, blockPath, pending, visited) is { } early)
                return (early, true);
            if (_unsure)
                return (null, true);
        }

        return (null, true);
    }

    /// <summary>The closing invocation itself, for the report's location.</summary>
    private IOperation ActiveClose(IOperation statement)
    {
        foreach (var operation in OperationWalk.DescendantsAndSelf(statement))
        {
            if (operation is IInvocationOperation invocation
                && ((_flow.IsDirectClose(invocation, _connection) && IsActiveClose(invocation)) || _flow.IsClosingCall(invocation, _connection)))
            {
                return invocation;
            }
        }

        return statement;
    }
}
