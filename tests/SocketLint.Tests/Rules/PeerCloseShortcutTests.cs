using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SocketLint.Connections;
using SocketLint.Rules;
using SocketLint.Tests.Robustness;
using Xunit;

namespace SocketLint.Tests.Rules;

/// <summary>
/// SL0001 decides the usual read loops on the operation tree, without a control flow graph. The shortcut may only
/// ever say "handled" where the graph says it too: checked on every receive of the suite's corpus, and on shapes
/// where the two could part (a close the zero path may skip, a loop that reads again, a finally). Likewise SL0003
/// builds no graph for an accept whose function never closes the connection: checked on every accept of the corpus.
/// </summary>
public class PeerCloseShortcutTests
{
    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.IO;
        using System.Net.Sockets;
        using System.Threading.Tasks;

        """;

    private static string Class(string members) => Usings + "class C\n{\n" + members + "\n}\n";

    [Theory]
    [InlineData("void M(Socket s, byte[] buf) { while (true) { var n = s.Receive(buf); if (n == 0) break; } }")]
    [InlineData("void M(Socket s, byte[] buf) { int n; while ((n = s.Receive(buf)) > 0) { } }")]
    [InlineData("void M(Socket s, byte[] buf) { int n; do { } while ((n = s.Receive(buf)) != 0); }")]
    [InlineData("void M(Socket s, byte[] buf) { while (true) { var n = s.Receive(buf); if (n <= 0) { s.Close(); return; } } }")]
    [InlineData("async Task M(Socket s, byte[] buf) { while (true) { var n = await s.ReceiveAsync(buf, SocketFlags.None); if (n == 0) { s.Dispose(); break; } } }")]
    [InlineData("async Task M(TcpClient c, byte[] buf) { var stream = c.GetStream(); int read; while ((read = await stream.ReadAsync(buf, 0, buf.Length)) > 0) { } c.Dispose(); }")]
    [InlineData("void M(TcpListener l, byte[] buf) { using var c = l.AcceptSocket(); while (true) { var n = c.Receive(buf); if (n == 0) break; } }")]
    [InlineData("void M(TcpListener l, byte[] buf) { while (true) { using var c = l.AcceptSocket(); while (true) { var n = c.Receive(buf); if (n == 0) break; } c.Shutdown(SocketShutdown.Both); } }")]
    [InlineData("bool M(TcpListener l) { using (var c = l.AcceptTcpClient()) using (var stream = c.GetStream()) { var b = stream.ReadByte(); if (b < 0) return false; return true; } }")]
    [InlineData("void M(Socket s, byte[] buf) { var n = s.Receive(buf); if (n != 0) { } else { throw new IOException(\"closed\"); } }")]
    [InlineData("void M(Socket s, byte[] buf) { var n = s.Receive(buf); Console.WriteLine(n); if (n == 0) return; }")]
    [InlineData("async Task<int> M(Socket s, byte[] buf) { var count = s.ReceiveAsync(buf.AsMemory(), SocketFlags.None).AsTask().Result; await Task.Yield(); if (count == 0) s.Close(); return count; }")]
    [InlineData("async Task<int> M(NetworkStream stream, byte[] buf) { var n = await stream.ReadAsync(buf.AsMemory()); return n; }")]
    [InlineData("int M(Socket s, byte[] buf) => s.Receive(buf);")]
    public async Task Usual_handled_shapes_are_decided_on_the_tree(string members)
    {
        var (handledOnTree, handledOnGraph) = await DecideAsync(Class(members));
        Assert.True(handledOnTree, "the shortcut left it to the graph");
        Assert.True(handledOnGraph, "the graph reports it");
    }

    [Theory]
    // Owned and left open at the end: the graph reports it.
    [InlineData("void M(TcpListener l, byte[] buf) { var c = l.AcceptSocket(); while (true) { var n = c.Receive(buf); if (n == 0) break; } }")]
    // The zero branch goes round the loop again.
    [InlineData("void M(Socket s, byte[] buf) { while (true) { var n = s.Receive(buf); if (n == 0) { Console.WriteLine(n); } } }")]
    [InlineData("void M(Socket s, byte[] buf) { while (true) { var n = s.Receive(buf); if (n == 0) continue; } }")]
    // Leaving the inner loop only to read again in the outer one.
    [InlineData("void M(Socket s, byte[] buf) { while (true) { int n; while ((n = s.Receive(buf)) > 0) { } } }")]
    // A close the zero path may skip.
    [InlineData("void M(TcpListener l, byte[] buf, bool f) { var c = l.AcceptSocket(); var n = c.Receive(buf); if (n == 0) { if (f) c.Close(); return; } c.Close(); }")]
    [InlineData("void M(TcpListener l, byte[] buf, Socket? other) { var c = l.AcceptSocket(); var n = c.Receive(buf); if (n == 0) { other?.Close(); return; } c.Close(); }")]
    // A close in a lambda that the path does not run.
    [InlineData("void M(TcpListener l, byte[] buf) { var c = l.AcceptSocket(); var n = c.Receive(buf); if (n == 0) { Action a = () => c.Close(); return; } c.Close(); }")]
    // Yielded, not returned: the loop reads again.
    [InlineData("async IAsyncEnumerable<int> M(Socket s, byte[] buf) { while (true) { int n = await s.ReceiveAsync(buf, SocketFlags.None); yield return n; } }")]
    // Not tested before a branch, or before another receive on the connection.
    [InlineData("void M(Socket s, byte[] buf, bool f) { var n = s.Receive(buf); if (f) return; if (n == 0) return; }")]
    [InlineData("void M(Socket s, byte[] buf) { var n = s.Receive(buf); var m = s.Receive(buf); if (n == 0 || m == 0) return; }")]
    // A break that leaves a switch, not the loop.
    [InlineData("void M(Socket s, byte[] buf, int k) { while (true) { switch (k) { default: var n = s.Receive(buf); if (n == 0) break; break; } } }")]
    // Either side of || may end the zero path's test: not decided on the tree.
    [InlineData("void M(Socket s, byte[] buf, bool f) { while (true) { var n = s.Receive(buf); if (n > 0 || f) continue; break; } }")]
    [InlineData("void M(Socket s, byte[] buf, bool f) { while (true) { var n = s.Receive(buf); if (n == 0 && f) break; } }")]
    // A throw that a catch of the function takes: the catch may go round the loop again.
    [InlineData("void M(Socket s, byte[] buf) { while (true) { try { var n = s.Receive(buf); if (n == 0) throw new IOException(); } catch (IOException) { } } }")]
    public async Task Shapes_the_tree_cannot_tell_are_left_to_the_graph(string members)
    {
        var (handledOnTree, _) = await DecideAsync(Class(members));
        Assert.False(handledOnTree);
    }

    [Theory]
    [InlineData("void M(Socket s, byte[] buf) { while (true) { var n = s.Receive(buf); bool closed = n == 0; if (closed) break; } }", true)]
    [InlineData("void M(Socket s, byte[] buf) { while (true) { var n = s.Receive(buf); var done = n switch { 0 => true, _ => false }; if (done) { s.Close(); return; } } }", true)]
    [InlineData("void M(Socket s, byte[] buf) { while (true) { var n = s.Receive(buf); if (n switch { 0 => true, _ => false }) break; } }", true)]
    [InlineData("void M(Socket s, byte[] buf) { while (true) { try { var n = s.Receive(buf); if (n == 0) throw new IOException(); } catch (IOException) { break; } } }", true)]
    [InlineData("void M(Socket s, byte[] buf) { while (true) { var n = s.Receive(buf); bool closed = n == 0; closed = false; if (closed) break; } }", false)]
    [InlineData("void M(Socket s, byte[] buf) { while (true) { try { var n = s.Receive(buf); if (n == 0) throw new IOException(); } catch (IOException) { } } }", false)]
    public async Task Zero_tests_carried_by_a_flag_or_a_catch_are_decided_on_the_graph(string members, bool handled)
    {
        var (handledOnTree, handledOnGraph) = await DecideAsync(Class(members));
        Assert.False(handledOnTree, "the shortcut decided it");
        Assert.Equal(handled, handledOnGraph);
    }

    [Fact]
    public async Task What_the_shortcut_calls_handled_the_graph_calls_handled_across_the_corpus()
    {
        var decided = 0;
        var receives = 0;
        var disagreements = new List<string>();
        foreach (var (input, document) in CorpusDocuments())
        {
            foreach (var (receive, handledOnTree, handledOnGraph) in await DecideAllAsync(document))
            {
                receives++;
                if (!handledOnTree)
                    continue;
                decided++;
                if (!handledOnGraph)
                    disagreements.Add($"{input.Label}: {receive}\n{input.Text}");
            }
        }

        Assert.True(disagreements.Count == 0, string.Join("\n----\n", disagreements));
        // The check means something only if the shortcut decides a good share of the corpus's receives.
        Assert.True(decided >= receives / 5, $"the shortcut decided {decided} of {receives} receives");
    }

    [Fact]
    public async Task What_the_tree_calls_never_compared_the_graph_calls_never_compared_across_the_corpus()
    {
        var decided = 0;
        var receives = 0;
        var disagreements = new List<string>();
        foreach (var (input, document) in CorpusDocuments())
        {
            foreach (var (syntax, receive, api, closeMethods) in await InvocationsAsync(document))
            {
                if (SL0001PeerCloseNotHandledRule.ReceiveOnConnection(receive, receive.TargetMethod.Name, api) is not (var aliases, _, _) || PeerCloseAnalysis.IsDiscarded(receive))
                    continue;
                receives++;
                if (!UncomparedCount.IsNeverCompared(receive, out var spinsOnTree))
                    continue;
                decided++;
                var flow = FlowGraphs.FlowAround(receive, GraphOf, aliases, api, closeMethods, wrappersClose: true);
                var onGraph = flow is null ? PeerCloseVerdict.Handled : PeerCloseAnalysis.Analyze(flow, syntax, out var spinsOnGraph) is var verdict && spinsOnGraph == spinsOnTree ? verdict : PeerCloseVerdict.Handled;
                if (onGraph != PeerCloseVerdict.NeverCompared)
                    disagreements.Add($"{input.Label}: {syntax} (spins {spinsOnTree}): graph {onGraph}\n{input.Text}");
            }
        }

        Assert.True(disagreements.Count == 0, string.Join("\n----\n", disagreements));
        Assert.True(decided >= 10, $"the tree decided {decided} of {receives} receives");
    }

    [Theory]
    [InlineData("void M(Socket s, byte[] buf) { var n = s.Receive(buf); Console.WriteLine(System.Text.Encoding.UTF8.GetString(buf, 0, n)); }", true, false)]
    [InlineData("async Task<string> M(Socket s, byte[] buf) { var n = await s.ReceiveAsync(buf, SocketFlags.None); await Task.Delay(1); s.Close(); return System.Text.Encoding.UTF8.GetString(buf, 0, n); }", true, false)]
    [InlineData("void M(Socket s, byte[] buf, List<byte> sink) { while (sink.Count < 100) { int n = s.Receive(buf); var m = n; sink.AddRange(buf[..(m + 0)]); } }", true, true)]
    [InlineData("void M(Socket s, byte[] buf) { int total = 0; while (true) { var n = s.Receive(buf); total += n; Console.WriteLine($\"{total} {n}\"); } }", true, true)]
    // Left to the graph: compared, returned, killed by another value, an endless loop after it, a throw, a second read.
    [InlineData("void M(Socket s, byte[] buf) { var n = s.Receive(buf); if (n == 0) return; }", false, false)]
    [InlineData("int M(Socket s, byte[] buf) { var n = s.Receive(buf); return n; }", false, false)]
    [InlineData("void M(Socket s, byte[] buf) { while (true) { int n = 0; Console.WriteLine(n); n = s.Receive(buf); Console.WriteLine(n); } }", false, false)]
    [InlineData("void M(Socket s, byte[] buf) { var n = s.Receive(buf); Console.WriteLine(n); while (true) { } }", false, false)]
    [InlineData("void M(Socket s, byte[] buf) { var n = s.Receive(buf); throw new IOException(n.ToString()); }", false, false)]
    [InlineData("void M(Socket s, byte[] buf) { while (true) { var n = s.Receive(buf); Console.WriteLine(n); s.Receive(buf); } }", false, false)]
    [InlineData("void M(Socket s, byte[] buf) { var n = s.Receive(buf); Action a = () => { if (n == 0) s.Close(); }; a(); }", false, false)]
    public async Task Never_compared_shapes(string members, bool onTree, bool spins)
    {
        var document = RobustnessHarness.Instance.DocumentFor(Class(members), topLevel: false);
        foreach (var (syntax, receive, api, closeMethods) in await InvocationsAsync(document))
        {
            if (SL0001PeerCloseNotHandledRule.ReceiveOnConnection(receive, receive.TargetMethod.Name, api) is not (var aliases, _, _))
                continue;
            Assert.Equal(onTree, UncomparedCount.IsNeverCompared(receive, out var spinsOnTree));
            if (!onTree)
                return;
            Assert.Equal(spins, spinsOnTree);
            var flow = FlowGraphs.FlowAround(receive, GraphOf, aliases, api, closeMethods, wrappersClose: true);
            Assert.Equal(PeerCloseVerdict.NeverCompared, PeerCloseAnalysis.Analyze(flow!, syntax, out var spinsOnGraph));
            Assert.Equal(spins, spinsOnGraph);
            return;
        }

        Assert.Fail("no receive");
    }

    [Fact]
    public async Task An_accept_whose_function_never_closes_it_gets_no_SL0003_across_the_corpus()
    {
        var skipped = 0;
        var accepts = 0;
        var disagreements = new List<string>();
        foreach (var (input, document) in CorpusDocuments())
        {
            foreach (var (syntax, accept, api, closeMethods) in await InvocationsAsync(document))
            {
                if (api.Classify(accept.TargetMethod, out _) != ConnectionMemberKind.Accept || SL0003ServerClosesFirstRule.AcceptedInto(accept) is not { } local)
                    continue;

                accepts++;
                var aliases = FlowGraphs.AliasesAround(accept, api);
                var connection = aliases.RootOf(local);
                if (ServerCloseAnalysis.MayClose(accept, connection, new ConnectionCloses(api, aliases, closeMethods, captures: null)))
                    continue;
                skipped++;
                if (FlowGraphs.FlowAround(accept, GraphOf, aliases, api, closeMethods, wrappersClose: false) is { } flow && ServerCloseAnalysis.FindEarlyClose(flow, syntax, connection) is { } close)
                    disagreements.Add($"{input.Label}: {syntax} closed early at {close.Syntax}");
            }
        }

        Assert.True(disagreements.Count == 0, string.Join("\n----\n", disagreements));
        Assert.True(skipped > 0 && skipped < accepts, $"{skipped} of {accepts} accepts skipped");
    }

    [Fact]
    public async Task What_the_SL0003_shortcut_decides_the_graph_decides_the_same_across_the_corpus()
    {
        var decided = 0;
        var accepts = 0;
        var disagreements = new List<string>();
        foreach (var (input, document) in CorpusDocuments())
        {
            foreach (var (syntax, onTree, treeClose, graphClose) in await DecideAcceptsAsync(document))
            {
                accepts++;
                if (onTree == ServerCloseShortcut.Outcome.Unknown)
                    continue;
                decided++;
                if (treeClose?.Syntax != graphClose?.Syntax)
                    disagreements.Add($"{input.Label}: {syntax}: tree {onTree} at {treeClose?.Syntax}, graph at {graphClose?.Syntax}\n{input.Text}");
            }
        }

        Assert.True(disagreements.Count == 0, string.Join("\n----\n", disagreements));
        Assert.True(decided >= accepts / 5, $"the shortcut decided {decided} of {accepts} accepts");
    }

    [Theory]
    [InlineData("void M(TcpListener l, byte[] buf) { var c = l.AcceptSocket(); while (true) { var n = c.Receive(buf); if (n == 0) break; c.Send(buf, 0, n, SocketFlags.None); } c.Close(); }", "NoEarlyClose")]
    [InlineData("void M(TcpListener l, System.Threading.CancellationToken t) { while (!t.IsCancellationRequested) { using var c = l.AcceptSocket(); var buf = new byte[8]; for (;;) { if (c.Receive(buf) is 0) break; } c.Shutdown(SocketShutdown.Both); } }", "NoEarlyClose")]
    [InlineData("void M(TcpListener l, byte[] buf) { var c = l.AcceptSocket(); int n = c.Receive(buf); if (n > 0) c.Send(buf, 0, n, SocketFlags.None); while (c.Receive(buf) > 0) { } c.Close(); }", "NoEarlyClose")]
    [InlineData("void M(TcpListener l) { var c = l.AcceptTcpClient(); var s = c.GetStream(); while (s.ReadByte() != -1) { } c.Close(); }", "NoEarlyClose")]
    [InlineData("async Task M(TcpListener l, byte[] buf) { using var c = await l.AcceptTcpClientAsync(); var s = c.GetStream(); int n; while ((n = await s.ReadAsync(buf, 0, buf.Length)) > 0) await s.WriteAsync(buf, 0, n); }", "NoEarlyClose")]
    [InlineData("void M(TcpListener l, string name) { var c = l.AcceptTcpClient(); var s = c.GetStream(); var hello = System.Text.Encoding.ASCII.GetBytes(name.Trim()); s.Write(hello, 0, hello.Length); c.Close(); }", "EarlyClose")]
    [InlineData("async Task M(Socket l) { var c = await l.AcceptAsync(); await c.SendAsync(new byte[] { 1 }, SocketFlags.None); c.Shutdown(SocketShutdown.Send); c.Close(); }", "EarlyClose")]
    // Left to the graph: a receive before the close, a branch that jumps, a try, a drain that may be left early.
    [InlineData("void M(TcpListener l, byte[] buf) { var c = l.AcceptSocket(); int n = c.Receive(buf); if (n == 0) { c.Close(); return; } c.Send(buf, 0, n, SocketFlags.None); c.Close(); }", "Unknown")]
    [InlineData("void M(TcpListener l, byte[] buf) { var c = l.AcceptSocket(); var n = c.Receive(buf); Console.WriteLine(n); c.Close(); }", "Unknown")]
    [InlineData("void M(TcpListener l, byte[] buf) { var c = l.AcceptSocket(); try { c.Send(buf); } catch (SocketException) { } c.Close(); }", "Unknown")]
    [InlineData("void M(TcpListener l, byte[] buf) { var c = l.AcceptSocket(); while (true) { var n = c.Receive(buf); if (n == 0 || buf[0] == 42) break; } c.Close(); }", "Unknown")]
    [InlineData("void M(TcpListener l, byte[] buf, bool f) { var c = l.AcceptSocket(); while (true) { var n = c.Receive(buf); if (n == 0) break; if (f) break; } c.Close(); }", "Unknown")]
    [InlineData("void M(TcpListener l, byte[] buf, bool f) { var c = l.AcceptSocket(); while (c.Receive(buf) > 0) { if (f) c.Close(); } c.Close(); }", "Unknown")]
    // A count named by a pattern: the drain is decided on the tree as the graph decides it.
    [InlineData("void M(TcpListener l, byte[] buf) { var c = l.AcceptSocket(); while (c.Receive(buf) is var n && n > 0) { } c.Close(); }", "NoEarlyClose")]
    [InlineData("void M(TcpListener l, byte[] buf) { var c = l.AcceptSocket(); while (c.Receive(buf) is not 0 and var m) { } c.Close(); }", "NoEarlyClose")]
    [InlineData("void M(TcpListener l, byte[] buf, bool f) { var c = l.AcceptSocket(); while (c.Receive(buf) is var n && (n > 0 || f)) { } c.Close(); }", "Unknown")]
    // A zero test kept in a flag: the tree does not read flags, the graph does.
    [InlineData("void M(TcpListener l, byte[] buf) { var c = l.AcceptSocket(); while (true) { var n = c.Receive(buf); var closed = n <= 0; if (closed) { c.Close(); return; } } }", "Unknown")]
    [InlineData("void M(TcpListener l, byte[] buf) { var c = l.AcceptSocket(); while (true) { var n = c.Receive(buf); bool done = n switch { 0 => true, _ => false }; if (done) break; } c.Close(); }", "Unknown")]
    // A lambda that takes the connection over: decided from its first statement, as the graph decides it.
    [InlineData("void M(TcpListener l) { var c = l.AcceptSocket(); Task.Run(() => { c.Send(new byte[1]); c.Close(); }); }", "EarlyClose")]
    [InlineData("void M(TcpListener l, byte[] buf) { var c = l.AcceptSocket(); Task.Run(() => { while (c.Receive(buf) > 0) { } c.Close(); }); }", "NoEarlyClose")]
    [InlineData("void M(TcpListener l, byte[] buf) { var c = l.AcceptSocket(); Go(); void Go() { if (c.Receive(buf) == 0) { c.Close(); return; } c.Close(); } }", "Unknown")]
    [InlineData("void M(TcpListener l, byte[] buf) { var c = l.AcceptSocket(); Task.Run(() => { using (c) { while (c.Receive(buf) > 0) { } } }); }", "NoEarlyClose")]
    [InlineData("void M(TcpListener l, byte[] buf) { var c = l.AcceptSocket(); using (c) { var n = 0; while (true) { n = c.Receive(buf); if (n == 0) break; } } }", "NoEarlyClose")]
    [InlineData("void M(TcpListener l, byte[] buf) { var c = l.AcceptSocket(); Task.Run(() => { using (c) { c.Send(buf); } }); }", "Unknown")]
    public async Task SL0003_shapes(string members, string outcome)
    {
        var document = RobustnessHarness.Instance.DocumentFor(Class(members), topLevel: false);
        var (_, onTree, treeClose, graphClose) = Assert.Single(await DecideAcceptsAsync(document));
        Assert.Equal(outcome, onTree.ToString());
        if (onTree != ServerCloseShortcut.Outcome.Unknown)
            Assert.Equal(graphClose?.Syntax, treeClose?.Syntax);
    }

    /// <summary>For every SL0003 accept of the document that reaches the shortcut: its answer, and the graph's early close.</summary>
    private static async Task<List<(string Accept, ServerCloseShortcut.Outcome OnTree, IOperation? TreeClose, IOperation? GraphClose)>> DecideAcceptsAsync(Document document)
    {
        var results = new List<(string, ServerCloseShortcut.Outcome, IOperation?, IOperation?)>();
        foreach (var (syntax, accept, api, closeMethods) in await InvocationsAsync(document))
        {
            if (api.Classify(accept.TargetMethod, out _) != ConnectionMemberKind.Accept || SL0003ServerClosesFirstRule.AcceptedInto(accept) is not { } local)
                continue;
            var aliases = FlowGraphs.AliasesAround(accept, api);
            var connection = aliases.RootOf(local);
            var closes = new ConnectionCloses(api, aliases, closeMethods, captures: null);
            if (connection is null)
                continue;
            if (!ServerCloseAnalysis.MayClose(accept, connection, closes))
            {
                // A lambda or local function that takes the connection over: decided from its first statement.
                if (ConnectionTakeover.Find(FlowGraphs.FunctionAround(accept), connection, closes) is { } takeover
                    && ServerCloseAnalysis.MayCloseIn(takeover.Function, takeover.Connection, closes)
                    && ConnectionTakeover.BodyOf(takeover.Function) is { } body)
                {
                    var fromStart = ServerCloseShortcut.DecideFromStart(takeover.Function, body, takeover.Connection, closes, out var takenClose);
                    var takenFlow = FlowGraphs.FlowAround(body, GraphOf, aliases, api, closeMethods, wrappersClose: false);
                    results.Add(("takeover: " + syntax, fromStart, takenClose, takenFlow is null ? null : ServerCloseAnalysis.FindEarlyCloseFromStart(takenFlow, takeover.Connection)));
                }

                continue;
            }

            var onTree = ServerCloseShortcut.Decide(accept, connection, closes, out var treeClose);
            var flow = FlowGraphs.FlowAround(accept, GraphOf, aliases, api, closeMethods, wrappersClose: false);
            var graphClose = flow is null ? null : ServerCloseAnalysis.FindEarlyClose(flow, syntax, connection);
            results.Add((syntax.ToString(), onTree, treeClose, graphClose));
        }

        return results;
    }

    /// <summary>The answers for the first receive of <paramref name="source"/>.</summary>
    private static async Task<(bool OnTree, bool OnGraph)> DecideAsync(string source)
    {
        var document = RobustnessHarness.Instance.DocumentFor(source, topLevel: false);
        var results = await DecideAllAsync(document);
        Assert.NotEmpty(results);
        return (results[0].OnTree, results[0].OnGraph);
    }

    /// <summary>For every SL0001 receive of the document, in order: the shortcut's answer and the graph's, as the analyzer asks them.</summary>
    private static async Task<List<(string Receive, bool OnTree, bool OnGraph)>> DecideAllAsync(Document document)
    {
        var results = new List<(string, bool, bool)>();
        foreach (var (syntax, receive, api, closeMethods) in await InvocationsAsync(document))
        {
            if (SL0001PeerCloseNotHandledRule.ReceiveOnConnection(receive, receive.TargetMethod.Name, api) is not (var aliases, var connection, _)
                || PeerCloseAnalysis.IsDiscarded(receive))
            {
                continue;
            }

            var onTree = PeerCloseShortcut.IsHandled(receive, connection, aliases.IsOwned(connection, receive.Instance), new ConnectionCloses(api, aliases, closeMethods, captures: null, wrappersClose: true));
            var flow = FlowGraphs.FlowAround(receive, GraphOf, aliases, api, closeMethods, wrappersClose: true);
            var onGraph = flow is null || PeerCloseAnalysis.Analyze(flow, syntax, out _) == PeerCloseVerdict.Handled;
            results.Add((syntax.ToString(), onTree, onGraph));
        }

        return results;
    }

    private static IEnumerable<(RobustnessInput Input, Document Document)> CorpusDocuments() =>
        Corpus.RepositoryFiles.Concat(SocketShapes.Generate(60)).Select(input => (input, RobustnessHarness.Instance.DocumentFor(input.Text, input.TopLevel)));

    /// <summary>Every invocation of the document, with the compilation's connection API and configured close methods.</summary>
    private static async Task<List<(InvocationExpressionSyntax Syntax, IInvocationOperation Operation, ConnectionApi Api, System.Collections.Immutable.ImmutableHashSet<IMethodSymbol> CloseMethods)>> InvocationsAsync(Document document)
    {
        var model = (await document.GetSemanticModelAsync())!;
        var api = ConnectionApi.For(model.Compilation)!;
        var closeMethods = api.CloseMethods.Configured(model.SyntaxTree, document.Project.AnalyzerOptions);
        var invocations = new List<(InvocationExpressionSyntax, IInvocationOperation, ConnectionApi, System.Collections.Immutable.ImmutableHashSet<IMethodSymbol>)>();
        foreach (var syntax in (await model.SyntaxTree.GetRootAsync()).DescendantNodes().OfType<InvocationExpressionSyntax>())
        {
            if (model.GetOperation(syntax) is IInvocationOperation operation)
                invocations.Add((syntax, operation, api, closeMethods));
        }

        return invocations;
    }

    private static ControlFlowGraph? GraphOf(IOperation root) => root switch
    {
        IMethodBodyOperation body => ControlFlowGraph.Create(body),
        IConstructorBodyOperation body => ControlFlowGraph.Create(body),
        IBlockOperation block => ControlFlowGraph.Create(block),
        IFieldInitializerOperation initializer => ControlFlowGraph.Create(initializer),
        IPropertyInitializerOperation initializer => ControlFlowGraph.Create(initializer),
        _ => null,
    };
}
