using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;
using Xunit;

namespace SocketLint.Tests.Rules;

/// <summary>The rules' text pre-filter: found wherever the word is in the node's span, never outside it.</summary>
public class TextSearchTests
{
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
        Assert.True(TextSearch.Contains(method, "Accept", default));
        Assert.False(TextSearch.Contains(method, "BytesTransferred", default));
    }

    [Fact]
    public void Looks_only_inside_the_node()
    {
        var tree = CSharpSyntaxTree.ParseText("class C { void A() { Accept(); } void B() { Other(); } }");
        var methods = tree.GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>().ToList();
        Assert.True(TextSearch.Contains(methods[0], "Accept", default));
        Assert.False(TextSearch.Contains(methods[1], "Accept", default));
        Assert.False(TextSearch.Contains(methods[1], "Other(); } }", default));
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
        var found = TextSearch.IndexesOf(SourceText.From(text), "Accept", default);
        Assert.Equal(new[] { at, at + 13, at + 19 }, found);
    }

    [Theory]
    [InlineData("")]
    [InlineData("Accep")]
    [InlineData("accept ACCEPT Acce pt")]
    public void Finds_nothing_where_the_word_is_not(string text) =>
        Assert.Empty(TextSearch.IndexesOf(SourceText.From(text), "Accept", default));

    private static MethodDeclarationSyntax Method(string method) =>
        CSharpSyntaxTree.ParseText("class C { " + method + " }").GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>().Single();
}
