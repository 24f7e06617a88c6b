// SL0004, round 3 (set F): blocking socket calls in the less common async shapes: ValueTask
// methods, async local functions, async lambdas (Task.Run, events, Parallel.ForEachAsync),
// async iterators, lock blocks; and the look-alikes that do not block on the network.
// A line that ends in "// expect: ID" must get that diagnostic, starting on that line; no other line may get one.
using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Text;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;

namespace Unseen.F.SL0004.Shapes;

class FrameReader
{
    // Header awaited, body read with the blocking overload.
    public async ValueTask<byte[]?> ReadFrameAsync(Socket s, CancellationToken ct)
    {
        var header = new byte[4];
        int got = await s.ReceiveAsync(header, SocketFlags.None, ct);
        if (got == 0) return null;
        int len = BinaryPrimitives.ReadInt32BigEndian(header);
        var body = new byte[len];
        int read = 0;
        while (read < len)
        {
            int n = s.Receive(body, read, len - read, SocketFlags.None); // expect: SL0004
            if (n == 0) return null;
            read += n;
        }
        return body;
    }

    // The same frame reader, awaited throughout.
    public async ValueTask<byte[]?> ReadFrameFullyAsync(Socket s, CancellationToken ct)
    {
        var header = new byte[4];
        int got = await s.ReceiveAsync(header, SocketFlags.None, ct);
        if (got == 0) return null;
        int len = BinaryPrimitives.ReadInt32BigEndian(header);
        var body = new byte[len];
        int read = 0;
        while (read < len)
        {
            int n = await s.ReceiveAsync(body.AsMemory(read, len - read), SocketFlags.None, ct);
            if (n == 0) return null;
            read += n;
        }
        return body;
    }

    // Not an async method: it returns a Task, but the code is synchronous by design (the caller
    // chose the blocking transport).
    public Task<int> ReceiveBlockingAsTask(Socket s, byte[] buf)
    {
        int n = s.Receive(buf);
        return Task.FromResult(n);
    }

    // Builds the frame in memory (BinaryWriter over a MemoryStream), then awaits the send.
    public async Task WriteFrameAsync(Socket s, int kind, byte[] payload, CancellationToken ct)
    {
        var ms = new MemoryStream();
        var bw = new BinaryWriter(ms);
        bw.Write(kind);
        bw.Write(payload.Length);
        bw.Write(payload);
        bw.Flush();
        await s.SendAsync(ms.ToArray(), SocketFlags.None, ct);
    }

    // BinaryReader over the network stream inside an async method: ReadString waits for bytes.
    public async Task<string?> ReadNameAsync(NetworkStream ns, CancellationToken ct)
    {
        var lenBuf = new byte[1];
        int got = await ns.ReadAsync(lenBuf, ct);
        if (got == 0) return null;
        await ns.WriteAsync(new byte[] { 1 }, ct);
        var br = new BinaryReader(ns, Encoding.UTF8, leaveOpen: true);
        return br.ReadString(); // expect: SL0004
    }
}

class Heartbeat
{
    // The outer method is not async; the async local function is.
    public Task StartAsync(Socket s, CancellationToken ct)
    {
        return LoopAsync();

        async Task LoopAsync()
        {
            var ping = new byte[] { 0x9 };
            while (!ct.IsCancellationRequested)
            {
                s.Send(ping); // expect: SL0004
                await Task.Delay(TimeSpan.FromSeconds(15), ct);
            }
        }
    }

    // A synchronous local function inside an async method, run on its own thread.
    public async Task RunReceiverThreadAsync(Socket s, CancellationToken ct)
    {
        var done = new TaskCompletionSource();
        var t = new Thread(ReceiveLoop) { IsBackground = true };
        t.Start();
        await done.Task.WaitAsync(ct);

        void ReceiveLoop()
        {
            var buf = new byte[4096];
            while (true)
            {
                int n = s.Receive(buf);
                if (n == 0) break;
                Dispatch(buf, n);
            }
            done.TrySetResult();
        }
    }

    static void Dispatch(byte[] buf, int n) { }
}

class ChatBridge
{
    public event EventHandler<string>? MessagePosted;
    readonly Socket _peer;
    readonly TextWriter _log;

    // Async event handler lambda registered in a (synchronous) constructor.
    public ChatBridge(Socket peer, TextWriter log)
    {
        _peer = peer;
        _log = log;
        MessagePosted += async (_, text) =>
        {
            byte[] payload = Encoding.UTF8.GetBytes(text + "\n");
            _peer.Send(payload); // expect: SL0004
            await _log.WriteLineAsync(text);
        };
    }

    // A synchronous handler registered from inside an async method: the lambda body is not async code.
    public async Task AttachMirrorAsync(Socket mirror, CancellationToken ct)
    {
        await mirror.ConnectAsync(new IPEndPoint(IPAddress.Loopback, 7001), ct);
        MessagePosted += (_, text) => mirror.Send(Encoding.UTF8.GetBytes(text + "\n"));
    }

    public void Post(string text) => MessagePosted?.Invoke(this, text);
}

class AcceptPump
{
    readonly Channel<TcpClient> _incoming = Channel.CreateUnbounded<TcpClient>();

    // Async lambda handed to Task.Run: it is async code, so the blocking accept holds a pool thread.
    public void Start(TcpListener listener, CancellationToken ct)
    {
        _ = Task.Run(async () =>
        {
            while (!ct.IsCancellationRequested)
            {
                TcpClient c = listener.AcceptTcpClient(); // expect: SL0004
                await _incoming.Writer.WriteAsync(c, ct);
            }
        }, ct);
    }

    // Synchronous lambda handed to Task.Run from an async method: a work item by design.
    public async Task StartOffloadedAsync(TcpListener listener, CancellationToken ct)
    {
        await Task.Run(() =>
        {
            while (!ct.IsCancellationRequested)
            {
                TcpClient c = listener.AcceptTcpClient();
                _incoming.Writer.TryWrite(c);
            }
        }, ct);
    }

    // Fully asynchronous version.
    public async Task RunAsync(TcpListener listener, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            TcpClient c = await listener.AcceptTcpClientAsync(ct);
            await _incoming.Writer.WriteAsync(c, ct);
        }
    }
}

class LineSource
{
    // Async iterator that reads lines with the blocking ReadLine.
    public async IAsyncEnumerable<string> ReadLinesAsync(TcpClient client, [EnumeratorCancellation] CancellationToken ct = default)
    {
        var reader = new StreamReader(client.GetStream(), Encoding.UTF8, false, 4096, leaveOpen: true);
        while (!ct.IsCancellationRequested)
        {
            string? line = reader.ReadLine(); // expect: SL0004
            if (line == null) yield break;
            yield return line;
            await Task.Yield();
        }
    }

    // Async iterator done right.
    public async IAsyncEnumerable<string> ReadLinesProperlyAsync(TcpClient client, [EnumeratorCancellation] CancellationToken ct = default)
    {
        var reader = new StreamReader(client.GetStream(), Encoding.UTF8, false, 4096, leaveOpen: true);
        while (true)
        {
            string? line = await reader.ReadLineAsync(ct);
            if (line == null) yield break;
            yield return line;
        }
    }

    // ReadLine over a local config file (not the network) in an async method.
    public async Task<TcpClient> ConnectFromConfigAsync(string configPath, CancellationToken ct)
    {
        using var reader = new StreamReader(configPath);
        string? portLine = reader.ReadLine();
        int port = int.Parse(portLine ?? "7000");
        var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port, ct);
        return client;
    }
}

class CacheClient
{
    // The (host, port) constructor connects synchronously.
    public async Task<string?> GetAsync(string key, CancellationToken ct)
    {
        using var client = new TcpClient("127.0.0.1", 11211); // expect: SL0004
        NetworkStream ns = client.GetStream();
        await ns.WriteAsync(Encoding.ASCII.GetBytes($"get {key}\r\n"), ct);
        var reader = new StreamReader(ns, Encoding.ASCII);
        return await reader.ReadLineAsync(ct);
    }

    // The parameterless constructor does not connect; ConnectAsync is awaited.
    public async Task<string?> GetProperlyAsync(string key, CancellationToken ct)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, 11211, ct);
        NetworkStream ns = client.GetStream();
        await ns.WriteAsync(Encoding.ASCII.GetBytes($"get {key}\r\n"), ct);
        var reader = new StreamReader(ns, Encoding.ASCII);
        return await reader.ReadLineAsync(ct);
    }

    // TcpClient(IPEndPoint) only binds the local end point: no network wait.
    public async Task<TcpClient> ConnectFromFixedPortAsync(int localPort, CancellationToken ct)
    {
        var client = new TcpClient(new IPEndPoint(IPAddress.Loopback, localPort));
        await client.ConnectAsync(IPAddress.Loopback, 11211, ct);
        return client;
    }
}

class Streams
{
    // Echo whose read is awaited but whose write is not.
    public async Task EchoAsync(NetworkStream ns, CancellationToken ct)
    {
        var buf = new byte[4096];
        int n;
        while ((n = await ns.ReadAsync(buf, ct)) > 0)
            ns.Write(buf, 0, n); // expect: SL0004
    }

    // Buffered lines written asynchronously, then a synchronous Flush pushes them to the socket.
    public async Task SendGreetingAsync(TcpClient c)
    {
        var writer = new StreamWriter(c.GetStream(), Encoding.ASCII, 1024, leaveOpen: true);
        await writer.WriteLineAsync("HELLO 1.0");
        await writer.WriteLineAsync("FEATURES gzip,auth");
        writer.Flush(); // expect: SL0004
    }

    // Same greeting with FlushAsync.
    public async Task SendGreetingProperlyAsync(TcpClient c)
    {
        var writer = new StreamWriter(c.GetStream(), Encoding.ASCII, 1024, leaveOpen: true);
        await writer.WriteLineAsync("HELLO 1.0");
        await writer.FlushAsync();
    }

    // File is read synchronously (disk, not network); the network side is awaited.
    public async Task SendFileAsync(NetworkStream ns, string path, CancellationToken ct)
    {
        using var file = File.OpenRead(path);
        var buf = new byte[81920];
        int n;
        while ((n = file.Read(buf, 0, buf.Length)) > 0)
            await ns.WriteAsync(buf.AsMemory(0, n), ct);
    }

    // A StreamWriter over a MemoryStream: Flush does not touch the network.
    public async Task SendReportAsync(Socket s, IEnumerable<string> lines, CancellationToken ct)
    {
        var ms = new MemoryStream();
        var w = new StreamWriter(ms, Encoding.UTF8);
        foreach (var line in lines) w.WriteLine(line);
        w.Flush();
        await s.SendAsync(ms.ToArray(), SocketFlags.None, ct);
    }

    // Reads only what DataAvailable says is buffered, and awaits the read.
    public async Task<int> DrainBufferedAsync(NetworkStream ns, byte[] buf, CancellationToken ct)
    {
        int total = 0;
        while (ns.DataAvailable)
        {
            int n = await ns.ReadAsync(buf, ct);
            if (n == 0) break;
            total += n;
        }
        return total;
    }

    // TLS handshake performed synchronously inside async code.
    public async Task<SslStream> OpenTlsAsync(TcpClient c, CancellationToken ct)
    {
        await c.ConnectAsync(IPAddress.Loopback, 8443, ct);
        var ssl = new SslStream(c.GetStream(), leaveInnerStreamOpen: false);
        ssl.AuthenticateAsClient("localhost"); // expect: SL0004
        return ssl;
    }
}

class Bridge
{
    // Inbound accepted asynchronously, outbound connected with the blocking Connect.
    public async Task BridgeAsync(TcpListener listener, CancellationToken ct)
    {
        Socket inbound = await listener.AcceptSocketAsync(ct);
        var outbound = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        outbound.Connect(new IPEndPoint(IPAddress.Loopback, 5432)); // expect: SL0004
        _ = PumpAsync(inbound, outbound, ct);
        _ = PumpAsync(outbound, inbound, ct);
    }

    static async Task PumpAsync(Socket from, Socket to, CancellationToken ct)
    {
        var buf = new byte[8192];
        while (true)
        {
            int n = await from.ReceiveAsync(buf.AsMemory(), SocketFlags.None, ct);
            if (n == 0) break;
            await to.SendAsync(buf.AsMemory(0, n), SocketFlags.None, ct);
        }
    }

    // Socket setup in async code: options, Bind and Listen do not wait on a peer.
    public async Task<Socket> StartListeningAsync(int port, TextWriter log)
    {
        var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        s.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        s.NoDelay = true;
        s.Bind(new IPEndPoint(IPAddress.Loopback, port));
        s.Listen(512);
        await log.WriteLineAsync($"listening on {s.LocalEndPoint}");
        return s;
    }
}

class Broadcaster
{
    readonly SemaphoreSlim _gate = new(4);
    readonly object _sendLock = new();
    readonly TextWriter _audit;

    public Broadcaster(TextWriter audit) => _audit = audit;

    // Async lambda given to Parallel.ForEachAsync.
    public async Task BroadcastAsync(IReadOnlyList<Socket> members, byte[] frame, CancellationToken ct)
    {
        await Parallel.ForEachAsync(members, ct, async (member, token) =>
        {
            await _gate.WaitAsync(token);
            try
            {
                member.Send(frame); // expect: SL0004
            }
            finally
            {
                _gate.Release();
            }
        });
    }

    // Sends serialized with a lock inside an async method (no await allowed in the lock, so a
    // blocking Send was used).
    public async Task SendCommandAsync(Socket s, string cmd)
    {
        byte[] frame = Encoding.UTF8.GetBytes(cmd + "\n");
        lock (_sendLock)
        {
            s.Send(frame); // expect: SL0004
        }
        await _audit.WriteLineAsync(cmd);
    }

    // Serialized with the semaphore and awaited.
    public async Task SendCommandProperlyAsync(Socket s, string cmd, CancellationToken ct)
    {
        byte[] frame = Encoding.UTF8.GetBytes(cmd + "\n");
        await _gate.WaitAsync(ct);
        try
        {
            await s.SendAsync(frame, SocketFlags.None, ct);
        }
        finally
        {
            _gate.Release();
        }
    }
}

class Multiplexer
{
    // Select with a one-second timeout blocks the async method's thread.
    public async Task PollLoopAsync(List<Socket> sockets, CancellationToken ct)
    {
        var buf = new byte[2048];
        while (!ct.IsCancellationRequested)
        {
            var readable = new List<Socket>(sockets);
            Socket.Select(readable, null, null, 1_000_000); // expect: SL0004
            foreach (var s in readable)
            {
                int n = await s.ReceiveAsync(buf.AsMemory(), SocketFlags.None, ct);
                if (n == 0) { sockets.Remove(s); s.Close(); continue; }
                await HandleAsync(s, buf, n);
            }
        }
    }

    // Poll with zero timeout only asks; it never waits.
    public async Task DrainIfReadyAsync(Socket s, CancellationToken ct)
    {
        var buf = new byte[2048];
        while (s.Poll(0, SelectMode.SelectRead) && s.Available > 0)
        {
            int n = await s.ReceiveAsync(buf.AsMemory(), SocketFlags.None, ct);
            if (n == 0) break;
            await HandleAsync(s, buf, n);
        }
    }

    // Poll with a 5 s timeout in async code.
    public async Task<bool> WaitForDataAsync(Socket s, TextWriter log)
    {
        await log.WriteLineAsync("waiting for data");
        return s.Poll(5_000_000, SelectMode.SelectRead); // expect: SL0004
    }

    // SendFile after an awaited header.
    public async Task SendDocumentAsync(Socket s, string path, CancellationToken ct)
    {
        long size = new FileInfo(path).Length;
        await s.SendAsync(Encoding.ASCII.GetBytes($"SIZE {size}\n"), SocketFlags.None, ct);
        s.SendFile(path); // expect: SL0004
    }

    // SocketAsyncEventArgs: ReceiveAsync(args) starts the operation and returns at once.
    public async Task StartEventArgsReceiveAsync(Socket s, SocketAsyncEventArgs args, Task ready)
    {
        await ready;
        if (!s.ReceiveAsync(args))
            OnCompleted(s, args);
    }

    static void OnCompleted(object? sender, SocketAsyncEventArgs e) { }

    static Task HandleAsync(Socket s, byte[] buf, int n) => Task.CompletedTask;
}

class Client
{
    // QUIT handshake: Shutdown and Close do not wait on the network.
    public async Task QuitAsync(Socket s, CancellationToken ct)
    {
        await s.SendAsync(Encoding.ASCII.GetBytes("QUIT\r\n"), SocketFlags.None, ct);
        s.Shutdown(SocketShutdown.Send);
        var buf = new byte[256];
        while (await s.ReceiveAsync(buf.AsMemory(), SocketFlags.None, ct) > 0) { }
        s.Close();
    }

    // An async method that calls a synchronous helper: the helper is not async code.
    public async Task RunAsync(Socket s, TextWriter log)
    {
        await log.WriteLineAsync("starting legacy loop");
        LegacyLoop(s);
    }

    static void LegacyLoop(Socket s)
    {
        var buf = new byte[1024];
        int n;
        while ((n = s.Receive(buf)) > 0)
            s.Send(buf, 0, n, SocketFlags.None);
    }
}
