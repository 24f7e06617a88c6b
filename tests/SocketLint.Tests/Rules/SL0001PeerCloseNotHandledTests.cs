using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using SocketLint.CodeFixes.Rules;
using Xunit;
using Verify = SocketLint.Tests.Verifiers.CSharpVerifier<
    SocketLint.CodeFixes.Rules.SL0001PeerCloseNotHandledCodeFix>;

namespace SocketLint.Tests.Rules;

public class SL0001PeerCloseNotHandledTests
{
    private const string Usings = """
        using System;
        using System.IO;
        using System.Net;
        using System.Net.Security;
        using System.Net.Sockets;
        using System.Threading;
        using System.Threading.Tasks;

        """;

    private static string Class(string members) => Usings + "class C\n{\n" + members + "\n    static void Handle(byte[] b, int n) { }\n}\n";

    /// <summary>A read loop on a socket field that may be null, <paramref name="body"/> its body.</summary>
    private static string NullConditionalSocketLoop(string body) => Class($$"""
            Socket? _socket;

            void Pump()
            {
                var buffer = new byte[100];
                while (true)
                {
                    {{body}}
                }
            }
        """);

    public class Diagnostics
    {
        [Fact]
        public async Task A_count_returned_only_under_a_test_of_another_value_is_not_handed_to_the_caller()
        {
            // Helper M's A10_HandlerClass:80: the count goes back to the caller only when it is 'Q' (or 5); at the peer's
            // close (-1, 0) that branch is never taken, and the loop spins. A return the closed count can reach still
            // hands it on (the caller decides).
            await Verify.VerifyAnalyzerAsync(Class("""
                    NetworkStream _stream = null!;

                    int ReadCommand()
                    {
                        while (true)
                        {
                            int b = {|#0:_stream.ReadByte()|};
                            if (b == '\n') continue;
                            if (b == 'Q') return b;
                            Console.WriteLine((char)b);
                        }
                    }

                    int ReadFive(NetworkStream ns, byte[] buf)
                    {
                        while (true)
                        {
                            int n = {|#1:ns.Read(buf, 0, buf.Length)|};
                            if (n == 5) { Console.WriteLine("five"); return n; }
                            Console.WriteLine(n);
                        }
                    }

                    int ReadSmall(NetworkStream ns, byte[] buf)
                    {
                        while (true)
                        {
                            int n = ns.Read(buf, 0, buf.Length);
                            if (n < 5) return n;
                            Console.WriteLine(n);
                        }
                    }
                """),
                Verify.Diagnostic("SL0001").WithLocation(0).WithArguments("NetworkStream.ReadByte", "returns -1 when the peer closes, and on that path the read loop goes on", ", and the loop spins on -1"),
                Verify.Diagnostic("SL0001").WithLocation(1).WithArguments("NetworkStream.Read", "returns 0 when the peer closes, and on that path the read loop goes on", ", and the loop spins on 0"));
        }

        [Fact]
        public async Task Two_reads_where_the_second_does_not_handle_its_close_either()
        {
            // The second read goes on at 0 too: both counts are reported, the first never compared.
            await Verify.VerifyAnalyzerAsync(Class("""
                    static void Loop(NetworkStream ns, System.Collections.Generic.List<int> o)
                    {
                        while (true)
                        {
                            int verb = {|#0:ns.ReadByte()|};
                            int opt = {|#1:ns.ReadByte()|};
                            if (opt < 0)
                                continue;
                            o.Add(verb << 8 | opt);
                        }
                    }
                """),
                Verify.Diagnostic("SL0001").WithLocation(0).WithArguments("NetworkStream.ReadByte", "returns a count that is never compared with -1, so the peer's close goes unnoticed", ""),
                Verify.Diagnostic("SL0001").WithLocation(1).WithArguments("NetworkStream.ReadByte", "returns -1 when the peer closes, and on that path the read loop goes on", ", and the loop spins on -1"));
        }

        [Fact]
        public async Task A_count_compared_and_returned_on_one_path_of_a_read_loop_is_still_checked()
        {
            // In a loop, the paths that do not return go round with the count of 0.
            await Verify.VerifyAnalyzerAsync(Class("""
                    static bool InLoop(Socket s, byte[] buffer, Func<bool> stop)
                    {
                        while (true)
                        {
                            int n = {|#0:s.Receive(buffer)|};
                            if (stop())
                                return n > 0;
                            Handle(buffer, n);
                        }
                    }
                """),
                Verify.Diagnostic("SL0001").WithLocation(0).WithArguments("Socket.Receive", "returns a count that is never compared with 0, so the peer's close goes unnoticed", ", and the loop spins on 0"));
        }

        [Fact]
        public async Task A_read_raced_against_a_timeout_is_reported_where_its_task_gives_the_count()
        {
            // The task is kept and awaited once Task.WhenAny says it finished first: that await gives the count, and
            // from there the loop goes round with a count of 0 as with any other. The finding is the read's.
            await Verify.VerifyAnalyzerAsync(Class("""
                    async Task Stream(NetworkStream ns, Stream sink, CancellationToken ct)
                    {
                        var buf = new byte[1024];
                        while (!ct.IsCancellationRequested)
                        {
                            var readTask = {|#0:ns.ReadAsync(buf, 0, buf.Length, ct)|};
                            if (await Task.WhenAny(readTask, Task.Delay(5000, ct)) != readTask)
                                continue;
                            int n = await readTask;
                            await sink.WriteAsync(buf.AsMemory(0, n), ct);
                        }
                    }

                    async Task Socket(Socket s, CancellationToken ct)
                    {
                        var buf = new byte[1024];
                        while (true)
                        {
                            Task<int> pending;
                            pending = {|#1:s.ReceiveAsync(buf, SocketFlags.None)|};
                            var done = await Task.WhenAny(new[] { pending, Task.Delay(1000, ct) });
                            if (done != pending || !pending.IsCompletedSuccessfully)
                                continue;
                            var n = await pending.ConfigureAwait(false);
                            Handle(buf, n);
                        }
                    }
                """),
                Verify.Diagnostic("SL0001").WithLocation(0).WithArguments("NetworkStream.ReadAsync", "returns a count that is never compared with 0, so the peer's close goes unnoticed", ", and the loop spins on 0"),
                Verify.Diagnostic("SL0001").WithLocation(1).WithArguments("Socket.ReceiveAsync", "returns a count that is never compared with 0, so the peer's close goes unnoticed", ", and the loop spins on 0"));
        }

        [Fact]
        public async Task A_flag_set_on_the_zero_path_too_skips_the_close()
        {
            await Verify.VerifyAnalyzerAsync(Class("""
                    void Greet(TcpListener listener, byte[] buffer)
                    {
                        bool good = false;
                        TcpClient client = listener.AcceptTcpClient();
                        NetworkStream stream = client.GetStream();
                        int bytesRead = {|#0:stream.Read(buffer, 0, buffer.Length)|};
                        if (bytesRead == 0)
                            good = true;

                        if (!good)
                            client.Close();
                    }
                """), Verify.Diagnostic("SL0001").WithLocation(0).WithArguments(
                    "NetworkStream.Read",
                    "returns 0 when the peer closes, and on that path the connection is not closed",
                    ""));
        }

        [Fact]
        public async Task The_read_loops_condition_tested_again_after_the_body_changed_it()
        {
            // The body also sets the total otherwise than by adding the count, so the condition is not known to hold;
            // here the zero branch starts over and the loop spins on 0.
            await Verify.VerifyAnalyzerAsync(Class("""
                    void Read(Socket s, byte[] buffer, int length)
                    {
                        int received = 0;
                        while (received < length)
                        {
                            int read = {|#0:s.Receive(buffer)|};
                            if (read == 0 && received < length)
                            {
                                received = 0;
                                continue;
                            }

                            received += read;
                        }
                    }
                """), Verify.Diagnostic("SL0001").WithLocation(0).WithArguments(
                    "Socket.Receive",
                    "returns 0 when the peer closes, and on that path the read loop goes on",
                    ", and the loop spins on 0"));
        }

        [Fact]
        public async Task Aliases_in_a_body_with_many_connections()
        {
            // Past sixteen connection symbols the body's aliases are looked up through an index: a datagram socket
            // reached through an alias is still one, and the last stream socket is still owned and read.
            var sockets = string.Join("\n", Enumerable.Range(0, 20).Select(i => $"        var s{i} = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);"));
            await Verify.VerifyAnalyzerAsync(Usings + $$"""
                class C
                {
                    void M()
                    {
                {{sockets}}
                        var udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
                        var alias = udp;
                        alias.Receive(new byte[1]);
                        var stream = new NetworkStream(s19, ownsSocket: true);
                        [|stream.Read(new byte[1], 0, 1)|];
                    }
                }
                """);
        }

        [Fact]
        public async Task Receives_in_members_that_are_not_methods()
        {
            // A read loop written in a field's initializer or a constructor is judged as one written in a method.
            await Verify.VerifyAnalyzerAsync(Usings + """
                class C
                {
                    static readonly Action<Socket> Pump = s => { var b = new byte[16]; while (true) [|s.Receive(b)|]; };
                    readonly Action _drain;

                    C(NetworkStream stream) { _drain = () => { var b = new byte[16]; while (true) [|stream.Read(b, 0, b.Length)|]; }; }
                }
                """);
        }

        [Theory]
        [InlineData("s.Receive(buf);")]
        [InlineData("_ = s.Receive(buf);")]
        [InlineData("s.Receive(buf, 0, buf.Length, SocketFlags.None);")]
        [InlineData("s.Receive(buf.AsSpan());")]
        [InlineData("await s.ReceiveAsync(buf, SocketFlags.None);")]
        [InlineData("await s.ReceiveAsync(buf.AsMemory(), CancellationToken.None);")]
        [InlineData("await s.ReceiveAsync(buf, SocketFlags.None).ConfigureAwait(false);")]
        [InlineData("await s.ReceiveAsync(buf.AsMemory(), SocketFlags.None).ConfigureAwait(false);")]
        public async Task Discarded_count(string receive)
        {
            var call = receive.TrimEnd(';').Replace("_ = ", "").Replace("await ", "").Replace(".ConfigureAwait(false)", "");
            var marked = receive.Replace(call, "{|#0:" + call + "|}");
            await Verify.VerifyAnalyzerAsync(Class($$"""
                    async Task M(Socket s, byte[] buf)
                    {
                        {{marked}}
                    }
                """), Verify.Diagnostic("SL0001").WithLocation(0).WithOptions(DiagnosticOptions.IgnoreAdditionalLocations).WithMessage(null));
        }

        [Fact]
        public async Task Discarded_count_of_stream_reads()
        {
            await Verify.VerifyAnalyzerAsync(Class("""
                    async Task M(TcpClient client, NetworkStream ns, byte[] buf, CancellationToken ct)
                    {
                        [|ns.Read(buf, 0, buf.Length)|];
                        await [|ns.ReadAsync(buf, ct)|];
                        await [|client.GetStream().ReadAsync(buf, 0, buf.Length, ct)|];
                        var ssl = new SslStream(client.GetStream());
                        await [|ssl.ReadAsync(buf, ct)|];
                    }
                """));
        }

        [Fact]
        public async Task Discarded_count_of_a_buffer_over_a_connection_stream()
        {
            await Verify.VerifyAnalyzerAsync(Class("""
                    void M(TcpClient client, Socket s, Stream file, byte[] buf)
                    {
                        var buffered = new BufferedStream(client.GetStream(), 8192);
                        [|buffered.Read(buf, 0, buf.Length)|];
                        Stream overSocket = new BufferedStream(new NetworkStream(s));
                        [|overSocket.Read(buf, 0, buf.Length)|];
                        var overFile = new BufferedStream(file);
                        overFile.Read(buf, 0, buf.Length);
                        var overMemory = new BufferedStream(new MemoryStream(buf));
                        overMemory.Read(buf, 0, buf.Length);
                    }
                """));
        }

        [Fact]
        public async Task A_read_of_at_least_n_bytes_that_does_not_throw_at_the_end()
        {
            // throwOnEndOfStream: false: at the peer's close ReadAtLeast returns what it got, then 0, like Read.
            await Verify.VerifyAnalyzerAsync(Class("""
                    async Task M(TcpClient client, NetworkStream ns, byte[] buf, CancellationToken ct)
                    {
                        while (true)
                        {
                            [|ns.ReadAtLeast(buf, 4, throwOnEndOfStream: false)|];
                            await [|ns.ReadAtLeastAsync(buf, 4, false, ct)|];
                            Stream stream = client.GetStream();
                            int n = {|#0:stream.ReadAtLeast(buf, 4, false)|};
                            Handle(buf, n);
                        }
                    }
                """),
                Verify.Diagnostic("SL0001").WithLocation(0).WithArguments(
                    "Stream.ReadAtLeast",
                    "returns a count that is never compared with 0, so the peer's close goes unnoticed",
                    ", and the loop spins on 0"));
        }

        [Fact]
        public async Task Count_never_compared_in_a_read_loop()
        {
            await Verify.VerifyAnalyzerAsync(Class("""
                    void M(Socket s, System.Text.StringBuilder sb)
                    {
                        var buf = new byte[1024];
                        while (true)
                        {
                            int n = {|#0:s.Receive(buf)|};
                            sb.Append(System.Text.Encoding.UTF8.GetString(buf, 0, n));
                        }
                    }
                """), Verify.Diagnostic("SL0001").WithLocation(0).WithArguments(
                    "Socket.Receive",
                    "returns a count that is never compared with 0, so the peer's close goes unnoticed",
                    ", and the loop spins on 0"));
        }

        [Fact]
        public async Task Count_added_straight_into_a_total()
        {
            await Verify.VerifyAnalyzerAsync(Class("""
                    void M(Socket s, byte[] buf)
                    {
                        int total = 0;
                        while (total < buf.Length)
                            total += {|#0:s.Receive(buf, total, buf.Length - total, SocketFlags.None)|};
                    }

                    async Task N(NetworkStream stream, byte[] buf)
                    {
                        int total = 0;
                        total += await {|#1:stream.ReadAsync(buf, 0, buf.Length)|};
                        Handle(buf, total);
                    }
                """),
                Verify.Diagnostic("SL0001").WithLocation(0).WithArguments(
                    "Socket.Receive", "returns a count that is never compared with 0, so the peer's close goes unnoticed", ", and the loop spins on 0"),
                Verify.Diagnostic("SL0001").WithLocation(1).WithArguments(
                    "Stream.ReadAsync", "returns a count that is never compared with 0, so the peer's close goes unnoticed", ""));
        }

        [Fact]
        public async Task Count_awaited_through_WaitAsync()
        {
            await Verify.VerifyAnalyzerAsync(Class("""
                    async Task M(Socket s, byte[] buf, CancellationToken ct)
                    {
                        while (true)
                        {
                            int n = await {|#0:s.ReceiveAsync(buf, SocketFlags.None)|}.WaitAsync(ct);
                            Handle(buf, n);
                        }
                    }
                """), Verify.Diagnostic("SL0001").WithLocation(0).WithArguments(
                    "Socket.ReceiveAsync", "returns a count that is never compared with 0, so the peer's close goes unnoticed", ", and the loop spins on 0"));
        }

        [Fact]
        public async Task Count_compared_with_something_else_only()
        {
            await Verify.VerifyAnalyzerAsync(Class("""
                    void M(Socket s, byte[] buf)
                    {
                        while (true)
                        {
                            int n = [|s.Receive(buf)|];
                            if (n < buf.Length) Handle(buf, n);
                        }
                    }
                """));
        }

        [Theory]
        [InlineData("while (s.Receive(buf) is var n && n >= 0) Handle(buf, n);")]
        [InlineData("while (true) { if (s.Receive(buf) is int n && n < buf.Length) Handle(buf, n); }")]
        [InlineData("while (true) { if (s.Receive(buf) is var n && n == 0) continue; Handle(buf, n); }")]
        public async Task Count_declared_by_a_pattern_but_zero_not_handled(string loop)
        {
            await Verify.VerifyAnalyzerAsync(Class($$"""
                    void M(Socket s, byte[] buf)
                    {
                        {{loop.Replace("s.Receive(buf)", "[|s.Receive(buf)|]")}}
                    }
                """));
        }

        [Fact]
        public async Task Stream_typed_as_Stream_but_taken_from_a_client()
        {
            await Verify.VerifyAnalyzerAsync(Class("""
                    async Task M(TcpClient client, byte[] buf)
                    {
                        Stream stream = client.GetStream();
                        while (true)
                        {
                            int n = await [|stream.ReadAsync(buf, 0, buf.Length)|];
                            Handle(buf, n);
                        }
                    }
                """));
        }

        [Fact]
        public async Task A_stream_from_a_GetStream_of_something_that_is_no_connection_is_no_connection()
        {
            // A package's or a memory manager's GetStream() makes its own stream: reading it to the end is no peer's close.
            await Verify.VerifyAnalyzerAsync(Usings + """
                class Package { public Stream GetStream() => new MemoryStream(); }

                class C
                {
                    void Plain(Package p, byte[] buf)
                    {
                        Stream s = p.GetStream();
                        while (true) { int n = s.Read(buf, 0, buf.Length); Console.Write(n); }
                    }

                    void Conditional(Package? p, byte[] buf)
                    {
                        Stream? s = p?.GetStream();
                        while (true) { int n = s!.Read(buf, 0, buf.Length); Console.Write(n); }
                    }
                }
                """);
        }

        [Fact]
        public async Task Stream_taken_from_a_client_through_a_null_conditional_access()
        {
            await Verify.VerifyAnalyzerAsync(Class("""
                    async Task M(TcpClient? client, byte[] buf)
                    {
                        Stream? stream = client?.GetStream();
                        if (stream is null) return;
                        while (true)
                        {
                            int n = await [|stream.ReadAsync(buf, 0, buf.Length)|];
                            Handle(buf, n);
                        }
                    }
                """));
        }

        [Theory]
        [InlineData("if (n == 0) continue;")]
        [InlineData("if (n == 0) { Console.WriteLine(\"peer closed\"); continue; }")]
        [InlineData("if (n <= 0) { Console.WriteLine(\"peer closed\"); }")]
        [InlineData("switch (n) { case 0: continue; default: Handle(buf, n); break; }")]
        public async Task Zero_seen_but_the_loop_goes_on(string check)
        {
            await Verify.VerifyAnalyzerAsync(Class($$"""
                    void M(Socket s, byte[] buf)
                    {
                        while (true)
                        {
                            int n = [|s.Receive(buf)|];
                            {{check}}
                        }
                    }
                """));
        }

        [Fact]
        public async Task A_member_socket_of_a_variable_left_open_on_zero()
        {
            // Closing another player's socket, or none, leaves this one in CLOSE_WAIT while the poll goes round.
            await Verify.VerifyAnalyzerAsync(Usings + """
                class Player { public Socket Socket = null!; public Player Partner = null!; }

                class C
                {
                    void Poll(System.Collections.Generic.List<Player> players, byte[] buf)
                    {
                        while (true)
                        {
                            foreach (var p in players)
                            {
                                int n = [|p.Socket.Receive(buf)|];
                                if (n == 0) { p.Partner.Socket.Close(); continue; }
                                Console.WriteLine(n);
                            }
                        }
                    }
                }
                """);
        }

        [Theory]
        [InlineData("var line = {|#0:reader.ReadLine()|} ?? \"\";", "onCommand(line);")]
        [InlineData("var line = {|#0:reader.ReadLine()|} ?? string.Empty;", "onCommand(line.Trim());")]
        [InlineData("string line = {|#0:reader.ReadLine()|} ?? \"\";", "if (line.StartsWith(\"#\")) continue; onCommand(line);")]
        public async Task A_line_coalesced_to_empty_and_never_tested_for_its_end(string read, string use)
        {
            // Coalesced, the end never reads as null: nothing throws on it either (a use that would throw on null sees ""),
            // and the loop goes round on "" for ever.
            await Verify.VerifyAnalyzerAsync(Class($$"""
                    void M(TcpClient client, Action<string> onCommand)
                    {
                        var reader = new StreamReader(client.GetStream());
                        while (true)
                        {
                            {{read}}
                            {{use}}
                        }
                    }
                """), Verify.Diagnostic("SL0001").WithLocation(0).WithArguments(
                    "StreamReader.ReadLine", "returns a line that is never compared with null, so the peer's close goes unnoticed", ", and the loop spins on null"));
        }

        [Theory]
        [InlineData("var line = {|#0:reader.ReadLine()|} ?? \"\";", "ReadLine")]
        [InlineData("var line = await {|#0:reader.ReadLineAsync()|}.ConfigureAwait(false) ?? string.Empty;", "ReadLineAsync")]
        [InlineData("var line = {|#0:reader.ReadLine()|};", "ReadLine")]
        public async Task A_line_left_on_a_command_only_goes_round_at_the_end(string read, string method)
        {
            // At the end the line is "" (coalesced) or null, neither of which is "quit".
            await Verify.VerifyAnalyzerAsync(Class($$"""
                    async Task M(TcpClient client, Action<string> onCommand)
                    {
                        var reader = new StreamReader(client.GetStream());
                        while (true)
                        {
                            {{read}}
                            if (line == "quit")
                                break;
                            onCommand(line + "!");
                        }
                    }
                """), Verify.Diagnostic("SL0001").WithLocation(0).WithArguments(
                    "StreamReader." + method, "returns null when the peer closes, and on that path the read loop goes on", ", and the loop spins on null"));
        }

        [Theory]
        [InlineData("var n = _socket?{|#0:.Receive(buffer)|} ?? 0; Console.WriteLine(n);")]
        [InlineData("var n = _socket?{|#0:.Receive(buffer)|}; Console.WriteLine(n);")]
        [InlineData("var n = (_socket?{|#0:.Receive(buffer)|}).GetValueOrDefault(); Console.WriteLine(n);")]
        public async Task A_count_read_through_a_null_conditional_socket_and_never_compared(string body)
        {
            await Verify.VerifyAnalyzerAsync(NullConditionalSocketLoop(body), Verify.Diagnostic("SL0001").WithLocation(0).WithArguments(
                    "Socket.Receive", "returns a count that is never compared with 0, so the peer's close goes unnoticed", ", and the loop spins on 0"));
        }

        [Fact]
        public async Task A_message_read_while_data_is_buffered_from_an_owned_connection_never_closed()
        {
            // The loop ends at the peer's close, but nothing closes what the method accepted.
            await Verify.VerifyAnalyzerAsync(Class("""
                    static string Message(TcpListener listener)
                    {
                        var client = listener.AcceptTcpClient();
                        var stream = client.GetStream();
                        var data = new byte[64];
                        var text = new System.Text.StringBuilder();
                        int n;
                        do
                        {
                            n = {|#0:stream.Read(data, 0, data.Length)|};
                            text.Append(System.Text.Encoding.ASCII.GetString(data, 0, n));
                        }
                        while (stream.DataAvailable);
                        return text.ToString();
                    }
                """), Verify.Diagnostic("SL0001").WithLocation(0).WithArguments(
                    "NetworkStream.Read", "returns a count that is never compared with 0, so the peer's close goes unnoticed", ""));
        }

        [Fact]
        public async Task An_APM_completion_reading_its_states_socket_straight_from_it_never_closes_it()
        {
            // The completion owns the socket its state carries, read into a local or not; a method of the state that
            // closes nothing (Renew) hands nothing over.
            await Verify.VerifyAnalyzerAsync(Usings + """
                class State
                {
                    public Socket Src = null!;
                    public byte[] Buf = new byte[16];
                    public void Renew() => Buf = new byte[16];
                }

                class Forwarder
                {
                    static void OnData(IAsyncResult ar)
                    {
                        var state = (State)ar.AsyncState!;
                        int n = {|#0:state.Src.EndReceive(ar)|};
                        if (n > 0)
                        {
                            state.Renew();
                            state.Src.BeginReceive(state.Buf, 0, state.Buf.Length, SocketFlags.None, OnData, state);
                        }
                    }

                    static void OnDataClosed(IAsyncResult ar)
                    {
                        var state = (State)ar.AsyncState!;
                        int n = state.Src.EndReceive(ar);
                        if (n == 0)
                        {
                            state.Src.Close();
                            return;
                        }

                        state.Src.BeginReceive(state.Buf, 0, state.Buf.Length, SocketFlags.None, OnDataClosed, state);
                    }
                }
                """, Verify.Diagnostic("SL0001").WithLocation(0).WithArguments(
                    "Socket.EndReceive", "returns 0 when the peer closes, and on that path the connection is not closed", ""));
        }

        [Fact]
        public async Task A_second_read_into_the_same_local_on_the_zero_path_never_compared()
        {
            // n = s.Receive(buf) again on the zero path, printed, and round: its own 0 is never looked at before the loop's read.
            await Verify.VerifyAnalyzerAsync(Class("""
                    void Retry(Socket s, Action<int> onData)
                    {
                        var buf = new byte[256];
                        while (true)
                        {
                            int n = {|#0:s.Receive(buf)|};
                            if (n == 0)
                            {
                                n = {|#1:s.Receive(buf)|};
                                Console.WriteLine(n);
                                continue;
                            }

                            onData(n);
                        }
                    }
                """),
                Verify.Diagnostic("SL0001").WithLocation(0).WithArguments(
                    "Socket.Receive", "returns 0 when the peer closes, and on that path the read loop goes on", ", and the loop spins on 0"),
                Verify.Diagnostic("SL0001").WithLocation(1).WithArguments(
                    "Socket.Receive", "returns a count that is never compared with 0, so the peer's close goes unnoticed", ""));
        }

        [Fact]
        public async Task A_count_returned_on_0_leaves_an_owned_connection_open()
        {
            // The caller gets the count, not the accepted socket: nobody can close it any more.
            await Verify.VerifyAnalyzerAsync(Class("""
                    int Serve(Socket listener)
                    {
                        var c = listener.Accept();
                        var buf = new byte[8];
                        while (true)
                        {
                            int n = {|#0:c.Receive(buf)|};
                            if (n == 0)
                                return n;
                            c.Send(buf, 0, n, SocketFlags.None);
                        }
                    }
                """), Verify.Diagnostic("SL0001").WithLocation(0).WithArguments(
                    "Socket.Receive", "returns 0 when the peer closes, and on that path the connection is not closed", ""));
        }

        [Fact]
        public async Task A_line_given_to_an_interpolated_string_handler_in_a_loop()
        {
            // sb.AppendLine($"...{line}") binds to StringBuilder's handler overload: its AppendFormatted writes null as nothing.
            await Verify.VerifyAnalyzerAsync(Class("""
                    void Log(TcpClient client, System.Text.StringBuilder log)
                    {
                        var reader = new StreamReader(client.GetStream());
                        while (true)
                        {
                            string? line = {|#0:reader.ReadLine()|};
                            log.AppendLine($"[remote] {line}");
                        }
                    }
                """), Verify.Diagnostic("SL0001").WithLocation(0).WithArguments(
                    "StreamReader.ReadLine", "returns a line that is never compared with null, so the peer's close goes unnoticed", ", and the loop spins on null"));
        }

        [Fact]
        public async Task A_null_line_dereferenced_where_a_catch_in_the_loop_takes_the_exception()
        {
            // null is not "", so the body runs at the peer's close; line.Trim() throws, the catch logs, and the loop reads again.
            await Verify.VerifyAnalyzerAsync(Class("""
                    void Headers(TcpClient client, System.Collections.Generic.List<string> headers)
                    {
                        var reader = new StreamReader(client.GetStream());
                        while (true)
                        {
                            try
                            {
                                string? line = {|#0:reader.ReadLine()|};
                                if (line == "")
                                    break;
                                headers.Add(line!.Trim());
                            }
                            catch (Exception e)
                            {
                                Console.WriteLine(e.Message);
                            }
                        }
                    }
                """), Verify.Diagnostic("SL0001").WithLocation(0).WithArguments(
                    "StreamReader.ReadLine", "returns null when the peer closes, and on that path the read loop goes on", ", and the loop spins on null"));
        }

        [Fact]
        public async Task A_null_line_dereferenced_leaves_an_owned_connection_open()
        {
            await Verify.VerifyAnalyzerAsync(Class("""
                    void Headers(TcpListener listener, System.Collections.Generic.List<string> headers)
                    {
                        var client = listener.AcceptTcpClient();
                        var reader = new StreamReader(client.GetStream());
                        string? line;
                        while ((line = {|#0:reader.ReadLine()|}) != "")
                            headers.Add(line!.Trim());
                        client.Close();
                    }
                """), Verify.Diagnostic("SL0001").WithLocation(0).WithArguments(
                    "StreamReader.ReadLine", "returns null when the peer closes, and on that path the connection is not closed", ""));
        }

        [Fact]
        public async Task A_line_read_through_a_null_conditional_reader()
        {
            // reader?.ReadLine() is null at the peer's close as reader.ReadLine() is: printed and never tested in a loop that
            // goes on, the loop spins; thrown away, the close goes unnoticed.
            await Verify.VerifyAnalyzerAsync(Class("""
                    void Print(TcpClient client)
                    {
                        StreamReader? reader = new StreamReader(client.GetStream());
                        while (true)
                            Console.WriteLine(reader?{|#0:.ReadLine()|});
                    }

                    void Skip(TcpClient client)
                    {
                        StreamReader? reader = new StreamReader(client.GetStream());
                        while (true)
                            reader?{|#1:.ReadLine()|};
                    }
                """),
                Verify.Diagnostic("SL0001").WithLocation(0).WithArguments(
                    "StreamReader.ReadLine", "returns a line that is never compared with null, so the peer's close goes unnoticed", ", and the loop spins on null"),
                Verify.Diagnostic("SL0001").WithLocation(1).WithArguments(
                    "StreamReader.ReadLine", "discards its line, so the peer's close (null) goes unnoticed", ""));
        }

        [Fact]
        public async Task A_line_coalesced_to_empty_whose_empty_length_goes_round()
        {
            // At the end the line is "", its length 0: skipping blank lines skips the end too.
            await Verify.VerifyAnalyzerAsync(Class("""
                    void M(TcpClient client, Action<string> onCommand)
                    {
                        var reader = new StreamReader(client.GetStream());
                        while (true)
                        {
                            string line = {|#0:reader.ReadLine()|} ?? string.Empty;
                            if (line.Length == 0) continue;
                            onCommand(line);
                        }
                    }
                """), Verify.Diagnostic("SL0001").WithLocation(0).WithArguments("StreamReader.ReadLine", "returns null when the peer closes, and on that path the read loop goes on", ", and the loop spins on null"));
        }

        [Fact]
        public async Task Zero_path_on_to_another_receive_that_does_not_handle_its_own_close()
        {
            // Each read's null goes on to the other, and neither leaves: both are reported, neither hands over. A header
            // loop's read tested where it is read (string.IsNullOrEmpty(reader.ReadLine())) goes round the outer loop, whose
            // line is never compared.
            await Verify.VerifyAnalyzerAsync(Class("""
                    void M(TcpClient client)
                    {
                        var reader = new StreamReader(client.GetStream());
                        while (true)
                        {
                            var command = {|#0:reader.ReadLine()|};
                            if (command == null) continue;
                            var argument = {|#1:reader.ReadLine()|};
                            if (argument == null) continue;
                            Console.WriteLine(command + argument);
                        }
                    }

                    void Skip(TcpClient client)
                    {
                        var reader = new StreamReader(client.GetStream());
                        while (true)
                        {
                            Console.WriteLine("> " + {|#3:reader.ReadLine()|});
                            while (!string.IsNullOrEmpty({|#2:reader.ReadLine()|})) { }
                        }
                    }
                """),
                Verify.Diagnostic("SL0001").WithLocation(0).WithArguments("StreamReader.ReadLine", "returns null when the peer closes, and on that path the read loop goes on", ", and the loop spins on null"),
                Verify.Diagnostic("SL0001").WithLocation(1).WithArguments("StreamReader.ReadLine", "returns null when the peer closes, and on that path the read loop goes on", ", and the loop spins on null"),
                Verify.Diagnostic("SL0001").WithLocation(2).WithArguments("StreamReader.ReadLine", "returns null when the peer closes, and on that path the read loop goes on", ", and the loop spins on null"),
                Verify.Diagnostic("SL0001").WithLocation(3).WithArguments("StreamReader.ReadLine", "returns a line that is never compared with null, so the peer's close goes unnoticed", ", and the loop spins on null"));
        }

        [Theory]
        [InlineData("bool closed = n == 0; if (closed) Console.WriteLine(\"peer closed\");")]
        [InlineData("bool closed = n <= 0; if (closed) continue;")]
        [InlineData("bool closed = n == 0; if (closed == true) continue;")]
        [InlineData("var done = n switch { 0 => true, _ => false }; if (done) { Console.WriteLine(\"peer closed\"); }")]
        [InlineData("if (n switch { 0 => false, _ => true }) break;")]
        public async Task Zero_carried_by_a_flag_but_the_loop_goes_on(string check)
        {
            await Verify.VerifyAnalyzerAsync(Class($$"""
                    void M(Socket s, byte[] buf)
                    {
                        while (true)
                        {
                            int n = {|#0:s.Receive(buf)|};
                            {{check}}
                            Handle(buf, n);
                        }
                    }
                """), Verify.Diagnostic("SL0001").WithLocation(0).WithArguments(
                    "Socket.Receive", "returns 0 when the peer closes, and on that path the read loop goes on", ", and the loop spins on 0"));
        }

        [Theory]
        // Set again, or set where the model cannot see: the flag may no longer hold the test.
        [InlineData("bool closed = n == 0; closed = false; if (closed) break;")]
        [InlineData("bool closed = n == 0; Reset(out closed); if (closed) break;")]
        [InlineData("bool closed = n == 0; Action reset = () => closed = false; reset(); if (closed) break;")]
        [InlineData("bool closed = n == 0; closed &= buf.Length > 0; if (closed) break;")]
        // Not tied to the count alone.
        [InlineData("bool closed = n == 0 && stop; if (closed) break;")]
        [InlineData("var done = n switch { 0 when stop => true, _ => false }; if (done) break;")]
        [InlineData("bool closed = n < buf.Length; if (closed) break;")]
        public async Task Flag_that_does_not_hold_the_zero_test(string check)
        {
            await Verify.VerifyAnalyzerAsync(Class($$"""
                    void M(Socket s, byte[] buf, bool stop)
                    {
                        while (true)
                        {
                            int n = [|s.Receive(buf)|];
                            {{check}}
                            Handle(buf, n);
                        }
                    }

                    static void Reset(out bool flag) => flag = false;
                """));
        }

        [Fact]
        public async Task Flag_set_from_an_earlier_count()
        {
            // The flag tests the first receive's count, not the one in the loop.
            await Verify.VerifyAnalyzerAsync(Class("""
                    void M(Socket s, byte[] buf)
                    {
                        int first = s.Receive(buf);
                        bool closed = first == 0;
                        if (closed) return;
                        while (true)
                        {
                            int n = [|s.Receive(buf)|];
                            if (closed) break;
                            Handle(buf, n);
                        }
                    }
                """));
        }

        [Fact]
        public async Task Owned_connection_left_open_behind_a_flag()
        {
            await Verify.VerifyAnalyzerAsync(Class("""
                    void M(Socket listener, byte[] buf)
                    {
                        Socket client = listener.Accept();
                        while (true)
                        {
                            int n = {|#0:client.Receive(buf)|};
                            bool closed = n == 0;
                            if (closed) return;
                            Handle(buf, n);
                        }
                    }
                """), Verify.Diagnostic("SL0001").WithLocation(0).WithArguments(
                    "Socket.Receive", "returns 0 when the peer closes, and on that path the connection is not closed", ""));
        }

        [Theory]
        [InlineData("catch (IOException) { }")]
        [InlineData("catch (IOException e) { Console.WriteLine(e.Message); }")]
        [InlineData("catch (Exception) { Thread.Sleep(10); }")]
        [InlineData("catch { continue; }")]
        public async Task Throw_on_zero_caught_inside_the_read_loop(string handler)
        {
            await Verify.VerifyAnalyzerAsync(Class($$"""
                    void M(Socket s, byte[] buf)
                    {
                        while (true)
                        {
                            try
                            {
                                int n = {|#0:s.Receive(buf)|};
                                if (n == 0) throw new EndOfStreamException("closed");
                                Handle(buf, n);
                            }
                            {{handler}}
                        }
                    }
                """), Verify.Diagnostic("SL0001").WithLocation(0).WithArguments(
                    "Socket.Receive", "returns 0 when the peer closes, and on that path the read loop goes on", ", and the loop spins on 0"));
        }

        [Fact]
        public async Task Throw_on_zero_caught_inside_an_outer_read_loop_or_in_async_code()
        {
            await Verify.VerifyAnalyzerAsync(Class("""
                    void Outer(Socket s, byte[] buf)
                    {
                        while (true)
                        {
                            try
                            {
                                while (true)
                                {
                                    int n = [|s.Receive(buf)|];
                                    if (n == 0) throw new IOException("closed");
                                    Handle(buf, n);
                                }
                            }
                            catch (IOException) { Console.WriteLine("closed"); }
                        }
                    }

                    async Task Async(NetworkStream stream, byte[] buf, CancellationToken ct)
                    {
                        while (!ct.IsCancellationRequested)
                        {
                            try
                            {
                                int n = await [|stream.ReadAsync(buf, ct)|];
                                if (n == 0) throw new IOException("closed");
                                Handle(buf, n);
                            }
                            catch (IOException) { await Task.Delay(100, ct); }
                        }
                    }

                    void Owned(Socket listener, byte[] buf)
                    {
                        Socket client = listener.Accept();
                        while (true)
                        {
                            try
                            {
                                int n = [|client.Receive(buf)|];
                                if (n == 0) throw new IOException("closed");
                                Handle(buf, n);
                            }
                            catch (IOException) { }
                        }
                    }
                """));
        }

        [Theory]
        [InlineData("if (n == 0) return;")]
        [InlineData("if (n == 0) break;")]
        [InlineData("if (n is 0) throw new IOException();")]
        public async Task Owned_connection_left_open(string check)
        {
            // Throwing out of a method that owns the socket leaks it just as well.
            await Verify.VerifyAnalyzerAsync(Class($$"""
                    void M(Socket listener, byte[] buf)
                    {
                        Socket client = listener.Accept();
                        while (true)
                        {
                            int n = [|client.Receive(buf)|];
                            {{check}}
                            Handle(buf, n);
                        }
                    }
                """));
        }

        [Fact]
        public async Task Owner_that_throws_on_zero_inside_a_finally_that_closes_or_a_catch()
        {
            await Verify.VerifyAnalyzerAsync(Class("""
                    void Finally(Socket listener, byte[] buf)
                    {
                        Socket client = listener.Accept();
                        try
                        {
                            while (true)
                            {
                                int n = client.Receive(buf);
                                if (n == 0) throw new IOException("closed");
                                Handle(buf, n);
                            }
                        }
                        finally { client.Close(); }
                    }

                    void Using(Socket listener, byte[] buf)
                    {
                        using Socket client = listener.Accept();
                        int n = client.Receive(buf);
                        if (n == 0) throw new IOException("closed");
                        Handle(buf, n);
                    }

                    void Caught(Socket listener, byte[] buf)
                    {
                        Socket client = listener.Accept();
                        try
                        {
                            int n = client.Receive(buf);
                            if (n == 0) throw new IOException("closed");
                            Handle(buf, n);
                        }
                        catch (IOException) { client.Close(); }
                    }

                    void HandedIn(Socket client, byte[] buf)
                    {
                        int n = client.Receive(buf);
                        if (n == 0) throw new IOException("closed");
                        Handle(buf, n);
                    }
                """));
        }

        [Fact]
        public async Task Disposing_a_stream_that_does_not_own_the_socket()
        {
            // new NetworkStream(socket) has ownsSocket false: its using leaves the accepted socket in CLOSE_WAIT.
            await Verify.VerifyAnalyzerAsync(Class("""
                    void M(Socket listener, byte[] buf)
                    {
                        Socket client = listener.Accept();
                        using var stream = new NetworkStream(client);
                        while (true)
                        {
                            int n = [|stream.Read(buf, 0, buf.Length)|];
                            if (n == 0) return;
                            stream.Write(buf, 0, n);
                        }
                    }

                    void Owning(Socket listener, byte[] buf)
                    {
                        Socket client = listener.Accept();
                        using var stream = new NetworkStream(client, ownsSocket: true);
                        while (true)
                        {
                            int n = stream.Read(buf, 0, buf.Length);
                            if (n == 0) return;
                            stream.Write(buf, 0, n);
                        }
                    }
                """));
        }

        [Fact]
        public async Task Accepted_TcpClient_read_through_its_stream()
        {
            await Verify.VerifyAnalyzerAsync(Class("""
                    async Task M(TcpListener listener, byte[] buf, CancellationToken ct)
                    {
                        TcpClient client = await listener.AcceptTcpClientAsync(ct);
                        var stream = client.GetStream();
                        int n;
                        while ((n = await [|stream.ReadAsync(buf, ct)|]) > 0)
                            Handle(buf, n);
                    }
                """));
        }

        [Fact]
        public async Task A_receive_the_data_test_does_not_guard_is_still_reported()
        {
            // Another read may take the buffered data first; a do-while reads before it tests; another socket's data
            // says nothing of this one's.
            await Verify.VerifyAnalyzerAsync(Class("""
                    void M(Socket s, Socket other, byte[] a, byte[] b)
                    {
                        while (s.Available > 0)
                        {
                            [|s.Receive(a)|];
                            [|s.Receive(b)|];
                        }

                        do
                        {
                            [|s.Receive(a)|];
                        }
                        while (s.Available > 0);

                        if (other.Available > 0)
                            [|s.Receive(a)|];
                        if (s.Available > 0 || other.Available > 0)
                            [|s.Receive(a)|];
                        if (s.Available >= 0)
                            [|s.Receive(a)|];
                    }
                """));
        }

        [Fact]
        public async Task A_reply_read_while_data_is_buffered_inside_a_loop_that_goes_on_is_still_reported()
        {
            // The inner loop ends at the peer's close, but the outer one reads again: it spins on 0. And a return on the
            // way out leaves the socket open on that path.
            await Verify.VerifyAnalyzerAsync(Class("""
                    void Serve(TcpListener listener)
                    {
                        var s = listener.AcceptSocket();
                        var buffer = new byte[256];
                        while (true)
                        {
                            int size;
                            do
                            {
                                size = {|#0:s.Receive(buffer)|};
                                Handle(buffer, size);
                            }
                            while (s.Available > 0);
                        }
                    }

                    void Once(System.Net.IPEndPoint server, bool stop)
                    {
                        var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                        s.Connect(server);
                        var buffer = new byte[256];
                        int size;
                        do
                        {
                            size = [|s.Receive(buffer)|];
                            if (stop) return;
                            Handle(buffer, size);
                        }
                        while (s.Available > 0);
                        s.Close();
                    }
                """), Verify.Diagnostic("SL0001").WithLocation(0).WithArguments(
                    "Socket.Receive",
                    "returns a count that is never compared with 0, so the peer's close goes unnoticed",
                    ", and the loop spins on 0"));
        }

        [Fact]
        public async Task ReadByte_tested_against_0_names_minus_one()
        {
            // ReadByte returns -1 at the peer's close: the message says so, not 0.
            await Verify.VerifyAnalyzerAsync(Class("""
                    void M(NetworkStream ns)
                    {
                        while (true)
                        {
                            var b = {|#0:ns.ReadByte()|};
                            if (b != 0) ns.WriteByte(43);
                        }
                    }
                """), Verify.Diagnostic("SL0001").WithLocation(0).WithArguments(
                    "NetworkStream.ReadByte",
                    "returns -1 when the peer closes, and on that path the read loop goes on",
                    ", and the loop spins on -1"));
        }

        [Fact]
        public async Task A_test_that_does_not_single_out_0_is_followed_on_0_where_the_loop_goes_on()
        {
            // n < buf.Length is true on 0 as on a short read: on 0 this loop goes round again.
            await Verify.VerifyAnalyzerAsync(Class("""
                    void M(Socket s)
                    {
                        var buf = new byte[1024];
                        while (true)
                        {
                            int n = {|#0:s.Receive(buf)|};
                            if (n < buf.Length) Handle(buf, n);
                        }
                    }
                """), Verify.Diagnostic("SL0001").WithLocation(0).WithArguments(
                    "Socket.Receive",
                    "returns 0 when the peer closes, and on that path the read loop goes on",
                    ", and the loop spins on 0"));
        }

        [Fact]
        public async Task Line_printed_in_a_foreach_over_what_was_sent_ends_with_the_list()
        {
            // The loop ends with its list; a null line prints as an empty one.
            await Verify.VerifyAnalyzerAsync(Class("""
                    void M(string[] lines)
                    {
                        using var client = new TcpClient("127.0.0.1", 1234);
                        using var reader = new StreamReader(client.GetStream());
                        using var writer = new StreamWriter(client.GetStream());
                        foreach (var line in lines)
                        {
                            writer.WriteLine(line);
                            var answer = reader.ReadLine();
                            Console.WriteLine("Received {0}", answer);
                        }
                    }
                """));
        }

        [Theory]
        // One read never compared, and a close that may not run, or none: still reported.
        [InlineData("")]
        [InlineData("if (len > 10) client.Close();")]
        public async Task One_read_never_compared_and_not_surely_closed(string after)
        {
            await Verify.VerifyAnalyzerAsync(Class($$"""
                    async Task M(TcpListener listener)
                    {
                        var client = await listener.AcceptTcpClientAsync();
                        var stream = client.GetStream();
                        var buffer = new byte[32];
                        int len = await [|stream.ReadAsync(buffer, 0, buffer.Length)|];
                        Console.WriteLine(len);
                        {{after}}
                    }
                """));
        }

        [Theory]
        // Waited for instead of awaited (SL0004 reports that in async code): the count is followed all the same.
        [InlineData("s.ReceiveAsync(buf, SocketFlags.None)", ".Result")]
        [InlineData("s.ReceiveAsync(buf, SocketFlags.None)", ".GetAwaiter().GetResult()")]
        [InlineData("s.ReceiveAsync(buf.AsMemory(), SocketFlags.None)", ".AsTask().Result")]
        public async Task Count_through_Result_in_a_loop_that_goes_on(string receive, string wait)
        {
            await Verify.VerifyAnalyzerAsync(Class($$"""
                    void M(Socket s)
                    {
                        var buf = new byte[1024];
                        while (s.Connected)
                        {
                            var n = {|#0:{{receive}}|}{{wait}};
                            if (n > 0)
                                Console.WriteLine(n);
                        }
                    }
                """), Verify.Diagnostic("SL0001").WithLocation(0).WithArguments(
                    "Socket.ReceiveAsync",
                    "returns 0 when the peer closes, and on that path the read loop goes on",
                    ", and the loop spins on 0"));
        }

        [Fact]
        public async Task Reader_over_a_connection_read_in_a_loop_that_goes_on()
        {
            // A StreamReader over the connection's stream returns 0 at the peer's close, as the stream does.
            await Verify.VerifyAnalyzerAsync(Class("""
                    void M(TcpClient client)
                    {
                        var reader = new StreamReader(client.GetStream());
                        var chars = new char[256];
                        while (true)
                        {
                            int n = {|#0:reader.Read(chars, 0, chars.Length)|};
                            if (n > 0) Console.Write(new string(chars, 0, n));
                        }
                    }
                """), Verify.Diagnostic("SL0001").WithLocation(0).WithArguments(
                    "StreamReader.Read",
                    "returns 0 when the peer closes, and on that path the read loop goes on",
                    ", and the loop spins on 0"));
        }

        [Fact]
        public async Task Reader_read_of_one_char_names_minus_one()
        {
            await Verify.VerifyAnalyzerAsync(Class("""
                    async Task M(NetworkStream ns, CancellationToken ct)
                    {
                        using var reader = new BinaryReader(ns);
                        while (!ct.IsCancellationRequested)
                        {
                            var c = {|#0:reader.Read()|};
                            Console.Write((char)c);
                        }
                    }
                """), Verify.Diagnostic("SL0001").WithLocation(0).WithArguments(
                    "BinaryReader.Read",
                    "returns a count that is never compared with -1, so the peer's close goes unnoticed",
                    ", and the loop spins on -1"));
        }

        [Theory]
        [InlineData("[|reader.ReadBlock(chars, 0, chars.Length)|];")]
        [InlineData("var n = await [|reader.ReadAsync(chars, ct)|]; Console.Write(n);")]
        [InlineData("var n = await [|reader.ReadBlockAsync(chars, 0, 10)|]; Console.Write(n);")]
        public async Task Reader_reads_over_an_accepted_connection(string read)
        {
            await Verify.VerifyAnalyzerAsync(Class($$"""
                    async Task M(TcpListener listener, CancellationToken ct)
                    {
                        var client = await listener.AcceptTcpClientAsync(ct);
                        var reader = new StreamReader(client.GetStream());
                        var chars = new char[256];
                        while (true)
                        {
                            {{read}}
                        }
                    }
                """));
        }

        [Fact]
        public async Task Stream_field_that_starts_as_the_Null_stream_until_a_connecting_method_sets_it()
        {
            // Stream.Null stands in until ConnectAsync sets the field to the connection's stream (or TLS over it), as null
            // would (helper A's 13_ClientsAndBroadcast:122). A field that is also set to a MemoryStream is not followed.
            await Verify.VerifyAnalyzerAsync(Usings + """
                class TlsClient
                {
                    private TcpClient? _tcp;
                    private Stream _stream = Stream.Null;
                    private Stream _mixed = System.IO.Stream.Null;

                    public async Task ConnectAsync(string host, int port, bool tls, CancellationToken ct)
                    {
                        _tcp = new TcpClient();
                        await _tcp.ConnectAsync(host, port, ct);
                        var ns = _tcp.GetStream();
                        if (tls)
                        {
                            var ssl = new SslStream(ns);
                            await ssl.AuthenticateAsClientAsync(host);
                            _stream = ssl;
                        }
                        else
                        {
                            _stream = ns;
                        }

                        _mixed = ns;
                    }

                    public void Replay(byte[] recorded) => _mixed = new MemoryStream(recorded);

                    public async Task PumpAsync(Stream sink, CancellationToken ct)
                    {
                        var buf = new byte[4096];
                        while (true)
                        {
                            int n = await [|_stream.ReadAsync(buf, ct)|];
                            await sink.WriteAsync(buf.AsMemory(0, n), ct);
                        }
                    }

                    public async Task ReplayAsync(Stream sink, CancellationToken ct)
                    {
                        var buf = new byte[4096];
                        while (true)
                        {
                            int n = await _mixed.ReadAsync(buf, ct);
                            await sink.WriteAsync(buf.AsMemory(0, n), ct);
                        }
                    }
                }
                """);
        }

        [Fact]
        public async Task Stream_field_that_a_connecting_method_sets_to_a_connections_stream()
        {
            // A client library: the stream is made in Connect() and dropped (null) in Close(); everywhere it is set, it
            // is a connection's (a Redis client's reply reader, from the fifth real-code review). A field also set to a
            // file's stream is not followed.
            await Verify.VerifyAnalyzerAsync(Usings + """
                class RespClient
                {
                    private Socket? socket;
                    private BufferedStream? stream;
                    private Stream? mixed;

                    public void Connect(EndPoint endPoint)
                    {
                        socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
                        socket.Connect(endPoint);
                        stream = new BufferedStream(new NetworkStream(socket), 16 * 1024);
                        mixed = new NetworkStream(socket);
                    }

                    public void Replay(string path) => mixed = File.OpenRead(path);

                    public byte[] ReadBulk(int length)
                    {
                        var buffer = new byte[length];
                        [|stream!.Read(buffer, 0, length)|];
                        mixed!.Read(buffer, 0, length);
                        return buffer;
                    }

                    public void Close()
                    {
                        stream?.Dispose();
                        stream = null;
                        socket = null;
                    }
                }
                """);
        }

        [Fact]
        public async Task Reader_field_that_the_constructor_makes_over_a_connections_stream()
        {
            // A chat client's receive thread (from the fifth real-code review): the reader is made in the constructor over
            // the NetworkStream it is given; at the server's close ReadLine returns null, printed as an empty line forever.
            // A reader made with leaveOpen, or also over a file, is not followed.
            await Verify.VerifyAnalyzerAsync(Usings + """
                class ReceiveThread
                {
                    private readonly StreamReader reader;
                    private readonly StreamReader open;
                    private StreamReader mixed;

                    public ReceiveThread(NetworkStream networkStream, string path)
                    {
                        reader = new StreamReader(networkStream, System.Text.Encoding.Unicode);
                        open = new StreamReader(networkStream, System.Text.Encoding.Unicode, false, 1024, leaveOpen: true);
                        mixed = new StreamReader(networkStream);
                        if (path.Length > 0)
                            mixed = new StreamReader(path);
                    }

                    public void Run()
                    {
                        try
                        {
                            while (true)
                            {
                                string message = {|#0:reader.ReadLine()|};
                                Console.WriteLine(message);
                            }
                        }
                        catch (IOException)
                        {
                            Console.WriteLine("gone");
                        }
                    }

                    public void RunOthers()
                    {
                        while (true)
                        {
                            Console.WriteLine(open.ReadLine());
                            Console.WriteLine(mixed.ReadLine());
                        }
                    }

                    public void RunUntilEnd()
                    {
                        string? line;
                        while ((line = reader.ReadLine()) != null)
                            Console.WriteLine(line);
                    }
                }
                """, Verify.Diagnostic("SL0001").WithLocation(0).WithArguments(
                    "StreamReader.ReadLine",
                    "returns a line that is never compared with null, so the peer's close goes unnoticed",
                    ", and the loop spins on null"));
        }

        [Fact]
        public async Task Stream_field_that_the_constructor_sets_to_a_connections_stream()
        {
            // Declared as Stream, but every constructor sets it to a NetworkStream: its 0 is the peer's close.
            await Verify.VerifyAnalyzerAsync(Usings + """
                class PooledConnection
                {
                    private readonly Stream inputStream;
                    private readonly Stream other;

                    public PooledConnection(Socket s, string path)
                    {
                        inputStream = new NetworkStream(s);
                        other = File.OpenRead(path);
                    }

                    public void Read(byte[] buffer, int count)
                    {
                        int read = 0;
                        while (read < count)
                        {
                            int n = {|#0:this.inputStream.Read(buffer, read, count - read)|};
                            if (n < 1)
                                continue;
                            read += n;
                        }
                    }

                    public void ReadFile(byte[] buffer, int count)
                    {
                        int read = 0;
                        while (read < count)
                        {
                            int n = other.Read(buffer, read, count - read);
                            if (n < 1)
                                continue;
                            read += n;
                        }
                    }
                }
                """, Verify.Diagnostic("SL0001").WithLocation(0).WithArguments(
                    "Stream.Read",
                    "returns 0 when the peer closes, and on that path the read loop goes on",
                    ", and the loop spins on 0"));
        }

        [Fact]
        public async Task Line_read_tested_for_null_but_the_loop_goes_on()
        {
            // ReadLine returns null at the peer's close: a loop that only skips null spins.
            await Verify.VerifyAnalyzerAsync(Class("""
                    void M(TcpClient client)
                    {
                        var reader = new StreamReader(client.GetStream());
                        while (true)
                        {
                            var line = {|#0:reader.ReadLine()|};
                            if (line != null)
                                Console.WriteLine(line);
                        }
                    }
                """), Verify.Diagnostic("SL0001").WithLocation(0).WithArguments(
                    "StreamReader.ReadLine",
                    "returns null when the peer closes, and on that path the read loop goes on",
                    ", and the loop spins on null"));
        }

        [Theory]
        // Compared only with a string: null is not "", so at the peer's close the loop goes on (reading HTTP headers up
        // to the blank line is the usual shape).
        [InlineData("for (string line = null; line != string.Empty; line = {|SL0001:reader.ReadLine()|}) Console.WriteLine(line);")]
        [InlineData("var line = \"\"; while (line != \"\") { line = {|SL0001:reader.ReadLine()|}; Console.WriteLine(line); }")]
        [InlineData("while (true) { var line = {|SL0001:reader.ReadLine()|}; if (line == \"\") break; Console.WriteLine(line); }")]
        [InlineData("while (true) { var line = {|SL0001:reader.ReadLine()|}; if (line is \"quit\") return; Console.WriteLine(line); }")]
        // A string compared beside a test of null: null still leaves the loop.
        [InlineData("string line; while ((line = reader.ReadLine()) != null && line != \"\") Console.WriteLine(line);")]
        [InlineData("while (true) { var line = reader.ReadLine(); if (line == null || line == string.Empty) break; Console.WriteLine(line); }")]
        [InlineData("while (true) { var line = reader.ReadLine(); if (line is null or \"quit\") break; Console.WriteLine(line); }")]
        public async Task Line_compared_with_a_string(string loop)
        {
            await Verify.VerifyAnalyzerAsync(Class($$"""
                    void M(TcpListener listener)
                    {
                        var client = listener.AcceptTcpClient();
                        var reader = new StreamReader(client.GetStream());
                        {{loop}}
                        client.Close();
                    }
                """));
        }

        [Theory]
        // Used only where null goes on quietly: joined into a string, written out, added to a list.
        [InlineData("Console.WriteLine(\"Client > \" + line);")]
        [InlineData("Console.WriteLine($\"Client > {line}\");")]
        [InlineData("log.AppendLine(line);")]
        [InlineData("lines.Add(line); text += line;")]
        public async Task Line_never_compared_with_null_in_a_loop(string use)
        {
            await Verify.VerifyAnalyzerAsync(Class($$"""
                    void M(TcpClient client, System.Text.StringBuilder log, System.Collections.Generic.List<string> lines)
                    {
                        var reader = new StreamReader(client.GetStream());
                        var text = "";
                        while (client.Connected)
                        {
                            var line = {|#0:reader.ReadLine()|};
                            {{use}}
                        }
                    }
                """), Verify.Diagnostic("SL0001").WithLocation(0).WithArguments(
                    "StreamReader.ReadLine",
                    "returns a line that is never compared with null, so the peer's close goes unnoticed",
                    ", and the loop spins on null"));
        }

        [Fact]
        public async Task Line_read_thrown_away_in_a_loop()
        {
            await Verify.VerifyAnalyzerAsync(Class("""
                    async Task M(NetworkStream ns)
                    {
                        using var reader = new StreamReader(ns);
                        while (true)
                        {
                            await {|#0:reader.ReadLineAsync()|};
                        }
                    }
                """), Verify.Diagnostic("SL0001").WithLocation(0).WithArguments(
                    "StreamReader.ReadLineAsync",
                    "discards its line, so the peer's close (null) goes unnoticed",
                    ""));
        }

        [Fact]
        public async Task Line_reads_to_the_end_of_an_accepted_connection_never_closed()
        {
            await Verify.VerifyAnalyzerAsync(Class("""
                    async Task M(TcpListener listener)
                    {
                        var client = await listener.AcceptTcpClientAsync();
                        var reader = new StreamReader(client.GetStream());
                        string line;
                        while ((line = await {|#0:reader.ReadLineAsync()|}) != null)
                            Console.WriteLine(line);
                    }
                """), Verify.Diagnostic("SL0001").WithLocation(0).WithArguments(
                    "StreamReader.ReadLineAsync",
                    "returns null when the peer closes, and on that path the connection is not closed",
                    ""));
        }

        [Fact]
        public async Task Reader_left_open_does_not_close_the_connection()
        {
            // leaveOpen: true: the end of the reader's using leaves the accepted connection open on the 0 path.
            await Verify.VerifyAnalyzerAsync(Class("""
                    void M(TcpListener listener)
                    {
                        var client = listener.AcceptTcpClient();
                        using (var reader = new StreamReader(client.GetStream(), System.Text.Encoding.UTF8, false, 1024, leaveOpen: true))
                        {
                            var chars = new char[256];
                            int n = {|#0:reader.Read(chars, 0, chars.Length)|};
                            if (n == 0)
                                return;
                            Console.Write(new string(chars, 0, n));
                        }

                        client.Close();
                    }
                """), Verify.Diagnostic("SL0001").WithLocation(0).WithArguments(
                    "StreamReader.Read",
                    "returns 0 when the peer closes, and on that path the connection is not closed",
                    ""));
        }

        [Fact]
        public async Task ReadByte_minus_one_ignored()
        {
            await Verify.VerifyAnalyzerAsync(Class("""
                    void M(NetworkStream ns)
                    {
                        while (true)
                        {
                            int b = [|ns.ReadByte()|];
                            if (b == -1) continue;
                            Handle(new byte[] { (byte)b }, 1);
                        }
                    }
                """));
        }

        [Fact]
        public async Task In_lambdas_and_local_functions()
        {
            await Verify.VerifyAnalyzerAsync(Class("""
                    void M(Socket s, byte[] buf)
                    {
                        Func<Task> pump = async () =>
                        {
                            while (true)
                            {
                                int n = await [|s.ReceiveAsync(buf, SocketFlags.None)|];
                                Handle(buf, n);
                            }
                        };

                        void Local()
                        {
                            while (true)
                            {
                                int n = [|s.Receive(buf)|];
                                if (n == 0) continue;
                            }
                        }
                    }
                """));
        }

        [Fact]
        public async Task Top_level_program()
        {
            var test = new Verify.Test
            {
                TestCode = Usings + """
                    var listener = new TcpListener(IPAddress.Loopback, 0);
                    listener.Start();
                    using var client = listener.AcceptSocket();
                    var buf = new byte[16];
                    while (true)
                    {
                        int n = [|client.Receive(buf)|];
                        Console.WriteLine(n);
                    }
                    """,
            };
            test.TestState.OutputKind = OutputKind.ConsoleApplication;
            await test.RunAsync();
        }

        [Fact]
        public async Task A_loop_on_buffered_data_that_leaves_an_owned_connection_open_or_reads_through_TLS()
        {
            // Leaving the loop is not enough for a connection the method owns; and a TLS read returns 0 at the peer's
            // close_notify, when the socket may still say something is buffered.
            await Verify.VerifyAnalyzerAsync(Class("""
                    void Owned(TcpListener listener, byte[] buf)
                    {
                        var client = listener.AcceptTcpClient();
                        var stream = client.GetStream();
                        while (client.Available > 0)
                        {
                            int n = [|stream.Read(buf, 0, 1)|];
                            if (n == 0) continue;
                            int m = [|stream.Read(buf, 1, 1)|];
                            if (m == 0) continue;
                            Console.WriteLine(n + m);
                        }
                    }

                    void Tls(TcpClient client, SslStream ssl, byte[] buf)
                    {
                        while (client.Available > 0)
                        {
                            int n = [|ssl.Read(buf, 0, buf.Length)|];
                            if (n == 0) continue;
                            Console.WriteLine(n);
                        }
                    }
                """));
        }

        [Fact]
        public async Task Parameter_of_a_local_function_that_every_call_passes_a_connection()
        {
            // A chat client's receive loop in a local function, handed the reader (or the stream) of its one connection.
            await Verify.VerifyAnalyzerAsync(Class("""
                    async Task Chat(TcpClient client)
                    {
                        var reader = new StreamReader(client.GetStream());
                        await Task.Run(() => ReceiveAsync(reader));

                        async Task ReceiveAsync(StreamReader r)
                        {
                            while (true)
                            {
                                string message = await [|r.ReadLineAsync()|];
                                if (string.IsNullOrEmpty(message))
                                    continue;
                                Console.WriteLine(message);
                            }
                        }
                    }

                    void Pump(TcpClient client)
                    {
                        Drain(client.GetStream());
                        Drain(client.GetStream());

                        void Drain(Stream s)
                        {
                            var buf = new byte[16];
                            while (true)
                                [|s.Read(buf, 0, buf.Length)|];
                        }
                    }
                """));
        }

        [Fact]
        public async Task A_stream_or_reader_parameter_set_from_a_connection_in_the_body()
        {
            // What the parameter is set to decides, however its name is written (the third spells it with an escape, the
            // fourth with a soft hyphen, which the compiler leaves out of the name).
            await Verify.VerifyAnalyzerAsync(Class("""
                    void Pump(Stream s, TcpClient client)
                    {
                        s = client.GetStream();
                        var buf = new byte[16];
                        while (true)
                            [|s.Read(buf, 0, buf.Length)|];
                    }

                    void Lines(TextReader reader, TcpClient client)
                    {
                        reader = new StreamReader(client.GetStream());
                        while (true)
                            Console.WriteLine([|reader.ReadLine()|]);
                    }

                    void Escaped(Stream s, TcpClient client)
                    {
                        \u0073 = client.GetStream();
                        var buf = new byte[16];
                        while (true)
                            [|s.Read(buf, 0, buf.Length)|];
                    }

                    void WithASoftHyphen(Stream input, TcpClient client)
                    {
                        in­put = client.GetStream();
                        var buf = new byte[16];
                        while (true)
                            [|input.Read(buf, 0, buf.Length)|];
                    }
                """));
        }

        [Fact]
        public async Task A_stream_or_reader_parameter_only_read_is_not_a_connection()
        {
            await Verify.VerifyAnalyzerAsync(Class("""
                    static byte[] Checksum(Stream input)
                    {
                        var buf = new byte[16];
                        while (true)
                            input.Read(buf, 0, buf.Length);
                    }

                    static void Lines(TextReader reader)
                    {
                        while (true)
                            Console.WriteLine(reader.ReadLine());
                    }
                """));
        }

        [Fact]
        public async Task A_reader_over_the_stream_of_a_client_an_object_holds()
        {
            // new StreamReader(session.Client.GetStream()): no symbol of the body names the connection; the reader stands
            // for it, handed in (the session owns it, using or not): leaving the loop at the end is enough. What tells
            // that data is buffered names it as the stream was taken from it (session.Client).
            await Verify.VerifyAnalyzerAsync(Class("""
                    void Spin(Session session)
                    {
                        var reader = new StreamReader(session.Client.GetStream());
                        while (true)
                            Console.WriteLine([|reader.ReadLine()|]);
                    }

                    void Serve(Session session)
                    {
                        using var reader = new StreamReader(session.Client.GetStream());
                        string? line;
                        while ((line = reader.ReadLine()) != null)
                            Console.WriteLine(line);
                    }

                    void Buffered(Session session)
                    {
                        var reader = new StreamReader(session.Client.GetStream());
                        while (session.Client.Available > 0)
                            Console.WriteLine(reader.ReadLine());
                    }

                    async Task InALambda(Session session)
                    {
                        using var reader = new StreamReader(session.Client.GetStream());
                        await Task.Run(() =>
                        {
                            string? line;
                            while ((line = reader.ReadLine()) != null)
                                Console.WriteLine(line);
                        });
                    }
                """) + "class Session { public TcpClient Client = new TcpClient(); }\n");
        }

        [Fact]
        public async Task A_line_read_under_its_readers_test_of_the_end()
        {
            // The loop's own test sees the end, where the line would be null: EndOfStream, or Peek() of -1. Not when the
            // test is of another reader. (A second read in the loop may give null once; the test still ends the loop.)
            await Verify.VerifyAnalyzerAsync(Class("""
                    void Print(TcpClient client)
                    {
                        var reader = new StreamReader(client.GetStream());
                        while (!reader.EndOfStream)
                            Console.WriteLine(reader.ReadLine());
                    }

                    void Peeked(TcpClient client)
                    {
                        var reader = new StreamReader(client.GetStream());
                        while (reader.Peek() >= 0)
                        {
                            var line = reader.ReadLine();
                            Console.WriteLine(line);
                        }
                    }

                    async Task Awaited(TcpClient client)
                    {
                        using var reader = new StreamReader(client.GetStream());
                        while (reader.Peek() != -1)
                            Console.WriteLine(await reader.ReadLineAsync());
                    }

                    void Another(TcpClient client, StreamReader other)
                    {
                        var reader = new StreamReader(client.GetStream());
                        while (!other.EndOfStream)
                            Console.WriteLine([|reader.ReadLine()|]);
                    }

                    void Twice(TcpClient client)
                    {
                        var reader = new StreamReader(client.GetStream());
                        while (!reader.EndOfStream)
                        {
                            Console.WriteLine(reader.ReadLine());
                            Console.WriteLine(reader.ReadLine());
                        }
                    }
                """));
        }

        [Fact]
        public async Task APM_completion_owns_the_socket()
        {
            await Verify.VerifyAnalyzerAsync(Class("""
                    byte[] buffer = new byte[1024];

                    void OnReceive(IAsyncResult ar)
                    {
                        var socket = (Socket)ar.AsyncState!;
                        int n = [|socket.EndReceive(ar)|];
                        if (n == 0) return;
                        socket.BeginReceive(buffer, 0, buffer.Length, SocketFlags.None, OnReceive, socket);
                    }
                """));
        }

        [Fact]
        public async Task APM_completion_owns_the_socket_its_state_object_carries()
        {
            // The documentation's asynchronous server: the socket comes in a state object. On 0 nothing closes it.
            await Verify.VerifyAnalyzerAsync(Usings + """
                class StateObject
                {
                    public Socket? workSocket;
                    public byte[] buffer = new byte[1024];
                }

                class Server
                {
                    void ReadCallback(IAsyncResult ar)
                    {
                        var state = (StateObject)ar.AsyncState!;
                        Socket handler = state.workSocket!;
                        int bytesRead = [|handler.EndReceive(ar)|];
                        if (bytesRead > 0)
                            handler.BeginReceive(state.buffer, 0, state.buffer.Length, SocketFlags.None, ReadCallback, state);
                    }

                    void Closed(IAsyncResult ar)
                    {
                        var state = (StateObject)ar.AsyncState!;
                        Socket handler = state.workSocket!;
                        int bytesRead = handler.EndReceive(ar);
                        if (bytesRead == 0) { handler.Close(); return; }
                        handler.BeginReceive(state.buffer, 0, state.buffer.Length, SocketFlags.None, Closed, state);
                    }

                    void HandedToCleanup(IAsyncResult ar)
                    {
                        // The state goes to a method of the project, which may close its socket there.
                        var state = (StateObject)ar.AsyncState!;
                        Socket handler = state.workSocket!;
                        int bytesRead = handler.EndReceive(ar);
                        if (bytesRead > 0)
                            handler.BeginReceive(state.buffer, 0, state.buffer.Length, SocketFlags.None, HandedToCleanup, state);
                        else
                            Drop(state);
                    }

                    static void Drop(StateObject state) => state.workSocket?.Close();

                    void ClosedByTheState(IAsyncResult ar)
                    {
                        // A method of the project called on the state, or given a copy of it, may close its socket.
                        var state = (ClosingState)ar.AsyncState!;
                        var copy = state;
                        Socket handler = state.workSocket!;
                        int bytesRead = handler.EndReceive(ar);
                        if (bytesRead == 0) { state.Close(); return; }
                        if (bytesRead == 1) { Drop(copy); return; }
                        handler.BeginReceive(state.buffer, 0, state.buffer.Length, SocketFlags.None, ClosedByTheState, state);
                    }

                    static void Drop(ClosingState state) => state.Close();

                    void Continuation(Task t, byte[] buf) => t.ContinueWith(done =>
                    {
                        // A task's AsyncState is no completion's state: this code does not own the socket.
                        var state = (StateObject)done.AsyncState!;
                        Socket socket = state.workSocket!;
                        int n = socket.Receive(buf);
                        if (n == 0) return;
                    });
                }

                class ClosingState : StateObject
                {
                    public void Close() => workSocket?.Close();
                }
                """);
        }

        [Fact]
        public async Task A_line_handed_straight_to_a_sink_that_takes_null_in_a_loop_with_no_way_out()
        {
            await Verify.VerifyAnalyzerAsync(Class("""
                    void Echo(TcpClient client)
                    {
                        var reader = new StreamReader(client.GetStream());
                        while (true)
                        {
                            Console.WriteLine({|#0:reader.ReadLine()|});
                        }
                    }

                    void Collect(TcpClient client, System.Text.StringBuilder all)
                    {
                        var reader = new StreamReader(client.GetStream());
                        for (;;)
                            all.AppendLine({|#1:reader.ReadLine()|});
                    }

                    void Trimmed(TcpClient client)
                    {
                        // line?.Trim() never throws: null at the end, written out quietly.
                        var reader = new StreamReader(client.GetStream());
                        while (true)
                        {
                            var line = {|#2:reader.ReadLine()|};
                            Console.WriteLine(line?.Trim());
                        }
                    }
                """),
                Verify.Diagnostic("SL0001").WithLocation(0).WithArguments("StreamReader.ReadLine", "returns a line that is never compared with null, so the peer's close goes unnoticed", ", and the loop spins on null"),
                Verify.Diagnostic("SL0001").WithLocation(1).WithArguments("StreamReader.ReadLine", "returns a line that is never compared with null, so the peer's close goes unnoticed", ", and the loop spins on null"),
                Verify.Diagnostic("SL0001").WithLocation(2).WithArguments("StreamReader.ReadLine", "returns a line that is never compared with null, so the peer's close goes unnoticed", ", and the loop spins on null"));
        }

        [Fact]
        public async Task A_read_of_no_bytes_waits_for_data_and_is_not_a_receive_of_the_close()
        {
            // A zero-byte read returns 0 whether data came or the peer closed: the read with a buffer after it sees the
            // close. A read of a real count in the same loop still is a receive.
            await Verify.VerifyAnalyzerAsync(Class("""
                    async Task Serve(Socket s, NetworkStream ns, byte[] buf, CancellationToken ct)
                    {
                        while (true)
                        {
                            await s.ReceiveAsync(Memory<byte>.Empty, SocketFlags.None, ct);
                            await ns.ReadAsync(Array.Empty<byte>(), 0, 0, ct);
                            await ns.ReadAsync(buf, 0, 0, ct);
                            _ = s.Receive(new byte[0]);
                            await s.ReceiveAsync(default(Memory<byte>), SocketFlags.None, ct);
                            int n = await s.ReceiveAsync(buf, SocketFlags.None, ct);
                            if (n == 0) break;
                            await [|ns.ReadAsync(buf, 0, 1, ct)|];
                            await [|s.ReceiveAsync(buf.AsMemory(), SocketFlags.None, default)|];
                        }
                    }
                """));
        }

        [Fact]
        public async Task A_line_tested_through_string_IsNullOrEmpty_in_a_loop_that_goes_on()
        {
            // The test sees the line's null, the peer's close, and the loop goes round to read it again. A line passed to
            // IsNullOrEmpty is compared, not merely used: the test, not the use, decides.
            await Verify.VerifyAnalyzerAsync(Class("""
                    void NotEmpty(TcpClient client)
                    {
                        var reader = new StreamReader(client.GetStream());
                        while (true)
                        {
                            var line = [|reader.ReadLine()|];
                            if (!string.IsNullOrEmpty(line)) Console.WriteLine(line);
                        }
                    }

                    void NotWhiteSpace(TcpClient client)
                    {
                        var reader = new StreamReader(client.GetStream());
                        while (true)
                        {
                            var line = [|reader.ReadLine()|];
                            if (!string.IsNullOrWhiteSpace(line)) Console.WriteLine(line);
                        }
                    }

                    void Left(TcpClient client)
                    {
                        using var reader = new StreamReader(client.GetStream());
                        while (true)
                        {
                            var line = reader.ReadLine();
                            if (string.IsNullOrEmpty(line)) break;
                            Console.WriteLine(line);
                        }
                    }
                """));
        }

        [Fact]
        public async Task A_flag_loop_on_an_auto_property_cleared_on_zero_leaves()
        {
            // An auto-property holds what was last written to it, as a field does; one with a body may compute anything.
            await Verify.VerifyAnalyzerAsync(Usings + """
                class C
                {
                    public bool IsConnected { get; private set; } = true;

                    bool Open { get => _open; set => _open = value; }
                    bool _open = true;

                    void Pump(Socket s, byte[] buf)
                    {
                        while (IsConnected)
                        {
                            int n = s.Receive(buf);
                            if (n == 0) IsConnected = false;
                            else Console.WriteLine(n);
                        }
                    }

                    void ThroughABody(Socket s, byte[] buf)
                    {
                        while (Open)
                        {
                            int n = [|s.Receive(buf)|];
                            if (n == 0) Open = false;
                            else Console.WriteLine(n);
                        }
                    }
                }
                """);
        }

        [Fact]
        public async Task A_flag_set_from_the_count_test_each_turn_leaves_the_loop()
        {
            // connected = n > 0 is false at the close, and the loop's test of it leaves: the flag is written twice (true
            // first), so it is followed as a bool local from the write on the path, not as a flag's one definition. A
            // loop that does not test it goes round on 0.
            await Verify.VerifyAnalyzerAsync(Class("""
                    void CountFlag(Socket s, byte[] buf)
                    {
                        bool connected = true;
                        while (connected)
                        {
                            int n = s.Receive(buf);
                            connected = n > 0;
                            if (connected) Handle(buf, n);
                        }
                    }

                    void Untested(Socket s, byte[] buf)
                    {
                        bool more = true;
                        while (true)
                        {
                            int n = [|s.Receive(buf)|];
                            more = n > 0;
                            Console.WriteLine(more);
                        }
                    }
                """));
        }

        [Fact]
        public async Task A_flag_loop_whose_zero_branch_keeps_the_flag_set()
        {
            await Verify.VerifyAnalyzerAsync(Class("""
                    void M(Socket s, byte[] buf)
                    {
                        bool open = true;
                        while (open)
                        {
                            int n = {|#0:s.Receive(buf)|};
                            if (n == 0)
                                open = true;
                            else
                                Handle(buf, n);
                        }
                    }
                """), Verify.Diagnostic("SL0001").WithLocation(0).WithArguments(
                    "Socket.Receive", "returns 0 when the peer closes, and on that path the read loop goes on", ", and the loop spins on 0"));
        }

        [Fact]
        public async Task A_read_after_a_wait_for_data_and_another_read()
        {
            // The first read may take every byte buffered: the second can then see the peer's close.
            await Verify.VerifyAnalyzerAsync(Class("""
                    void M(TcpClient client, byte[] header, byte[] body)
                    {
                        var stream = client.GetStream();
                        while (true)
                        {
                            while (!stream.DataAvailable) ;
                            if (stream.Read(header, 0, header.Length) == 0) return;
                            {|#0:stream.Read(body, 0, body.Length)|};
                            Handle(body, body.Length);
                        }
                    }
                """), Verify.Diagnostic("SL0001").WithLocation(0).WithArguments(
                    "NetworkStream.Read", "discards its count, so the peer's close (a count of 0) goes unnoticed", ""));
        }

        [Fact]
        public async Task A_field_flag_loop_whose_zero_branch_leaves_the_field_set()
        {
            await Verify.VerifyAnalyzerAsync(Class("""
                    bool _open = true;

                    void Run(Socket socket, byte[] buf)
                    {
                        while (_open)
                        {
                            int n = {|#0:socket.Receive(buf)|};
                            if (n == 0) _open = true;
                            else Handle(buf, n);
                        }
                    }
                """), Verify.Diagnostic("SL0001").WithLocation(0).WithArguments(
                    "Socket.Receive", "returns 0 when the peer closes, and on that path the read loop goes on", ", and the loop spins on 0"));
        }
    }

    public class Valid
    {
        [Fact]
        public async Task A_helper_that_takes_the_connection_out_of_its_table_by_key_and_closes_it()
        {
            // Disconnect(id) takes the entry at id out of _clients and disposes it, where the accept loop put this client:
            // the zero branch closes it. Disconnect(other), or a helper that only removes it, does not.
            await Verify.VerifyAnalyzerAsync(Class("""
                    readonly System.Collections.Concurrent.ConcurrentDictionary<Guid, TcpClient> _clients = new();

                    async Task Run(TcpListener listener, CancellationToken ct)
                    {
                        while (!ct.IsCancellationRequested)
                        {
                            var client = await listener.AcceptTcpClientAsync(ct);
                            var id = Guid.NewGuid();
                            var other = Guid.NewGuid();
                            _clients[id] = client;
                            _ = Task.Run(async () =>
                            {
                                var ns = client.GetStream();
                                var buf = new byte[1024];
                                while (true)
                                {
                                    int n = await ns.ReadAsync(buf, ct);
                                    if (n == 0)
                                    {
                                        Disconnect(id);
                                        return;
                                    }

                                    Handle(buf, n);
                                }
                            }, ct);
                            _ = Task.Run(async () =>
                            {
                                var buf = new byte[1024];
                                int n = await {|SL0001:client.GetStream().ReadAsync(buf, ct)|};
                                if (n == 0)
                                    Disconnect(other);
                            }, ct);
                            _ = Task.Run(async () =>
                            {
                                var buf = new byte[1024];
                                int n = await {|SL0001:client.GetStream().ReadAsync(buf, ct)|};
                                if (n == 0)
                                    Forget(id);
                            }, ct);
                        }
                    }

                    void Disconnect(Guid id)
                    {
                        if (_clients.TryRemove(id, out var c))
                            c.Dispose();
                    }

                    void Forget(Guid id) => _clients.TryRemove(id, out _);
                """));
        }

        [Fact]
        public async Task A_count_tested_through_the_slice_it_measures()
        {
            // Helper I's 13_EchoSessions:53, :103, :117: the slice of the buffer the count measures is empty exactly when
            // the count is 0, so testing it for empty tests the count. A slice that is only sent on is no test: that
            // loop still spins on 0.
            await Verify.VerifyAnalyzerAsync(Class("""
                    static void Serve(Socket s)
                    {
                        using (s)
                        {
                            var buf = new byte[2048];
                            while (true)
                            {
                                int n = s.Receive(buf);
                                var chunk = buf.AsSpan(0, n);
                                if (chunk.IsEmpty)
                                    break;
                                s.Send(chunk);
                            }
                        }
                    }

                    static void PrintAll(NetworkStream ns)
                    {
                        var buf = new byte[256];
                        while (true)
                        {
                            int i = ns.Read(buf, 0, buf.Length);
                            string data = System.Text.Encoding.ASCII.GetString(buf, 0, i);
                            if (data.Length == 0)
                                break;
                            Console.Write(data);
                        }
                    }

                    static async Task EchoSliceAsync(NetworkStream ns, CancellationToken ct)
                    {
                        var buf = new byte[256];
                        while (true)
                        {
                            var n = await ns.ReadAsync(buf, ct);
                            if (string.IsNullOrEmpty(System.Text.Encoding.UTF8.GetString(buf, 0, n)))
                                return;
                            var mem = buf.AsMemory(0, n);
                            await ns.WriteAsync(mem, ct);
                        }
                    }

                    static void Forward(Socket s, Socket to)
                    {
                        var buf = new byte[256];
                        while (true)
                        {
                            int n = [|s.Receive(buf)|];
                            var chunk = buf.AsSpan(0, n);
                            to.Send(chunk);
                        }
                    }
                """));
        }

        [Fact]
        public async Task Two_reads_then_one_test_the_second_read_sees_the_close_again()
        {
            // Had the first count been the close, the second read gets it again at once, and handles it: the first count
            // compared with it (a telnet parser's two ReadByte() then one test), or not at all (helper C's p02, c07:121).
            await Verify.VerifyAnalyzerAsync(Class("""
                    static int Two(Socket s, byte[] a, byte[] b)
                    {
                        int x = s.Receive(a);
                        int y = s.Receive(b);
                        if (x == 0 || y == 0)
                            return -1;
                        return x + y;
                    }

                    static int SecondOnly(NetworkStream ns)
                    {
                        int hi = ns.ReadByte();
                        int lo = ns.ReadByte();
                        if (lo == -1)
                            return -1;
                        return hi << 8 | lo;
                    }

                    static void Loop(NetworkStream ns, System.Collections.Generic.List<int> o)
                    {
                        while (true)
                        {
                            int verb = ns.ReadByte();
                            int opt = ns.ReadByte();
                            if (verb < 0 || opt < 0)
                                return;
                            o.Add(verb << 8 | opt);
                        }
                    }
                """));
        }

        [Fact]
        public async Task A_count_compared_and_handed_on_through_a_local_or_a_conditional_access()
        {
            // Kept in a local and the comparison returned (outside a loop), directly or through a flag; an int? of a
            // conditional access compared as it is and returned: the caller gets the answer and decides.
            await Verify.VerifyAnalyzerAsync(Class("""
                    Socket? _control;

                    bool ControlHasData(byte[] peek) => _control?.Receive(peek, SocketFlags.Peek) > 0;

                    static bool ReceiveSome(Socket s, byte[] buffer)
                    {
                        int n = s.Receive(buffer);
                        return n > 0;
                    }

                    static bool ReceiveLogged(Socket s, byte[] buffer)
                    {
                        int n;
                        n = s.Receive(buffer);
                        Console.WriteLine(n);
                        var open = n != 0;
                        return open;
                    }
                """));
        }

        [Fact]
        public async Task A_kept_read_task_whose_awaited_count_is_tested_or_that_goes_elsewhere()
        {
            // Tested after its await; handed to a method of yours, which decides; awaited twice; stored for later. Only
            // a task kept in a local, set by this read alone and awaited once, is followed to its await.
            await Verify.VerifyAnalyzerAsync(Class("""
                    Task<int>? _pending;

                    async Task Tested(NetworkStream ns, CancellationToken ct)
                    {
                        var buf = new byte[1024];
                        while (true)
                        {
                            var read = ns.ReadAsync(buf, ct).AsTask();
                            if (await Task.WhenAny(read, Task.Delay(1000, ct)) != read)
                                continue;
                            int n = await read.ConfigureAwait(false);
                            if (n == 0)
                                break;
                            Handle(buf, n);
                        }
                    }

                    async Task PassedOn(NetworkStream ns, CancellationToken ct)
                    {
                        var buf = new byte[1024];
                        while (true)
                        {
                            var read = ns.ReadAsync(buf, 0, buf.Length, ct);
                            var n = await WithTimeout(read);
                            Handle(buf, n);
                        }
                    }

                    async Task AwaitedTwice(NetworkStream ns, CancellationToken ct)
                    {
                        var buf = new byte[1024];
                        while (true)
                        {
                            var read = ns.ReadAsync(buf, 0, buf.Length, ct);
                            Handle(buf, await read);
                            Handle(buf, await read);
                        }
                    }

                    void Stored(NetworkStream ns, byte[] buf)
                    {
                        var read = ns.ReadAsync(buf, 0, buf.Length);
                        _pending = read;
                    }

                    async Task PassedInAnArray(NetworkStream ns, CancellationToken ct)
                    {
                        var buf = new byte[1024];
                        while (true)
                        {
                            var read = ns.ReadAsync(buf, 0, buf.Length, ct);
                            if (!await FirstOf(read, Task.Delay(1000, ct)))
                                continue;
                            var n = await read;
                            Handle(buf, n);
                        }
                    }

                    static async Task<int> WithTimeout(Task<int> t) => await t;

                    static async Task<bool> FirstOf(params Task[] tasks) => await Task.WhenAny(tasks) == tasks[0];
                """));
        }

        [Fact]
        public async Task A_count_tested_with_Equals()
        {
            // n.Equals(0) is n == 0.
            await Verify.VerifyAnalyzerAsync(Class("""
                    void Pump(Socket s, Action<int> onData)
                    {
                        var buf = new byte[64];
                        while (true)
                        {
                            int n = s.Receive(buf);
                            if (n.Equals(0))
                                return;
                            onData(n);
                        }
                    }
                """));
        }

        [Theory]
        [InlineData("string? line; while ((line = reader.ReadLine()) != string.Empty) { int colon = line!.IndexOf(':'); headers.Add(line.Substring(0, colon)); }")]
        [InlineData("string? line; while ((line = reader.ReadLine()) != \"\") headers.Add(line!.Trim());")]
        [InlineData("while (true) { string? line = reader.ReadLine(); if (line == \"\") break; headers.Add(line!.Trim()); }")]
        [InlineData("string? line; while ((line = reader.ReadLine()) != \"\") { if (line!.Length > 100) continue; headers.Add(line); }")]
        public async Task A_line_compared_with_a_string_then_dereferenced_throws_at_the_peers_close(string loop)
        {
            // null is not "": at the peer's close the body runs, and its first use of the line throws, which leaves the loop.
            await Verify.VerifyAnalyzerAsync(Class($$"""
                    void Headers(TcpClient client, System.Collections.Generic.List<string> headers)
                    {
                        var reader = new StreamReader(client.GetStream());
                        {{loop}}
                    }
                """));
        }

        [Fact]
        public async Task A_message_read_while_data_is_buffered_from_a_stream_handed_in_is_handed_back()
        {
            // At the peer's close Read returns 0 and nothing is buffered: the loop ends, and the caller gets what was read.
            await Verify.VerifyAnalyzerAsync(Class("""
                    static string Message(NetworkStream stream)
                    {
                        var data = new byte[64];
                        var text = new System.Text.StringBuilder();
                        int n;
                        do
                        {
                            n = stream.Read(data, 0, data.Length);
                            text.Append(System.Text.Encoding.ASCII.GetString(data, 0, n));
                        }
                        while (stream.DataAvailable);
                        return text.ToString();
                    }
                """));
        }

        [Fact]
        public async Task A_reader_field_read_while_its_streams_data_is_buffered()
        {
            // _reader is learned from its type as the connection; the guard names the stream it is made over, or the client
            // that stream is taken from.
            await Verify.VerifyAnalyzerAsync(Usings + """
                #nullable disable
                class ViaStream
                {
                    private TcpClient _client = new TcpClient();
                    private NetworkStream _stream;
                    private StreamReader _reader;

                    void Start()
                    {
                        _client.Connect("localhost", 7);
                        _stream = _client.GetStream();
                        _reader = new StreamReader(_stream);
                    }

                    void Listen()
                    {
                        while (true)
                        {
                            if (_stream.DataAvailable)
                                Console.WriteLine(_reader.ReadLine());
                        }
                    }
                }

                class ViaLocal
                {
                    private TcpClient _client = new TcpClient();
                    private StreamReader _reader;

                    void Start()
                    {
                        _client.Connect("localhost", 7);
                        var stream = _client.GetStream();
                        _reader = new StreamReader(stream);
                    }

                    void Listen()
                    {
                        while (true)
                        {
                            if (_client.GetStream().DataAvailable)
                            {
                                var text = _reader.ReadLine();
                                Console.WriteLine(text);
                            }
                        }
                    }
                }
                """);
        }

        [Fact]
        public async Task Receive_after_a_leave_when_no_data_is_buffered()
        {
            // Past if (s.Available == 0) return, the receive gets at least one byte.
            await Verify.VerifyAnalyzerAsync(Class("""
                    void Poll(Socket s, byte[] buf)
                    {
                        if (s.Available == 0)
                            return;
                        int n = s.Receive(buf);
                        Handle(buf, n);
                    }
                """));
        }

        [Fact]
        public async Task Receive_of_data_buffered_on_a_member_of_a_local()
        {
            // p.Socket has no symbol of the body: the guard is matched by how it is written.
            await Verify.VerifyAnalyzerAsync(Usings + """
                class Player { public Socket Socket { get; set; } = null!; public Socket Backup = null!; }

                class C
                {
                    void Poll(System.Collections.Generic.List<Player> players, byte[] buf, System.Text.StringBuilder sb)
                    {
                        foreach (var p in players)
                        {
                            if (p.Socket.Available > 0)
                            {
                                int n = p.Socket.Receive(buf);
                                sb.Append(n);
                            }

                            while (p.Backup.Available == 0)
                                Thread.Sleep(10);
                            sb.Append(p.Backup.Receive(buf));
                        }
                    }
                }
                """);
        }

        [Fact]
        public async Task A_completion_that_closes_its_socket_through_a_helper()
        {
            await Verify.VerifyAnalyzerAsync(Class("""
                    void ProcessReceive(SocketAsyncEventArgs e)
                    {
                        var socket = (Socket)e.UserToken!;
                        if (e.BytesTransferred > 0 && e.SocketError == SocketError.Success)
                        {
                            if (!socket.ReceiveAsync(e))
                                ProcessReceive(e);
                        }
                        else
                        {
                            CloseQuietly(socket);
                        }
                    }

                    static void CloseQuietly(Socket s)
                    {
                        try { s.Shutdown(SocketShutdown.Both); } catch (SocketException) { }
                        s.Close();
                    }
                """));
        }

        [Theory]
        [InlineData("var n = _socket?.Receive(buffer) ?? 0; if (n == 0) { _socket?.Close(); return; } Console.WriteLine(n);")]
        [InlineData("var n = (_socket?.Receive(buffer)).GetValueOrDefault(); if (n == 0) { _socket?.Close(); return; } Console.WriteLine(n);")]
        [InlineData("if (_socket?.Receive(buffer) > 0) continue; _socket?.Close(); return;")]
        [InlineData("if (_socket?.Receive(buffer) == 0) { _socket?.Close(); return; }")]
        [InlineData("int? n = _socket?.Receive(buffer); if (n is null or 0) { _socket?.Close(); return; } Console.WriteLine(n);")]
        public async Task A_count_read_through_a_null_conditional_socket_and_compared(string body)
        {
            // s?.Receive(b) is an int?: coalesced to 0, unwrapped or compared as it is, its 0 is still the peer's close.
            await Verify.VerifyAnalyzerAsync(NullConditionalSocketLoop(body));
        }

        [Theory]
        [InlineData("while ((line = reader?.ReadLine()) != null) Console.WriteLine(line);")]
        [InlineData("while (true) { line = reader?.ReadLine(); if (line is null) break; Console.WriteLine(line); }")]
        [InlineData("while (reader?.ReadLine() is { } text) Console.WriteLine(text);")]
        [InlineData("while (true) { line = reader?.ReadLine(); Console.WriteLine(line!.Trim()); }")]
        public async Task A_line_read_through_a_null_conditional_reader_whose_end_is_seen(string loop)
        {
            await Verify.VerifyAnalyzerAsync(Class($$"""
                    void Echo(TcpClient client)
                    {
                        StreamReader? reader = new StreamReader(client.GetStream());
                        string? line;
                        {{loop}}
                    }
                """));
        }

        [Theory]
        [InlineData("var line = reader.ReadLine() ?? \"\"; if (line.Length == 0) break; onCommand(line);")]
        [InlineData("var line = reader.ReadLine() ?? \"\"; if (line == \"\") break; onCommand(line);")]
        [InlineData("var line = (reader.ReadLine()) ?? String.Empty; if (line is \"\") return; onCommand(line);")]
        [InlineData("string line = reader.ReadLine() ?? string.Empty; if (line != string.Empty) { onCommand(line); continue; } break;")]
        [InlineData("var line = reader.ReadLine() ?? string.Empty; if (string.IsNullOrEmpty(line)) return; onCommand(line);")]
        [InlineData("var line = reader.ReadLine() ?? throw new IOException(\"closed\"); onCommand(line.Trim());")]
        [InlineData("foreach (var name in new[] { \"a\", \"b\" }) onCommand(name + (reader.ReadLine() ?? \"\"));")]
        public async Task A_coalesced_line_whose_end_is_tested_thrown_or_read_a_counted_number_of_times(string body)
        {
            await Verify.VerifyAnalyzerAsync(Class($$"""
                    void M(TcpClient client, Action<string> onCommand)
                    {
                        using var reader = new StreamReader(client.GetStream());
                        while (true)
                        {
                            {{body}}
                        }
                    }
                """));
        }

        [Fact]
        public async Task A_read_of_at_least_n_bytes_that_throws_at_the_end_or_whose_count_is_tested()
        {
            // By default (and with true) ReadAtLeast throws at the end instead of returning a short count; a flag that is
            // not a constant may be either. A short count tested (n < 4) sees the 0 too; a MemoryStream is no connection.
            await Verify.VerifyAnalyzerAsync(Class("""
                    async Task M(NetworkStream ns, MemoryStream memory, byte[] buf, bool lenient, CancellationToken ct)
                    {
                        while (true)
                        {
                            ns.ReadAtLeast(buf, 4);
                            ns.ReadAtLeast(buf, 4, throwOnEndOfStream: true);
                            await ns.ReadAtLeastAsync(buf, 4, cancellationToken: ct);
                            ns.ReadAtLeast(buf, 4, lenient);
                            memory.ReadAtLeast(buf, 4, false);
                            int n = ns.ReadAtLeast(buf, 4, throwOnEndOfStream: false);
                            if (n < 4)
                                break;
                            Handle(buf, n);
                        }
                    }
                """));
        }

        [Fact]
        public async Task A_line_assigned_then_matched_by_a_pattern_null_never_matches()
        {
            // A property pattern, or a typed one, is false on null: the loop ends at the peer's close.
            await Verify.VerifyAnalyzerAsync(Class("""
                    void Headers(TcpClient c)
                    {
                        using var r = new StreamReader(c.GetStream());
                        string? line;
                        while ((line = r.ReadLine()) is { Length: > 0 })
                            Console.WriteLine(line);
                        while ((line = r.ReadLine()) is string text && text != "end")
                            Console.WriteLine(text);
                        while ((line = r.ReadLine()) is string)
                            Console.WriteLine(line);
                    }
                """));
        }

        [Fact]
        public async Task A_line_coalesced_to_empty_left_on_an_empty_length()
        {
            await Verify.VerifyAnalyzerAsync(Class("""
                    void M(TcpClient client)
                    {
                        using var reader = new StreamReader(client.GetStream());
                        while (true)
                        {
                            var line = reader.ReadLine() ?? "";
                            if (line.Length < 1) break;
                            Console.WriteLine(line);
                        }
                    }
                """));
        }

        [Fact]
        public async Task A_member_socket_of_a_variable_closed_on_zero()
        {
            // A game server's poll: each player's own socket, closed through the same member of the same player.
            await Verify.VerifyAnalyzerAsync(Usings + """
                class Player { public Socket Socket = null!; public int Id; }

                class C
                {
                    void Poll(System.Collections.Generic.List<Player> players, byte[] buf)
                    {
                        var gone = new System.Collections.Generic.List<Player>();
                        foreach (var p in players)
                        {
                            if (!p.Socket.Poll(0, SelectMode.SelectRead)) continue;
                            int n = p.Socket.Receive(buf);
                            if (n == 0) { p.Socket.Close(); gone.Add(p); continue; }
                            Console.WriteLine(n);
                        }

                        players.RemoveAll(gone.Contains);
                    }
                }
                """);
        }

        [Fact]
        public async Task Zero_path_on_to_another_receive_that_handles_the_close()
        {
            // After the peer's close every read gets it again: a header loop left on null goes back to the request
            // loop's read, which ends on null; an inner read of the rest of a request, left on 0, back to the outer read.
            await Verify.VerifyAnalyzerAsync(Class("""
                    async Task ServeAsync(TcpClient client)
                    {
                        var ns = client.GetStream();
                        var reader = new StreamReader(ns);
                        string? request;
                        while ((request = await reader.ReadLineAsync()) != null)
                        {
                            bool keepAlive = true;
                            string? header;
                            while (!string.IsNullOrEmpty(header = await reader.ReadLineAsync()))
                            {
                                if (header == "Connection: close")
                                    keepAlive = false;
                            }
                            await ns.WriteAsync(new byte[] { 1 });
                            if (!keepAlive)
                                break;
                        }
                        client.Close();
                    }

                    void Requests(Socket s, byte[] buf)
                    {
                        while (s.Receive(buf) is var n && n > 0)
                        {
                            while (buf[n - 1] != (byte)'\n')
                            {
                                int more = s.Receive(buf);
                                if (more == 0)
                                    break;
                                n = more;
                            }

                            s.Send(buf, n, SocketFlags.None);
                        }

                        s.Close();
                    }
                """));
        }

        [Fact]
        public async Task A_reply_read_while_data_is_buffered_then_the_socket_closed()
        {
            // do { Receive } while (Available > 0) ends by itself at the peer's close (nothing more is ever buffered),
            // and the socket is closed right after: no CLOSE_WAIT, and nothing spins.
            await Verify.VerifyAnalyzerAsync(Class("""
                    string Ask(System.Net.IPEndPoint server, byte[] request)
                    {
                        var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                        s.Connect(server);
                        s.Send(request);
                        var buffer = new byte[256];
                        var answer = new System.Text.StringBuilder();
                        int size;
                        do
                        {
                            size = s.Receive(buffer);
                            answer.Append(System.Text.Encoding.UTF8.GetString(buffer, 0, size));
                        }
                        while (s.Available > 0);
                        s.Shutdown(SocketShutdown.Both);
                        s.Close();
                        return answer.ToString();
                    }
                """));
        }

        [Fact]
        public async Task A_loop_on_buffered_data_ends_by_itself_after_the_close()
        {
            // A telnet client's parser: after the peer's close nothing is ever buffered again, so while (Available > 0)
            // ends on the -1 path even though the switch only breaks out of itself.
            await Verify.VerifyAnalyzerAsync(Class("""
                    void Parse(TcpClient client, System.Text.StringBuilder sb)
                    {
                        while (client.Available > 0)
                        {
                            int input = client.GetStream().ReadByte();
                            switch (input)
                            {
                                case -1:
                                    break;
                                case 255:
                                    int verb = client.GetStream().ReadByte();
                                    if (verb == -1) break;
                                    sb.Append((char)verb);
                                    break;
                                default:
                                    sb.Append((char)input);
                                    break;
                            }
                        }
                    }

                    void Drain(NetworkStream stream, byte[] buf)
                    {
                        while (stream.DataAvailable)
                        {
                            int n = stream.Read(buf, 0, buf.Length);
                            if (n == 0) continue;
                            Console.WriteLine(n);
                        }
                    }
                """));
        }

        [Fact]
        public async Task Parameter_of_a_local_function_not_always_passed_a_connection()
        {
            // One call passes a file's reader; one local function is also a delegate, whose callers are not seen; one is never called.
            await Verify.VerifyAnalyzerAsync(Class("""
                    void Both(TcpClient client, string path)
                    {
                        Print(new StreamReader(client.GetStream()));
                        Print(new StreamReader(File.OpenRead(path)));

                        void Print(StreamReader r)
                        {
                            while (true)
                            {
                                var line = r.ReadLine();
                                if (line == null) continue;
                                Console.WriteLine(line);
                            }
                        }
                    }

                    void AsDelegate(TcpClient client)
                    {
                        Drain(client.GetStream());
                        Action<Stream> later = Drain;

                        void Drain(Stream s)
                        {
                            var buf = new byte[16];
                            while (true)
                                s.Read(buf, 0, buf.Length);
                        }
                    }

                    void Unused()
                    {
                        void Drain(Stream s)
                        {
                            var buf = new byte[16];
                            while (true)
                                s.Read(buf, 0, buf.Length);
                        }
                    }
                """));
        }

        [Fact]
        public async Task Completion_whose_count_a_method_of_yours_tests_first()
        {
            // A socket server framework's session (from the eighth real-code review): ProcessCompleted closes on 0 and
            // says so; the receive's handler reads the count only after it.
            await Verify.VerifyAnalyzerAsync(Class("""
                    void ProcessReceive(SocketAsyncEventArgs e)
                    {
                        if (!ProcessCompleted(e))
                            return;
                        Handle(e.Buffer!, e.BytesTransferred);
                        ((Socket)e.UserToken!).ReceiveAsync(e);
                    }

                    bool ProcessCompleted(SocketAsyncEventArgs e)
                    {
                        if (e.BytesTransferred <= 0 || e.SocketError != SocketError.Success)
                        {
                            ((Socket)e.UserToken!).Close();
                            return false;
                        }

                        return true;
                    }
                """));
        }

        [Fact]
        public async Task Closed_behind_a_success_flag_the_zero_path_never_sets()
        {
            // A chat server's greeting (from the seventh real-code review): the flag is set only when data came, and the
            // connection is closed when it is not set, as on 0.
            await Verify.VerifyAnalyzerAsync(Class("""
                    void Greet(TcpListener listener, byte[] buffer)
                    {
                        bool good = false;
                        TcpClient client = listener.AcceptTcpClient();
                        NetworkStream stream = client.GetStream();
                        int bytesRead = stream.Read(buffer, 0, buffer.Length);
                        if (bytesRead > 0)
                        {
                            if (buffer[0] == (byte)'@')
                                good = true;
                        }

                        if (!good)
                            client.Close();
                    }
                """));
        }

        [Fact]
        public async Task Count_stored_in_a_local_of_the_function_around_the_lambda()
        {
            // A PLC library's synchronous receive over SocketAsyncEventArgs (from the sixth real-code review): the handler
            // stores the count in the method's local, which the method returns; a local function does the same.
            await Verify.VerifyAnalyzerAsync(Class("""
                    readonly ManualResetEvent _done = new(false);

                    int Receive(Socket socket, byte[] buffer)
                    {
                        var response = 0;
                        var args = new SocketAsyncEventArgs();
                        args.SetBuffer(buffer, 0, buffer.Length);
                        args.Completed += (s, e) =>
                        {
                            if (e.SocketError == SocketError.Success)
                                response = e.BytesTransferred;
                            _done.Set();
                        };
                        socket.ReceiveAsync(args);
                        _done.WaitOne(1000);
                        return response;
                    }

                    int ReadOnce(Socket socket, byte[] buffer)
                    {
                        int n = 0;
                        void Read() { n = socket.Receive(buffer); }
                        Read();
                        return n;
                    }
                """));
        }

        [Fact]
        public async Task Zero_tested_with_the_read_loops_own_condition()
        {
            // A DNS client's reply (from the sixth real-code review): on 0 the total is unchanged, so the loop's condition
            // tested again beside it still holds, and the throw is taken.
            await Verify.VerifyAnalyzerAsync(Class("""
                    async Task<byte[]> ReadReply(NetworkStream stream, int length, CancellationToken ct)
                    {
                        var result = new byte[length];
                        int received = 0;
                        while (received < length)
                        {
                            int read = await stream.ReadAsync(result, received, length - received, ct);
                            received += read;
                            if (read == 0 && received < length)
                                throw new SocketException(-1);
                        }

                        return result;
                    }

                    byte[] ReadAll(Socket s, byte[] buffer)
                    {
                        int total = 0;
                        while (total != buffer.Length)
                        {
                            int n = s.Receive(buffer, total, buffer.Length - total, SocketFlags.None);
                            if (n == 0 && total != buffer.Length)
                                throw new EndOfStreamException();
                            total += n;
                        }

                        return buffer;
                    }
                """));
        }

        [Fact]
        public async Task Switch_on_a_byte_enum_whose_default_throws()
        {
            // A protocol's type byte (a Redis client's reply, from the fifth real-code review): -1 at the peer's close is
            // no case of the byte enum, so it takes the default, which throws. A default that goes round the loop spins.
            await Verify.VerifyAnalyzerAsync(Class("""
                    enum Kind : byte { Simple = (byte)'+', Error = (byte)'-' }

                    object Fetch(NetworkStream stream)
                    {
                        var kind = (Kind)stream.ReadByte();
                        switch (kind)
                        {
                            case Kind.Simple: return 1;
                            case Kind.Error: return 2;
                            default: throw new InvalidDataException();
                        }
                    }

                    void Loop(NetworkStream stream)
                    {
                        while (true)
                        {
                            var kind = (Kind){|#0:stream.ReadByte()|};
                            switch (kind)
                            {
                                case Kind.Simple: Console.WriteLine("+"); break;
                                default: continue;
                            }
                        }
                    }
                """), Verify.Diagnostic("SL0001").WithLocation(0).WithArguments(
                    "NetworkStream.ReadByte",
                    "returns -1 when the peer closes, and on that path the read loop goes on",
                    ", and the loop spins on -1"));
        }

        [Theory]
        // A reader over a file, a MemoryStream or a stream of unknown origin is not a connection.
        [InlineData("var reader = new StreamReader(File.OpenRead(path));")]
        [InlineData("var reader = new StreamReader(new MemoryStream(new byte[4]));")]
        [InlineData("var reader = new StreamReader(path);")]
        [InlineData("var reader = Console.In;")]
        public async Task Reader_not_over_a_connection(string reader)
        {
            await Verify.VerifyAnalyzerAsync(Class($$"""
                    void M(string path)
                    {
                        {{reader}}
                        var chars = new char[256];
                        while (true)
                        {
                            reader.Read(chars, 0, chars.Length);
                        }
                    }
                """));
        }

        [Theory]
        // Each test of the line's null that leaves the loop; a line used untested (it throws at null); one read outside a loop.
        [InlineData("string line; while ((line = reader.ReadLine()) != null) Console.WriteLine(line);")]
        [InlineData("while (true) { var line = reader.ReadLine(); if (line == null) break; Console.WriteLine(line); }")]
        [InlineData("while (true) { var line = reader.ReadLine(); if (line is null) return; Console.WriteLine(line); }")]
        [InlineData("while (true) { var line = reader.ReadLine(); if (string.IsNullOrEmpty(line)) break; Console.WriteLine(line); }")]
        [InlineData("while (reader.ReadLine() is { } line) Console.WriteLine(line);")]
        [InlineData("while (reader.ReadLine() is string line) Console.WriteLine(line);")]
        [InlineData("while (true) { var command = reader.ReadLine(); Console.WriteLine(command.Trim()); }")]
        [InlineData("while (true) { var command = reader.ReadLine(); Console.WriteLine(command); Dispatch(command); }")]
        [InlineData("var header = reader.ReadLine(); Console.WriteLine(\"> \" + header);")]
        [InlineData("reader.ReadLine(); Console.WriteLine(reader.ReadToEnd());")]
        // Dereferenced at once: at the end the exception leaves the loop before the test of null is reached.
        [InlineData("string s; while (!(s = reader.ReadLine()).Equals(\"Exit\") || s == null) Console.WriteLine(s);")]
        [InlineData("while (true) { var word = reader.ReadLine().Trim(); if (word == null) continue; Console.WriteLine(word); }")]
        public async Task Line_reads_that_see_the_end(string loop)
        {
            await Verify.VerifyAnalyzerAsync(Class($$"""
                    void M(TcpClient client)
                    {
                        var reader = new StreamReader(client.GetStream());
                        {{loop}}
                    }

                    static void Dispatch(string command) => Console.WriteLine(command.Length);
                """));
        }

        [Fact]
        public async Task Line_reads_of_an_owned_connection_closed_by_the_readers_using()
        {
            await Verify.VerifyAnalyzerAsync(Class("""
                    void M(TcpListener listener)
                    {
                        var client = listener.AcceptTcpClient();
                        using var reader = new StreamReader(client.GetStream());
                        string line;
                        while ((line = reader.ReadLine()) != null)
                            Console.WriteLine(line);
                    }
                """));
        }

        [Theory]
        // Compared with 0, and the answer handed on: returned, or kept in a flag that is returned or stored.
        [InlineData("bool M(Socket s, byte[] b) { return s.Receive(b, SocketFlags.Peek) != 0; }")]
        [InlineData("bool M(Socket s, byte[] b) { var alive = s.Receive(b, SocketFlags.Peek) != 0; return alive; }")]
        [InlineData("bool M(Socket s, byte[] b) { bool closed; closed = s.Receive(b, SocketFlags.Peek) == 0; Console.WriteLine(closed); return !closed; }")]
        [InlineData("bool _alive; void M(Socket s, byte[] b) { _alive = !(s.Receive(b, SocketFlags.Peek) == 0); }")]
        [InlineData("bool M(Socket s, byte[] b) => s.Receive(b, SocketFlags.Peek) is not 0;")]
        // The count returned in a task: the caller decides, as with a count returned as it is.
        [InlineData("ValueTask<int> M(Socket s, byte[] b) { var n = s.Receive(b); Console.WriteLine(\"read\"); return new ValueTask<int>(n); }")]
        [InlineData("Task<int> M(Socket s, byte[] b) { var n = s.Receive(b); return Task.FromResult(n); }")]
        [InlineData("ValueTask<int> M(Socket s, byte[] b) => new ValueTask<int>(s.Receive(b));")]
        public async Task Count_or_its_test_handed_to_the_caller(string method)
        {
            await Verify.VerifyAnalyzerAsync(Class(method));
        }

        [Fact]
        public async Task Count_compared_into_a_flag_that_only_logs_is_still_reported()
        {
            await Verify.VerifyAnalyzerAsync(Class("""
                    void M(Socket s, byte[] b)
                    {
                        while (true)
                        {
                            var alive = [|s.Receive(b)|] != 0;
                            Console.WriteLine(alive);
                        }
                    }
                """));
        }

        [Theory]
        // One read and a reply, then the connection is closed whatever the read returned: no CLOSE_WAIT, no loop.
        [InlineData("using var client = await listener.AcceptTcpClientAsync();", "")]
        [InlineData("var client = await listener.AcceptTcpClientAsync();", "client.Close();")]
        [InlineData("var client = await listener.AcceptTcpClientAsync(); try {", "} finally { client.Dispose(); }")]
        public async Task One_read_then_closed_on_the_way_out(string before, string after)
        {
            await Verify.VerifyAnalyzerAsync(Class($$"""
                    async Task M(TcpListener listener)
                    {
                        {{before}}
                        var stream = client.GetStream();
                        var buffer = new byte[32];
                        int len = await stream.ReadAsync(buffer, 0, buffer.Length);
                        var reply = System.Text.Encoding.UTF8.GetBytes("got " + len);
                        await stream.WriteAsync(reply, 0, reply.Length);
                        {{after}}
                    }
                """));
        }

        [Fact]
        public async Task One_read_per_accepted_connection_in_an_accept_loop_closed_by_its_using()
        {
            await Verify.VerifyAnalyzerAsync(Class("""
                    async Task Serve(TcpListener listener)
                    {
                        while (true)
                        {
                            using (TcpClient client = await listener.AcceptTcpClientAsync())
                            using (NetworkStream stream = client.GetStream())
                            {
                                var buffer = new byte[32];
                                int len = await stream.ReadAsync(buffer, 0, buffer.Length);
                                Console.WriteLine(System.Text.Encoding.UTF8.GetString(buffer, 0, len));
                            }
                        }
                    }
                """));
        }

        [Fact]
        public async Task Reader_read_loop_that_leaves_on_0_and_a_using_reader_that_closes_the_connection()
        {
            // Disposing a reader made over the connection's stream (leaveOpen not set) closes the connection.
            await Verify.VerifyAnalyzerAsync(Class("""
                    async Task M(TcpListener listener, CancellationToken ct)
                    {
                        var client = await listener.AcceptTcpClientAsync(ct);
                        using var reader = new StreamReader(client.GetStream());
                        var chars = new char[256];
                        int n;
                        while ((n = await reader.ReadAsync(chars, ct)) > 0)
                            Console.Write(new string(chars, 0, n));
                    }

                    void Closed(Socket listener)
                    {
                        var socket = listener.Accept();
                        var reader = new BinaryReader(new NetworkStream(socket, ownsSocket: true));
                        while (true)
                        {
                            int c = reader.Read();
                            if (c == -1)
                            {
                                reader.Dispose();
                                return;
                            }

                            Console.Write((char)c);
                        }
                    }
                """));
        }


        [Fact]
        public async Task A_receive_run_only_while_data_is_buffered_never_returns_0()
        {
            await Verify.VerifyAnalyzerAsync(Class("""
                    void Drain(Socket s, System.Collections.Generic.List<byte> acc)
                    {
                        while (s.Available > 0)
                        {
                            var one = new byte[1];
                            s.Receive(one, 0, 1, SocketFlags.None);
                            acc.Add(one[0]);
                        }
                    }

                    void Poll(TcpClient client, byte[] buf)
                    {
                        var ns = client.GetStream();
                        if (client.Available != 0)
                            Handle(buf, ns.Read(buf, 0, buf.Length));
                        if (ns.DataAvailable && buf.Length > 0)
                            ns.Read(buf, 0, buf.Length);
                        if (0 < client.Client.Available)
                            ns.Read(buf, 0, 1);
                    }
                """));
        }

        [Fact]
        public async Task A_data_test_written_with_an_escaped_name_still_guards()
        {
            // The function's text is searched for Available before the test is read: an identifier written with a
            // Unicode escape names it all the same, and is read as any other.
            await Verify.VerifyAnalyzerAsync(Class("""
                    void Drain(Socket s, byte[] one)
                    {
                        while (s.Av\u0061ilable > 0)
                            s.Receive(one, 0, 1, SocketFlags.None);
                    }

                    void NoTest(Socket s, byte[] one)
                    {
                        while (s.Connected)
                            [|s.Receive(one, 0, 1, SocketFlags.None)|];
                    }
                """));
        }

        [Fact]
        public async Task A_read_through_tls_can_return_0_while_data_is_buffered()
        {
            // The bytes buffered under the SslStream may be the peer's close_notify alert: the read then returns 0.
            await Verify.VerifyAnalyzerAsync(Usings + """

                class C
                {
                    async Task Serve(TcpListener listener, byte[] buf)
                    {
                        var client = await listener.AcceptTcpClientAsync();
                        var ns = client.GetStream();
                        var ssl = new SslStream(ns);
                        for (int i = 0; i < 100; i++)
                        {
                            if (ns.DataAvailable)
                            {
                                int n = await {|SL0001:ssl.ReadAsync(buf, 0, buf.Length)|};
                                if (n == 0)
                                    Console.WriteLine("closed");
                            }
                        }

                        client.Close();
                    }
                }
                """);
        }

        [Fact]
        public async Task An_inner_read_loop_left_on_0_inside_an_outer_loop_that_goes_round_again()
        {
            // The inner loop ends on 0 (or null), the outer one sets the count again and reads again: it spins, and the
            // accepted connection is never closed.
            await Verify.VerifyAnalyzerAsync(Class("""
                    void Count(TcpListener listener, byte[] buf)
                    {
                        Socket s = listener.AcceptSocket();
                        while (true)
                        {
                            int n = 1;
                            while (n != 0)
                            {
                                n = {|SL0001:s.Receive(buf)|};
                                Console.WriteLine(n);
                            }
                        }
                    }

                    void Lines(TcpListener listener)
                    {
                        TcpClient client = listener.AcceptTcpClient();
                        var reader = new StreamReader(client.GetStream());
                        while (true)
                        {
                            string line = "";
                            while (line != null)
                            {
                                line = {|SL0001:reader.ReadLine()|};
                                Console.WriteLine("Echoing: " + line);
                            }

                            Console.WriteLine("saw disconnect");
                        }
                    }
                """));
        }

        [Fact]
        public async Task An_inner_read_loop_left_on_0_then_the_connection_closed()
        {
            await Verify.VerifyAnalyzerAsync(Class("""
                    void Count(TcpListener listener, byte[] buf)
                    {
                        Socket s = listener.AcceptSocket();
                        while (true)
                        {
                            int n = 1;
                            while (n != 0)
                            {
                                n = s.Receive(buf);
                                Console.WriteLine(n);
                            }

                            s.Close();
                            return;
                        }
                    }

                    void Reset(Socket s, byte[] buf)
                    {
                        while (true)
                        {
                            int n = s.Receive(buf);
                            if (n == 0)
                            {
                                n = -1;
                                break;
                            }

                            Handle(buf, n);
                        }
                    }
                """));
        }

        [Fact]
        public async Task A_reply_of_the_wrong_length_throws_on_0_too()
        {
            await Verify.VerifyAnalyzerAsync(Class("""
                    void Negotiate(Socket s, byte[] reply)
                    {
                        s.Send(reply);
                        if (s.Receive(reply) != 2)
                            throw new IOException("reset by peer");
                        if (s.Receive(reply) < 10)
                            throw new IOException("short reply");
                    }
                """));
        }

        [Fact]
        public async Task A_loop_on_full_buffers_ends_on_0_and_the_using_closes()
        {
            await Verify.VerifyAnalyzerAsync(Class("""
                    async Task ServeOnce(TcpListener listener)
                    {
                        using (TcpClient client = await listener.AcceptTcpClientAsync())
                        using (NetworkStream stream = client.GetStream())
                        {
                            var buf = new byte[32];
                            int len;
                            do
                            {
                                len = await stream.ReadAsync(buf, 0, buf.Length);
                            }
                            while (len == buf.Length);
                            await stream.WriteAsync(buf, 0, 1);
                        }
                    }
                """));
        }


        [Theory]
        [InlineData("if (n == 0) { s.Close(); return; }")]
        [InlineData("if (n == 0) { s.Shutdown(SocketShutdown.Both); s.Dispose(); break; }")]
        [InlineData("if (n <= 0) break;")]
        [InlineData("if (n < 1) return;")]
        [InlineData("if (0 == n) throw new EndOfStreamException();")]
        [InlineData("if (n is 0) return;")]
        [InlineData("if (n is <= 0) return;")]
        [InlineData("if (n is not > 0) return;")]
        [InlineData("if (!(n > 0)) return;")]
        [InlineData("if (n > 0) Handle(buf, n); else break;")]
        [InlineData("switch (n) { case 0: return; default: Handle(buf, n); break; }")]
        [InlineData("if (n == 0) goto done;")]
        // Tests that do not single 0 out but take a known branch on it: 0 leaves as a short read does.
        [InlineData("if (n != 2) throw new IOException(\"short reply\");")]
        [InlineData("if (n < 10) return;")]
        [InlineData("if (n < buf.Length) break;")]
        [InlineData("if (n == buf.Length) Handle(buf, n); else break;")]
        public async Task Zero_leaves_the_loop_of_a_handed_in_socket(string check)
        {
            await Verify.VerifyAnalyzerAsync(Class($$"""
                    void M(Socket s, byte[] buf)
                    {
                        while (true)
                        {
                            int n = s.Receive(buf);
                            {{check}}
                        }
                        done:
                        Console.WriteLine("done");
                    }
                """));
        }

        [Theory]
        [InlineData("bool closed = n == 0; if (closed) break;")]
        [InlineData("bool closed = n == 0; if (closed == true) break;")]
        [InlineData("bool more = n > 0; if (more == false) return;")]
        [InlineData("bool closed = n <= 0; if (false != closed) break;")]
        [InlineData("if ((n == 0) == true) break;")]
        [InlineData("bool closed = n <= 0; if (closed) break;")]
        [InlineData("var closed = 0 == n; if (!closed) Handle(buf, n); else break;")]
        [InlineData("bool data = n > 0; if (!data) return;")]
        [InlineData("bool closed = n is 0 or < 0; if (closed) return;")]
        [InlineData("bool closed = n == 0 || n < 0; if (closed) break;")]
        [InlineData("bool closed; closed = n == 0; if (closed) break;")]
        [InlineData("var done = n switch { 0 => true, _ => false }; if (done) { s.Close(); return; }")]
        [InlineData("var more = n switch { > 0 => true, _ => false }; if (!more) break;")]
        [InlineData("if (n switch { 0 => true, _ => false }) break;")]
        [InlineData("if (!(n > 0)) break;")]
        public async Task Zero_carried_by_a_flag_leaves_the_loop(string check)
        {
            await Verify.VerifyAnalyzerAsync(Class($$"""
                    void M(Socket s, byte[] buf)
                    {
                        while (true)
                        {
                            int n = s.Receive(buf);
                            {{check}}
                            Handle(buf, n);
                        }
                    }
                """));
        }

        [Fact]
        public async Task Zero_tested_by_a_helper_of_one_comparison_leaves_the_loop_where_its_test_does()
        {
            // A method of yours whose body is one comparison of its count parameter with a number (=> n > 0, or one
            // return) tests the count it is given, as the comparison written in place would. A virtual one may be
            // overridden, and a comparison with another number does not tell 0 apart.
            await Verify.VerifyAnalyzerAsync(Class("""
                    static bool Consume(byte[] b, int n) => n > 0;
                    static bool IsClosed(int count) { return count <= 0; }
                    static bool IsBig(int n) => n > 100;
                    protected virtual bool More(int n) => n > 0;

                    async Task Expression(Socket s, byte[] buf, CancellationToken ct)
                    {
                        while (true)
                        {
                            int n = await s.ReceiveAsync(buf, SocketFlags.None, ct);
                            if (!Consume(buf, n))
                                break;
                        }
                    }

                    void Returned(Socket s, byte[] buf)
                    {
                        while (true)
                        {
                            int n = s.Receive(buf);
                            if (IsClosed(n))
                                return;
                            Handle(buf, n);
                        }
                    }

                    void AnotherNumber(Socket s, byte[] buf)
                    {
                        while (true)
                        {
                            int n = {|#0:s.Receive(buf)|};
                            if (!IsBig(n))
                                continue;
                            Handle(buf, n);
                        }
                    }

                    void Overridable(Socket s, byte[] buf)
                    {
                        while (true)
                        {
                            int n = {|#1:s.Receive(buf)|};
                            if (!More(n))
                                break;
                        }
                    }
                """),
                Verify.Diagnostic("SL0001").WithLocation(0).WithArguments("Socket.Receive", "returns 0 when the peer closes, and on that path the read loop goes on", ", and the loop spins on 0"),
                Verify.Diagnostic("SL0001").WithLocation(1).WithArguments("Socket.Receive", "returns a count that is never compared with 0, so the peer's close goes unnoticed", ", and the loop spins on 0"));
        }

        [Fact]
        public async Task Zero_carried_by_an_enum_state_leaves_the_loop_where_its_test_does()
        {
            // A state set from the count (a switch expression or ?:), then compared with the constant the closed count
            // gives: as a bool flag. A test of the data constant that goes on, or a state that does not tell 0 apart, does not.
            await Verify.VerifyAnalyzerAsync(Class("""
                    enum ReadState { Data, Closed }

                    async Task Switched(Socket s, byte[] buf, CancellationToken ct)
                    {
                        while (true)
                        {
                            int n = await s.ReceiveAsync(buf, SocketFlags.None, ct);
                            var state = n switch { 0 => ReadState.Closed, _ => ReadState.Data };
                            if (state == ReadState.Closed)
                            {
                                s.Close();
                                return;
                            }

                            Handle(buf, n);
                        }
                    }

                    void Conditional(Socket s, byte[] buf)
                    {
                        while (true)
                        {
                            int n = s.Receive(buf);
                            var state = n == 0 ? ReadState.Closed : ReadState.Data;
                            if (state != ReadState.Data)
                                break;
                            Handle(buf, n);
                        }
                    }

                    void GoesOn(Socket s, byte[] buf)
                    {
                        while (true)
                        {
                            int n = {|#0:s.Receive(buf)|};
                            var state = n switch { 0 => ReadState.Closed, _ => ReadState.Data };
                            if (state == ReadState.Data)
                                Handle(buf, n);
                        }
                    }

                    void NotTheClose(Socket s, byte[] buf)
                    {
                        while (true)
                        {
                            int n = {|#1:s.Receive(buf)|};
                            var state = n > 5 ? ReadState.Closed : ReadState.Data;
                            if (state == ReadState.Closed)
                                break;
                            Handle(buf, n);
                        }
                    }
                """),
                Verify.Diagnostic("SL0001").WithLocation(0).WithArguments("Socket.Receive", "returns 0 when the peer closes, and on that path the read loop goes on", ", and the loop spins on 0"),
                Verify.Diagnostic("SL0001").WithLocation(1).WithArguments("Socket.Receive", "returns 0 when the peer closes, and on that path the read loop goes on", ", and the loop spins on 0"));
        }

        [Fact]
        public async Task Zero_carried_by_a_flag_in_other_shapes()
        {
            await Verify.VerifyAnalyzerAsync(Class("""
                    async Task Awaited(NetworkStream stream, byte[] buf)
                    {
                        while (true)
                        {
                            var n = await stream.ReadAsync(buf);
                            if (n is 0) break;
                            Handle(buf, n);
                        }
                    }

                    void SetByTheReceive(Socket s, byte[] buf)
                    {
                        while (true)
                        {
                            bool closed = s.Receive(buf) == 0;
                            if (closed) break;
                        }
                    }

                    void Owned(Socket listener, byte[] buf)
                    {
                        Socket client = listener.Accept();
                        while (true)
                        {
                            int n = client.Receive(buf);
                            var closed = n <= 0;
                            if (closed) { client.Close(); return; }
                            Handle(buf, n);
                        }
                    }

                    void Lambdas(Socket s, byte[] buf)
                    {
                        Action pump = () =>
                        {
                            while (true)
                            {
                                int n = s.Receive(buf);
                                bool closed = n == 0;
                                if (closed) break;
                                Handle(buf, n);
                            }
                        };

                        void Local()
                        {
                            while (true)
                            {
                                int n = s.Receive(buf);
                                var done = n switch { 0 => true, _ => false };
                                if (done) return;
                                Handle(buf, n);
                            }
                        }
                    }

                    void ReadByte(NetworkStream ns)
                    {
                        while (true)
                        {
                            int b = ns.ReadByte();
                            bool end = b < 0;
                            if (end) break;
                            Handle(new byte[] { (byte)b }, 1);
                        }
                    }
                """));
        }

        [Theory]
        [InlineData("catch (IOException) { break; }")]
        [InlineData("catch (IOException) { s.Close(); return; }")]
        [InlineData("catch (IOException) { Console.WriteLine(\"closed\"); throw; }")]
        [InlineData("catch (Exception e) { throw new InvalidOperationException(\"closed\", e); }")]
        // Not this exception's catch: it leaves the method.
        [InlineData("catch (SocketException) { }")]
        // A filter may or may not take it: as with a catch outside the function, the caller decides.
        [InlineData("catch (IOException) when (verbose) { }")]
        public async Task Throw_on_zero_caught_inside_the_read_loop_that_leaves(string handler)
        {
            await Verify.VerifyAnalyzerAsync(Class($$"""
                    void M(Socket s, byte[] buf, bool verbose)
                    {
                        while (true)
                        {
                            try
                            {
                                int n = s.Receive(buf);
                                if (n == 0) throw new IOException("closed");
                                Handle(buf, n);
                            }
                            {{handler}}
                        }
                    }
                """));
        }

        [Fact]
        public async Task Throw_on_zero_caught_outside_the_read_loop_or_closed_on_the_way()
        {
            await Verify.VerifyAnalyzerAsync(Class("""
                    void Outside(Socket s, byte[] buf)
                    {
                        try
                        {
                            while (true)
                            {
                                int n = s.Receive(buf);
                                if (n == 0) throw new IOException("closed");
                                Handle(buf, n);
                            }
                        }
                        catch (IOException) { Console.WriteLine("closed"); }
                    }

                    void FinallyCloses(Socket s, byte[] buf)
                    {
                        while (true)
                        {
                            try
                            {
                                try
                                {
                                    int n = s.Receive(buf);
                                    if (n == 0) throw new IOException("closed");
                                    Handle(buf, n);
                                }
                                finally { s.Close(); }
                            }
                            catch (IOException) { }
                        }
                    }

                    void OwnedLeavesThenCloses(Socket listener, byte[] buf)
                    {
                        Socket client = listener.Accept();
                        while (true)
                        {
                            try
                            {
                                int n = client.Receive(buf);
                                if (n == 0) throw new IOException("closed");
                                Handle(buf, n);
                            }
                            catch (IOException) { break; }
                        }
                        client.Close();
                    }
                """));
        }

        [Theory]
        [InlineData("while ((n = s.Receive(buf)) > 0) Handle(buf, n);")]
        [InlineData("while ((n = s.Receive(buf)) != 0) Handle(buf, n);")]
        [InlineData("do { n = s.Receive(buf); Handle(buf, n); } while (n > 0);")]
        [InlineData("for (n = s.Receive(buf); n > 0; n = s.Receive(buf)) Handle(buf, n);")]
        public async Task Loop_condition_on_the_count(string loop)
        {
            await Verify.VerifyAnalyzerAsync(Class($$"""
                    void M(Socket s, byte[] buf)
                    {
                        int n;
                        {{loop}}
                    }
                """));
        }

        [Theory]
        [InlineData("while (s.Receive(buf) is var n && n > 0) Handle(buf, n);")]
        [InlineData("while (s.Receive(buf) is int n && n != 0) Handle(buf, n);")]
        [InlineData("while (s.Receive(buf) is not 0 and var m) Handle(buf, m);")]
        [InlineData("while (s.Receive(buf) is > 0 and var m) Handle(buf, m);")]
        [InlineData("while (true) { if (s.Receive(buf) is int n && n > 0) Handle(buf, n); else break; }")]
        [InlineData("while (true) { if (s.Receive(buf) is var n && n == 0) return; Handle(buf, n); }")]
        [InlineData("while (true) { if (s.Receive(buf) is var n && n is 0) return; Handle(buf, n); }")]
        [InlineData("while (true) { if (s.Receive(buf) is not 0 and var m) Handle(buf, m); else return; }")]
        [InlineData("while (true) { if (s.Receive(buf) is var n) { if (n == 0) return; Handle(buf, n); } }")]
        public async Task Count_declared_by_a_pattern(string loop)
        {
            await Verify.VerifyAnalyzerAsync(Class($$"""
                    void M(Socket s, byte[] buf)
                    {
                        {{loop}}
                    }
                """));
        }

        [Fact]
        public async Task Owned_connection_closed_by_using_declaration_statement_and_finally()
        {
            await Verify.VerifyAnalyzerAsync(Class("""
                    void Declaration(Socket listener, byte[] buf)
                    {
                        using Socket client = listener.Accept();
                        int n;
                        while ((n = client.Receive(buf)) > 0)
                            Handle(buf, n);
                    }

                    void Statement(TcpListener listener, byte[] buf)
                    {
                        using (var client = listener.AcceptTcpClient())
                        {
                            var stream = client.GetStream();
                            while (true)
                            {
                                int n = stream.Read(buf, 0, buf.Length);
                                if (n == 0) break;
                                Handle(buf, n);
                            }
                        }
                    }

                    void Finally(Socket listener, byte[] buf)
                    {
                        var client = listener.Accept();
                        try
                        {
                            while (true)
                            {
                                int n = client.Receive(buf);
                                if (n == 0) return;
                                Handle(buf, n);
                            }
                        }
                        finally
                        {
                            client.Close();
                        }
                    }

                    async Task PerIteration(TcpListener listener, byte[] buf, CancellationToken ct)
                    {
                        while (!ct.IsCancellationRequested)
                        {
                            using TcpClient client = await listener.AcceptTcpClientAsync(ct);
                            NetworkStream stream = client.GetStream();
                            int n = await stream.ReadAsync(buf, ct);
                            if (n == 0) continue;
                            await stream.WriteAsync(buf.AsMemory(0, n), ct);
                        }
                    }
                """));
        }

        [Fact]
        public async Task Owner_disposed_through_an_alias_or_a_helper()
        {
            await Verify.VerifyAnalyzerAsync(Class("""
                    async Task ThroughTheClient(TcpClient client, byte[] buf, CancellationToken ct)
                    {
                        var stream = client.GetStream();
                        while (true)
                        {
                            int n = await stream.ReadAsync(buf, ct);
                            if (n == 0) { client.Dispose(); return; }
                            Handle(buf, n);
                        }
                    }

                    void ThroughAHelper(Socket listener, byte[] buf)
                    {
                        var client = listener.Accept();
                        while (true)
                        {
                            int n = client.Receive(buf);
                            if (n == 0) { Drop(client); return; }
                            Handle(buf, n);
                        }
                    }

                    static void Drop(Socket socket)
                    {
                        try { socket.Shutdown(SocketShutdown.Both); } catch (SocketException) { }
                        socket.Close();
                    }
                """));
        }

        [Fact]
        public async Task Count_escapes_to_the_caller()
        {
            await Verify.VerifyAnalyzerAsync(Class("""
                    int last;

                    int Returned(Socket s, byte[] buf) => s.Receive(buf);

                    async Task<int> ReturnedLater(NetworkStream ns, byte[] buf)
                    {
                        int n = await ns.ReadAsync(buf);
                        return n;
                    }

                    void Stored(Socket s, byte[] buf) { last = s.Receive(buf); }

                    void Out(Socket s, byte[] buf, out int n) { n = s.Receive(buf); }
                """));
        }

        [Fact]
        public async Task Not_connections()
        {
            await Verify.VerifyAnalyzerAsync(Class("""
                    void File(FileStream fs, MemoryStream ms, Stream unknown, byte[] buf)
                    {
                        fs.Read(buf, 0, buf.Length);
                        ms.Read(buf, 0, buf.Length);
                        unknown.Read(buf, 0, buf.Length);
                    }

                    void Udp(Socket udp, byte[] buf)
                    {
                        EndPoint from = new IPEndPoint(IPAddress.Any, 0);
                        udp.ReceiveFrom(buf, ref from);
                    }

                    void Datagram(byte[] buf)
                    {
                        var udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
                        udp.Receive(buf);
                    }

                    void Exactly(NetworkStream ns, byte[] buf) => ns.ReadExactly(buf);

                    bool Saea(Socket s, SocketAsyncEventArgs e) => s.ReceiveAsync(e);
                """));
        }

        [Fact]
        public async Task Configured_close_method()
        {
            var test = new Verify.Test
            {
                TestCode = Class("""
                    void M(Socket listener, byte[] buf)
                    {
                        var client = listener.Accept();
                        while (true)
                        {
                            int n = client.Receive(buf);
                            if (n == 0) { Pool.Release(client); return; }
                        }
                    }
                """) + """
                    static class Pool { public static void Release(Socket s) { } }
                    """,
            };
            test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", """
                root = true
                [*.cs]
                socketlint.close_methods = M:Pool.Release(System.Net.Sockets.Socket), M:Does.Not.Exist
                """));
            await test.RunAsync();
        }

        [Fact]
        public async Task A_flag_loop_left_at_its_condition_after_the_zero_branch_clears_the_flag()
        {
            await Verify.VerifyAnalyzerAsync(Class("""
                    void HandedIn(Socket s, byte[] buf)
                    {
                        bool open = true;
                        while (open)
                        {
                            int n = s.Receive(buf);
                            if (n == 0)
                                open = false;
                            else
                                Handle(buf, n);
                        }
                    }

                    void Owned(TcpListener listener, byte[] buf)
                    {
                        var s = listener.AcceptSocket();
                        var running = true;
                        while (running)
                        {
                            int n = s.Receive(buf);
                            if (n == 0) { running = false; continue; }
                            Handle(buf, n);
                        }

                        while (s.Receive(buf) > 0) { }
                        s.Close();
                    }
                """));
        }

        [Fact]
        public async Task Read_through_a_wrapper_that_leaves_the_callers_connection_open()
        {
            // The using disposes the SslStream only (leaveInnerStreamOpen): the client stays the caller's, so leaving the loop is enough.
            await Verify.VerifyAnalyzerAsync(Class("""
                    void Pump(TcpClient client, byte[] buf)
                    {
                        using var ssl = new SslStream(client.GetStream(), leaveInnerStreamOpen: true);
                        while (true)
                        {
                            int n = ssl.Read(buf, 0, buf.Length);
                            if (n == 0) break;
                            Handle(buf, n);
                        }
                    }

                    void PumpStatement(TcpClient client, byte[] buf)
                    {
                        using (var ssl = new SslStream(client.GetStream(), true))
                        {
                            int n;
                            while ((n = ssl.Read(buf, 0, buf.Length)) != 0)
                                Handle(buf, n);
                        }
                    }
                """));
        }

        [Fact]
        public async Task Closed_before_its_count_is_compared()
        {
            await Verify.VerifyAnalyzerAsync(Class("""
                    string Ask(int port, byte[] buf)
                    {
                        var client = new TcpClient();
                        client.Connect(IPAddress.Loopback, port);
                        var ns = client.GetStream();
                        ns.Write(buf, 0, 1);
                        int n = ns.Read(buf, 0, buf.Length);
                        client.Close();
                        return n == 0 ? "" : System.Text.Encoding.ASCII.GetString(buf, 0, n);
                    }
                """));
        }

        [Fact]
        public async Task A_read_after_a_loop_that_waits_for_data()
        {
            // The wait ends only with data buffered: the read returns at least a byte (the wait itself never sees the close).
            await Verify.VerifyAnalyzerAsync(Class("""
                    void Spin(TcpClient client)
                    {
                        NetworkStream stream = client.GetStream();
                        while (true)
                        {
                            while (!stream.DataAvailable) ;
                            var bytes = new byte[client.Available];
                            stream.Read(bytes, 0, bytes.Length);
                            Handle(bytes, bytes.Length);
                        }
                    }

                    void Sleeps(Socket s)
                    {
                        while (true)
                        {
                            while (s.Available == 0)
                                Thread.Sleep(10);
                            var buf = new byte[s.Available];
                            s.Receive(buf);
                            Handle(buf, buf.Length);
                        }
                    }
                """));
        }

        [Fact]
        public async Task A_field_flag_loop_left_after_the_zero_branch_clears_the_field()
        {
            await Verify.VerifyAnalyzerAsync(Class("""
                    bool _open = true;

                    void Run(Socket socket, byte[] buf)
                    {
                        while (_open)
                        {
                            int n = socket.Receive(buf);
                            if (n == 0) this._open = false;
                            else Handle(buf, n);
                        }
                    }
                """));
        }

        [Fact]
        public async Task The_count_returned_in_a_tuple()
        {
            await Verify.VerifyAnalyzerAsync(Class("""
                    (int Count, bool Closed) ReadChunk(Socket s, byte[] buf)
                    {
                        int n = s.Receive(buf);
                        return (n, n == 0);
                    }
                """));
        }

        [Theory]
        [InlineData("ArraySegment<byte>", "new ArraySegment<byte>(buf, 0, n)")]
        [InlineData("Chunk", "new Chunk(buf, n)")]
        [InlineData("byte[]", "buf[..n]")]
        [InlineData("byte[]", "buf[0..n]")]
        [InlineData("Memory<byte>", "buf.AsMemory(0, n)")]
        [InlineData("ReadOnlyMemory<byte>", "new Memory<byte>(buf)[..n]")]
        public async Task The_count_returned_carried_in_the_value(string type, string value)
        {
            // The caller gets the count as the value's length or a member of it: an empty chunk at the peer's close.
            await Verify.VerifyAnalyzerAsync(Class($$"""
                    record struct Chunk(byte[] Buffer, int Count);

                    async Task<{{type}}> ReadChunk(Socket s, byte[] buf, CancellationToken ct)
                    {
                        int n = await s.ReceiveAsync(buf, SocketFlags.None, ct);
                        return {{value}};
                    }
                """));
        }

        [Fact]
        public async Task The_count_carried_in_a_value_that_is_not_returned()
        {
            // Decoded or yielded, the chunk is not handed back as the count: the loop still spins at the peer's close.
            await Verify.VerifyAnalyzerAsync(Class("""
                    string ReadText(Socket s, byte[] buf)
                    {
                        int n = [|s.Receive(buf)|];
                        return System.Text.Encoding.UTF8.GetString(buf.AsSpan(0, n));
                    }

                    async System.Collections.Generic.IAsyncEnumerable<ArraySegment<byte>> Chunks(Socket s, byte[] buf)
                    {
                        while (true)
                        {
                            int n = await [|s.ReceiveAsync(buf, SocketFlags.None)|];
                            yield return new ArraySegment<byte>(buf, 0, n);
                        }
                    }
                """));
        }
    }

    public class SocketAsyncEventArgsCompletions
    {
        [Fact]
        public async Task A_completion_written_in_a_constructor()
        {
            await Verify.VerifyAnalyzerAsync(Usings + """
                class Session
                {
                    public Socket Socket { get; } = null!;

                    Session(SocketAsyncEventArgs args)
                    {
                        args.Completed += (sender, e) =>
                        {
                            if ([|e.BytesTransferred|] == 0)
                                Console.WriteLine("closed");
                            else if (!Socket.ReceiveAsync(e))
                                Console.WriteLine("again");
                        };
                    }
                }
                """);
        }

        [Fact]
        public async Task A_completion_in_a_field_initializer()
        {
            // Found where its text names BytesTransferred: a field's initializer is a block of its own.
            await Verify.VerifyAnalyzerAsync(Usings + """
                class Session
                {
                    static Socket Socket = null!;

                    readonly EventHandler<SocketAsyncEventArgs> _completed = (sender, e) =>
                    {
                        if ([|e.BytesTransferred|] == 0)
                            Console.WriteLine("closed");
                        else if (!Socket.ReceiveAsync(e))
                            Console.WriteLine("again");
                    };
                }
                """);
        }

        [Fact]
        public async Task A_completion_in_top_level_code()
        {
            var test = new Verify.Test
            {
                TestCode = Usings + """
                    var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                    var receive = new SocketAsyncEventArgs();
                    receive.Completed += (sender, e) => ProcessReceive(e);
                    socket.ReceiveAsync(receive);

                    void ProcessReceive(SocketAsyncEventArgs e)
                    {
                        if ([|e.BytesTransferred|] == 0)
                            Console.WriteLine("closed");
                        socket.ReceiveAsync(e);
                    }

                    class Unrelated
                    {
                        int BytesTransferred => 0;
                        int Read() => BytesTransferred;
                    }
                    """,
            };
            test.TestState.OutputKind = OutputKind.ConsoleApplication;
            await test.RunAsync();
        }

        [Theory]
        // The session's own helper closes its socket: directly, or through another of its methods.
        [InlineData("Disconnect();")]
        [InlineData("DisconnectAsync();")]
        [InlineData("this.Disconnect();")]
        public async Task Zero_closes_through_the_sessions_own_helper(string disconnect)
        {
            await Verify.VerifyAnalyzerAsync(Usings + $$"""
                class Session
                {
                    public Socket Socket { get; private set; } = null!;
                    readonly SocketAsyncEventArgs _receive = new SocketAsyncEventArgs();

                    public bool Disconnect()
                    {
                        try { Socket.Shutdown(SocketShutdown.Both); } catch (SocketException) { }
                        Socket.Close();
                        return true;
                    }

                    public bool DisconnectAsync() => Disconnect();

                    void TryReceive()
                    {
                        if (!Socket.ReceiveAsync(_receive))
                            ProcessReceive(_receive);
                    }

                    bool ProcessReceive(SocketAsyncEventArgs e)
                    {
                        long size = e.BytesTransferred;
                        if (e.SocketError == SocketError.Success)
                        {
                            if (size > 0)
                                return true;
                            else
                                {{disconnect}}
                        }
                        else
                        {
                            {{disconnect}}
                        }

                        return false;
                    }
                }
                """);
        }

        [Fact]
        public async Task Zero_calls_a_helper_of_its_own_that_closes_nothing()
        {
            await Verify.VerifyAnalyzerAsync(Usings + """
                class Session
                {
                    public Socket Socket { get; private set; } = null!;

                    void Log() => Console.WriteLine("closed");

                    void ProcessReceive(SocketAsyncEventArgs e)
                    {
                        if ([|e.BytesTransferred|] == 0)
                            Log();
                        else if (!Socket.ReceiveAsync(e))
                            ProcessReceive(e);
                    }
                }
                """);
        }


        [Fact]
        public async Task Count_never_compared_before_the_receive_starts_again()
        {
            await Verify.VerifyAnalyzerAsync(Class("""
                    void ProcessReceive(SocketAsyncEventArgs e)
                    {
                        var socket = (Socket)e.UserToken!;
                        Handle(e.Buffer!, {|#0:e.BytesTransferred|});
                        if (!socket.ReceiveAsync(e))
                            ProcessReceive(e);
                    }
                """), Verify.Diagnostic("SL0001").WithLocation(0).WithArguments(
                    "SocketAsyncEventArgs.BytesTransferred",
                    "returns a count that is never compared with 0, so the peer's close goes unnoticed",
                    ", and the loop spins on 0"));
        }

        [Fact]
        public async Task Zero_seen_but_the_receive_starts_again_in_a_lambda_completion()
        {
            await Verify.VerifyAnalyzerAsync(Class("""
                    void Start(Socket socket, SocketAsyncEventArgs args)
                    {
                        args.Completed += (sender, e) =>
                        {
                            if ([|e.BytesTransferred|] == 0)
                                Console.WriteLine("peer closed");
                            socket.ReceiveAsync(e);
                        };
                    }
                """));
        }

        [Fact]
        public async Task Zero_seen_and_the_completion_ends_without_closing()
        {
            await Verify.VerifyAnalyzerAsync(Class("""
                    void OnReceiveCompleted(object? sender, SocketAsyncEventArgs e)
                    {
                        if ([|e.BytesTransferred|] == 0)
                            return;
                        Handle(e.Buffer!, e.BytesTransferred);
                        ((Socket)e.UserToken!).ReceiveAsync(e);
                    }
                """));
        }

        [Fact]
        public async Task Completions_that_close_on_zero_and_send_completions()
        {
            await Verify.VerifyAnalyzerAsync(Class("""
                    void ProcessReceive(SocketAsyncEventArgs e)
                    {
                        if (e.BytesTransferred > 0 && e.SocketError == SocketError.Success)
                        {
                            var token = (Socket)e.UserToken!;
                            Handle(e.Buffer!, e.BytesTransferred);
                            if (!token.ReceiveAsync(e))
                                ProcessReceive(e);
                        }
                        else
                        {
                            CloseClientSocket(e);
                        }
                    }

                    void CloseClientSocket(SocketAsyncEventArgs e)
                    {
                        var token = (Socket)e.UserToken!;
                        try { token.Shutdown(SocketShutdown.Send); } catch (Exception) { }
                        token.Close();
                    }

                    void OnReceive(SocketAsyncEventArgs e)
                    {
                        var s = (Socket)e.UserToken!;
                        if (e.BytesTransferred == 0) { s.Close(); return; }
                        s.ReceiveAsync(e);
                    }

                    // A send completion's BytesTransferred counts bytes sent: 0 is no close.
                    void ProcessSend(SocketAsyncEventArgs e)
                    {
                        Handle(e.Buffer!, e.BytesTransferred);
                        ((Socket)e.UserToken!).ReceiveAsync(e);
                    }

                    // Not a receive completion at all.
                    int Report(SocketAsyncEventArgs e) => e.BytesTransferred;
                """));
        }
    }

    public class CodeFix
    {
        [Fact]
        public async Task A_test_for_a_negative_count_right_after_the_read_is_widened_to_take_0()
        {
            // Helper I's 08_ConnectionPool:78: a socket's count is never -1 (a Java habit), so the test never fires; it
            // becomes the check, n <= 0, where its exit is enough, instead of a second test beside it. Where the connection
            // must be closed too, the check is added before it, as before.
            await Verify.VerifyCodeFixAsync(Class("""
                    static string ReadResponse(Socket s)
                    {
                        var text = "";
                        var buf = new byte[1024];
                        while (!text.EndsWith("END"))
                        {
                            int bytesRead = [|s.Receive(buf)|];
                            if (bytesRead == -1)
                                break;
                            text += bytesRead;
                        }
                        return text;
                    }

                    static void Pump(NetworkStream ns, byte[] buf)
                    {
                        while (true)
                        {
                            var n = [|ns.Read(buf, 0, buf.Length)|];
                            if (n < 0) { return; }
                            Handle(buf, n);
                        }
                    }
                """), Class("""
                    static string ReadResponse(Socket s)
                    {
                        var text = "";
                        var buf = new byte[1024];
                        while (!text.EndsWith("END"))
                        {
                            int bytesRead = s.Receive(buf);
                            if (bytesRead <= 0)
                                break;
                            text += bytesRead;
                        }
                        return text;
                    }

                    static void Pump(NetworkStream ns, byte[] buf)
                    {
                        while (true)
                        {
                            var n = ns.Read(buf, 0, buf.Length);
                            if (n <= 0) { return; }
                            Handle(buf, n);
                        }
                    }
                """), SL0001PeerCloseNotHandledCodeFix.StopReadingKey);
        }

        [Fact]
        public async Task The_close_put_in_a_one_line_zero_branch_keeps_its_comment_once()
        {
            // break; // bye, made a block with the close: the comment stays on the break, not also after the brace (helper F's SslGateway:24).
            await Verify.VerifyCodeFixAsync(Class("""
                    async Task Serve(TcpListener listener, CancellationToken ct)
                    {
                        var client = await listener.AcceptTcpClientAsync(ct);
                        var ns = client.GetStream();
                        var buf = new byte[64];
                        while (true)
                        {
                            int n = await [|ns.ReadAsync(buf, ct)|];
                            if (n == 0) break; // client said goodbye
                            Handle(buf, n);
                        }
                    }
                """), Class("""
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
                                break; // client said goodbye
                            }
                            Handle(buf, n);
                        }
                    }
                """), SL0001PeerCloseNotHandledCodeFix.CloseKey);
        }

        [Fact]
        public async Task No_close_and_break_out_of_a_read_loop_whose_accept_loop_still_writes_to_the_connection()
        {
            // A mini HTTP server reads its headers in an inner loop, then replies: a close and a break out of the inner
            // loop would leave the reply to a disposed stream, and its exception would end the accept loop (helper E's
            // c8_ssl_server:128). Where nothing after the read loop uses the connection but to close it, the fix stays.
            var source = """
                    void Run(TcpListener listener)
                    {
                        while (true)
                        {
                            var client = listener.AcceptTcpClient();
                            var ns = client.GetStream();
                            var buf = new byte[8192];
                            var sb = new System.Text.StringBuilder();
                            while (!sb.ToString().Contains("\r\n\r\n"))
                            {
                                int n = [|ns.Read(buf, 0, buf.Length)|];
                                sb.Append(System.Text.Encoding.UTF8.GetString(buf, 0, n));
                            }

                            ns.Write(System.Text.Encoding.UTF8.GetBytes("HTTP/1.1 204 No Content\r\n\r\n"));
                            client.Close();
                        }
                    }
                """;
            await Verify.VerifyCodeFixAsync(Class(source), Class(source));
            await Verify.VerifyCodeFixAsync(Class("""
                    void Log(TcpListener listener)
                    {
                        while (true)
                        {
                            var client = listener.AcceptTcpClient();
                            var ns = client.GetStream();
                            var buf = new byte[8192];
                            var total = 0;
                            while (total < 100)
                            {
                                int n = [|ns.Read(buf, 0, buf.Length)|];
                                total += n;
                            }

                            Console.WriteLine(total);
                            client?.Dispose();
                        }
                    }
                """), Class("""
                    void Log(TcpListener listener)
                    {
                        while (true)
                        {
                            var client = listener.AcceptTcpClient();
                            var ns = client.GetStream();
                            var buf = new byte[8192];
                            var total = 0;
                            while (total < 100)
                            {
                                int n = ns.Read(buf, 0, buf.Length);
                                if (n == 0)
                                {
                                    client.Dispose();
                                    break;
                                }

                                total += n;
                            }

                            Console.WriteLine(total);
                            client?.Dispose();
                        }
                    }
                """), SL0001PeerCloseNotHandledCodeFix.CloseKey);
        }

        [Fact]
        public async Task No_stop_reading_fix_for_the_element_of_a_foreach_over_connections_handed_in()
        {
            // A break would stop reading every player after this one; a continue would leave this one open, read again on
            // the next pass (helper C's c07:62 and :101). The fix would have to take it out of the list and close it.
            var source = """
                    class Player { public Socket Socket = null!; public byte[] Buffer = new byte[64]; }

                    void Tick(System.Collections.Generic.List<Player> players)
                    {
                        foreach (var p in players)
                        {
                            if (!p.Socket.Poll(0, SelectMode.SelectRead))
                                continue;
                            int n = [|p.Socket.Receive(p.Buffer)|];
                            Handle(p.Buffer, n);
                        }
                    }

                    void Spectators(System.Collections.Generic.List<Socket> spectators, byte[] buf)
                    {
                        foreach (var sp in spectators)
                        {
                            if (!sp.Poll(0, SelectMode.SelectRead)) continue;
                            int n = [|sp.Receive(buf)|];
                            Handle(buf, n);
                        }
                    }
                """;
            await Verify.VerifyCodeFixAsync(Class(source), Class(source));
        }

        [Fact]
        public async Task A_read_raced_against_a_timeout_gets_the_test_after_its_await()
        {
            // Two such loops: Fix All gives each its test, after the await that gives the count.
            await Verify.VerifyCodeFixAsync(Class("""
                    async Task First(NetworkStream ns, CancellationToken ct)
                    {
                        var buf = new byte[1024];
                        while (true)
                        {
                            var readTask = [|ns.ReadAsync(buf, 0, buf.Length, ct)|];
                            if (await Task.WhenAny(readTask, Task.Delay(5000, ct)) != readTask)
                                continue;
                            int n = await readTask; // the count
                            Handle(buf, n);
                        }
                    }

                    async Task Second(Socket s, CancellationToken ct)
                    {
                        var buf = new byte[1024];
                        while (true)
                        {
                            var pending = [|s.ReceiveAsync(buf, SocketFlags.None, ct)|].AsTask();
                            if (await Task.WhenAny(pending, Task.Delay(5000, ct)) != pending) continue;
                            var n = await pending.ConfigureAwait(false);
                            Handle(buf, n);
                        }
                    }
                """), Class("""
                    async Task First(NetworkStream ns, CancellationToken ct)
                    {
                        var buf = new byte[1024];
                        while (true)
                        {
                            var readTask = ns.ReadAsync(buf, 0, buf.Length, ct);
                            if (await Task.WhenAny(readTask, Task.Delay(5000, ct)) != readTask)
                                continue;
                            int n = await readTask; // the count
                            if (n == 0)
                                break;
                            Handle(buf, n);
                        }
                    }

                    async Task Second(Socket s, CancellationToken ct)
                    {
                        var buf = new byte[1024];
                        while (true)
                        {
                            var pending = s.ReceiveAsync(buf, SocketFlags.None, ct).AsTask();
                            if (await Task.WhenAny(pending, Task.Delay(5000, ct)) != pending) continue;
                            var n = await pending.ConfigureAwait(false);
                            if (n == 0)
                                break;
                            Handle(buf, n);
                        }
                    }
                """), SL0001PeerCloseNotHandledCodeFix.StopReadingKey);
        }

        [Fact]
        public async Task A_read_of_at_least_n_bytes_gets_the_test_of_a_short_count()
        {
            // With throwOnEndOfStream: false, a count short of the minimum comes only at the end: the peer may close after
            // sending part of it, so the check is n < 4, not n == 0 (helper I's 09_FramedGame:74). A minimum that is not a
            // number written out (a name, an expression) gets the test of 0.
            await Verify.VerifyCodeFixAsync(Class("""
                    async Task M(NetworkStream ns, byte[] buf, CancellationToken ct)
                    {
                        while (true)
                        {
                            int n = await [|ns.ReadAtLeastAsync(buf, 4, throwOnEndOfStream: false, ct)|];
                            Handle(buf, n);
                        }
                    }

                    void Frames(NetworkStream ns, byte[] buf, int header)
                    {
                        while (true)
                        {
                            int n = [|ns.ReadAtLeast(buf, minimumBytes: header, throwOnEndOfStream: false)|];
                            Handle(buf, n);
                        }
                    }

                    void Whole(NetworkStream ns, byte[] buf)
                    {
                        while (true)
                        {
                            int n = [|ns.ReadAtLeast(buf, buf.Length / 2, false)|];
                            Handle(buf, n);
                        }
                    }
                """), Class("""
                    async Task M(NetworkStream ns, byte[] buf, CancellationToken ct)
                    {
                        while (true)
                        {
                            int n = await ns.ReadAtLeastAsync(buf, 4, throwOnEndOfStream: false, ct);
                            if (n < 4)
                                break;
                            Handle(buf, n);
                        }
                    }

                    void Frames(NetworkStream ns, byte[] buf, int header)
                    {
                        while (true)
                        {
                            int n = ns.ReadAtLeast(buf, minimumBytes: header, throwOnEndOfStream: false);
                            if (n == 0)
                                break;
                            Handle(buf, n);
                        }
                    }

                    void Whole(NetworkStream ns, byte[] buf)
                    {
                        while (true)
                        {
                            int n = ns.ReadAtLeast(buf, buf.Length / 2, false);
                            if (n == 0)
                                break;
                            Handle(buf, n);
                        }
                    }
                """));
        }

        [Fact]
        public async Task A_zero_branch_the_if_does_not_write_is_added_as_its_else()
        {
            // if (n > 0) { ... } with no else (the shape of the docs' APM server sample): the peer's close takes the else
            // that is not written, which gets the close and the exit (helper K's probe8).
            await Verify.VerifyCodeFixAsync(Class("""
                    void Serve(TcpListener l, byte[] buf)
                    {
                        while (true)
                        {
                            Socket c = l.AcceptSocket();
                            while (c.Connected)
                            {
                                int n = [|c.Receive(buf)|];
                                if (n > 0)
                                {
                                    c.Send(buf, 0, n, SocketFlags.None);
                                }
                            }
                        }
                    }
                """), Class("""
                    void Serve(TcpListener l, byte[] buf)
                    {
                        while (true)
                        {
                            Socket c = l.AcceptSocket();
                            while (c.Connected)
                            {
                                int n = c.Receive(buf);
                                if (n > 0)
                                {
                                    c.Send(buf, 0, n, SocketFlags.None);
                                }
                                else
                                {
                                    c.Close();
                                    break;
                                }
                            }
                        }
                    }
                """));
        }

        [Fact]
        public async Task A_loop_that_fills_a_buffer_to_its_length_throws_at_the_peers_close()
        {
            // Leaving the loop would hand on a buffer short of its length as if whole (helper J's C01:93, C06:31): the end
            // of the stream is thrown, as ReadExactly throws it, its namespace written where it is not imported.
            await Verify.VerifyCodeFixAsync("""
                using System.Net.Sockets;

                class C
                {
                    byte[] ReadFrame(Socket s, int len)
                    {
                        var body = new byte[len];
                        int off = 0;
                        while (off < len)
                        {
                            int n = [|s.Receive(body, off, len - off, SocketFlags.None)|];
                            off += n;
                        }

                        return body;
                    }
                }
                """, """
                using System.Net.Sockets;

                class C
                {
                    byte[] ReadFrame(Socket s, int len)
                    {
                        var body = new byte[len];
                        int off = 0;
                        while (off < len)
                        {
                            int n = s.Receive(body, off, len - off, SocketFlags.None);
                            if (n == 0)
                                throw new System.IO.EndOfStreamException();
                            off += n;
                        }

                        return body;
                    }
                }
                """);
        }

        [Fact]
        public async Task A_loop_that_reads_to_a_terminator_throws_at_the_peers_close()
        {
            // Helper L's MemcachedClient:54: the loop gathers a reply until it ends with its terminator. Left at the peer's
            // close with a break, it would hand on a reply short of its terminator, as if whole: thrown, as a fill loop's.
            await Verify.VerifyCodeFixAsync(Class("""
                    string ReadReply(Socket s, byte[] buffer)
                    {
                        var sb = new System.Text.StringBuilder();
                        while (!sb.ToString().EndsWith("END\r\n", StringComparison.Ordinal))
                        {
                            int n = [|s.Receive(buffer)|];
                            sb.Append(System.Text.Encoding.ASCII.GetString(buffer, 0, n));
                        }

                        return sb.ToString();
                    }
                """), Class("""
                    string ReadReply(Socket s, byte[] buffer)
                    {
                        var sb = new System.Text.StringBuilder();
                        while (!sb.ToString().EndsWith("END\r\n", StringComparison.Ordinal))
                        {
                            int n = s.Receive(buffer);
                            if (n == 0)
                                throw new EndOfStreamException();
                            sb.Append(System.Text.Encoding.ASCII.GetString(buffer, 0, n));
                        }

                        return sb.ToString();
                    }
                """));
        }

        [Fact]
        public async Task A_loop_whose_condition_tests_the_count_is_left_with_a_break()
        {
            // The condition reads the count itself: not a loop gathering to a terminator, and the stop-reading fix breaks.
            await Verify.VerifyCodeFixAsync(Class("""
                    void Drain(Socket s, byte[] buffer, System.Collections.Generic.List<int> seen)
                    {
                        int n = -1;
                        while (!seen.Contains(n))
                        {
                            n = [|s.Receive(buffer)|];
                            seen.Add(n);
                        }
                    }
                """), Class("""
                    void Drain(Socket s, byte[] buffer, System.Collections.Generic.List<int> seen)
                    {
                        int n = -1;
                        while (!seen.Contains(n))
                        {
                            n = s.Receive(buffer);
                            if (n == 0)
                                break;
                            seen.Add(n);
                        }
                    }
                """));
        }

        [Fact]
        public async Task A_count_added_straight_into_a_total_gets_a_local_tested_before_it_is_added()
        {
            // total += s.Receive(...): the count gets a local of its own, tested for 0 before the total takes it. One fix at a
            // time names each in its own loop's scope; Fix All keeps the names of one pass apart across the document, as for
            // the other shapes. Before, no fix was offered for this shape (helper I's review). Each loop fills a buffer to its
            // length: the peer's close there is an error, thrown as ReadExactly throws it (helper J's review).
            await new Verify.Test
            {
                TestCode = Class("""
                    int M(Socket s, byte[] buf, byte[] trailer)
                    {
                        int total = 0;
                        while (total < buf.Length)
                        {
                            total += [|s.Receive(buf, total, buf.Length - total, SocketFlags.None)|];
                        }

                        int tail = 0;
                        while (tail < trailer.Length)
                        {
                            tail += [|s.Receive(trailer, tail, trailer.Length - tail, SocketFlags.None)|]; // the trailer
                        }

                        return total + tail;
                    }

                    async Task N(NetworkStream stream, byte[] buf)
                    {
                        int total = 0;
                        while (total < buf.Length)
                        {
                            total += await [|stream.ReadAsync(buf, total, buf.Length - total)|];
                        }

                        Handle(buf, total);
                    }
                """),
                FixedCode = Class("""
                    int M(Socket s, byte[] buf, byte[] trailer)
                    {
                        int total = 0;
                        while (total < buf.Length)
                        {
                            int received = s.Receive(buf, total, buf.Length - total, SocketFlags.None);
                            if (received == 0)
                                throw new EndOfStreamException();
                            total += received;
                        }

                        int tail = 0;
                        while (tail < trailer.Length)
                        {
                            int received = s.Receive(trailer, tail, trailer.Length - tail, SocketFlags.None); // the trailer
                            if (received == 0)
                                throw new EndOfStreamException();
                            tail += received;
                        }

                        return total + tail;
                    }

                    async Task N(NetworkStream stream, byte[] buf)
                    {
                        int total = 0;
                        while (total < buf.Length)
                        {
                            int received = await stream.ReadAsync(buf, total, buf.Length - total);
                            if (received == 0)
                                throw new EndOfStreamException();
                            total += received;
                        }

                        Handle(buf, total);
                    }
                """),
                BatchFixedCode = Class("""
                    int M(Socket s, byte[] buf, byte[] trailer)
                    {
                        int total = 0;
                        while (total < buf.Length)
                        {
                            int received = s.Receive(buf, total, buf.Length - total, SocketFlags.None);
                            if (received == 0)
                                throw new EndOfStreamException();
                            total += received;
                        }

                        int tail = 0;
                        while (tail < trailer.Length)
                        {
                            int received2 = s.Receive(trailer, tail, trailer.Length - tail, SocketFlags.None); // the trailer
                            if (received2 == 0)
                                throw new EndOfStreamException();
                            tail += received2;
                        }

                        return total + tail;
                    }

                    async Task N(NetworkStream stream, byte[] buf)
                    {
                        int total = 0;
                        while (total < buf.Length)
                        {
                            int received3 = await stream.ReadAsync(buf, total, buf.Length - total);
                            if (received3 == 0)
                                throw new EndOfStreamException();
                            total += received3;
                        }

                        Handle(buf, total);
                    }
                """),
                CodeActionEquivalenceKey = SL0001PeerCloseNotHandledCodeFix.StopReadingKey,
            }.RunAsync();
        }

        [Fact]
        public async Task A_count_added_into_a_total_as_a_loop_body_without_braces_gets_no_fix()
        {
            // The read is the loop's whole body: a statement to put after it would need a block written around it, which
            // this fix does not write (as for the other shapes of the read).
            await Verify.VerifyNoCodeFixAsync(Class("""
                    int M(Socket s, byte[] buf)
                    {
                        int total = 0;
                        while (total < buf.Length)
                            total += [|s.Receive(buf, total, buf.Length - total, SocketFlags.None)|];
                        return total;
                    }
                """));
        }

        [Fact]
        public async Task A_reader_over_the_stream_of_a_client_an_object_holds_gets_the_test_of_its_end()
        {
            // Handed in (not taken into a using): the loop is left at the end.
            await Verify.VerifyCodeFixAsync(Class("""
                    void Spin(Session session)
                    {
                        var reader = new StreamReader(session.Client.GetStream());
                        while (true)
                        {
                            var line = [|reader.ReadLine()|];
                            Console.WriteLine(line);
                        }
                    }
                """) + "class Session { public TcpClient Client = new TcpClient(); }\n", Class("""
                    void Spin(Session session)
                    {
                        var reader = new StreamReader(session.Client.GetStream());
                        while (true)
                        {
                            var line = reader.ReadLine();
                            if (line is null)
                                break;
                            Console.WriteLine(line);
                        }
                    }
                """) + "class Session { public TcpClient Client = new TcpClient(); }\n");
        }

        [Theory]
        [InlineData("var line = [|reader.ReadLine()|] ?? \"\";", "if (line.Length == 0) continue;")]
        [InlineData("var line = await [|reader.ReadLineAsync()|].ConfigureAwait(false) ?? \"\";", "if (line.Length == 0) continue;")]
        [InlineData("var line = [|reader.ReadLine()|] ?? \"\";", "line = line.Trim();")]
        public async Task No_fix_where_the_line_is_coalesced(string read, string use)
        {
            // A test of null after the read would never hold: the coalescing dropped it. And line.Length == 0 is also true
            // for a blank line: making it leave would end the session at the first one.
            var source = $$"""
                    async Task Print(TcpClient client)
                    {
                        var reader = new StreamReader(client.GetStream());
                        while (true)
                        {
                            {{read}}
                            {{use}}
                            Console.WriteLine(line);
                        }
                    }
                """;
            await Verify.VerifyCodeFixAsync(Class(source), Class(source));
        }

        [Fact]
        public async Task A_skip_of_empty_lines_stays_and_the_end_gets_a_test_of_its_own()
        {
            // Making "if (string.IsNullOrEmpty(line)) continue;" leave would stop at the first empty line.
            await Verify.VerifyCodeFixAsync(Class("""
                    void Print(TcpClient client)
                    {
                        var reader = new StreamReader(client.GetStream());
                        while (true)
                        {
                            string line = [|reader.ReadLine()|];
                            if (string.IsNullOrEmpty(line))
                                continue;
                            Console.WriteLine(line);
                        }
                    }

                    async Task Greet(TcpClient client)
                    {
                        var reader = new StreamReader(client.GetStream());
                        while (true)
                        {
                            var line = await [|reader.ReadLineAsync()|];
                            if (string.IsNullOrWhiteSpace(line)) { continue; }
                            Console.WriteLine(line.Trim());
                        }
                    }
                """), Class("""
                    void Print(TcpClient client)
                    {
                        var reader = new StreamReader(client.GetStream());
                        while (true)
                        {
                            string line = reader.ReadLine();
                            if (line is null)
                                break;
                            if (string.IsNullOrEmpty(line))
                                continue;
                            Console.WriteLine(line);
                        }
                    }

                    async Task Greet(TcpClient client)
                    {
                        var reader = new StreamReader(client.GetStream());
                        while (true)
                        {
                            var line = await reader.ReadLineAsync();
                            if (line is null)
                                break;
                            if (string.IsNullOrWhiteSpace(line)) { continue; }
                            Console.WriteLine(line.Trim());
                        }
                    }
                """));
        }

        [Fact]
        public async Task Stop_reading_in_the_local_function_handed_the_reader()
        {
            await Verify.VerifyCodeFixAsync(Class("""
                    async Task Chat(TcpClient client)
                    {
                        var reader = new StreamReader(client.GetStream());
                        await Task.Run(() => ReceiveAsync(reader));

                        async Task ReceiveAsync(StreamReader r)
                        {
                            while (true)
                            {
                                string message = await [|r.ReadLineAsync()|];
                                if (message == null)
                                    continue;
                                Console.WriteLine(message);
                            }
                        }
                    }
                """), Class("""
                    async Task Chat(TcpClient client)
                    {
                        var reader = new StreamReader(client.GetStream());
                        await Task.Run(() => ReceiveAsync(reader));

                        async Task ReceiveAsync(StreamReader r)
                        {
                            while (true)
                            {
                                string message = await r.ReadLineAsync();
                                if (message == null)
                                    break;
                                Console.WriteLine(message);
                            }
                        }
                    }
                """));
        }

        [Fact]
        public async Task Discarded_count_gets_a_name_and_a_check()
        {
            await Verify.VerifyCodeFixAsync(Class("""
                    void M(Socket s, byte[] buf)
                    {
                        while (true)
                        {
                            [|s.Receive(buf)|]; // read
                        }
                    }
                """), Class("""
                    void M(Socket s, byte[] buf)
                    {
                        while (true)
                        {
                            int received = s.Receive(buf); // read
                            if (received == 0)
                                break;
                        }
                    }
                """), SL0001PeerCloseNotHandledCodeFix.StopReadingKey);
        }

        [Fact]
        public async Task Line_reads_get_a_null_check()
        {
            // A line's end is null: the check tests the line for null, a discarded line gets a name, and a branch that
            // skips null and goes on leaves instead.
            await Verify.VerifyCodeFixAsync(Class("""
                    void Print(TcpClient client)
                    {
                        var reader = new StreamReader(client.GetStream());
                        while (true)
                        {
                            string message = [|reader.ReadLine()|];
                            Console.WriteLine(message);
                        }
                    }

                #nullable enable
                    async Task Skip(TcpClient client)
                    {
                        var reader = new StreamReader(client.GetStream());
                        while (true)
                        {
                            await [|reader.ReadLineAsync()|];
                        }
                    }
                #nullable disable

                    void Filter(TcpClient client)
                    {
                        var reader = new StreamReader(client.GetStream());
                        while (true)
                        {
                            var line = [|reader.ReadLine()|];
                            if (line == null)
                                continue;
                            Console.WriteLine(line);
                        }
                    }
                """), Class("""
                    void Print(TcpClient client)
                    {
                        var reader = new StreamReader(client.GetStream());
                        while (true)
                        {
                            string message = reader.ReadLine();
                            if (message is null)
                                break;
                            Console.WriteLine(message);
                        }
                    }

                #nullable enable
                    async Task Skip(TcpClient client)
                    {
                        var reader = new StreamReader(client.GetStream());
                        while (true)
                        {
                            string? line = await reader.ReadLineAsync();
                            if (line is null)
                                break;
                        }
                    }
                #nullable disable

                    void Filter(TcpClient client)
                    {
                        var reader = new StreamReader(client.GetStream());
                        while (true)
                        {
                            var line = reader.ReadLine();
                            if (line == null)
                                break;
                            Console.WriteLine(line);
                        }
                    }
                """), SL0001PeerCloseNotHandledCodeFix.StopReadingKey);
        }

        [Fact]
        public async Task Owned_connection_is_closed_when_its_line_read_ends()
        {
            await Verify.VerifyCodeFixAsync(Class("""
                    void Serve(TcpListener listener)
                    {
                        var client = listener.AcceptTcpClient();
                        var reader = new StreamReader(client.GetStream());
                        while (true)
                        {
                            var line = [|reader.ReadLine()|];
                            Console.WriteLine(line);
                        }
                    }
                """), Class("""
                    void Serve(TcpListener listener)
                    {
                        var client = listener.AcceptTcpClient();
                        var reader = new StreamReader(client.GetStream());
                        while (true)
                        {
                            var line = reader.ReadLine();
                            if (line is null)
                            {
                                client.Dispose();
                                return;
                            }

                            Console.WriteLine(line);
                        }
                    }
                """), SL0001PeerCloseNotHandledCodeFix.CloseKey);
        }

        [Fact]
        public async Task A_read_loop_inside_another_is_left_by_returning()
        {
            // A break would land in the outer loop, which reads again: the method returns instead.
            await Verify.VerifyCodeFixAsync(Class("""
                    void M(TcpClient client, byte[] buf)
                    {
                        var stream = client.GetStream();
                        while (true)
                        {
                            int n = 0;
                            do
                            {
                                n = [|stream.Read(buf, 0, buf.Length)|];
                                Handle(buf, n);
                            }
                            while (stream.DataAvailable);
                        }
                    }
                """), Class("""
                    void M(TcpClient client, byte[] buf)
                    {
                        var stream = client.GetStream();
                        while (true)
                        {
                            int n = 0;
                            do
                            {
                                n = stream.Read(buf, 0, buf.Length);
                                if (n == 0)
                                    return;
                                Handle(buf, n);
                            }
                            while (stream.DataAvailable);
                        }
                    }
                """), SL0001PeerCloseNotHandledCodeFix.StopReadingKey);
        }

        [Fact]
        public async Task Owned_connection_is_closed_and_the_method_returns()
        {
            await Verify.VerifyCodeFixAsync(Class("""
                    async Task M(TcpListener listener, byte[] buf, CancellationToken ct)
                    {
                        TcpClient client = await listener.AcceptTcpClientAsync(ct);
                        var stream = client.GetStream();
                        while (true)
                        {
                            int n = await [|stream.ReadAsync(buf, ct)|];
                            Handle(buf, n);
                        }
                    }
                """), Class("""
                    async Task M(TcpListener listener, byte[] buf, CancellationToken ct)
                    {
                        TcpClient client = await listener.AcceptTcpClientAsync(ct);
                        var stream = client.GetStream();
                        while (true)
                        {
                            int n = await stream.ReadAsync(buf, ct);
                            if (n == 0)
                            {
                                client.Dispose();
                                return;
                            }

                            Handle(buf, n);
                        }
                    }
                """), SL0001PeerCloseNotHandledCodeFix.CloseKey);
        }

        [Fact]
        public async Task Reader_read_of_one_char_gets_a_check_for_minus_one()
        {
            await Verify.VerifyCodeFixAsync(Class("""
                    void M(TcpClient client)
                    {
                        var reader = new StreamReader(client.GetStream());
                        while (true)
                        {
                            [|reader.Read()|];
                        }
                    }
                """), Class("""
                    void M(TcpClient client)
                    {
                        var reader = new StreamReader(client.GetStream());
                        while (true)
                        {
                            int received = reader.Read();
                            if (received == -1)
                                break;
                        }
                    }
                """), SL0001PeerCloseNotHandledCodeFix.StopReadingKey);
        }

        [Fact]
        public async Task Discarded_line_read_gets_a_name_and_a_null_check()
        {
            // A line's end is null: the line is named (a string, nullable annotations off here) and tested for null.
            await Verify.VerifyCodeFixAsync(Class("""
                    void M(TcpClient client)
                    {
                        var reader = new StreamReader(client.GetStream());
                        while (true)
                        {
                            [|reader.ReadLine()|];
                        }
                    }
                """), Class("""
                    void M(TcpClient client)
                    {
                        var reader = new StreamReader(client.GetStream());
                        while (true)
                        {
                            string line = reader.ReadLine();
                            if (line is null)
                                break;
                        }
                    }
                """), SL0001PeerCloseNotHandledCodeFix.StopReadingKey);
        }

        [Fact]
        public async Task Method_that_returns_a_value_breaks_out_of_the_loop()
        {
            await Verify.VerifyCodeFixAsync(Class("""
                    int M(Socket listener, byte[] buf)
                    {
                        var socket = listener.Accept();
                        int total = 0;
                        while (true)
                        {
                            int n = [|socket.Receive(buf)|];
                            total += n;
                        }
                        return total;
                    }
                """), Class("""
                    int M(Socket listener, byte[] buf)
                    {
                        var socket = listener.Accept();
                        int total = 0;
                        while (true)
                        {
                            int n = socket.Receive(buf);
                            if (n == 0)
                            {
                                socket.Close();
                                break;
                            }

                            total += n;
                        }
                        return total;
                    }
                """), SL0001PeerCloseNotHandledCodeFix.CloseKey);
        }

        [Fact]
        public async Task A_continue_in_a_block_becomes_the_close_and_the_exit_in_that_block()
        {
            // Not a block in a block: the close and the return take the continue's place, its comment kept before them.
            await Verify.VerifyCodeFixAsync(Class("""
                    async Task M(Socket listener, byte[] buf, CancellationToken ct)
                    {
                        var c = await listener.AcceptAsync(ct);
                        while (!ct.IsCancellationRequested)
                        {
                            var n = await [|c.ReceiveAsync(buf, SocketFlags.None, ct)|];
                            if (n == 0)
                            {
                                // nothing yet
                                continue;
                            }

                            Handle(buf, n);
                        }
                    }
                """), Class("""
                    async Task M(Socket listener, byte[] buf, CancellationToken ct)
                    {
                        var c = await listener.AcceptAsync(ct);
                        while (!ct.IsCancellationRequested)
                        {
                            var n = await c.ReceiveAsync(buf, SocketFlags.None, ct);
                            if (n == 0)
                            {
                                // nothing yet
                                c.Close();
                                return;
                            }

                            Handle(buf, n);
                        }
                    }
                """), SL0001PeerCloseNotHandledCodeFix.CloseKey);
        }

        [Fact]
        public async Task Continue_in_the_zero_branch_becomes_break()
        {
            await Verify.VerifyCodeFixAsync(Class("""
                    void M(Socket s, byte[] buf)
                    {
                        while (true)
                        {
                            int n = [|s.Receive(buf)|];
                            if (n == 0) continue;
                            Handle(buf, n);
                        }
                    }
                """), Class("""
                    void M(Socket s, byte[] buf)
                    {
                        while (true)
                        {
                            int n = s.Receive(buf);
                            if (n == 0) break;
                            Handle(buf, n);
                        }
                    }
                """), SL0001PeerCloseNotHandledCodeFix.StopReadingKey);
        }

        [Fact]
        public async Task Close_goes_before_the_existing_return()
        {
            await Verify.VerifyCodeFixAsync(Class("""
                    void M(Socket listener, byte[] buf)
                    {
                        Socket client = listener.Accept();
                        while (true)
                        {
                            int n = [|client.Receive(buf)|];
                            if (n == 0) return;
                            Handle(buf, n);
                        }
                    }
                """), Class("""
                    void M(Socket listener, byte[] buf)
                    {
                        Socket client = listener.Accept();
                        while (true)
                        {
                            int n = client.Receive(buf);
                            if (n == 0)
                            {
                                client.Close();
                                return;
                            }
                            Handle(buf, n);
                        }
                    }
                """), SL0001PeerCloseNotHandledCodeFix.CloseKey);
        }

        [Fact]
        public async Task Continue_on_a_flag_becomes_break()
        {
            await Verify.VerifyCodeFixAsync(Class("""
                    void M(Socket s, byte[] buf)
                    {
                        while (true)
                        {
                            int n = [|s.Receive(buf)|];
                            bool closed = n == 0;
                            if (closed) continue;
                            Handle(buf, n);
                        }
                    }
                """), Class("""
                    void M(Socket s, byte[] buf)
                    {
                        while (true)
                        {
                            int n = s.Receive(buf);
                            bool closed = n == 0;
                            if (closed) break;
                            Handle(buf, n);
                        }
                    }
                """), SL0001PeerCloseNotHandledCodeFix.StopReadingKey);
        }

        [Fact]
        public async Task Close_goes_into_the_branch_a_flag_takes()
        {
            await Verify.VerifyCodeFixAsync(Class("""
                    void M(Socket listener, byte[] buf)
                    {
                        Socket client = listener.Accept();
                        while (true)
                        {
                            int n = [|client.Receive(buf)|];
                            var closed = n switch { 0 => true, _ => false };
                            if (closed) return;
                            Handle(buf, n);
                        }
                    }
                """), Class("""
                    void M(Socket listener, byte[] buf)
                    {
                        Socket client = listener.Accept();
                        while (true)
                        {
                            int n = client.Receive(buf);
                            var closed = n switch { 0 => true, _ => false };
                            if (closed)
                            {
                                client.Close();
                                return;
                            }
                            Handle(buf, n);
                        }
                    }
                """), SL0001PeerCloseNotHandledCodeFix.CloseKey);
        }

        [Fact]
        public async Task Reassigned_flag_gets_a_check_of_its_own()
        {
            await Verify.VerifyCodeFixAsync(Class("""
                    void M(Socket s, byte[] buf)
                    {
                        while (true)
                        {
                            int n = [|s.Receive(buf)|];
                            bool closed = n == 0;
                            closed = false;
                            if (closed) break;
                            Handle(buf, n);
                        }
                    }
                """), Class("""
                    void M(Socket s, byte[] buf)
                    {
                        while (true)
                        {
                            int n = s.Receive(buf);
                            if (n == 0)
                                break;
                            bool closed = n == 0;
                            closed = false;
                            if (closed) break;
                            Handle(buf, n);
                        }
                    }
                """), SL0001PeerCloseNotHandledCodeFix.StopReadingKey);
        }

        [Fact]
        public async Task Owner_closes_before_a_throw_that_its_read_loop_catches()
        {
            await Verify.VerifyCodeFixAsync(Class("""
                    void M(Socket listener, byte[] buf)
                    {
                        Socket client = listener.Accept();
                        while (true)
                        {
                            try
                            {
                                int n = [|client.Receive(buf)|];
                                if (n == 0) throw new IOException("closed");
                                Handle(buf, n);
                            }
                            catch (IOException) { }
                        }
                    }
                """), Class("""
                    void M(Socket listener, byte[] buf)
                    {
                        Socket client = listener.Accept();
                        while (true)
                        {
                            try
                            {
                                int n = client.Receive(buf);
                                if (n == 0)
                                {
                                    client.Close();
                                    throw new IOException("closed");
                                }
                                Handle(buf, n);
                            }
                            catch (IOException) { }
                        }
                    }
                """), SL0001PeerCloseNotHandledCodeFix.CloseKey);
        }

        [Fact]
        public async Task Discarded_awaited_receive_in_top_level_code()
        {
            await Verify.VerifyCodeFixAsync(Usings + """
                var listener = new TcpListener(IPAddress.Loopback, 0);
                listener.Start();
                var socket = await listener.AcceptSocketAsync();
                var buf = new byte[16];
                await [|socket.ReceiveAsync(buf, SocketFlags.None)|];
                Console.WriteLine("done");
                """, Usings + """
                var listener = new TcpListener(IPAddress.Loopback, 0);
                listener.Start();
                var socket = await listener.AcceptSocketAsync();
                var buf = new byte[16];
                int received = await socket.ReceiveAsync(buf, SocketFlags.None);
                if (received == 0)
                {
                    socket.Close();
                    return;
                }

                Console.WriteLine("done");
                """, SL0001PeerCloseNotHandledCodeFix.CloseKey, OutputKind.ConsoleApplication);
        }

        [Fact]
        public async Task A_read_loop_in_top_level_code_is_left_with_a_break_not_the_program()
        {
            // A return would end the program and skip what follows the loop (helper F's TopLevel:24): the close leaves
            // the read loop only.
            await Verify.VerifyCodeFixAsync(Usings + """
                var listener = new TcpListener(IPAddress.Loopback, 0);
                listener.Start();
                var peer = listener.AcceptSocket();
                var hdr = new byte[2];
                while (true)
                {
                    await [|peer.ReceiveAsync(hdr, SocketFlags.None)|];
                    if (hdr[0] == 0xFF)
                        break;
                }

                peer.Close();
                Console.WriteLine("next");
                """, Usings + """
                var listener = new TcpListener(IPAddress.Loopback, 0);
                listener.Start();
                var peer = listener.AcceptSocket();
                var hdr = new byte[2];
                while (true)
                {
                    int received = await peer.ReceiveAsync(hdr, SocketFlags.None);
                    if (received == 0)
                    {
                        peer.Close();
                        break;
                    }

                    if (hdr[0] == 0xFF)
                        break;
                }

                peer.Close();
                Console.WriteLine("next");
                """, SL0001PeerCloseNotHandledCodeFix.CloseKey, OutputKind.ConsoleApplication);
        }

        [Fact]
        public async Task The_test_after_a_read_in_top_level_code_follows_it_with_no_blank_line()
        {
            // As in a method: top-level statements are no members to keep apart, the test goes on the next line.
            await Verify.VerifyCodeFixAsync(Usings + """
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
                var buf = new byte[16];
                int n = [|socket.Receive(buf)|];
                Console.WriteLine(n);
                """, Usings + """
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
                var buf = new byte[16];
                int n = socket.Receive(buf);
                if (n == 0)
                {
                    socket.Close();
                    return;
                }

                Console.WriteLine(n);
                """, SL0001PeerCloseNotHandledCodeFix.CloseKey, OutputKind.ConsoleApplication);
        }

        [Fact]
        public async Task A_read_awaited_through_ConfigureAwait_gets_the_test_of_its_count()
        {
            await Verify.VerifyCodeFixAsync(Class("""
                    async Task M(NetworkStream ns, byte[] buf)
                    {
                        while (true)
                        {
                            int n = await [|ns.ReadAsync(buf)|].ConfigureAwait(false);
                            Console.WriteLine(n);
                        }
                    }
                """), Class("""
                    async Task M(NetworkStream ns, byte[] buf)
                    {
                        while (true)
                        {
                            int n = await ns.ReadAsync(buf).ConfigureAwait(false);
                            if (n == 0)
                                break;
                            Console.WriteLine(n);
                        }
                    }
                """));
        }

        [Fact]
        public async Task A_count_compared_only_with_other_values_gets_a_test_of_its_own()
        {
            // n == 5 and b == 'q' are no test of the close: the fix adds one after the read.
            await Verify.VerifyCodeFixAsync(Class("""
                    void M(Socket c, byte[] buf)
                    {
                        while (true)
                        {
                            int n = [|c.Receive(buf)|];
                            if (n == 5) break;
                        }
                    }

                    void Quit(NetworkStream ns)
                    {
                        while (true)
                        {
                            int b = [|ns.ReadByte()|];
                            if (b == 'q') break;
                        }
                    }
                """), Class("""
                    void M(Socket c, byte[] buf)
                    {
                        while (true)
                        {
                            int n = c.Receive(buf);
                            if (n == 0)
                                break;
                            if (n == 5) break;
                        }
                    }

                    void Quit(NetworkStream ns)
                    {
                        while (true)
                        {
                            int b = ns.ReadByte();
                            if (b == -1)
                                break;
                            if (b == 'q') break;
                        }
                    }
                """));
        }

        [Fact]
        public async Task The_fix_for_an_accept_loops_client_goes_on_to_the_next_client()
        {
            // A return would stop the server at the first client that hangs up: the read loop is left (break), or
            // where the accept loop is the read's own loop, the next turn accepts the next client (continue).
            await Verify.VerifyCodeFixAsync(Class("""
                    void Serve(TcpListener listener, byte[] buf)
                    {
                        while (true)
                        {
                            Socket client = listener.AcceptSocket();
                            while (true)
                            {
                                int n = [|client.Receive(buf)|];
                                client.Send(buf, 0, n, SocketFlags.None);
                            }
                        }
                    }

                    void ServeOne(TcpListener listener, byte[] buf)
                    {
                        while (true)
                        {
                            var client = listener.AcceptSocket();
                            [|client.Receive(buf)|];
                            client.Send(buf);
                            client.Close();
                        }
                    }
                """), Class("""
                    void Serve(TcpListener listener, byte[] buf)
                    {
                        while (true)
                        {
                            Socket client = listener.AcceptSocket();
                            while (true)
                            {
                                int n = client.Receive(buf);
                                if (n == 0)
                                {
                                    client.Close();
                                    break;
                                }

                                client.Send(buf, 0, n, SocketFlags.None);
                            }
                        }
                    }

                    void ServeOne(TcpListener listener, byte[] buf)
                    {
                        while (true)
                        {
                            var client = listener.AcceptSocket();
                            int received = client.Receive(buf);
                            if (received == 0)
                            {
                                client.Close();
                                continue;
                            }

                            client.Send(buf);
                            client.Close();
                        }
                    }
                """), SL0001PeerCloseNotHandledCodeFix.CloseKey);
        }

        [Fact]
        public async Task The_fix_for_an_accept_loops_client_in_top_level_code_does_not_end_the_program()
        {
            await Verify.VerifyCodeFixAsync(Usings + """
                var listener = new TcpListener(IPAddress.Loopback, 0);
                listener.Start();
                var buf = new byte[16];
                while (true)
                {
                    var client = await listener.AcceptSocketAsync();
                    while (true)
                    {
                        await [|client.ReceiveAsync(buf, SocketFlags.None)|];
                    }
                }
                """, Usings + """
                var listener = new TcpListener(IPAddress.Loopback, 0);
                listener.Start();
                var buf = new byte[16];
                while (true)
                {
                    var client = await listener.AcceptSocketAsync();
                    while (true)
                    {
                        int received = await client.ReceiveAsync(buf, SocketFlags.None);
                        if (received == 0)
                        {
                            client.Close();
                            break;
                        }
                    }
                }
                """, SL0001PeerCloseNotHandledCodeFix.CloseKey, OutputKind.ConsoleApplication);
        }

        [Fact]
        public async Task Every_fix_keeps_the_files_CRLF_line_endings()
        {
            // The formatter breaks lines with the workspace's line ending, not the file's: every new line must end as the
            // file's do. A test after the read, with a close and without; and a zero branch mended in place.
            await Verify.VerifyCodeFixAsync(Class("""
                    void M(Socket s, byte[] buf)
                    {
                        while (true)
                        {
                            [|s.Receive(buf)|];
                        }
                    }
                """).Replace("\n", "\r\n"), Class("""
                    void M(Socket s, byte[] buf)
                    {
                        while (true)
                        {
                            int received = s.Receive(buf);
                            if (received == 0)
                                break;
                        }
                    }
                """).Replace("\n", "\r\n"), SL0001PeerCloseNotHandledCodeFix.StopReadingKey);
            await Verify.VerifyCodeFixAsync(Class("""
                    void M(TcpListener listener, byte[] buf)
                    {
                        while (true)
                        {
                            var client = listener.AcceptSocket();
                            [|client.Receive(buf)|];
                            client.Send(buf);
                            client.Close();
                        }
                    }
                """).Replace("\n", "\r\n"), Class("""
                    void M(TcpListener listener, byte[] buf)
                    {
                        while (true)
                        {
                            var client = listener.AcceptSocket();
                            int received = client.Receive(buf);
                            if (received == 0)
                            {
                                client.Close();
                                continue;
                            }

                            client.Send(buf);
                            client.Close();
                        }
                    }
                """).Replace("\n", "\r\n"), SL0001PeerCloseNotHandledCodeFix.CloseKey);
            await Verify.VerifyCodeFixAsync(Class("""
                    void M(TcpListener listener, byte[] buf)
                    {
                        var client = listener.AcceptSocket();
                        while (true)
                        {
                            int n = [|client.Receive(buf)|];
                            if (n == 0) continue;
                            client.Send(buf, 0, n, SocketFlags.None);
                        }
                    }
                """).Replace("\n", "\r\n"), Class("""
                    void M(TcpListener listener, byte[] buf)
                    {
                        var client = listener.AcceptSocket();
                        while (true)
                        {
                            int n = client.Receive(buf);
                            if (n == 0)
                            {
                                client.Close();
                                return;
                            }
                            client.Send(buf, 0, n, SocketFlags.None);
                        }
                    }
                """).Replace("\n", "\r\n"), SL0001PeerCloseNotHandledCodeFix.CloseKey);
        }

        [Fact]
        public async Task A_one_line_block_gets_lines_of_its_own_for_the_test()
        {
            // The braces go on lines of their own with the new statements; a comment after the open brace would go with
            // it, so there the block keeps its line and the test starts the next (a comment at the end of the line stays).
            await Verify.VerifyCodeFixAsync(Class("""
                    void M(Socket s, byte[] buf)
                    {
                        while (true) { [|s.Receive(buf)|]; } // read
                    }
                """), Class("""
                    void M(Socket s, byte[] buf)
                    {
                        while (true)
                        {
                            int received = s.Receive(buf);
                            if (received == 0)
                                break;
                        } // read
                    }
                """), SL0001PeerCloseNotHandledCodeFix.StopReadingKey);
            await Verify.VerifyCodeFixAsync(Class("""
                    void M(Socket s, byte[] buf)
                    {
                        while (true) { /* read */ [|s.Receive(buf)|]; }
                    }
                """), Class("""
                    void M(Socket s, byte[] buf)
                    {
                        while (true) { /* read */ int received = s.Receive(buf);
                            if (received == 0)
                                break;
                        }
                    }
                """), SL0001PeerCloseNotHandledCodeFix.StopReadingKey);
        }

        [Fact]
        public async Task Fix_all_in_a_document()
        {
            await Verify.VerifyCodeFixAsync(Class("""
                    void A(Socket s, byte[] buf)
                    {
                        while (true) { [|s.Receive(buf)|]; }
                    }

                    async Task B(NetworkStream ns, byte[] buf)
                    {
                        while (true)
                        {
                            int n = await [|ns.ReadAsync(buf)|];
                            if (n == 0) continue;
                        }
                    }
                """), Class("""
                    void A(Socket s, byte[] buf)
                    {
                        while (true)
                        {
                            int received = s.Receive(buf);
                            if (received == 0)
                                break;
                        }
                    }

                    async Task B(NetworkStream ns, byte[] buf)
                    {
                        while (true)
                        {
                            int n = await ns.ReadAsync(buf);
                            if (n == 0) break;
                        }
                    }
                """), SL0001PeerCloseNotHandledCodeFix.StopReadingKey);
        }
    }
}
