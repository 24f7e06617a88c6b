using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;
using Xunit;

namespace SocketLint.Tests.Rules;

/// <summary>
/// The rules' text pre-filter: found wherever the word is in the node's span, never outside it. Run on the compiler's
/// text over a string (searched in place) here, and on a text that makes a copy of its characters on each read
/// (searched in chunks) in <see cref="TextSearchOverCopiedTextTests"/>.
/// </summary>
public class TextSearchTests
{
    /// <summary>A text holding <paramref name="text"/>, of the kind these tests run on.</summary>
    protected virtual SourceText Text(string text) => SourceText.From(text);

    [Fact]
    public void The_text_is_of_the_kind_the_tests_run_on()
    {
        var text = Text("class C { }");
        Assert.Equal("class C { }", text.ToString());
        Assert.Equal(HoldsOneString, ReferenceEquals(text.ToString(), text.ToString()));
    }

    protected virtual bool HoldsOneString => true;

    [Theory]
    [InlineData("\\u0041", true)]
    [InlineData("\\U00000041", true)]
    [InlineData("\u00AD", true)]      // a soft hyphen
    [InlineData("\u200B", true)]      // a zero-width space
    [InlineData("\\n", false)]
    [InlineData("\\\\", false)]
    [InlineData("\u00E9", false)]     // é: past ASCII, and no formatting character
    [InlineData("\\", false)]        // a backslash that ends the text
    public void A_text_that_may_spell_a_name_otherwise_is_told_wherever_the_sign_is(string sign, bool spelledOtherwise)
    {
        // Before, inside and after the blocks read at once, and across a chunk's edge; a backslash and a character past
        // ASCII that say nothing come first.
        foreach (var padding in new[] { 0, 1, 7, 15, 16, 17, 31, 33, 63, 64, 4094, 4095, 4096, 9000 })
        {
            var code = "\"\\n é\" " + new string('x', padding) + sign;
            Assert.True(spelledOtherwise == TextSearch.MaySpellNamesOtherwise(Text(code), default), $"{sign} after {padding}");
            Assert.True(spelledOtherwise == TextSearch.MaySpellNamesOtherwise(Text(code + " class C { }"), default), $"{sign} after {padding}, more after it");

            // Asked of a span: the sign inside it, or outside it (before, after), and a span too long to copy from a
            // text that does not hold one string (no answer).
            var text = Text("x" + code + " class C { }");
            var span = new TextSpan(1, code.Length);
            var answered = TextSearch.MaySpellNamesOtherwiseIn(text, span);
            Assert.True(answered is null ? !HoldsOneString && span.Length > 4096 : spelledOtherwise == answered, $"{sign} after {padding}, in a span");
            Assert.NotEqual(true, TextSearch.MaySpellNamesOtherwiseIn(Text(code + " class C { }"), new TextSpan(0, code.Length - sign.Length)));
            Assert.NotEqual(true, TextSearch.MaySpellNamesOtherwiseIn(Text(sign + " " + code), new TextSpan(sign.Length, 1)));
        }
    }

    [Theory]
    // The word starts 25 characters plus the padding into the method; chunks are 4,096 characters and overlap by 5.
    [InlineData(0)]
    [InlineData(4066)]   // "Accept" across the first chunk's edge (4,091 to 4,096)
    [InlineData(4068)]
    [InlineData(4070)]
    [InlineData(4071)]   // just inside the second chunk
    [InlineData(8159)]   // across the second chunk's edge (8,182 to 8,187)
    [InlineData(8161)]
    [InlineData(12000)]
    public void Finds_the_word_wherever_it_is_in_the_span(int padding)
    {
        var method = Method("void M() { /*" + new string(' ', padding) + "*/ listener.AcceptSocket(); }");
        Assert.True(TextSearch.ContainsAny(method, new[] { "Accept" }, default));
        Assert.False(TextSearch.ContainsAny(method, new[] { "BytesTransferred" }, default));
    }

    [Theory]
    // Several words of several lengths: chunks then overlap by the longest less one (9 for "Disconnect"), so the longest
    // is found across each edge. The method starts at 10: the chunks are 10-4,106, 4,097-8,193, 8,184-... "Disconnect"
    // starts 33 characters plus the padding into the file.
    [InlineData(4062)]   // 4,095-4,105: the end of the first chunk
    [InlineData(4066)]   // 4,099-4,109: across the first chunk's edge (an overlap by the shortest word would miss it)
    [InlineData(4067)]
    [InlineData(8155)]   // 8,188-8,198: across the second chunk's edge
    public void Finds_any_of_several_words_wherever_it_is(int padding)
    {
        var words = new[] { "Close", "Disconnect", "using" };
        var method = Method("void M() { /*" + new string(' ', padding) + "*/ client.Disconnect(); }");
        Assert.Equal(33 + padding, method.SyntaxTree.ToString().IndexOf("Disconnect", System.StringComparison.Ordinal));
        Assert.True(TextSearch.ContainsAny(method, words, default));
        Assert.False(TextSearch.ContainsAny(method, new[] { "Close", "using", "Shutdown" }, default));

        var shortWord = Method("void M() { /*" + new string(' ', padding) + "*/ using (client) { } }");
        Assert.True(TextSearch.ContainsAny(shortWord, words, default));
    }

    [Fact]
    public void Looks_only_inside_the_node()
    {
        var tree = CSharpSyntaxTree.ParseText(Text("class C { void A() { Accept(); } void B() { Other(); } }"));
        var methods = tree.GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>().ToList();
        Assert.True(TextSearch.ContainsAny(methods[0], new[] { "Accept" }, default));
        Assert.False(TextSearch.ContainsAny(methods[1], new[] { "Accept", "Dispose" }, default));
        Assert.False(TextSearch.ContainsAny(methods[1], new[] { "Other(); } }" }, default));
    }

    [Theory]
    // SL0003's handler check: the words a closing body says, searched in the body's text, each counted only whole within
    // the body's span. The file's header (a using directive) and a neighbouring method's close do not count.
    [InlineData("a.Close();", true)]
    [InlineData("a.Dispose(); ", true)]
    [InlineData("using (a) { }", true)]
    [InlineData("a.Shutdown(SocketShutdown.Both);", true)]
    [InlineData("a.Disconnect(false);", true)]
    [InlineData("a.Open();", false)]
    [InlineData("a.Clos();", false)]
    public void A_body_may_close_only_by_the_words_inside_it(string statements, bool expected)
    {
        var tree = CSharpSyntaxTree.ParseText(Text("using System; class C { void A() { " + statements + " } void B() { b.Close(); b.Dispose(); } }"));
        var bodies = tree.GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>().Select(method => method.Body!).ToList();
        Assert.Equal(expected, SocketLint.Rules.SL0003ServerClosesFirstRule.MayClose(bodies[0], default));
        Assert.True(SocketLint.Rules.SL0003ServerClosesFirstRule.MayClose(bodies[1], default));

        // A span that is the word itself holds it whole (its last character is the span's last).
        var word = tree.GetRoot().DescendantNodes().OfType<IdentifierNameSyntax>().Last(name => name.Identifier.ValueText == "Close");
        Assert.True(SocketLint.Rules.SL0003ServerClosesFirstRule.MayClose(word, default));
    }

    [Theory]
    // Chunks are 4,096 characters and overlap by 5: a word across an edge, or in the overlap, is found once.
    [InlineData(0)]
    [InlineData(4088)]
    [InlineData(4090)]
    [InlineData(4091)]
    [InlineData(4095)]
    [InlineData(8180)]
    public void Finds_each_place_once(int at)
    {
        var text = new string(' ', at) + "Accept" + new string(' ', 7) + "AcceptAccept" + new string(' ', 5000);
        var found = TextSearch.IndexesOf(Text(text), "Accept", default);
        Assert.Equal(new[] { at, at + 13, at + 19 }, found);
    }

    [Theory]
    // With "BytesTransferred" (16 characters) searched beside "Accept", chunks overlap by 15: every place of each word,
    // across an edge or in the overlap, is found once, and each word's places come back in order.
    [InlineData(0)]
    [InlineData(4080)]
    [InlineData(4083)]
    [InlineData(4090)]
    [InlineData(4095)]
    [InlineData(8150)]
    public void Finds_each_place_of_each_word_once_in_one_pass(int at)
    {
        var text = new string(' ', at) + "Accept BytesTransferred AcceptBytesTransferred" + new string(' ', 9000) + "BytesTransferred";
        var found = TextSearch.IndexesOf(Text(text), new[] { "Accept", "BytesTransferred" }, default);
        Assert.Equal(new[] { at, at + 24 }, found[0]);
        Assert.Equal(new[] { at + 7, at + 30, text.Length - 16 }, found[1]);
    }

    [Theory]
    // Longer than a chunk (4,096 characters): found by no chunk, and the search still ends (a word of 4,097 characters
    // once left the chunks where they were; a longer one moved them before the text's start).
    [InlineData(4096)]
    [InlineData(4097)]
    [InlineData(5000)]
    public void A_word_longer_than_a_chunk_is_passed_over(int length)
    {
        var word = new string('x', length);
        var text = Text("Accept " + word + " Accept " + new string(' ', 9000));
        var found = TextSearch.IndexesOf(text, new[] { word, "Accept" }, default);
        Assert.Equal(length <= 4096 ? new[] { 7 } : Array.Empty<int>(), found[0]);
        Assert.Equal(new[] { 0, 8 + length }, found[1]);
    }

    [Fact]
    public void A_word_longer_than_a_chunk_is_passed_over_by_the_yes_or_no_search_too()
    {
        var method = Method("void M() { Accept(); " + new string(' ', 9000) + "}");
        Assert.True(TextSearch.ContainsAny(method, new[] { new string('x', 5000), "Accept" }, default));
        Assert.False(TextSearch.ContainsAny(method, new[] { new string('x', 4097) }, default));
    }

    [Theory]
    [InlineData("")]
    [InlineData("Accep")]
    [InlineData("accept ACCEPT Acce pt")]
    public void Finds_nothing_where_the_word_is_not(string text) =>
        Assert.Empty(TextSearch.IndexesOf(Text(text), "Accept", default));

    [Theory]
    // "Handle" is at 0, 22 and 35 of "Handle(c); void M() { Handle(c); } Handle" (41 characters). Excluding the middle
    // one's method (11-34) leaves the first and the last; a word is found only whole before or after the span.
    [InlineData(11, 34, true)]
    [InlineData(0, 41, false)]
    [InlineData(6, 41, true)]
    [InlineData(1, 41, false)]
    [InlineData(0, 35, true)]
    [InlineData(0, 36, false)]
    [InlineData(41, 41, true)]
    public void Finds_the_word_outside_a_span_only(int start, int end, bool expected)
    {
        var text = Text("Handle(c); void M() { Handle(c); } Handle");
        Assert.Equal(expected, TextSearch.ContainsOutside(text, "Handle", TextSpan.FromBounds(start, end)));
    }

    [Theory]
    // Before and after a span that starts and ends beyond the first chunk, across the chunks' edges.
    [InlineData(4093)]
    [InlineData(9000)]
    public void Finds_the_word_outside_a_span_in_a_long_text(int at)
    {
        var text = Text(new string(' ', at) + "Serve" + new string(' ', 9000));
        Assert.True(TextSearch.ContainsOutside(text, "Serve", TextSpan.FromBounds(at + 5, at + 5000)));
        Assert.True(TextSearch.ContainsOutside(text, "Serve", TextSpan.FromBounds(0, at)));
        Assert.False(TextSearch.ContainsOutside(text, "Serve", TextSpan.FromBounds(at - 1, at + 6)));
        Assert.False(TextSearch.ContainsOutside(text, new string('x', 5000), TextSpan.FromBounds(0, 0)));
    }

    [Theory]
    [InlineData("input.Read(b, 0, 1); var n = input.Length;", true)]
    [InlineData("input?.Read(b, 0, 1); input!.Flush(); input\n        .ReadByte();", true)]
    [InlineData("input2 = x; myinput = y; _input = z; var s = other; input.Read(b, 0, 1);", true)]
    [InlineData("Other();", true)]
    [InlineData("input = other; input.Read(b, 0, 1);", false)]
    [InlineData("var s = input; s.Read(b, 0, 1);", false)]
    [InlineData("Use(input);", false)]
    [InlineData("using (input) { }", false)]
    [InlineData("@input = other;", false)]
    [InlineData("var copy = cond ? input : other;", false)]
    [InlineData("input /* why */ .Read(b, 0, 1);", false)]
    [InlineData("\\u0069nput = other; input.Read(b, 0, 1);", false)]
    [InlineData("var s = \"\\U00000069\"; input.Read(b, 0, 1);", false)]
    [InlineData("in\u00ADput = other; input.Read(b, 0, 1);", false)]   // a soft hyphen, left out of the name
    [InlineData("input\u200B = other; input.Read(b, 0, 1);", false)]   // a zero-width space
    [InlineData("var s = \"é\"; input.Read(b, 0, 1);", true)]
    public void A_name_used_only_as_the_object_of_member_accesses(string statements, bool expected)
    {
        var method = Method("void M(Stream input) { " + statements + " }");
        Assert.Equal(expected, TextSearch.IsOnlyMemberAccessed(method.SyntaxTree.GetText(), method.Body!.Span, "input"));
    }

    [Fact]
    public void A_body_too_long_to_copy_is_answered_only_in_place()
    {
        var method = Method("void M(Stream input) { input.Read(b, 0, 1); /*" + new string(' ', 5000) + "*/ }");
        Assert.Equal(HoldsOneString, TextSearch.IsOnlyMemberAccessed(method.SyntaxTree.GetText(), method.Body!.Span, "input"));
    }

    [Fact]
    public void A_text_that_wraps_another_is_searched_in_chunks_even_when_the_one_it_wraps_holds_a_string()
    {
        // The compiler's edited text is such a kind: an edit that replaces the whole text wraps a text over one string,
        // a smaller edit wraps pieces of the old one.
        var code = "void M(Stream input) { input.Read(b, 0, 1); /*" + new string(' ', 5000) + "*/ }";
        var edited = SourceText.From("#").WithChanges(new TextChange(new TextSpan(0, 1), code));
        var editedInPieces = SourceText.From("#" + code).WithChanges(new TextChange(new TextSpan(0, 1), ""));
        Assert.Equal(edited.GetType(), editedInPieces.GetType());
        Assert.Same(edited.ToString(), edited.ToString());
        Assert.NotSame(editedInPieces.ToString(), editedInPieces.ToString());

        // A kind of this test's own, met here first over one string: the one after it, over a copy, must not be taken
        // for it. A span longer than a chunk is answered only in place, so each says no.
        var body = TextSpan.FromBounds(code.IndexOf('{'), code.Length);
        Assert.False(TextSearch.IsOnlyMemberAccessed(new WrappingText(SourceText.From(code)), body, "input"));
        Assert.False(TextSearch.IsOnlyMemberAccessed(new WrappingText(editedInPieces), body, "input"));
        Assert.False(TextSearch.IsOnlyMemberAccessed(edited, body, "input"));
        Assert.True(TextSearch.IsOnlyMemberAccessed(SourceText.From(code), body, "input"));
    }

    /// <summary>A text that gives what the text it wraps gives: one string when that one holds one, else a copy.</summary>
    private sealed class WrappingText : SourceText
    {
        private readonly SourceText _inner;

        public WrappingText(SourceText inner) => _inner = inner;

        public override System.Text.Encoding? Encoding => _inner.Encoding;

        public override int Length => _inner.Length;

        public override char this[int position] => _inner[position];

        public override void CopyTo(int sourceIndex, char[] destination, int destinationIndex, int count) =>
            _inner.CopyTo(sourceIndex, destination, destinationIndex, count);

        public override string ToString(TextSpan span) => _inner.ToString(span);

        public override string ToString() => _inner.ToString();
    }

    private MethodDeclarationSyntax Method(string method) =>
        CSharpSyntaxTree.ParseText(Text("class C { " + method + " }")).GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>().Single();
}

/// <summary>
/// <see cref="TextSearchTests"/> on a text that gives a new copy of its characters on each read (an edited text, as the
/// IDE's): searched in chunks of a buffer, with the same answers.
/// </summary>
public class TextSearchOverCopiedTextTests : TextSearchTests
{
    protected override SourceText Text(string text) =>
        SourceText.From("#" + text).WithChanges(new TextChange(new TextSpan(0, 1), ""));

    protected override bool HoldsOneString => false;
}
