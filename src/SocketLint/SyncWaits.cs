using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace SocketLint;

/// <summary>A synchronous wait on a task, by the member that waits.</summary>
internal enum SyncWaitKind
{
    None,

    /// <summary><c>Task.Wait()</c> and its overloads.</summary>
    Wait,

    /// <summary><c>GetResult()</c> of a task's awaiter.</summary>
    GetResult,

    /// <summary><c>Task.WaitAll</c> or <c>Task.WaitAny</c>.</summary>
    WaitForTasks,
}

/// <summary>
/// The members that wait synchronously for a task (<c>Task&lt;T&gt;.Result</c>, <c>Task.Wait</c>,
/// <c>GetAwaiter().GetResult()</c> and their ValueTask and ConfigureAwait forms, <c>Task.WaitAll</c> and
/// <c>Task.WaitAny</c>), looked up once per compilation, and the question whether such a wait is on a socket task
/// that has not completed yet.
/// </summary>
internal sealed class SyncWaits
{
    private readonly KnownSymbols _symbols;
    private readonly HashSet<ISymbol> _resultProperties;
    private readonly HashSet<ISymbol> _waitMethods;
    private readonly HashSet<ISymbol> _getResultMethods;
    private readonly HashSet<ISymbol> _waitForTasksMethods;

    /// <summary>
    /// <see cref="OperationKind"/> of a collection expression (<c>[a, b]</c>, and the span a <c>params ReadOnlySpan</c>
    /// argument list becomes): newer than the Roslyn SocketLint builds against, which does not name it.
    /// </summary>
    private const OperationKind CollectionExpression = (OperationKind)0x7F;

    /// <summary>
    /// Whether a stream's or a reader's call (not a NetworkStream's own) is on a connection: <c>Stream s = client.GetStream()</c>,
    /// <c>new StreamReader(client.GetStream())</c>, as the body's aliases tell; their tasks wait on the network too.
    /// </summary>
    private readonly System.Func<IInvocationOperation, bool> _onConnection;

    public SyncWaits(KnownSymbols symbols, System.Func<IInvocationOperation, bool> onConnection)
    {
        _symbols = symbols;
        _onConnection = onConnection;
        var members = symbols.SharedTable(KnownSymbols.WaitMembersSlot, static s => new Members(s));
        _resultProperties = members.ResultProperties;
        _waitMethods = members.WaitMethods;
        _getResultMethods = members.GetResultMethods;
        _waitForTasksMethods = members.WaitForTasksMethods;
    }

    /// <summary>
    /// The waiting members, built from the task and awaiter types' members alone: shared between the compilations whose
    /// references are the same symbols (see <see cref="KnownSymbols.SharedTable{T}"/>), read only once built.
    /// </summary>
    private sealed class Members
    {
        public Members(KnownSymbols symbols)
        {
            AddMembers(ResultProperties, symbols.TaskOfT, "Result");
            AddMembers(ResultProperties, symbols.ValueTaskOfT, "Result");
            AddMembers(WaitMethods, symbols.Task, "Wait");
            AddMembers(WaitForTasksMethods, symbols.Task, "WaitAll");
            AddMembers(WaitForTasksMethods, symbols.Task, "WaitAny");
            foreach (var awaiter in symbols.Awaiters)
                AddMembers(GetResultMethods, awaiter, "GetResult");
        }

        public HashSet<ISymbol> ResultProperties { get; } = new(SymbolEqualityComparer.Default);

        public HashSet<ISymbol> WaitMethods { get; } = new(SymbolEqualityComparer.Default);

        public HashSet<ISymbol> GetResultMethods { get; } = new(SymbolEqualityComparer.Default);

        public HashSet<ISymbol> WaitForTasksMethods { get; } = new(SymbolEqualityComparer.Default);
    }

    public bool IsResultProperty(IPropertySymbol property) => property.Name == "Result" && _resultProperties.Contains(property.OriginalDefinition);

    /// <summary>The names <see cref="KindOf"/> may answer for.</summary>
    public static readonly string[] WaitNames = { "Wait", "GetResult", "WaitAll", "WaitAny" };

    /// <summary>Which synchronous wait <paramref name="method"/>, named <paramref name="name"/>, is: told by the name first.</summary>
    public SyncWaitKind KindOf(IMethodSymbol method, string name) => name switch
    {
        "Wait" when _waitMethods.Contains(method.OriginalDefinition) => SyncWaitKind.Wait,
        "GetResult" when _getResultMethods.Contains(method.OriginalDefinition) => SyncWaitKind.GetResult,
        "WaitAll" or "WaitAny" when _waitForTasksMethods.Contains(method.OriginalDefinition) => SyncWaitKind.WaitForTasks,
        _ => SyncWaitKind.None,
    };

    /// <summary>
    /// <c>Task.WaitAll(..., local, ...)</c>, or over an array that holds it, with no timeout or token: it returns once
    /// the task in <paramref name="local"/> has completed.
    /// </summary>
    private bool WaitsForAllOf(IInvocationOperation invocation, ILocalSymbol local) =>
        invocation.TargetMethod.Name == "WaitAll"
        && KindOf(invocation.TargetMethod, "WaitAll") == SyncWaitKind.WaitForTasks
        && WaitsWithoutLimit(invocation)
        && MentionsAnywhere(invocation, local);

    /// <summary>The argument that carries the tasks of a <c>Task.WaitAll</c>/<c>WaitAny</c> call (its parameter <c>tasks</c>).</summary>
    public static IArgumentOperation? TasksArgument(IInvocationOperation waitForTasks)
    {
        foreach (var argument in waitForTasks.Arguments)
        {
            if (argument.Parameter?.Name == "tasks")
                return argument;
        }

        return null;
    }

    /// <summary>
    /// Whether a <c>Task.WaitAll</c>/<c>WaitAny</c> call takes only its tasks: no timeout, no token (one left to its
    /// default does not count). Only then does it wait for as long as the tasks take, and mean what
    /// <c>Task.WhenAll</c>/<c>WhenAny</c> does.
    /// </summary>
    public static bool WaitsWithoutLimit(IInvocationOperation waitForTasks)
    {
        foreach (var argument in waitForTasks.Arguments)
        {
            if (argument.Parameter?.Name != "tasks" && argument.ArgumentKind != ArgumentKind.DefaultValue)
                return false;
        }

        return true;
    }

    /// <summary>
    /// Whether a <c>Task.Wait</c> call returns only once the task has completed (or throws): no timeout, a token at most.
    /// </summary>
    private bool WaitsUntilDone(IInvocationOperation wait)
    {
        foreach (var argument in wait.Arguments)
        {
            if (argument.ArgumentKind != ArgumentKind.DefaultValue && !SymbolEqualityComparer.Default.Equals(argument.Parameter?.Type, _symbols.CancellationToken))
                return false;
        }

        return true;
    }

    /// <summary>
    /// The first socket call among the tasks a <c>Task.WaitAll</c>/<c>WaitAny</c> call waits for whose task may still be
    /// running at the call, as <see cref="FindPendingSocketTask"/> tells it for each task. The tasks are read where the
    /// call lists them (<c>WaitAll(a, b)</c>, <c>new[] { a, b }</c>, <c>[a, b]</c>), or from the initializer of a
    /// local array that holds them and is not written again.
    /// </summary>
    public IInvocationOperation? FindPendingSocketTaskAmong(IInvocationOperation waitForTasks)
    {
        var tasks = Values.Unwrap(TasksArgument(waitForTasks)?.Value, throughAwait: false);
        if (tasks is ILocalReferenceOperation array)
            tasks = ArrayInitializerBefore(array.Local, waitForTasks);

        IEnumerable<IOperation> elements;
        switch (tasks)
        {
            case IArrayCreationOperation creation when creation.Initializer is { } initializer:
                elements = initializer.ElementValues;
                break;
            case { Kind: CollectionExpression }:
            case { Kind: OperationKind.None, Syntax: CollectionExpressionSyntax }:
                // Its children are its elements (Roslyn 4.8 gives it no kind of its own); a spread (..more) is no task
                // and is passed over.
                elements = tasks.ChildOperations;
                break;
            default:
                return null;
        }

        foreach (var element in elements)
        {
            if (FindPendingSocketTask(element, waitForTasks) is { } socketCall)
                return socketCall;
        }

        return null;
    }

    /// <summary>
    /// The array (or collection expression) a local array of tasks was declared with, when nothing before
    /// <paramref name="wait"/> writes the local or an element again (null then: which tasks it holds is not known), or
    /// awaits or checks any of its tasks, or waits for all of them (null then too: the position-based rule of
    /// <see cref="FindPendingSocketTask"/>).
    /// </summary>
    private IOperation? ArrayInitializerBefore(ILocalSymbol array, IOperation wait)
    {
        if (array.Type is not IArrayTypeSymbol)
            return null;

        IOperation? initializer = null;
        foreach (var operation in OperationWalk.Descendants(Root(wait)))
        {
            if (operation.Syntax.SpanStart >= wait.Syntax.SpanStart)
                continue;
            switch (operation)
            {
                case IVariableDeclaratorOperation declarator when SymbolEqualityComparer.Default.Equals(declarator.Symbol, array):
                    initializer = Values.Unwrap(declarator.Initializer?.Value, throughAwait: false);
                    break;
                case IAssignmentOperation assignment when IsReferenceTo(assignment.Target, array)
                    || (assignment.Target is IArrayElementReferenceOperation element && IsReferenceTo(element.ArrayReference, array)):
                    return null;
                case IArgumentOperation { Parameter.RefKind: not RefKind.None } argument when IsReferenceTo(argument.Value, array):
                    return null;
                case IAwaitOperation awaited when MentionsAnywhere(awaited.Operation, array):
                    return null;
                case IInvocationOperation waitAll when WaitsForAllOf(waitAll, array):
                    return null;
                case IPropertyReferenceOperation { Property.Name: "IsCompleted" or "IsCompletedSuccessfully", Instance: { } instance } when MentionsAnywhere(instance, array):
                    return null;
            }
        }

        return initializer;
    }

    /// <summary>
    /// The socket call whose task <paramref name="task"/> is, when that task may still be running at
    /// <paramref name="wait"/>: not awaited before it, not checked with IsCompleted before it.
    /// </summary>
    public IInvocationOperation? FindPendingSocketTask(IOperation? task, IOperation wait)
    {
        task = UnwrapTask(task);
        switch (task)
        {
            case IInvocationOperation invocation when IsSocketApi(invocation):
                return invocation;
            case ILocalReferenceOperation localReference:
                var root = Root(wait);
                IInvocationOperation? origin = null;
                foreach (var operation in OperationWalk.Descendants(root))
                {
                    if (operation.Syntax.SpanStart >= wait.Syntax.SpanStart)
                        continue;
                    switch (operation)
                    {
                        case IVariableDeclaratorOperation declarator when SymbolEqualityComparer.Default.Equals(declarator.Symbol, localReference.Local):
                            origin ??= UnwrapTask(declarator.Initializer?.Value) as IInvocationOperation;
                            break;
                        case ISimpleAssignmentOperation assignment when IsReferenceTo(assignment.Target, localReference.Local):
                            origin ??= UnwrapTask(assignment.Value) as IInvocationOperation;
                            break;
                        case IAwaitOperation awaited when Mentions(awaited.Operation, localReference.Local):
                            return null;
                        case IPropertyReferenceOperation { Property.Name: "IsCompleted" or "IsCompletedSuccessfully" } check
                            when IsReferenceTo(check.Instance, localReference.Local):
                            return null;
                        case IPropertyReferenceOperation { Property.Name: "Status" } status
                            when IsReferenceTo(status.Instance, localReference.Local) && IsTestForADoneStatus(status):
                            return null;
                        // Task.WaitAll(t, ...) returns once t has completed: a later t.Result waits no more. The WaitAll
                        // is the one reported, once; a timeout may leave t running, so that form clears nothing.
                        case IInvocationOperation waitAll when WaitsForAllOf(waitAll, localReference.Local):
                            return null;
                        // So does a wait on the task itself before this one (t.Wait(); t.Result): that wait is the one
                        // reported. t.Wait(100) may return with t still running, and clears nothing.
                        case IInvocationOperation { TargetMethod.Name: "Wait" } earlierWait
                            when KindOf(earlierWait.TargetMethod, "Wait") == SyncWaitKind.Wait && WaitsUntilDone(earlierWait)
                                && IsReferenceTo(earlierWait.Instance, localReference.Local):
                            return null;
                        case IInvocationOperation { TargetMethod.Name: "GetResult", Instance: { } awaiter } getResult
                            when KindOf(getResult.TargetMethod, "GetResult") == SyncWaitKind.GetResult
                                && UnwrapTask(awaiter) is IInvocationOperation { TargetMethod.Name: "GetAwaiter" } getAwaiter
                                && IsReferenceTo(getAwaiter.Instance, localReference.Local):
                            return null;
                        case IPropertyReferenceOperation { Property.Name: "Result" } earlierResult
                            when IsResultProperty(earlierResult.Property) && IsReferenceTo(earlierResult.Instance, localReference.Local):
                            return null;
                    }
                }

                return origin is not null && IsSocketApi(origin) ? origin : null;
            default:
                return null;
        }
    }

    /// <summary>
    /// Whether a task's <c>Status</c> is compared with a state it has once done (<c>t.Status == TaskStatus.RanToCompletion</c>,
    /// <c>is TaskStatus.Faulted or TaskStatus.Canceled</c>): a check of it as <c>IsCompleted</c> is.
    /// </summary>
    private static bool IsTestForADoneStatus(IPropertyReferenceOperation status)
    {
        static bool IsDone(IOperation? value) => value is IFieldReferenceOperation { Field: { Name: "RanToCompletion" or "Faulted" or "Canceled", ContainingType.Name: "TaskStatus" } };
        return status.Parent switch
        {
            IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals } equals => IsDone(equals.LeftOperand == status ? equals.RightOperand : equals.LeftOperand),
            IIsPatternOperation { Pattern: var pattern } => MatchesOnlyDone(pattern),
            _ => false,
        };

        static bool MatchesOnlyDone(IPatternOperation pattern) => pattern switch
        {
            IConstantPatternOperation constant => IsDone(constant.Value),
            IBinaryPatternOperation { OperatorKind: BinaryOperatorKind.Or } either => MatchesOnlyDone(either.LeftPattern) && MatchesOnlyDone(either.RightPattern),
            _ => false,
        };
    }

    /// <summary>A call that may return a task with a <c>Result</c>: named ...Async, returning <c>Task&lt;T&gt;</c> or <c>ValueTask&lt;T&gt;</c>; <see cref="IsSocketApi"/> tells whether it is a socket task.</summary>
    /// <param name="name">The called method's name, read once by the caller.</param>
    public static bool MayReturnTaskOfResult(IInvocationOperation invocation, string name) =>
        name.EndsWith("Async", System.StringComparison.Ordinal)
        && invocation.TargetMethod.ReturnType is INamedTypeSymbol { IsGenericType: true, Name: "Task" or "ValueTask" };

    /// <summary>
    /// The <c>.Result</c> read on <paramref name="socketCall"/> itself (<c>s.ReceiveAsync(buf).AsTask().Result</c>);
    /// or, when there is none, the local that holds its task (<c>var t = s.ReceiveAsync(buf);</c>), whose reads
    /// <see cref="ResultsThrough"/> finds. Most socket calls are awaited: then both are null, and nothing is allocated.
    /// </summary>
    public IPropertyReferenceOperation? ResultOn(IInvocationOperation socketCall, out ILocalSymbol? local)
    {
        var value = Values.Outermost(socketCall, throughAwait: false, out _);
        if (value.Parent is IPropertyReferenceOperation reference && reference.Instance == value && IsResultProperty(reference.Property))
        {
            local = null;
            return reference;
        }

        local = Values.LocalStoring(value);
        return null;
    }

    /// <summary>
    /// The <c>.Result</c> reads of <paramref name="local"/>, which holds <paramref name="socketCall"/>'s task, that wait
    /// for it while it may still be running, as <see cref="FindPendingSocketTask"/> tells them.
    /// </summary>
    public IEnumerable<IPropertyReferenceOperation> ResultsThrough(IInvocationOperation socketCall, ILocalSymbol local)
    {
        foreach (var operation in OperationWalk.Descendants(Root(socketCall)))
        {
            if (operation is IPropertyReferenceOperation { Property.Name: "Result" } read
                && IsResultProperty(read.Property)
                && IsReferenceTo(read.Instance, local)
                && FindPendingSocketTask(read.Instance, read) == socketCall)
            {
                yield return read;
            }
        }
    }

    /// <summary>A call on a socket type, or a stream's or reader's call that reads a connection.</summary>
    public bool IsSocketApi(IInvocationOperation invocation)
    {
        var type = invocation.TargetMethod.ContainingType;
        if (_symbols.IsSocketFamilyType(type))
            return true;
        if (KnownSymbols.DerivesFrom(type, _symbols.Stream))
            return KnownSymbols.DerivesFrom(invocation.Instance?.Type, _symbols.NetworkStream) || _onConnection(invocation);
        return KnownSymbols.DerivesFrom(type, _symbols.TextReader) && _onConnection(invocation);
    }

    /// <summary>Looks through conversions, parentheses, ConfigureAwait and AsTask to the task itself.</summary>
    public static IOperation? UnwrapTask(IOperation? operation) => Values.Unwrap(operation, throughAwait: false);

    /// <summary>The awaited operand names the local itself, or Task.WhenAll/WhenAny over it.</summary>
    private static bool Mentions(IOperation operand, ILocalSymbol local)
    {
        operand = UnwrapTask(operand)!;
        if (IsReferenceTo(operand, local))
            return true;
        if (operand is IInvocationOperation { TargetMethod.Name: "WhenAll" or "WhenAny" } whenAll)
        {
            foreach (var descendant in OperationWalk.Descendants(whenAll))
            {
                if (IsReferenceTo(descendant, local))
                    return true;
            }
        }

        return false;
    }

    private static bool MentionsAnywhere(IOperation operation, ILocalSymbol local) =>
        IsReferenceTo(operation, local) || OperationWalk.AnyReferenceTo(operation, local, static _ => true);

    private static bool IsReferenceTo(IOperation? operation, ILocalSymbol local) =>
        UnwrapTask(operation) is ILocalReferenceOperation reference && SymbolEqualityComparer.Default.Equals(reference.Local, local);

    private static IOperation Root(IOperation operation)
    {
        while (operation.Parent is not null)
            operation = operation.Parent;
        return operation;
    }

    private static void AddMembers(HashSet<ISymbol> set, INamedTypeSymbol? type, string name)
    {
        if (type is null)
            return;
        foreach (var member in type.GetMembers(name))
            set.Add(member);
    }
}
