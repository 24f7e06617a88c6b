using Microsoft.CodeAnalysis;
using SocketLint.CodeFixes.Rules;
using SocketLint.Rules;
using Xunit;
using Verify = SocketLint.Tests.Verifiers.CSharpVerifier<
    SocketLint.CodeFixes.Rules.SL0004BlockingSocketCallInAsyncCodeFix>;

namespace SocketLint.Tests.Rules;

public class SL0004BlockingSocketCallInAsyncTests
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

    private static string Class(string members) => Usings + "class C\n{\n" + members + "\n}\n";

    public class Diagnostics
    {
        [Fact]
        public async Task A_synchronous_lambda_that_ForEach_runs_in_place_is_the_async_code_around_it()
        {
            // ForEach calls it for each element before it returns, on the async method's thread; no fix: the lambda is not
            // async, and an async one would make ForEach start each send and go on (so an async lambda given to ForEach,
            // async void, gets none either). Parallel.ForEach runs it on pool threads, and Task.Run's lambda runs
            // elsewhere, ForEach inside it or not.
            await Verify.VerifyNoCodeFixAsync("using System.Collections.Generic;\n" + Class("""
                    async Task Broadcast(List<Socket> clients, Socket[] sockets, byte[] buffer)
                    {
                        await Task.Yield();
                        clients.ForEach(c => [|c.Send(buffer)|]);
                        Array.ForEach(sockets, s =>
                        {
                            [|s.Receive(buffer)|];
                        });
                        clients.ForEach(c => [|c.SendAsync(buffer).Wait()|]);
                        Parallel.ForEach(clients, c => c.Send(buffer));
                        clients.ForEach(async c => [|c.Send(buffer)|]);
                        System.Collections.Immutable.ImmutableList.CreateRange(clients).ToBuilder().ForEach(c => [|c.Send(buffer)|]);
                        await Task.Run(() => clients.ForEach(c => c.Send(buffer)));
                    }

                    void Blocking(List<Socket> clients, byte[] buffer) => clients.ForEach(c => c.Send(buffer));
                """));
        }

        [Fact]
        public async Task A_mode_not_chosen_by_the_caller_is_still_async_code()
        {
            // A field, not a parameter: the method itself picks, and when it blocks, it blocks its async caller; a branch
            // that awaits nothing, or something else, is no asynchronous form of the call.
            await Verify.VerifyAnalyzerAsync(Class("""
                    bool _preferAsync;

                    async Task ConnectAsync(Socket socket, EndPoint endPoint)
                    {
                        if (_preferAsync)
                            await socket.ConnectAsync(endPoint);
                        else
                            [|socket.Connect(endPoint)|];
                    }

                    async Task SendAsync(Socket socket, byte[] data, bool doAsync)
                    {
                        if (doAsync)
                            Console.WriteLine("async");
                        else
                            [|socket.Send(data)|];
                        await Task.Yield();
                    }

                    async Task OtherWork(Socket socket, byte[] data, bool wait)
                    {
                        // The other branch awaits something else: no sign of a method written for both modes.
                        if (wait)
                            await Task.Delay(10);
                        else
                            [|socket.Send(data)|];
                    }
                """));
        }

        [Fact]
        public async Task Async_lambdas_in_members_that_are_not_async_methods()
        {
            // Async code is found by the innermost function around the call, whatever the member that holds it.
            await Verify.VerifyAnalyzerAsync(Usings + """
                class C
                {
                    static readonly Func<Socket, Task> Field = async s => { [|s.Receive(new byte[1])|]; await Task.Yield(); };
                    readonly Func<Task> _connect;

                    C(Socket s) { _connect = async () => { [|s.Connect("localhost", 80)|]; await Task.Yield(); }; }

                    Func<Socket, Task> Property => async s => { [|s.Send(new byte[1])|]; await Task.Yield(); };
                }
                """);
        }

        [Theory]
        [InlineData("Socket s", "s.Accept()")]
        [InlineData("Socket s", "s.Connect(new IPEndPoint(IPAddress.Loopback, 80))")]
        [InlineData("Socket s", "s.Connect(\"localhost\", 80)")]
        [InlineData("Socket s", "s.Disconnect(false)")]
        [InlineData("Socket s", "s.Receive(new byte[1])")]
        [InlineData("Socket s", "s.Receive(new byte[8], 0, 8, SocketFlags.None)")]
        [InlineData("Socket s", "s.Receive(new byte[1].AsSpan())")]
        [InlineData("Socket s", "s.Send(new byte[1])")]
        [InlineData("Socket s", "s.SendTo(new byte[1], new IPEndPoint(IPAddress.Loopback, 80))")]
        [InlineData("Socket s", "s.SendFile(\"f\")")]
        [InlineData("Socket s", "s.Poll(1000, SelectMode.SelectRead)")]
        [InlineData("Socket s", "s.Poll(TimeSpan.FromSeconds(1), SelectMode.SelectRead)")]
        [InlineData("Socket s", "Socket.Select(new System.Collections.Generic.List<Socket> { s }, null, null, 1_000_000)")]
        [InlineData("Socket s", "Socket.Select(new System.Collections.Generic.List<Socket> { s }, null, null, -1)")]
        [InlineData("UdpClient u", "u.Connect(\"localhost\", 53)")]
        [InlineData("TcpListener l", "l.AcceptSocket()")]
        [InlineData("TcpListener l", "l.AcceptTcpClient()")]
        [InlineData("TcpClient c", "c.Connect(\"localhost\", 80)")]
        [InlineData("NetworkStream ns", "ns.Read(new byte[1], 0, 1)")]
        [InlineData("NetworkStream ns", "ns.Read(new byte[1])")]
        [InlineData("NetworkStream ns", "ns.ReadByte()")]
        [InlineData("NetworkStream ns", "ns.ReadExactly(new byte[1])")]
        [InlineData("NetworkStream ns", "ns.ReadAtLeast(new byte[4], 1)")]
        [InlineData("NetworkStream ns", "ns.Write(new byte[1], 0, 1)")]
        [InlineData("NetworkStream ns", "ns.WriteByte(1)")]
        [InlineData("NetworkStream ns", "ns.CopyTo(Stream.Null)")]
        [InlineData("UdpClient u", "u.Send(new byte[1], 1)")]
        [InlineData("SslStream ssl", "ssl.AuthenticateAsClient(\"host\")")]
        [InlineData("TcpClient c", "c.GetStream().Read(new byte[1], 0, 1)")]
        public async Task Blocking_member_in_async_method(string parameter, string call)
        {
            await Verify.VerifyAnalyzerAsync(Usings + $$"""
                class C
                {
                    async Task M({{parameter}})
                    {
                        await Task.Yield();
                        [|{{call}}|];
                    }
                }
                """);
        }

        [Theory]
        [InlineData("Dns.GetHostEntry(\"localhost\")")]
        [InlineData("Dns.GetHostAddresses(\"localhost\")")]
        [InlineData("new TcpClient(\"localhost\", 80)")]
        [InlineData("new UdpClient(\"localhost\", 53)")]
        public async Task Blocking_static_or_constructor_in_async_method(string call)
        {
            await Verify.VerifyAnalyzerAsync(Usings + $$"""
                class C
                {
                    async Task<object> M()
                    {
                        await Task.Yield();
                        return [|{{call}}|];
                    }
                }
                """);
        }

        [Fact]
        public async Task A_creation_is_told_by_the_type_it_makes()
        {
            // The connecting constructor is TcpClient's own: written target-typed it is still found; a class of yours
            // derived from TcpClient runs its own constructor, and a list or a client made without a peer connects nothing.
            await Verify.VerifyAnalyzerAsync(Usings + """
                class MyClient : TcpClient
                {
                    public MyClient(string host, int port) { }
                }

                class C
                {
                    async Task M(string host)
                    {
                        await Task.Yield();
                        TcpClient a = [|new(host, 80)|];
                        var b = new MyClient(host, 80);
                        var c = new TcpClient();
                        var d = new System.Collections.Generic.List<TcpClient> { a, b, c };
                    }
                }
                """);
        }

        [Fact]
        public async Task A_readers_Peek_over_a_connection_waits_for_the_network()
        {
            // Peek fills the reader's buffer when it is empty: it waits for the peer's next bytes. It has no async form.
            await Verify.VerifyAnalyzerAsync(Class("""
                    async Task Lines(TcpClient client, string path)
                    {
                        var reader = new StreamReader(client.GetStream());
                        while ({|#0:reader.Peek()|} >= 0)
                            Console.WriteLine(await reader.ReadLineAsync());
                        var file = new StreamReader(path);
                        while (file.Peek() >= 0)
                            Console.WriteLine(await file.ReadLineAsync());
                    }
                """),
                Verify.Diagnostic("SL0004").WithLocation(0).WithArguments("StreamReader.Peek", "it has no async counterpart: move it off the thread pool or make it non-blocking"));
        }

        private const string EndOfStreamAdvice = "it reads the connection when the reader's buffer is empty: await 'ReadLineAsync' and stop at its null instead";

        [Fact]
        public async Task A_read_through_a_null_conditional_reader_or_stream_over_a_connection_blocks()
        {
            const string source = """
                    async Task Lines(TcpClient client, byte[] buffer)
                    {
                        await Task.Yield();
                        StreamReader? reader = new StreamReader(client.GetStream());
                        var line = reader?[|.ReadLine()|];
                        NetworkStream? stream = client.GetStream();
                        var n = stream?[|.Read(buffer, 0, buffer.Length)|];
                    }
                """;
            await Verify.VerifyCodeFixAsync(Class(source), Class(source));
        }

        [Fact]
        public async Task A_readers_EndOfStream_over_a_connection_waits_for_the_network_and_gets_no_fix()
        {
            // EndOfStream fills the reader's buffer when it is empty: the loop's test waits for the peer's next line before
            // the awaited read is reached. A property has no async form: no fix is offered.
            await Verify.VerifyNoCodeFixAsync(Class("""
                    async Task Lines(TcpClient client, TcpListener listener)
                    {
                        using var reader = new StreamReader(client.GetStream());
                        while (![|reader.EndOfStream|])
                            Console.WriteLine(await reader.ReadLineAsync());
                        if ([|reader?.EndOfStream|] == true)
                            return;

                        var accepted = await listener.AcceptSocketAsync();
                        _ = Task.Run(async () =>
                        {
                            var lines = new StreamReader(new NetworkStream(accepted, ownsSocket: true));
                            while (![|lines.EndOfStream|])
                                await Console.Out.WriteLineAsync(await lines.ReadLineAsync());
                        });

                        async Task Local(NetworkStream stream)
                        {
                            var r = new StreamReader(stream);
                            if (![|r.EndOfStream|])
                                await Console.Out.WriteLineAsync(await r.ReadLineAsync());
                        }

                        await Local(client.GetStream());
                    }
                """));
        }

        [Fact]
        public async Task A_stream_field_set_to_the_connection_or_a_TLS_stream_over_it_blocks_in_async_code()
        {
            // tls ? new SslStream(ns) : ns: either side is the connection's stream, so the field is one; a side that is a
            // MemoryStream is not.
            await Verify.VerifyAnalyzerAsync(Usings + """
                class Session
                {
                    private readonly Stream _stream;
                    private readonly Stream _either;

                    public Session(TcpClient client, bool tls, MemoryStream log)
                    {
                        _stream = tls ? new SslStream(client.GetStream()) : client.GetStream();
                        _either = tls ? client.GetStream() : log;
                    }

                    public async Task RunAsync(byte[] data)
                    {
                        await Task.Yield();
                        [|_stream.Write(data, 0, data.Length)|];
                        _either.Write(data, 0, data.Length);
                    }
                }
                """);
        }

        [Fact]
        public async Task A_reader_field_set_over_a_stream_local_or_a_stream_field_of_the_connection_blocks_in_async_code()
        {
            // The reader's stream is the client's, through a local of the constructor or a Stream field set to it. One set
            // over a file, or over either a file or the client's stream, is not known for a connection's.
            await Verify.VerifyAnalyzerAsync(Usings + """
                class ViaLocal
                {
                    private readonly StreamReader _reader;

                    public ViaLocal(TcpClient client)
                    {
                        var stream = client.GetStream();
                        _reader = new StreamReader(stream);
                    }

                    public async Task<string?> NextAsync()
                    {
                        await Task.Yield();
                        return [|_reader.ReadLine()|];
                    }
                }

                class ViaField
                {
                    private readonly Stream _stream;
                    private readonly StreamReader _reader;

                    public ViaField(TcpClient client)
                    {
                        _stream = client.GetStream();
                        _reader = new StreamReader(_stream);
                    }

                    public async Task<string?> NextAsync()
                    {
                        await Task.Yield();
                        return [|_reader.ReadLine()|];
                    }
                }

                class Annotated
                {
                    private StreamReader _reader = null!;
                    private Stream? _stream = default!;

                    public void Open(TcpClient client)
                    {
                        _stream = client.GetStream();
                        _reader = new StreamReader(_stream);
                    }

                    public async Task<string?> NextAsync()
                    {
                        await Task.Yield();
                        return [|_reader.ReadLine()|];
                    }
                }

                class ViaFile
                {
                    private readonly Stream _stream;
                    private readonly StreamReader _reader;
                    private readonly StreamReader _local;

                    public ViaFile(TcpClient client, bool file)
                    {
                        _stream = file ? File.OpenRead("x") : client.GetStream();
                        _reader = new StreamReader(_stream);
                        var opened = File.OpenRead("y");
                        _local = new StreamReader(opened);
                    }

                    public async Task<string?> NextAsync()
                    {
                        await Task.Yield();
                        return _reader.ReadLine() + _local.ReadLine();
                    }
                }
                """);
        }

        [Fact]
        public async Task A_reader_or_writer_field_its_type_sets_over_a_connections_stream_blocks_in_async_code()
        {
            // The fields are set only over the client's stream, in the constructor: a read of the reader waits for the
            // peer, a Flush sends, and so does a WriteLine once the type turns AutoFlush on (a WriteLine without it fills
            // the writer's buffer), and so does a write on a Stream field set to the client's stream. A field a second constructor sets over a MemoryStream is not known for a connection's.
            await Verify.VerifyAnalyzerAsync(Usings + """
                class Session
                {
                    private readonly StreamReader _reader;
                    private readonly StreamWriter _writer;
                    private readonly StreamWriter _buffered;
                    private readonly Stream _stream;
                    private StreamWriter Lines { get; }

                    public Session(TcpClient client)
                    {
                        _stream = client.GetStream();
                        _reader = new StreamReader(client.GetStream());
                        _writer = new StreamWriter(client.GetStream()) { AutoFlush = true };
                        _buffered = new StreamWriter(client.GetStream());
                        Lines = new StreamWriter(client.GetStream());
                        this.Lines.AutoFlush = true;
                    }

                    public async Task RunAsync()
                    {
                        await Task.Yield();
                        if ([|_reader.EndOfStream|])
                            return;
                        var line = [|_reader.ReadLine()|];
                        [|_writer.WriteLine(line)|];
                        _buffered.WriteLine(line);
                        [|_buffered.Flush()|];
                        [|Lines.WriteLine(line)|];
                        [|_stream.Write(new byte[] { 1 }, 0, 1)|];
                    }
                }

                class Either
                {
                    private readonly StreamWriter _writer;

                    public Either(TcpClient client) => _writer = new StreamWriter(client.GetStream()) { AutoFlush = true };

                    public Either(MemoryStream memory) => _writer = new StreamWriter(memory) { AutoFlush = true };

                    public async Task RunAsync()
                    {
                        await Task.Yield();
                        _writer.WriteLine("hello");
                        _writer.Flush();
                    }
                }
                """);
        }

        [Fact]
        public async Task A_readers_EndOfStream_is_reported_in_top_level_code_that_awaits()
        {
            var test = new Verify.Test
            {
                TestCode = Usings + """
                    var client = new TcpClient();
                    await client.ConnectAsync("localhost", 7);
                    var reader = new StreamReader(client.GetStream());
                    while (!{|#0:reader.EndOfStream|})
                        Console.WriteLine(await reader.ReadLineAsync());
                    """,
            };
            test.TestState.OutputKind = OutputKind.ConsoleApplication;
            test.ExpectedDiagnostics.Add(Verify.Diagnostic("SL0004").WithLocation(0).WithArguments("StreamReader.EndOfStream", EndOfStreamAdvice));
            await test.RunAsync();
        }

        [Fact]
        public async Task A_readers_EndOfStream_is_no_finding_off_the_network_or_outside_async_code()
        {
            // Synchronous code may block; a file's reader does not wait on the network; a reader handed in reads what the
            // caller knows; a synchronous lambda given to Task.Run runs on a thread of its own; the word in a comment or a
            // string, or as a member of a type of yours, is no read of a reader.
            await Verify.VerifyAnalyzerAsync(Class("""
                    void Sync(TcpClient client)
                    {
                        using var reader = new StreamReader(client.GetStream());
                        while (!reader.EndOfStream)
                            Console.WriteLine(reader.ReadLine());
                    }

                    async Task File(string path, StreamReader handedIn, TcpClient client)
                    {
                        using var file = new StreamReader(path);
                        while (!file.EndOfStream)
                            Console.WriteLine(await file.ReadLineAsync());
                        while (!handedIn.EndOfStream)
                            Console.WriteLine(await handedIn.ReadLineAsync());
                        await Task.Run(() =>
                        {
                            var reader = new StreamReader(client.GetStream());
                            while (!reader.EndOfStream)
                                Console.WriteLine(reader.ReadLine());
                        });

                        // reader.EndOfStream
                        Console.WriteLine("reader.EndOfStream");
                        var mine = new Mine();
                        if (mine.EndOfStream)
                            return;
                    }

                    class Mine
                    {
                        public bool EndOfStream => true;
                    }
                """));
        }

        [Fact]
        public async Task Udp_receive_with_ref_endpoint()
        {
            await Verify.VerifyAnalyzerAsync(Usings + """
                class C
                {
                    async Task M(UdpClient u)
                    {
                        IPEndPoint? from = null;
                        await Task.Yield();
                        var data = [|u.Receive(ref from)|];
                    }
                }
                """);
        }

        [Fact]
        public async Task Async_lambda_anonymous_method_and_local_function()
        {
            await Verify.VerifyAnalyzerAsync(Usings + """
                class C
                {
                    void M(TcpListener l, Socket s)
                    {
                        Func<Task> lambda = async () => { [|l.AcceptTcpClient()|]; await Task.Yield(); };
                        Func<Task> anonymous = async delegate { [|s.Receive(new byte[1])|]; await Task.Yield(); };
                        Func<Task<int>> expressionBodied = async () => [|s.Send(new byte[1])|];

                        async Task Local() { [|s.Accept()|]; await Task.Yield(); }
                    }
                }
                """);
        }

        [Fact]
        public async Task Async_void_and_async_iterator()
        {
            await Verify.VerifyAnalyzerAsync(Usings + """
                using System.Collections.Generic;
                class C
                {
                    async void OnEvent(Socket s) { [|s.Receive(new byte[1])|]; await Task.Yield(); }

                    async IAsyncEnumerable<int> Stream(Socket s)
                    {
                        while (true)
                        {
                            yield return [|s.Receive(new byte[1])|];
                            await Task.Yield();
                        }
                    }
                }
                """);
        }

        [Fact]
        public async Task Top_level_statements_that_await()
        {
            var test = new Verify.Test
            {
                TestCode = Usings + """
                    var listener = new TcpListener(IPAddress.Loopback, 0);
                    listener.Start();
                    var client = [|listener.AcceptTcpClient()|];
                    await Task.Delay(1);
                    """,
            };
            test.TestState.OutputKind = OutputKind.ConsoleApplication;
            await test.RunAsync();
        }

        [Theory]
        [InlineData("l.AcceptTcpClientAsync().Result")]
        [InlineData("l.AcceptTcpClientAsync().GetAwaiter().GetResult()")]
        [InlineData("l.AcceptTcpClientAsync().ConfigureAwait(false).GetAwaiter().GetResult()")]
        [InlineData("l.AcceptSocketAsync(CancellationToken.None).Result")]
        [InlineData("l.AcceptSocketAsync(CancellationToken.None).AsTask().Result")]
        public async Task Sync_wait_on_socket_task(string wait)
        {
            await Verify.VerifyAnalyzerAsync(Usings + $$"""
                class C
                {
                    async Task<object> M(TcpListener l)
                    {
                        await Task.Yield();
                        return [|{{wait}}|];
                    }
                }
                """);
        }

        [Fact]
        public async Task Wait_on_a_socket_task_held_in_a_local()
        {
            await Verify.VerifyAnalyzerAsync(Usings + """
                class C
                {
                    async Task M(Socket s)
                    {
                        Task connect = s.ConnectAsync("localhost", 80);
                        await Task.Yield();
                        [|connect.Wait()|];
                    }
                }
                """);
        }

        [Theory]
        [InlineData("Task.WaitAll(receive, delay)")]
        [InlineData("Task.WaitAll(new[] { delay, receive })")]
        [InlineData("Task.WaitAll(new Task[] { delay, receive })")]
        [InlineData("Task.WaitAll([delay, receive])")]
        [InlineData("Task.WaitAll(new[] { receive }, 1000)")]
        [InlineData("Task.WaitAll(new[] { receive }, TimeSpan.FromSeconds(1))")]
        [InlineData("Task.WaitAll(new[] { receive }, ct)")]
        [InlineData("Task.WaitAll(new[] { receive }, 1000, ct)")]
        [InlineData("Task.WaitAny(delay, receive)")]
        [InlineData("Task.WaitAny(new Task[] { receive }, 1000)")]
        [InlineData("Task.WaitAny(new Task[] { receive }, TimeSpan.FromSeconds(1))")]
        [InlineData("Task.WaitAny(new Task[] { receive }, ct)")]
        [InlineData("Task.WaitAny(new Task[] { receive }, 1000, ct)")]
        [InlineData("Task.WaitAll(delay, s.ReceiveAsync(buf, SocketFlags.None))")]
        [InlineData("Task.WaitAll(s.ReceiveAsync(buf.AsMemory(), SocketFlags.None).AsTask())")]
        [InlineData("System.Threading.Tasks.Task.WaitAny(receive)")]
        public async Task WaitAll_or_WaitAny_on_a_socket_task(string wait)
        {
            await Verify.VerifyAnalyzerAsync(Usings + $$"""
                class C
                {
                    async Task M(Socket s, byte[] buf, CancellationToken ct)
                    {
                        Task<int> receive = s.ReceiveAsync(buf, SocketFlags.None);
                        Task delay = Task.Delay(10);
                        await Task.Yield();
                        [|{{wait}}|];
                    }
                }
                """);
        }

        [Fact]
        public async Task WaitAll_on_several_socket_tasks_is_one_diagnostic_naming_the_first()
        {
            await Verify.VerifyAnalyzerAsync(Usings + """
                class C
                {
                    async Task M(Socket s, NetworkStream ns, byte[] buf)
                    {
                        Task<int> receive = s.ReceiveAsync(buf, SocketFlags.None);
                        await Task.Yield();
                        {|#0:Task.WaitAll(Task.Delay(1), ns.WriteAsync(buf, 0, 1), receive, s.SendAsync(buf, SocketFlags.None))|};
                        // receive has completed in the WaitAll: the read is the task this WaitAny may block on.
                        var index = {|#1:Task.WaitAny(receive, ns.ReadAsync(buf, 0, 1))|};
                    }
                }
                """,
                Verify.Diagnostic("SL0004").WithLocation(0).WithArguments("Task.WaitAll(...) on Stream.WriteAsync(...)", "await 'Task.WhenAll' instead"),
                Verify.Diagnostic("SL0004").WithLocation(1).WithArguments("Task.WaitAny(...) on Stream.ReadAsync(...)", "await 'Task.WhenAny' instead"));
        }

        [Fact]
        public async Task WaitAll_on_a_local_array_of_socket_tasks()
        {
            await Verify.VerifyAnalyzerAsync(Usings + """
                class C
                {
                    async Task<int> M(Socket s, byte[] buf)
                    {
                        var receive = s.ReceiveAsync(buf, SocketFlags.None);
                        var tasks = new[] { receive, Task.FromResult(0) };
                        Task[] direct = { Task.Delay(1), s.SendAsync(buf, SocketFlags.None) };
                        await Task.Yield();
                        [|Task.WaitAll(direct)|];
                        return [|Task.WaitAny(tasks)|];
                    }
                }
                """);
        }

        [Fact]
        public async Task WaitAll_in_async_lambdas_local_functions_and_top_level_code()
        {
            await Verify.VerifyAnalyzerAsync(Usings + """
                class C
                {
                    void M(Socket s, byte[] buf)
                    {
                        Func<Task> lambda = async () => { await Task.Yield(); [|Task.WaitAll(s.ReceiveAsync(buf, SocketFlags.None))|]; };
                        async Task Local() { await Task.Yield(); [|Task.WaitAny(s.SendAsync(buf, SocketFlags.None), Task.Delay(1))|]; }
                    }
                }
                """);
            await Verify.VerifyTopLevelAnalyzerAsync(Usings + """
                var s = new Socket(SocketType.Stream, ProtocolType.Tcp);
                var connect = s.ConnectAsync("localhost", 80);
                [|Task.WaitAll(connect)|];
                await Task.Delay(1);
                """);
        }

        [Fact]
        public async Task A_wait_after_a_wait_on_the_same_task_is_not_reported_again()
        {
            // t.Wait(), t.GetAwaiter().GetResult() and t.Result each return once t has completed: the first blocks,
            // what follows does not. Wait with a timeout may return with t still running: the Result after it blocks.
            await Verify.VerifyAnalyzerAsync(Usings + """
                class C
                {
                    async Task<int> M(Socket s, byte[] buf, CancellationToken token)
                    {
                        await Task.Yield();
                        Task<int> first = s.ReceiveAsync(buf, SocketFlags.None);
                        [|first.Wait()|];
                        int n = first.Result;

                        Task<int> second = s.ReceiveAsync(buf, SocketFlags.None);
                        [|second.Wait(token)|];
                        n += second.GetAwaiter().GetResult();

                        Task<int> third = s.ReceiveAsync(buf, SocketFlags.None);
                        n += [|third.ConfigureAwait(false).GetAwaiter().GetResult()|];
                        n += third.Result;

                        Task<int> fourth = s.ReceiveAsync(buf, SocketFlags.None);
                        n += [|fourth.Result|] + fourth.Result;

                        Task<int> fifth = s.ReceiveAsync(buf, SocketFlags.None);
                        [|fifth.Wait(100)|];
                        return n + [|fifth.Result|];
                    }
                }
                """);
        }

        [Fact]
        public async Task A_wait_with_a_zero_timeout_is_not_reported()
        {
            // Wait(0) asks whether the task is done, as Poll(0) asks of a socket: it returns at once. The Result after
            // it is read only when the task is done here, but one read regardless still blocks.
            await Verify.VerifyAnalyzerAsync(Usings + """
                class C
                {
                    async Task<int> M(Socket s, byte[] buf)
                    {
                        await Task.Yield();
                        Task<int> first = s.ReceiveAsync(buf, SocketFlags.None);
                        Task<int> second = s.ReceiveAsync(buf, SocketFlags.None);
                        if (first.Wait(0) && second.Wait(TimeSpan.Zero))
                            return 1;
                        if (Task.WaitAll(new Task[] { first, second }, 0) || Task.WaitAny(new Task[] { first, second }, TimeSpan.Zero) >= 0)
                            return 2;
                        first.Wait(millisecondsTimeout: 0);
                        [|second.Wait(1)|];
                        return [|first.Result|];
                    }
                }
                """);
        }

        [Fact]
        public async Task Result_after_WaitAll_is_not_reported_again()
        {
            // WaitAll returns once every task has completed: the WaitAll blocks, the Result reads after it do not.
            // With a timeout it may return with the task still running, and then the Result blocks too.
            await Verify.VerifyAnalyzerAsync(Usings + """
                class C
                {
                    async Task<int> M(Socket s, byte[] buf)
                    {
                        Task<int> first = s.ReceiveAsync(buf, SocketFlags.None);
                        Task<int> second = s.ReceiveAsync(buf, SocketFlags.None);
                        await Task.Yield();
                        [|Task.WaitAll(first, second)|];
                        int n = first.Result + second.Result;

                        Task<int> third = s.ReceiveAsync(buf, SocketFlags.None);
                        [|Task.WaitAll(new[] { third }, 100)|];
                        return n + [|third.Result|];
                    }
                }
                """);
        }

        [Fact]
        public async Task A_read_through_a_reader_over_a_connection_or_a_stream_typed_local_that_holds_one()
        {
            await Verify.VerifyAnalyzerAsync(Usings + """
                class C
                {
                    async Task Line(TcpClient client, CancellationToken ct)
                    {
                        using var reader = new StreamReader(client.GetStream());
                        var line = {|#0:reader.ReadLine()|};
                        await Task.Delay(1, ct);
                    }

                    async Task ToEnd(Socket s)
                    {
                        TextReader reader = new StreamReader(new NetworkStream(s));
                        var all = [|reader.ReadToEnd()|];
                        await Task.Yield();
                    }

                    async Task StreamTyped(TcpClient client)
                    {
                        Stream stream = client.GetStream();
                        var buf = new byte[8];
                        var n = {|#1:stream.Read(buf, 0, buf.Length)|};
                        await Task.Yield();
                    }
                }
                """,
                Verify.Diagnostic("SL0004").WithLocation(0).WithArguments("StreamReader.ReadLine", "await 'ReadLineAsync' instead"),
                Verify.Diagnostic("SL0004").WithLocation(1).WithArguments("Stream.Read", "await 'ReadAsync' instead"));
        }

        [Fact]
        public async Task A_read_in_an_async_local_function_handed_a_connection_reader_or_stream()
        {
            await Verify.VerifyAnalyzerAsync(Usings + """
                class C
                {
                    async Task Chat(TcpClient client)
                    {
                        await ReceiveAsync(new StreamReader(client.GetStream()));
                        await DrainAsync(client.GetStream());

                        async Task ReceiveAsync(StreamReader reader)
                        {
                            await Task.Yield();
                            var line = [|reader.ReadLine()|];
                        }

                        async Task DrainAsync(Stream stream)
                        {
                            await Task.Yield();
                            var n = [|stream.Read(new byte[8], 0, 8)|];
                        }
                    }
                }
                """);
        }

        [Fact]
        public async Task Message_names_the_call_and_its_counterpart()
        {
            await Verify.VerifyAnalyzerAsync(Usings + """
                class C
                {
                    async Task M(Socket s) { await Task.Yield(); {|#0:s.Receive(new byte[1])|}; }
                }
                """,
                Verify.Diagnostic("SL0004").WithLocation(0).WithArguments("Socket.Receive", "await 'ReceiveAsync' instead"));
        }

        [Fact]
        public async Task Connect_on_a_datagram_socket_by_host_name_still_resolves_it()
        {
            await Verify.VerifyAnalyzerAsync(Usings + """
                class C
                {
                    async Task M(EndPoint someEndPoint)
                    {
                        await Task.Yield();
                        using var u = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
                        [|u.Connect("example.org", 53)|];
                        [|u.Connect(new DnsEndPoint("example.org", 53))|];
                        [|u.Connect(someEndPoint)|];
                        using var tcp = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                        [|tcp.Connect(IPAddress.Loopback, 80)|];
                    }
                }
                """);
        }

        [Fact]
        public async Task SslStream_reads_and_writes_its_connection()
        {
            await Verify.VerifyAnalyzerAsync(Class("""
                    async Task<int> Parameter(SslStream ssl, byte[] buf)
                    {
                        await Task.Yield();
                        return [|ssl.Read(buf, 0, buf.Length)|];
                    }

                    async Task OverTheClient(TcpClient client, byte[] request)
                    {
                        var ssl = new SslStream(client.GetStream(), leaveInnerStreamOpen: false);
                        await ssl.AuthenticateAsClientAsync("localhost");
                        [|ssl.Write(request)|];
                        [|ssl.ReadByte()|];
                    }
                """));
        }

        [Fact]
        public async Task A_writer_over_a_connection_sends_at_Flush_and_with_AutoFlush_at_each_write()
        {
            await Verify.VerifyAnalyzerAsync(Class("""
                    async Task Initializer(TcpClient client, string text)
                    {
                        var writer = new StreamWriter(client.GetStream()) { AutoFlush = true };
                        await Task.Yield();
                        [|writer.WriteLine(text)|];
                        [|writer.Write(42)|];
                        writer?[|.WriteLine(text)|];
                    }

                    async Task Assigned(NetworkStream ns, string text)
                    {
                        var writer = new StreamWriter(ns);
                        writer.AutoFlush = true;
                        await Task.Yield();
                        [|writer.Write(text)|];
                    }

                    async Task Buffered(TcpClient client, string text)
                    {
                        using var writer = new StreamWriter(client.GetStream());
                        await Task.Yield();
                        writer.WriteLine(text);
                        [|writer.Flush()|];
                    }
                """));
        }
        [Fact]
        public async Task Binary_reads_and_writes_over_a_connection()
        {
            // BinaryReader reads the stream under it for each value and BinaryWriter writes each one through; neither
            // has an async form, so no counterpart is named.
            await Verify.VerifyAnalyzerAsync(Class("""
                    async Task<string> Name(NetworkStream ns)
                    {
                        await Task.Yield();
                        var br = new BinaryReader(ns);
                        int id = [|br.ReadInt32()|];
                        return id + [|br.ReadString()|];
                    }

                    async Task Send(TcpClient client, int value)
                    {
                        await Task.Yield();
                        using var bw = new BinaryWriter(client.GetStream());
                        {|#0:bw.Write(value)|};
                    }
                """), Verify.Diagnostic("SL0004").WithLocation(0).WithArguments("BinaryWriter.Write", "it has no async counterpart: move it off the thread pool or make it non-blocking"));
        }

        [Fact]
        public async Task Result_of_a_read_through_a_reader_or_a_stream_of_a_connection()
        {
            await Verify.VerifyAnalyzerAsync(Class("""
                    async Task<string?> Status(TcpClient client)
                    {
                        await Task.Yield();
                        var reader = new StreamReader(client.GetStream());
                        return [|reader.ReadLineAsync().Result|];
                    }

                    async Task<int> Count(TcpClient client, byte[] buf)
                    {
                        await Task.Yield();
                        Stream s = client.GetStream();
                        var t = s.ReadAsync(buf, 0, buf.Length);
                        return [|t.Result|];
                    }
                """));
        }
    }

    public class Valid
    {
        [Fact]
        public async Task A_receive_under_a_readable_poll_returns_at_once()
        {
            // Poll(..., SelectRead) true: data is buffered or the peer has closed; the receive does not wait.
            // A poll with a timeout waits itself, and is reported; a read of another connection is not guarded, nor
            // one in a loop inside the guard (its second pass may wait), nor a read of a given count.
            await Verify.VerifyAnalyzerAsync(Class("""
                    async Task Pump(Socket s, Socket other, TcpClient client, byte[] buf, CancellationToken ct)
                    {
                        while (!ct.IsCancellationRequested)
                        {
                            if (s.Poll(0, SelectMode.SelectRead))
                                _ = s.Receive(buf);
                            if (client.Client.Poll(TimeSpan.Zero, SelectMode.SelectRead) && client.Available > 0)
                                _ = client.GetStream().Read(buf, 0, buf.Length);
                            while ({|#0:s.Poll(1000, SelectMode.SelectRead)|})
                                _ = s.Receive(buf);
                            if (s.Poll(0, SelectMode.SelectRead))
                                _ = {|#1:other.Receive(buf)|};
                            if (s.Poll(0, SelectMode.SelectWrite))
                                _ = {|#2:s.Receive(buf)|};
                            if (s.Poll(0, SelectMode.SelectRead))
                                while (true) { if ({|#3:s.Receive(buf)|} == 0) break; }
                            if (client.Client.Poll(0, SelectMode.SelectRead))
                                {|#4:client.GetStream().ReadExactly(buf, 0, 64)|};
                            await Task.Delay(10, ct);
                        }
                    }
                """),
                Verify.Diagnostic("SL0004").WithLocation(0).WithArguments("Socket.Poll", "it has no async counterpart: move it off the thread pool or make it non-blocking"),
                Verify.Diagnostic("SL0004").WithLocation(1).WithArguments("Socket.Receive", "await 'ReceiveAsync' instead"),
                Verify.Diagnostic("SL0004").WithLocation(2).WithArguments("Socket.Receive", "await 'ReceiveAsync' instead"),
                Verify.Diagnostic("SL0004").WithLocation(3).WithArguments("Socket.Receive", "await 'ReceiveAsync' instead"),
                Verify.Diagnostic("SL0004").WithLocation(4).WithArguments("Stream.ReadExactly", "await 'ReadExactlyAsync' instead"));
        }

        [Fact]
        public async Task A_guard_written_with_an_escaped_name_still_guards()
        {
            // The function's text is searched for Poll and Available before the guard is read: an identifier written
            // with a Unicode escape names them all the same. A function that names neither is reported at once.
            await Verify.VerifyAnalyzerAsync(Class("""
                    async Task Pump(Socket s, NetworkStream ns, byte[] buf, CancellationToken ct)
                    {
                        await Task.Delay(10, ct);
                        if (s.P\u006fll(0, SelectMode.SelectRead))
                            _ = s.Receive(buf);
                        if (ns.DataAv\u0061ilable)
                            _ = ns.Read(buf, 0, buf.Length);
                    }

                    async Task Plain(Socket s, byte[] buf, CancellationToken ct)
                    {
                        await Task.Delay(10, ct);
                        _ = [|s.Receive(buf)|];
                    }
                """));
        }

        [Fact]
        public async Task Binary_reads_and_reader_results_off_the_network()
        {
            await Verify.VerifyAnalyzerAsync(Class("""
                    async Task<int> File(string path)
                    {
                        await Task.Yield();
                        using var br = new BinaryReader(System.IO.File.OpenRead(path));
                        using var bw = new BinaryWriter(new MemoryStream());
                        bw.Write(1);
                        var reader = new StreamReader(path);
                        return br.ReadInt32() + reader.ReadLineAsync().Result!.Length;
                    }

                    int Sync(NetworkStream ns)
                    {
                        var br = new BinaryReader(ns);
                        return br.ReadInt32();
                    }
                """));
        }

        [Fact]
        public async Task Synchronous_branch_of_a_method_written_for_both_modes()
        {
            // A mail library's connect (from the eighth real-code review), and a database driver's I/O: the caller picks
            // the mode by a parameter, and a synchronous caller asked for the call to block.
            await Verify.VerifyAnalyzerAsync(Class("""
                    enum IOBehavior { Synchronous, Asynchronous }

                    async Task<Socket> ConnectAsync(string host, int port, bool doAsync, CancellationToken ct)
                    {
                        IPAddress[] addresses;
                        if (doAsync)
                            addresses = await Dns.GetHostAddressesAsync(host).ConfigureAwait(false);
                        else
                            addresses = Dns.GetHostAddressesAsync(host).GetAwaiter().GetResult();

                        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
                        if (!doAsync)
                            socket.Connect(addresses[0], port);
                        else
                            await socket.ConnectAsync(addresses[0], port, ct);
                        return socket;
                    }

                    async ValueTask<int> ReadAsync(Socket socket, byte[] buffer, IOBehavior ioBehavior)
                    {
                        return ioBehavior == IOBehavior.Asynchronous
                            ? await socket.ReceiveAsync(buffer, SocketFlags.None)
                            : socket.Receive(buffer);
                    }
                """));
        }

        [Fact]
        public async Task The_word_async_in_a_synchronous_member_makes_nothing_async()
        {
            await Verify.VerifyAnalyzerAsync(Usings + """
                class C
                {
                    // Not async: it only says so.
                    int ReadAsyncLater(Socket s) { var note = "async"; return s.Receive(new byte[note.Length]); }
                }
                """);
        }

        [Fact]
        public async Task A_local_function_handed_a_file_reader_by_one_of_its_calls()
        {
            await Verify.VerifyAnalyzerAsync(Usings + """
                class C
                {
                    async Task Both(TcpClient client, string path)
                    {
                        await ReceiveAsync(new StreamReader(client.GetStream()));
                        await ReceiveAsync(new StreamReader(path));

                        async Task ReceiveAsync(StreamReader reader)
                        {
                            await Task.Yield();
                            var line = reader.ReadLine();
                        }
                    }
                }
                """);
        }

        [Fact]
        public async Task A_reader_or_stream_not_known_to_be_over_a_connection_or_not_in_async_code()
        {
            await Verify.VerifyAnalyzerAsync(Usings + """
                class C
                {
                    async Task FileReader(string path)
                    {
                        using var reader = new StreamReader(path);
                        _ = reader.ReadLine();
                        await Task.Yield();
                    }

                    async Task MemoryReader()
                    {
                        using var reader = new StreamReader(new MemoryStream(new byte[4]));
                        _ = reader.ReadToEnd();
                        await Task.Yield();
                    }

                    async Task HandedIn(TextReader reader, Stream stream)
                    {
                        _ = reader.ReadLine();
                        _ = stream.Read(new byte[1], 0, 1);
                        await Task.Yield();
                    }

                    void NotAsync(TcpClient client)
                    {
                        using var reader = new StreamReader(client.GetStream());
                        _ = reader.ReadLine();
                        Stream stream = client.GetStream();
                        _ = stream.Read(new byte[1], 0, 1);
                    }
                }
                """);
        }

        [Fact]
        public async Task Receive_of_data_already_buffered_returns_at_once()
        {
            await Verify.VerifyAnalyzerAsync(Usings + """
                class C
                {
                    async Task Guarded(Socket s, byte[] buf)
                    {
                        await Task.Delay(10);
                        if (s.Available > 0) { int n = s.Receive(buf); if (n == 0) return; }
                    }

                    async Task GuardedStream(NetworkStream ns, byte[] buf)
                    {
                        await Task.Delay(10);
                        while (ns.DataAvailable) { int n = ns.Read(buf, 0, buf.Length); if (n == 0) return; }
                    }
                }
                """);
        }

        [Fact]
        public async Task Receive_of_data_buffered_on_a_member_of_a_local_returns_at_once()
        {
            // p.Socket has no symbol of the body: the guard is matched by how it is written. Another player's socket is not.
            await Verify.VerifyAnalyzerAsync(Usings + """
                class Player { public Socket Socket { get; set; } = null!; }

                class C
                {
                    async Task Poll(System.Collections.Generic.List<Player> players, Player other, byte[] buf)
                    {
                        await Task.Delay(10);
                        foreach (var p in players)
                        {
                            if (p.Socket.Available > 0) { int n = p.Socket.Receive(buf); if (n == 0) p.Socket.Close(); }
                            if (other.Socket.Available > 0) { int n = {|SL0004:p.Socket.Receive(buf)|}; if (n == 0) p.Socket.Close(); }
                        }
                    }
                }
                """);
        }

        [Fact]
        public async Task Receive_after_a_leave_when_no_data_is_buffered_returns_at_once()
        {
            // Past if (s.Available == 0) return, data is buffered; a second read may wait, and another socket's test says nothing.
            await Verify.VerifyAnalyzerAsync(Usings + """
                class C
                {
                    async Task<int> Drain(Socket s)
                    {
                        await Task.Yield();
                        if (s.Available == 0)
                            return 0;
                        var buf = new byte[s.Available];
                        return s.Receive(buf);
                    }

                    async Task Poll(NetworkStream ns, Socket other, byte[] buf)
                    {
                        for (var i = 0; i < 10; i++)
                        {
                            await Task.Delay(10);
                            if (!ns.DataAvailable) { continue; }
                            var n = ns.Read(buf, 0, buf.Length);
                            if (n == 0) return;
                            n = {|SL0004:ns.Read(buf, 0, buf.Length)|};
                            if (n == 0) return;
                            if (other.Available == 0) return;
                            n = {|SL0004:ns.Read(buf, 0, buf.Length)|};
                            if (n == 0) return;
                        }
                    }
                }
                """);
        }

        [Fact]
        public async Task Receive_after_an_awaited_wait_for_data_returns_at_once()
        {
            // The wait loop awaits its pause (with the method's token, a field's token source): past it, data is
            // buffered. A wait loop that reads the connection in its body is no such wait.
            await Verify.VerifyAnalyzerAsync(Usings + """
                class C
                {
                    readonly CancellationTokenSource _cts = new();

                    async Task<int> M(Socket s, NetworkStream ns, byte[] buf, CancellationToken ct)
                    {
                        while (s.Available == 0) await Task.Delay(10, ct);
                        int n = s.Receive(buf);
                        while (!ns.DataAvailable) { await Task.Delay(TimeSpan.FromMilliseconds(5), _cts.Token); }
                        n += ns.Read(buf, 0, buf.Length);
                        while (s.Available == 0) { await Task.Delay(10, ct); {|SL0004:s.Send(buf)|}; }
                        return n + {|SL0004:s.Receive(buf)|};
                    }
                }
                """);
        }

        [Fact]
        public async Task Receive_guarded_by_another_connections_data_still_blocks()
        {
            await Verify.VerifyAnalyzerAsync(Usings + """
                class C
                {
                    async Task M(Socket a, Socket b, byte[] buf)
                    {
                        await Task.Delay(10);
                        if (a.Available > 0) { int n = {|SL0004:b.Receive(buf)|}; Console.WriteLine(n); }
                    }
                }
                """);
        }


        [Fact]
        public async Task Synchronous_code_may_block()
        {
            await Verify.VerifyAnalyzerAsync(Usings + """
                class C
                {
                    void Serve(TcpListener l)
                    {
                        var c = l.AcceptTcpClient();
                        c.GetStream().Read(new byte[1], 0, 1);
                    }

                    // Returns a Task but is not async: SL0004 is about async bodies.
                    Task NotAsync(Socket s) { s.Receive(new byte[1]); return Task.CompletedTask; }
                }
                """);
        }

        [Fact]
        public async Task Synchronous_delegates_and_local_functions_nested_in_async_code()
        {
            await Verify.VerifyAnalyzerAsync(Usings + """
                class C
                {
                    async Task M(Socket l)
                    {
                        Socket s = await Task.Run(() => l.Accept());
                        new Thread(() => s.Receive(new byte[1])).Start();
                        int Read() => s.Receive(new byte[1]);
                        await Task.Factory.StartNew(delegate { s.Send(new byte[1]); }, TaskCreationOptions.LongRunning);
                    }
                }
                """);
        }

        [Fact]
        public async Task Awaited_async_calls()
        {
            await Verify.VerifyAnalyzerAsync(Usings + """
                class C
                {
                    async Task M(TcpListener l, CancellationToken ct)
                    {
                        var c = await l.AcceptTcpClientAsync(ct);
                        var ns = c.GetStream();
                        var buf = new byte[16];
                        int n = await ns.ReadAsync(buf, ct);
                        await ns.WriteAsync(buf.AsMemory(0, n), ct);
                    }
                }
                """);
        }

        [Fact]
        public async Task Poll_with_zero_timeout_does_not_wait()
        {
            await Verify.VerifyAnalyzerAsync(Usings + """
                class C
                {
                    async Task<bool> M(Socket s)
                    {
                        await Task.Yield();
                        var ready = new System.Collections.Generic.List<Socket> { s };
                        Socket.Select(ready, null, null, 0);
                        Socket.Select(ready, null, null, TimeSpan.Zero);
                        return s.Poll(0, SelectMode.SelectRead) || s.Poll(TimeSpan.Zero, SelectMode.SelectWrite);
                    }
                }
                """);
        }

        [Fact]
        public async Task An_accept_of_a_connection_known_to_be_queued_does_not_wait()
        {
            // Pending() (or a read poll of a listening socket) says a connection is queued: the accept takes it at once.
            // A guard outside a loop around the accept covers its first turn only, and a test of another listener nothing.
            // A poll that waits is itself reported.
            await Verify.VerifyAnalyzerAsync(Usings + """
                class C
                {
                    async Task Poll(TcpListener listener, TcpListener other, Socket server, CancellationToken ct)
                    {
                        while (!ct.IsCancellationRequested)
                        {
                            if (!listener.Pending())
                            {
                                await Task.Delay(100, ct);
                                continue;
                            }

                            using var client = listener.AcceptTcpClient();
                        }

                        if (listener.Pending() && !ct.IsCancellationRequested)
                            listener.AcceptSocket().Dispose();
                        while (listener.Pending())
                            listener.AcceptTcpClient().Dispose();
                        if (listener.Server.Poll(0, SelectMode.SelectRead))
                            listener.AcceptSocket().Dispose();
                        if ([|server.Poll(1000, SelectMode.SelectRead)|])
                            server.Accept().Dispose();

                        if (other.Pending())
                            [|listener.AcceptTcpClient()|].Dispose();
                        if (!listener.Pending() || ct.IsCancellationRequested)
                            [|listener.AcceptSocket()|].Dispose();
                        if (listener.Pending())
                        {
                            for (int i = 0; i < 2; i++)
                                [|listener.AcceptSocket()|].Dispose();
                        }
                    }
                }
                """);
        }

        [Fact]
        public async Task An_accept_after_a_loop_that_waits_for_a_queued_connection_does_not_wait()
        {
            // while (!listener.Pending()) await ...: the loop ends only once a connection is queued. One that may break out
            // first, or that waits on another listener, says nothing of this one.
            await Verify.VerifyAnalyzerAsync(Usings + """
                class C
                {
                    async Task Serve(TcpListener listener, TcpListener other, CancellationToken ct)
                    {
                        while (!ct.IsCancellationRequested)
                        {
                            while (!listener.Pending())
                                await Task.Delay(50, ct);
                            using var client = listener.AcceptTcpClient();
                        }

                        while (!listener.Pending())
                        {
                            if (ct.IsCancellationRequested)
                                break;
                            await Task.Delay(50, ct);
                        }

                        [|listener.AcceptSocket()|].Dispose();

                        while (!other.Pending())
                            await Task.Delay(50, ct);
                        [|listener.AcceptSocket()|].Dispose();
                    }
                }
                """);
        }

        [Fact]
        public async Task A_socket_set_non_blocking_does_not_wait_in_its_calls()
        {
            // Blocking = false before the call: Accept, Receive, Send and Connect to an address return at once or throw
            // WouldBlock. Set back to true, set after the call, set on another socket, or a host name to look up: reported.
            // Poll waits for its timeout whatever the mode.
            await Verify.VerifyAnalyzerAsync(Usings + """
                class C
                {
                    async Task M(Socket s, Socket other, TcpListener listener, IPAddress address, byte[] buf, CancellationToken ct)
                    {
                        s.Blocking = false;
                        try
                        {
                            s.Send(buf);
                            s.Receive(buf);
                            s.Connect(address, 80);
                            [|s.Connect("example.com", 80)|];
                        }
                        catch (SocketException e) when (e.SocketErrorCode == SocketError.WouldBlock)
                        {
                            await Task.Delay(10, ct);
                        }

                        [|other.Send(buf)|];
                        [|s.Poll(1000, SelectMode.SelectWrite)|];

                        listener.Server.Blocking = false;
                        listener.AcceptSocket().Dispose();

                        var made = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { Blocking = false };
                        made.Connect(new IPEndPoint(address, 80));

                        s.Blocking = true;
                        [|s.Send(buf)|];
                    }

                    async Task Later(Socket s, byte[] buf)
                    {
                        [|s.Send(buf)|];
                        s.Blocking = false;
                        await Task.Yield();
                    }
                }
                """);
        }

        [Fact]
        public async Task A_buffered_stream_over_a_connections_stream_reads_and_writes_the_network()
        {
            // Typed BufferedStream (var), its own Read, Write and Flush (which writes what it holds): reported where it wraps a connection's stream, not a file's.
            await Verify.VerifyAnalyzerAsync(Usings + """
                class C
                {
                    async Task M(TcpClient c, FileStream file, byte[] buf)
                    {
                        await Task.Yield();
                        var bs = new BufferedStream(c.GetStream());
                        int n = [|bs.Read(buf, 0, buf.Length)|];
                        [|bs.Write(buf, 0, n)|];
                        [|bs.Flush()|];
                        var local = new BufferedStream(file);
                        n = local.Read(buf, 0, buf.Length);
                        local.Write(buf, 0, n);
                        local.Flush();

                        // A NetworkStream's own Flush does nothing.
                        c.GetStream().Flush();
                    }
                }
                """);
        }

        [Fact]
        public async Task Streams_that_are_not_network_streams()
        {
            await Verify.VerifyAnalyzerAsync(Usings + """
                class C
                {
                    async Task M(FileStream fs, MemoryStream ms)
                    {
                        await Task.Yield();
                        fs.Read(new byte[1], 0, 1);
                        ms.ReadExactly(new byte[1]);
                        ms.CopyTo(fs);
                    }
                }
                """);
        }

        [Fact]
        public async Task Result_of_a_task_already_awaited_or_completed()
        {
            await Verify.VerifyAnalyzerAsync(Usings + """
                class C
                {
                    async Task<int> M(Socket s, byte[] buf)
                    {
                        Task<int> first = s.ReceiveAsync(buf, SocketFlags.None);
                        await first;
                        int a = first.Result;

                        Task<int> second = s.ReceiveAsync(buf, SocketFlags.None);
                        await Task.WhenAll(second, Task.Delay(1));
                        int b = second.Result;

                        Task<int> third = s.ReceiveAsync(buf, SocketFlags.None);
                        int c = third.IsCompleted ? third.Result : 0;
                        return a + b + c;
                    }
                }
                """);
        }

        [Fact]
        public async Task Result_after_a_test_of_a_done_status()
        {
            // A status the task has once done is a check as IsCompleted is; Running or WaitingForActivation is not.
            await Verify.VerifyAnalyzerAsync(Usings + """
                class C
                {
                    async Task<int> M(Socket s, byte[] buf)
                    {
                        await Task.Yield();
                        Task<int> first = s.ReceiveAsync(buf, SocketFlags.None);
                        if (first.Status == TaskStatus.RanToCompletion)
                            return first.Result;
                        Task<int> second = s.ReceiveAsync(buf, SocketFlags.None);
                        if (second.Status is TaskStatus.Faulted or TaskStatus.Canceled)
                            return second.Result;
                        Task<int> third = s.ReceiveAsync(buf, SocketFlags.None);
                        if (third.Status == TaskStatus.Running)
                            return [|third.Result|];
                        return 0;
                    }
                }
                """);
        }

        [Fact]
        public async Task Result_of_a_task_that_is_not_a_socket_task()
        {
            await Verify.VerifyAnalyzerAsync(Usings + """
                class C
                {
                    async Task<int> M(Task<int> other)
                    {
                        await Task.Yield();
                        return Task.FromResult(1).Result + other.Result;
                    }
                }
                """);
        }

        [Fact]
        public async Task WaitAll_in_synchronous_code_or_a_synchronous_function_nested_in_async_code()
        {
            await Verify.VerifyAnalyzerAsync(Usings + """
                class C
                {
                    void Sync(Socket s, byte[] buf)
                    {
                        Task.WaitAll(s.ReceiveAsync(buf, SocketFlags.None));
                        Task.WaitAny(s.SendAsync(buf, SocketFlags.None));
                    }

                    async Task M(Socket s, byte[] buf)
                    {
                        var receive = s.ReceiveAsync(buf, SocketFlags.None);
                        await Task.Run(() => Task.WaitAll(receive));
                        new Thread(() => Task.WaitAny(s.SendAsync(buf, SocketFlags.None))).Start();
                        void Local() => Task.WaitAll(s.ReceiveAsync(buf, SocketFlags.None));
                    }
                }
                """);
        }

        [Fact]
        public async Task WaitAll_without_a_pending_socket_task()
        {
            await Verify.VerifyAnalyzerAsync(Usings + """
                class C
                {
                    async Task M(Socket s, byte[] buf, Task other)
                    {
                        await Task.Yield();
                        Task.WaitAll(Task.Delay(1), other);
                        Task.WaitAll(Array.Empty<Task>());
                        Task.WaitAny(new[] { Task.Delay(1) });

                        Task<int> awaited = s.ReceiveAsync(buf, SocketFlags.None);
                        await awaited;
                        Task.WaitAll(awaited, Task.Delay(1));

                        Task<int> whenAll = s.ReceiveAsync(buf, SocketFlags.None);
                        await Task.WhenAll(whenAll);
                        Task.WaitAny(whenAll);

                        Task<int> checkedFirst = s.ReceiveAsync(buf, SocketFlags.None);
                        if (checkedFirst.IsCompleted)
                            Task.WaitAll(checkedFirst);
                    }
                }
                """);
        }

        [Fact]
        public async Task Local_array_written_again_or_already_awaited()
        {
            await Verify.VerifyAnalyzerAsync(Usings + """
                class C
                {
                    async Task M(Socket s, byte[] buf, Task[] handedIn)
                    {
                        await Task.Yield();
                        var rewritten = new Task[] { s.ReceiveAsync(buf, SocketFlags.None) };
                        rewritten[0] = Task.Delay(1);
                        Task.WaitAll(rewritten);

                        var reassigned = new Task[] { s.ReceiveAsync(buf, SocketFlags.None) };
                        reassigned = new[] { Task.Delay(1) };
                        Task.WaitAny(reassigned);

                        var awaited = new Task[] { s.ReceiveAsync(buf, SocketFlags.None) };
                        await Task.WhenAll(awaited);
                        Task.WaitAll(awaited);

                        Task.WaitAll(handedIn);
                    }
                }
                """);
        }

        [Fact]
        public async Task WaitAll_of_another_type_is_not_Task_WaitAll()
        {
            await Verify.VerifyAnalyzerAsync(Usings + """
                static class Waiter
                {
                    public static void WaitAll(params Task[] tasks) { }
                    public static int WaitAny(params Task[] tasks) => 0;
                }

                class C
                {
                    async Task M(Socket s, byte[] buf)
                    {
                        await Task.Yield();
                        Waiter.WaitAll(s.ReceiveAsync(buf, SocketFlags.None));
                        Waiter.WaitAny(s.ReceiveAsync(buf, SocketFlags.None));
                    }
                }
                """);
        }

        [Fact]
        public async Task Connect_on_a_datagram_socket_only_records_the_peer()
        {
            await Verify.VerifyAnalyzerAsync(Usings + """
                class C
                {
                    async Task M(IPAddress ip, IPEndPoint ep, UdpClient handedIn)
                    {
                        await Task.Yield();
                        using var u = new Socket(ip.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
                        u.Connect(ip, 9999);
                        u.Connect(ep);
                        u.Connect(new IPEndPoint(IPAddress.Loopback, 53));
                        var uc = new UdpClient();
                        uc.Client.Connect(ep);
                        using var bound = new UdpClient(53);
                        using var to = new UdpClient(new IPEndPoint(IPAddress.Loopback, 53));
                        handedIn.Client.Connect(ip, 53);
                        Socket alias = u;
                        alias.Connect(ep);
                    }
                }
                """);
        }

        [Fact]
        public async Task Project_without_sockets_usage_is_untouched()
        {
            await Verify.VerifyAnalyzerAsync("""
                using System.Threading.Tasks;
                class C { async Task M() { await Task.Yield(); } }
                """);
        }

        [Fact]
        public async Task A_writer_that_buffers_or_is_not_over_a_connection_or_runs_in_sync_code()
        {
            await Verify.VerifyAnalyzerAsync(Class("""
                    async Task Buffers(TcpClient client, string text)
                    {
                        var writer = new StreamWriter(client.GetStream());
                        await Task.Yield();
                        writer.WriteLine(text);
                        await writer.FlushAsync();
                    }

                    async Task AutoFlushOff(TcpClient client, string text)
                    {
                        var writer = new StreamWriter(client.GetStream()) { AutoFlush = false };
                        await Task.Yield();
                        writer.Write(text);
                        await writer.FlushAsync();
                    }

                    async Task File(string path, string text)
                    {
                        using var writer = new StreamWriter(path) { AutoFlush = true };
                        await Task.Yield();
                        writer.WriteLine(text);
                        writer.Flush();
                        Console.WriteLine(text);
                        Console.Out.Flush();
                    }

                    void Sync(TcpClient client, string text)
                    {
                        var writer = new StreamWriter(client.GetStream()) { AutoFlush = true };
                        writer.WriteLine(text);
                        writer.Flush();
                    }
                """));
        }
    }

    public class CodeFix
    {
        [Fact]
        public async Task A_reader_and_writer_field_over_a_connection_await_their_async_forms()
        {
            await Verify.VerifyCodeFixAsync(Usings + """
                class Session
                {
                    private readonly StreamReader _reader;
                    private readonly StreamWriter _writer;

                    public Session(TcpClient client)
                    {
                        _reader = new StreamReader(client.GetStream());
                        _writer = new StreamWriter(client.GetStream()) { AutoFlush = true };
                    }

                    public async Task RunAsync(CancellationToken ct)
                    {
                        await Task.Yield();
                        var line = [|_reader.ReadLine()|];
                        [|_writer.WriteLine(line)|];
                    }
                }
                """, Usings + """
                class Session
                {
                    private readonly StreamReader _reader;
                    private readonly StreamWriter _writer;

                    public Session(TcpClient client)
                    {
                        _reader = new StreamReader(client.GetStream());
                        _writer = new StreamWriter(client.GetStream()) { AutoFlush = true };
                    }

                    public async Task RunAsync(CancellationToken ct)
                    {
                        await Task.Yield();
                        var line = await _reader.ReadLineAsync(ct);
                        await _writer.WriteLineAsync(line);
                    }
                }
                """, SL0004BlockingSocketCallInAsyncCodeFix.AwaitKey);
        }

        [Fact]
        public async Task A_buffered_streams_flush_over_a_connection_awaits_FlushAsync_with_the_token()
        {
            await Verify.VerifyCodeFixAsync(Usings + """
                class C
                {
                    async Task M(TcpClient c, byte[] buf, CancellationToken ct)
                    {
                        await Task.Yield();
                        var bs = new BufferedStream(c.GetStream());
                        await bs.WriteAsync(buf, ct);
                        [|bs.Flush()|];
                    }
                }
                """, Usings + """
                class C
                {
                    async Task M(TcpClient c, byte[] buf, CancellationToken ct)
                    {
                        await Task.Yield();
                        var bs = new BufferedStream(c.GetStream());
                        await bs.WriteAsync(buf, ct);
                        await bs.FlushAsync(ct);
                    }
                }
                """, SL0004BlockingSocketCallInAsyncCodeFix.AwaitKey);
        }

        [Fact]
        public async Task An_EndOfStream_loop_that_awaits_its_first_line_tests_the_awaited_line_instead()
        {
            // Fix All rewrites both loops, the inner one inside the outer: a token and ConfigureAwait are kept as written,
            // and a line declared string? becomes a pattern variable that is never null.
            await Verify.VerifyCodeFixAsync(Usings + """
                class C
                {
                    async Task M(TcpClient client, TcpClient other, CancellationToken ct)
                    {
                        using var reader = new StreamReader(client.GetStream());
                        var second = new StreamReader(other.GetStream());
                        while (![|reader.EndOfStream|])
                        {
                            var line = await reader.ReadLineAsync(ct);
                            if (line.Length == 0)
                                continue;
                            while (![|second.EndOfStream|])
                            {
                                string? answer = await second.ReadLineAsync().ConfigureAwait(false);
                                Console.WriteLine(line + answer);
                            }
                        }
                    }
                }
                """, Usings + """
                class C
                {
                    async Task M(TcpClient client, TcpClient other, CancellationToken ct)
                    {
                        using var reader = new StreamReader(client.GetStream());
                        var second = new StreamReader(other.GetStream());
                        while (await reader.ReadLineAsync(ct) is { } line)
                        {
                            if (line.Length == 0)
                                continue;
                            while (await second.ReadLineAsync().ConfigureAwait(false) is { } answer)
                            {
                                Console.WriteLine(line + answer);
                            }
                        }
                    }
                }
                """, SL0004BlockingSocketCallInAsyncCodeFix.AwaitKey);
        }

        [Fact]
        public async Task A_comment_ending_the_read_line_gets_a_line_of_its_own()
        {
            // The declaration the test takes in goes; its comment stays, before the next statement or the brace (helper G's p08:20).
            await Verify.VerifyCodeFixAsync(Usings + """
                class C
                {
                    async Task M(TcpClient client, TcpClient other, CancellationToken ct)
                    {
                        var reader = new StreamReader(client.GetStream());
                        while (![|reader.EndOfStream|])
                        {
                            var line = await reader.ReadLineAsync(ct); // next line
                            Console.WriteLine(line);
                        }

                        var second = new StreamReader(other.GetStream());
                        while (![|second.EndOfStream|])
                        {
                            var line = await second.ReadLineAsync(ct); /* dropped */
                        }
                    }
                }
                """, Usings + """
                class C
                {
                    async Task M(TcpClient client, TcpClient other, CancellationToken ct)
                    {
                        var reader = new StreamReader(client.GetStream());
                        while (await reader.ReadLineAsync(ct) is { } line)
                        {
                            // next line
                            Console.WriteLine(line);
                        }

                        var second = new StreamReader(other.GetStream());
                        while (await second.ReadLineAsync(ct) is { } line)
                        {
                            /* dropped */
                        }
                    }
                }
                """, SL0004BlockingSocketCallInAsyncCodeFix.AwaitKey);
        }

        [Fact]
        public async Task The_comments_of_the_line_read_stay_and_a_suppressed_null_still_gets_the_fix()
        {
            // Helper H's e02 and e03, e01:63 and e01:84: the lines of comment before the read stay before what follows it,
            // as does a comment inside the read's statement (it was lost); a line read as (await ...)! and a body that
            // says line! get the fix, the ! now saying once more that the line is not null.
            await Verify.VerifyCodeFixAsync(Usings + """
                class C
                {
                    async Task M(TcpClient client, CancellationToken ct)
                    {
                        var reader = new StreamReader(client.GetStream());
                        while (![|reader.EndOfStream|])
                        {
                            // the next request

                            /* one per line */
                            var line = await reader.ReadLineAsync(ct); // read
                            Console.WriteLine(line!.Length);
                        }

                        while (![|reader.EndOfStream|])
                        {
                            var line = await reader.ReadLineAsync(ct) // the read
                                ; // odd
                            if (line!.Length == 0)
                                continue;
                        }

                        while (![|reader.EndOfStream|])
                        {
                            string line = (await reader.ReadLineAsync(ct))!;
                            Console.WriteLine(line);
                        }
                    }
                }
                """, Usings + """
                class C
                {
                    async Task M(TcpClient client, CancellationToken ct)
                    {
                        var reader = new StreamReader(client.GetStream());
                        while (await reader.ReadLineAsync(ct) is { } line)
                        {
                            // the next request

                            /* one per line */
                            // read
                            Console.WriteLine(line!.Length);
                        }

                        while (await reader.ReadLineAsync(ct) is { } line)
                        {
                            // the read
                            // odd
                            if (line!.Length == 0)
                                continue;
                        }

                        while (await reader.ReadLineAsync(ct) is { } line)
                        {
                            Console.WriteLine(line);
                        }
                    }
                }
                """, SL0004BlockingSocketCallInAsyncCodeFix.AwaitKey);
        }

        [Fact]
        public async Task An_EndOfStream_test_gets_no_fix_where_the_loop_does_not_start_with_its_awaited_line()
        {
            // The line read inside a call, a directive before the declaration, another reader's line, a test that is not
            // the loop's whole condition, or not negated: nothing to fold the test into. A line the loop writes to (the
            // pattern's variable is never null): no fix either.
            await Verify.VerifyNoCodeFixAsync(Usings + """
                class C
                {
                    async Task M(TcpClient client, TcpClient other, bool more)
                    {
                        var reader = new StreamReader(client.GetStream());
                        var file = new StreamReader("lines.txt");
                        while (![|reader.EndOfStream|])
                            Console.WriteLine(await reader.ReadLineAsync());
                        while (![|reader.EndOfStream|])
                        {
                #if DEBUG
                            Console.WriteLine("reading");
                #endif
                            var line = await reader.ReadLineAsync();
                            Console.WriteLine(line);
                        }
                        while (![|reader.EndOfStream|])
                        {
                            var line = await file.ReadLineAsync();
                            Console.WriteLine(line);
                        }
                        while (more && ![|reader.EndOfStream|])
                        {
                            var line = await reader.ReadLineAsync();
                            Console.WriteLine(line);
                        }
                        while ([|reader.EndOfStream|] == false)
                        {
                            var line = await reader.ReadLineAsync();
                            Console.WriteLine(line);
                        }
                        while (![|reader.EndOfStream|])
                        {
                            var line = await reader.ReadLineAsync();
                            if (line == "")
                                line = null;
                            Console.WriteLine(line);
                        }
                    }
                }
                """);
        }

        [Fact]
        public async Task A_writer_over_a_connection_awaits_its_async_write()
        {
            await Verify.VerifyCodeFixAsync(Usings + """
                class C
                {
                    async Task M(TcpClient client, string text)
                    {
                        var writer = new StreamWriter(client.GetStream()) { AutoFlush = true };
                        await Task.Yield();
                        [|writer.WriteLine(text)|];
                        [|writer.Flush()|];
                    }
                }
                """, Usings + """
                class C
                {
                    async Task M(TcpClient client, string text)
                    {
                        var writer = new StreamWriter(client.GetStream()) { AutoFlush = true };
                        await Task.Yield();
                        await writer.WriteLineAsync(text);
                        await writer.FlushAsync();
                    }
                }
                """);
        }

        [Fact]
        public async Task A_ref_or_in_token_of_the_method_is_not_passed_inside_a_lambda()
        {
            // An in or ref parameter cannot be read in a lambda (CS1628): the lambda's call is fixed without it (an async
            // method cannot take one, CS1988, so only a lambda or local function in a sync method meets it).
            await Verify.VerifyCodeFixAsync(Usings + """
                class C
                {
                    Func<Task> Make(NetworkStream s, byte[] b, in CancellationToken ct) => async () => { [|s.Write(b, 0, b.Length)|]; await Task.Yield(); };

                    Func<Task> MakeRef(NetworkStream s, byte[] b, ref CancellationToken ct) => async () => { [|s.Write(b, 0, b.Length)|]; await Task.Yield(); };
                }
                """, Usings + """
                class C
                {
                    Func<Task> Make(NetworkStream s, byte[] b, in CancellationToken ct) => async () => { await s.WriteAsync(b, 0, b.Length); await Task.Yield(); };

                    Func<Task> MakeRef(NetworkStream s, byte[] b, ref CancellationToken ct) => async () => { await s.WriteAsync(b, 0, b.Length); await Task.Yield(); };
                }
                """);
        }

        [Fact]
        public async Task A_copy_into_a_connections_stream_awaits_CopyToAsync()
        {
            // The copy writes to the network and waits there, whatever it reads from; a copy into a memory stream does not.
            await Verify.VerifyCodeFixAsync(Usings + """
                class C
                {
                    async Task Send(TcpClient client, string path, CancellationToken ct)
                    {
                        await Task.Yield();
                        using var file = File.OpenRead(path);
                        [|file.CopyTo(client.GetStream())|];
                        var ns = client.GetStream();
                        [|file.CopyTo(destination: ns)|];
                        using var memory = new MemoryStream();
                        file.CopyTo(memory);
                    }
                }
                """, Usings + """
                class C
                {
                    async Task Send(TcpClient client, string path, CancellationToken ct)
                    {
                        await Task.Yield();
                        using var file = File.OpenRead(path);
                        await file.CopyToAsync(client.GetStream(), ct);
                        var ns = client.GetStream();
                        await file.CopyToAsync(destination: ns, cancellationToken: ct);
                        using var memory = new MemoryStream();
                        file.CopyTo(memory);
                    }
                }
                """);
        }

        [Fact]
        public async Task A_reader_over_a_connection_awaits_its_async_read_with_the_token_in_scope()
        {
            await Verify.VerifyCodeFixAsync(Usings + """
                class C
                {
                    async Task<string?> M(TcpClient client, CancellationToken ct)
                    {
                        using var reader = new StreamReader(client.GetStream());
                        await Task.Yield();
                        return [|reader.ReadLine()|];
                    }
                }
                """, Usings + """
                class C
                {
                    async Task<string?> M(TcpClient client, CancellationToken ct)
                    {
                        using var reader = new StreamReader(client.GetStream());
                        await Task.Yield();
                        return await reader.ReadLineAsync(ct);
                    }
                }
                """);
        }

        [Fact]
        public async Task Receive_passes_the_token_in_scope()
        {
            await Verify.VerifyCodeFixAsync(Usings + """
                class C
                {
                    async Task<int> M(Socket s, byte[] buffer, CancellationToken cancellationToken)
                    {
                        await Task.Yield();
                        int n = [|s.Receive(buffer)|];
                        return n;
                    }
                }
                """, Usings + """
                class C
                {
                    async Task<int> M(Socket s, byte[] buffer, CancellationToken cancellationToken)
                    {
                        await Task.Yield();
                        int n = await s.ReceiveAsync(buffer, cancellationToken);
                        return n;
                    }
                }
                """);
        }

        [Fact]
        public async Task Offset_and_size_become_a_memory_slice()
        {
            await Verify.VerifyCodeFixAsync(Usings + """
                class C
                {
                    async Task M(Socket s, byte[] buf, int n, CancellationToken ct)
                    {
                        await Task.Yield();
                        [|s.Send(buf, 0, n, SocketFlags.None)|];
                        [|s.Receive(buf, n, SocketFlags.Peek)|];
                    }
                }
                """, Usings + """
                class C
                {
                    async Task M(Socket s, byte[] buf, int n, CancellationToken ct)
                    {
                        await Task.Yield();
                        await s.SendAsync(buf.AsMemory(0, n), SocketFlags.None, ct);
                        await s.ReceiveAsync(buf.AsMemory(0, n), SocketFlags.Peek, ct);
                    }
                }
                """);
        }

        [Fact]
        public async Task Udp_send_with_a_token_in_scope_takes_the_memory_overload()
        {
            await Verify.VerifyCodeFixAsync(Usings + """
                class C
                {
                    async Task M(UdpClient u, byte[] datagram, int length, CancellationToken ct)
                    {
                        await Task.Yield();
                        [|u.Send(datagram, length)|];
                    }
                }
                """, Usings + """
                class C
                {
                    async Task M(UdpClient u, byte[] datagram, int length, CancellationToken ct)
                    {
                        await Task.Yield();
                        await u.SendAsync(datagram.AsMemory(0, length), ct);
                    }
                }
                """);
        }

        [Fact]
        public async Task A_token_source_in_scope_is_not_passed()
        {
            // Its Token may throw (the source disposed before the call, or null), or cancel the call on a timeout meant for
            // something else (helper H's c03, c05, c08): only a CancellationToken in scope is passed.
            await Verify.VerifyCodeFixAsync(Usings + """
                class C
                {
                    async Task<int> M(Socket s, byte[] buf, int timeout)
                    {
                        using var cts = new CancellationTokenSource(timeout);
                        await Task.Yield();
                        return [|s.Receive(buf)|];
                    }
                }
                """, Usings + """
                class C
                {
                    async Task<int> M(Socket s, byte[] buf, int timeout)
                    {
                        using var cts = new CancellationTokenSource(timeout);
                        await Task.Yield();
                        return await s.ReceiveAsync(buf);
                    }
                }
                """);
        }

        [Fact]
        public async Task Without_a_token_the_plain_counterpart_is_used()
        {
            await Verify.VerifyCodeFixAsync(Usings + """
                class C
                {
                    async Task M(TcpListener l, NetworkStream ns, byte[] buf)
                    {
                        await Task.Yield();
                        var c = [|l.AcceptTcpClient()|];
                        [|ns.Write(buf, 0, buf.Length)|];
                    }
                }
                """, Usings + """
                class C
                {
                    async Task M(TcpListener l, NetworkStream ns, byte[] buf)
                    {
                        await Task.Yield();
                        var c = await l.AcceptTcpClientAsync();
                        await ns.WriteAsync(buf, 0, buf.Length);
                    }
                }
                """);
        }

        [Fact]
        public async Task Member_access_on_the_result_keeps_parentheses()
        {
            await Verify.VerifyCodeFixAsync(Usings + """
                class C
                {
                    async Task<EndPoint?> M(Socket l, CancellationToken ct)
                    {
                        await Task.Yield();
                        return [|l.Accept()|].RemoteEndPoint;
                    }
                }
                """, Usings + """
                class C
                {
                    async Task<EndPoint?> M(Socket l, CancellationToken ct)
                    {
                        await Task.Yield();
                        return (await l.AcceptAsync(ct)).RemoteEndPoint;
                    }
                }
                """);
        }

        [Fact]
        public async Task Async_lambda_uses_its_own_token()
        {
            await Verify.VerifyCodeFixAsync(Usings + """
                class C
                {
                    void M(Socket s, CancellationToken outer)
                    {
                        Func<CancellationToken, Task> handler = async inner =>
                        {
                            await Task.Yield();
                            [|s.Connect("localhost", 80)|];
                        };
                    }
                }
                """, Usings + """
                class C
                {
                    void M(Socket s, CancellationToken outer)
                    {
                        Func<CancellationToken, Task> handler = async inner =>
                        {
                            await Task.Yield();
                            await s.ConnectAsync("localhost", 80, inner);
                        };
                    }
                }
                """);
        }

        [Fact]
        public async Task Async_local_function()
        {
            await Verify.VerifyCodeFixAsync(Usings + """
                class C
                {
                    void M(NetworkStream ns)
                    {
                        async Task<int> ReadAsync(byte[] buf, CancellationToken token)
                        {
                            await Task.Yield();
                            return [|ns.Read(buf)|];
                        }
                    }
                }
                """, Usings + """
                class C
                {
                    void M(NetworkStream ns)
                    {
                        async Task<int> ReadAsync(byte[] buf, CancellationToken token)
                        {
                            await Task.Yield();
                            return await ns.ReadAsync(buf, token);
                        }
                    }
                }
                """);
        }

        [Fact]
        public async Task Top_level_program_and_its_local_function()
        {
            await Verify.VerifyCodeFixAsync(Usings + """
                using var cts = new CancellationTokenSource();
                var token = cts.Token;
                var listener = new TcpListener(IPAddress.Loopback, 0);
                listener.Start();
                var client = [|listener.AcceptTcpClient()|];
                await Serve(client.GetStream());

                async Task Serve(NetworkStream stream)
                {
                    await Task.Yield();
                    [|stream.ReadExactly(new byte[4])|];
                }
                """, Usings + """
                using var cts = new CancellationTokenSource();
                var token = cts.Token;
                var listener = new TcpListener(IPAddress.Loopback, 0);
                listener.Start();
                var client = await listener.AcceptTcpClientAsync(token);
                await Serve(client.GetStream());

                async Task Serve(NetworkStream stream)
                {
                    await Task.Yield();
                    await stream.ReadExactlyAsync(new byte[4], token);
                }
                """, outputKind: OutputKind.ConsoleApplication);
        }

        [Fact]
        public async Task Span_made_with_AsSpan_becomes_AsMemory()
        {
            await Verify.VerifyCodeFixAsync(Usings + """
                class C
                {
                    async Task M(Socket s, byte[] buf, CancellationToken ct)
                    {
                        await Task.Yield();
                        [|s.Send(buf.AsSpan(1, 2))|];
                    }
                }
                """, Usings + """
                class C
                {
                    async Task M(Socket s, byte[] buf, CancellationToken ct)
                    {
                        await Task.Yield();
                        await s.SendAsync(buf.AsMemory(1, 2), ct);
                    }
                }
                """);
        }

        [Fact]
        public async Task Trivia_and_layout_are_kept()
        {
            await Verify.VerifyCodeFixAsync(Usings + """
                class C
                {
                    async Task M(Socket s, byte[] buf, CancellationToken ct)
                    {
                        await Task.Yield();
                        // read the header
                        int n = /* blocking */ [|s.Receive(buf,
                                                        0,
                                                        4,
                                                        SocketFlags.None)|]; // four bytes
                    }
                }
                """, Usings + """
                class C
                {
                    async Task M(Socket s, byte[] buf, CancellationToken ct)
                    {
                        await Task.Yield();
                        // read the header
                        int n = /* blocking */ await s.ReceiveAsync(buf.AsMemory(0, 4),
                                                        SocketFlags.None, ct); // four bytes
                    }
                }
                """);
        }

        [Fact]
        public async Task Sync_waits_become_await()
        {
            await Verify.VerifyCodeFixAsync(Usings + """
                class C
                {
                    async Task M(TcpListener l, Socket s)
                    {
                        await Task.Yield();
                        var c = [|l.AcceptTcpClientAsync().Result|];
                        [|s.ConnectAsync("localhost", 80).Wait()|];
                        var n = [|s.ReceiveAsync(new byte[1], SocketFlags.None).ConfigureAwait(false).GetAwaiter().GetResult()|];
                    }
                }
                """, Usings + """
                class C
                {
                    async Task M(TcpListener l, Socket s)
                    {
                        await Task.Yield();
                        var c = await l.AcceptTcpClientAsync();
                        await s.ConnectAsync("localhost", 80);
                        var n = await s.ReceiveAsync(new byte[1], SocketFlags.None).ConfigureAwait(false);
                    }
                }
                """, SL0004BlockingSocketCallInAsyncCodeFix.AwaitKey);
        }

        [Fact]
        public async Task WaitAll_and_WaitAny_statements_become_awaited_WhenAll_and_WhenAny()
        {
            await Verify.VerifyCodeFixAsync(Usings + """
                class C
                {
                    async Task M(Socket s, byte[] buf)
                    {
                        Task<int> receive = s.ReceiveAsync(buf, SocketFlags.None);
                        await Task.Yield();
                        [|Task.WaitAll(receive, Task.Delay(10))|]; // both
                        [|Task.WaitAll(new[] { s.SendAsync(buf, SocketFlags.None) })|];
                        [|Task.WaitAll([Task.Delay(1), s.ConnectAsync("localhost", 80)])|];
                        [|Task.WaitAny(
                            s.ReceiveAsync(buf, SocketFlags.None), // the peer
                            Task.Delay(1000) /* or a second */)|];
                        int n = [|s.ReceiveAsync(buf, SocketFlags.None).Result|];
                    }
                }
                """, Usings + """
                class C
                {
                    async Task M(Socket s, byte[] buf)
                    {
                        Task<int> receive = s.ReceiveAsync(buf, SocketFlags.None);
                        await Task.Yield();
                        await Task.WhenAll(receive, Task.Delay(10)); // both
                        await Task.WhenAll(new[] { s.SendAsync(buf, SocketFlags.None) });
                        await Task.WhenAll([Task.Delay(1), s.ConnectAsync("localhost", 80)]);
                        await Task.WhenAny(
                            s.ReceiveAsync(buf, SocketFlags.None), // the peer
                            Task.Delay(1000) /* or a second */);
                        int n = await s.ReceiveAsync(buf, SocketFlags.None);
                    }
                }
                """, SL0004BlockingSocketCallInAsyncCodeFix.AwaitKey);
        }

        [Fact]
        public async Task WaitAll_through_using_static_and_in_an_async_lambda()
        {
            await Verify.VerifyCodeFixAsync(Usings + """
                using static System.Threading.Tasks.Task;
                class C
                {
                    void M(Socket s, byte[] buf)
                    {
                        Func<Task> f = async () =>
                        {
                            await Yield();
                            [|WaitAll(s.ReceiveAsync(buf, SocketFlags.None))|];
                        };
                    }
                }
                """, Usings + """
                using static System.Threading.Tasks.Task;
                class C
                {
                    void M(Socket s, byte[] buf)
                    {
                        Func<Task> f = async () =>
                        {
                            await Yield();
                            await WhenAll(s.ReceiveAsync(buf, SocketFlags.None));
                        };
                    }
                }
                """);
        }

        [Fact]
        public async Task A_wait_whose_value_is_discarded_becomes_awaited_in_a_discard_or_an_expression_body()
        {
            await Verify.VerifyCodeFixAsync(Usings + """
                class C
                {
                    async Task M(Socket s, byte[] buf)
                    {
                        await Task.Yield();
                        _ = [|Task.WaitAny(s.ReceiveAsync(buf, SocketFlags.None), Task.Delay(1000))|];
                        Func<Task> all = async () => [|Task.WaitAll(s.SendAsync(buf, SocketFlags.None))|];
                        Func<Task> any = async () => [|Task.WaitAny(s.ReceiveAsync(buf, SocketFlags.None))|];
                        async Task Local() => [|Task.WaitAll(s.ReceiveAsync(buf, SocketFlags.None))|];
                        await Local();
                    }

                    async Task N(Socket s, byte[] buf) => [|Task.WaitAll(s.SendAsync(buf, SocketFlags.None))|];
                }
                """, Usings + """
                class C
                {
                    async Task M(Socket s, byte[] buf)
                    {
                        await Task.Yield();
                        _ = await Task.WhenAny(s.ReceiveAsync(buf, SocketFlags.None), Task.Delay(1000));
                        Func<Task> all = async () => await Task.WhenAll(s.SendAsync(buf, SocketFlags.None));
                        Func<Task> any = async () => await Task.WhenAny(s.ReceiveAsync(buf, SocketFlags.None));
                        async Task Local() => await Task.WhenAll(s.ReceiveAsync(buf, SocketFlags.None));
                        await Local();
                    }

                    async Task N(Socket s, byte[] buf) => await Task.WhenAll(s.SendAsync(buf, SocketFlags.None));
                }
                """);
        }

        [Fact]
        public async Task A_wait_whose_index_is_the_lambdas_result_gets_no_fix()
        {
            // The lambda returns WaitAny's index: WhenAny's task in its place would change what it returns.
            await Verify.VerifyNoCodeFixAsync(Usings + """
                class C
                {
                    async Task<int> M(Socket s, byte[] buf)
                    {
                        await Task.Yield();
                        Func<Task<int>> index = async () => [|Task.WaitAny(s.ReceiveAsync(buf, SocketFlags.None), Task.Delay(1))|];
                        return await index();
                    }
                }
                """);
        }

        [Fact]
        public async Task WaitAny_index_of_a_local_array_becomes_its_index_of_the_task_WhenAny_returns()
        {
            await Verify.VerifyCodeFixAsync(Usings + """
                class C
                {
                    async Task<int> M(Socket s, byte[] buf)
                    {
                        await Task.Yield();
                        var tasks = new[] { s.ReceiveAsync(buf, SocketFlags.None), s.ReceiveAsync(buf, SocketFlags.None) };
                        int first = [|Task.WaitAny(tasks)|];
                        Task[] mixed = { s.SendAsync(buf, SocketFlags.None), Task.Delay(1) };
                        return first + [|Task.WaitAny(mixed)|];
                    }
                }
                """, Usings + """
                class C
                {
                    async Task<int> M(Socket s, byte[] buf)
                    {
                        await Task.Yield();
                        var tasks = new[] { s.ReceiveAsync(buf, SocketFlags.None), s.ReceiveAsync(buf, SocketFlags.None) };
                        int first = Array.IndexOf(tasks, await Task.WhenAny(tasks));
                        Task[] mixed = { s.SendAsync(buf, SocketFlags.None), Task.Delay(1) };
                        return first + Array.IndexOf(mixed, await Task.WhenAny(mixed));
                    }
                }
                """);
        }

        [Fact]
        public async Task No_fix_where_WhenAll_or_WhenAny_would_mean_something_else()
        {
            // A timeout or a token makes WaitAll/WaitAny stop waiting (false, -1, or OperationCanceledException) where
            // an awaited WhenAll/WhenAny waits on; WaitAny's index of tasks listed in the call cannot be found again
            // without evaluating them twice; WaitAll throws AggregateException, an awaited WhenAll its first exception.
            await Verify.VerifyNoCodeFixAsync(Usings + """
                class C
                {
                    readonly object gate = new();

                    async Task M(Socket s, byte[] buf, CancellationToken ct)
                    {
                        Task<int> receive = s.ReceiveAsync(buf, SocketFlags.None);
                        await Task.Yield();
                        bool done = [|Task.WaitAll(new[] { receive }, 1000)|];
                        [|Task.WaitAll(new[] { receive }, TimeSpan.FromSeconds(1))|];
                        [|Task.WaitAll(new[] { receive }, ct)|];
                        [|Task.WaitAny(new Task[] { receive }, 1000, ct)|];
                        int index = [|Task.WaitAny(receive, Task.Delay(1))|];
                        try
                        {
                            [|Task.WaitAll(receive)|];
                        }
                        catch (AggregateException e)
                        {
                            Console.WriteLine(e.InnerExceptions.Count);
                        }

                        lock (gate) { [|Task.WaitAll(s.SendAsync(buf, SocketFlags.None))|]; }
                    }
                }
                """);
        }

        [Fact]
        public async Task Result_and_Wait_under_a_catch_of_AggregateException_get_no_fix()
        {
            // .Result and .Wait() throw AggregateException; await throws the task's first exception itself, which that
            // catch would no longer see.
            await Verify.VerifyNoCodeFixAsync(Usings + """
                class C
                {
                    async Task<int> M(Socket s, byte[] buf)
                    {
                        await Task.Yield();
                        try
                        {
                            [|s.SendAsync(buf, SocketFlags.None).Wait()|];
                            return [|s.ReceiveAsync(buf, SocketFlags.None).Result|];
                        }
                        catch (AggregateException e)
                        {
                            return e.InnerExceptions.Count;
                        }
                    }
                }
                """);
        }

        [Theory]
        [InlineData("catch (Exception ex) when (ex is AggregateException)", "return 0;")]
        [InlineData("catch (Exception ex)", "return ex.InnerException is SocketException ? 1 : 0;")]
        [InlineData("catch (Exception ex)", "return ex is AggregateException a ? a.Flatten().InnerExceptions.Count : 0;")]
        public async Task Result_and_Wait_under_a_catch_that_looks_for_the_wrapper_get_no_fix(string catchClause, string body)
        {
            // A catch of any exception that asks for the AggregateException or its inner exceptions sees something else
            // once the task is awaited.
            await Verify.VerifyNoCodeFixAsync(Usings + $$"""
                class C
                {
                    async Task<int> M(Socket s, byte[] buf)
                    {
                        await Task.Yield();
                        try
                        {
                            return [|s.ReceiveAsync(buf, SocketFlags.None).Result|];
                        }
                        {{catchClause}}
                        {
                            {{body}}
                        }
                    }
                }
                """);
        }

        [Fact]
        public async Task GetResult_under_a_catch_of_AggregateException_is_still_fixed()
        {
            // GetAwaiter().GetResult() throws what await throws: the catch sees the same either way.
            await Verify.VerifyCodeFixAsync(Usings + """
                class C
                {
                    async Task<int> M(Socket s, byte[] buf)
                    {
                        await Task.Yield();
                        try
                        {
                            return [|s.ReceiveAsync(buf, SocketFlags.None).GetAwaiter().GetResult()|];
                        }
                        catch (AggregateException e)
                        {
                            return e.InnerExceptions.Count;
                        }
                    }
                }
                """, Usings + """
                class C
                {
                    async Task<int> M(Socket s, byte[] buf)
                    {
                        await Task.Yield();
                        try
                        {
                            return await s.ReceiveAsync(buf, SocketFlags.None);
                        }
                        catch (AggregateException e)
                        {
                            return e.InnerExceptions.Count;
                        }
                    }
                }
                """);
        }

        [Fact]
        public async Task Names_written_with_an_at_sign_keep_it()
        {
            // A token named @event, a client named @class: the fix writes them as the source does, or it would not parse.
            await Verify.VerifyCodeFixAsync(Usings + """
                class C
                {
                    async Task<int> M(Socket s, byte[] b, CancellationToken @event)
                    {
                        await Task.Yield();
                        return [|s.Receive(b)|];
                    }

                    async Task N(string host, CancellationToken @await)
                    {
                        await Task.Yield();
                        using var @class = [|new TcpClient(host, 443)|];
                        @class.NoDelay = true;
                    }
                }
                """, Usings + """
                class C
                {
                    async Task<int> M(Socket s, byte[] b, CancellationToken @event)
                    {
                        await Task.Yield();
                        return await s.ReceiveAsync(b, @event);
                    }

                    async Task N(string host, CancellationToken @await)
                    {
                        await Task.Yield();
                        using var @class = new TcpClient();
                        await @class.ConnectAsync(host, 443, @await);
                        @class.NoDelay = true;
                    }
                }
                """, SL0004BlockingSocketCallInAsyncCodeFix.AwaitKey);
        }

        [Fact]
        public async Task ConnectAsync_is_indented_as_the_declaration_and_no_other_line_moves()
        {
            // Tabs stay tabs; the statement after it, and a switch section's break, keep their own indentation.
            var source = Usings + "class C\n{\n\tasync Task M(string host, int port, int mode, CancellationToken ct)\n\t{\n\t\tawait Task.Yield();\n"
                + "\t\tvar c = [|new TcpClient(host, port)|]; // the client\n\t\tvar ns = c.GetStream();\n"
                + "\t\tswitch (mode)\n\t\t{\n\t\t\tcase 1:\n\t\t\t\tvar d = [|new TcpClient(host, port)|];\n\t\t\t\tbreak;\n\t\t}\n\t}\n}\n";
            var fixedSource = Usings + "class C\n{\n\tasync Task M(string host, int port, int mode, CancellationToken ct)\n\t{\n\t\tawait Task.Yield();\n"
                + "\t\tvar c = new TcpClient(); // the client\n\t\tawait c.ConnectAsync(host, port, ct);\n\t\tvar ns = c.GetStream();\n"
                + "\t\tswitch (mode)\n\t\t{\n\t\t\tcase 1:\n\t\t\t\tvar d = new TcpClient();\n\t\t\t\tawait d.ConnectAsync(host, port, ct);\n\t\t\t\tbreak;\n\t\t}\n\t}\n}\n";
            await Verify.VerifyCodeFixAsync(source, fixedSource, SL0004BlockingSocketCallInAsyncCodeFix.AwaitKey);
        }

        [Fact]
        public async Task ConnectAsync_in_top_level_code_keeps_the_files_line_endings()
        {
            // Top-level statements start at the first column, and the file's lines end with CRLF: so does the new one.
            var source = (Usings + """
                await Task.Yield();
                var c = [|new TcpClient("localhost", 80)|];
                var ns = c.GetStream();
                """).Replace("\n", "\r\n");
            var fixedSource = (Usings + """
                await Task.Yield();
                var c = new TcpClient();
                await c.ConnectAsync("localhost", 80);
                var ns = c.GetStream();
                """).Replace("\n", "\r\n");
            await Verify.VerifyCodeFixAsync(source, fixedSource, SL0004BlockingSocketCallInAsyncCodeFix.AwaitKey, OutputKind.ConsoleApplication);
        }

        [Fact]
        public async Task The_local_of_an_assigned_client_is_named_past_every_name_it_could_clash_with()
        {
            // A query's range variable, and in top-level code a name declared in a later statement's block or catch; the
            // comments around the target and the '=' stay on the declaration.
            await Verify.VerifyCodeFixAsync("using System.Linq;\n" + Usings + """
                class C
                {
                    TcpClient? _client;

                    async Task M(string h, int p, int[] xs)
                    {
                        await Task.Yield();
                        _client /* primary */ = /* pooled */ [|new TcpClient(h, p)|]; // keep
                        var q = from client in xs select client;
                    }
                }
                """, "using System.Linq;\n" + Usings + """
                class C
                {
                    TcpClient? _client;

                    async Task M(string h, int p, int[] xs)
                    {
                        await Task.Yield();
                        var connected /* primary */ = /* pooled */ new TcpClient(); // keep
                        await connected.ConnectAsync(h, p);
                        _client = connected;
                        var q = from client in xs select client;
                    }
                }
                """, SL0004BlockingSocketCallInAsyncCodeFix.AwaitKey);
            await Verify.VerifyCodeFixAsync(Usings + """
                TcpClient? peer = null;
                await Task.Yield();
                peer = [|new TcpClient("localhost", 80)|];
                if (peer != null) { var connected = 1; }
                try { } catch (Exception connected2) { }

                """, Usings + """
                TcpClient? peer = null;
                await Task.Yield();
                var connected3 = new TcpClient();
                await connected3.ConnectAsync("localhost", 80);
                peer = connected3;
                if (peer != null) { var connected = 1; }
                try { } catch (Exception connected2) { }

                """, SL0004BlockingSocketCallInAsyncCodeFix.AwaitKey, OutputKind.ConsoleApplication);
        }

        [Fact]
        public async Task ConnectAsync_of_a_client_assigned_in_top_level_code()
        {
            // A new(...) that takes its type from what it is assigned to is declared with that type. The last statement
            // ends the file, with no line break after it.
            await Verify.VerifyCodeFixAsync(Usings + """
                TcpClient? peer = null;
                await Task.Yield();
                peer = [|new TcpClient("localhost", 80)|];
                peer.NoDelay = true;
                peer = [|new("localhost", 81)|];
                """, Usings + """
                TcpClient? peer = null;
                await Task.Yield();
                var connected = new TcpClient();
                await connected.ConnectAsync("localhost", 80);
                peer = connected;
                peer.NoDelay = true;
                TcpClient connected2 = new();
                await connected2.ConnectAsync("localhost", 81);
                peer = connected2;
                """, SL0004BlockingSocketCallInAsyncCodeFix.AwaitKey, OutputKind.ConsoleApplication);
        }

        [Fact]
        public async Task No_ConnectAsync_fix_with_an_if_directive_among_the_arguments()
        {
            // The one line would keep one branch.
            await Verify.VerifyNoCodeFixAsync(Class("""
                    async Task M(string host)
                    {
                        await Task.Yield();
                        var h = [|new TcpClient(
                #if DEBUG
                            "localhost",
                #else
                            host,
                #endif
                            448)|];
                    }
                """));
        }

        [Fact]
        public async Task ConnectAsync_keeps_the_arguments_comments()
        {
            // Around each argument, in its name, after its comma, after the opening and before the closing parenthesis,
            // and inside it: each goes after its argument, and a `//` comment becomes a `/* */` one.
            await Verify.VerifyCodeFixAsync(Class("""
                    async Task M(string host, CancellationToken ct)
                    {
                        await Task.Yield();
                        var c = [|new TcpClient(host /* primary */, port: 443)|];
                        var d = [|new TcpClient(
                            host, // the backup
                            444)|];
                        var e = [|new TcpClient(hostname: /* named */ host, port: 445)|];
                        var f = [|new TcpClient( // the first
                            host,
                            446 /* the last */
                            // the end
                            )|];
                        var g = [|new TcpClient(true
                            ? host // the usual
                            : "localhost", 447)|];
                    }
                """), Class("""
                    async Task M(string host, CancellationToken ct)
                    {
                        await Task.Yield();
                        var c = new TcpClient();
                        await c.ConnectAsync(host /* primary */, 443, ct);
                        var d = new TcpClient();
                        await d.ConnectAsync(host /* the backup */, 444, ct);
                        var e = new TcpClient();
                        await e.ConnectAsync(host /* named */, 445, ct);
                        var f = new TcpClient();
                        await f.ConnectAsync(host /* the first */, 446 /* the last */ /* the end */, ct);
                        var g = new TcpClient();
                        await g.ConnectAsync(true ? host /* the usual */ : "localhost", 447, ct);
                    }
                """), SL0004BlockingSocketCallInAsyncCodeFix.AwaitKey);
        }

        [Fact]
        public async Task Connecting_constructor_assigned_to_a_field_becomes_ConnectAsync()
        {
            await Verify.VerifyCodeFixAsync(Usings + """
                class C
                {
                    TcpClient? _client;
                    TcpClient? client;

                    async Task M(string host, CancellationToken ct)
                    {
                        await Task.Yield();
                        _client = [|new TcpClient(host, 443)|];
                        this.client = [|new TcpClient(host, 80)|];
                        _client.NoDelay = true;
                    }
                }
                """, Usings + """
                class C
                {
                    TcpClient? _client;
                    TcpClient? client;

                    async Task M(string host, CancellationToken ct)
                    {
                        await Task.Yield();
                        var connected = new TcpClient();
                        await connected.ConnectAsync(host, 443, ct);
                        _client = connected;
                        var connected2 = new TcpClient();
                        await connected2.ConnectAsync(host, 80, ct);
                        this.client = connected2;
                        _client.NoDelay = true;
                    }
                }
                """, SL0004BlockingSocketCallInAsyncCodeFix.AwaitKey);
        }

        [Fact]
        public async Task A_function_that_awaits_with_ConfigureAwait_false_gets_it_on_the_new_await_too()
        {
            // Library code: every await of the function is configured, so the awaits the fix writes are too (CA2007).
            // A function with a plain await, or none, is left as the fix writes it elsewhere.
            await Verify.VerifyCodeFixAsync(Usings + """
                class C
                {
                    async Task<int> M(NetworkStream ns, byte[] buf, string host, CancellationToken ct)
                    {
                        await ns.FlushAsync(ct).ConfigureAwait(false);
                        using var client = [|new TcpClient(host, 443)|];
                        var n = [|ns.ReadAsync(buf, 0, 4).Result|];
                        return n + [|ns.Read(buf, 0, 4)|];
                    }

                    async Task<int> Plain(NetworkStream ns, byte[] buf, CancellationToken ct)
                    {
                        await ns.FlushAsync(ct);
                        return [|ns.Read(buf, 0, 4)|];
                    }
                }
                """, Usings + """
                class C
                {
                    async Task<int> M(NetworkStream ns, byte[] buf, string host, CancellationToken ct)
                    {
                        await ns.FlushAsync(ct).ConfigureAwait(false);
                        using var client = new TcpClient();
                        await client.ConnectAsync(host, 443, ct).ConfigureAwait(false);
                        var n = await ns.ReadAsync(buf, 0, 4).ConfigureAwait(false);
                        return n + await ns.ReadAsync(buf, 0, 4, ct).ConfigureAwait(false);
                    }

                    async Task<int> Plain(NetworkStream ns, byte[] buf, CancellationToken ct)
                    {
                        await ns.FlushAsync(ct);
                        return await ns.ReadAsync(buf, 0, 4, ct);
                    }
                }
                """);
        }

        [Fact]
        public async Task A_configured_task_is_not_configured_twice_and_await_foreach_is_a_plain_await()
        {
            await Verify.VerifyCodeFixAsync(Usings + """
                class C
                {
                    async Task<int> M(Socket s, byte[] buf)
                    {
                        await Task.Delay(1).ConfigureAwait(false);
                        return [|s.ReceiveAsync(buf, SocketFlags.None).ConfigureAwait(false).GetAwaiter().GetResult()|];
                    }

                    async Task<int> N(NetworkStream ns, byte[] buf, System.Collections.Generic.IAsyncEnumerable<int> items)
                    {
                        await foreach (var item in items) { }
                        await Task.Delay(1).ConfigureAwait(false);
                        return [|ns.Read(buf, 0, 4)|];
                    }
                }
                """, Usings + """
                class C
                {
                    async Task<int> M(Socket s, byte[] buf)
                    {
                        await Task.Delay(1).ConfigureAwait(false);
                        return await s.ReceiveAsync(buf, SocketFlags.None).ConfigureAwait(false);
                    }

                    async Task<int> N(NetworkStream ns, byte[] buf, System.Collections.Generic.IAsyncEnumerable<int> items)
                    {
                        await foreach (var item in items) { }
                        await Task.Delay(1).ConfigureAwait(false);
                        return await ns.ReadAsync(buf, 0, 4);
                    }
                }
                """);
        }

        [Fact]
        public async Task ConnectAsync_takes_the_comment_that_ends_the_last_arguments_line()
        {
            // new TcpClient(\n host, // host\n port); // port: the comment after the semicolon is the port's (helper G's c08:24).
            await Verify.VerifyCodeFixAsync(Usings + """
                class C
                {
                    TcpClient? _client;

                    async Task M(string host, int port)
                    {
                        await Task.Yield();
                        var c = [|new TcpClient(
                            host, // host
                            port)|];     // port
                        _client = [|new TcpClient(
                            host,
                            port)|]; // again
                        var d = [|new TcpClient(host, port)|]; // one line
                    }
                }
                """, Usings + """
                class C
                {
                    TcpClient? _client;

                    async Task M(string host, int port)
                    {
                        await Task.Yield();
                        var c = new TcpClient();
                        await c.ConnectAsync(host /* host */, port /* port */);
                        var client = new TcpClient();
                        await client.ConnectAsync(host, port /* again */);
                        _client = client;
                        var d = new TcpClient(); // one line
                        await d.ConnectAsync(host, port);
                    }
                }
                """, SL0004BlockingSocketCallInAsyncCodeFix.AwaitKey);
        }

        [Fact]
        public async Task ConnectAsync_follows_the_line_indentation()
        {
            // A comment before the statement on its line is not its indentation.
            await Verify.VerifyCodeFixAsync(Usings + """
                class C
                {
                    TcpClient? _client;

                    async Task M(string host, int port, CancellationToken ct)
                    {
                        await Task.Yield();
                        /* connect */ _client = [|new TcpClient(host, port)|];
                    }
                }
                """, Usings + """
                class C
                {
                    TcpClient? _client;

                    async Task M(string host, int port, CancellationToken ct)
                    {
                        await Task.Yield();
                        /* connect */ var client = new TcpClient();
                        await client.ConnectAsync(host, port, ct);
                        _client = client;
                    }
                }
                """, SL0004BlockingSocketCallInAsyncCodeFix.AwaitKey);
        }

        [Fact]
        public async Task A_client_assigned_is_connected_in_a_local_then_assigned()
        {
            // Assigned before it connects, a connect that throws would leave an unconnected client in the field, where the
            // constructor left the field as it was: the retry loop would then see a client. The local's name is free in
            // every block it could clash with ('client' is declared later, and the first 'connected' in a block inside),
            // and a property with no getter can be assigned too.
            await Verify.VerifyCodeFixAsync(Usings + """
                class C
                {
                    TcpClient? _client;
                    TcpClient Client { set { } }

                    async Task Reconnect(string host, int port, CancellationToken ct)
                    {
                        await Task.Yield();
                        while (_client is null)
                        {
                            try
                            {
                                _client = [|new TcpClient(host, port)|];
                            }
                            catch (SocketException)
                            {
                                await Task.Delay(1000, ct);
                            }
                        }

                        Client = [|new TcpClient(host, port)|];
                        var client = 0;
                    }
                }
                """, Usings + """
                class C
                {
                    TcpClient? _client;
                    TcpClient Client { set { } }

                    async Task Reconnect(string host, int port, CancellationToken ct)
                    {
                        await Task.Yield();
                        while (_client is null)
                        {
                            try
                            {
                                var connected = new TcpClient();
                                await connected.ConnectAsync(host, port, ct);
                                _client = connected;
                            }
                            catch (SocketException)
                            {
                                await Task.Delay(1000, ct);
                            }
                        }

                        var connected2 = new TcpClient();
                        await connected2.ConnectAsync(host, port, ct);
                        Client = connected2;
                        var client = 0;
                    }
                }
                """, SL0004BlockingSocketCallInAsyncCodeFix.AwaitKey);
        }

        [Fact]
        public async Task A_wait_with_a_token_becomes_an_awaited_WaitAsync()
        {
            await Verify.VerifyCodeFixAsync(Usings + """
                class C
                {
                    async Task M(Socket s, byte[] buf, CancellationToken ct)
                    {
                        await Task.Yield();
                        var pending = s.ReceiveAsync(buf, SocketFlags.None);
                        [|pending.Wait(ct)|];
                    }
                }
                """, Usings + """
                class C
                {
                    async Task M(Socket s, byte[] buf, CancellationToken ct)
                    {
                        await Task.Yield();
                        var pending = s.ReceiveAsync(buf, SocketFlags.None);
                        await pending.WaitAsync(ct);
                    }
                }
                """);
        }

        [Fact]
        public async Task No_fix_for_a_wait_with_a_timeout()
        {
            // Wait(1000) returns whether the task finished: no await says that.
            await Verify.VerifyNoCodeFixAsync(Usings + """
                class C
                {
                    async Task<bool> M(Socket s, byte[] buf)
                    {
                        await Task.Yield();
                        var pending = s.ReceiveAsync(buf, SocketFlags.None);
                        return [|pending.Wait(1000)|];
                    }
                }
                """);
        }

        [Fact]
        public async Task Connecting_constructor_becomes_ConnectAsync()
        {
            await Verify.VerifyCodeFixAsync(Usings + """
                class C
                {
                    async Task M(string host, CancellationToken ct)
                    {
                        await Task.Yield();
                        using var client = [|new TcpClient(host, 443)|];
                        client.NoDelay = true;
                    }
                }
                """, Usings + """
                class C
                {
                    async Task M(string host, CancellationToken ct)
                    {
                        await Task.Yield();
                        using var client = new TcpClient();
                        await client.ConnectAsync(host, 443, ct);
                        client.NoDelay = true;
                    }
                }
                """, SL0004BlockingSocketCallInAsyncCodeFix.AwaitKey);
        }

        [Fact]
        public async Task The_awaited_statement_keeps_its_place_after_a_block()
        {
            // The await that now starts the statement brings no line of its own: nothing is added before it.
            await Verify.VerifyCodeFixAsync(Usings + """
                class C
                {
                    async Task M(Socket s, byte[] b, bool x, CancellationToken ct)
                    {
                        await Task.Yield();
                        if (x) { Console.WriteLine(); }
                        [|s.Send(b)|];
                    }
                }
                """, Usings + """
                class C
                {
                    async Task M(Socket s, byte[] b, bool x, CancellationToken ct)
                    {
                        await Task.Yield();
                        if (x) { Console.WriteLine(); }
                        await s.SendAsync(b, ct);
                    }
                }
                """);
            await Verify.VerifyCodeFixAsync(Usings + """
                var s = new Socket(SocketType.Stream, ProtocolType.Tcp);
                await Task.Yield();
                [|s.Send(new byte[1])|];
                """, Usings + """
                var s = new Socket(SocketType.Stream, ProtocolType.Tcp);
                await Task.Yield();
                await s.SendAsync(new byte[1]);
                """, outputKind: OutputKind.ConsoleApplication);
        }

        [Fact]
        public async Task Fix_all_composes_nested_calls()
        {
            await Verify.VerifyCodeFixAsync(Usings + """
                class C
                {
                    async Task M(Socket listener, Socket a, Socket b, byte[] buf, CancellationToken ct)
                    {
                        await Task.Yield();
                        [|a.Send(buf, [|b.Receive(buf)|], SocketFlags.None)|];
                        [|listener.Accept()|].Close();
                        [|b.Send(buf)|];
                    }
                }
                """, Usings + """
                class C
                {
                    async Task M(Socket listener, Socket a, Socket b, byte[] buf, CancellationToken ct)
                    {
                        await Task.Yield();
                        await a.SendAsync(buf.AsMemory(0, await b.ReceiveAsync(buf, ct)), SocketFlags.None, ct);
                        (await listener.AcceptAsync(ct)).Close();
                        await b.SendAsync(buf, ct);
                    }
                }
                """);
        }

        [Fact]
        public async Task No_fix_on_a_call_in_a_conditional_access()
        {
            await Verify.VerifyNoCodeFixAsync(Usings + """
                class C
                {
                    Socket? _s;
                    TcpClient? _c;

                    async Task M(byte[] b)
                    {
                        await Task.Yield();
                        _s?[|.Send(b)|];
                        var n = _s?[|.Receive(b)|];
                        _c?[|.Client.Send(b)|];
                        var r = _s?[|.ReceiveAsync(b, SocketFlags.None).Result|];
                    }
                }
                """);
        }

        [Fact]
        public async Task Static_functions_pass_only_their_own_token()
        {
            await Verify.VerifyCodeFixAsync(Usings + """
                class C
                {
                    async Task M(Socket s, byte[] b, CancellationToken ct)
                    {
                        static async Task<int> Inner(Socket s, byte[] b) { await Task.Yield(); return [|s.Receive(b)|]; }
                        static async Task Own(Socket s, byte[] b, CancellationToken inner) { await Task.Yield(); [|s.Send(b)|]; }
                        Func<Socket, Task> ping = static async sock => { await Task.Yield(); [|sock.Send(new byte[] { 0 })|]; };
                        Func<Socket, CancellationToken, Task> pong = static async (sock, token) => { await Task.Yield(); [|sock.Send(new byte[] { 1 })|]; };
                        await Inner(s, b);
                        await Own(s, b, ct);
                        await ping(s);
                        await pong(s, ct);
                    }
                }
                """, Usings + """
                class C
                {
                    async Task M(Socket s, byte[] b, CancellationToken ct)
                    {
                        static async Task<int> Inner(Socket s, byte[] b) { await Task.Yield(); return await s.ReceiveAsync(b); }
                        static async Task Own(Socket s, byte[] b, CancellationToken inner) { await Task.Yield(); await s.SendAsync(b, inner); }
                        Func<Socket, Task> ping = static async sock => { await Task.Yield(); await sock.SendAsync(new byte[] { 0 }); };
                        Func<Socket, CancellationToken, Task> pong = static async (sock, token) => { await Task.Yield(); await sock.SendAsync(new byte[] { 1 }, token); };
                        await Inner(s, b);
                        await Own(s, b, ct);
                        await ping(s);
                        await pong(s, ct);
                    }
                }
                """);
        }

        [Fact]
        public async Task Only_a_definitely_assigned_token_is_passed()
        {
            await Verify.VerifyCodeFixAsync(Usings + """
                class C
                {
                    async Task M(Socket s, byte[] b, int k, object state)
                    {
                        CancellationToken token;
                        await Task.Yield();
                        [|s.Send(b)|];
                        switch (k)
                        {
                            case 1:
                                var tok = CancellationToken.None;
                                await Task.Delay(1, tok);
                                break;
                            case 2:
                                [|s.Send(b)|];
                                break;
                        }

                        token = CancellationToken.None;
                        if (state is not CancellationToken assigned)
                            return;
                        [|s.Send(b)|];
                        await Task.Delay(1, token);
                    }
                }
                """, Usings + """
                class C
                {
                    async Task M(Socket s, byte[] b, int k, object state)
                    {
                        CancellationToken token;
                        await Task.Yield();
                        await s.SendAsync(b);
                        switch (k)
                        {
                            case 1:
                                var tok = CancellationToken.None;
                                await Task.Delay(1, tok);
                                break;
                            case 2:
                                await s.SendAsync(b);
                                break;
                        }

                        token = CancellationToken.None;
                        if (state is not CancellationToken assigned)
                            return;
                        await s.SendAsync(b, assigned);
                        await Task.Delay(1, token);
                    }
                }
                """);
        }

        [Fact]
        public async Task A_local_function_passes_only_a_token_assigned_at_every_call()
        {
            await Verify.VerifyCodeFixAsync(Usings + """
                class C
                {
                    async Task M(Socket s, byte[] b)
                    {
                        var early = CancellationToken.None;
                        Func<Task> lambda = async () => { await Task.Yield(); [|s.Send(b)|]; };
                        CancellationToken late;
                        await Send();
                        late = CancellationToken.None;
                        await Send();
                        await Task.Delay(1, late);

                        async Task Send() { await Task.Yield(); [|s.Send(b)|]; }
                    }
                }
                """, Usings + """
                class C
                {
                    async Task M(Socket s, byte[] b)
                    {
                        var early = CancellationToken.None;
                        Func<Task> lambda = async () => { await Task.Yield(); await s.SendAsync(b, early); };
                        CancellationToken late;
                        await Send();
                        late = CancellationToken.None;
                        await Send();
                        await Task.Delay(1, late);

                        async Task Send() { await Task.Yield(); await s.SendAsync(b, early); }
                    }
                }
                """);
        }

        [Fact]
        public async Task Comments_on_merged_arguments_are_kept()
        {
            await Verify.VerifyCodeFixAsync(Usings + """
                class C
                {
                    async Task M(Socket s, UdpClient u, byte[] b, CancellationToken ct)
                    {
                        await Task.Yield();
                        int n = [|s.Receive(b, // the buffer
                            0, // offset
                            b.Length, // count
                            SocketFlags.None)|];
                        [|u.Send(b, // datagram
                            n /* bytes */)|];
                    }
                }
                """, Usings + """
                class C
                {
                    async Task M(Socket s, UdpClient u, byte[] b, CancellationToken ct)
                    {
                        await Task.Yield();
                        int n = await s.ReceiveAsync(b.AsMemory( // the buffer
                            0, // offset
                            b.Length), // count
                            SocketFlags.None, ct);
                        await u.SendAsync(b.AsMemory(0, // datagram
                            n /* bytes */), ct);
                    }
                }
                """);
        }

        [Fact]
        public async Task No_fix_without_a_same_shape_counterpart_or_where_await_is_illegal()
        {
            await Verify.VerifyNoCodeFixAsync(Usings + """
                class C
                {
                    readonly object gate = new();

                    async Task M(Socket s, UdpClient u, NetworkStream ns)
                    {
                        await Task.Yield();
                        [|s.Poll(1000, SelectMode.SelectRead)|];
                        IPEndPoint? from = null;
                        [|u.Receive(ref from)|];
                        [|ns.ReadByte()|];
                        [|s.Receive(new byte[1], 0, 1, SocketFlags.None, out SocketError error)|];
                        lock (gate) { [|s.Send(new byte[1])|]; }
                    }
                }
                """);
        }
    }
}
