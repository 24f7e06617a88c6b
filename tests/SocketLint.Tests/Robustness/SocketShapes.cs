using System.Text;

namespace SocketLint.Tests.Robustness;

/// <summary>
/// Generated socket code of many shapes, from a seeded generator: servers and clients, read and write loops in
/// methods, lambdas, local functions and top-level programs, SocketAsyncEventArgs and APM callbacks, pattern
/// matching, switch expressions, goto, nested try/finally. Most compile; the suite also cuts and slips them.
/// </summary>
internal static class SocketShapes
{
    private sealed record Connection(string Declare, string Name, bool IsStream, bool IsAsync, string? Owner);

    /// <summary>Where the connection comes from: accepted, connected, or handed in (then declared as a parameter).</summary>
    private static readonly Func<bool, Connection>[] Connections =
    [
        isAsync => new("Socket c = listener.Accept();", "c", false, false, null),
        isAsync => new("var c = await tcpListener.AcceptSocketAsync(ct);", "c", false, true, null),
        isAsync => new("using var client = await tcpListener.AcceptTcpClientAsync(ct);\n        var c = client.GetStream();", "c", true, true, "client"),
        isAsync => new("var client = tcpListener.AcceptTcpClient();\n        NetworkStream c = client.GetStream();", "c", true, false, "client"),
        isAsync => new("var client = new TcpClient();\n        " + (isAsync ? "await client.ConnectAsync(\"localhost\", 80, ct);" : "client.Connect(\"localhost\", 80);") + "\n        var c = client.GetStream();", "c", true, false, "client"),
        isAsync => new("var c = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);\n        " + (isAsync ? "await c.ConnectAsync(\"localhost\", 80);" : "c.Connect(\"localhost\", 80);"), "c", false, false, null),
        isAsync => new("var c = handedIn;", "c", false, false, null),
        isAsync => new("var c = handedInStream;", "c", true, false, null),
        isAsync => new("var ssl = new SslStream(handedInStream);\n        var c = ssl;", "c", true, false, null),
    ];

    private static string Receive(Connection c, bool isAsync, Random random)
    {
        if (c.IsStream)
        {
            return isAsync
                ? Pick(random, $"await {c.Name}.ReadAsync(buf, ct)", $"await {c.Name}.ReadAsync(buf, 0, buf.Length, ct).ConfigureAwait(false)", $"{c.Name}.Read(buf, 0, buf.Length)", $"{c.Name}.ReadAsync(buf, 0, buf.Length).Result")
                : Pick(random, $"{c.Name}.Read(buf, 0, buf.Length)", $"{c.Name}.Read(buf.AsSpan())", $"{c.Name}.ReadByte()");
        }

        return isAsync
            ? Pick(random, $"await {c.Name}.ReceiveAsync(buf, SocketFlags.None)", $"await {c.Name}.ReceiveAsync(buf.AsMemory(), SocketFlags.None, ct)", $"{c.Name}.Receive(buf)", $"{c.Name}.ReceiveAsync(buf, SocketFlags.None).GetAwaiter().GetResult()")
            : Pick(random, $"{c.Name}.Receive(buf)", $"{c.Name}.Receive(buf, 0, buf.Length, SocketFlags.None)", $"{c.Name}.Receive(buf.AsSpan(), SocketFlags.None)");
    }

    private static string Send(Connection c, bool isAsync, Random random)
    {
        if (c.IsStream)
            return isAsync ? Pick(random, $"await {c.Name}.WriteAsync(buf.AsMemory(0, n), ct);", $"{c.Name}.Write(buf, 0, n);") : $"{c.Name}.Write(buf, 0, n);";
        return isAsync ? Pick(random, $"await {c.Name}.SendAsync(buf.AsMemory(0, n), SocketFlags.None, ct);", $"{c.Name}.Send(buf, 0, n, SocketFlags.None);") : $"{c.Name}.Send(buf, 0, n, SocketFlags.None);";
    }

    private static string Close(Connection c) => $"{c.Owner ?? c.Name}.{(c.Owner is null && !c.IsStream ? "Close" : "Dispose")}();";

    /// <summary>What the loop does with the count: nothing, each form of zero test, patterns, switch expressions, goto.</summary>
    private static string Check(Connection c, Random random) => Pick(
        random,
        "",
        "if (n == 0) break;",
        "if (n == 0) continue;",
        "if (n is 0) return;",
        "if (n <= 0) { " + Close(c) + " return; }",
        "if (n is not > 0) { " + Close(c) + " break; }",
        "if (n > 0) Handle(buf, n); else goto done;",
        "switch (n) { case 0: goto done; case < 0: throw new IOException(); default: Handle(buf, n); break; }",
        "var kind = n switch { 0 => \"closed\", > 0 and < 16 => \"small\", _ => \"data\" };\n            if (kind == \"closed\") break;",
        "if (n is > 0 and var m) Handle(buf, m);",
        "if (!(n > 0)) throw new EndOfStreamException();",
        "total += n;",
        "if (n == -1) break;");

    private static string ReadLoop(Connection c, bool isAsync, Random random)
    {
        var receive = Receive(c, isAsync, random);
        var send = Send(c, isAsync, random);
        var body = Pick(
            random,
            $"while (true)\n        {{\n            int n = {receive};\n            {Check(c, random)}\n            {send}\n        }}",
            $"int n;\n        while ((n = {receive}) > 0)\n        {{\n            {send}\n        }}",
            $"int n;\n        do\n        {{\n            n = {receive};\n            {Check(c, random)}\n        }}\n        while (n != 0);",
            $"loop:\n        int n = {receive};\n        {Check(c, random)}\n        {send}\n        goto loop;",
            $"for (int n = {receive}; n > 0; n = {receive})\n            {send}",
            $"{receive};",
            $"_ = {receive};",
            $"Handle(buf, {receive});",
            $"try\n        {{\n            try\n            {{\n                int n = {receive};\n                {Check(c, random)}\n                {send}\n            }}\n            finally\n            {{\n                Console.WriteLine(\"inner\");\n            }}\n        }}\n        finally\n        {{\n            {Close(c)}\n        }}",
            $"using ({c.Owner ?? c.Name})\n        {{\n            int n = {receive};\n            {Check(c, random)}\n        }}");
        return body + "\n        done:\n        Console.WriteLine(total);";
    }

    /// <summary>One read loop, placed in a method, an async lambda, a local function or top-level statements.</summary>
    private static (string Text, bool TopLevel) ReadLoopProgram(Random random)
    {
        var isAsync = random.Next(3) > 0;
        var connection = Connections[random.Next(Connections.Length)](isAsync);
        var preamble = "var buf = new byte[1024];\n        long total = 0;\n        ";
        var body = preamble + connection.Declare + "\n        " + ReadLoop(connection, isAsync, random);
        var parameters = "Socket listener, TcpListener tcpListener, Socket handedIn, NetworkStream handedInStream, CancellationToken ct";
        var asyncModifier = isAsync ? "async " : "";
        var returnType = isAsync ? "Task" : "void";
        switch (random.Next(5))
        {
            case 0:
                return ($"class Server\n{{\n    {asyncModifier}{returnType} Serve({parameters})\n    {{\n        {body}\n    }}\n\n    static void Handle(byte[] b, int n) {{ }}\n}}\n", false);
            case 1:
                return ($"class Server\n{{\n    void Start({parameters})\n    {{\n        Func<Task> run = {asyncModifier}() =>\n        {{\n        {body}\n        {(isAsync ? "" : "return Task.CompletedTask;")}\n        }};\n        _ = Task.Run(run);\n    }}\n\n    static void Handle(byte[] b, int n) {{ }}\n}}\n", false);
            case 2:
                return ($"class Server\n{{\n    {returnType} Start({parameters})\n    {{\n        {(isAsync ? "return Local();" : "Local();")}\n\n        {asyncModifier}{returnType} Local()\n        {{\n        {body}\n        }}\n    }}\n\n    static void Handle(byte[] b, int n) {{ }}\n}}\n", false);
            case 3:
                return ($"var listener = new Socket(SocketType.Stream, ProtocolType.Tcp);\nvar tcpListener = new TcpListener(IPAddress.Loopback, 0);\nSocket handedIn = listener;\nNetworkStream handedInStream = new NetworkStream(handedIn);\nvar ct = CancellationToken.None;\n{(isAsync ? "await Task.Yield();\n" : "")}{body.Replace("\n        ", "\n")}\n\nstatic void Handle(byte[] b, int n) {{ }}\n", true);
            default:
                return ($"class Server\n{{\n    static {asyncModifier}{returnType} Serve({parameters})\n    {{\n        Action<int> log = static n => Console.WriteLine(n);\n        {body}\n    }}\n\n    static void Handle(byte[] b, int n) {{ }}\n}}\n", false);
        }
    }

    /// <summary>Shapes other than a plain read loop.</summary>
    private static readonly Func<Random, string>[] Others =
    [
        random => $$"""
            class SaeaServer
            {
                readonly byte[] _buffer = new byte[1024];

                void StartReceive(Socket socket)
                {
                    var args = new SocketAsyncEventArgs();
                    args.SetBuffer(_buffer, 0, _buffer.Length);
                    args.UserToken = socket;
                    args.Completed += OnCompleted;
                    if (!socket.ReceiveAsync(args))
                        OnCompleted(socket, args);
                }

                void OnCompleted(object? sender, SocketAsyncEventArgs e)
                {
                    var socket = (Socket)e.UserToken!;
                    {{Pick(random, "if (e.BytesTransferred == 0 || e.SocketError != SocketError.Success) { socket.Close(); return; }", "", "if (e.BytesTransferred > 0) socket.Send(_buffer, 0, e.BytesTransferred, SocketFlags.None);")}}
                    switch (e.LastOperation)
                    {
                        case SocketAsyncOperation.Receive:
                            if (!socket.ReceiveAsync(e)) OnCompleted(socket, e);
                            break;
                        case SocketAsyncOperation.Accept:
                            var accepted = e.AcceptSocket;
                            accepted?.{{Pick(random, "Close", "Dispose")}}();
                            break;
                    }
                }
            }
            """,
        random => $$"""
            class ApmServer
            {
                readonly byte[] _buffer = new byte[1024];

                void Start(Socket listener) => listener.BeginAccept(OnAccept, listener);

                void OnAccept(IAsyncResult ar)
                {
                    var listener = (Socket)ar.AsyncState!;
                    var client = listener.EndAccept(ar);
                    client.BeginReceive(_buffer, 0, _buffer.Length, SocketFlags.None, OnReceive, client);
                    listener.BeginAccept(OnAccept, listener);
                }

                void OnReceive(IAsyncResult ar)
                {
                    var client = (Socket)ar.AsyncState!;
                    int n = client.EndReceive(ar);
                    {{Pick(random, "if (n == 0) { client.Close(); return; }", "if (n == 0) return;", "", "Console.WriteLine(n);")}}
                    client.BeginSend(_buffer, 0, n, SocketFlags.None, r => ((Socket)r.AsyncState!).EndSend(r), client);
                    client.BeginReceive(_buffer, 0, _buffer.Length, SocketFlags.None, OnReceive, client);
                }
            }
            """,
        random => $$"""
            class Replier
            {
                {{Pick(random, "async Task", "void")}} Serve(TcpListener listener, CancellationToken ct)
                {
                    while (true)
                    {
                        {{Pick(random, "using var client = listener.AcceptTcpClient();", "var client = listener.AcceptTcpClient();", "TcpClient client = listener.AcceptTcpClient();")}}
                        var stream = client.GetStream();
                        stream.Write(new byte[] { 1, 2, 3 });
                        {{Pick(random, "client.Close();", "client.Dispose();", "stream.Dispose();", "client.Client.Shutdown(SocketShutdown.Send);", "client.LingerState = new LingerOption(true, 0);\n            client.Close();", "")}}
                    }
                }
            }
            """,
        random => $$"""
            class Clients
            {
                async Task<int> Fetch(string host, CancellationToken ct)
                {
                    {{Pick(random, "var c = new TcpClient(host, 80);", "using var c = new TcpClient(host, 80);", "var c = new TcpClient(); c.Connect(host, 80);")}}
                    var addresses = {{Pick(random, "Dns.GetHostAddresses(host);", "await Dns.GetHostAddressesAsync(host, ct);")}}
                    var ns = c.GetStream();
                    {{Pick(random, "ns.Write(new byte[] { 1 }, 0, 1);", "await ns.WriteAsync(new byte[] { 1 }, ct);", "ns.WriteAsync(new byte[] { 1 }, 0, 1).Wait();")}}
                    var task = ns.ReadAsync(new byte[4], 0, 4, ct);
                    {{Pick(random, "return task.Result;", "return await task;", "if (task.IsCompleted) return task.Result; return await task;", "await Task.WhenAll(task); return task.Result;", "Task.WaitAll(task, Task.Delay(1)); return task.Result;", "var tasks = new[] { task };\n        return Task.WaitAny(tasks) == 0 ? task.Result : 0;")}}
                }
            }
            """,
        random => $$"""
            class Patterns
            {
                async Task M(object o, byte[] buf, CancellationToken ct)
                {
                    await Task.Yield();
                    if (o is Socket { Connected: true } s)
                    {
                        var n = s.Receive(buf);
                        var what = n switch
                        {
                            0 => "closed",
                            < 0 => "error",
                            _ => "data",
                        };
                        {{Pick(random, "if (what == \"closed\") s.Close();", "Console.WriteLine(what);", "if (n is 0) { s.Close(); return; }")}}
                    }
                    else if (o is NetworkStream { CanRead: true } ns && ns.Read(buf) is var read and > 0)
                    {
                        Console.WriteLine(read);
                    }

                    var description = o switch
                    {
                        TcpClient { Connected: true } client => client.GetStream().Read(buf).ToString(),
                        Socket socket => socket.Available.ToString(),
                        _ => "",
                    };
                }
            }
            """,
        random => $$"""
            class Nested
            {
                void M(Socket listener, byte[] buf)
                {
                    Socket? client = null;
                    try
                    {
                        client = listener.Accept();
                        try
                        {
                            int n = client.Receive(buf);
                            {{Pick(random, "if (n == 0) return;", "if (n == 0) goto end;", "", "if (n > 0) client.Send(buf, 0, n, SocketFlags.None);")}}
                        }
                        catch (SocketException)
                        {
                            client.Close();
                            throw;
                        }
                        finally
                        {
                            {{Pick(random, "client.Shutdown(SocketShutdown.Send);", "Console.WriteLine();", "client?.Dispose();")}}
                        }
                    }
                    finally
                    {
                        {{Pick(random, "client?.Close();", "", "lock (buf) { client?.Dispose(); }")}}
                    }

                    end:
                    return;
                }
            }
            """,
        random => $$"""
            class AsyncBlocking
            {
                async Task M(Socket s, TcpListener l, UdpClient u, SslStream ssl, byte[] buf, CancellationToken ct)
                {
                    {{Pick(random, "await Task.Delay(1, ct);", "await Task.Yield();")}}
                    lock (buf) { s.Send(buf); }
                    unsafe { s.Receive(buf); }
                    {{Pick(random, "s.Poll(0, SelectMode.SelectRead);", "s.Poll(1000, SelectMode.SelectRead);", "s.Poll(TimeSpan.Zero, SelectMode.SelectRead);")}}
                    var t = s.ReceiveAsync(buf, SocketFlags.None);
                    {{Pick(random, "t.Wait();", "t.AsTask().Wait();", "_ = t.Result;", "await t;")}}
                    IPEndPoint? ep = null;
                    u.Receive(ref ep);
                    ssl.AuthenticateAsClient("host");
                    s.Accept().Send(buf);
                    var e = l.AcceptSocket().RemoteEndPoint;
                    Func<Task> f = async delegate { s.Connect("h", 1); await Task.Yield(); };
                    Action a = () => s.Send(buf);
                    await Task.Run(() => s.Receive(buf), ct);
                    try { s.Send(buf); } catch (SocketException) when (s.Receive(buf) > 0) { }
                }
            }
            """,
        random => $$"""
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            {{Pick(random, "while (true)", "for (var i = 0; i < 10; i++)")}}
            {
                {{Pick(random, "var client = await listener.AcceptTcpClientAsync();", "var client = listener.AcceptTcpClient();", "using var client = await listener.AcceptTcpClientAsync();")}}
                _ = Task.Run(async () =>
                {
                    var stream = client.GetStream();
                    var buf = new byte[256];
                    int n;
                    while ((n = await stream.ReadAsync(buf)) {{Pick(random, "> 0", "!= 0", ">= 0")}})
                        await stream.WriteAsync(buf.AsMemory(0, n));
                    {{Pick(random, "client.Dispose();", "")}}
                });
            }
            """,
        random => $$"""
            class ExpressionBodies
            {
                int Read(Socket s, byte[] buf) => s.Receive(buf);
                async Task<int> ReadAsync(Socket s, byte[] buf) => {{Pick(random, "s.Receive(buf)", "await s.ReceiveAsync(buf, SocketFlags.None)")}};
                async ValueTask WriteAsync(NetworkStream ns, byte[] buf) => ns.Write(buf);
                Task<int> Pending(Socket s, byte[] buf) => s.ReceiveAsync(buf, SocketFlags.None);
                int Property => new Socket(SocketType.Stream, ProtocolType.Tcp).Receive(new byte[1]);
                async IAsyncEnumerable<int> Stream(Socket s, byte[] buf)
                {
                    while (true)
                    {
                        int n = {{Pick(random, "s.Receive(buf)", "await s.ReceiveAsync(buf, SocketFlags.None)")}};
                        {{Pick(random, "if (n == 0) yield break;", "yield return n;", "")}}
                    }
                }
            }
            """,
    ];

    /// <summary><paramref name="count"/> programs, half read loops in every container, half the other shapes.</summary>
    public static IEnumerable<RobustnessInput> Generate(int count)
    {
        for (int i = 0; i < count; i++)
        {
            var label = $"generated #{i}";
            var random = RobustnessSettings.RandomFor(label);
            if (i % 2 == 0)
            {
                var (text, topLevel) = ReadLoopProgram(random);
                yield return new RobustnessInput(label, text, topLevel);
            }
            else
            {
                var text = Others[(i / 2) % Others.Length](random);
                yield return new RobustnessInput(label, text, Corpus.HasTopLevelStatements(text));
            }
        }
    }

    private static string Pick(Random random, params string[] choices) => choices[random.Next(choices.Length)];
}
