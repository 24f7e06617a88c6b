using Microsoft.CodeAnalysis;
using SocketLint.CodeFixes.Rules;
using Xunit;

namespace SocketLint.Tests.Robustness;

/// <summary>
/// Code that does not compile, as it is while being typed: each rule reports only what it can still tell, never
/// on an operation that does not bind, and no fix is offered on a statement with syntax errors. Several of these
/// are inputs the robustness suite found; each names what went wrong before.
/// </summary>
public class BrokenCodeTests
{
    private static string Class(string members) => "class C\n{\n" + members + "\n    static void Handle(byte[] b, int n) { }\n}\n";

    private static Task<List<Diagnostic>> DiagnosticsAsync(string source) => RobustnessHarness.DiagnosticsOfAsync(source);

    private static Task<List<string?>> FixKeysAsync(string source, string id) => RobustnessHarness.FixKeysAsync(source, id);

    public class SL0001
    {
        [Theory]
        [InlineData("int n = s.Receive(buf")]                                  // found: the fix wrote its check into the unclosed call
        [InlineData("int n = s.Receive(buf);\n            if (")]              // found: the fix added a compiler error before the half-written if
        [InlineData("int n = s.Receive(buf);\n            if (n == undefined) return;")]
        [InlineData("int n = s.Receive(buf);\n            Undefined(n);")]
        [InlineData("int n = s.Recieve(buf);\n            Handle(buf, n);")]
        [InlineData("int n = t.Receive(buf);\n            Handle(buf, n);")]
        [InlineData("_ _ = s.Receive(buf);")]                                   // found (seed 2): the fix wrote "if (_ == 0)" on a local of no type
        [InlineData("try { int n = s.Receive(buf); if (n == 0) throw; } catch { }")]   // a rethrow outside a catch: nothing to follow into the catch
        [InlineData("try { int n = s.Receive(buf); if (n == 0) throw new Missing(); } catch (Missing) { }")]
        [InlineData("int n = s.Receive(buf);\n            bool closed = n == 0;\n            if (closed) brea")]
        [InlineData("int n = s.Receive(buf);\n            var done = n switch { 0 => true, _ => };\n            if (done) break;")]
        public async Task Nothing_reported_where_the_code_does_not_bind(string statements)
        {
            var source = Class($$"""
                    void M(Socket s, byte[] buf)
                    {
                        while (true)
                        {
                            {{statements}}
                        }
                    }
                """);
            Assert.DoesNotContain(await DiagnosticsAsync(source), d => d.Id == "SL0001");
        }

        [Fact]
        public async Task Nothing_reported_in_a_function_with_a_syntax_error_further_on()
        {
            // Found by a review: the loop itself parses, but the switch in it is half-typed.
            var source = Class("""
                    void M(Socket s)
                    {
                        while (s.Receive(new byte[4]) > )
                        {
                            switch (s.Receive(new byte[1])) { case : break; }
                        }
                    }
                """);
            Assert.DoesNotContain(await DiagnosticsAsync(source), d => d.Id == "SL0001");
        }

        /// <summary>
        /// A name longer than the 4,096 characters the text search copies at a time (CS0645 in the declaration, which
        /// leaves the bodies clean): found by review, the search of a file for a handler's or a class's name moved its
        /// chunks before the text's start (AD0001), or never moved them on for a name of 4,097.
        /// </summary>
        [Theory]
        [InlineData(4097)]
        [InlineData(5000)]
        public async Task A_name_longer_than_a_chunk_of_text_throws_nothing(int length)
        {
            var name = "H" + new string('x', length - 1);
            var handler = Class($$"""
                    void Run(TcpListener l) { var c = l.AcceptTcpClient(); {{name}}(c); }
                    void {{name}}(TcpClient c) { c.GetStream().ReadByte(); c.Close(); }
                """);
            var fieldHandler = $$"""
                class {{name}}
                {
                    private readonly TcpClient _client;
                    public {{name}}(TcpClient client) { _client = client; }
                    public void Run() { _client.GetStream().ReadByte(); }
                    static void Serve(TcpListener l) { new {{name}}(l.AcceptTcpClient()).Run(); }
                }
                """;

            // DiagnosticsOfAsync asserts that no analyzer threw.
            Assert.DoesNotContain(await DiagnosticsAsync(handler), d => d.Id.StartsWith("AD", System.StringComparison.Ordinal));
            Assert.DoesNotContain(await DiagnosticsAsync(fieldHandler), d => d.Id.StartsWith("AD", System.StringComparison.Ordinal));
        }

        [Fact]
        public async Task Still_reported_beside_an_unrelated_error()
        {
            var source = Class("""
                    void M(Socket s, byte[] buf)
                    {
                        Undefined();
                        while (true)
                        {
                            int n = s.Receive(buf);
                            Handle(buf, n);
                        }
                    }
                """);
            Assert.Contains(await DiagnosticsAsync(source), d => d.Id == "SL0001");
        }

        [Fact]
        public async Task No_fix_on_a_zero_test_with_syntax_errors()
        {
            // Found: "if (n == 0 0)" was rewritten into "if (n == 0 {\n 0) break; })", one more compiler error.
            var source = Class("""
                    void M(Socket s, byte[] buf)
                    {
                        while (true)
                        {
                            int n = s.Receive(buf);
                            if (n == 0 0) { Console.WriteLine("peer closed"); continue; }
                        }
                    }
                """);
            Assert.Empty(await FixKeysAsync(source, "SL0001"));
        }

        [Fact]
        public async Task No_fix_on_a_receive_statement_with_syntax_errors()
        {
            // Found: a doubled ')' after the receive; the check went into the middle of ".ConfigureAwait(false)".
            var source = Class("""
                    async Task M(Socket s)
                    {
                        var n = await s.ReceiveAsync(new byte[1], SocketFlags.None) ).ConfigureAwait(false);
                    }
                """);
            Assert.Empty(await FixKeysAsync(source, "SL0001"));
        }
    }

    public class SL0003
    {
        [Theory]
        [InlineData("Undefined(client);")]
        [InlineData("client.GetStream().Read(undefined);")]
        [InlineData("if (")]
        [InlineData("switch (client.Available) { case : break; }")]
        [InlineData("var n = client.Client.Receive(new byte[1]); bool closed = n == ; if (closed) return;")]
        [InlineData("var n = client.Client.Receive(new byte[1]); var done = n switch { 0 => true, _ => }; if (done) return;")]
        public async Task Nothing_reported_past_code_that_does_not_bind(string statement)
        {
            var source = Class($$"""
                    void M(TcpListener listener)
                    {
                        var client = listener.AcceptTcpClient();
                        {{statement}}
                        client.Close();
                    }
                """);
            Assert.DoesNotContain(await DiagnosticsAsync(source), d => d.Id == "SL0003");
        }

        [Fact]
        public async Task Still_reported_beside_an_unrelated_error()
        {
            var source = Class("""
                    void M(TcpListener listener)
                    {
                        var client = listener.AcceptTcpClient();
                        client.GetStream().Write(new byte[] { 1 });
                        client.Close();
                    }

                    void N() => Undefined();
                """);
            Assert.Contains(await DiagnosticsAsync(source), d => d.Id == "SL0003");
        }

        [Fact]
        public async Task Drain_at_the_end_of_a_using_not_offered_when_a_path_leaves_the_scope_earlier()
        {
            // Found: the drain went to the end of the using's block, but "continue" left the block without it, so the
            // server still closed first on that path (valid code, no syntax error needed).
            var source = Class("""
                    async Task M(TcpListener listener, CancellationToken ct)
                    {
                        while (!ct.IsCancellationRequested)
                        {
                            using TcpClient client = await listener.AcceptTcpClientAsync(ct);
                            if (ct.IsCancellationRequested) continue;
                            await client.GetStream().WriteAsync(new byte[] { 1 }, ct);
                        }
                    }
                """);
            Assert.Equal([SL0003ServerClosesFirstCodeFix.AbortiveCloseKey], await FixKeysAsync(source, "SL0003"));
        }

        [Fact]
        public async Task Drain_at_the_end_of_a_using_still_offered_when_jumps_stay_inside()
        {
            var source = Class("""
                    async Task M(TcpListener listener, CancellationToken ct)
                    {
                        using TcpClient client = await listener.AcceptTcpClientAsync(ct);
                        for (int i = 0; i < 3; i++)
                        {
                            if (i == 1) continue;
                            await client.GetStream().WriteAsync(new byte[] { 1 }, ct);
                        }
                    }
                """);
            Assert.Contains(SL0003ServerClosesFirstCodeFix.WaitForPeerCloseKey, await FixKeysAsync(source, "SL0003"));
        }
    }

    public class SL0004
    {
        [Theory]
        [InlineData("s.Receive(undefined);")]
        [InlineData("s.Recieve(buf);")]
        [InlineData("t.Receive(buf);")]
        [InlineData("Undefined(s).Receive(buf);")]
        public async Task Nothing_reported_on_calls_that_do_not_bind(string statement)
        {
            var source = Class($$"""
                    async Task M(Socket s, byte[] buf)
                    {
                        await Task.Yield();
                        {{statement}}
                    }
                """);
            Assert.DoesNotContain(await DiagnosticsAsync(source), d => d.Id == "SL0004");
        }

        [Fact]
        public async Task No_fix_on_a_call_still_being_typed()
        {
            var source = Class("""
                    async Task M(Socket s, byte[] buf)
                    {
                        await Task.Yield();
                        int n = s.Receive(buf
                    }
                """);
            Assert.Empty(await FixKeysAsync(source, "SL0004"));
        }

        [Theory]
        [InlineData("Task.WaitAll(")]
        [InlineData("Task.WaitAll(s.ReceiveAsync(buf, SocketFlags.None)")]
        [InlineData("Task.WaitAll(s.ReceiveAsync(buf, SocketFlags.None), ")]
        [InlineData("Task.WaitAll(new[] { s.ReceiveAsync(buf, SocketFlags.None), ")]
        [InlineData("Task.WaitAll([s.ReceiveAsync(buf, SocketFlags.None), ..")]
        [InlineData("int i = Task.WaitAny(tasks")]
        [InlineData("int i = Task.WaitAny(tasks, ")]
        [InlineData("Task.WaitAny(tasks:")]
        [InlineData("Task.WaitAll(undefined, s.ReceiveAsync(buf, SocketFlags.None));")]
        [InlineData("Task.WaitAll(s.ReceiveAsync(buf, SocketFlags.None), 100, ct, 1);")]
        public async Task No_fix_on_a_WaitAll_still_being_typed(string statement)
        {
            // Nothing may throw (DiagnosticsOfAsync asserts it), and no fix is offered on the unfinished statement.
            var source = Class($$"""
                    async Task M(Socket s, byte[] buf, CancellationToken ct)
                    {
                        var tasks = new[] { s.ReceiveAsync(buf, SocketFlags.None) };
                        await Task.Yield();
                        {{statement}}
                    }
                """);
            Assert.Empty(await FixKeysAsync(source, "SL0004"));
        }
    }
}
