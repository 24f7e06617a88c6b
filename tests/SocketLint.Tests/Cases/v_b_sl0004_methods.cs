// SL0004 blind cases: blocking socket calls inside async methods (Task, ValueTask, async iterators).
// A line that ends in "// expect: ID" must get that diagnostic, starting on that line; no other line may get one.
using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Text;

namespace UnseenB.SL0004.Methods;

class AsyncPositives
{
    // Bug: AcceptTcpClient blocks a pool thread inside an async accept loop.
    async Task AcceptLoopAsync(TcpListener listener, CancellationToken ct)
    {
        listener.Start();
        while (!ct.IsCancellationRequested)
        {
            var client = listener.AcceptTcpClient(); // expect: SL0004
            _ = ServeAsync(client, ct);
            await Task.Yield();
        }
    }

    // Bug: AcceptSocket in a ValueTask-returning async method.
    async ValueTask<Socket> NextSocketAsync(TcpListener listener)
    {
        await Task.Yield();
        return listener.AcceptSocket(); // expect: SL0004
    }

    // Bug: Socket.Accept on the listening socket after an await with ConfigureAwait(false).
    async Task AcceptRawAsync(Socket listenSocket, CancellationToken ct)
    {
        await Task.Delay(10, ct).ConfigureAwait(false);
        Socket s = listenSocket.Accept(); // expect: SL0004
        _ = ServeSocketAsync(s, ct);
    }

    // Bug: TcpClient.Connect blocks until the handshake completes; ConnectAsync exists.
    async Task<TcpClient> ConnectClientAsync(int port, CancellationToken ct)
    {
        var client = new TcpClient();
        client.Connect(IPAddress.Loopback, port); // expect: SL0004
        await client.GetStream().WriteAsync(Encoding.ASCII.GetBytes("HELLO\n"), ct);
        return client;
    }

    // Bug: Socket.Connect(EndPoint) in async code.
    async Task ConnectSocketAsync(Socket s, int port)
    {
        await Task.Delay(1).ConfigureAwait(false);
        s.Connect(new IPEndPoint(IPAddress.Loopback, port)); // expect: SL0004
        await s.SendAsync(Encoding.ASCII.GetBytes("hi"), SocketFlags.None);
    }

    // Bug: Socket.Connect(host, port) with a string address.
    async Task ConnectByNameAsync(Socket s)
    {
        s.Connect("127.0.0.1", 7000); // expect: SL0004
        await Task.CompletedTask;
    }

    // Bug: Socket.Receive in an async method.
    async Task<int> ReceiveHeaderAsync(Socket s, byte[] header)
    {
        await Task.Yield();
        int n = s.Receive(header); // expect: SL0004
        if (n == 0) return -1;
        return header[0];
    }

    // Bug: Socket.Send in an async method (the send buffer can fill and block).
    async Task SendFrameAsync(Socket s, byte[] frame, CancellationToken ct)
    {
        await Task.Delay(0, ct);
        s.Send(frame); // expect: SL0004
    }

    // Bug: NetworkStream.Read(byte[], int, int) after an await.
    async Task<string> ReadGreetingAsync(TcpClient client)
    {
        var ns = client.GetStream();
        await ns.WriteAsync(Encoding.ASCII.GetBytes("EHLO\r\n"));
        var buf = new byte[512];
        int n = ns.Read(buf, 0, buf.Length); // expect: SL0004
        if (n == 0) return "";
        return Encoding.ASCII.GetString(buf, 0, n);
    }

    // Bug: NetworkStream.Write(ReadOnlySpan) in async code.
    async Task WriteSpanAsync(NetworkStream ns, CancellationToken ct)
    {
        ns.Write("PING\n"u8); // expect: SL0004
        await ns.FlushAsync(ct);
    }

    // Bug: a Stream-typed variable that holds the NetworkStream of a TcpClient.
    async Task<int> ReadViaStreamAsync(TcpClient client)
    {
        Stream stream = client.GetStream();
        var buf = new byte[4];
        await Task.Yield();
        int n = stream.Read(buf, 0, buf.Length); // expect: SL0004
        return n == 0 ? -1 : BitConverter.ToInt32(buf, 0);
    }

    // Bug: TcpClient.Client.Send; the underlying socket blocks the same way.
    async Task SendViaClientSocketAsync(TcpClient client, byte[] data)
    {
        await Task.Yield();
        client.Client.Send(data); // expect: SL0004
    }

    // Bug: an async method without any await is still an async method; its blocking Receive blocks the caller's thread.
#pragma warning disable CS1998
    async Task<int> NoAwaitAsync(Socket s, byte[] buf)
    {
        int n = s.Receive(buf, SocketFlags.None); // expect: SL0004
        return n;
    }
#pragma warning restore CS1998

    // Bug: a blocking Send in the finally of an async method.
    async Task SendGoodbyeAsync(Socket s, CancellationToken ct)
    {
        try
        {
            await s.SendAsync(Encoding.ASCII.GetBytes("DATA\n"), SocketFlags.None, ct);
        }
        finally
        {
            s.Send(Encoding.ASCII.GetBytes("BYE\n")); // expect: SL0004
        }
    }

    // Bug: the call spans lines; the diagnostic starts on the line where the call starts.
    async Task<int> MultiLineAsync(Socket s, byte[] buf, CancellationToken ct)
    {
        await Task.Yield();
        int n = s.Receive( // expect: SL0004
            buf,
            0,
            buf.Length,
            SocketFlags.None);
        return n;
    }

    // Bug: blocking Receive(Span) in a loop inside a ValueTask method.
    async ValueTask<int> CountBytesAsync(Socket s)
    {
        var buf = new byte[1024];
        int total = 0;
        await Task.Yield();
        while (true)
        {
            int n = s.Receive(buf.AsSpan()); // expect: SL0004
            if (n == 0) break;
            total += n;
        }
        return total;
    }

    // Bug: TcpListener.Server.Accept() in async code.
    async Task AcceptViaServerAsync(TcpListener listener, CancellationToken ct)
    {
        await Task.Yield();
        Socket s = listener.Server.Accept(); // expect: SL0004
        _ = ServeSocketAsync(s, ct);
    }

    // Bug: an async iterator that reads lines with blocking ReadLine on a network stream.
    async IAsyncEnumerable<string> LinesAsync(TcpClient client, [EnumeratorCancellation] CancellationToken ct = default)
    {
        var reader = new StreamReader(client.GetStream(), Encoding.UTF8);
        while (!ct.IsCancellationRequested)
        {
            string? line = reader.ReadLine(); // expect: SL0004
            if (line == null) yield break;
            yield return line;
            await Task.Yield();
        }
    }

    // Bug: Send inside a foreach in an async broadcast method.
    async Task BroadcastAsync(IReadOnlyList<Socket> sockets, byte[] msg)
    {
        foreach (var s in sockets)
        {
            s.Send(msg, SocketFlags.None); // expect: SL0004
            await Task.Yield();
        }
    }

    static Task ServeAsync(TcpClient client, CancellationToken ct) => Task.CompletedTask;
    static Task ServeSocketAsync(Socket s, CancellationToken ct) => Task.CompletedTask;
}

class MethodNegatives
{
    // Fine: a synchronous method may block; a dedicated thread is its model.
    void ThreadPerClient(TcpListener listener)
    {
        listener.Start();
        while (true)
        {
            TcpClient client = listener.AcceptTcpClient();
            new Thread(() => EchoSync(client)).Start();
        }
    }

    // Fine: synchronous echo (Read/Write) in a synchronous method.
    static void EchoSync(TcpClient client)
    {
        var ns = client.GetStream();
        var buf = new byte[1024];
        int n;
        while ((n = ns.Read(buf, 0, buf.Length)) > 0)
            ns.Write(buf, 0, n);
        client.Close();
    }

    // Fine: the async counterparts are awaited.
    async Task AwaitedAsync(TcpListener listener, CancellationToken ct)
    {
        TcpClient client = await listener.AcceptTcpClientAsync(ct);
        var ns = client.GetStream();
        var buf = new byte[1024];
        int n;
        while ((n = await ns.ReadAsync(buf, ct).ConfigureAwait(false)) > 0)
            await ns.WriteAsync(buf.AsMemory(0, n), ct).ConfigureAwait(false);
        client.Dispose();
    }

    // Fine: awaited Socket.ConnectAsync / SendAsync / ReceiveAsync.
    async Task<int> AwaitedSocketAsync(int port, CancellationToken ct)
    {
        using var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await s.ConnectAsync(IPAddress.Loopback, port, ct);
        await s.SendAsync(Encoding.ASCII.GetBytes("Q"), SocketFlags.None, ct);
        var buf = new byte[16];
        int n = await s.ReceiveAsync(buf, SocketFlags.None, ct);
        return n;
    }

    // Fine: the blocking work is in a synchronous helper; the call site in the async method is not flagged.
    async Task UsesSyncHelperAsync(Socket s, CancellationToken ct)
    {
        await Task.Delay(1, ct);
        int code = ReadStatusByte(s);
        if (code < 0) return;
        SendAck(s);
    }

    // Fine: synchronous helper; blocking is allowed here.
    static int ReadStatusByte(Socket s)
    {
        var one = new byte[1];
        int n = s.Receive(one);
        return n == 0 ? -1 : one[0];
    }

    // Fine: synchronous helper that sends.
    static void SendAck(Socket s) => s.Send(new byte[] { 0x06 });

    // Fine: Bind/Listen/Start/Shutdown/Close/options have no async counterpart and do not wait on the network.
    async Task SetupAsync(Socket listenSocket, TcpListener listener, Socket done)
    {
        listenSocket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listenSocket.Listen(100);
        listener.Start();
        listenSocket.NoDelay = true;
        listenSocket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive, true);
        await Task.Yield();
        done.Shutdown(SocketShutdown.Both);
        done.Close();
        listener.Stop();
    }

    // Fine: Poll has no async counterpart (the rule exempts calls without one).
    async Task<bool> PollAsync(Socket s)
    {
        await Task.Yield();
        return s.Poll(0, SelectMode.SelectRead) && s.Available == 0;
    }

    // Fine: MemoryStream Read/Write in async code is in-memory, not a socket.
    async Task<byte[]> FrameAsync(byte[] payload, CancellationToken ct)
    {
        var ms = new MemoryStream();
        ms.Write(BitConverter.GetBytes(payload.Length));
        ms.Write(payload, 0, payload.Length);
        ms.Position = 0;
        var header = new byte[4];
        int n = ms.Read(header, 0, 4);
        await Task.Delay(0, ct);
        return n == 4 ? ms.ToArray() : Array.Empty<byte>();
    }

    // Fine: FileStream Read in async code is not a socket call (another rule's business, if any).
    async Task<int> ReadConfigAsync(string path)
    {
        using var fs = new FileStream(path, FileMode.Open, FileAccess.Read);
        var buf = new byte[256];
        int n = fs.Read(buf, 0, buf.Length);
        await Task.Yield();
        return n;
    }

    // Fine: an async iterator that awaits ReadLineAsync on the network stream.
    async IAsyncEnumerable<string> LinesAsync(TcpClient client, [EnumeratorCancellation] CancellationToken ct = default)
    {
        var reader = new StreamReader(client.GetStream());
        while (true)
        {
            string? line = await reader.ReadLineAsync(ct);
            if (line == null) yield break;
            yield return line;
        }
    }

    // Fine: a sync method returning a blocking result is not async code.
    int ReceiveSync(Socket s, byte[] buf) => s.Receive(buf);

    // Fine: blocking calls in a constructor (synchronous code).
    sealed class Connection
    {
        public Socket Socket { get; }
        public Connection(int port)
        {
            Socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            Socket.Connect(IPAddress.Loopback, port);
            Socket.Send(Encoding.ASCII.GetBytes("HELLO\n"));
        }
    }
}
