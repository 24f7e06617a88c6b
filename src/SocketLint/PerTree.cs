using System;
using System.Collections.Concurrent;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace SocketLint;

/// <summary>
/// An answer per file, worked out once per file and compilation, with the last file's answer at hand: the driver hands
/// over a file's members one after another, so most questions are about the file asked about last and need no look in
/// the table. A race between threads costs at most a second working-out of the same answer.
/// </summary>
internal sealed class PerTree<T>
    where T : class
{
    private readonly ConcurrentDictionary<SyntaxTree, KeptAnswer<SyntaxTree, T>> _byTree = new();
    private KeptAnswer<SyntaxTree, T>? _last;

    /// <summary>The answer for <paramref name="tree"/>, worked out by <paramref name="compute"/> the first time it is asked.</summary>
    public T Get<TArgument>(SyntaxTree tree, TArgument argument, Func<SyntaxTree, TArgument, T> compute)
    {
        var last = Volatile.Read(ref _last);
        if (last is not null && last.Key == tree)
            return last.Value;
        if (!_byTree.TryGetValue(tree, out var entry))
            entry = _byTree.GetOrAdd(tree, new KeptAnswer<SyntaxTree, T>(tree, compute(tree, argument)));
        Volatile.Write(ref _last, entry);
        return entry.Value;
    }
}
