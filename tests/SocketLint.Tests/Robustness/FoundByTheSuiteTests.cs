using SocketLint.CodeFixes.Rules;
using Xunit;
using VerifySL0001 = SocketLint.Tests.Verifiers.CSharpVerifier<
    SocketLint.CodeFixes.Rules.SL0001PeerCloseNotHandledCodeFix>;
using VerifySL0003 = SocketLint.Tests.Verifiers.CSharpVerifier<
    SocketLint.CodeFixes.Rules.SL0003ServerClosesFirstCodeFix>;
using VerifySL0004 = SocketLint.Tests.Verifiers.CSharpVerifier<
    SocketLint.CodeFixes.Rules.SL0004BlockingSocketCallInAsyncCodeFix>;

namespace SocketLint.Tests.Robustness;

/// <summary>
/// Valid code on which the robustness suite's generated shapes (seed 1) made a rule or a fix go wrong: each test
/// says what happened before the fix in src/.
/// </summary>
public class FoundByTheSuiteTests
{
    private const string Usings = """
        using System;
        using System.IO;
        using System.Collections.Generic;
        using System.Net.Sockets;
        using System.Threading;
        using System.Threading.Tasks;

        """;

    private static string Class(string members) => Usings + "class C\n{\n" + members + "\n    static void Handle(byte[] b, int n) { }\n}\n";

    [Fact]
    public async Task SL0001_a_discarded_count_gets_a_name_of_its_own()
    {
        // Before: "_ = await c.ReceiveAsync(...)" became "if (_ == 0)": CS0103, and the diagnostic stayed.
        await VerifySL0001.VerifyCodeFixAsync(Class("""
                async Task M(Socket listener, byte[] buf)
                {
                    Socket c = listener.Accept();
                    _ = await [|c.ReceiveAsync(buf, SocketFlags.None)|];
                }
            """), Class("""
                async Task M(Socket listener, byte[] buf)
                {
                    Socket c = listener.Accept();
                    int received = await c.ReceiveAsync(buf, SocketFlags.None);
                    if (received == 0)
                    {
                        c.Close();
                        return;
                    }
                }
            """), SL0001PeerCloseNotHandledCodeFix.CloseKey);
    }

    [Fact]
    public async Task SL0001_a_task_kept_in_a_local_is_not_a_count()
    {
        // Before: "var t = s.ReceiveAsync(...)" was read as a count never compared with 0, and the fix wrote "if (t == 0)".
        await VerifySL0001.VerifyAnalyzerAsync(Class("""
                async Task<int> M(Socket s, byte[] buf)
                {
                    var t = s.ReceiveAsync(buf, SocketFlags.None);
                    Console.WriteLine("waiting");
                    return await t;
                }
            """));
    }

    [Fact]
    public async Task SL0001_a_goto_that_ends_the_zero_branch_keeps_its_place()
    {
        // Before: the close went after "goto done;", where it never runs, so the diagnostic stayed.
        await VerifySL0001.VerifyCodeFixAsync(Class("""
                void M()
                {
                    var c = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                    c.Connect("localhost", 80);
                    var buf = new byte[16];
                    int n;
                    do
                    {
                        n = [|c.Receive(buf)|];
                        if (n > 0) Handle(buf, n); else { goto done; }
                    }
                    while (n != 0);
                    done:
                    Console.WriteLine();
                }
            """), Class("""
                void M()
                {
                    var c = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                    c.Connect("localhost", 80);
                    var buf = new byte[16];
                    int n;
                    do
                    {
                        n = c.Receive(buf);
                        if (n > 0) Handle(buf, n); else { c.Close(); goto done; }
                    }
                    while (n != 0);
                    done:
                    Console.WriteLine();
                }
            """), SL0001PeerCloseNotHandledCodeFix.CloseKey);
    }

    [Fact]
    public async Task SL0001_no_fix_that_would_change_nothing()
    {
        // Found with seed 9 (a deleted '}' put the label inside the loop): the zero branch already ends in a goto
        // that leads back into the loop, the connection is handed in, and the fix only wrapped the goto in braces.
        await VerifySL0001.VerifyNoCodeFixAsync(Class("""
                void M(Socket s, byte[] buf)
                {
                    while (true)
                    {
                        int n = [|s.Receive(buf)|];
                        if (n == 0) goto again;
                        Handle(buf, n);
                        again:
                        Console.WriteLine();
                    }
                }
            """));
    }

    [Fact]
    public async Task SL0001_no_break_out_of_an_endless_loop_that_would_end_a_function_returning_a_value()
    {
        // Before: "break" made the end of the method reachable: CS0161, not all code paths return a value.
        await VerifySL0001.VerifyNoCodeFixAsync(Class("""
                int M(Socket s, byte[] buf)
                {
                    while (true)
                    {
                        int n = [|s.Receive(buf)|];
                        Handle(buf, n);
                    }
                }
            """));
    }

    [Fact]
    public async Task SL0001_fix_all_gives_each_new_count_a_name_of_its_own()
    {
        // Found by the Fix All check across projects: every discarded count in a method was named "received" (CS0128).
        await VerifySL0001.VerifyCodeFixAsync(Class("""
                void M(Socket s, byte[] buf)
                {
                    [|s.Receive(buf)|];
                    [|s.Receive(buf)|];
                }
            """), Class("""
                void M(Socket s, byte[] buf)
                {
                    int received = s.Receive(buf);
                    if (received == 0)
                        return;
                    int received2 = s.Receive(buf);
                    if (received2 == 0)
                        return;
                }
            """), SL0001PeerCloseNotHandledCodeFix.StopReadingKey);
    }

    [Fact]
    public async Task SL0003_abortive_close_is_not_put_where_the_connection_is_not_accepted_yet()
    {
        // Before: "client.LingerState = ..." went after "Socket? client = null;": a NullReferenceException, and the
        // diagnostic stayed. The close here is "client?.Dispose()", where client may be null: no abortive fix.
        var source = Class("""
                void M(Socket listener, byte[] buf)
                {
                    Socket? client = null;
                    try
                    {
                        client = listener.Accept();
                        client.Send(buf);
                    }
                    finally
                    {
                        client?.Dispose();
                    }
                }
            """);
        Assert.Contains("SL0003", (await RobustnessHarness.DiagnosticsOfAsync(source)).Select(d => d.Id));
        Assert.DoesNotContain(SL0003ServerClosesFirstCodeFix.AbortiveCloseKey, await RobustnessHarness.FixKeysAsync(source, "SL0003"));
    }

    [Fact]
    public async Task SL0002_error_check_is_not_put_after_an_expression_bodied_local_function()
    {
        // Found with seed 1 (a deleted '[' turned the members after it into local functions): the check of an unread
        // SocketError was put after the local function "void Stored(...) => s.Send(..., out error);", outside it.
        var source = Class("""
                void Run(Socket s, byte[] data)
                {
                    SocketError error;
                    void Stored() => s.Send(data, SocketFlags.None, out error);
                    Stored();
                }
            """);
        Assert.Contains("SL0002", (await RobustnessHarness.DiagnosticsOfAsync(source)).Select(d => d.Id));
        Assert.Empty(await RobustnessHarness.FixKeysAsync(source, "SL0002"));
    }

    [Fact]
    public async Task SL0003_abortive_close_is_not_put_before_the_using_that_declares_the_connection()
    {
        // Found with seed 7 (a deleted '{' left a using statement without a block): "b.LingerState = ..." went before
        // "using (var b = ...)", where b is not declared yet (valid code without the slip does the same).
        var source = Class("""
                void M(TcpListener listener)
                {
                    using (var b = listener.AcceptTcpClient())
                        b.GetStream().WriteByte(1);
                }
            """);
        Assert.Contains("SL0003", (await RobustnessHarness.DiagnosticsOfAsync(source)).Select(d => d.Id));
        Assert.Empty(await RobustnessHarness.FixKeysAsync(source, "SL0003"));
    }

    [Fact]
    public async Task SL0003_a_drain_in_the_finally_before_the_close_is_seen()
    {
        // Before: the close in a finally was reported whatever the finally did before it, so the fix's own drain,
        // put there, did not clear the diagnostic.
        await VerifySL0003.VerifyAnalyzerAsync(Class("""
                void M(Socket listener, byte[] buf)
                {
                    Socket client = listener.Accept();
                    try
                    {
                        client.Send(buf);
                    }
                    finally
                    {
                        while (client.Receive(buf) > 0) { }
                        client.Close();
                    }
                }
            """));
        await VerifySL0003.VerifyAnalyzerAsync(Class("""
                void M(Socket listener, byte[] buf)
                {
                    Socket client = listener.Accept();
                    try
                    {
                        client.Send(buf);
                    }
                    finally
                    {
                        Console.WriteLine();
                        [|client.Close()|];
                    }
                }
            """));
    }

    [Fact]
    public async Task SL0004_no_await_in_a_lambda_inside_an_unsafe_block()
    {
        // Before: the lambda was taken as the end of the unsafe context, and the fix added CS4004 (await in unsafe).
        var source = Class("""
                void M(Socket s)
                {
                    unsafe
                    {
                        Func<Task> f = async () => { [|s.Connect("localhost", 80)|]; };
                    }
                }
            """);
        var test = new VerifySL0004.Test { TestCode = source, FixedCode = source };
        test.SolutionTransforms.Add((solution, projectId) =>
        {
            var options = (Microsoft.CodeAnalysis.CSharp.CSharpCompilationOptions)solution.GetProject(projectId)!.CompilationOptions!;
            return solution.WithProjectCompilationOptions(projectId, options.WithAllowUnsafe(true));
        });
        await test.RunAsync();
    }
}
