using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using SocketLint.CodeFixes.Rules;
using Xunit;
using Verify = SocketLint.Tests.Verifiers.CSharpVerifier<
    SocketLint.CodeFixes.Rules.SL0002SendFailureIgnoredCodeFix>;

namespace SocketLint.Tests.Rules;

public class SL0002SendFailureIgnoredTests
{
    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.IO;
        using System.Net;
        using System.Net.Security;
        using System.Net.Sockets;
        using System.Threading;
        using System.Threading.Tasks;

        """;

    /// <summary>A session type of the project that holds a client and a writer made over its stream, which it owns.</summary>
    private const string Session = """
            sealed class Session : IDisposable
            {
                private readonly TcpClient _tcp;

                public Session(int id, TcpClient tcp)
                {
                    Id = id;
                    _tcp = tcp;
                    var ns = tcp.GetStream();
                    Writer = new StreamWriter(ns) { AutoFlush = true };
                    Log = new StreamWriter("session.log");
                    Kept = new StreamWriter(ns, System.Text.Encoding.UTF8, 1024, leaveOpen: true);
                }

                public int Id { get; }
                public StreamWriter Writer { get; }
                public StreamWriter Log { get; }
                public StreamWriter Kept { get; }

                public void Dispose() => _tcp.Dispose();
            }

        """;

    /// <summary>Types of the project whose methods send on a connection of their own object, and some that do not.</summary>
    private const string Subscribers = """
        sealed class Subscriber
        {
            private readonly TcpClient _client;
            private readonly NetworkStream _stream;
            private readonly Socket _socket;
            private readonly MemoryStream _copy = new();

            public Subscriber(TcpClient client, Socket socket)
            {
                _client = client;
                _stream = client.GetStream();
                _socket = socket;
            }

            public void Push(byte[] update) => _stream.Write(update, 0, update.Length);
            public async Task PushAsync(byte[] update) { await _client.GetStream().WriteAsync(update); }
            public void Ping(byte[] ping) => _socket.Send(ping);
            public void Keep(byte[] update) => _copy.Write(update, 0, update.Length);
            public void PushSafely(byte[] update) { try { _stream.Write(update, 0, update.Length); } catch (IOException) { Close(); } }
            public void Close() => _client.Close();
        }

        """;

    private static string Class(string members) => Usings + "class C\n{\n" + members + "\n    static void Log(object o) { }\n}\n";

    public class Diagnostics
    {
        [Fact]
        public async Task A_client_closed_whose_stream_a_connect_helper_took_from_it()
        {
            // Helper L's ReconnectingClient:62 and :214: the stream field is set from the client in a method that connects,
            // not in a constructor; closing the client (in the catch, or in a helper it calls) closes its stream.
            await Verify.VerifyAnalyzerAsync(Class("""
                #nullable enable
                    TcpClient? _client;
                    NetworkStream? _stream;

                    async Task EnsureConnectedAsync(CancellationToken ct)
                    {
                        if (_client != null)
                            return;
                        var client = new TcpClient();
                        await client.ConnectAsync(IPAddress.Loopback, 9000, ct);
                        _client = client;
                        _stream = client.GetStream();
                    }

                    async Task PushAsync(byte[] data, CancellationToken ct)
                    {
                        try
                        {
                            await EnsureConnectedAsync(ct);
                            await _stream!.WriteAsync(data, ct);
                        }
                        catch (IOException)
                        {
                            _client?.Dispose();
                            _client = null;
                            _stream = null;
                        }
                    }
                """));
            await Verify.VerifyAnalyzerAsync(Class("""
                    TcpClient _client = new TcpClient();
                    NetworkStream _stream = null!;

                    async Task ResetAsync(CancellationToken ct)
                    {
                        _client.Dispose();
                        _client = new TcpClient();
                        await _client.ConnectAsync(IPAddress.Loopback, 9000, ct);
                        _stream = _client.GetStream();
                    }

                    async Task HeartbeatAsync(CancellationToken ct)
                    {
                        while (!ct.IsCancellationRequested)
                        {
                            try { await _stream.WriteAsync(new byte[] { 0 }, ct); }
                            catch (IOException) { await ResetAsync(ct); }
                            await Task.Delay(1000, ct);
                        }
                    }
                """));
        }

        [Fact]
        public async Task SocketError_never_read_in_members_that_are_not_methods()
        {
            // A send written in a field's initializer or a constructor is judged as one written in a method.
            await Verify.VerifyAnalyzerAsync(Class("""
                    static readonly Action<Socket, byte[]> Field = (s, data) => { [|s.Send(data, 0, data.Length, SocketFlags.None, out var error)|]; };
                    readonly Action<byte[]> _send;

                    C(Socket s) { _send = data => { [|s.Send(data, SocketFlags.None, out SocketError error)|]; }; }
                """));
        }

        [Fact]
        public async Task A_flag_that_does_not_stop_the_loop_before_the_connection_is_used_again()
        {
            await Verify.VerifyAnalyzerAsync(Class("""
                    void SendsAgainFirst(Socket s, Queue<byte[]> queue)
                    {
                        var alive = true;
                        while (alive && queue.Count > 0)
                        {
                            try { s.Send(queue.Dequeue()); }
                            {|#0:catch (SocketException)|} { alive = false; }
                            s.Send(new byte[] { 0 });
                        }
                    }

                    void SetAgain(Socket s, Queue<byte[]> queue)
                    {
                        var alive = true;
                        while (alive)
                        {
                            try { s.Send(queue.Dequeue()); }
                            {|#1:catch (SocketException)|} { alive = false; }
                            alive = queue.Count > 0;
                        }
                    }

                    void NotTheTestedFlag(Socket s, Queue<byte[]> queue)
                    {
                        var alive = true;
                        var failed = false;
                        while (alive)
                        {
                            try { s.Send(queue.Dequeue()); }
                            {|#2:catch (SocketException)|} { failed = true; }
                            alive = queue.Count > 0;
                        }
                    }

                    void SetOnlySometimes(Socket s, Queue<byte[]> queue, bool strict)
                    {
                        var alive = true;
                        while (alive)
                        {
                            try { s.Send(queue.Dequeue()); }
                            {|#3:catch (SocketException)|} { if (strict) alive = false; }
                        }
                    }
                """),
                Verify.Diagnostic("SL0002").WithLocation(0).WithArguments("This catch swallows the failure of a send", "s"),
                Verify.Diagnostic("SL0002").WithLocation(1).WithArguments("This catch swallows the failure of a send", "s"),
                Verify.Diagnostic("SL0002").WithLocation(2).WithArguments("This catch swallows the failure of a send", "s"),
                Verify.Diagnostic("SL0002").WithLocation(3).WithArguments("This catch swallows the failure of a send", "s"));
        }

        [Theory]
        [InlineData("catch (SocketException)")]
        [InlineData("catch (SocketException e)")]
        [InlineData("catch (Exception)")]
        [InlineData("catch (SystemException)")]
        [InlineData("catch")]
        [InlineData("catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)")]
        [InlineData("catch (Exception e) when (e is not OutOfMemoryException)")]
        public async Task Empty_catch_around_a_socket_send(string catchClause)
        {
            await Verify.VerifyAnalyzerAsync(Class($$"""
                    void M(Socket s, byte[] data)
                    {
                        try { s.Send(data); }
                        {|#0:{{catchClause}}|} { }
                    }
                """), Verify.Diagnostic("SL0002").WithLocation(0).WithArguments("This catch swallows the failure of a send", "s"));
        }

        [Theory]
        [InlineData("s.Send(data, SocketFlags.None);")]
        [InlineData("s.Send(data, 0, data.Length, SocketFlags.None);")]
        [InlineData("await s.SendAsync(data, SocketFlags.None);")]
        [InlineData("await s.SendAsync(data.AsMemory(), SocketFlags.None, CancellationToken.None);")]
        [InlineData("s.SendFile(\"f\");")]
        [InlineData("await s.SendAsync(data, SocketFlags.None).ConfigureAwait(false);")]
        // BeginSend throws at once when the connection has failed; its IAsyncResult is a handle, not the outcome.
        [InlineData("s.BeginSend(data, 0, data.Length, SocketFlags.None, null, null);")]
        [InlineData("_ = s.BeginSend(data, 0, data.Length, SocketFlags.None, r => s.EndSend(r), null);")]
        public async Task Every_socket_send(string send)
        {
            await Verify.VerifyAnalyzerAsync(Class($$"""
                    async Task M(Socket s, byte[] data)
                    {
                        try { {{send}} }
                        [|catch (SocketException)|] { }
                    }
                """));
        }

        [Theory]
        [InlineData("ns.Write(data, 0, data.Length);")]
        [InlineData("await ns.WriteAsync(data);")]
        [InlineData("ns.WriteByte(1);")]
        [InlineData("await client.GetStream().WriteAsync(data, 0, data.Length);")]
        [InlineData("await stream.WriteAsync(data);")]
        [InlineData("await ssl.WriteAsync(data);")]
        [InlineData("writer.WriteLine(\"x\");")]
        [InlineData("writer?.WriteLine(\"x\");")]
        [InlineData("stream?.Write(data, 0, data.Length);")]
        [InlineData("await writer.FlushAsync();")]
        [InlineData("ns.BeginWrite(data, 0, data.Length, null, null);")]
        [InlineData("stream.BeginWrite(data, 0, data.Length, null, null);")]
        public async Task Stream_and_writer_sends_fail_with_IOException(string send)
        {
            await Verify.VerifyAnalyzerAsync(Class($$"""
                    async Task M(TcpClient client, NetworkStream ns, byte[] data)
                    {
                        Stream stream = client.GetStream();
                        var ssl = new SslStream(ns);
                        var writer = new StreamWriter(client.GetStream());
                        try { {{send}} }
                        [|catch (IOException)|] { }
                    }
                """));
        }

        [Fact]
        public async Task Sends_made_for_a_wait_for_all_fail_into_the_catch()
        {
            // The selector makes each connection's send task, and WhenAll in the try waits for them all: a reset of any
            // fails into the catch. Tasks made and never waited for in the try do not.
            await Verify.VerifyAnalyzerAsync("using System.Linq;\n" + Class("""
                    async Task Broadcast(List<Socket> clients, byte[] m)
                    {
                        try { await Task.WhenAll(clients.Select(c => c.SendAsync(m, SocketFlags.None))); }
                        [|catch (SocketException)|] { }
                    }

                    async Task Copied(List<NetworkStream> streams, byte[] m)
                    {
                        try { await Task.WhenAll(streams.Select(s => s.WriteAsync(m, 0, m.Length)).ToArray()); }
                        [|catch (IOException)|] { }
                    }

                    async Task Rethrown(List<Socket> clients, byte[] m)
                    {
                        try { await Task.WhenAll(clients.Select(c => c.SendAsync(m, SocketFlags.None))); }
                        catch (SocketException) { throw; }
                    }

                    List<Task<int>> NotWaited(List<Socket> clients, byte[] m)
                    {
                        try { return clients.Select(c => c.SendAsync(m, SocketFlags.None)).ToList(); }
                        catch (SocketException) { return new List<Task<int>>(); }
                    }
                """));
        }

        [Fact]
        public async Task A_NetworkStreams_flush_is_no_send()
        {
            // NetworkStream writes through: its Flush does nothing, and nothing it could throw says the peer has gone.
            await Verify.VerifyAnalyzerAsync(Class("""
                    async Task M(NetworkStream ns, byte[] data)
                    {
                        try { ns.Flush(); } catch (IOException) { }
                        try { await ns.FlushAsync(); } catch (IOException) { }
                        try { await ns.FlushAsync(CancellationToken.None); } catch (IOException) { }
                        try { await ns.WriteAsync(data); await ns.FlushAsync(); }
                        [|catch (IOException)|] { }
                    }
                """));
        }

        [Fact]
        public async Task Stream_field_set_from_GetStream_in_a_constructor()
        {
            await Verify.VerifyAnalyzerAsync(Usings + """
                class Session
                {
                    private readonly Stream _stream;

                    public Session(TcpClient client) { _stream = client.GetStream(); }

                    public void Send(byte[] frame)
                    {
                        try { _stream.Write(frame, 0, frame.Length); }
                        [|catch (IOException)|] { }
                    }
                }

                class OverSsl
                {
                    private readonly Stream stream;

                    public OverSsl(Socket socket) => this.stream = new SslStream(new NetworkStream(socket, ownsSocket: true));

                    public async Task SendAsync(byte[] frame)
                    {
                        try { await stream.WriteAsync(frame); }
                        [|catch (IOException)|] { }
                    }
                }
                """);
        }

        [Fact]
        public async Task Writer_field_set_over_a_connections_stream_in_a_constructor()
        {
            // A writer its type makes, everywhere, over a connection's stream sends on that connection: a failed write
            // or flush throws IOException, which these catches swallow.
            await Verify.VerifyAnalyzerAsync(Usings + """
                class Session
                {
                    private readonly StreamWriter _writer;
                    private readonly BinaryWriter frames;

                    public Session(TcpClient client)
                    {
                        _writer = new StreamWriter(client.GetStream()) { AutoFlush = true };
                        this.frames = new BinaryWriter(client.GetStream());
                    }

                    public void Send(string line)
                    {
                        try { _writer.WriteLine(line); }
                        [|catch (IOException)|] { }
                    }

                    public async Task FlushAsync()
                    {
                        try { await _writer.FlushAsync(); }
                        [|catch (Exception)|] { }
                    }

                    public void Frame(int length)
                    {
                        try { frames.Write(length); }
                        [|catch (IOException)|] { }
                    }
                }
                """);
        }

        [Fact]
        public async Task Writer_field_set_over_the_stream_of_a_client_the_method_makes_or_accepts()
        {
            // Helper D's MetricsPusher:69: the writer is made in a connect method over the stream of a local client it
            // makes (or accepts), set once where it is declared; a write through it, with ?. or !, sends on that client.
            // A local set twice, or to something else, says nothing of the writer.
            await Verify.VerifyAnalyzerAsync(Usings + """
                #nullable enable
                class Pusher
                {
                    TcpClient? _tcp;
                    StreamWriter? _writer;

                    async Task ConnectAsync(IPEndPoint sink, CancellationToken ct)
                    {
                        var tcp = new TcpClient();
                        await tcp.ConnectAsync(sink, ct);
                        _tcp = tcp;
                        _writer = new StreamWriter(tcp.GetStream(), System.Text.Encoding.ASCII) { AutoFlush = true };
                    }

                    public void Push(string line)
                    {
                        try { _writer?.WriteLine(line); }
                        [|catch (IOException)|] { }
                    }

                    public void PushAgain(string line)
                    {
                        try { _writer!.WriteLine(line); }
                        [|catch (IOException)|] { }
                    }
                }

                class Accepted
                {
                    StreamWriter? _writer;

                    async Task AcceptAsync(TcpListener listener, CancellationToken ct)
                    {
                        var client = await listener.AcceptTcpClientAsync(ct).ConfigureAwait(false);
                        _writer = new StreamWriter(client.GetStream());
                    }

                    public void Push(string line)
                    {
                        try { _writer?.WriteLine(line); }
                        [|catch (IOException)|] { }
                    }
                }

                class FromFile
                {
                    StreamWriter? _writer;

                    void Open(string path)
                    {
                        var file = File.Create(path);
                        _writer = new StreamWriter(file);
                    }

                    public void Push(string line)
                    {
                        try { _writer?.WriteLine(line); }
                        catch (IOException) { }
                    }
                }
                """);
        }

        [Fact]
        public async Task Writer_fields_that_are_not_a_connections_or_are_closed_on_failure()
        {
            // A writer over a file, one a constructor also sets over a MemoryStream, one that leaves its stream open (it
            // does not stand for the connection), and one closed in the catch: closing it closes the connection.
            await Verify.VerifyAnalyzerAsync(Usings + """
                class Writers
                {
                    private readonly StreamWriter _log;
                    private readonly StreamWriter _either;

                    public Writers(TcpClient client, string path)
                    {
                        _log = new StreamWriter(path);
                        _either = new StreamWriter(client.GetStream());
                    }

                    public Writers(MemoryStream memory)
                    {
                        _log = new StreamWriter(memory);
                        _either = new StreamWriter(memory);
                    }

                    public void Send(string line)
                    {
                        try { _log.Flush(); } catch (IOException) { }
                        try { _either.Flush(); } catch (IOException) { }
                    }
                }

                class Closing
                {
                    private readonly StreamWriter _open;
                    private readonly StreamWriter _closed;

                    public Closing(TcpClient client)
                    {
                        _open = new StreamWriter(client.GetStream(), System.Text.Encoding.UTF8, 1024, leaveOpen: true);
                        _closed = new StreamWriter(client.GetStream());
                    }

                    public void Send(string line)
                    {
                        try { _open.Flush(); } catch (IOException) { }
                        try { _closed.Flush(); } catch (IOException) { _closed.Dispose(); }
                    }
                }
                """);
        }

        [Fact]
        public async Task Stream_field_set_by_a_connecting_method()
        {
            await Verify.VerifyAnalyzerAsync(Usings + """
                class Client
                {
                    private Stream? _stream;

                    public void Open(TcpClient client) { _stream = client.GetStream(); }

                    public void Reset() { _stream = null; }

                    public void Send(byte[] frame)
                    {
                        try { _stream!.Write(frame, 0, frame.Length); }
                        [|catch (IOException)|] { }
                    }
                }
                """);
        }

        [Theory]
        [InlineData("Stream stream = tls ? new SslStream(client.GetStream()) : client.GetStream();")]
        [InlineData("Stream stream = tls ? client.GetStream() : new SslStream(client.GetStream());")]
        [InlineData("Stream stream = new BufferedStream(client.GetStream(), 8192);")]
        [InlineData("var stream = new BufferedStream(new NetworkStream(client.Client), 8192);")]
        [InlineData("Stream stream = new BufferedStream(tls ? new SslStream(client.GetStream()) : client.GetStream());")]
        public async Task Stream_made_over_a_connection_stream(string declaration)
        {
            await Verify.VerifyAnalyzerAsync(Class($$"""
                    async Task M(TcpClient client, bool tls, Queue<byte[]> frames)
                    {
                        {{declaration}}
                        while (frames.TryDequeue(out var frame))
                        {
                            try { await stream.WriteAsync(frame); await stream.FlushAsync(); }
                            [|catch (IOException)|] { }
                        }
                    }
                """));
        }

        [Fact]
        public async Task Broadcast_that_logs_counts_and_removes_without_closing()
        {
            await Verify.VerifyAnalyzerAsync(Class("""
                    readonly List<Socket> clients = new();
                    int failures;

                    void Broadcast(byte[] msg)
                    {
                        foreach (var c in clients.ToArray())
                        {
                            try { c.Send(msg); }
                            [|catch (SocketException e)|]
                            {
                                Log(e);
                                failures++;
                                clients.Remove(c);
                            }
                        }
                    }
                """));
        }

        [Fact]
        public async Task Another_clients_close_or_an_awaited_send()
        {
            await Verify.VerifyAnalyzerAsync(Usings + """
                class Relay
                {
                    private readonly TcpClient _inbound;
                    private readonly TcpClient _outbound;
                    private readonly NetworkStream _stream;

                    public Relay(TcpClient inbound, TcpClient outbound)
                    {
                        _inbound = inbound;
                        _outbound = outbound;
                        _stream = outbound.GetStream();
                    }

                    public async Task Forward(byte[] message)
                    {
                        try { await _stream.WriteAsync(message); }
                        [|catch (IOException)|] { _inbound.Close(); }
                    }
                }
                """);
        }

        [Fact]
        public async Task Closing_a_stream_that_does_not_own_the_socket()
        {
            await Verify.VerifyAnalyzerAsync(Class("""
                    void M(Socket socket, List<byte[]> frames)
                    {
                        var stream = new NetworkStream(socket);
                        foreach (var frame in frames)
                        {
                            try { stream.Write(frame, 0, frame.Length); }
                            [|catch (IOException)|] { stream.Dispose(); }
                        }
                    }

                    void Owning(Socket socket, List<byte[]> frames)
                    {
                        var stream = new NetworkStream(socket, ownsSocket: true);
                        foreach (var frame in frames)
                        {
                            try { stream.Write(frame, 0, frame.Length); }
                            catch (IOException) { stream.Dispose(); return; }
                        }
                    }
                """));
        }

        [Fact]
        public async Task Continue_goes_on_sending_on_the_same_connection()
        {
            await Verify.VerifyAnalyzerAsync(Class("""
                    void M(Socket s, Queue<byte[]> queue)
                    {
                        while (queue.Count > 0)
                        {
                            try { s.Send(queue.Dequeue()); }
                            [|catch (SocketException)|] { continue; }
                            Log("sent");
                        }
                    }
                """));
        }

        [Fact]
        public async Task Close_on_one_path_only()
        {
            await Verify.VerifyAnalyzerAsync(Class("""
                    void M(Socket s, byte[] data)
                    {
                        try { s.Send(data); }
                        [|catch (SocketException e)|]
                        {
                            if (e.SocketErrorCode == SocketError.ConnectionReset)
                                s.Close();
                        }
                    }
                """));
        }

        [Fact]
        public async Task A_catch_that_retries_on_the_errors_of_a_dead_peer()
        {
            // The branch that goes on admits ConnectionReset, or is not one that admits only other errors; a switch on the
            // code whose section that goes on names ConnectionReset too, or that has no default for the rest.
            await Verify.VerifyAnalyzerAsync(Class("""
                    void Switched(Socket socket, byte[] buffer)
                    {
                        while (true)
                        {
                            try { socket.Send(buffer); }
                            [|catch (SocketException ex)|]
                            {
                                switch (ex.SocketErrorCode)
                                {
                                    case SocketError.WouldBlock:
                                    case SocketError.ConnectionReset:
                                        Thread.Sleep(30);
                                        break;
                                    default:
                                        throw;
                                }
                            }
                        }
                    }

                    void NoDefault(Socket socket, byte[] buffer)
                    {
                        while (true)
                        {
                            try { socket.Send(buffer); }
                            [|catch (SocketException ex)|]
                            {
                                switch (ex.SocketErrorCode)
                                {
                                    case SocketError.WouldBlock:
                                        Thread.Sleep(30);
                                        break;
                                }
                            }
                        }
                    }

                    void Send(Socket socket, byte[] buffer)
                    {
                        while (true)
                        {
                            try { socket.Send(buffer); }
                            [|catch (SocketException ex)|]
                            {
                                if (ex.SocketErrorCode == SocketError.WouldBlock || ex.SocketErrorCode == SocketError.ConnectionReset)
                                    Thread.Sleep(30);
                                else
                                    throw;
                            }
                        }
                    }

                    void Other(Socket socket, byte[] buffer)
                    {
                        while (true)
                        {
                            try { socket.Send(buffer); }
                            [|catch (SocketException ex)|]
                            {
                                if (ex.SocketErrorCode == SocketError.WouldBlock)
                                    throw;
                                Log(ex);
                            }
                        }
                    }
                """));
        }

        [Fact]
        public async Task Failures_that_reach_the_catch_through_a_rethrow_a_wait_or_a_ForEach()
        {
            // An inner catch that logs and rethrows hands the failure on; .Wait() wraps it in an AggregateException;
            // a return out of a ForEach lambda goes on to the next client, like continue.
            await Verify.VerifyAnalyzerAsync(Class("""
                    void Nested(Socket s, IEnumerable<byte[]> frames)
                    {
                        foreach (var frame in frames)
                        {
                            try
                            {
                                try { s.Send(frame); }
                                catch (SocketException e) { Log(e); throw; }
                            }
                            [|catch (Exception)|] { }
                        }
                    }

                    void Waited(Socket s, IEnumerable<byte[]> messages)
                    {
                        foreach (var m in messages)
                        {
                            try { s.SendAsync(new ArraySegment<byte>(m), SocketFlags.None).Wait(); }
                            [|catch (AggregateException e)|] { Log(e.InnerException); }
                        }
                    }

                    void ForEach(List<Socket> clients, byte[] msg)
                    {
                        clients.ForEach(c =>
                        {
                            try { c.Send(msg); }
                            [|catch (SocketException)|] { return; }
                        });
                    }
                """));
        }

        [Fact]
        public async Task Failures_that_still_reach_the_catch()
        {
            // A ValueTask's Result throws the reset itself; a filter on the inner exception lets a reset through; an
            // inner catch that rethrows on one branch only swallows the rest itself, and the outer catch is not blamed.
            await Verify.VerifyAnalyzerAsync(Class("""
                    void ValueTaskResult(Socket s, ReadOnlyMemory<byte> m)
                    {
                        while (true)
                        {
                            try { s.SendAsync(m, SocketFlags.None).Result.ToString(); }
                            [|catch (SocketException e)|] { Log(e); }
                        }
                    }

                    void InnerFilter(Socket s, byte[] m)
                    {
                        while (true)
                        {
                            try { s.Send(m); }
                            [|catch (Exception ex) when (ex.InnerException is not SocketException)|] { Log(ex); }
                        }
                    }

                    void PartlyRethrown(Socket s, byte[] m)
                    {
                        while (true)
                        {
                            try
                            {
                                try { s.Send(m); }
                                [|catch (SocketException e)|] { if (e.ErrorCode == 0) throw; Log(e); }
                            }
                            catch (Exception) { return; }
                        }
                    }
                """));
        }

        [Fact]
        public async Task A_later_catch_sees_what_an_earlier_filtered_one_lets_through()
        {
            await Verify.VerifyAnalyzerAsync(Class("""
                    void M(Socket s, byte[] data)
                    {
                        try { s.Send(data); }
                        catch (SocketException e) when (e.SocketErrorCode == SocketError.WouldBlock) { }
                        [|catch (Exception)|] { Log("failed"); }
                    }
                """));
        }

        [Fact]
        public async Task Field_socket_in_lambda_local_function_and_top_level_style_bodies()
        {
            await Verify.VerifyAnalyzerAsync(Class("""
                    Socket _socket = null!;

                    void M(byte[] data)
                    {
                        Action send = () =>
                        {
                            try { _socket.Send(data); }
                            [|catch (SocketException)|] { }
                        };

                        async Task LocalAsync()
                        {
                            try { await _socket.SendAsync(data, SocketFlags.None); }
                            [|catch (SocketException)|] { Log("gone"); }
                        }
                    }
                """));
        }

        [Fact]
        public async Task Top_level_program()
        {
            await Verify.VerifyTopLevelAnalyzerAsync(Usings + """
                using var client = new TcpClient();
                await client.ConnectAsync("127.0.0.1", 5000);
                var stream = client.GetStream();
                for (int i = 0; i < 3; i++)
                {
                    try { await stream.WriteAsync(new byte[] { 1 }); }
                    [|catch (IOException)|] { Console.WriteLine("retrying"); }
                }
                """);
        }

        [Theory]
        [InlineData("out SocketError error")]
        [InlineData("out var error")]
        [InlineData("out _")]
        [InlineData("out var _")]
        public async Task SocketError_never_read(string argument)
        {
            await Verify.VerifyAnalyzerAsync(Class($$"""
                    void M(Socket s, byte[] data)
                    {
                        [|s.Send(data, 0, data.Length, SocketFlags.None, {{argument}})|];
                    }
                """));
        }

        [Fact]
        public async Task SocketError_local_only_overwritten()
        {
            await Verify.VerifyAnalyzerAsync(Class("""
                    void M(Socket s, byte[] data)
                    {
                        SocketError error;
                        [|s.Send(data, SocketFlags.None, out error)|];
                        error = SocketError.Success;
                    }
                """));
        }

        [Fact]
        public async Task A_catch_that_closes_what_it_takes_out_of_another_collection()
        {
            await Verify.VerifyAnalyzerAsync(Class("""
                    readonly System.Collections.Concurrent.ConcurrentDictionary<Guid, Socket> _sessions = new();
                    readonly System.Collections.Concurrent.ConcurrentDictionary<Guid, Socket> _pending = new();

                    void Broadcast(byte[] msg)
                    {
                        foreach (var (id, s) in _sessions)
                        {
                            try { s.Send(msg); }
                            {|#0:catch (SocketException)|}
                            {
                                if (_pending.TryRemove(id, out var other))
                                    other.Close();
                            }
                        }
                    }
                """), Verify.Diagnostic("SL0002").WithLocation(0).WithArguments("This catch swallows the failure of a send", "s"));
        }

        [Fact]
        public async Task A_catch_that_goes_back_to_send_again_or_a_send_after_it_before_the_close()
        {
            await Verify.VerifyAnalyzerAsync(Class("""
                    void GotoRetry(Socket s, byte[] m)
                    {
                    retry:
                        try { s.Send(m); }
                        {|#0:catch (SocketException)|} { Thread.Sleep(50); goto retry; }
                    }

                    async Task SendsAgain(byte[] a, byte[] b, CancellationToken ct)
                    {
                        using var client = new TcpClient();
                        await client.ConnectAsync(IPAddress.Loopback, 7201, ct);
                        await using var ns = client.GetStream();
                        try { await ns.WriteAsync(a, ct); }
                        {|#1:catch (IOException)|} { }
                        await ns.WriteAsync(b, ct);
                    }
                """),
                Verify.Diagnostic("SL0002").WithLocation(0).WithArguments("This catch swallows the failure of a send", "s"),
                Verify.Diagnostic("SL0002").WithLocation(1).WithArguments("This catch swallows the failure of a send", "client"));
        }

        [Fact]
        public async Task A_send_through_a_writer_another_objects_type_made_over_its_connection()
        {
            // session.Writer writes to the session's client: a catch that only takes the session out of the table keeps
            // the dead connection open. Closing the session, the writer, or what was taken out of the table handles it. A
            // writer over a file, or one made with leaveOpen, is no connection's.
            await Verify.VerifyAnalyzerAsync(Class("""
                    readonly System.Collections.Concurrent.ConcurrentDictionary<int, Session> _sessions = new();

                    async Task Broadcast(string line, CancellationToken ct)
                    {
                        foreach (var (id, session) in _sessions)
                        {
                            try { await session.Writer.WriteLineAsync(line.AsMemory(), ct); }
                            [|catch (IOException)|] { _sessions.TryRemove(id, out _); }
                        }
                    }

                    void Announce(Session session, string line)
                    {
                        try { session.Writer.WriteLine(line); }
                        [|catch (IOException e)|] { Log(e); }
                    }

                    async Task TakenOutAndClosed(string line, CancellationToken ct)
                    {
                        foreach (var (id, session) in _sessions)
                        {
                            try { await session.Writer.WriteLineAsync(line.AsMemory(), ct); }
                            catch (IOException) { if (_sessions.TryRemove(id, out var dead)) dead.Dispose(); }
                        }
                    }

                    void SessionClosed(Session session, string line)
                    {
                        try { session.Writer.WriteLine(line); }
                        catch (IOException) { session.Dispose(); }
                    }

                    void WriterClosed(Session session, string line)
                    {
                        try { session.Writer.WriteLine(line); }
                        catch (IOException) { session.Writer.Dispose(); }
                    }

                    void NotAConnection(Session session, string line)
                    {
                        try { session.Log.WriteLine(line); }
                        catch (IOException) { }
                        try { session.Kept.WriteLine(line); }
                        catch (IOException) { }
                    }
                """) + Session);
        }

        [Fact]
        public async Task A_send_through_a_method_of_another_objects_type_that_sends_on_its_connection()
        {
            // Push writes to the subscriber's own connection and lets the failure out: a catch around it that only logs
            // keeps the dead subscriber open. Closing the subscriber handles it. A method that writes elsewhere, or that
            // handles the failure itself, or a task thrown away, is no send of this try.
            await Verify.VerifyAnalyzerAsync(Class("""
                    readonly List<Subscriber> _subs = new();

                    void Publish(byte[] update)
                    {
                        foreach (var s in _subs)
                        {
                            try { s.Push(update); }
                            [|catch (IOException e)|] { Log(e); }
                        }
                    }

                    async Task PublishAsync(Subscriber s, byte[] update)
                    {
                        try { await s.PushAsync(update); }
                        [|catch (IOException)|] { }
                    }

                    void Beat(Subscriber s, byte[] ping)
                    {
                        try { s.Ping(ping); }
                        [|catch (SocketException)|] { }
                    }

                    void Closed(byte[] update)
                    {
                        for (int i = _subs.Count - 1; i >= 0; i--)
                        {
                            try { _subs[i].Push(update); }
                            catch (IOException) { _subs[i].Close(); _subs.RemoveAt(i); }
                        }

                        foreach (var s in _subs)
                        {
                            try { s.Push(update); }
                            catch (IOException) { s.Close(); }
                        }
                    }

                    void NotSends(Subscriber s, byte[] update)
                    {
                        try { s.Keep(update); } catch (IOException) { }
                        try { s.PushSafely(update); } catch (IOException) { }
                        try { _ = s.PushAsync(update); } catch (IOException) { }
                    }
                """) + Subscribers);
        }

        [Fact]
        public async Task A_helper_that_takes_the_entry_out_of_the_table_by_its_key_and_closes_it()
        {
            // Disconnect(id) closes what the loop enumerates at id; Disconnect of another key, or a helper that only takes it
            // out, leaves it open.
            await Verify.VerifyAnalyzerAsync(Class("""
                    readonly System.Collections.Concurrent.ConcurrentDictionary<Guid, TcpClient> _clients = new();

                    async Task Broadcast(byte[] data, CancellationToken ct)
                    {
                        foreach (var (id, c) in _clients)
                        {
                            try { await c.GetStream().WriteAsync(data, ct); }
                            catch (IOException) { Disconnect(id); }
                        }

                        foreach (var (id, c) in _clients)
                        {
                            try { await c.GetStream().WriteAsync(data, ct); }
                            [|catch (IOException)|] { Disconnect(Guid.Empty); }
                        }

                        foreach (var (id, c) in _clients)
                        {
                            try { await c.GetStream().WriteAsync(data, ct); }
                            [|catch (IOException)|] { Forget(id); }
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
        public async Task A_close_after_the_try_counts_only_where_it_runs_on_every_path()
        {
            // A close under an if of something else leaves the connection open on the other path; one in both branches, in
            // a try of its own, or under a test that the connection is there, closes it whatever the catch saw.
            await Verify.VerifyAnalyzerAsync(Class("""
                    void Conditional(Socket src, Socket dst, byte[] buf, int n, bool last)
                    {
                        try { dst.Send(buf, 0, n, SocketFlags.None); }
                        [|catch (SocketException)|] { }
                        if (last) dst.Dispose();
                    }

                    void Both(Socket dst, byte[] buf, bool last)
                    {
                        try { dst.Send(buf); }
                        catch (SocketException) { }
                        if (last) dst.Dispose(); else dst.Close();
                    }

                    void Guarded(Socket? dst, byte[] buf)
                    {
                        try { dst!.Send(buf); }
                        catch (SocketException) { }
                        if (dst != null) dst.Close();
                    }

                    void InATry(Socket dst, byte[] buf)
                    {
                        try { dst.Send(buf); }
                        catch (SocketException) { }
                        try { dst.Close(); } catch (ObjectDisposedException) { }
                    }
                """));
        }
    }

    public class Valid
    {
        [Fact]
        public async Task A_break_out_of_a_switch_followed_by_more_of_the_loop()
        {
            // The switch's break leads to more of the loop's body, which says nothing either way: left alone. (Where the
            // switch ends the body, the break goes round as a continue does: see the close fix's test of it.)
            await Verify.VerifyAnalyzerAsync(Class("""
                    Socket _s = null!;

                    void PumpAndCount(System.Collections.Generic.Queue<(int Kind, byte[] Data)> queue, ref int sent)
                    {
                        while (queue.Count > 0)
                        {
                            var (kind, data) = queue.Dequeue();
                            switch (kind)
                            {
                                case 1:
                                    try { _s.Send(data); }
                                    catch (SocketException) { break; }
                                    break;
                            }

                            sent++;
                        }
                    }
                """));
        }

        [Fact]
        public async Task Failures_kept_from_the_catch()
        {
            // An inner catch that closes before it rethrows has handled it; a filter that lets other types through only;
            // a catch of SocketException around .Wait(), which throws an AggregateException instead.
            await Verify.VerifyAnalyzerAsync(Class("""
                    void Nested(Socket s, byte[] frame)
                    {
                        while (true)
                        {
                            try
                            {
                                try { s.Send(frame); }
                                catch (SocketException) { s.Close(); throw; }
                            }
                            catch (Exception) { }
                        }
                    }

                    void Filtered(NetworkStream ns, Func<byte[]> serialize)
                    {
                        try { ns.Write(serialize()); }
                        catch (Exception ex) when (ex is not (IOException or SocketException)) { Log(ex); }
                        try { ns.Write(serialize()); }
                        catch (Exception ex) when (!(ex is IOException)) { Log(ex); }
                    }

                    void Waited(Socket s, byte[] m)
                    {
                        try { s.SendAsync(new ArraySegment<byte>(m), SocketFlags.None).Wait(); }
                        catch (SocketException e) { Log(e); }
                        s.Close();
                    }
                """));
        }

        [Fact]
        public async Task A_send_in_an_inner_try_whose_finally_closes_the_connection()
        {
            // A mini HTTP server's shape (helper E's c6_http_mini:128): the inner finally closes the socket before the
            // outer catch runs, as a using around the send would. A finally that closes only on one branch does not.
            await Verify.VerifyAnalyzerAsync(Class("""
                    void Serve(TcpListener server, byte[] data)
                    {
                        while (true)
                        {
                            try
                            {
                                var socket = server.AcceptSocket();
                                try { socket.Send(data); }
                                catch (Exception e) { Log(e); throw; }
                                finally
                                {
                                    if (socket.Connected)
                                        socket.Shutdown(SocketShutdown.Both);
                                    socket.Close();
                                }
                            }
                            catch (Exception e) { Log(e); }

                            try
                            {
                                var client = server.AcceptTcpClient();
                                try { client.GetStream().Write(data); }
                                finally { client?.Dispose(); }
                            }
                            catch (IOException) { }
                        }
                    }

                    void Maybe(TcpListener server, byte[] data, bool done)
                    {
                        while (true)
                        {
                            try
                            {
                                var socket = server.AcceptSocket();
                                try { socket.Send(data); }
                                finally
                                {
                                    if (done)
                                        socket.Close();
                                }
                            }
                            [|catch (SocketException e)|] { Log(e); }
                        }
                    }
                """));
        }

        [Fact]
        public async Task A_switch_on_the_error_code_that_retries_only_for_errors_a_dead_peer_does_not_give()
        {
            // The sections that go on are taken for WouldBlock and its kin only; the default rethrows (or closes).
            await Verify.VerifyAnalyzerAsync(Class("""
                    void FlushQueue(Socket s, Queue<byte[]> pending)
                    {
                        while (pending.Count > 0)
                        {
                            try
                            {
                                s.Send(pending.Peek());
                                pending.Dequeue();
                            }
                            catch (SocketException ex)
                            {
                                switch (ex.SocketErrorCode)
                                {
                                    case SocketError.WouldBlock:
                                    case SocketError.NoBufferSpaceAvailable:
                                        Thread.Sleep(5);
                                        break;
                                    case SocketError.TimedOut when pending.Count > 1:
                                        pending.Dequeue();
                                        break;
                                    default:
                                        s.Close();
                                        return;
                                }
                            }
                        }
                    }
                """));
        }

        [Fact]
        public async Task A_catch_that_retries_only_for_errors_a_dead_peer_does_not_give()
        {
            // Sleep and retry on a full buffer, rethrow anything else: the send loop goes on only for WouldBlock and its kin.
            await Verify.VerifyAnalyzerAsync(Class("""
                    void Send(Socket socket, byte[] buffer)
                    {
                        int sent = 0;
                        do
                        {
                            try { sent += socket.Send(buffer, sent, buffer.Length - sent, SocketFlags.None); }
                            catch (SocketException ex)
                            {
                                if (ex.SocketErrorCode == SocketError.WouldBlock || ex.SocketErrorCode == SocketError.IOPending
                                    || ex.SocketErrorCode == SocketError.NoBufferSpaceAvailable)
                                    Thread.Sleep(30);
                                else
                                    throw;
                            }
                        } while (sent < buffer.Length);
                    }

                    void Negated(Socket socket, byte[] buffer)
                    {
                        while (true)
                        {
                            try { socket.Send(buffer); return; }
                            catch (SocketException ex)
                            {
                                if (ex.SocketErrorCode != SocketError.WouldBlock && ex.SocketErrorCode != SocketError.TimedOut)
                                    throw;
                                Thread.Sleep(10);
                            }
                        }
                    }

                    void Pattern(Socket socket, byte[] buffer)
                    {
                        while (true)
                        {
                            try { socket.Send(buffer); return; }
                            catch (SocketException ex)
                            {
                                if (ex.SocketErrorCode is not SocketError.WouldBlock)
                                {
                                    socket.Close();
                                    return;
                                }
                            }
                        }
                    }
                """));
        }

        [Fact]
        public async Task A_catch_that_clears_an_auto_property_the_sending_loop_tests_leaves_the_loop()
        {
            // An auto-property holds what was last written to it, as a field does; one with a body may compute anything.
            await Verify.VerifyAnalyzerAsync(Usings + """
                class C
                {
                    public bool IsConnected { get; private set; } = true;

                    bool Open { get => _open; set => _open = value; }
                    bool _open = true;

                    void Pump(Socket s, Func<byte[]> next)
                    {
                        while (IsConnected)
                        {
                            try { s.Send(next()); }
                            catch (SocketException) { IsConnected = false; }
                        }
                    }

                    void ThroughABody(Socket s, Func<byte[]> next)
                    {
                        while (Open)
                        {
                            try { s.Send(next()); }
                            [|catch (SocketException)|] { Open = false; }
                        }
                    }
                }
                """);
        }

        [Fact]
        public async Task A_catch_that_cancels_the_token_source_the_sending_loop_tests_leaves_the_loop()
        {
            // A cancelled source's IsCancellationRequested is true from then on: the loop's test is false next. A loop
            // that tests another source, or none, goes on sending on the dead connection. A token local set once from the source
            // (var token = _cts.Token;) stands for it; one set again may be another source's.
            await Verify.VerifyAnalyzerAsync(Class("""
                    readonly CancellationTokenSource _cts = new();

                    async Task KeepAlive(Socket socket, byte[] ping)
                    {
                        while (!_cts.IsCancellationRequested)
                        {
                            try { await socket.SendAsync(ping, SocketFlags.None, _cts.Token); }
                            catch (SocketException) { _cts.Cancel(); }
                        }
                    }

                    async Task ThroughItsToken(NetworkStream ns, byte[] ping, CancellationTokenSource cts)
                    {
                        while (!cts.Token.IsCancellationRequested)
                        {
                            try { await ns.WriteAsync(ping); }
                            catch (IOException) { await cts.CancelAsync(); }
                        }
                    }

                    async Task AnotherSource(Socket socket, byte[] ping, CancellationTokenSource other)
                    {
                        while (!other.IsCancellationRequested)
                        {
                            try { await socket.SendAsync(ping, SocketFlags.None); }
                            {|#0:catch (SocketException)|} { _cts.Cancel(); }
                        }
                    }

                    async Task ThroughATokenLocal(Socket socket, byte[] ping)
                    {
                        var token = _cts.Token;
                        while (!token.IsCancellationRequested)
                        {
                            try { await socket.SendAsync(ping, SocketFlags.None); }
                            catch (SocketException) { _cts.Cancel(); }
                        }
                    }

                    async Task ALocalSource(Socket socket, byte[] ping)
                    {
                        var cts = new CancellationTokenSource();
                        while (!cts.IsCancellationRequested)
                        {
                            try { await socket.SendAsync(ping, SocketFlags.None); }
                            catch (SocketException) { cts.Cancel(); }
                        }
                    }

                    async Task ATokenLocalSetAgain(Socket socket, byte[] ping, CancellationToken other)
                    {
                        var token = _cts.Token;
                        if (ping.Length == 0)
                            token = other;
                        while (!token.IsCancellationRequested)
                        {
                            try { await socket.SendAsync(ping, SocketFlags.None); }
                            {|#1:catch (SocketException)|} { _cts.Cancel(); }
                        }
                    }
                """),
                Verify.Diagnostic("SL0002").WithLocation(0).WithArguments("This catch swallows the failure of a send", "socket"),
                Verify.Diagnostic("SL0002").WithLocation(1).WithArguments("This catch swallows the failure of a send", "socket"));
        }

        [Fact]
        public async Task A_catch_that_sets_the_flag_the_sending_loop_tests_leaves_the_loop()
        {
            await Verify.VerifyAnalyzerAsync(Class("""
                    bool _running = true;

                    void WhileAlive(Socket s, Queue<byte[]> queue)
                    {
                        var alive = true;
                        while (alive && queue.Count > 0)
                        {
                            try { s.Send(queue.Dequeue()); }
                            catch (SocketException) { alive = false; }
                        }
                    }

                    void UntilStopped(NetworkStream ns, Queue<byte[]> queue)
                    {
                        var stop = false;
                        while (!stop)
                        {
                            Log(queue.Count);
                            try { ns.Write(queue.Dequeue()); }
                            catch (IOException e) { Log(e); stop = true; }
                        }
                    }

                    void DoWhileRunning(Socket s, byte[] data)
                    {
                        do
                        {
                            try { s.Send(data); }
                            catch (SocketException) { _running = false; }
                            Log(data.Length);
                        }
                        while (_running);
                    }
                """));
        }

        [Fact]
        public async Task Probe_followed_by_a_try_that_returns_on_every_path()
        {
            await Verify.VerifyAnalyzerAsync(Class("""
                    bool IsConnected(TcpClient client)
                    {
                        var success = false;
                        try
                        {
                            client.Client.Send(new byte[1], 0, 0);
                            success = true;
                        }
                        catch (SocketException)
                        {
                        }

                        if (success) return true;
                        try
                        {
                            if (client.Client.Poll(0, SelectMode.SelectWrite))
                                return client.Client.Receive(new byte[1], SocketFlags.Peek) != 0;
                            else
                                return false;
                        }
                        catch (Exception)
                        {
                            return false;
                        }
                    }
                """));
        }

        [Fact]
        public async Task Catch_followed_by_an_if_that_returns_on_one_branch_only_is_still_reported()
        {
            await Verify.VerifyAnalyzerAsync(Class("""
                    void Loop(TcpClient client, bool stop)
                    {
                        while (true)
                        {
                            try
                            {
                                client.Client.Send(new byte[1]);
                            }
                            [|catch (SocketException)|]
                            {
                            }

                            if (stop)
                                return;
                            else
                                Log("again");
                        }
                    }
                """));
        }

        [Fact]
        public async Task Using_inside_the_try_disposes_before_the_catch()
        {
            await Verify.VerifyAnalyzerAsync(Class("""
                    void Run(string host, int port)
                    {
                        var retry = true;
                        do
                        {
                            try
                            {
                                using (var irc = new TcpClient(host, port))
                                {
                                    var writer = new StreamWriter(irc.GetStream());
                                    writer.WriteLine("NICK bot");
                                    writer.Flush();
                                }
                            }
                            catch (Exception e)
                            {
                                Log(e);
                                retry = true;
                            }
                        }
                        while (retry);
                    }
                """));
        }

        [Theory]
        [InlineData("if (client != null) { client.Close(); }")]
        [InlineData("if (client is not null) client.Dispose();")]
        [InlineData("if (client is { }) client.Close();")]
        public async Task Finally_that_closes_the_connection_when_it_is_there(string close)
        {
            await Verify.VerifyAnalyzerAsync(Class($$"""
                    void Process(TcpClient client)
                    {
                        try
                        {
                            var writer = new StreamWriter(client.GetStream());
                            writer.WriteLine("hello");
                            writer.Flush();
                        }
                        catch (IOException)
                        {
                            Log("problem");
                        }
                        finally
                        {
                            {{close}}
                        }
                    }
                """));
        }

        [Fact]
        public async Task Finally_that_only_logs_when_the_connection_is_there_is_still_reported()
        {
            await Verify.VerifyAnalyzerAsync(Class("""
                    void Process(TcpClient client)
                    {
                        while (true)
                        {
                            try
                            {
                                client.Client.Send(new byte[1]);
                            }
                            [|catch (SocketException)|]
                            {
                                Log("problem");
                            }
                            finally
                            {
                                if (client != null) Log(client);
                            }
                        }
                    }
                """));
        }

        [Fact]
        public async Task Liveness_probe_whose_method_returns_after_the_catch()
        {
            // A zero-byte send as a probe: after the catch the method returns on every path, with the answer.
            await Verify.VerifyAnalyzerAsync(Class("""
                    bool IsConnected(TcpClient client)
                    {
                        bool success = false;
                        try
                        {
                            client.Client.Send(new byte[1], 0, 0);
                            success = true;
                        }
                        catch (SocketException e)
                        {
                            if (e.NativeErrorCode.Equals(10035)) success = true;
                        }

                        if (success) return true;
                        Log("probe failed");
                        return false;
                    }
                """));
        }

        [Fact]
        public async Task Catch_followed_by_a_test_that_may_go_round_the_loop_is_still_reported()
        {
            await Verify.VerifyAnalyzerAsync(Class("""
                    void M(TcpClient client, bool again)
                    {
                        while (true)
                        {
                            try
                            {
                                client.Client.Send(new byte[1]);
                            }
                            [|catch (SocketException)|]
                            {
                            }

                            if (again) continue;
                            return;
                        }
                    }
                """));
        }

        [Fact]
        public async Task Catch_that_disposes_the_writer_over_the_connection()
        {
            // Disposing a writer made over the connection's stream closes the connection.
            await Verify.VerifyAnalyzerAsync(Class("""
                    void M(TcpClient client)
                    {
                        var writer = new StreamWriter(client.GetStream());
                        for (var i = 0; i < 10; i++)
                        {
                            try
                            {
                                writer.WriteLine("hello");
                                writer.Flush();
                            }
                            catch (IOException)
                            {
                                writer.Dispose();
                            }
                        }
                    }
                """));
        }

        [Fact]
        public async Task Catch_that_disposes_a_writer_left_open_is_still_reported()
        {
            await Verify.VerifyAnalyzerAsync(Class("""
                    void M(TcpClient client)
                    {
                        var writer = new StreamWriter(client.GetStream(), System.Text.Encoding.UTF8, 1024, leaveOpen: true);
                        for (var i = 0; i < 10; i++)
                        {
                            try
                            {
                                writer.WriteLine("hello");
                                writer.Flush();
                            }
                            [|catch (IOException)|]
                            {
                                writer.Dispose();
                            }
                        }
                    }
                """));
        }


        [Theory]
        [InlineData("s.Close();")]
        [InlineData("s.Dispose();")]
        [InlineData("s?.Dispose();")]
        [InlineData("s.Shutdown(SocketShutdown.Both); s.Close();")]
        [InlineData("throw;")]
        [InlineData("throw new IOException(\"peer went away\", e);")]
        [InlineData("return;")]
        [InlineData("Log(e); return;")]
        [InlineData("if (e.SocketErrorCode == SocketError.ConnectionReset) { s.Close(); return; } throw;")]
        [InlineData("Drop(s);")]
        [InlineData("switch (e.SocketErrorCode) { case SocketError.ConnectionReset: s.Close(); break; default: throw; }")]
        public async Task Catch_that_closes_throws_or_returns(string handler)
        {
            await Verify.VerifyAnalyzerAsync(Class($$"""
                    void M(Socket s, byte[] data)
                    {
                        try { s.Send(data); }
                        catch (SocketException e) { {{handler}} }
                    }

                    static void Drop(Socket s) { s.Close(); }
                """));
        }

        [Fact]
        public async Task Acceptance_negatives()
        {
            await Verify.VerifyAnalyzerAsync(Class("""
                    readonly List<Socket> clients = new();

                    void Broadcast(byte[] msg)
                    {
                        foreach (var c in clients.ToArray())
                        {
                            try { c.Send(msg); }
                            catch (SocketException) { clients.Remove(c); c.Close(); }
                        }
                    }

                    void StopsSending(Socket s, Queue<byte[]> queue)
                    {
                        while (queue.Count > 0)
                        {
                            try { s.Send(queue.Dequeue()); }
                            catch (SocketException) { break; }
                        }
                    }

                    bool ErrorCodeChecked(Socket s, byte[] data)
                    {
                        s.Send(data, 0, data.Length, SocketFlags.None, out SocketError error);
                        return error == SocketError.Success;
                    }

                    void ErrorCodeSwitched(Socket s, byte[] data)
                    {
                        s.Send(data, SocketFlags.None, out var error);
                        switch (error) { case SocketError.Success: break; default: s.Close(); break; }
                    }

                    SocketError lastError;

                    void ErrorCodeStored(Socket s, byte[] data) => s.Send(data, SocketFlags.None, out lastError);

                    void NothingSent(string path)
                    {
                        try { File.Delete(path); }
                        catch (IOException) { }
                    }
                """));
        }

        [Fact]
        public async Task Catches_a_send_does_not_reach()
        {
            await Verify.VerifyAnalyzerAsync(Class("""
                    async Task M(Socket s, NetworkStream ns, byte[] data, CancellationToken ct)
                    {
                        try { s.Send(data); }
                        catch (ObjectDisposedException) { }
                        catch (OperationCanceledException) { }

                        // A NetworkStream wraps the reset in an IOException: a SocketException catch never sees it.
                        try { await ns.WriteAsync(data, ct); }
                        catch (SocketException) { }

                        // An earlier catch took the SocketException and closed.
                        try { s.Send(data); }
                        catch (SocketException) { s.Close(); }
                        catch (Exception) { }

                        // The filter admits only errors a dead peer does not give.
                        try { s.Send(data); }
                        catch (SocketException e) when (e.SocketErrorCode == SocketError.WouldBlock || e.SocketErrorCode == SocketError.TimedOut) { }

                        // A try nested inside already handles the send.
                        try
                        {
                            try { s.Send(data); }
                            catch (SocketException) { s.Close(); throw; }
                            File.Delete("x");
                        }
                        catch (SocketException) { }
                    }
                """));
        }

        [Fact]
        public async Task Not_sends_on_a_connection()
        {
            await Verify.VerifyAnalyzerAsync(Class("""
                    void M(UdpClient udp, Stream file, MemoryStream memory, Socket s, EndPoint peer, byte[] data)
                    {
                        try { udp.Send(data, data.Length); } catch (SocketException) { }
                        try { file.Write(data, 0, data.Length); } catch (IOException) { }
                        try { memory.Write(data, 0, data.Length); } catch (IOException) { }
                        try { s.SendTo(data, peer); } catch (SocketException) { }
                        var dgram = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
                        try { dgram.Send(data); } catch (SocketException) { }
                        try { Task.Run(() => s.Send(data)); } catch (SocketException) { }
                        var writer = new StreamWriter(file);
                        try { writer.WriteLine("x"); } catch (IOException) { }
                        var buffered = new BufferedStream(file, 8192);
                        try { buffered.Write(data, 0, data.Length); } catch (IOException) { }
                        var overMemory = new BufferedStream(memory);
                        try { overMemory.Flush(); } catch (IOException) { }
                        Stream either = data.Length > 0 ? memory : file;
                        try { either.Write(data, 0, data.Length); } catch (IOException) { }
                    }
                """));
        }

        [Fact]
        public async Task Stream_fields_that_are_not_a_connections_or_are_closed()
        {
            await Verify.VerifyAnalyzerAsync(Usings + """
                class Log
                {
                    private readonly Stream _file;
                    private readonly Stream _wrapped;

                    public Log(string path, Stream inner)
                    {
                        _file = File.OpenWrite(path);
                        _wrapped = new BufferedStream(inner);
                    }

                    public void Append(byte[] line)
                    {
                        try { _file.Write(line, 0, line.Length); } catch (IOException) { }
                        try { _wrapped.Write(line, 0, line.Length); } catch (IOException) { }
                    }
                }

                class Session
                {
                    private readonly Stream _stream;

                    public Session(NetworkStream stream) { _stream = stream; }

                    public void Send(byte[] frame)
                    {
                        try { _stream.Write(frame, 0, frame.Length); }
                        catch (IOException) { _stream.Dispose(); }
                    }
                }
                """);
        }

        [Fact]
        public async Task Close_certain_to_run_after_the_catch()
        {
            await Verify.VerifyAnalyzerAsync(Class("""
                    async Task UsingDeclaration(TcpListener listener, byte[] data)
                    {
                        using var client = await listener.AcceptTcpClientAsync();
                        var stream = client.GetStream();
                        try { await stream.WriteAsync(data); }
                        catch (IOException) { Log("client went away"); }
                    }

                    void UsingStatement(Socket listener, byte[] data)
                    {
                        using (var s = listener.Accept())
                        {
                            try { s.Send(data); }
                            catch (SocketException) { }
                        }
                    }

                    void CloseAfter(Socket s, byte[] data)
                    {
                        try { s.Send(data); }
                        catch (SocketException) { Log("failed"); }
                        Log("done");
                        s.Close();
                    }

                    async Task<bool> ReturnsAfter(NetworkStream ns, byte[] data)
                    {
                        try
                        {
                            await ns.WriteAsync(data);
                            return true;
                        }
                        catch (IOException) { Log("failed"); }

                        return false;
                    }

                    void Finally(Socket s, byte[] data)
                    {
                        try { s.Send(data); }
                        catch (SocketException) { }
                        finally { s.Dispose(); }
                    }
                """));
        }

        [Fact]
        public async Task Code_being_typed_is_not_judged()
        {
            var test = new Verify.Test
            {
                TestCode = Class("""
                    void A(Socket s, byte[] d)
                    {
                        try { s.Send(d) }
                        catch { continue; }
                    }

                    void B(Socket s, byte[] d)
                    {
                        try { s.Send(d); }
                        catch (SocketException) { Undefined(); }
                    }
                """),
                CompilerDiagnostics = CompilerDiagnostics.None,
            };
            await test.RunAsync();
        }

        [Fact]
        public async Task Closing_the_client_whose_stream_a_writer_field_over_a_stream_field_writes_to()
        {
            // The writer is made over a stream field, itself the client's stream (through a local, a TLS wrapper on one
            // branch, a buffer): closing the client, directly or through the type's own Close(), ends it (helper D's
            // MiniBroker:67, LineProtocolSession:41 and :54).
            await Verify.VerifyAnalyzerAsync(Usings + """
                class Session
                {
                    private readonly TcpClient _client;
                    private readonly Stream _stream;
                    private readonly StreamWriter _writer;
                    private readonly BinaryWriter _out;

                    public Session(TcpClient client, bool tls)
                    {
                        _client = client;
                        var ns = client.GetStream();
                        _stream = tls ? new SslStream(ns) : ns;
                        _writer = new StreamWriter(_stream) { AutoFlush = true };
                        _out = new BinaryWriter(new BufferedStream(_stream));
                    }

                    public void Close() => _client.Close();

                    public void Send(string line)
                    {
                        try { _writer.WriteLine(line); }
                        catch (IOException) { _client.Close(); }
                    }

                    public void Numeric(string line)
                    {
                        try { _writer.WriteLine(line); }
                        catch (IOException) { Close(); }
                    }

                    public void Publish(byte[] body)
                    {
                        try
                        {
                            _out.Write(body.Length);
                            _out.Write(body);
                            _out.Flush();
                        }
                        catch (IOException)
                        {
                            _client.Close();
                        }
                    }
                }
                """);
        }

        [Fact]
        public async Task A_writer_field_over_a_stream_field_of_another_client_is_not_closed_by_this_one()
        {
            // _stream is the stream of _upstream, not of _client: closing _client leaves the writer's connection open.
            await Verify.VerifyAnalyzerAsync(Usings + """
                class Relay
                {
                    private readonly TcpClient _client;
                    private readonly TcpClient _upstream;
                    private readonly Stream _stream;
                    private readonly StreamWriter _writer;

                    public Relay(TcpClient client, TcpClient upstream)
                    {
                        _client = client;
                        _upstream = upstream;
                        _stream = upstream.GetStream();
                        _writer = new StreamWriter(_stream);
                    }

                    public void Close() => _client.Close();

                    public void Send(string line)
                    {
                        try { _writer.WriteLine(line); }
                        [|catch (IOException)|] { _client.Close(); }
                    }

                    public void Numeric(string line)
                    {
                        try { _writer.WriteLine(line); }
                        [|catch (IOException)|] { Close(); }
                    }
                }
                """);
        }

        [Fact]
        public async Task Closing_the_client_whose_stream_a_writer_field_writes_to()
        {
            // The writer is made over the client's stream: closing the client ends what the writer writes to.
            await Verify.VerifyAnalyzerAsync(Usings + """
                class Session
                {
                    private readonly TcpClient _client;
                    private readonly StreamWriter _writer;

                    public Session(TcpClient client)
                    {
                        _client = client;
                        _writer = new StreamWriter(client.GetStream());
                    }

                    public void Send(string line)
                    {
                        try
                        {
                            _writer.WriteLine(line);
                            _writer.Flush();
                        }
                        catch (IOException)
                        {
                            _client.Close();
                        }
                    }
                }
                """);
        }

        [Fact]
        public async Task Closing_the_client_whose_stream_the_send_used()
        {
            // TcpClient.Close disposes the stream it handed out: a common layout keeps both in fields.
            await Verify.VerifyAnalyzerAsync(Usings + """
                class Session
                {
                    private readonly TcpClient _client;
                    private readonly NetworkStream _stream;

                    public Session(TcpClient client)
                    {
                        _client = client;
                        _stream = client.GetStream();
                    }

                    public void Send(byte[] message)
                    {
                        try { _stream.Write(message, 0, message.Length); }
                        catch (IOException) { _client.Close(); }
                    }
                }

                class Direct
                {
                    private readonly TcpClient _client;
                    private readonly NetworkStream _stream;

                    public Direct(TcpClient client)
                    {
                        this._client = client;
                        this._stream = _client.GetStream();
                    }

                    public void Send(byte[] message)
                    {
                        try { _stream.Write(message, 0, message.Length); }
                        catch (IOException) { _client.Dispose(); }
                    }
                }
                """);
        }

        [Fact]
        public async Task Thread_safe_close_and_a_send_whose_task_is_thrown_away()
        {
            await Verify.VerifyAnalyzerAsync(Class("""
                    private Socket? _socket;

                    void Exchange(byte[] message)
                    {
                        try { _socket!.Send(message); }
                        catch (SocketException) { Interlocked.Exchange(ref _socket, null)?.Dispose(); }
                    }

                    void FireAndForget(byte[] message)
                    {
                        // A reset faults the task, not this call: the catch swallows nothing of it.
                        try { _ = _socket!.SendAsync(message, SocketFlags.None); }
                        catch (SocketException) { }
                    }
                """));
        }

        [Fact]
        public async Task A_helper_that_closes_the_connection_through_a_quiet_wrapper_of_the_project()
        {
            // A SOCKS relay's cleanup: Target.TryDispose(), an extension of the project's that swallows what Dispose throws.
            await Verify.VerifyAnalyzerAsync(Usings + """
                static class SocketExtensions
                {
                    public static void TryDispose(this Socket socket) { try { socket.Dispose(); } catch { } }
                    public static void SafeClose(this Socket socket) { try { socket.Close(); } catch { } }
                }

                class Relay
                {
                    private Socket Source = null!, Target = null!;

                    private void OnCleanup()
                    {
                        Source.TryDispose();
                        Target.TryDispose();
                    }

                    private void Shut() => Target.SafeClose();

                    public void Forward(byte[] data)
                    {
                        try { Target.Send(data); }
                        catch { OnCleanup(); }
                    }

                    public void ForwardAgain(byte[] data)
                    {
                        try { Target.Send(data); }
                        catch (SocketException) { Shut(); }
                    }
                }
                """);
        }

        [Fact]
        public async Task A_method_of_the_object_that_closes_the_property_set_from_the_connection_closes_it()
        {
            // Helper E's c5_relay_proxy:117: the constructor keeps the client in a property and relays through its stream;
            // the finally's Dispose() closes the property, which is the client the send used. A Dispose that closes
            // another property does not close it.
            await Verify.VerifyAnalyzerAsync(Usings + """
                public sealed class FlatRelay : IDisposable
                {
                    public TcpClient? ClientA { get; private set; }
                    public TcpClient? ClientB { get; private set; }

                    public FlatRelay(TcpClient clientA, TcpClient clientB)
                    {
                        ClientA = clientA;
                        ClientB = clientB;
                        NetworkStream streamA = ClientA.GetStream();
                        NetworkStream streamB = ClientB.GetStream();
                        Task.Run(async () =>
                        {
                            try
                            {
                                byte[] buffer = new byte[8192];
                                int count;
                                while ((count = await streamA.ReadAsync(buffer)) > 0)
                                    await streamB.WriteAsync(buffer.AsMemory(0, count));
                            }
                            catch (Exception) { }
                            finally
                            {
                                Dispose();
                            }
                        });
                    }

                    public void Dispose()
                    {
                        ClientA?.Dispose();
                        ClientB?.Dispose();
                    }
                }

                public sealed class HalfRelay
                {
                    public TcpClient? ClientA { get; private set; }
                    public TcpClient? ClientB { get; private set; }

                    public HalfRelay(TcpClient clientA, TcpClient clientB)
                    {
                        ClientA = clientA;
                        ClientB = clientB;
                        NetworkStream streamB = ClientB.GetStream();
                        Task.Run(async () =>
                        {
                            try
                            {
                                await streamB.WriteAsync(new byte[] { 1 });
                            }
                            [|catch (Exception)|] { }
                            finally
                            {
                                CloseA();
                            }
                        });
                    }

                    void CloseA() => ClientA?.Dispose();
                }
                """);
        }

        [Fact]
        public async Task Helpers_that_close_the_connection()
        {
            await Verify.VerifyAnalyzerAsync(Class("""
                    Socket _socket = null!;
                    readonly TaskCompletionSource _done = new();

                    void Disconnect() { _socket.Close(); }

                    void ViaField(byte[] data)
                    {
                        try { _socket.Send(data); }
                        catch (SocketException) { Disconnect(); }
                    }

                    void ViaLocalFunction(Socket s, byte[] data)
                    {
                        try { s.Send(data); }
                        catch (SocketException) { Drop(); }

                        void Drop() => s.Dispose();
                    }

                    void ViaOwner(Connection connection, byte[] data)
                    {
                        try { connection.Socket.Send(data); }
                        catch (SocketException) { connection.Close(); }
                    }

                    void HandedOn(Socket s, byte[] data)
                    {
                        try { s.Send(data); }
                        catch (SocketException e) { _done.TrySetException(e); }
                    }

                    void Writer(TcpClient client)
                    {
                        var writer = new StreamWriter(client.GetStream());
                        try { writer.Write("x"); }
                        catch (IOException) { writer.Dispose(); }
                    }

                    sealed class Connection
                    {
                        public Socket Socket = null!;
                        public void Close() { }
                    }
                """));
        }

        [Fact]
        public async Task Configured_close_method()
        {
            var test = new Verify.Test
            {
                TestCode = Class("""
                    void M(Socket s, byte[] data)
                    {
                        try { s.Send(data); }
                        catch (SocketException) { Pool.Release(s); }
                    }
                """) + "static class Pool { public static void Release(Socket s) { } }\n",
            };
            test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n[*.cs]\nsocketlint.close_methods = M:Pool.Release(System.Net.Sockets.Socket)\n"));
            await test.RunAsync();
        }

        [Fact]
        public async Task A_catch_that_takes_the_connection_out_of_the_collection_it_came_from_and_closes_it()
        {
            await Verify.VerifyAnalyzerAsync(Class("""
                    readonly System.Collections.Concurrent.ConcurrentDictionary<Guid, Socket> _sessions = new();
                    readonly Dictionary<int, TcpClient> _clients = new();

                    void Broadcast(byte[] msg)
                    {
                        foreach (var (id, s) in _sessions)
                        {
                            try { s.Send(msg); }
                            catch (SocketException)
                            {
                                if (_sessions.TryRemove(id, out var dead))
                                    dead.Close();
                            }
                        }
                    }

                    void Notify(byte[] msg)
                    {
                        foreach (var (key, client) in _clients)
                        {
                            try { client.GetStream().Write(msg, 0, msg.Length); }
                            catch (IOException)
                            {
                                if (_clients.Remove(key, out var gone))
                                    gone.Dispose();
                            }
                        }
                    }
                """));
        }

        [Fact]
        public async Task A_catch_that_takes_a_pairs_connection_out_of_the_collection_and_closes_it()
        {
            // foreach (var kv in _sessions): the connection is kv.Value, taken out by its key and closed, under the test or
            // through a conditional access. Closing another collection's entry is no close of this one.
            await Verify.VerifyAnalyzerAsync(Class("""
                    readonly System.Collections.Concurrent.ConcurrentDictionary<Guid, TcpClient> _byId = new();
                    readonly System.Collections.Concurrent.ConcurrentDictionary<Guid, TcpClient> _other = new();

                    async Task Broadcast(byte[] data)
                    {
                        foreach (var kv in _byId)
                        {
                            try { await kv.Value.GetStream().WriteAsync(data); }
                            catch (IOException) { if (_byId.TryRemove(kv.Key, out var dead)) dead.Dispose(); }
                        }
                    }

                    void Unconditional(byte[] data)
                    {
                        foreach (var kv in _byId)
                        {
                            try { kv.Value.GetStream().Write(data, 0, data.Length); }
                            catch (IOException) { _byId.TryRemove(kv.Key, out var dead); dead?.Dispose(); }
                        }
                    }

                    void Another(byte[] data)
                    {
                        foreach (var kv in _byId)
                        {
                            try { kv.Value.GetStream().Write(data, 0, data.Length); }
                            [|catch (IOException)|] { _other.TryRemove(kv.Key, out var dead); dead?.Dispose(); }
                        }
                    }
                """));
        }

        [Fact]
        public async Task A_rethrow_through_ExceptionDispatchInfo_or_a_goto_out_of_the_loop()
        {
            await Verify.VerifyAnalyzerAsync(Class("""
                    void Captured(Socket s, byte[] m)
                    {
                        try { s.Send(m); }
                        catch (SocketException e) { Log(e); System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e).Throw(); }
                    }

                    void Static(Socket s, byte[] m)
                    {
                        try { s.Send(m); }
                        catch (SocketException e) { System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(e); }
                    }

                    void GotoOut(Socket s, Queue<byte[]> queue)
                    {
                        while (queue.Count > 0)
                        {
                            try { s.Send(queue.Dequeue()); }
                            catch (SocketException) { goto done; }
                        }
                    done:
                        Log("stopped");
                    }
                """));
        }
    }

    public class CodeFix
    {
        [Fact]
        public async Task No_close_where_a_switchs_break_cannot_be_made_to_leave()
        {
            // A method that returns a value: the switch's break cannot become a return, and a break would stay in the
            // loop. The close alone would leave the next send on a closed socket: not offered.
            const string source = """
                    Socket _s = null!;

                    int Pump(System.Collections.Generic.Queue<(int Kind, byte[] Data)> queue)
                    {
                        var sent = 0;
                        while (queue.Count > 0)
                        {
                            var (kind, data) = queue.Dequeue();
                            switch (kind)
                            {
                                case 1:
                                    try { sent += _s.Send(data); }
                                    [|catch (SocketException)|] { break; }
                                    break;
                            }
                        }

                        return sent;
                    }
                """;
            await Verify.VerifyCodeFixAsync(Class(source), Class(source), SL0002SendFailureIgnoredCodeFix.CloseKey);
        }

        [Fact]
        public async Task A_catch_that_connects_again_keeps_its_retry()
        {
            // The old socket is closed before it is replaced; the next turn sends on the new one, so no exit is added.
            await Verify.VerifyCodeFixAsync(Class("""
                    Socket _s = null!;

                    void Send(byte[] data, EndPoint endpoint)
                    {
                        for (int attempt = 0; attempt < 3; attempt++)
                        {
                            try { _s.Send(data); return; }
                            [|catch (SocketException)|]
                            {
                                _s = new Socket(SocketType.Stream, ProtocolType.Tcp);
                                _s.Connect(endpoint);
                            }
                        }
                    }
                """), Class("""
                    Socket _s = null!;

                    void Send(byte[] data, EndPoint endpoint)
                    {
                        for (int attempt = 0; attempt < 3; attempt++)
                        {
                            try { _s.Send(data); return; }
                            catch (SocketException)
                            {
                                _s.Close();
                                _s = new Socket(SocketType.Stream, ProtocolType.Tcp);
                                _s.Connect(endpoint);
                            }
                        }
                    }
                """), SL0002SendFailureIgnoredCodeFix.CloseKey);
        }

        [Fact]
        public async Task No_close_where_the_code_goes_on_to_use_the_connection()
        {
            // Helper M's A08_Forwarder:58: the close and a break would land on the pump's Shutdown(Send) after its loop, on
            // the closed socket: an ObjectDisposedException, which the catch there does not take, on a thread of its own.
            // So would a catch that falls out of its try into code that reads the same socket. Not offered.
            const string source = """
                    void Pump(Socket from, Socket to)
                    {
                        var buf = new byte[1024];
                        int n;
                        while ((n = from.Receive(buf)) > 0)
                        {
                            try { to.Send(buf, 0, n, SocketFlags.None); }
                            [|catch (SocketException)|] { }
                        }

                        try { to.Shutdown(SocketShutdown.Send); } catch (SocketException) { }
                        from.Close();
                    }

                    void Greet(Socket s, byte[] hello)
                    {
                        try { s.Send(hello); }
                        [|catch (SocketException)|] { Console.WriteLine("send failed"); }
                        Console.WriteLine(s.RemoteEndPoint);
                    }
                """;
            await Verify.VerifyCodeFixAsync(Class(source), Class(source), SL0002SendFailureIgnoredCodeFix.CloseKey);
        }

        [Fact]
        public async Task The_close_is_offered_where_a_later_loop_names_another_variable_alike()
        {
            // The code after the try that names `p` is a second loop's own variable, not the connection that failed.
            await Verify.VerifyCodeFixAsync(Class("""
                    readonly System.Collections.Generic.List<Socket> _peers = new();

                    void Broadcast(byte[] msg)
                    {
                        foreach (var p in _peers.ToArray())
                        {
                            try { p.Send(msg); }
                            [|catch (SocketException)|] { }
                        }

                        foreach (var p in _peers)
                            Log(p.RemoteEndPoint?.ToString());
                    }
                """), Class("""
                    readonly System.Collections.Generic.List<Socket> _peers = new();

                    void Broadcast(byte[] msg)
                    {
                        foreach (var p in _peers.ToArray())
                        {
                            try { p.Send(msg); }
                            catch (SocketException)
                            {
                                p.Close();
                            }
                        }

                        foreach (var p in _peers)
                            Log(p.RemoteEndPoint?.ToString());
                    }
                """), SL0002SendFailureIgnoredCodeFix.CloseKey);
        }

        [Fact]
        public async Task The_close_is_offered_where_the_code_after_only_closes_again()
        {
            // After the loop the socket is only closed again (a no-op on a closed socket): the close and the break stay.
            await Verify.VerifyCodeFixAsync(Class("""
                    void Pump(Socket from, Socket to)
                    {
                        var buf = new byte[1024];
                        int n;
                        while ((n = from.Receive(buf)) > 0)
                        {
                            try { to.Send(buf, 0, n, SocketFlags.None); }
                            [|catch (SocketException)|] { }
                        }

                        to.Close();
                        from.Close();
                    }
                """), Class("""
                    void Pump(Socket from, Socket to)
                    {
                        var buf = new byte[1024];
                        int n;
                        while ((n = from.Receive(buf)) > 0)
                        {
                            try { to.Send(buf, 0, n, SocketFlags.None); }
                            catch (SocketException)
                            {
                                to.Close();
                                break;
                            }
                        }

                        to.Close();
                        from.Close();
                    }
                """), SL0002SendFailureIgnoredCodeFix.CloseKey);
        }

        [Fact]
        public async Task A_retry_loop_whose_try_connects_through_a_helper_keeps_going()
        {
            // Helper L's ReconnectingClient:41: the catch drops the stream, and the try connects when it finds none, through
            // a method of the type. The next turn sends on a new connection: the close goes before the drop, and no break
            // stops the pusher for good.
            await Verify.VerifyCodeFixAsync(Class("""
                    NetworkStream _stream = null!;

                    void EnsureConnected()
                    {
                        if (_stream != null)
                            return;
                        var client = new TcpClient();
                        client.Connect(IPAddress.Loopback, 9000);
                        _stream = client.GetStream();
                    }

                    void Run(byte[] data, CancellationToken ct)
                    {
                        while (!ct.IsCancellationRequested)
                        {
                            try
                            {
                                EnsureConnected();
                                _stream.Write(data, 0, data.Length);
                            }
                            [|catch (IOException)|]
                            {
                                _stream = null!;
                            }
                            Thread.Sleep(1000);
                        }
                    }
                """), Class("""
                    NetworkStream _stream = null!;

                    void EnsureConnected()
                    {
                        if (_stream != null)
                            return;
                        var client = new TcpClient();
                        client.Connect(IPAddress.Loopback, 9000);
                        _stream = client.GetStream();
                    }

                    void Run(byte[] data, CancellationToken ct)
                    {
                        while (!ct.IsCancellationRequested)
                        {
                            try
                            {
                                EnsureConnected();
                                _stream.Write(data, 0, data.Length);
                            }
                            catch (IOException)
                            {
                                _stream.Dispose();
                                _stream = null!;
                            }
                            Thread.Sleep(1000);
                        }
                    }
                """), SL0002SendFailureIgnoredCodeFix.CloseKey);
        }

        [Fact]
        public async Task A_loop_that_connects_again_after_the_try_keeps_its_reconnect()
        {
            // Helper H's r02:111: the catch runs on to a reconnect after the try, so the next turn sends on a new socket:
            // the old one is closed and no break makes the reconnect unreachable. A catch that goes round with continue
            // never reaches the reconnect, and still gets its exit.
            await Verify.VerifyCodeFixAsync(Class("""
                    void Send(EndPoint endpoint, byte[] data)
                    {
                        var s = new Socket(SocketType.Stream, ProtocolType.Tcp);
                        s.Connect(endpoint);
                        while (true)
                        {
                            try { s.Send(data); Thread.Sleep(1000); continue; }
                            [|catch (SocketException)|]
                            {
                                Console.WriteLine("send failed, reconnecting");
                            }
                            s = new Socket(SocketType.Stream, ProtocolType.Tcp);
                            s.Connect(endpoint);
                        }
                    }

                    void SendOrSkip(EndPoint endpoint, byte[] data)
                    {
                        var s = new Socket(SocketType.Stream, ProtocolType.Tcp);
                        s.Connect(endpoint);
                        while (true)
                        {
                            try { s.Send(data); }
                            [|catch (SocketException)|]
                            {
                                continue;
                            }
                            s = new Socket(SocketType.Stream, ProtocolType.Tcp);
                            s.Connect(endpoint);
                        }
                    }
                """), Class("""
                    void Send(EndPoint endpoint, byte[] data)
                    {
                        var s = new Socket(SocketType.Stream, ProtocolType.Tcp);
                        s.Connect(endpoint);
                        while (true)
                        {
                            try { s.Send(data); Thread.Sleep(1000); continue; }
                            catch (SocketException)
                            {
                                Console.WriteLine("send failed, reconnecting");
                                s.Close();
                            }
                            s = new Socket(SocketType.Stream, ProtocolType.Tcp);
                            s.Connect(endpoint);
                        }
                    }

                    void SendOrSkip(EndPoint endpoint, byte[] data)
                    {
                        var s = new Socket(SocketType.Stream, ProtocolType.Tcp);
                        s.Connect(endpoint);
                        while (true)
                        {
                            try { s.Send(data); }
                            catch (SocketException)
                            {
                                s.Close();
                                break;
                            }
                            s = new Socket(SocketType.Stream, ProtocolType.Tcp);
                            s.Connect(endpoint);
                        }
                    }
                """), SL0002SendFailureIgnoredCodeFix.CloseKey);
        }

        [Fact]
        public async Task A_catch_that_drops_the_connection_for_the_try_to_connect_again_keeps_its_retries()
        {
            // Helper I's 11_ReconnectingClient:73: the catch forgets the client and the try connects a new one when it
            // finds none, so each attempt sends on a new connection: the close goes before the client is forgotten and no
            // exit cuts the three attempts to one. A catch that keeps the client gets the exit, as before.
            await Verify.VerifyCodeFixAsync(Class("""
                    TcpClient? _client;

                    async Task PublishAsync(byte[] sample, CancellationToken ct)
                    {
                        for (int attempt = 0; attempt < 3; attempt++)
                        {
                            try
                            {
                                if (_client == null)
                                {
                                    _client = new TcpClient();
                                    await _client.ConnectAsync("localhost", 6000, ct);
                                }
                                await _client.GetStream().WriteAsync(sample, ct);
                                return;
                            }
                            [|catch (IOException)|]
                            {
                                _client = null;
                                await Task.Delay(200 * (attempt + 1), ct);
                            }
                        }
                    }

                    async Task PublishKeepingAsync(byte[] sample, CancellationToken ct)
                    {
                        for (int attempt = 0; attempt < 3; attempt++)
                        {
                            try
                            {
                                if (_client == null)
                                    _client = new TcpClient("localhost", 6000);
                                await _client.GetStream().WriteAsync(sample, ct);
                                return;
                            }
                            [|catch (IOException)|]
                            {
                                await Task.Delay(200, ct);
                            }
                        }
                    }
                """), Class("""
                    TcpClient? _client;

                    async Task PublishAsync(byte[] sample, CancellationToken ct)
                    {
                        for (int attempt = 0; attempt < 3; attempt++)
                        {
                            try
                            {
                                if (_client == null)
                                {
                                    _client = new TcpClient();
                                    await _client.ConnectAsync("localhost", 6000, ct);
                                }
                                await _client.GetStream().WriteAsync(sample, ct);
                                return;
                            }
                            catch (IOException)
                            {
                                _client?.Dispose();
                                _client = null;
                                await Task.Delay(200 * (attempt + 1), ct);
                            }
                        }
                    }

                    async Task PublishKeepingAsync(byte[] sample, CancellationToken ct)
                    {
                        for (int attempt = 0; attempt < 3; attempt++)
                        {
                            try
                            {
                                if (_client == null)
                                    _client = new TcpClient("localhost", 6000);
                                await _client.GetStream().WriteAsync(sample, ct);
                                return;
                            }
                            catch (IOException)
                            {
                                await Task.Delay(200, ct);
                                _client?.Dispose();
                                break;
                            }
                        }
                    }
                """), SL0002SendFailureIgnoredCodeFix.CloseKey);
        }

        [Fact]
        public async Task A_writer_that_stands_for_the_connection_is_disposed()
        {
            // Helper I's 14_IrcBot:32: the writer made over the connection's stream closes it with itself, so the close fix
            // disposes the writer the send went through; one declared as may be null is disposed through ?. (no nullable
            // warning where the catch cannot know it is set).
            await Verify.VerifyCodeFixAsync(Usings + """
                #nullable enable
                class Bot
                {
                    private readonly StreamWriter _writer;

                    public Bot(TcpClient client) => _writer = new StreamWriter(client.GetStream());

                    public void Raw(string raw)
                    {
                        try
                        {
                            _writer.WriteLine(raw);
                            _writer.Flush();
                        }
                        [|catch (IOException)|]
                        {
                            Console.WriteLine("lost");
                        }
                    }
                }

                class Pusher
                {
                    StreamWriter? _writer;

                    async Task ConnectAsync(IPEndPoint sink, CancellationToken ct)
                    {
                        var tcp = new TcpClient();
                        await tcp.ConnectAsync(sink, ct);
                        _writer = new StreamWriter(tcp.GetStream());
                    }

                    public void Push(string line)
                    {
                        try { _writer?.WriteLine(line); }
                        [|catch (IOException)|]
                        {
                            Console.WriteLine("dropped");
                        }
                    }
                }
                """, Usings + """
                #nullable enable
                class Bot
                {
                    private readonly StreamWriter _writer;

                    public Bot(TcpClient client) => _writer = new StreamWriter(client.GetStream());

                    public void Raw(string raw)
                    {
                        try
                        {
                            _writer.WriteLine(raw);
                            _writer.Flush();
                        }
                        catch (IOException)
                        {
                            Console.WriteLine("lost");
                            _writer.Dispose();
                        }
                    }
                }

                class Pusher
                {
                    StreamWriter? _writer;

                    async Task ConnectAsync(IPEndPoint sink, CancellationToken ct)
                    {
                        var tcp = new TcpClient();
                        await tcp.ConnectAsync(sink, ct);
                        _writer = new StreamWriter(tcp.GetStream());
                    }

                    public void Push(string line)
                    {
                        try { _writer?.WriteLine(line); }
                        catch (IOException)
                        {
                            Console.WriteLine("dropped");
                            _writer?.Dispose();
                        }
                    }
                }
                """, SL0002SendFailureIgnoredCodeFix.CloseKey);
        }

        [Fact]
        public async Task The_socket_of_an_element_of_a_list_is_closed_before_the_element_is_removed()
        {
            // Helper I's 09_FramedGame:110: the connection is a property of the list's element; the close names it as the
            // send did, before the removal that would make _players[i] another player.
            await Verify.VerifyCodeFixAsync(Class("""
                    sealed class Player { public Socket Socket { get; } = null!; public int Id { get; } }
                    readonly List<Player> _players = new();

                    void BroadcastState(byte[] state)
                    {
                        for (int i = _players.Count - 1; i >= 0; i--)
                        {
                            try
                            {
                                _players[i].Socket.Send(state);
                            }
                            [|catch (SocketException)|]
                            {
                                Log($"player {_players[i].Id} dropped");
                                _players.RemoveAt(i);
                            }
                        }
                    }
                """), Class("""
                    sealed class Player { public Socket Socket { get; } = null!; public int Id { get; } }
                    readonly List<Player> _players = new();

                    void BroadcastState(byte[] state)
                    {
                        for (int i = _players.Count - 1; i >= 0; i--)
                        {
                            try
                            {
                                _players[i].Socket.Send(state);
                            }
                            catch (SocketException)
                            {
                                Log($"player {_players[i].Id} dropped");
                                _players[i].Socket.Close();
                                _players.RemoveAt(i);
                            }
                        }
                    }
                """), SL0002SendFailureIgnoredCodeFix.CloseKey);
        }

        [Fact]
        public async Task A_connection_the_loop_takes_again_each_turn_gets_an_exit()
        {
            // Helper H's r03:33 and r02:80: the first of a list of peers taken anew each turn is the same peer, and a for
            // loop's variable set in its initializer is the same connection on every turn: after the close the next turn
            // would send on the closed one, so the loop is left. A predicate may pass over the closed peer (p.Connected
            // is false once it is closed): no exit there.
            await Verify.VerifyCodeFixAsync("using System.Linq;\n" + Class("""
                    readonly List<Socket> _peers = new();

                    void Pump(byte[] data)
                    {
                        while (true)
                        {
                            var s = _peers.First();
                            try { s.Send(data); }
                            [|catch (SocketException)|]
                            {
                                Log("retry");
                            }
                        }
                    }

                    void Retry(string host, int port, byte[] data)
                    {
                        for (var c = new TcpClient(host, port); ; Thread.Sleep(1000))
                        {
                            try { c.GetStream().Write(data, 0, data.Length); }
                            [|catch (IOException)|]
                            {
                                Log("retry");
                            }
                        }
                    }

                    void PumpConnected(byte[] data)
                    {
                        while (true)
                        {
                            var s = _peers.First(p => p.Connected);
                            try { s.Send(data); }
                            [|catch (SocketException)|]
                            {
                                Log("next");
                            }
                        }
                    }
                """), "using System.Linq;\n" + Class("""
                    readonly List<Socket> _peers = new();

                    void Pump(byte[] data)
                    {
                        while (true)
                        {
                            var s = _peers.First();
                            try { s.Send(data); }
                            catch (SocketException)
                            {
                                Log("retry");
                                s.Close();
                                break;
                            }
                        }
                    }

                    void Retry(string host, int port, byte[] data)
                    {
                        for (var c = new TcpClient(host, port); ; Thread.Sleep(1000))
                        {
                            try { c.GetStream().Write(data, 0, data.Length); }
                            catch (IOException)
                            {
                                Log("retry");
                                c.Dispose();
                                break;
                            }
                        }
                    }

                    void PumpConnected(byte[] data)
                    {
                        while (true)
                        {
                            var s = _peers.First(p => p.Connected);
                            try { s.Send(data); }
                            catch (SocketException)
                            {
                                Log("next");
                                s.Close();
                            }
                        }
                    }
                """), SL0002SendFailureIgnoredCodeFix.CloseKey);
        }

        [Fact]
        public async Task A_local_the_loop_sets_to_the_same_connection_each_turn_gets_an_exit()
        {
            // var s = _peers[0]; in the loop's body names the same connection each turn: closed, the next turn's send
            // would throw ObjectDisposedException (helper H's r04:29). A local set from a call still counts as new.
            await Verify.VerifyCodeFixAsync(Class("""
                    readonly List<Socket> _peers = new();

                    void Pump(byte[] data)
                    {
                        while (true)
                        {
                            var s = _peers[0];
                            try { s.Send(data); }
                            [|catch (SocketException)|]
                            {
                                Log("failed");
                            }
                        }
                    }

                    void Accepting(TcpListener listener, byte[] data)
                    {
                        while (true)
                        {
                            var s = listener.AcceptSocket();
                            try { s.Send(data); }
                            [|catch (SocketException)|]
                            {
                                Log("failed");
                            }
                        }
                    }
                """), Class("""
                    readonly List<Socket> _peers = new();

                    void Pump(byte[] data)
                    {
                        while (true)
                        {
                            var s = _peers[0];
                            try { s.Send(data); }
                            catch (SocketException)
                            {
                                Log("failed");
                                s.Close();
                                break;
                            }
                        }
                    }

                    void Accepting(TcpListener listener, byte[] data)
                    {
                        while (true)
                        {
                            var s = listener.AcceptSocket();
                            try { s.Send(data); }
                            catch (SocketException)
                            {
                                Log("failed");
                                s.Close();
                            }
                        }
                    }
                """), SL0002SendFailureIgnoredCodeFix.CloseKey);
        }

        [Fact]
        public async Task A_retry_loop_that_connects_each_turn_keeps_its_retry()
        {
            // Each turn connects again before it sends (in the try, or before it in the loop's body): the close needs no
            // exit, which would end the retries (helper F's OwnerPaths:51).
            await Verify.VerifyCodeFixAsync(Class("""
                    void Retry(string host, int port, byte[] data)
                    {
                        TcpClient? client = null;
                        for (int i = 0; i < 3; i++)
                        {
                            try
                            {
                                client = new TcpClient(host, port);
                                client.GetStream().Write(data);
                                break;
                            }
                            [|catch (IOException)|]
                            {
                                Thread.Sleep(100 * i);
                            }
                        }
                    }

                    void RetryBefore(EndPoint endpoint, byte[] data)
                    {
                        Socket s;
                        while (true)
                        {
                            s = new Socket(SocketType.Stream, ProtocolType.Tcp);
                            s.Connect(endpoint);
                            try
                            {
                                s.Send(data);
                                return;
                            }
                            [|catch (SocketException)|]
                            {
                                Log("again");
                            }
                        }
                    }
                """), Class("""
                    void Retry(string host, int port, byte[] data)
                    {
                        TcpClient? client = null;
                        for (int i = 0; i < 3; i++)
                        {
                            try
                            {
                                client = new TcpClient(host, port);
                                client.GetStream().Write(data);
                                break;
                            }
                            catch (IOException)
                            {
                                Thread.Sleep(100 * i);
                                client?.Dispose();
                            }
                        }
                    }

                    void RetryBefore(EndPoint endpoint, byte[] data)
                    {
                        Socket s;
                        while (true)
                        {
                            s = new Socket(SocketType.Stream, ProtocolType.Tcp);
                            s.Connect(endpoint);
                            try
                            {
                                s.Send(data);
                                return;
                            }
                            catch (SocketException)
                            {
                                Log("again");
                                s.Close();
                            }
                        }
                    }
                """), SL0002SendFailureIgnoredCodeFix.CloseKey);
        }

        [Fact]
        public async Task A_break_out_of_a_switch_in_the_sending_loop_becomes_the_exit()
        {
            await Verify.VerifyCodeFixAsync(Class("""
                    Socket _s = null!;

                    void Pump(System.Collections.Generic.Queue<(int Kind, byte[] Data)> queue)
                    {
                        while (queue.Count > 0)
                        {
                            var (kind, data) = queue.Dequeue();
                            switch (kind)
                            {
                                case 1:
                                    try { _s.Send(data); }
                                    [|catch (SocketException)|] { break; }
                                    break;
                            }
                        }
                    }
                """), Class("""
                    Socket _s = null!;

                    void Pump(System.Collections.Generic.Queue<(int Kind, byte[] Data)> queue)
                    {
                        while (queue.Count > 0)
                        {
                            var (kind, data) = queue.Dequeue();
                            switch (kind)
                            {
                                case 1:
                                    try { _s.Send(data); }
                                    catch (SocketException) { _s.Close(); return; }
                                    break;
                            }
                        }
                    }
                """), SL0002SendFailureIgnoredCodeFix.CloseKey);
        }

        [Fact]
        public async Task Names_written_with_an_at_sign_keep_it()
        {
            await Verify.VerifyCodeFixAsync(Class("""
                    void M(Socket @event, byte[] msg)
                    {
                        try { @event.Send(msg); }
                        [|catch (SocketException e)|] { Log(e.Message); }
                    }
                """), Class("""
                    void M(Socket @event, byte[] msg)
                    {
                        try { @event.Send(msg); }
                        catch (SocketException e)
                        {
                            Log(e.Message);
                            @event.Close();
                        }
                    }
                """), SL0002SendFailureIgnoredCodeFix.CloseKey);
        }

        [Fact]
        public async Task No_rethrow_where_a_throw_ends_the_process_or_the_catch_dropped_the_connection()
        {
            // A timer's callback, a thread's, an async void handler: the exception reaches no caller (helper D's
            // LineProtocolSession:108, MetricsPusher:99). A catch that took the client out of its list, or put a new
            // connection in its place: the dead one would be left open and out of reach (ChatServer:99, PortForwarder:138).
            var source = Class("""
                    Timer? _timer;
                    Socket _upstream = null!;
                    readonly List<Socket> _clients = new();

                    void Start(Socket upstream, byte[] ping)
                    {
                        _timer = new Timer(_ =>
                        {
                            try { upstream.Send(ping); }
                            [|catch (SocketException e)|] { Log(e); }
                        }, null, 1000, 1000);
                        new Thread(() =>
                        {
                            try { upstream.Send(ping); }
                            [|catch (SocketException e)|] { Log(e); }
                        }).Start();
                    }

                    async void OnTick(NetworkStream ns, byte[] data)
                    {
                        try { await ns.WriteAsync(data); }
                        [|catch (IOException e)|] { Log(e); }
                    }

                    void Broadcast(byte[] data)
                    {
                        for (var i = 0; i < _clients.Count; i++)
                        {
                            try { _clients[i].Send(data); }
                            [|catch (SocketException)|]
                            {
                                _clients.RemoveAt(i);
                                i--;
                            }
                        }
                    }

                    void Feed(byte[] data, Func<Socket> dial)
                    {
                        try { _upstream.Send(data); }
                        [|catch (SocketException)|] { _upstream = dial(); }
                    }

                    async Task Peers(List<TcpClient> peers, byte[] msg, CancellationToken ct)
                    {
                        foreach (var p in peers.ToArray())
                            try { await p.GetStream().WriteAsync(msg, ct); }
                            [|catch (IOException)|] { peers.Remove(p); }
                    }
                """);
            await Verify.VerifyCodeFixAsync(source, source, SL0002SendFailureIgnoredCodeFix.RethrowKey);
        }

        [Fact]
        public async Task No_fix_in_a_timers_callback_passed_by_name_and_no_rethrow_in_a_threads()
        {
            // The timer runs OnTick again: a close would leave its next send throwing ObjectDisposedException, and a
            // rethrow ends the process, as in a lambda given to the timer. A thread's method runs once: closed, not rethrown.
            var timer = Class("""
                    Socket _socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
                    Timer? _timer;

                    void Start() => _timer = new Timer(OnTick, null, 1000, 1000);

                    void OnTick(object? state)
                    {
                        try { _socket.Send(new byte[] { 0 }); }
                        [|catch (SocketException)|] { Log("ping failed"); }
                    }
                """);
            await Verify.VerifyCodeFixAsync(timer, timer, SL0002SendFailureIgnoredCodeFix.RethrowKey);
            await Verify.VerifyCodeFixAsync(timer, timer, SL0002SendFailureIgnoredCodeFix.CloseKey);

            var thread = Class("""
                    Socket _socket = new Socket(SocketType.Stream, ProtocolType.Tcp);

                    void Start() => new Thread(new ThreadStart(this.Pump)).Start();

                    void Pump()
                    {
                        try { _socket.Send(new byte[] { 0 }); }
                        [|catch (SocketException)|] { Log("send failed"); }
                    }
                """);
            await Verify.VerifyCodeFixAsync(thread, thread, SL0002SendFailureIgnoredCodeFix.RethrowKey);
            await Verify.VerifyCodeFixAsync(thread, Class("""
                    Socket _socket = new Socket(SocketType.Stream, ProtocolType.Tcp);

                    void Start() => new Thread(new ThreadStart(this.Pump)).Start();

                    void Pump()
                    {
                        try { _socket.Send(new byte[] { 0 }); }
                        catch (SocketException)
                        {
                            Log("send failed");
                            _socket.Close();
                        }
                    }
                """), SL0002SendFailureIgnoredCodeFix.CloseKey);
        }

        [Fact]
        public async Task No_rethrow_in_a_task_started_and_left_nor_in_a_method_only_threads_call()
        {
            // Helper M's A02_AsyncTaskRun:125 and A08_Forwarder:58: a throw from a task no code awaits faults it unseen, and
            // the connection stays open; one from a method that only lambdas given to new Thread call ends the process.
            var left = Class("""
                    void Serve(Socket s, byte[] data)
                    {
                        _ = Task.Run(async () =>
                        {
                            try { await s.SendAsync(data, SocketFlags.None); }
                            [|catch (SocketException)|] { Log("send failed"); }
                        });
                    }
                """);
            await Verify.VerifyCodeFixAsync(left, left, SL0002SendFailureIgnoredCodeFix.RethrowKey);

            var threads = Class("""
                    void Start(Socket a, Socket b)
                    {
                        new Thread(() => Pump(a, b)).Start();
                        new Thread(() => { Pump(b, a); }).Start();
                    }

                    void Pump(Socket from, Socket to)
                    {
                        var buf = new byte[1024];
                        int n;
                        while ((n = from.Receive(buf)) > 0)
                        {
                            try { to.Send(buf, 0, n, SocketFlags.None); }
                            [|catch (SocketException)|] { Log("send failed"); }
                        }
                    }
                """);
            await Verify.VerifyCodeFixAsync(threads, threads, SL0002SendFailureIgnoredCodeFix.RethrowKey);
        }

        [Fact]
        public async Task The_rethrow_stays_where_a_caller_receives_it()
        {
            // The task awaited, and the method called from code of its own as well as from a thread: a caller sees the throw.
            await Verify.VerifyCodeFixAsync(Class("""
                    async Task Serve(Socket s, byte[] data)
                    {
                        await Task.Run(async () =>
                        {
                            try { await s.SendAsync(data, SocketFlags.None); }
                            [|catch (SocketException)|] { Log("send failed"); }
                        });
                    }

                    void Start(Socket a, byte[] data)
                    {
                        new Thread(() => Push(a, data)).Start();
                        Push(a, data);
                    }

                    void Push(Socket s, byte[] data)
                    {
                        try { s.Send(data); }
                        [|catch (SocketException)|] { Log("send failed"); }
                    }
                """), Class("""
                    async Task Serve(Socket s, byte[] data)
                    {
                        await Task.Run(async () =>
                        {
                            try { await s.SendAsync(data, SocketFlags.None); }
                            catch (SocketException)
                            {
                                Log("send failed");
                                throw;
                            }
                        });
                    }

                    void Start(Socket a, byte[] data)
                    {
                        new Thread(() => Push(a, data)).Start();
                        Push(a, data);
                    }

                    void Push(Socket s, byte[] data)
                    {
                        try { s.Send(data); }
                        catch (SocketException)
                        {
                            Log("send failed");
                            throw;
                        }
                    }
                """), SL0002SendFailureIgnoredCodeFix.RethrowKey);
        }

        [Fact]
        public async Task No_rethrow_in_a_socket_operations_completion()
        {
            // An AsyncCallback and a SocketAsyncEventArgs.Completed handler run on a thread of the runtime's: a failure
            // thrown from there ends the process. The close is offered.
            var source = Class("""
                    static void SendCallback(IAsyncResult ar)
                    {
                        var handler = (Socket)ar.AsyncState!;
                        try { handler.EndSend(ar); }
                        [|catch (SocketException e)|] { Log(e.Message); }
                    }

                    void OnCompleted(object? sender, SocketAsyncEventArgs e)
                    {
                        var s = (Socket)e.UserToken!;
                        try { s.Send(new byte[] { 1 }); }
                        [|catch (SocketException)|] { }
                    }

                    void Hook(Socket s, SocketAsyncEventArgs e)
                    {
                        e.Completed += (_, args) =>
                        {
                            try { s.Send(new byte[] { 1 }); }
                            [|catch (SocketException)|] { }
                        };
                    }
                """);
            await Verify.VerifyCodeFixAsync(source, source, SL0002SendFailureIgnoredCodeFix.RethrowKey);
        }

        [Fact]
        public async Task No_rethrow_inside_an_outer_try_whose_catch_would_take_it()
        {
            var source = Class("""
                    void M(Socket sender, byte[] msg)
                    {
                        try
                        {
                            try { sender.Send(msg); }
                            [|catch (Exception e)|] { Log(e.Message); }
                        }
                        catch (Exception e) { Log(e); }
                    }
                """);
            await Verify.VerifyCodeFixAsync(source, source, SL0002SendFailureIgnoredCodeFix.RethrowKey);
            await Verify.VerifyCodeFixAsync(source, Class("""
                    void M(Socket sender, byte[] msg)
                    {
                        try
                        {
                            try { sender.Send(msg); }
                            catch (Exception e)
                            {
                                Log(e.Message);
                                sender.Close();
                            }
                        }
                        catch (Exception e) { Log(e); }
                    }
                """), SL0002SendFailureIgnoredCodeFix.CloseKey);
        }

        [Fact]
        public async Task Close_before_the_return_out_of_a_ForEach_lambda()
        {
            await Verify.VerifyCodeFixAsync(Class("""
                    void Broadcast(List<Socket> clients, byte[] msg)
                    {
                        clients.ForEach(c =>
                        {
                            try { c.Send(msg); }
                            [|catch (SocketException)|] { Log("gone"); return; }
                        });
                    }
                """), Class("""
                    void Broadcast(List<Socket> clients, byte[] msg)
                    {
                        clients.ForEach(c =>
                        {
                            try { c.Send(msg); }
                            catch (SocketException) { Log("gone"); c.Close(); return; }
                        });
                    }
                """), SL0002SendFailureIgnoredCodeFix.CloseKey);
        }

        [Fact]
        public async Task Close_then_leave_where_the_catch_went_back_to_send_again()
        {
            await Verify.VerifyCodeFixAsync(Class("""
                    void GotoRetry(Socket s, byte[] m)
                    {
                    retry:
                        try { s.Send(m); }
                        [|catch (SocketException)|] { Thread.Sleep(50); goto retry; }
                    }
                """), Class("""
                    void GotoRetry(Socket s, byte[] m)
                    {
                    retry:
                        try { s.Send(m); }
                        catch (SocketException) { Thread.Sleep(50); s.Close(); return; }
                    }
                """), SL0002SendFailureIgnoredCodeFix.CloseKey);
        }

        [Fact]
        public async Task Broadcast_closes_the_loop_variable_and_goes_on()
        {
            await Verify.VerifyCodeFixAsync(Class("""
                    readonly List<Socket> clients = new();

                    void Broadcast(byte[] msg)
                    {
                        foreach (var c in clients)
                        {
                            try { c.Send(msg); }
                            [|catch (SocketException)|] { }
                        }
                    }
                """), Class("""
                    readonly List<Socket> clients = new();

                    void Broadcast(byte[] msg)
                    {
                        foreach (var c in clients)
                        {
                            try { c.Send(msg); }
                            catch (SocketException)
                            {
                                c.Close();
                            }
                        }
                    }
                """), SL0002SendFailureIgnoredCodeFix.CloseKey);
        }

        [Fact]
        public async Task Send_loop_closes_after_logging_and_breaks()
        {
            await Verify.VerifyCodeFixAsync(Class("""
                    void SendLoop(Socket s, Queue<byte[]> queue)
                    {
                        while (queue.Count > 0)
                        {
                            try { s.Send(queue.Dequeue()); }
                            [|catch (SocketException e)|]
                            {
                                Log(e.Message);
                                continue;
                            }
                        }
                    }
                """), Class("""
                    void SendLoop(Socket s, Queue<byte[]> queue)
                    {
                        while (queue.Count > 0)
                        {
                            try { s.Send(queue.Dequeue()); }
                            catch (SocketException e)
                            {
                                Log(e.Message);
                                s.Close();
                                break;
                            }
                        }
                    }
                """), SL0002SendFailureIgnoredCodeFix.CloseKey);
        }

        [Fact]
        public async Task Close_goes_first_where_the_catch_continues_from_inside()
        {
            // Both ways out of the catch leave the loop: the continue, and the fall through its end (the loop would write
            // on the closed stream next time round).
            await Verify.VerifyCodeFixAsync(Class("""
                    void SendLoop(TcpClient client, Queue<byte[]> queue)
                    {
                        var stream = client.GetStream();
                        while (queue.Count > 0)
                        {
                            try { stream.Write(queue.Dequeue()); }
                            [|catch (IOException e)|]
                            {
                                if (e.InnerException is null)
                                    continue;
                                Log(e);
                            }
                        }
                    }
                """), Class("""
                    void SendLoop(TcpClient client, Queue<byte[]> queue)
                    {
                        var stream = client.GetStream();
                        while (queue.Count > 0)
                        {
                            try { stream.Write(queue.Dequeue()); }
                            catch (IOException e)
                            {
                                client.Dispose();
                                if (e.InnerException is null)
                                    break;
                                Log(e);
                                break;
                            }
                        }
                    }
                """), SL0002SendFailureIgnoredCodeFix.CloseKey);
        }

        [Fact]
        public async Task Rethrow_replaces_a_trailing_continue()
        {
            await Verify.VerifyCodeFixAsync(Class("""
                    async Task M(NetworkStream ns, byte[] data, CancellationToken ct)
                    {
                        for (int i = 0; i < 3; i++)
                        {
                            try { await ns.WriteAsync(data, ct); }
                            [|catch (IOException)|] { Log("retry"); continue; }
                        }
                    }
                """), Class("""
                    async Task M(NetworkStream ns, byte[] data, CancellationToken ct)
                    {
                        for (int i = 0; i < 3; i++)
                        {
                            try { await ns.WriteAsync(data, ct); }
                            catch (IOException) { Log("retry"); throw; }
                        }
                    }
                """), SL0002SendFailureIgnoredCodeFix.RethrowKey);
        }

        [Fact]
        public async Task Rethrow_in_an_async_lambda()
        {
            await Verify.VerifyCodeFixAsync(Class("""
                    Func<Task> M(Socket s, byte[] data) => async () =>
                    {
                        try { await s.SendAsync(data, SocketFlags.None); }
                        [|catch (SocketException)|]
                        {
                        }
                    };
                """), Class("""
                    Func<Task> M(Socket s, byte[] data) => async () =>
                    {
                        try { await s.SendAsync(data, SocketFlags.None); }
                        catch (SocketException)
                        {
                            throw;
                        }
                    };
                """), SL0002SendFailureIgnoredCodeFix.RethrowKey);
        }

        [Fact]
        public async Task A_writer_of_another_object_is_closed_by_the_path_the_send_took()
        {
            await Verify.VerifyCodeFixAsync(Class("""
                    void Announce(Session session, string line)
                    {
                        try { session.Writer.WriteLine(line); }
                        [|catch (IOException e)|] { Log(e); }
                    }
                """) + Session, Class("""
                    void Announce(Session session, string line)
                    {
                        try { session.Writer.WriteLine(line); }
                        catch (IOException e)
                        {
                            Log(e);
                            session.Writer.Dispose();
                        }
                    }
                """) + Session, SL0002SendFailureIgnoredCodeFix.CloseKey);
        }

        [Fact]
        public async Task A_Stream_field_set_only_to_a_connections_stream_is_closed_by_name()
        {
            // Typed Stream, set only to the client's stream where it connects: the send was taken as one on the field,
            // which the close disposes (its NetworkStream owns the socket).
            await Verify.VerifyCodeFixAsync(Class("""
                    readonly TcpClient _client = new TcpClient();
                    Stream _stream = Stream.Null;

                    void Connect() { _client.Connect("localhost", 9000); _stream = _client.GetStream(); }

                    void Publish(byte[] m)
                    {
                        try { _stream.Write(m, 0, m.Length); }
                        [|catch (IOException)|] { Log("x"); }
                    }
                """), Class("""
                    readonly TcpClient _client = new TcpClient();
                    Stream _stream = Stream.Null;

                    void Connect() { _client.Connect("localhost", 9000); _stream = _client.GetStream(); }

                    void Publish(byte[] m)
                    {
                        try { _stream.Write(m, 0, m.Length); }
                        catch (IOException)
                        {
                            Log("x");
                            _stream.Dispose();
                        }
                    }
                """), SL0002SendFailureIgnoredCodeFix.CloseKey);
        }

        [Fact]
        public async Task An_object_whose_method_sent_is_closed_by_its_own_close()
        {
            await Verify.VerifyCodeFixAsync(Class("""
                    void Publish(List<Subscriber> subs, byte[] update)
                    {
                        foreach (var s in subs)
                        {
                            try { s.Push(update); }
                            [|catch (IOException e)|] { Log(e); }
                        }
                    }
                """) + Subscribers, Class("""
                    void Publish(List<Subscriber> subs, byte[] update)
                    {
                        foreach (var s in subs)
                        {
                            try { s.Push(update); }
                            catch (IOException e)
                            {
                                Log(e);
                                s.Close();
                            }
                        }
                    }
                """) + Subscribers, SL0002SendFailureIgnoredCodeFix.CloseKey);
        }

        [Theory]
        [InlineData("", "session.Writer.Dispose();")]
        [InlineData("#nullable enable\n", "session.Writer.Dispose();")]
        public async Task A_writer_of_another_object_in_a_loop_over_a_table(string nullable, string close)
        {
            // With nullable on, `var` declares the loop's session as may be null, but where the try uses it, it is known
            // not null: the close needs no test of it (it had one, `session?.Writer.Dispose()`, before session 36).
            await Verify.VerifyCodeFixAsync(nullable + Class("""
                    readonly System.Collections.Concurrent.ConcurrentDictionary<int, Session> _sessions = new();

                    async Task Broadcast(string line, CancellationToken ct)
                    {
                        foreach (var (id, session) in _sessions)
                        {
                            try { await session.Writer.WriteLineAsync(line.AsMemory(), ct); }
                            [|catch (IOException)|] { _sessions.TryRemove(id, out _); }
                        }
                    }
                """) + Session, nullable + Class($$"""
                    readonly System.Collections.Concurrent.ConcurrentDictionary<int, Session> _sessions = new();

                    async Task Broadcast(string line, CancellationToken ct)
                    {
                        foreach (var (id, session) in _sessions)
                        {
                            try { await session.Writer.WriteLineAsync(line.AsMemory(), ct); }
                            catch (IOException)
                            {
                                _sessions.TryRemove(id, out _);
                                {{close}}
                            }
                        }
                    }
                """) + Session, SL0002SendFailureIgnoredCodeFix.CloseKey);
        }

        [Fact]
        public async Task Element_of_a_collection_is_closed_by_the_same_expression()
        {
            await Verify.VerifyCodeFixAsync(Class("""
                    readonly Socket[] clients = new Socket[4];

                    void Broadcast(byte[] msg)
                    {
                        for (int i = 0; i < clients.Length; i++)
                        {
                            try { clients[i].Send(msg); }
                            [|catch (SocketException)|] { }
                        }
                    }
                """), Class("""
                    readonly Socket[] clients = new Socket[4];

                    void Broadcast(byte[] msg)
                    {
                        for (int i = 0; i < clients.Length; i++)
                        {
                            try { clients[i].Send(msg); }
                            catch (SocketException)
                            {
                                clients[i].Close();
                            }
                        }
                    }
                """), SL0002SendFailureIgnoredCodeFix.CloseKey);
        }

        [Fact]
        public async Task Element_of_a_local_copy_of_a_collection_is_closed_by_the_same_expression()
        {
            // Helper M's A13_Mixed:107: a broadcast over a copy of the list (var list = _peers.ToList()) closes the element
            // as one over the field does. Where nullable is on, a var local is declared as may be null whatever it holds:
            // its state where the try uses it decides. Before, only the rethrow was offered, which stops the broadcast at
            // the first dead client and still leaves it open.
            await Verify.VerifyCodeFixAsync(Class("""
                #nullable enable
                    readonly System.Collections.Generic.List<Socket> _peers = new();

                    void Broadcast(byte[] data)
                    {
                        var list = System.Linq.Enumerable.ToList(_peers);
                        for (int i = 0; i < list.Count; i++)
                        {
                            try { list[i].Send(data); }
                            [|catch (SocketException e)|] { Log(e.Message); continue; }
                        }
                    }
                """), Class("""
                #nullable enable
                    readonly System.Collections.Generic.List<Socket> _peers = new();

                    void Broadcast(byte[] data)
                    {
                        var list = System.Linq.Enumerable.ToList(_peers);
                        for (int i = 0; i < list.Count; i++)
                        {
                            try { list[i].Send(data); }
                            catch (SocketException e) { Log(e.Message); list[i].Close(); continue; }
                        }
                    }
                """), SL0002SendFailureIgnoredCodeFix.CloseKey);
        }

        [Fact]
        public async Task The_stream_of_an_element_is_closed_with_its_client()
        {
            // Helper L's ChatServer:160: a send on the stream of a list's client, which no symbol names; the catch drops the
            // client. Closed with its client before the drop; before, no fix was offered (the rethrow is left out where the
            // catch drops the connection), and the dropped client stayed open.
            await Verify.VerifyCodeFixAsync(Class("""
                    readonly System.Collections.Generic.List<TcpClient> _clients = new();

                    void Broadcast(byte[] data)
                    {
                        for (int i = _clients.Count - 1; i >= 0; i--)
                        {
                            try { _clients[i].GetStream().Write(data, 0, data.Length); }
                            [|catch (IOException)|] { _clients.RemoveAt(i); }
                        }
                    }
                """), Class("""
                    readonly System.Collections.Generic.List<TcpClient> _clients = new();

                    void Broadcast(byte[] data)
                    {
                        for (int i = _clients.Count - 1; i >= 0; i--)
                        {
                            try { _clients[i].GetStream().Write(data, 0, data.Length); }
                            catch (IOException) { _clients[i].Dispose(); _clients.RemoveAt(i); }
                        }
                    }
                """), SL0002SendFailureIgnoredCodeFix.CloseKey);
        }

        [Fact]
        public async Task The_close_goes_before_what_drops_the_connection()
        {
            // Closed after `_socket = null;` it would throw; after `clients.RemoveAt(i);` it would close the next client
            // (or index past the end). Each turn of the loop names another client: the broadcast goes on. The catch keeps
            // its layout.
            await Verify.VerifyCodeFixAsync(Class("""
                    Socket _socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
                    readonly System.Collections.Generic.List<Socket> clients = new();

                    void Send(byte[] msg)
                    {
                        try { _socket.Send(msg); }
                        [|catch (SocketException)|] { _socket = null!; }
                    }

                    void Broadcast(byte[] msg)
                    {
                        for (int i = clients.Count - 1; i >= 0; i--)
                        {
                            try { clients[i].Send(msg); }
                            [|catch (SocketException)|] { Log("gone"); clients.RemoveAt(i); }
                        }
                    }
                """), Class("""
                    Socket _socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
                    readonly System.Collections.Generic.List<Socket> clients = new();

                    void Send(byte[] msg)
                    {
                        try { _socket.Send(msg); }
                        catch (SocketException) { _socket.Close(); _socket = null!; }
                    }

                    void Broadcast(byte[] msg)
                    {
                        for (int i = clients.Count - 1; i >= 0; i--)
                        {
                            try { clients[i].Send(msg); }
                            catch (SocketException) { Log("gone"); clients[i].Close(); clients.RemoveAt(i); }
                        }
                    }
                """), SL0002SendFailureIgnoredCodeFix.CloseKey);
        }

        [Fact]
        public async Task SocketError_checked_closing_and_returning()
        {
            await Verify.VerifyCodeFixAsync(Class("""
                    void M(Socket s, byte[] data)
                    {
                        [|s.Send(data, 0, data.Length, SocketFlags.None, out SocketError error)|];
                        Log("sent");
                    }
                """), Class("""
                    void M(Socket s, byte[] data)
                    {
                        s.Send(data, 0, data.Length, SocketFlags.None, out SocketError error);
                        if (error != SocketError.Success)
                        {
                            s.Close();
                            return;
                        }

                        Log("sent");
                    }
                """), SL0002SendFailureIgnoredCodeFix.CloseKey);
        }

        [Fact]
        public async Task SocketError_check_in_a_loop_over_connections_goes_on_to_the_next()
        {
            // One peer's failure closes that peer; the others still get the message (the catch fix does the same).
            await Verify.VerifyCodeFixAsync(Class("""
                    void Broadcast(List<Socket> peers, byte[] data)
                    {
                        foreach (var peer in peers)
                        {
                            [|peer.Send(data, 0, data.Length, SocketFlags.None, out var error)|];
                            Log(peer);
                        }

                        for (int i = 0; i < peers.Count; i++)
                        {
                            [|peers[i].Send(data, 0, data.Length, SocketFlags.None, out var error)|];
                        }
                    }
                """), Class("""
                    void Broadcast(List<Socket> peers, byte[] data)
                    {
                        foreach (var peer in peers)
                        {
                            peer.Send(data, 0, data.Length, SocketFlags.None, out var error);
                            if (error != SocketError.Success)
                            {
                                peer.Close();
                                continue;
                            }

                            Log(peer);
                        }

                        for (int i = 0; i < peers.Count; i++)
                        {
                            peers[i].Send(data, 0, data.Length, SocketFlags.None, out var error);
                            if (error != SocketError.Success)
                            {
                                peers[i].Close();
                            }
                        }
                    }
                """), SL0002SendFailureIgnoredCodeFix.CloseKey);
        }

        [Fact]
        public async Task SocketError_check_in_a_loop_on_one_connection_leaves_it()
        {
            await Verify.VerifyCodeFixAsync(Class("""
                    void SendAll(Socket s, Queue<byte[]> queue)
                    {
                        while (queue.Count > 0)
                        {
                            var chunk = queue.Dequeue();
                            [|s.Send(chunk, 0, chunk.Length, SocketFlags.None, out var error)|];
                        }

                        Log("done");
                    }
                """), Class("""
                    void SendAll(Socket s, Queue<byte[]> queue)
                    {
                        while (queue.Count > 0)
                        {
                            var chunk = queue.Dequeue();
                            s.Send(chunk, 0, chunk.Length, SocketFlags.None, out var error);
                            if (error != SocketError.Success)
                            {
                                s.Close();
                                break;
                            }
                        }

                        Log("done");
                    }
                """), SL0002SendFailureIgnoredCodeFix.CloseKey);
        }

        [Fact]
        public async Task Every_fix_keeps_the_files_CRLF_line_endings()
        {
            // The formatter breaks lines with the workspace's line ending, not the file's, and the error code's check is
            // parsed from text: every new line must end as the file's do. The close and the rethrow at a catch, and the
            // check of an error code with either.
            const string swallowed = """
                    void M(Socket s, byte[] data)
                    {
                        try { s.Send(data); }
                        [|catch (SocketException)|]
                        {
                            Log("failed");
                        }
                    }
                """;
            await Verify.VerifyCodeFixAsync(Class(swallowed).Replace("\n", "\r\n"), Class("""
                    void M(Socket s, byte[] data)
                    {
                        try { s.Send(data); }
                        catch (SocketException)
                        {
                            Log("failed");
                            s.Close();
                        }
                    }
                """).Replace("\n", "\r\n"), SL0002SendFailureIgnoredCodeFix.CloseKey);
            await Verify.VerifyCodeFixAsync(Class(swallowed).Replace("\n", "\r\n"), Class("""
                    void M(Socket s, byte[] data)
                    {
                        try { s.Send(data); }
                        catch (SocketException)
                        {
                            Log("failed");
                            throw;
                        }
                    }
                """).Replace("\n", "\r\n"), SL0002SendFailureIgnoredCodeFix.RethrowKey);
            const string unread = """
                    void M(Socket s, byte[] data)
                    {
                        [|s.Send(data, SocketFlags.None, out SocketError error)|];
                        Log("sent");
                    }
                """;
            await Verify.VerifyCodeFixAsync(Class(unread).Replace("\n", "\r\n"), Class("""
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
                """).Replace("\n", "\r\n"), SL0002SendFailureIgnoredCodeFix.CloseKey);
            await Verify.VerifyCodeFixAsync(Class(unread).Replace("\n", "\r\n"), Class("""
                    void M(Socket s, byte[] data)
                    {
                        s.Send(data, SocketFlags.None, out SocketError error);
                        if (error != SocketError.Success) throw new SocketException((int)error);
                        Log("sent");
                    }
                """).Replace("\n", "\r\n"), SL0002SendFailureIgnoredCodeFix.RethrowKey);
        }

        [Fact]
        public async Task The_check_of_an_error_code_in_a_one_line_block_gives_the_block_lines_of_its_own()
        {
            await Verify.VerifyCodeFixAsync(Class("""
                    void M(Socket s, byte[] data, bool more)
                    {
                        while (more) { [|s.Send(data, SocketFlags.None, out SocketError error)|]; }
                        Log("sent");
                    }
                """), Class("""
                    void M(Socket s, byte[] data, bool more)
                    {
                        while (more)
                        {
                            s.Send(data, SocketFlags.None, out SocketError error);
                            if (error != SocketError.Success)
                            {
                                s.Close();
                                break;
                            }
                        }
                        Log("sent");
                    }
                """), SL0002SendFailureIgnoredCodeFix.CloseKey);

            // A /* */ comment that starts the statement after the block would be put on a line of its own: the block keeps its line.
            await Verify.VerifyCodeFixAsync(Class("""
                    void M(Socket s, byte[] data, bool more)
                    {
                        while (more) { [|s.Send(data, SocketFlags.None, out SocketError error)|]; }
                        /* done */ Log("sent");
                    }
                """), Class("""
                    void M(Socket s, byte[] data, bool more)
                    {
                        while (more) { s.Send(data, SocketFlags.None, out SocketError error);
                            if (error != SocketError.Success)
                            {
                                s.Close();
                                break;
                            }
                        }
                        /* done */ Log("sent");
                    }
                """), SL0002SendFailureIgnoredCodeFix.CloseKey);
        }

        /// <summary>A send's error code never read, in top-level code.</summary>
        private const string TopLevelErrorCode = Usings + """
            var s = new Socket(SocketType.Stream, ProtocolType.Tcp);
            var data = new byte[16];
            [|s.Send(data, SocketFlags.None, out SocketError error)|];
            Console.WriteLine("sent");
            """;

        /// <summary><see cref="TopLevelErrorCode"/> with the check that closes.</summary>
        private const string TopLevelErrorCodeChecked = Usings + """
            var s = new Socket(SocketType.Stream, ProtocolType.Tcp);
            var data = new byte[16];
            s.Send(data, SocketFlags.None, out SocketError error);
            if (error != SocketError.Success)
            {
                s.Close();
                return;
            }

            Console.WriteLine("sent");
            """;

        [Fact]
        public async Task The_check_of_an_error_code_in_top_level_code_follows_the_send_with_no_blank_line()
        {
            // As in a method: top-level statements are no members to keep apart.
            await Verify.VerifyCodeFixAsync(TopLevelErrorCode, TopLevelErrorCodeChecked, SL0002SendFailureIgnoredCodeFix.CloseKey, OutputKind.ConsoleApplication);
        }

        [Fact]
        public async Task The_check_of_an_error_code_in_top_level_code_keeps_the_files_CRLF_line_endings()
        {
            // The check is parsed from text with LF line breaks; at the first column the formatter has no reason to
            // rewrite them, and they must end as the file's lines do.
            await Verify.VerifyCodeFixAsync(
                TopLevelErrorCode.Replace("\n", "\r\n"), TopLevelErrorCodeChecked.Replace("\n", "\r\n"), SL0002SendFailureIgnoredCodeFix.CloseKey, OutputKind.ConsoleApplication);
        }

        [Fact]
        public async Task A_comment_ending_a_send_with_no_braces_stays_on_its_line()
        {
            // The block made around the send holds the comment on the send's line, not after its closing brace.
            await Verify.VerifyCodeFixAsync(Class("""
                    static void Goodbye(System.Collections.Generic.List<Socket> peers, byte[] bye)
                    {
                        foreach (var p in peers)
                            [|p.Send(bye, 0, bye.Length, SocketFlags.None, out _)|]; // best effort
                        Log("done");
                    }
                """), Class("""
                    static void Goodbye(System.Collections.Generic.List<Socket> peers, byte[] bye)
                    {
                        foreach (var p in peers)
                        {
                            p.Send(bye, 0, bye.Length, SocketFlags.None, out var error); // best effort
                            if (error != SocketError.Success)
                            {
                                p.Close();
                            }
                        }
                        Log("done");
                    }
                """), SL0002SendFailureIgnoredCodeFix.CloseKey);
        }

        [Fact]
        public async Task SocketError_check_for_a_send_with_no_braces_around_it()
        {
            // The send is the body of an if, an else or a loop: the fix makes that body a block.
            await Verify.VerifyCodeFixAsync(Class("""
                    void M(Socket s, byte[] data, bool ready)
                    {
                        if (ready)
                            [|s.Send(data, 0, data.Length, SocketFlags.None, out var error)|];
                        else
                            [|s.Send(data, SocketFlags.None, out _)|];
                        Log("sent");
                    }
                """), Class("""
                    void M(Socket s, byte[] data, bool ready)
                    {
                        if (ready)
                        {
                            s.Send(data, 0, data.Length, SocketFlags.None, out var error);
                            if (error != SocketError.Success) throw new SocketException((int)error);
                        }
                        else
                        {
                            s.Send(data, SocketFlags.None, out var error);
                            if (error != SocketError.Success) throw new SocketException((int)error);
                        }
                        Log("sent");
                    }
                """), SL0002SendFailureIgnoredCodeFix.RethrowKey);
        }

        [Fact]
        public async Task Discarded_SocketError_gets_a_name_and_a_throw()
        {
            await Verify.VerifyCodeFixAsync(Class("""
                    int M(Socket s, byte[] data)
                    {
                        int sent = [|s.Send(data, SocketFlags.None, out _)|];
                        return sent;
                    }
                """), Class("""
                    int M(Socket s, byte[] data)
                    {
                        int sent = s.Send(data, SocketFlags.None, out var error);
                        if (error != SocketError.Success) throw new SocketException((int)error);
                        return sent;
                    }
                """), SL0002SendFailureIgnoredCodeFix.RethrowKey);
        }

        [Fact]
        public async Task Two_discarded_SocketErrors_in_one_method_get_two_names()
        {
            // Fix All names both in one pass: the second must not declare the first's name again (CS0128).
            await Verify.VerifyCodeFixAsync(Class("""
                    void M(Socket s, byte[] data)
                    {
                        [|s.Send(data, SocketFlags.None, out _)|];
                        [|s.Send(data, SocketFlags.None, out _)|];
                    }
                """), Class("""
                    void M(Socket s, byte[] data)
                    {
                        s.Send(data, SocketFlags.None, out var error);
                        if (error != SocketError.Success) throw new SocketException((int)error);
                        s.Send(data, SocketFlags.None, out var error2);
                        if (error2 != SocketError.Success) throw new SocketException((int)error2);
                    }
                """), SL0002SendFailureIgnoredCodeFix.RethrowKey);
        }

        [Fact]
        public async Task No_close_fix_where_a_value_returning_method_cannot_leave()
        {
            var source = Class("""
                    int M(Socket s, byte[] data)
                    {
                        int sent = [|s.Send(data, SocketFlags.None, out _)|];
                        return sent;
                    }
                """);
            var test = new Verify.Test { TestCode = source, FixedCode = source, CodeActionEquivalenceKey = SL0002SendFailureIgnoredCodeFix.CloseKey };
            await test.RunAsync();
        }

        [Theory]
        [InlineData("s?[|.Send(data, 0, data.Length, SocketFlags.None, out _)|];")]
        [InlineData("int? sent = s?[|.Send(data, SocketFlags.None, out _)|];")]
        [InlineData("bool sent = data.Length > 0 && [|s.Send(data, SocketFlags.None, out _)|] > 0;")]
        [InlineData("int sent = data.Length > 0 ? [|s.Send(data, SocketFlags.None, out _)|] : 0;")]
        public async Task No_error_code_fix_where_the_send_may_not_run(string send)
        {
            // The error local would be read where the send may not have set it (CS0165).
            foreach (var key in new[] { SL0002SendFailureIgnoredCodeFix.RethrowKey, SL0002SendFailureIgnoredCodeFix.CloseKey })
            {
                var source = Class($$"""
                        void M(Socket? s, byte[] data)
                        {
                            {{send}}
                        }
                    """);
                var test = new Verify.Test { TestCode = source, FixedCode = source, CodeActionEquivalenceKey = key };
                await test.RunAsync();
            }
        }

        [Fact]
        public async Task No_close_fix_where_the_catch_may_see_the_connection_unassigned()
        {
            // The connect in the constructor may throw before irc is set: irc.Close() in the catch would not compile (CS0165).
            var source = Class("""
                    void Run(byte[] hello)
                    {
                        TcpClient irc;
                        try
                        {
                            irc = new TcpClient("127.0.0.1", 6009);
                            irc.GetStream().Write(hello);
                        }
                        [|catch (Exception e)|]
                        {
                            Log(e);
                        }
                    }
                """);
            var test = new Verify.Test { TestCode = source, FixedCode = source, CodeActionEquivalenceKey = SL0002SendFailureIgnoredCodeFix.CloseKey };
            await test.RunAsync();

            await Verify.VerifyCodeFixAsync(source, Class("""
                    void Run(byte[] hello)
                    {
                        TcpClient irc;
                        try
                        {
                            irc = new TcpClient("127.0.0.1", 6009);
                            irc.GetStream().Write(hello);
                        }
                        catch (Exception e)
                        {
                            Log(e);
                            throw;
                        }
                    }
                """), SL0002SendFailureIgnoredCodeFix.RethrowKey);
        }

        [Fact]
        public async Task Close_fix_tests_for_null_where_the_try_sets_the_connection()
        {
            // A connect that throws leaves the local null and the field as it was: the close must not throw in the catch.
            await Verify.VerifyCodeFixAsync(Class("""
                    TcpClient? _client;

                    void Run(byte[] hello)
                    {
                        TcpClient? client = null;
                        try
                        {
                            client = new TcpClient("127.0.0.1", 6009);
                            client.GetStream().Write(hello);
                        }
                        [|catch (IOException e)|]
                        {
                            Log(e);
                        }
                    }

                    void Open(byte[] hello)
                    {
                        try
                        {
                            _client = new TcpClient("127.0.0.1", 6009);
                            _client.GetStream().Write(hello);
                        }
                        [|catch (IOException)|] { }
                    }
                """), Class("""
                    TcpClient? _client;

                    void Run(byte[] hello)
                    {
                        TcpClient? client = null;
                        try
                        {
                            client = new TcpClient("127.0.0.1", 6009);
                            client.GetStream().Write(hello);
                        }
                        catch (IOException e)
                        {
                            Log(e);
                            client?.Dispose();
                        }
                    }

                    void Open(byte[] hello)
                    {
                        try
                        {
                            _client = new TcpClient("127.0.0.1", 6009);
                            _client.GetStream().Write(hello);
                        }
                        catch (IOException)
                        {
                            _client?.Dispose();
                        }
                    }
                """), SL0002SendFailureIgnoredCodeFix.CloseKey);
        }

        [Fact]
        public async Task The_fixes_of_a_catch_that_holds_only_a_comment_go_after_it()
        {
            // The comment says what the empty catch means; the added code follows it (helper G's c03:43, c08:18).
            const string source = """
                    void M(Socket s, byte[] data)
                    {
                        try
                        {
                            s.Send(data);
                        }
                        [|catch (SocketException)|]
                        {
                            // transient, try again
                        }
                    }
                """;
            await Verify.VerifyCodeFixAsync(Class(source), Class(source.Replace("[|", "").Replace("|]", "").Replace("// transient, try again\n", "// transient, try again\n            s.Close();\n")), SL0002SendFailureIgnoredCodeFix.CloseKey);
            await Verify.VerifyCodeFixAsync(Class(source), Class(source.Replace("[|", "").Replace("|]", "").Replace("// transient, try again\n", "// transient, try again\n            throw;\n")), SL0002SendFailureIgnoredCodeFix.RethrowKey);
        }

        [Fact]
        public async Task The_close_names_the_field_the_send_went_through_not_the_parameter_it_was_set_from()
        {
            // After a failover the queued ping goes to the new upstream through the field: the one that failed is the
            // field's (helper D's LineProtocolSession:108, a timer's callback there, where no close is offered now).
            const string source = """
                    Socket _upstream = null!;

                    public void Start(Socket upstream)
                    {
                        _upstream = upstream;
                        ThreadPool.QueueUserWorkItem(_ =>
                        {
                            try
                            {
                                _upstream.Send(new byte[] { 1 });
                            }
                            [|catch (SocketException ex)|]
                            {
                                Log(ex.SocketErrorCode);
                            }
                        });
                    }

                    public void Failover(Socket backup) => _upstream = backup;
                """;
            await Verify.VerifyCodeFixAsync(Class(source), Class(source.Replace("[|", "").Replace("|]", "").Replace("Log(ex.SocketErrorCode);\n", "Log(ex.SocketErrorCode);\n                _upstream.Close();\n")), SL0002SendFailureIgnoredCodeFix.CloseKey);
        }

        [Fact]
        public async Task The_close_names_the_property_the_send_went_through_not_the_parameter_it_was_set_from()
        {
            // As with a field (helper H's f01:32, a timer's callback there): the message and the close name the property,
            // Conn.Close(), where they named the parameter it was set from.
            const string source = """
                    public Socket Conn { get; set; } = null!;

                    public void Start(Socket socket)
                    {
                        Conn = socket;
                        ThreadPool.QueueUserWorkItem(_ =>
                        {
                            try
                            {
                                Conn.Send(new byte[] { 0 });
                            }
                            [|catch (SocketException ex)|]
                            {
                                Log(ex.SocketErrorCode);
                            }
                        });
                    }
                """;
            await Verify.VerifyCodeFixAsync(Class(source), Class(source.Replace("[|", "").Replace("|]", "").Replace("Log(ex.SocketErrorCode);\n", "Log(ex.SocketErrorCode);\n                Conn.Close();\n")), SL0002SendFailureIgnoredCodeFix.CloseKey);
        }

        [Fact]
        public async Task The_close_names_a_local_copy_of_the_field_the_send_went_through()
        {
            // var up = _upstream; up.Send(...): once a reconnect sets the field again, closing the field would close the
            // new connection (helper H's r04:17, r02:18). A copy made inside the try is not in scope at the catch: the
            // field is closed there, as before.
            const string source = """
                    Socket _upstream = null!;

                    void Relay(byte[] data)
                    {
                        var up = _upstream;
                        try
                        {
                            up.Send(data);
                        }
                        [|catch (SocketException)|]
                        {
                            Log("relay failed");
                        }
                    }

                    void RelayInside(byte[] data)
                    {
                        try
                        {
                            var up = _upstream;
                            up.Send(data);
                        }
                        [|catch (SocketException)|]
                        {
                            Log("relay failed");
                        }
                    }
                """;
            var fixedSource = source.Replace("[|", "").Replace("|]", "");
            var first = fixedSource.IndexOf("Log(\"relay failed\");\n", System.StringComparison.Ordinal);
            fixedSource = fixedSource.Insert(first + "Log(\"relay failed\");\n".Length, "            up.Close();\n");
            var second = fixedSource.LastIndexOf("Log(\"relay failed\");\n", System.StringComparison.Ordinal);
            fixedSource = fixedSource.Insert(second + "Log(\"relay failed\");\n".Length, "            _upstream.Close();\n");
            await Verify.VerifyCodeFixAsync(Class(source), Class(fixedSource), SL0002SendFailureIgnoredCodeFix.CloseKey);
        }

        [Fact]
        public async Task The_catch_fixes_leave_the_catchs_own_lines_as_written()
        {
            // Only the added statement is laid out: an argument aligned under the call, an initializer whose brace ends its
            // line and a lambda's braces stay as written (helper G's p03:39, q04:14).
            const string body = """
                            Log(string.Join(",",
                                            "write",
                                            e.Message));
                            var seen = new Dictionary<string, int> {
                                ["x"] = 1,
                            };
                            Action a = () => { Log(seen); };
                """;
            var source = Class("""
                    void M(Socket s, byte[] data)
                    {
                        try
                        {
                            s.Send(data);
                        }
                        [|catch (SocketException e)|]
                        {
                """ + "\n" + body + "\n" + """
                        }
                    }
                """);
            await Verify.VerifyCodeFixAsync(source, source.Replace("[|", "").Replace("|]", "").Replace("Log(seen); };\n", "Log(seen); };\n            s.Close();\n"), SL0002SendFailureIgnoredCodeFix.CloseKey);
            await Verify.VerifyCodeFixAsync(source, source.Replace("[|", "").Replace("|]", "").Replace("Log(seen); };\n", "Log(seen); };\n            throw;\n"), SL0002SendFailureIgnoredCodeFix.RethrowKey);
        }

        [Fact]
        public async Task The_close_goes_after_a_directive_block_before_the_statement_it_is_put_in_front_of()
        {
            // #if DEBUG logging that reads the socket, then continue or RemoveAt: the close put before the #if had the
            // logging read a closed socket in a Debug build (helper H's k02:16, k01:39).
            await Verify.VerifyCodeFixAsync(Class("""
                    void M(Socket s, byte[] data)
                    {
                        while (true)
                        {
                            try { s.Send(data); }
                            [|catch (SocketException ex)|]
                            {
                #if !NEVER
                                Log(s.RemoteEndPoint + ex.Message);
                #endif
                                continue;
                            }
                            Log("sent");
                        }
                    }

                    void N(List<Socket> clients, byte[] data)
                    {
                        for (int i = clients.Count - 1; i >= 0; i--)
                        {
                            try { clients[i].Send(data); }
                            [|catch (SocketException)|]
                            {
                #if !NEVER
                                Log(clients[i].RemoteEndPoint);
                #endif
                                clients.RemoveAt(i);
                            }
                        }
                    }
                """), Class("""
                    void M(Socket s, byte[] data)
                    {
                        while (true)
                        {
                            try { s.Send(data); }
                            catch (SocketException ex)
                            {
                #if !NEVER
                                Log(s.RemoteEndPoint + ex.Message);
                #endif
                                s.Close();
                                break;
                            }
                            Log("sent");
                        }
                    }

                    void N(List<Socket> clients, byte[] data)
                    {
                        for (int i = clients.Count - 1; i >= 0; i--)
                        {
                            try { clients[i].Send(data); }
                            catch (SocketException)
                            {
                #if !NEVER
                                Log(clients[i].RemoteEndPoint);
                #endif
                                clients[i].Close();
                                clients.RemoveAt(i);
                            }
                        }
                    }
                """), SL0002SendFailureIgnoredCodeFix.CloseKey);
        }

        [Fact]
        public async Task The_rethrow_and_the_close_go_after_a_directive_block_that_ends_the_catch()
        {
            // #if DEBUG ... #endif at the end of the catch is the brace's trivia where DEBUG is not defined: the throw put
            // before it left the log unreachable in a Debug build. An active block (#if !NEVER) ends with #endif there too.
            await Verify.VerifyCodeFixAsync(Class("""
                    void M(Socket s, byte[] data)
                    {
                        try
                        {
                            s.Send(data);
                        }
                        [|catch (SocketException e)|]
                        {
                #if DEBUG
                            Log(e.Message);
                #endif
                        }
                    }
                """), Class("""
                    void M(Socket s, byte[] data)
                    {
                        try
                        {
                            s.Send(data);
                        }
                        catch (SocketException e)
                        {
                #if DEBUG
                            Log(e.Message);
                #endif
                            throw;
                        }
                    }
                """), SL0002SendFailureIgnoredCodeFix.RethrowKey);
            await Verify.VerifyCodeFixAsync(Class("""
                    void M(Socket s, byte[] data)
                    {
                        try
                        {
                            s.Send(data);
                        }
                        [|catch (SocketException e)|]
                        {
                            Log("failed");
                #if !NEVER
                            Log(e.Message);
                #endif
                        }
                    }
                """), Class("""
                    void M(Socket s, byte[] data)
                    {
                        try
                        {
                            s.Send(data);
                        }
                        catch (SocketException e)
                        {
                            Log("failed");
                #if !NEVER
                            Log(e.Message);
                #endif
                            s.Close();
                        }
                    }
                """), SL0002SendFailureIgnoredCodeFix.CloseKey);
        }

        [Fact]
        public async Task Fix_all_in_a_document()
        {
            await Verify.VerifyCodeFixAsync(Class("""
                    readonly List<Socket> clients = new();

                    void Broadcast(byte[] msg)
                    {
                        foreach (var c in clients)
                        {
                            try { c.Send(msg); }
                            [|catch (SocketException)|] { }
                        }
                    }

                    async Task Write(TcpClient client, byte[] data)
                    {
                        try { await client.GetStream().WriteAsync(data); }
                        [|catch (IOException)|] { Log("gone"); }
                    }
                """), Class("""
                    readonly List<Socket> clients = new();

                    void Broadcast(byte[] msg)
                    {
                        foreach (var c in clients)
                        {
                            try { c.Send(msg); }
                            catch (SocketException)
                            {
                                c.Close();
                            }
                        }
                    }

                    async Task Write(TcpClient client, byte[] data)
                    {
                        try { await client.GetStream().WriteAsync(data); }
                        catch (IOException)
                        {
                            Log("gone");
                            client.Dispose();
                        }
                    }
                """), SL0002SendFailureIgnoredCodeFix.CloseKey);
        }
    }
}
