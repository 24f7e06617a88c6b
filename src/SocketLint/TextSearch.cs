using System;
using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace SocketLint;

/// <summary>
/// A search of a node's source text for a word, used to pass over members that cannot hold what a rule looks for
/// before any operation is walked. The text is copied in chunks into a buffer of the thread's own and searched
/// with the runtime's vectorized <c>IndexOf</c>: no allocation per call.
/// </summary>
internal static class TextSearch
{
    private const int ChunkSize = 4096;

    [ThreadStatic]
    private static char[]? t_buffer;

    /// <summary>
    /// Whether the text of <paramref name="syntax"/> holds any of <paramref name="words"/> (ordinal, case-sensitive):
    /// each chunk of the text is copied once and searched for every word.
    /// </summary>
    public static bool ContainsAny(SyntaxNode syntax, string[] words, CancellationToken cancellationToken)
    {
        var text = syntax.SyntaxTree.GetText(cancellationToken);
        var span = syntax.Span;
        int shortest = int.MaxValue, longest = 0;
        foreach (var word in words)
        {
            shortest = Math.Min(shortest, word.Length);
            longest = Math.Max(longest, word.Length);
        }

        if (span.Length < shortest)
            return false;

        var buffer = t_buffer ??= new char[ChunkSize];

        // Chunks overlap by the longest word's length less one, so that a word across a chunk's edge is still found.
        for (var start = span.Start; start < span.End; start += ChunkSize - (longest - 1))
        {
            var length = Math.Min(ChunkSize, span.End - start);
            if (length < shortest)
                return false;
            text.CopyTo(start, buffer, 0, length);
            var chunk = buffer.AsSpan(0, length);
            foreach (var word in words)
            {
                if (chunk.IndexOf(word.AsSpan(), StringComparison.Ordinal) >= 0)
                    return true;
            }

            if (start + length >= span.End)
                return false;
        }

        return false;
    }

    /// <summary>Where <paramref name="word"/> starts in <paramref name="text"/>, in order (ordinal, case-sensitive).</summary>
    public static int[] IndexesOf(SourceText text, string word, CancellationToken cancellationToken) => IndexesOf(text, new[] { word }, cancellationToken)[0];

    /// <summary>
    /// Where each of <paramref name="words"/> starts in <paramref name="text"/>, in order (ordinal, case-sensitive), in one
    /// pass: each chunk of the text is copied once and searched for every word.
    /// </summary>
    public static int[][] IndexesOf(SourceText text, string[] words, CancellationToken cancellationToken)
    {
        var buffer = t_buffer ??= new char[ChunkSize];

        // A word longer than a chunk is never found (an identifier that long does not compile): it is left out, so that
        // the chunks still move on (by at least one character) and stay within the text.
        var longest = 0;
        foreach (var word in words)
        {
            if (word.Length <= ChunkSize)
                longest = Math.Max(longest, word.Length);
        }

        var found = new List<int>?[words.Length];

        // Where each word's next occurrence may start: as in ContainsAny, chunks overlap by the longest word's length less
        // one; a word that starts in the overlap is found by both chunks, and kept once.
        var next = new int[words.Length];
        for (var start = 0; start < text.Length; start += ChunkSize - (longest - 1))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var length = Math.Min(ChunkSize, text.Length - start);
            text.CopyTo(start, buffer, 0, length);
            var chunk = buffer.AsSpan(0, length);
            for (var w = 0; w < words.Length; w++)
            {
                var needle = words[w].AsSpan();
                if (needle.Length > ChunkSize || needle.IsEmpty)
                    continue;
                for (var offset = 0; offset + needle.Length <= chunk.Length; )
                {
                    var at = chunk.Slice(offset).IndexOf(needle, StringComparison.Ordinal);
                    if (at < 0)
                        break;
                    var position = start + offset + at;
                    if (position >= next[w])
                    {
                        (found[w] ??= new List<int>()).Add(position);
                        next[w] = position + needle.Length;
                    }

                    offset += at + 1;
                }
            }

            if (start + length >= text.Length)
                break;
        }

        var result = new int[words.Length][];
        for (var w = 0; w < words.Length; w++)
            result[w] = found[w]?.ToArray() ?? Array.Empty<int>();
        return result;
    }
}

/// <summary>
/// Where each file's text says each of a few words, found in one pass per file: a rule that looks for a member by its
/// name (every use of a member names it, unless the name is written with a Unicode escape, <c>Bytes\u0054ransferred</c>,
/// which such a search does not see) asks of a block only whether a position falls in its span, with no callback on
/// every operation of that kind and no search of each member's text.
/// </summary>
internal sealed class WordPositions
{
    private readonly string[] _words;
    private readonly PerTree<int[][]> _byTree = new();

    public WordPositions(params string[] words) => _words = words;

    /// <summary>Where each word starts in <paramref name="tree"/>'s text, in order: one array per word, in the order given.</summary>
    public int[][] In(SyntaxTree tree, CancellationToken cancellationToken) =>
        _byTree.Get(tree, (Words: _words, CancellationToken: cancellationToken), static (t, search) => TextSearch.IndexesOf(t.GetText(search.CancellationToken), search.Words, search.CancellationToken));

    /// <summary>Whether one of <paramref name="positions"/> falls in <paramref name="span"/>.</summary>
    public static bool AnyIn(int[] positions, TextSpan span)
    {
        var first = FirstAtOrAfter(positions, span.Start);
        return first < positions.Length && positions[first] < span.End;
    }

    /// <summary>The index of the first of <paramref name="positions"/> at or after <paramref name="start"/>.</summary>
    public static int FirstAtOrAfter(int[] positions, int start)
    {
        int low = 0, high = positions.Length;
        while (low < high)
        {
            var middle = (low + high) / 2;
            if (positions[middle] < start)
                low = middle + 1;
            else
                high = middle;
        }

        return low;
    }
}
