using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using SocketLint.Connections;

namespace SocketLint.Rules;

/// <summary>
/// SL0001: a receive whose count of 0 (the peer's FIN) is discarded, never compared, or seen without closing the
/// connection (owned) or leaving the read loop (not owned). Decided on the control flow graph.
/// </summary>
public static class SL0001PeerCloseNotHandledRule
{
    /// <summary>Diagnostic property: the <see cref="PeerCloseVerdict"/> name, for the fixes.</summary>
    public const string VerdictProperty = "Verdict";

    /// <summary>Diagnostic property: present when the connection is owned by the method (the fix closes it).</summary>
    public const string OwnedProperty = "Owned";

    /// <summary>Diagnostic property: the name of the local, parameter or field that owns the connection.</summary>
    public const string ConnectionProperty = "Connection";

    /// <summary>Diagnostic property: the member that closes it (Close for a Socket, Dispose otherwise).</summary>
    public const string CloseMemberProperty = "CloseMember";

    /// <summary>A call, whose method's <paramref name="name"/> the caller has read.</summary>
    internal static void AnalyzeInvocation(in OperationAnalysisContext context, IInvocationOperation invocation, string name, ConnectionApi api)
    {
        // Every receive's name starts with R or E (Receive, Read..., ReadLine, EndReceive, EndRead): most calls of a
        // code base are told apart by one character, with no lookup.
        if (name.Length == 0 || name[0] is not ('R' or 'E'))
            return;
        if (context.IsGeneratedCode || ReceiveOnConnection(invocation, name, api) is not { } receive)
            return;

        // Code being typed: a syntax error anywhere in the function may hide the test or the close that follows.
        var function = FlowGraphs.FunctionAround(invocation).Syntax;
        if (function.ContainsDiagnostics)
            return;
        var (aliases, connection, origin) = receive;

        // A line read (ReadLine) is judged only where its null is looked at, or where it is thrown away in a loop: a
        // line used without a test mostly throws at the end (line.Trim(), int.Parse(line)), which leaves the loop.
        var lineRead = ConnectionApi.IsLineRead(invocation.TargetMethod);

        // (line = r.ReadLine()).Equals("quit"), r.ReadLine().Trim(): at the end the null is dereferenced at once, and
        // the exception leaves the loop before any test of it.
        if (lineRead && IsDereferencedAtOnce(invocation))
            return;

        // while (!reader.EndOfStream) Console.WriteLine(reader.ReadLine()): the loop's own test sees the end, where the
        // line would be null, and leaves.
        if (lineRead && IsUnderItsReadersEndTest(invocation))
            return;

        // A count thrown away (`s.Receive(buf);`) is the finding whatever the paths after it: no graph is needed.
        if (PeerCloseAnalysis.IsDiscarded(invocation))
        {
            if (lineRead && !IsInLoop(invocation))
                return;
            Report(context, invocation, function, aliases, PeerCloseVerdict.Discarded, inLoop: false, connection, origin, api);
            return;
        }

        // Nor is one added straight into a total (`total += s.Receive(buf, total, len - total, SocketFlags.None);`).
        if (!lineRead && PeerCloseAnalysis.IsSummed(invocation))
        {
            Report(context, invocation, function, aliases, PeerCloseVerdict.NeverCompared, IsInLoop(invocation), connection, origin, api);
            return;
        }

        // Compared, and the answer returned or stored for others (a Peek probe's `return s.Receive(b, Peek) != 0;`).
        if (PeerCloseAnalysis.IsComparedAndHandedOn(invocation))
            return;

        // A line handed straight to a sink that takes null (Console.WriteLine(reader.ReadLine()), sb.AppendLine(...)), in a
        // loop that goes round with no way out: its null is looked at nowhere, and the loop spins on it.
        if (lineRead && Values.LocalStoring(PeerCloseAnalysis.CountValue(invocation, out _)) is null && LineUsesAreNullSafe(invocation) && UncomparedCount.SpinsRoundItsLoop(invocation))
        {
            Report(context, invocation, function, aliases, PeerCloseVerdict.NeverCompared, inLoop: true, connection, origin, api);
            return;
        }

        // The read loops written the usual way are decided on the operation tree; the rest on the graph.
        var closeMethods = api.CloseMethods.Configured(invocation.Syntax.SyntaxTree, context.Options);
        var closes = new ConnectionCloses(api, aliases, closeMethods, captures: null, wrappersClose: true);

        // A task kept and awaited further on (a read raced against a timeout with Task.WhenAny): its await gives the
        // count, and its paths are followed on the graph from there.
        if (!lineRead && PeerCloseAnalysis.AwaitOfKeptTask(invocation) is { } awaited)
        {
            AnalyzeAwaitedTask(context, invocation, awaited, function, receive, closeMethods, closes, api);
            return;
        }

        if (PeerCloseShortcut.IsHandled(invocation, connection, aliases.IsOwned(connection, invocation.Instance), closes))
            return;

        // So is a count kept but compared nowhere, on a path that runs to the end or round its loop.
        if (UncomparedCount.IsNeverCompared(invocation, out var spins))
        {
            if (lineRead && !(spins && LineUsesAreNullSafe(invocation)))
                return;

            // One read, then the connection is closed whatever it returned, before any loop goes round to read it
            // again (an accept loop's using of each connection): no CLOSE_WAIT, and nothing spins.
            if (NeedsNoCompare(invocation, lineRead, connection, closes, aliases))
                return;
            Report(context, invocation, function, aliases, PeerCloseVerdict.NeverCompared, spins, connection, origin, api);
            return;
        }

        var flow = FlowGraphs.FlowAround(context, invocation, aliases, api, closeMethods, wrappersClose: true);
        if (flow is null)
            return;

        var verdict = PeerCloseAnalysis.Analyze(flow, invocation.Syntax, out var inLoop);
        if (verdict == PeerCloseVerdict.Handled || (lineRead && verdict == PeerCloseVerdict.NeverCompared && !(inLoop && LineUsesAreNullSafe(invocation))))
            return;
        if (verdict == PeerCloseVerdict.NeverCompared
            && NeedsNoCompare(invocation, lineRead, connection, closes, aliases))
        {
            return;
        }

        Report(context, invocation, function, aliases, verdict, inLoop, connection, origin, api);
    }

    /// <summary>
    /// Whether a count found never compared with 0 needs no such compare: the connection is closed on the way out whatever
    /// the count was, the count is returned in a task, or it is tested through the slice of the buffer it measures
    /// (<c>var chunk = buf.AsSpan(0, n); if (chunk.IsEmpty) break;</c>, see <see cref="PeerCloseAnalysis.IsTestedThroughASlice"/>).
    /// Asked only where a never-compared finding would be made.
    /// </summary>
    private static bool NeedsNoCompare(IInvocationOperation receive, bool lineRead, ISymbol? connection, ConnectionCloses closes, ConnectionAliases aliases) =>
        (connection is not null && ClosedOnTheWayOut(receive, connection, closes, aliases))
        || IsReturnedCarried(receive)
        || (!lineRead && PeerCloseAnalysis.IsTestedThroughASlice(receive));

    /// <summary>
    /// A receive whose task is kept in a local and awaited once further on: the count is the await's, and the receive is
    /// reported when on the paths from there the count is never compared, or the loop goes on, or the owned connection is
    /// left open. The finding stays on the receive, within the operation the callback was given: the IDE and the code
    /// fix take only such a diagnostic for this operation's.
    /// </summary>
    private static void AnalyzeAwaitedTask(in OperationAnalysisContext context, IInvocationOperation receive, IAwaitOperation awaited, SyntaxNode function,
        (ConnectionAliases Aliases, ISymbol? Connection, ConnectionOrigin Origin) found, ImmutableHashSet<IMethodSymbol> closeMethods, ConnectionCloses closes, ConnectionApi api)
    {
        var (aliases, connection, origin) = found;
        var flow = FlowGraphs.FlowAround(context, receive, aliases, api, closeMethods, wrappersClose: true);
        if (flow is null)
            return;
        var verdict = PeerCloseAnalysis.Analyze(flow, receive.Syntax, out var inLoop, awaited.Syntax);
        if (verdict == PeerCloseVerdict.Handled
            || (verdict == PeerCloseVerdict.NeverCompared && ((connection is not null && ClosedOnTheWayOut(receive, connection, closes, aliases)) || IsReturnedCarried(awaited))))
        {
            return;
        }

        Report(context, receive, function, aliases, verdict, inLoop, connection, origin, api);
    }

    /// <summary>
    /// A receive SL0001 looks at: a receive of a stream connection, written whole. What it reads from is decided on
    /// the body's aliases, before any control flow graph is built: a Stream read on a file or a MemoryStream, or a
    /// datagram socket, costs no more than this.
    /// </summary>
    /// <param name="name">The called method's name, which the caller has read.</param>
    internal static (ConnectionAliases Aliases, ISymbol? Connection, ConnectionOrigin Origin)? ReceiveOnConnection(IInvocationOperation invocation, string name, ConnectionApi api)
    {
        // A call still being typed (`s.Receive(buf` without its parenthesis): where its statement ends is a guess.
        if (api.Classify(invocation.TargetMethod, out var needsConnectionReceiver) != ConnectionMemberKind.Receive)
        {
            if (!api.ReadsAtLeastUntilTheEnd(invocation, name))
                return api.IsReaderReceive(invocation.TargetMethod) && !invocation.Syntax.ContainsDiagnostics ? ReaderReceive(invocation, api) : null;
            needsConnectionReceiver = true;
        }

        if (invocation.Syntax.ContainsDiagnostics || IsZeroByteRead(invocation))
            return null;

        if (needsConnectionReceiver && !api.MayBeConnection(invocation.Instance?.Type))
            return null;

        var aliases = needsConnectionReceiver ? AliasesUnlessOnlyReadParameter(invocation, api) : ConnectionAliases.BuildFor(api, FlowGraphs.BodyAround(invocation), invocation.Instance);
        if (aliases is null)
            return null;

        // A Stream field or property that its type sets only to a connection's stream (_stream = new NetworkStream(s)), or a
        // parameter of a local function that every call passes one.
        if (needsConnectionReceiver && !aliases.IsConnectionOrLearned(invocation.Instance, orSetByItsType: true))
            return null;

        var connection = aliases.RootOf(invocation.Instance);
        var origin = connection is null ? ConnectionOrigin.HandedIn : aliases.OriginOf(connection);
        return (origin & ConnectionOrigin.Datagram) != 0 ? null : (aliases, connection, origin);
    }

    /// <summary>
    /// A read of no bytes (<c>await s.ReceiveAsync(Memory&lt;byte&gt;.Empty, SocketFlags.None, ct)</c>, <c>ns.ReadAsync(buf, 0,
    /// 0)</c>, <c>Array.Empty&lt;byte&gt;()</c>): it waits until data is there, or the peer has closed, and returns 0 either
    /// way. A server uses it to wait without holding a buffer; the read after it, with a buffer, sees the close.
    /// </summary>
    internal static bool IsZeroByteRead(IInvocationOperation receive)
    {
        // Told by the value first, which the walk has at hand: most arguments are locals, read without their parameter.
        foreach (var argument in receive.Arguments)
        {
            var value = argument.Value;
            while (value.Kind == OperationKind.Conversion)
                value = ((IConversionOperation)value).Operand;
            var empty = value.Kind switch
            {
                OperationKind.Literal => value.ConstantValue is { HasValue: true, Value: 0 } && argument.Parameter is { Name: "count" or "size" },
                OperationKind.PropertyReference => ((IPropertyReferenceOperation)value).Property is { Name: "Empty", IsStatic: true },
                OperationKind.Invocation => ((IInvocationOperation)value).TargetMethod is { Name: "Empty", ContainingType.SpecialType: SpecialType.System_Array },
                OperationKind.ArrayCreation => value is IArrayCreationOperation { DimensionSizes.Length: 1 } array && array.DimensionSizes[0].ConstantValue is { HasValue: true, Value: 0 },
                OperationKind.DefaultValue => argument.ArgumentKind == ArgumentKind.Explicit && argument.Parameter?.Type is INamedTypeSymbol { Name: "Memory" or "Span" or "ArraySegment" },
                _ => false,
            };
            if (empty)
                return true;
        }

        return false;
    }

    /// <summary>A read through a reader: a receive when the reader was made over a connection's stream, in this body.</summary>
    private static (ConnectionAliases Aliases, ISymbol? Connection, ConnectionOrigin Origin)? ReaderReceive(IInvocationOperation invocation, ConnectionApi api)
    {
        if (AliasesUnlessOnlyReadParameter(invocation, api) is not { } aliases
            || aliases.ReaderConnectionOrLearned(invocation.Instance, orSetByItsType: true) is not { } connection)
        {
            return null;
        }

        var origin = aliases.OriginOf(connection);
        return (origin & ConnectionOrigin.Datagram) != 0 ? null : (aliases, connection, origin);
    }

    /// <summary>
    /// The aliases of the body around a read of a stream or reader, or null when what it reads is a parameter the method
    /// only reads (<c>Checksum(Stream input) { ... input.Read(...) ... }</c>): nothing in the body can make that a
    /// connection's, and its text says so without a walk of the body.
    /// </summary>
    private static ConnectionAliases? AliasesUnlessOnlyReadParameter(IInvocationOperation read, ConnectionApi api)
    {
        var body = FlowGraphs.BodyAround(read);
        return ConnectionAliases.IsUnaliasedParameter(read.Instance, body, api) ? null : ConnectionAliases.BuildFor(api, body, read.Instance);
    }

    /// <summary>
    /// Whether every use of a line read goes on quietly with null: joined into a string (<c>"&gt; " + line</c>,
    /// <c>$"{line}"</c>), written out (<c>Console.WriteLine(line)</c>, <c>writer.Write(line)</c>,
    /// <c>sb.Append(line)</c>) or added to a collection. Then a loop that reads it spins at the end; any other use
    /// (<c>line.Trim()</c>, <c>int.Parse(line)</c>, a call of yours) may throw there, which leaves the loop.
    /// </summary>
    private static bool LineUsesAreNullSafe(IInvocationOperation receive)
    {
        // Only in a loop that goes on by itself (while, do, for(;;)): a foreach or counted for ends, null lines or not.
        if (EnclosingLoop(receive) is not (IWhileLoopOperation or IForLoopOperation { Condition: null }))
            return false;
        var value = PeerCloseAnalysis.CountValue(receive, out _);

        // reader.ReadLine() ?? "": the end reads as "", never null, so no use of the line throws there; only a test of
        // it, which the graph reads as a test of the end, may leave.
        if (IsCoalescedToAString(value))
            return true;
        if (Values.LocalStoring(value) is not { } line)
            return IsNullSafeUse(value);
        var uses = 0;
        foreach (var operation in OperationWalk.Descendants(FlowGraphs.FunctionAround(receive)))
        {
            if (operation is not ILocalReferenceOperation reference || !SymbolEqualityComparer.Default.Equals(reference.Local, line))
                continue;
            if (reference.Parent is ISimpleAssignmentOperation assignment && assignment.Target == reference)
                continue;
            if (!IsNullSafeUse(reference))
                return false;
            uses++;
        }

        return uses > 0;
    }

    /// <summary>A line coalesced to a constant string: <c>reader.ReadLine() ?? ""</c>, <c>?? string.Empty</c> (not <c>?? throw ...</c>).</summary>
    private static bool IsCoalescedToAString(IOperation line)
    {
        var operand = line;
        while (operand.Parent is IParenthesizedOperation or IConversionOperation { IsImplicit: true })
            operand = operand.Parent;
        return operand.Parent is ICoalesceOperation coalesce && coalesce.Value == operand
            && (coalesce.WhenNull.ConstantValue is { HasValue: true, Value: string } || Values.IsEmptyString(coalesce.WhenNull));
    }

    private static bool IsNullSafeUse(IOperation use)
    {
        var outer = Values.Outermost(use, throughAwait: false, out _);

        // line?.Trim(): null at the end, as the line is; what the access gives is used in its place.
        if (outer.Parent is IConditionalAccessOperation access && access.Operation == outer)
            return IsNullSafeUse(access);
        switch (outer.Parent)
        {
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Add, Type.SpecialType: SpecialType.System_String }:
            case ICompoundAssignmentOperation { OperatorKind: BinaryOperatorKind.Add, Type.SpecialType: SpecialType.System_String } joined when joined.Value == outer:
            case IInterpolationOperation:
            // sb.Append($"{line}"): given to a handler's AppendFormatted, which writes null as nothing, as an interpolation does.
            case IArgumentOperation { Parent: IInvocationOperation { Parent: IInterpolatedStringAppendOperation } }:
                return true;
            case IArgumentOperation { Parent: IInvocationOperation call }:
                return call.TargetMethod.Name is "Write" or "WriteLine" or "Append" or "AppendLine" or "Add" or "Enqueue" or "Push"
                    && call.TargetMethod.ContainingType.SpecialType != SpecialType.System_String;
            default:
                return false;
        }
    }

    /// <summary>
    /// Whether the count's local is returned carried in the value, which the caller gets and decides on, as with
    /// <c>return n;</c>: in a tuple, as it is or compared (<c>return (n, n == 0);</c>), in an object made with it
    /// (<c>return new Chunk(buf, n);</c>, <c>new ArraySegment&lt;byte&gt;(buf, 0, n)</c>), or as the length of a slice
    /// (<c>return buf[..n];</c>, <c>buf.AsMemory(0, n)</c>), which is empty at the peer's close.
    /// </summary>
    private static bool IsReturnedCarried(IOperation receive)
    {
        if (Values.LocalStoring(PeerCloseAnalysis.CountValue(receive, out _)) is not { } count)
            return false;
        foreach (var operation in OperationWalk.Descendants(FlowGraphs.FunctionAround(receive)))
        {
            if (operation is not ILocalReferenceOperation reference || !SymbolEqualityComparer.Default.Equals(reference.Local, count))
                continue;
            var carried = false;
            var use = operation.Parent;
            for (; use is not null; use = use.Parent)
            {
                if (use is IConversionOperation or IParenthesizedOperation or IBinaryOperation)
                    continue;
                if (use is ITupleOperation or IObjectCreationOperation or IRangeOperation)
                {
                    carried = true;
                    continue;
                }

                // An argument of an object made with it, or the bounds of a slice (buf.AsMemory(0, n), span.Slice(0, n)).
                if (use is IArgumentOperation { Parent: IObjectCreationOperation })
                    continue;
                if (use is IArgumentOperation { Parent: IInvocationOperation { TargetMethod.Name: "AsSpan" or "AsMemory" or "Slice" } })
                {
                    carried = true;
                    continue;
                }

                // A slice taken with a range: buf[..n] (an array's, or an indexer's through Slice).
                if (carried && use is IInvocationOperation or IArrayElementReferenceOperation or IImplicitIndexerReferenceOperation or IPropertyReferenceOperation)
                    continue;
                break;
            }

            if (carried && use is IReturnOperation { Kind: OperationKind.Return })
                return true;
        }

        return false;
    }

    /// <summary>
    /// Whether the connection is closed after <paramref name="receive"/> on the way out of its function, whatever the
    /// paths: a close later in an enclosing block with nothing that may jump before it, or the end of a using of it, or
    /// a finally that closes it, around the receive; found before any loop around the receive goes round. A loop that
    /// goes round only while the connection has data buffered (<c>do { n = s.Receive(b); ... } while (s.Available &gt; 0);</c>)
    /// ends by itself once the peer has closed, so the way out goes on after it.
    /// </summary>
    private static bool ClosedOnTheWayOut(IInvocationOperation receive, ISymbol connection, ConnectionCloses closes, ConnectionAliases aliases)
    {
        var mayJump = false;
        IOperation current = receive;
        for (var parent = current.Parent; parent is not null; current = parent, parent = parent.Parent)
        {
            switch (parent)
            {
                case IWhileLoopOperation { ConditionIsUntil: false, Condition: { } condition } loop when loop.Body == current
                    && DataAvailableGuard.IsFalseAfterClose(condition, receive, connection, aliases):
                    break;
                case IAnonymousFunctionOperation or ILocalFunctionOperation or ILoopOperation:
                    // Out of the function, or round a loop that may read the same connection again before a close.
                    return false;
                case IUsingOperation @using when @using.Body == current && closes.Disposes(@using.Resources, connection):
                    return true;
                case ITryOperation { Finally: { } @finally } @try when @try.Body == current && StatementsClose(@finally.Operations, connection, closes, out _):
                    return true;
                case IBlockOperation block:
                    var index = block.Operations.IndexOf(current);
                    for (var i = 0; i < index; i++)
                    {
                        if (block.Operations[i] is IUsingDeclarationOperation declaration && closes.Disposes(declaration.DeclarationGroup, connection))
                            return true;
                    }

                    if (!mayJump)
                    {
                        if (StatementsClose(block.Operations.RemoveRange(0, index + 1), connection, closes, out var jumps))
                            return true;
                        mayJump = jumps;
                    }

                    break;
                case IConditionalOperation or ISwitchCaseOperation or ISwitchOperation or ICatchClauseOperation or IConditionalAccessOperation:
                    // Inside a branch: a close after it runs, but the branch may not have been taken; it is the path
                    // through the branch that matters, which the statements after it in this block do not show.
                    mayJump = true;
                    break;
            }
        }

        return false;
    }

    /// <summary>Whether a statement of <paramref name="statements"/>, each run in turn, closes the connection before any that may jump.</summary>
    private static bool StatementsClose(System.Collections.Immutable.ImmutableArray<IOperation> statements, ISymbol connection, ConnectionCloses closes, out bool mayJump)
    {
        mayJump = false;
        foreach (var statement in statements)
        {
            if (statement is IExpressionStatementOperation { Operation: var expression }
                && Values.Unwrap(expression, throughAwait: true) is IInvocationOperation call && closes.Closes(call, connection))
            {
                return true;
            }

            foreach (var operation in OperationWalk.DescendantsAndSelf(statement))
            {
                if (operation is IBranchOperation or IReturnOperation or IThrowOperation)
                {
                    mayJump = true;
                    return false;
                }
            }
        }

        return false;
    }

    /// <summary>Whether the receive's value, or the assignment that stores it, is the instance of a call or member access.</summary>
    private static bool IsDereferencedAtOnce(IInvocationOperation receive)
    {
        var value = PeerCloseAnalysis.CountValue(receive, out _);
        while (value.Parent is ISimpleAssignmentOperation assignment && assignment.Value == value)
            value = Values.Outermost(assignment, throughAwait: false, out _);
        return value.Parent switch
        {
            IInvocationOperation call => call.Instance == value,
            IMemberReferenceOperation member => member.Instance == value,
            _ => false,
        };
    }

    /// <summary>The innermost loop of its own function around <paramref name="operation"/>, or null.</summary>
    private static ILoopOperation? EnclosingLoop(IOperation operation)
    {
        for (var current = operation.Parent; current is not null; current = current.Parent)
        {
            switch (current)
            {
                case ILoopOperation loop:
                    return loop;
                case IAnonymousFunctionOperation or ILocalFunctionOperation:
                    return null;
            }
        }

        return null;
    }

    /// <summary>Whether <paramref name="operation"/> runs in a loop of its own function.</summary>
    private static bool IsInLoop(IOperation operation) => EnclosingLoop(operation) is not null;

    /// <summary>
    /// Whether <paramref name="lineRead"/> is in the body of a <c>while</c> loop whose condition tests its reader's end:
    /// <c>!reader.EndOfStream</c>, or <c>reader.Peek()</c> against -1 (<c>&gt;= 0</c>, <c>!= -1</c>, <c>&gt; -1</c>).
    /// </summary>
    private static bool IsUnderItsReadersEndTest(IInvocationOperation lineRead)
    {
        if (EnclosingLoop(lineRead) is not IWhileLoopOperation { ConditionIsTop: true, ConditionIsUntil: false, Condition: { } condition }
            || ConnectionAliases.SymbolOf(Values.Unwrap(lineRead.Instance, throughAwait: false)) is not { } reader)
        {
            return false;
        }

        // False at the reader's end, true before it: the loop leaves there.
        bool IsTheReader(IOperation? tested) => SymbolEqualityComparer.Default.Equals(ConnectionAliases.SymbolOf(Values.Unwrap(tested, throughAwait: false)), reader);
        return ZeroTest.ValueAtReaderEnd(condition, IsTheReader) == false;
    }

    internal static IPropertySymbol? BytesTransferredOf(ConnectionApi api)
    {
        foreach (var member in api.Symbols.SocketAsyncEventArgs?.GetMembers("BytesTransferred") ?? ImmutableArray<ISymbol>.Empty)
        {
            if (member is IPropertySymbol property)
                return property;
        }

        return null;
    }

    /// <summary>
    /// The reads of <c>BytesTransferred</c> in a member whose text names it (<paramref name="mentions"/>: every read of a
    /// member is written with its name, unless with a Unicode escape, which is not followed), each a possible receive completion. Found from the member's block, not by a
    /// callback on every property reference of the compilation: most members read properties, few this one.
    /// </summary>
    internal static void AnalyzeCompletions(OperationBlockAnalysisContext context, ConnectionApi api, IPropertySymbol bytesTransferred, int[] positions)
    {
        if (context.IsGeneratedCode || positions.Length == 0)
            return;

        foreach (var block in context.OperationBlocks)
        {
            if (!WordPositions.AnyIn(positions, block.Syntax.FullSpan))
                continue;

            // The property is told apart by reference: SocketAsyncEventArgs is not generic, so every read of its
            // BytesTransferred in the compilation names the one symbol looked up at its start.
            foreach (var operation in OperationWalk.DescendantsAndSelf(block))
            {
                if (operation is IPropertyReferenceOperation read && ReferenceEquals(read.Property, bytesTransferred))
                    AnalyzeCompletion(context, read, api, bytesTransferred);
            }
        }
    }

    /// <summary>
    /// A <c>SocketAsyncEventArgs</c> receive completion: its first read of <c>BytesTransferred</c> stands for the receive.
    /// A completion is a function that starts the receive again with the same event args, or whose name says it
    /// processes a receive (and not a send).
    /// </summary>
    private static void AnalyzeCompletion(OperationBlockAnalysisContext context, IPropertyReferenceOperation read, ConnectionApi api, IPropertySymbol bytesTransferred)
    {
        if (ConnectionAliases.SymbolOf(read.Instance) is not { } completion)
            return;

        var function = FlowGraphs.FunctionAround(read);
        var name = function switch
        {
            ILocalFunctionOperation localFunction => localFunction.Symbol.Name,
            _ => context.OwningSymbol.Name,
        };
        if (name.IndexOf("Send", System.StringComparison.OrdinalIgnoreCase) >= 0)
            return;

        var isReceive = name.IndexOf("Receive", System.StringComparison.OrdinalIgnoreCase) >= 0;
        foreach (var operation in OperationWalk.Descendants(function))
        {
            if (operation is IPropertyReferenceOperation other && other != read && other.Syntax.SpanStart < read.Syntax.SpanStart
                && SymbolEqualityComparer.Default.Equals(other.Property, bytesTransferred)
                && SymbolEqualityComparer.Default.Equals(ConnectionAliases.SymbolOf(other.Instance), completion))
            {
                return;
            }

            // Tested first by a method of yours given the event args (if (!ProcessCompleted(e)) return;): it decides.
            if (operation is IInvocationOperation helper && helper.Syntax.SpanStart < read.Syntax.SpanStart && ReadsCountOf(helper, completion))
                return;

            if (!isReceive && operation is IInvocationOperation { TargetMethod.Name: "ReceiveAsync" } receive)
            {
                foreach (var argument in receive.Arguments)
                    isReceive |= SymbolEqualityComparer.Default.Equals(ConnectionAliases.SymbolOf(argument.Value), completion);
            }
        }

        if (!isReceive)
            return;

        var closeMethods = api.CloseMethods.Configured(read.Syntax.SyntaxTree, context.Options);
        var flow = FlowGraphs.FlowAround(context, read, FlowGraphs.AliasesAround(read, api), api, closeMethods, wrappersClose: true);
        if (flow is null)
            return;
        var verdict = PeerCloseAnalysis.AnalyzeCompletion(flow, read.Syntax, out var inLoop);
        if (verdict != PeerCloseVerdict.Handled)
            context.ReportOutsideGeneratedCode(Finding(read.Syntax, verdict, inLoop, "SocketAsyncEventArgs.BytesTransferred", closedValue: 0, connection: null, ConnectionOrigin.Owned, api));
    }

    /// <summary>Whether <paramref name="call"/> is given the event args <paramref name="completion"/> and is code of yours that reads their <c>BytesTransferred</c>.</summary>
    private static bool ReadsCountOf(IInvocationOperation call, ISymbol completion)
    {
        if (call.TargetMethod.DeclaringSyntaxReferences.IsEmpty)
            return false;
        var given = false;
        foreach (var argument in call.Arguments)
            given |= SymbolEqualityComparer.Default.Equals(ConnectionAliases.SymbolOf(argument.Value), completion);
        if (!given)
            return false;
        foreach (var reference in call.TargetMethod.DeclaringSyntaxReferences)
        {
            foreach (var token in reference.GetSyntax().DescendantTokens())
            {
                if (token.ValueText == "BytesTransferred")
                    return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Reports <paramref name="receive"/> (the member's name is written only for a finding), unless a test of buffered data guards it: <c>while (s.Available &gt; 0) s.Receive(one)</c>, where
    /// with data already there a receive returns at least one byte, never 0. Every such test names Available
    /// (DataAvailable), which most functions' text does not; asked only of a receive about to be reported, since most
    /// receives are handled and the search of the function's text cost more than what it spared them.
    /// </summary>
    private static void Report(OperationAnalysisContext context, IInvocationOperation receive, SyntaxNode function, ConnectionAliases aliases, PeerCloseVerdict verdict, bool inLoop,
        ISymbol? connection, ConnectionOrigin origin, ConnectionApi api)
    {
        if (FileWords.MayNameAvailable(function, context.CancellationToken) && DataAvailableGuard.Guards(receive, connection, aliases))
            return;
        context.ReportOutsideGeneratedCode(Finding(receive.Syntax, verdict, inLoop, $"{receive.TargetMethod.ContainingType.Name}.{receive.TargetMethod.Name}", ConnectionApi.ClosedValue(receive.TargetMethod), connection, origin, api));
    }

    /// <param name="closedValue">What the receive returns at the peer's close: 0, or -1 for <c>ReadByte</c>.</param>
    private static Diagnostic Finding(SyntaxNode receive, PeerCloseVerdict verdict, bool inLoop, string member, int closedValue, ISymbol? connection, ConnectionOrigin origin, ConnectionApi api)
    {
        // The verdict's name is written out, not Enum.ToString()'d: that reflects on the enum at each report.
        var closed = closedValue switch { 0 => "0", -1 => "-1", _ => "null" };
        var (what, verdictName) = verdict switch
        {
            PeerCloseVerdict.Discarded when closedValue == ZeroTest.NullLine => ("discards its line, so the peer's close (null) goes unnoticed", nameof(PeerCloseVerdict.Discarded)),
            PeerCloseVerdict.Discarded => ($"discards its count, so the peer's close (a count of {closed}) goes unnoticed", nameof(PeerCloseVerdict.Discarded)),
            PeerCloseVerdict.NeverCompared when closedValue == ZeroTest.NullLine => ("returns a line that is never compared with null, so the peer's close goes unnoticed", nameof(PeerCloseVerdict.NeverCompared)),
            PeerCloseVerdict.NeverCompared => ($"returns a count that is never compared with {closed}, so the peer's close goes unnoticed", nameof(PeerCloseVerdict.NeverCompared)),
            PeerCloseVerdict.NotClosed => ($"returns {closed} when the peer closes, and on that path the connection is not closed", nameof(PeerCloseVerdict.NotClosed)),
            _ => ($"returns {closed} when the peer closes, and on that path the read loop goes on", nameof(PeerCloseVerdict.LoopGoesOn)),
        };
        var spin = inLoop || verdict == PeerCloseVerdict.LoopGoesOn ? $", and the loop spins on {closed}" : "";
        var properties = ImmutableDictionary<string, string?>.Empty.Add(VerdictProperty, verdictName);
        if ((origin & ConnectionOrigin.Owned) != 0)
            properties = properties.Add(OwnedProperty, "true");
        if (connection is not null && ConnectionAliases.TypeOf(connection) is { } type)
        {
            properties = properties
                .Add(ConnectionProperty, connection.Name)
                .Add(CloseMemberProperty, KnownSymbols.DerivesFrom(type, api.Symbols.Socket) ? "Close" : "Dispose");
        }

        return Diagnostic.Create(
            Descriptors.SL0001PeerCloseNotHandled,
            receive.GetLocation(),
            properties,
            member,
            what,
            spin);
    }
}
