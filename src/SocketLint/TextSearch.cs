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
    public static int[] IndexesOf(SourceText text, string word, CancellationToken cancellationToken)
    {
        var buffer = t_buffer ??= new char[ChunkSize];
        var needle = word.AsSpan();
        List<int>? found = null;

        // As in Contains, chunks overlap by the word's length less one; a word that starts in the overlap is found by
        // the chunk that ends there, and skipped by the next.
        var next = 0;
        for (var start = 0; start < text.Length; start += ChunkSize - (word.Length - 1))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var length = Math.Min(ChunkSize, text.Length - start);
            if (length < word.Length)
                break;
            text.CopyTo(start, buffer, 0, length);
            var chunk = buffer.AsSpan(0, length);
            for (var offset = 0; ; )
            {
                var at = chunk.Slice(offset).IndexOf(needle, StringComparison.Ordinal);
                if (at < 0)
                    break;
                var position = start + offset + at;
                if (position >= next)
                {
                    (found ??= new List<int>()).Add(position);
                    next = position + word.Length;
                }

                offset += at + 1;
            }

            if (start + length >= text.Length)
                break;
        }

        return found?.ToArray() ?? Array.Empty<int>();
    }
}
