using Microsoft.CodeAnalysis;

namespace SocketLint;

/// <summary>
/// A stack of pending operations for the rules' tree walks, its items held in a struct so that a push is a plain store.
/// </summary>
/// <remarks>
/// A <c>Stack&lt;IOperation&gt;</c> stores into an <c>IOperation[]</c>, and every store into an array of an interface
/// type checks, through the runtime's cast helpers, that the object implements it (array covariance). Profiled on
/// SL0003's decisions over the benchmark's 16× code base, those checks were an eighth of the time; a struct element
/// needs none.
/// </remarks>
internal sealed class OperationStack : OperationSequence
{
    public OperationStack()
        : this(OperationWalk.StackCapacity)
    {
    }

    public OperationStack(int capacity)
        : base(capacity)
    {
    }

    public void Push(IOperation operation) => Add(operation);

    /// <summary>Pushes the children of <paramref name="operation"/>, so that the last child is taken first.</summary>
    public void PushChildren(IOperation operation)
    {
        foreach (var child in operation.ChildOperations)
            Add(child);
    }

    public IOperation Pop() => RemoveLast();

    /// <summary>An empty stack of the thread's own for one walk (<c>using var lease = OperationStack.Rent(out var pending);</c>).</summary>
    public static Lease Rent(out OperationStack stack)
    {
        stack = SequencePool.RentStack();
        return new Lease(stack);
    }

    /// <summary>Gives a rented stack back, emptied, when disposed.</summary>
    public readonly struct Lease : System.IDisposable
    {
        private readonly OperationStack _stack;

        public Lease(OperationStack stack) => _stack = stack;

        public void Dispose() => SequencePool.ReturnStack(_stack);
    }
}
