using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using SocketLint.Connections;
using SocketLint.Tests.Robustness;
using Xunit;

namespace SocketLint.Tests.Rules;

/// <summary>
/// The rules walk operation trees with <see cref="OperationWalk"/>, not Roslyn's <c>Descendants()</c>: it must give
/// the same operations in the same order, on every body of the suite's corpus, and must not overflow the stack on an
/// expression nested thousands deep. The type families that replace the walks up the base types must give the answers
/// those walks gave.
/// </summary>
public class OperationWalkTests
{
    [Fact]
    public void The_walk_gives_what_Descendants_gives_on_every_body_of_the_corpus()
    {
        var bodies = 0;
        var operations = 0;
        foreach (var input in Corpus.RepositoryFiles)
        {
            var compilation = Compile(input.Text, input.TopLevel);
            foreach (var tree in compilation.SyntaxTrees)
            {
                var model = compilation.GetSemanticModel(tree);
                foreach (var node in tree.GetRoot().DescendantNodes())
                {
                    if (node is not (BaseMethodDeclarationSyntax or CompilationUnitSyntax or AccessorDeclarationSyntax) || model.GetOperation(node) is not { } root)
                        continue;
                    bodies++;
                    var expected = root.DescendantsAndSelf().ToList();
                    Assert.Equal(expected, ListOf(OperationWalk.DescendantsAndSelf(root)));
                    Assert.Equal(expected.Skip(1), ListOf(OperationWalk.Descendants(root)));
                    var visited = new List<IOperation>();
                    OperationWalk.ForEach(root, visited, static (operation, list) => list.Add(operation));
                    Assert.Equal(expected, visited);
                    operations += expected.Count;
                }
            }
        }

        Assert.True(bodies > 500, $"only {bodies} bodies in the corpus");
        Assert.True(operations > 10_000, $"only {operations} operations in the corpus");
    }

    [Fact]
    public void An_expression_nested_thousands_deep_is_walked_in_order_without_overflowing_the_stack()
    {
        var text = "class C { string M(string a) => " + string.Join(" + ", Enumerable.Repeat("a", 20_000)) + "; }";
        var compilation = Compile(text, topLevel: false);
        var tree = compilation.SyntaxTrees.Single();
        var root = compilation.GetSemanticModel(tree).GetOperation(tree.GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>().Single())!;

        var walked = ListOf(OperationWalk.DescendantsAndSelf(root));
        Assert.Equal(root.DescendantsAndSelf(), walked);
        Assert.True(walked.Count > 39_000);

        var count = 0;
        OperationWalk.ForEach(root, 0, (_, _) => count++);
        Assert.Equal(walked.Count, count);
    }

    [Fact]
    public async Task The_rules_report_in_a_method_with_an_expression_nested_thousands_deep()
    {
        var concatenation = string.Join(" + ", Enumerable.Repeat("name", 5_000));
        var source = $$"""
            using System.Net.Sockets;
            using System.Threading.Tasks;

            class C
            {
                async Task<string> M(Socket s, byte[] buf, string name)
                {
                    s.Receive(buf);
                    return {{concatenation}};
                }
            }
            """;

        var diagnostics = await RobustnessHarness.DiagnosticsOfAsync(source);

        Assert.Equal(["SL0001", "SL0004"], diagnostics.Select(d => d.Id).OrderBy(id => id));
    }

    [Theory]
    [InlineData("System.Net.Sockets.NetworkStream", "NetworkStream, Stream")]
    [InlineData("System.Net.Security.SslStream", "SslStream, Stream")]
    [InlineData("System.Net.Sockets.Socket", "Socket")]
    [InlineData("System.Net.Sockets.TcpClient", "TcpClient")]
    [InlineData("System.Net.Sockets.UdpClient", "UdpClient")]
    [InlineData("System.IO.BufferedStream", "BufferedStream, Stream")]
    [InlineData("System.IO.MemoryStream", "Stream")]
    [InlineData("System.IO.Stream", "Stream, ConnectionBase")]
    [InlineData("System.Net.Security.AuthenticatedStream", "Stream, ConnectionBase")]
    [InlineData("System.MarshalByRefObject", "ConnectionBase")]
    [InlineData("System.Object", "ConnectionBase")]
    [InlineData("System.IO.StreamReader", "TextReader")]
    [InlineData("System.IO.BinaryWriter", "BinaryWriter")]
    [InlineData("System.Text.StringBuilder", "None")]
    [InlineData("System.String", "None")]
    [InlineData("System.Net.Sockets.SocketAsyncEventArgs", "Carrier")]
    [InlineData("Session", "Carrier")]
    [InlineData("OwnStream", "NetworkStream, Stream")]
    public void Each_type_is_in_the_families_its_base_types_say(string metadataName, string families)
    {
        var compilation = Compile("""
            using System.Net.Sockets;
            class Session { }
            class OwnStream : NetworkStream { public OwnStream(Socket s) : base(s) { } }
            """, topLevel: false);
        var api = ConnectionApi.For(compilation)!;
        var type = compilation.GetTypeByMetadataName(metadataName)!;

        Assert.Equal(Enum.Parse<TypeFamily>(families), api.FamilyOf(type));
        Assert.Equal(KnownSymbols.DerivesFrom(type, api.Symbols.Socket) || KnownSymbols.DerivesFrom(type, api.Symbols.TcpClient)
            || KnownSymbols.DerivesFrom(type, api.Symbols.NetworkStream) || KnownSymbols.DerivesFrom(type, api.Symbols.SslStream), api.IsConnectionType(type));
    }

    [Fact]
    public void A_generic_library_type_carries_a_connection_when_a_type_argument_may_be_one()
    {
        var compilation = Compile("class C { }", topLevel: false);
        var api = ConnectionApi.For(compilation)!;
        var task = compilation.GetTypeByMetadataName("System.Threading.Tasks.Task`1")!;
        var list = compilation.GetTypeByMetadataName("System.Collections.Generic.List`1")!;

        Assert.Equal(TypeFamily.Carrier, api.FamilyOf(task.Construct(api.Symbols.Socket)));
        Assert.Equal(TypeFamily.Carrier, api.FamilyOf(task.Construct(compilation.GetTypeByMetadataName("C")!)));
        Assert.Equal(TypeFamily.None, api.FamilyOf(list.Construct(compilation.GetSpecialType(SpecialType.System_Byte))));
        Assert.Equal(TypeFamily.None, api.FamilyOf(compilation.GetSpecialType(SpecialType.System_Int32)));
    }

    [Fact]
    public void The_stack_of_pending_operations_gives_back_what_was_pushed_last_first_past_its_first_capacity()
    {
        var compilation = Compile("class C { int M(int a) => " + string.Join(" + ", Enumerable.Repeat("a", 100)) + "; }", topLevel: false);
        var tree = compilation.SyntaxTrees.Single();
        var operations = compilation.GetSemanticModel(tree).GetOperation(tree.GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>().Single())!
            .DescendantsAndSelf().ToList();
        Assert.True(operations.Count > 4 * OperationWalk.StackCapacity);

        var stack = new OperationStack(capacity: 2);
        foreach (var operation in operations)
            stack.Push(operation);
        Assert.Equal(operations.Count, stack.Count);
        var popped = new List<IOperation>();
        while (stack.Count > 0)
            popped.Add(stack.Pop());
        Assert.Equal(Enumerable.Reverse(operations), popped);

        stack.Push(operations[0]);
        stack.PushChildren(operations[0]);
        stack.Clear();
        Assert.Equal(0, stack.Count);
        stack.PushChildren(operations[1]);
        Assert.Equal(operations[1].ChildOperations.Reverse(), ListOf(stack));
    }

    [Fact]
    public void Walks_nested_in_walks_each_get_their_own_operations_and_give_them_back()
    {
        var compilation = Compile("class C { int M(int a) { var b = a + 1; return b * (a - 2); } }", topLevel: false);
        var tree = compilation.SyntaxTrees.Single();
        var root = compilation.GetSemanticModel(tree).GetOperation(tree.GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>().Single())!;
        var expected = root.DescendantsAndSelf().ToList();

        // A walk inside a walk (as the rules do, a statement's within a function's) is lent another sequence; each
        // sees what it walked, and the sequences given back serve the next walks, which still see theirs.
        for (var round = 0; round < 3; round++)
        {
            var outer = new List<IOperation>();
            foreach (var operation in OperationWalk.DescendantsAndSelf(root))
            {
                outer.Add(operation);
                var inner = new List<IOperation>();
                foreach (var descendant in OperationWalk.DescendantsAndSelf(operation))
                    inner.Add(descendant);
                Assert.Equal(operation.DescendantsAndSelf(), inner);
            }

            Assert.Equal(expected, outer);
        }

        using (OperationStack.Rent(out var first))
        {
            first.Push(root);
            first.Push(root);
            using (OperationStack.Rent(out var second))
            {
                Assert.NotSame(first, second);
                Assert.Equal(0, second.Count);
            }

            Assert.Same(root, first.Pop());
            Assert.Equal(1, first.Count);
        }

        // A stack given back with an operation still on it is given out empty.
        using (OperationStack.Rent(out var again))
            Assert.Equal(0, again.Count);
    }

    private static List<IOperation> ListOf(PooledOperations walk)
    {
        var indexed = Enumerable.Range(0, walk.Count).Select(i => walk[i]).ToList();
        var list = new List<IOperation>(walk.Count);
        foreach (var operation in walk)
            list.Add(operation);
        Assert.Equal(indexed, list);

        // The foreach gave the walk's operations back: they cannot be read again.
        Assert.Throws<InvalidOperationException>(() => walk.Count);
        return list;
    }

    private static List<IOperation> ListOf(OperationStack stack)
    {
        var list = new List<IOperation>();
        while (stack.Count > 0)
            list.Add(stack.Pop());
        return list;
    }

    private static CSharpCompilation Compile(string text, bool topLevel) =>
        CSharpCompilation.Create(
            "Walk",
            [CSharpSyntaxTree.ParseText(text, RobustnessHarness.ParseOptions)],
            RobustnessHarness.References,
            new CSharpCompilationOptions(topLevel ? OutputKind.ConsoleApplication : OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
}
