using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace SocketLint;

/// <summary>
/// The operations under a root, in the order <c>DescendantsAndSelf()</c> gives them (preorder), gathered into an
/// <see cref="OperationSequence"/>.
/// </summary>
/// <remarks>
/// Roslyn's <c>Descendants()</c> is an iterator over a stack of child enumerators. Walking the 1,070 socket bodies of
/// the benchmark's 16× code base in a loop took it 12.3 ms, against 4.0 ms for this walk of <c>ChildOperations</c>
/// that fills a list (the same order, the same operations); a list of <c>IOperation</c> checks every store against the
/// interface (see <see cref="OperationStack"/>), which the sequence's struct elements do not. Past <see cref="MaxDepth"/> the walk goes on with a stack
/// of its own, so an expression nested thousands deep (a long string concatenation) cannot overflow the thread's.
/// </remarks>
internal static class OperationWalk
{
    internal const int MaxDepth = 128;

    /// <summary>
    /// What a stack of pending operations starts with: a statement's or a small body's walk stays under it, where a
    /// stack that starts empty grows four times (and copies each time) before it holds 32.
    /// </summary>
    public const int StackCapacity = 32;

    /// <summary><paramref name="root"/> and the operations under it, gathered into a sequence of the thread's own that one <c>foreach</c> gives back.</summary>
    public static PooledOperations DescendantsAndSelf(IOperation root)
    {
        var result = OperationSequence.Rent();
        Add(root, result, 0);
        return new PooledOperations(result);
    }

    /// <summary>The operations under <paramref name="root"/>, as <see cref="DescendantsAndSelf"/> gathers them.</summary>
    public static PooledOperations Descendants(IOperation root)
    {
        var result = OperationSequence.Rent();
        foreach (var child in root.ChildOperations)
            Add(child, result, 1);
        return new PooledOperations(result);
    }

    /// <summary>Whether a reference to <paramref name="local"/> under <paramref name="root"/> passes <paramref name="test"/>.</summary>
    public static bool AnyReferenceTo(IOperation root, ILocalSymbol local, System.Func<ILocalReferenceOperation, bool> test)
    {
        foreach (var operation in Descendants(root))
        {
            if (operation is ILocalReferenceOperation reference && SymbolEqualityComparer.Default.Equals(reference.Local, local) && test(reference))
                return true;
        }

        return false;
    }

    /// <summary>Whether <paramref name="operation"/>, under <paramref name="root"/>, is inside a lambda or local function of it.</summary>
    public static bool IsInNestedFunction(IOperation operation, IOperation root)
    {
        for (var current = operation.Parent; current is not null && current != root; current = current.Parent)
        {
            if (current.Kind is OperationKind.AnonymousFunction or OperationKind.LocalFunction)
                return true;
        }

        return false;
    }

    /// <summary>
    /// What <paramref name="operation"/> writes: the target of an assignment (simple or compound), an increment or a
    /// decrement, or the value passed by <c>ref</c> or <c>out</c>; null for anything else.
    /// </summary>
    public static IOperation? WrittenBy(IOperation operation) => operation switch
    {
        IAssignmentOperation assignment => assignment.Target,
        IIncrementOrDecrementOperation step => step.Target,
        IArgumentOperation { Parameter.RefKind: RefKind.Ref or RefKind.Out } byReference => byReference.Value,
        _ => null,
    };

    /// <summary>Calls <paramref name="visit"/> on <paramref name="root"/> and each operation under it, in preorder, with no list.</summary>
    public static void ForEach<TState>(IOperation root, TState state, System.Action<IOperation, TState> visit) => Visit(root, state, visit, 0);

    private static void Visit<TState>(IOperation operation, TState state, System.Action<IOperation, TState> visit, int depth)
    {
        if (depth >= MaxDepth)
        {
            var rest = new OperationSequence();
            AddWithOwnStack(operation, rest);
            foreach (var deep in rest)
                visit(deep, state);
            return;
        }

        visit(operation, state);
        foreach (var child in operation.ChildOperations)
            Visit(child, state, visit, depth + 1);
    }

    private static void Add(IOperation operation, OperationSequence result, int depth)
    {
        if (depth >= MaxDepth)
        {
            AddWithOwnStack(operation, result);
            return;
        }

        result.Add(operation);
        foreach (var child in operation.ChildOperations)
            Add(child, result, depth + 1);
    }

    private static void AddWithOwnStack(IOperation root, OperationSequence result)
    {
        using var lease = OperationStack.Rent(out var pending);
        pending.Push(root);
        var children = new OperationSequence();
        while (pending.Count > 0)
        {
            var operation = pending.Pop();
            result.Add(operation);

            // Children pushed last to first, so the first is taken next.
            children.Clear();
            foreach (var child in operation.ChildOperations)
                children.Add(child);
            for (int i = children.Count - 1; i >= 0; i--)
                pending.Push(children[i]);
        }
    }
}

/// <summary>
/// Operations gathered by <see cref="OperationWalk"/>, in order; held in a struct so that adding one is a plain store
/// (see <see cref="OperationStack"/>, which takes them back last first), and enumerated with no allocation.
/// </summary>
internal class OperationSequence
{
    private Entry[] _items;
    private int _count;

    public OperationSequence()
        : this(64)
    {
    }

    public OperationSequence(int capacity) => _items = new Entry[capacity];

    /// <summary>The next sequence in its thread's list of free ones (see <see cref="SequencePool"/>).</summary>
    internal OperationSequence? NextFree { get; set; }

    /// <summary>Changes each time the sequence is rented or given back, so that a walk given back cannot read it again (see <see cref="PooledOperations"/>).</summary>
    internal int Generation { get; set; }

    /// <summary>
    /// An empty sequence of the thread's own, for one walk: given back with <see cref="Return"/> when the walk is done.
    /// Each walk of a body would otherwise take a fresh array (and, in a build, fresh memory to zero) for a list read once.
    /// </summary>
    public static OperationSequence Rent() => SequencePool.RentSequence();

    /// <summary>Empties <paramref name="sequence"/> and keeps it for the thread's next walk.</summary>
    public static void Return(OperationSequence sequence) => SequencePool.ReturnSequence(sequence);

    public int Count => _count;

    /// <summary>How many operations the sequence holds before it grows.</summary>
    public int Capacity => _items.Length;

    public IOperation this[int index] => _items[index].Operation;

    public void Add(IOperation operation)
    {
        if (_count == _items.Length)
            System.Array.Resize(ref _items, _items.Length * 2);
        _items[_count++].Operation = operation;
    }

    public void Clear()
    {
        System.Array.Clear(_items, 0, _count);
        _count = 0;
    }

    public Enumerator GetEnumerator() => new(this);

    /// <summary>Takes the last operation off, clearing its slot.</summary>
    protected IOperation RemoveLast()
    {
        ref var last = ref _items[--_count];
        var operation = last.Operation;
        last.Operation = null!;
        return operation;
    }

    public struct Enumerator
    {
        private readonly OperationSequence _sequence;
        private int _index;

        public Enumerator(OperationSequence sequence)
        {
            _sequence = sequence;
            _index = -1;
        }

        public IOperation Current => _sequence._items[_index].Operation;

        public bool MoveNext() => ++_index < _sequence._count;
    }

    private struct Entry
    {
        public IOperation Operation;
    }
}

/// <summary>
/// The operations of one walk, in a sequence rented by <see cref="OperationWalk"/>: the <c>foreach</c> over them gives
/// the sequence back when it ends. Enumerated once; a second <c>foreach</c> or a read after the first throws.
/// </summary>
internal readonly struct PooledOperations
{
    private readonly OperationSequence _sequence;
    private readonly int _generation;

    public PooledOperations(OperationSequence sequence)
    {
        _sequence = sequence;
        _generation = sequence.Generation;
    }

    public int Count => Checked().Count;

    public IOperation this[int index] => Checked()[index];

    public Enumerator GetEnumerator() => new(Checked());

    private OperationSequence Checked() =>
        _sequence.Generation == _generation ? _sequence : throw new System.InvalidOperationException("the walk's operations were given back: enumerate them once");

    /// <summary>Walks the sequence; <see cref="Dispose"/>, called by <c>foreach</c>, gives it back.</summary>
    public struct Enumerator : System.IDisposable
    {
        private OperationSequence? _sequence;
        private int _index;

        public Enumerator(OperationSequence sequence)
        {
            _sequence = sequence;
            _index = -1;
        }

        public IOperation Current => _sequence![_index];

        public bool MoveNext() => _sequence is not null && ++_index < _sequence.Count;

        public void Dispose()
        {
            if (_sequence is null)
                return;
            OperationSequence.Return(_sequence);
            _sequence = null;
        }
    }
}

/// <summary>
/// The sequences and stacks free on this thread, lent one walk at a time. Each kind has a thread-static field of a
/// non-generic class: the runtime reaches it directly, where a thread-static of a generic class over reference types
/// takes a lookup through a helper on every rent and return.
/// </summary>
internal static class SequencePool
{
    /// <summary>Past this many slots a sequence given back is dropped rather than kept for the next walk.</summary>
    private const int MaxPooledCapacity = 4096;

    [System.ThreadStatic]
    private static OperationSequence? t_freeSequences;

    [System.ThreadStatic]
    private static OperationStack? t_freeStacks;

    public static OperationSequence RentSequence() => Rent(ref t_freeSequences);

    public static void ReturnSequence(OperationSequence sequence) => Return(ref t_freeSequences, sequence);

    public static OperationStack RentStack() => Rent(ref t_freeStacks);

    public static void ReturnStack(OperationStack stack) => Return(ref t_freeStacks, stack);

    private static T Rent<T>(ref T? free)
        where T : OperationSequence, new()
    {
        var sequence = free;
        if (sequence is null)
            return new T();
        free = (T?)sequence.NextFree;
        sequence.NextFree = null;
        sequence.Generation++;
        return sequence;
    }

    private static void Return<T>(ref T? free, T sequence)
        where T : OperationSequence
    {
        sequence.Clear();
        sequence.Generation++;
        if (sequence.Capacity > MaxPooledCapacity)
            return;
        sequence.NextFree = free;
        free = sequence;
    }
}
