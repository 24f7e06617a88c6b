using SocketLint.CodeFixes.Rules;
using Xunit;

namespace SocketLint.Tests.Rules;

/// <summary>
/// Every fix keeps a file's own indentation when no .editorconfig sets one: in a file indented with tabs or with two
/// spaces, the new lines are indented as the file's are, and no line the fix does not change moves. Each case is
/// written with four spaces and run as written and with tabs and two spaces: the fixed code must be the same, indented
/// the same way.
/// </summary>
public class FixIndentationTests
{
    private const string Usings = """
        using System;
        using System.IO;
        using System.Net;
        using System.Net.Sockets;
        using System.Threading;
        using System.Threading.Tasks;

        """;

    private static string Class(string members) => Usings + "class C\n{\n" + members + "\n    static void Log(object o) { }\n    static void Handle(byte[] b, int n) { }\n}\n";

    public static TheoryData<string> Units => new() { "    ", "\t", "  " };

    /// <summary><paramref name="text"/> with each leading run of four spaces made <paramref name="unit"/>.</summary>
    internal static string Indented(string text, string unit)
    {
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            var spaces = line.Length - line.TrimStart(' ').Length;
            if (spaces % 4 != 0)
                throw new System.ArgumentException($"line {i + 1} is not indented in fours: '{line}'");
            lines[i] = string.Concat(System.Linq.Enumerable.Repeat(unit, spaces / 4)) + line.Substring(spaces);
        }

        return string.Join("\n", lines);
    }

    [Fact]
    public void Indented_turns_each_four_spaces_into_the_unit()
    {
        Assert.Equal("a\n\tb\n\t\tc;  d", Indented("a\n    b\n        c;  d", "\t"));
        Assert.Equal("  b\n    c", Indented("    b\n        c", "  "));
        Assert.Throws<System.ArgumentException>(() => Indented("   odd", "\t"));
    }

    [Theory]
    [InlineData("class C\n{\n\tvoid M()\n\t{\n\t\tF();\n\t}\n}\n", true, 0)]
    [InlineData("class C\n{\n  void M()\n  {\n    F(1,\n          2);\n  }\n}\n", false, 2)]
    [InlineData("class C\n{\n    /**\n     * doc\n     */\n    void M()\n    {\n        F();\n    }\n}\n", false, 4)]
    [InlineData("class C\n{\n\t// a long\n\t// comment\n\tvoid M() { }\n    void N() { }\n}\n", true, 4)]
    [InlineData("class C { }\n", false, 0)]
    public void The_files_indentation_is_read_from_its_lines(string text, bool useTabs, int size)
    {
        // Tabs when most indented lines start with one; else the step most lines go deeper by (an aligned argument is
        // one step of six, a doc comment's " * " none); a file with no indented line says nothing.
        var indentation = SocketLint.CodeFixes.FileIndentation.Of(Microsoft.CodeAnalysis.Text.SourceText.From(text));
        Assert.Equal(useTabs, indentation.UseTabs);
        if (!useTabs)
            Assert.Equal(size, indentation.Size);
    }

    [Fact]
    public async Task An_editorconfig_indentation_wins_over_the_files()
    {
        // The project says four spaces: in a file indented with tabs, the line the fix adds (and the brace after it, whose
        // indentation the formatter lays out with it) follows the project, as `dotnet format` would lay out the whole
        // file; the lines before it keep their tabs.
        var test = new Verifiers.CSharpVerifier<SL0002SendFailureIgnoredCodeFix>.Test
        {
            TestCode = Indented(Class("""
                    void M(Socket s, byte[] data)
                    {
                        try
                        {
                            s.Send(data);
                        }
                        [|catch (SocketException e)|]
                        {
                            Log(e.Message);
                        }
                    }
                """), "\t"),
            FixedCode = Indented(Class("""
                    void M(Socket s, byte[] data)
                    {
                        try
                        {
                            s.Send(data);
                        }
                        catch (SocketException e)
                        {
                            Log(e.Message);
                        }
                    }
                """), "\t").Replace("\t\t\tLog(e.Message);\n\t\t}", "\t\t\tLog(e.Message);\n            s.Close();\n        }"),
            CodeActionEquivalenceKey = SL0002SendFailureIgnoredCodeFix.CloseKey,
        };
        test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n\n[*.cs]\nindent_style = space\nindent_size = 4\n"));
        await test.RunAsync();
    }

    [Theory]
    [MemberData(nameof(Units))]
    public async Task SL0001_close_in_the_zero_branch(string unit)
    {
        var source = Class("""
                async Task Serve(TcpListener listener, CancellationToken ct)
                {
                    var client = await listener.AcceptTcpClientAsync(ct);
                    var ns = client.GetStream();
                    var buf = new byte[64];
                    while (true)
                    {
                        int n = await [|ns.ReadAsync(buf, ct)|];
                        if (n == 0) break;
                        Handle(buf, n);
                    }
                }
            """);
        var fixedSource = Class("""
                async Task Serve(TcpListener listener, CancellationToken ct)
                {
                    var client = await listener.AcceptTcpClientAsync(ct);
                    var ns = client.GetStream();
                    var buf = new byte[64];
                    while (true)
                    {
                        int n = await ns.ReadAsync(buf, ct);
                        if (n == 0)
                        {
                            client.Dispose();
                            break;
                        }
                        Handle(buf, n);
                    }
                }
            """);
        await CSharpVerifierFor<SL0001PeerCloseNotHandledCodeFix>(source, fixedSource, unit, SL0001PeerCloseNotHandledCodeFix.CloseKey);
    }

    [Theory]
    [MemberData(nameof(Units))]
    public async Task SL0001_stop_reading_on_zero(string unit)
    {
        var source = Class("""
                void Pump(Socket s)
                {
                    var buf = new byte[64];
                    while (true)
                    {
                        [|s.Receive(buf)|];
                        Log(buf);
                    }
                }
            """);
        var fixedSource = Class("""
                void Pump(Socket s)
                {
                    var buf = new byte[64];
                    while (true)
                    {
                        int received = s.Receive(buf);
                        if (received == 0)
                            break;
                        Log(buf);
                    }
                }
            """);
        await CSharpVerifierFor<SL0001PeerCloseNotHandledCodeFix>(source, fixedSource, unit, SL0001PeerCloseNotHandledCodeFix.StopReadingKey);
    }

    [Theory]
    [MemberData(nameof(Units))]
    public async Task SL0002_close_and_rethrow_in_the_catch(string unit)
    {
        const string source = """
                void M(Socket s, byte[] data)
                {
                    try
                    {
                        s.Send(data);
                    }
                    [|catch (SocketException e)|]
                    {
                        Log(e.Message);
                    }
                    Log("next");
                }
            """;
        await CSharpVerifierFor<SL0002SendFailureIgnoredCodeFix>(Class(source), Class("""
                void M(Socket s, byte[] data)
                {
                    try
                    {
                        s.Send(data);
                    }
                    catch (SocketException e)
                    {
                        Log(e.Message);
                        s.Close();
                    }
                    Log("next");
                }
            """), unit, SL0002SendFailureIgnoredCodeFix.CloseKey);
        await CSharpVerifierFor<SL0002SendFailureIgnoredCodeFix>(Class(source), Class("""
                void M(Socket s, byte[] data)
                {
                    try
                    {
                        s.Send(data);
                    }
                    catch (SocketException e)
                    {
                        Log(e.Message);
                        throw;
                    }
                    Log("next");
                }
            """), unit, SL0002SendFailureIgnoredCodeFix.RethrowKey);
    }

    [Theory]
    [MemberData(nameof(Units))]
    public async Task SL0002_check_of_an_error_code(string unit)
    {
        await CSharpVerifierFor<SL0002SendFailureIgnoredCodeFix>(Class("""
                void M(Socket s, byte[] data)
                {
                    [|s.Send(data, SocketFlags.None, out SocketError error)|];
                    Log("sent");
                }
            """), Class("""
                void M(Socket s, byte[] data)
                {
                    s.Send(data, SocketFlags.None, out SocketError error);
                    if (error != SocketError.Success)
                    {
                        s.Close();
                        return;
                    }

                    Log("sent");
                }
            """), unit, SL0002SendFailureIgnoredCodeFix.CloseKey);
    }

    [Theory]
    [MemberData(nameof(Units))]
    public async Task A_case_block_written_at_its_labels_level_stays_there(string unit)
    {
        // case 2: and its { on one column (helper G's c09:19): the check goes in at the block's level, and the break
        // after it keeps its line.
        await CSharpVerifierFor<SL0002SendFailureIgnoredCodeFix>(Class("""
                void M(Socket s, byte[] buf, int kind)
                {
                    switch (kind)
                    {
                        case 1:
                        {
                            Log(1);
                            break;
                        }
                        case 2:
                        {
                            var err = SocketError.Success;
                            [|s.Send(buf, 0, 4, SocketFlags.None, out err)|];
                            break;
                        }
                    }
                }
            """), Class("""
                void M(Socket s, byte[] buf, int kind)
                {
                    switch (kind)
                    {
                        case 1:
                        {
                            Log(1);
                            break;
                        }
                        case 2:
                        {
                            var err = SocketError.Success;
                            s.Send(buf, 0, 4, SocketFlags.None, out err);
                            if (err != SocketError.Success)
                            {
                                s.Close();
                                return;
                            }

                            break;
                        }
                    }
                }
            """), unit, SL0002SendFailureIgnoredCodeFix.CloseKey);
    }

    [Theory]
    [MemberData(nameof(Units))]
    public async Task SL0003_drain_and_abortive_close(string unit)
    {
        const string source = """
                void Serve(TcpListener listener)
                {
                    var client = listener.AcceptTcpClient();
                    client.GetStream().Write(new byte[] { 1 });
                    [|client.Close()|];
                    Log("closed");
                }
            """;
        await CSharpVerifierFor<SL0003ServerClosesFirstCodeFix>(Class(source), Class("""
                void Serve(TcpListener listener)
                {
                    var client = listener.AcceptTcpClient();
                    client.GetStream().Write(new byte[] { 1 });
                    client.Client.ReceiveTimeout = 5000;
                    try
                    {
                        var drain = new byte[256];
                        while (client.Client.Receive(drain) > 0) { }
                    }
                    catch (SocketException) { }

                    client.Close();
                    Log("closed");
                }
            """), unit, SL0003ServerClosesFirstCodeFix.WaitForPeerCloseKey);
        await CSharpVerifierFor<SL0003ServerClosesFirstCodeFix>(Class(source), Class("""
                void Serve(TcpListener listener)
                {
                    var client = listener.AcceptTcpClient();
                    client.LingerState = new LingerOption(true, 0);
                    client.GetStream().Write(new byte[] { 1 });
                    client.Close();
                    Log("closed");
                }
            """), unit, SL0003ServerClosesFirstCodeFix.AbortiveCloseKey);
    }

    [Theory]
    [MemberData(nameof(Units))]
    public async Task SL0003_async_drain_linked_to_the_token(string unit)
    {
        await CSharpVerifierFor<SL0003ServerClosesFirstCodeFix>(Class("""
                async Task Serve(TcpListener listener, CancellationToken ct)
                {
                    var client = await listener.AcceptTcpClientAsync(ct);
                    await client.GetStream().WriteAsync(new byte[] { 1 }, ct);
                    [|client.Close()|];
                }
            """), Class("""
                async Task Serve(TcpListener listener, CancellationToken ct)
                {
                    var client = await listener.AcceptTcpClientAsync(ct);
                    await client.GetStream().WriteAsync(new byte[] { 1 }, ct);
                    using (var drainTimeout = CancellationTokenSource.CreateLinkedTokenSource(ct))
                    {
                        drainTimeout.CancelAfter(5000);
                        try
                        {
                            var drain = new byte[256];
                            while (await client.Client.ReceiveAsync(drain, SocketFlags.None, drainTimeout.Token) > 0) { }
                        }
                        catch (OperationCanceledException) { }
                        catch (SocketException) { }
                    }

                    client.Close();
                }
            """), unit, SL0003ServerClosesFirstCodeFix.WaitForPeerCloseKey);
    }

    [Theory]
    [MemberData(nameof(Units))]
    public async Task SL0004_awaits_in_place_and_splits_a_connect(string unit)
    {
        await CSharpVerifierFor<SL0004BlockingSocketCallInAsyncCodeFix>(Class("""
                async Task<int> M(string host, int port, byte[] buf, CancellationToken ct)
                {
                    await Task.Yield();
                    var c = [|new TcpClient(host, port)|];
                    var s = c.Client;
                    var n = [|s.Receive(buf)|];
                    if (n > 0)
                    {
                        Log(n);
                    }
                    return n;
                }
            """), Class("""
                async Task<int> M(string host, int port, byte[] buf, CancellationToken ct)
                {
                    await Task.Yield();
                    var c = new TcpClient();
                    await c.ConnectAsync(host, port, ct);
                    var s = c.Client;
                    var n = await s.ReceiveAsync(buf, ct);
                    if (n > 0)
                    {
                        Log(n);
                    }
                    return n;
                }
            """), unit, SL0004BlockingSocketCallInAsyncCodeFix.AwaitKey);
    }

    private static Task CSharpVerifierFor<TCodeFix>(string source, string fixedSource, string unit, string key)
        where TCodeFix : Microsoft.CodeAnalysis.CodeFixes.CodeFixProvider, new() =>
        Verifiers.CSharpVerifier<TCodeFix>.VerifyCodeFixAsync(Indented(source, unit), Indented(fixedSource, unit), key);
}
