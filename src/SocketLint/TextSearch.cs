using System;
using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace SocketLint;

/// <summary>
/// A search of a node's source text for a word, used to pass over members that cannot hold what a rule looks for
/// before any operation is walked, with the runtime's vectorized <c>IndexOf</c> and no allocation per call. A text that
/// holds its characters in one string (the compiler's text of a file it read or parsed from a string) is searched in
/// place; any other is copied in chunks into a buffer of the thread's own.
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
    public static bool ContainsAny(SyntaxNode syntax, string[] words, CancellationToken cancellationToken) =>
        ContainsAny(syntax.SyntaxTree.GetText(cancellationToken), syntax.Span, words);

    /// <summary>
    /// Whether <paramref name="text"/> holds <paramref name="word"/> (ordinal, case-sensitive) anywhere but within
    /// <paramref name="excluded"/>: before it, or after it.
    /// </summary>
    public static bool ContainsOutside(SourceText text, string word, TextSpan excluded)
    {
        // Asked once per method of a file that accepts: the one-word list is the thread's own, not made per call.
        var words = t_oneWord ??= new string[1];
        words[0] = word;
        return ContainsAny(text, TextSpan.FromBounds(0, Math.Min(excluded.Start, text.Length)), words)
            || ContainsAny(text, TextSpan.FromBounds(Math.Min(excluded.End, text.Length), text.Length), words);
    }

    [ThreadStatic]
    private static string[]? t_oneWord;

    /// <summary>Whether <paramref name="span"/> of <paramref name="text"/> holds any of <paramref name="words"/>, whole.</summary>
    public static bool ContainsAny(SourceText text, TextSpan span, string[] words)
    {
        var shortest = int.MaxValue;
        foreach (var word in words)
        {
            if (IsSearchable(word))
                shortest = Math.Min(shortest, word.Length);
        }

        if (span.Length < shortest)
            return false;

        if (HeldString(text) is { } whole)
        {
            var region = whole.AsSpan(span.Start, span.Length);
            foreach (var word in words)
            {
                if (IsSearchable(word) && region.IndexOf(word.AsSpan(), StringComparison.Ordinal) >= 0)
                    return true;
            }

            return false;
        }

        var buffer = t_buffer ??= new char[ChunkSize];
        var step = Step(words);
        for (var start = span.Start; start < span.End; start += step)
        {
            var length = Math.Min(ChunkSize, span.End - start);
            if (length < shortest)
                return false;
            text.CopyTo(start, buffer, 0, length);
            var chunk = buffer.AsSpan(0, length);
            foreach (var word in words)
            {
                if (IsSearchable(word) && chunk.IndexOf(word.AsSpan(), StringComparison.Ordinal) >= 0)
                    return true;
            }

            if (start + length >= span.End)
                return false;
        }

        return false;
    }

    /// <summary>
    /// Whether every use of the identifier <paramref name="name"/> in <paramref name="span"/> of <paramref name="text"/>
    /// is the object of a member access (<c>name.Read(...)</c>, <c>name?.Read(...)</c>, <c>name!.Read(...)</c>): then no
    /// code there assigns it, passes it, or uses it as a value. No when the span writes any Unicode escape or formatting
    /// character (an identifier may be written with one, which a search for its name does not see), when a comment stands
    /// between a use and its dot, and when the span is too long to copy from a text that does not hold one string.
    /// </summary>
    public static bool IsOnlyMemberAccessed(SourceText text, TextSpan span, string name) => IsOnlyMemberAccessed(text, span, name, exceptMembers: null);

    /// <summary>
    /// <see cref="IsOnlyMemberAccessed(SourceText, TextSpan, string)"/>, and no access is to one of
    /// <paramref name="exceptMembers"/> (<c>client.GetStream()</c>): the member's name must follow the dot, with only
    /// white space between (a comment there gives no).
    /// </summary>
    public static bool IsOnlyMemberAccessed(SourceText text, TextSpan span, string name, string[]? exceptMembers)
    {
        if (name.Length == 0 || !TryRead(text, span, out var code) || MaySpellNamesOtherwise(code))
            return false;
        for (var offset = 0; offset < code.Length; )
        {
            var at = code.Slice(offset).IndexOf(name.AsSpan(), StringComparison.Ordinal);
            if (at < 0)
                return true;
            var start = offset + at;
            var end = start + name.Length;
            offset = end;

            // Part of a longer identifier (input2, myinput): another name.
            if ((start > 0 && SyntaxFacts.IsIdentifierPartCharacter(code[start - 1])) || (end < code.Length && SyntaxFacts.IsIdentifierPartCharacter(code[end])))
                continue;
            var next = end;
            while (next < code.Length && char.IsWhiteSpace(code[next]))
                next++;
            if (next < code.Length && code[next] is '?' or '!')
                next++;
            if (next >= code.Length || code[next] != '.')
                return false;
            if (exceptMembers is not null && !IsMemberOtherThan(code, next + 1, exceptMembers))
                return false;
        }

        return true;
    }

    /// <summary>Whether the identifier after white space from <paramref name="start"/> is there and is none of <paramref name="members"/>.</summary>
    private static bool IsMemberOtherThan(ReadOnlySpan<char> code, int start, string[] members)
    {
        while (start < code.Length && char.IsWhiteSpace(code[start]))
            start++;
        var end = start;
        while (end < code.Length && SyntaxFacts.IsIdentifierPartCharacter(code[end]))
            end++;
        if (end == start)
            return false;
        var member = code.Slice(start, end - start);
        foreach (var excluded in members)
        {
            if (member.SequenceEqual(excluded.AsSpan()))
                return false;
        }

        return true;
    }

    /// <summary>
    /// Whether <paramref name="text"/> may write an identifier other than as its name reads: with a Unicode escape
    /// (<c>Av\u0061ilable</c>, <c>\U</c> too), or with a formatting character (U+00AD, U+200B...) that the compiler leaves
    /// out of it. A search of the text for a name then says nothing of where the name is not.
    /// </summary>
    public static bool MaySpellNamesOtherwise(SourceText text, CancellationToken cancellationToken)
    {
        if (HeldString(text) is { } whole)
            return MaySpellNamesOtherwise(whole.AsSpan());

        // Chunks overlap by one character, so that an escape across an edge is in one of them.
        var buffer = t_buffer ??= new char[ChunkSize];
        for (var start = 0; start < text.Length; start += ChunkSize - 1)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var length = Math.Min(ChunkSize, text.Length - start);
            text.CopyTo(start, buffer, 0, length);
            if (MaySpellNamesOtherwise(buffer.AsSpan(0, length)))
                return true;
            if (start + length >= text.Length)
                break;
        }

        return false;
    }

    /// <summary>
    /// Whether <paramref name="span"/> of <paramref name="text"/> may write an identifier other than as its name reads (see
    /// <see cref="MaySpellNamesOtherwise(SourceText, CancellationToken)"/>); null when the span is too long to copy from a
    /// text that does not hold one string.
    /// </summary>
    public static bool? MaySpellNamesOtherwiseIn(SourceText text, TextSpan span) =>
        TryRead(text, span, out var code) ? MaySpellNamesOtherwise(code) : null;

    /// <summary>
    /// Whether <paramref name="code"/> holds an escape (<c>\u</c>, <c>\U</c>) or a formatting character (U+00AD, U+200B...):
    /// the compiler leaves such characters out of an identifier, so <c>in\u00ADput</c> written raw names <c>input</c> where
    /// a search for the name does not see it. Code is mostly ASCII with few backslashes: one pass finds the next of either.
    /// </summary>
    private static bool MaySpellNamesOtherwise(ReadOnlySpan<char> code)
    {
        for (var i = NextBackslashOrPastAscii(code, 0); i < code.Length; i = NextBackslashOrPastAscii(code, i + 1))
        {
            var c = code[i];
            if (c == '\\' ? i + 1 < code.Length && code[i + 1] is 'u' or 'U' : char.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.Format)
                return true;
        }

        return false;
    }

    /// <summary>The index of the first backslash or character past ASCII in <paramref name="code"/> from <paramref name="start"/>, or its length.</summary>
    private static int NextBackslashOrPastAscii(ReadOnlySpan<char> code, int start)
    {
        var i = start;
        if (System.Numerics.Vector.IsHardwareAccelerated)
        {
            var width = System.Numerics.Vector<ushort>.Count;
            var backslash = new System.Numerics.Vector<ushort>('\\');
            var ascii = new System.Numerics.Vector<ushort>(0x7F);
            for (; i + width <= code.Length; i += width)
            {
                var block = System.Runtime.InteropServices.MemoryMarshal.Read<System.Numerics.Vector<ushort>>(
                    System.Runtime.InteropServices.MemoryMarshal.AsBytes(code.Slice(i, width)));
                if (System.Numerics.Vector.GreaterThanAny(block, ascii) || System.Numerics.Vector.EqualsAny(block, backslash))
                    break;
            }
        }

        for (; i < code.Length; i++)
        {
            if (code[i] is '\\' or > (char)0x7F)
                return i;
        }

        return code.Length;
    }

    /// <summary>
    /// The characters of <paramref name="span"/>: in place in a text that holds one string, else copied into the thread's
    /// buffer when they fit in it (false when they do not).
    /// </summary>
    private static bool TryRead(SourceText text, TextSpan span, out ReadOnlySpan<char> code)
    {
        code = default;
        if (span.End > text.Length)
            return false;
        if (HeldString(text) is { } whole)
        {
            code = whole.AsSpan(span.Start, span.Length);
            return true;
        }

        if (span.Length > ChunkSize)
            return false;
        var buffer = t_buffer ??= new char[ChunkSize];
        text.CopyTo(span.Start, buffer, 0, span.Length);
        code = buffer.AsSpan(0, span.Length);
        return true;
    }

    /// <summary>Where <paramref name="word"/> starts in <paramref name="text"/>, in order (ordinal, case-sensitive).</summary>
    public static int[] IndexesOf(SourceText text, string word, CancellationToken cancellationToken) => IndexesOf(text, new[] { word }, cancellationToken)[0];

    /// <summary>
    /// Where each of <paramref name="words"/> starts in <paramref name="text"/>, in order (ordinal, case-sensitive), in one
    /// pass: each chunk of the text is copied once and searched for every word.
    /// </summary>
    public static int[][] IndexesOf(SourceText text, string[] words, CancellationToken cancellationToken)
    {
        if (HeldString(text) is { } whole)
            return IndexesIn(whole, words, cancellationToken);

        var buffer = t_buffer ??= new char[ChunkSize];
        var found = new List<int>?[words.Length];

        // Where each word's next occurrence may start: a word that starts where two chunks overlap (Step) is found by
        // both, and kept once.
        var next = new int[words.Length];
        var step = Step(words);
        for (var start = 0; start < text.Length; start += step)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var length = Math.Min(ChunkSize, text.Length - start);
            text.CopyTo(start, buffer, 0, length);
            var chunk = buffer.AsSpan(0, length);
            for (var w = 0; w < words.Length; w++)
            {
                if (!IsSearchable(words[w]))
                    continue;
                var needle = words[w].AsSpan();
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

    /// <summary>Where each of <paramref name="words"/> starts in <paramref name="text"/>, as the chunked search finds them: from the left, none overlapping the last.</summary>
    private static int[][] IndexesIn(string text, string[] words, CancellationToken cancellationToken)
    {
        var result = new int[words.Length][];
        for (var w = 0; w < words.Length; w++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            List<int>? found = null;
            if (IsSearchable(words[w]))
            {
                var needle = words[w].AsSpan();
                for (var offset = 0; offset + needle.Length <= text.Length; )
                {
                    var at = text.AsSpan(offset).IndexOf(needle, StringComparison.Ordinal);
                    if (at < 0)
                        break;
                    (found ??= new List<int>()).Add(offset + at);
                    offset += at + needle.Length;
                }
            }

            result[w] = found?.ToArray() ?? Array.Empty<int>();
        }

        return result;
    }

    /// <summary>
    /// The one string <paramref name="text"/> holds its characters in, when it is the compiler's text over a string
    /// (what it reads a file of usual length into, or parses a string from) and that kind gives the string back from
    /// <c>ToString()</c> instead of a copy (asked once per kind: two calls give the same instance); null otherwise.
    /// </summary>
    /// <remarks>
    /// Only that kind: the kind of each text is what is asked about, and a text that wraps another (an edited text, as
    /// the IDE's) holds one string or not as the text it wraps does, so one instance of its kind says nothing of the next.
    /// </remarks>
    private static string? HeldString(SourceText text)
    {
        if (text.Length == 0)
            return null;
        var kind = text.GetType();
        if (ReferenceEquals(kind, s_lastHoldingString))
            return text.ToString();
        if (!s_holdsString.TryGetValue(kind, out var holds))
        {
            // Asked once per kind: a text of it is copied twice here, the first time only.
            holds = kind.FullName == StringTextName && ReferenceEquals(text.ToString(), text.ToString());
            s_holdsString.TryAdd(kind, holds);
        }

        if (!holds)
            return null;
        s_lastHoldingString = kind;
        return text.ToString();
    }

    private const string StringTextName = "Microsoft.CodeAnalysis.Text.StringText";

    /// <summary>Whether each kind of text met so far holds its characters in one string; the last kind found to, at hand.</summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<Type, bool> s_holdsString = new();

    private static volatile Type? s_lastHoldingString;

    /// <summary>
    /// A word a chunked search can find: not empty, and no longer than a chunk. A longer one is found nowhere (an
    /// identifier that long does not compile, CS0645); counted, it would stop the chunks or move them before the text.
    /// </summary>
    private static bool IsSearchable(string word) => word.Length > 0 && word.Length <= ChunkSize;

    /// <summary>
    /// How far each chunk starts after the last: chunks overlap by the longest searchable word's length less one, so a
    /// word across a chunk's edge is whole in the next chunk. At least one character.
    /// </summary>
    private static int Step(string[] words)
    {
        var longest = 1;
        foreach (var word in words)
        {
            if (IsSearchable(word))
                longest = Math.Max(longest, word.Length);
        }

        return ChunkSize - (longest - 1);
    }
}

/// <summary>
/// The words the rules look for in a file's text: where an accept may be (SL0003), where a receive completion's count
/// is read (SL0001's <c>BytesTransferred</c>) and where a reader is asked whether its stream has ended (SL0004's
/// <c>EndOfStream</c>), found in one search of each file, since every member is asked; and
/// whether a function around a receive or a blocking call may ask about a connection's buffered data (<c>Available</c>,
/// <c>DataAvailable</c>, a readable <c>Poll</c>), searched in that function's text only, as few functions are asked.
/// </summary>
internal sealed class FileWords
{
    public const int Accept = 0, BytesTransferred = 1, EndOfStream = 2;

    private static readonly string[] AvailableWords = { "Available" };

    private static readonly string[] AvailableOrPollWords = { "Available", "Poll" };

    private readonly WordPositions _positions = new("Accept", "BytesTransferred", "EndOfStream");

    /// <summary>Where each word starts in <paramref name="tree"/>'s text: one array per word, at the indexes above.</summary>
    public int[][] In(SyntaxTree tree, CancellationToken cancellationToken) => _positions.In(tree, cancellationToken);

    /// <summary>Whether <paramref name="node"/>'s text may ask about a connection's buffered data (<c>Available</c>, <c>DataAvailable</c>).</summary>
    public static bool MayNameAvailable(SyntaxNode node, CancellationToken cancellationToken) => MayName(node, AvailableWords, cancellationToken);

    /// <summary>Whether <paramref name="node"/>'s text may ask about buffered data, or poll the connection.</summary>
    public static bool MayNameAvailableOrPoll(SyntaxNode node, CancellationToken cancellationToken) => MayName(node, AvailableOrPollWords, cancellationToken);

    /// <summary>
    /// Whether one of <paramref name="words"/> is in <paramref name="node"/>'s text; true where that text may write a name
    /// otherwise (a Unicode escape, a formatting character), where a search for the name says nothing of where it is not
    /// (asked of the whole file when the node's text is too long to copy).
    /// </summary>
    private static bool MayName(SyntaxNode node, string[] words, CancellationToken cancellationToken)
    {
        var text = node.SyntaxTree.GetText(cancellationToken);
        return TextSearch.ContainsAny(text, node.Span, words)
            || (TextSearch.MaySpellNamesOtherwiseIn(text, node.Span) ?? TextSearch.MaySpellNamesOtherwise(text, cancellationToken));
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
