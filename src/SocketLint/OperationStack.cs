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
internal sealed class OperationStack
{
    private Entry[] _items;
    private int _count;

    public OperationStack(int capacity = OperationWalk.StackCapacity) => _items = new Entry[capacity];

    public int Count => _count;

    public void Push(IOperation operation)
    {
        if (_count == _items.Length)
            System.Array.Resize(ref _items, _items.Length * 2);
        _items[_count++].Operation = operation;
    }

    /// <summary>Pushes the children of <paramref name="operation"/>, so that the last child is taken first.</summary>
    public void PushChildren(IOperation operation)
    {
        foreach (var child in operation.ChildOperations)
            Push(child);
    }

    public IOperation Pop()
    {
        ref var top = ref _items[--_count];
        var operation = top.Operation;
        top.Operation = null!;
        return operation;
    }

    public void Clear()
    {
        System.Array.Clear(_items, 0, _count);
        _count = 0;
    }

    private struct Entry
    {
        public IOperation Operation;
    }
}
