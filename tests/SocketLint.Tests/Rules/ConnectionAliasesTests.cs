using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using SocketLint.Connections;
using SocketLint.Tests.Robustness;
using Xunit;

namespace SocketLint.Tests.Rules;

/// <summary>
/// A body's aliases are left unwalked for a call on a connection parameter that the body uses only as the object of
/// member accesses (<see cref="ConnectionAliases.BuildFor"/>): every answer must be the walked one. Checked on each
/// such body of the suite's corpus, for every operation in it, each question asked of fresh unwalked aliases (so that
/// no earlier question has walked them already).
/// </summary>
public class ConnectionAliasesTests
{
    private const string Usings = """
        using System;
        using System.IO;
        using System.Net.Sockets;

        """;

    [Theory]
    [InlineData("void M(Socket s, byte[] b) { s.Receive(b); s.Close(); }", true)]
    [InlineData("void M(Socket s, byte[] b) { s?.Receive(b); s!.Shutdown(SocketShutdown.Both); }", true)]
    [InlineData("void M(NetworkStream s, byte[] b) { s.Read(b, 0, 1); s.Dispose(); }", true)]
    [InlineData("void M(TcpClient s, byte[] b) { var n = s.Available; s.Close(); }", true)]
    [InlineData("void M(TcpClient s) { var stream = s.GetStream(); }", false)]
    [InlineData("void M(TcpClient s) { var stream = s?.GetStream(); }", false)]
    [InlineData("void M(TcpClient s) { var socket = s.Client; }", false)]
    [InlineData("void M(NetworkStream s) { var socket = s.Socket; }", false)]
    [InlineData("void M(Socket s, byte[] b) { var t = s; t.Receive(b); }", false)]
    [InlineData("void M(Socket s, byte[] b) { using (s) { s.Receive(b); } }", false)]
    [InlineData("void M(Socket s, byte[] b) { var ns = new NetworkStream(s, true); s.Receive(b); }", false)]
    [InlineData("void M(Socket s, byte[] b) { s . /* a comment */ Receive(b); }", false)]
    [InlineData("void M(Stream s, byte[] b) { s.Read(b, 0, 1); }", false)]
    public async Task Left_unwalked_only_for_a_connection_parameter_used_only_as_the_object_of_member_accesses(string method, bool unwalked)
    {
        var (api, body, receiver) = await FirstCallOnAsync("s", Usings + "class C\n{\n    " + method + "\n}\n");
        Assert.Equal(unwalked, ConnectionAliases.UnwalkedFor(api, body, receiver) is not null);
    }

    [Fact]
    public async Task A_local_functions_parameter_is_walked_for()
    {
        // Its calls may pass it a connection's stream the walk learns it from.
        var (api, body, receiver) = await FirstCallOnAsync("s", Usings + "class C\n{\n    void M(TcpClient c, byte[] b) { Read(c.GetStream()); void Read(NetworkStream s) { s.Read(b, 0, 1); } }\n}\n");
        Assert.Null(ConnectionAliases.UnwalkedFor(api, body, receiver));
    }

    [Fact]
    public async Task The_parameter_and_what_no_connection_can_be_held_in_are_answered_unwalked()
    {
        var (api, body, receiver) = await FirstCallOnAsync("s", Usings + "class C\n{\n    void M(Socket s, byte[] b, int n) { s.Receive(b); s.Close(); }\n}\n");
        var aliases = ConnectionAliases.UnwalkedFor(api, body, receiver)!;
        var parameter = aliases.RootOf(receiver);
        Assert.Equal("s", parameter?.Name);
        Assert.Equal(ConnectionOrigin.HandedIn | ConnectionOrigin.Connection, aliases.OriginOf(parameter!));
        Assert.False(aliases.IsOwned(parameter));
        Assert.True(aliases.ClosesThrough(receiver));
        Assert.Null(aliases.ConnectionClosedThrough(parameter!));
        var buffer = body.Descendants().OfType<IParameterReferenceOperation>().First(p => p.Parameter.Name == "b");
        Assert.Equal("b", aliases.RootOf(buffer)?.Name);
        Assert.False(aliases.IsWalked);
    }

    [Fact]
    public async Task Unwalked_aliases_answer_every_question_as_the_walked_ones_on_the_corpus()
    {
        var bodies = 0;
        var answeredUnwalked = 0;
        foreach (var input in Corpus.RepositoryFiles.Concat(SocketShapes.Generate(60)))
        {
            var document = RobustnessHarness.Instance.DocumentFor(input.Text, input.TopLevel);
            var model = (await document.GetSemanticModelAsync())!;
            if (ConnectionApi.For(model.Compilation) is not { } api)
                continue;
            var seen = new HashSet<(IOperation, ISymbol)>();
            foreach (var syntax in (await model.SyntaxTree.GetRootAsync()).DescendantNodes().OfType<InvocationExpressionSyntax>())
            {
                if (model.GetOperation(syntax) is not IInvocationOperation { Instance: IParameterReferenceOperation receiver })
                    continue;
                var body = FlowGraphs.BodyAround(receiver);
                if (ConnectionAliases.UnwalkedFor(api, body, receiver) is null || !seen.Add((body, receiver.Parameter)))
                    continue;
                bodies++;
                answeredUnwalked += CompareEverywhere(api, body, receiver, input.Label);
            }
        }

        // The corpus holds such bodies (the samples' and the rule tests' Socket parameters), and most answers about
        // them are given unwalked: a check that compared nothing, or whose aliases were always walked, would fail here.
        Assert.True(bodies >= 200, $"{bodies} bodies left unwalked");
        Assert.True(answeredUnwalked >= 10000, $"{answeredUnwalked} answers given unwalked");
    }

    /// <summary>Every question about every operation of <paramref name="body"/>, each asked of fresh unwalked aliases and of walked ones; how many were answered unwalked.</summary>
    private static int CompareEverywhere(ConnectionApi api, IOperation body, IOperation receiver, string label)
    {
        var walked = ConnectionAliases.Walked(api, body);
        var unwalked = 0;
        void Same<T>(Func<ConnectionAliases, T> question, Func<T, T, bool> equal, IOperation about, string what)
        {
            var fresh = ConnectionAliases.UnwalkedFor(api, body, receiver)!;
            var answer = question(fresh);
            Assert.True(equal(question(walked), answer), $"{label}: {what} of `{about.Syntax}` differs unwalked");
            if (!fresh.IsWalked)
                unwalked++;
        }

        static bool SameSymbol(ISymbol? a, ISymbol? b) => SymbolEqualityComparer.Default.Equals(a, b);
        foreach (var operation in body.DescendantsAndSelf())
        {
            Same(a => a.RootOf(operation), SameSymbol, operation, "RootOf");
            Same(a => a.IsConnection(operation), (x, y) => x == y, operation, "IsConnection");
            Same(a => a.ClosesThrough(operation), (x, y) => x == y, operation, "ClosesThrough");
            Same(a => a.ReaderConnection(operation), SameSymbol, operation, "ReaderConnection");
            Same(a => a.WriterConnection(operation), SameSymbol, operation, "WriterConnection");
            Same(a => a.ConnectionClosedThrough(operation), SameSymbol, operation, "ConnectionClosedThrough");
            if (ConnectionAliases.SymbolOf(operation) is not { } symbol)
                continue;
            Same(a => a.RootOf(symbol), SameSymbol, operation, "RootOf(symbol)");
            Same(a => a.OriginOf(symbol), (x, y) => x == y, operation, "OriginOf");
            Same(a => a.IsOwned(symbol), (x, y) => x == y, operation, "IsOwned");
            Same(a => a.IsNonOwning(symbol), (x, y) => x == y, operation, "IsNonOwning");
            Same(a => a.ConnectionClosedThrough(symbol), SameSymbol, operation, "ConnectionClosedThrough(symbol)");
        }

        return unwalked;
    }

    /// <summary>The API, the body around it and the instance of the first call on the parameter <paramref name="name"/>.</summary>
    private static async Task<(ConnectionApi Api, IOperation Body, IOperation Receiver)> FirstCallOnAsync(string name, string source)
    {
        var document = RobustnessHarness.Instance.DocumentFor(source, topLevel: false);
        var model = (await document.GetSemanticModelAsync())!;
        foreach (var syntax in (await model.SyntaxTree.GetRootAsync()).DescendantNodes().OfType<IdentifierNameSyntax>())
        {
            if (syntax.Identifier.ValueText == name && model.GetOperation(syntax) is IParameterReferenceOperation receiver)
                return (ConnectionApi.For(model.Compilation)!, FlowGraphs.BodyAround(receiver), receiver);
        }

        throw new InvalidOperationException($"no member access on {name}");
    }
}
