// Round 2, SL0004 positives: blocking socket calls (or synchronous waits on socket tasks) inside async code.
// Each expectation was decided from the rule's meaning before any tool run.
// A line that ends in "// expect: ID" must get that diagnostic, starting on that line; no other line may get one.
using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Text;

namespace Unseen.D.SL0004.Positives;

class Cases
{
    static readonly byte[] Ping = Encoding.ASCII.GetBytes("ping\n");
    static readonly IPEndPoint Local = new(IPAddress.Loopback, 5000);
    readonly List<Socket> accepted = new();
    readonly List<TcpClient> clients = new();
    readonly object gate = new();
    Socket? control;

    // A Task<int>-returning async method that blocks in Receive.
    async Task<int> ReadHeaderAsync(Socket s, byte[] buf)
    {
        await Task.Yield();
        int n = s.Receive(buf); // expect: SL0004
        if (n == 0) return -1;
        return n;
    }

    // async void event handler: still async code on the caller's (often UI or pool) thread.
    async void OnSendClicked(object? sender, EventArgs e)
    {
        if (control is null) return;
        control.Send(Ping); // expect: SL0004
        await Task.Delay(10);
    }

    // An IAsyncEnumerable producer reading lines synchronously from a network stream.
    async IAsyncEnumerable<string> Lines(TcpClient client, [EnumeratorCancellation] CancellationToken ct = default)
    {
        var reader = new StreamReader(client.GetStream());
        while (!ct.IsCancellationRequested)
        {
            string? line = reader.ReadLine(); // expect: SL0004
            if (line is null) yield break;
            yield return line;
            await Task.Yield();
        }
    }

    // The async lambda given to Parallel.ForEachAsync blocks in Send.
    async Task Broadcast(IEnumerable<Socket> sockets, CancellationToken ct)
    {
        await Parallel.ForEachAsync(sockets, ct, async (s, token) =>
        {
            s.Send(Ping); // expect: SL0004
            await Task.Delay(1, token);
        });
    }

    // An async local function that blocks in AcceptSocket.
    async Task RunAsync(TcpListener listener)
    {
        await AcceptOne();

        async Task AcceptOne()
        {
            Socket s = listener.AcceptSocket(); // expect: SL0004
            accepted.Add(s);
            await Task.Yield();
        }
    }

    // .Result on ReceiveAsync blocks the async method's thread.
    async Task ResultOnReceiveAsync(Socket s, byte[] buf)
    {
        await Task.Yield();
        int n = s.ReceiveAsync(new ArraySegment<byte>(buf), SocketFlags.None).Result; // expect: SL0004
        if (n == 0) s.Close();
    }

    // .Wait() on ConnectAsync.
    async Task WaitOnConnectAsync(Socket s, CancellationToken ct)
    {
        s.ConnectAsync(Local).Wait(); // expect: SL0004
        await s.SendAsync(Ping.AsMemory(), SocketFlags.None, ct);
    }

    // .Result on AcceptAsync.
    async Task ResultOnAcceptAsync(Socket listener)
    {
        await Task.Yield();
        Socket c = listener.AcceptAsync().Result; // expect: SL0004
        accepted.Add(c);
    }

    // GetAwaiter().GetResult() on TcpClient.ConnectAsync.
    async Task GetResultOnConnect(TcpClient c, CancellationToken ct)
    {
        c.ConnectAsync(IPAddress.Loopback, 5000).GetAwaiter().GetResult(); // expect: SL0004
        await c.GetStream().WriteAsync(Ping, ct);
    }

    // A blocking Send in the finally of an async method.
    async Task GoodbyeInFinally(Socket s, CancellationToken ct)
    {
        try
        {
            await s.SendAsync(Ping.AsMemory(), SocketFlags.None, ct);
        }
        finally
        {
            s.Send(Encoding.ASCII.GetBytes("bye\n")); // expect: SL0004
        }
    }

    // A blocking Send in a catch of an async method.
    async Task NoticeInCatch(Socket s, CancellationToken ct)
    {
        try
        {
            await Task.Delay(1000, ct);
        }
        catch (OperationCanceledException)
        {
            s.Send(Encoding.ASCII.GetBytes("cancelled\n")); // expect: SL0004
            throw;
        }
    }

    // UDP receive blocks just the same (UdpClient.Receive).
    async Task UdpClientReceive(UdpClient udp)
    {
        await Task.Yield();
        IPEndPoint? from = null;
        byte[] datagram = udp.Receive(ref from); // expect: SL0004
        await Consume(datagram);
    }

    // UDP receive on a datagram Socket.
    async Task UdpSocketReceive(Socket udp, byte[] buf)
    {
        await Task.Yield();
        int n = udp.Receive(buf); // expect: SL0004
        if (n == 0) return;
        await Consume(buf.AsMemory(0, n).ToArray());
    }

    // Having a CancellationToken in scope does not make a blocking Write cancellable or async.
    async Task TokenInScope(NetworkStream ns, byte[] buf, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        ns.Write(buf, 0, buf.Length); // expect: SL0004
        await ns.FlushAsync(ct);
    }

    // NetworkStream.Read in an async Task<string?>.
    async Task<string?> ReadGreeting(NetworkStream ns, CancellationToken ct)
    {
        var buf = new byte[128];
        await Task.Delay(1, ct);
        int n = ns.Read(buf, 0, buf.Length); // expect: SL0004
        return n == 0 ? null : Encoding.ASCII.GetString(buf, 0, n);
    }

    // TcpClient.Connect in an async Task<TcpClient>.
    async Task<TcpClient> ConnectBlocking(CancellationToken ct)
    {
        var c = new TcpClient();
        c.Connect(IPAddress.Loopback, 5000); // expect: SL0004
        await c.GetStream().WriteAsync(Ping, ct);
        return c;
    }

    // After ConfigureAwait(false) the method is still async code on a pool thread.
    async Task AfterConfigureAwait(TcpListener listener, Func<TcpClient, Task> serve)
    {
        await Task.Delay(1).ConfigureAwait(false);
        TcpClient c = listener.AcceptTcpClient(); // expect: SL0004
        await serve(c).ConfigureAwait(false);
    }

    // async ValueTask<int> returning a blocking Receive.
    async ValueTask<int> ValueTaskReceive(Socket s, Memory<byte> buf)
    {
        await Task.Yield();
        return s.Receive(buf.Span); // expect: SL0004
    }

    // .Wait(timeout) still blocks on a socket task.
    async Task WaitWithTimeout(Socket s)
    {
        await Task.Yield();
        s.SendAsync(new ArraySegment<byte>(Ping), SocketFlags.None).Wait(1000); // expect: SL0004
    }

    // .Result on NetworkStream.ReadAsync.
    async Task ResultOnReadAsync(NetworkStream ns, byte[] buf)
    {
        await Task.Yield();
        int n = ns.ReadAsync(buf, 0, buf.Length).Result; // expect: SL0004
        if (n == 0) return;
        await ns.WriteAsync(buf.AsMemory(0, n));
    }

    // GetAwaiter().GetResult() on the ValueTask<int> of ReceiveAsync.
    async Task GetResultOnValueTask(Socket s, byte[] buf, CancellationToken ct)
    {
        await Task.Yield();
        int n = s.ReceiveAsync(buf.AsMemory(), SocketFlags.None, ct).GetAwaiter().GetResult(); // expect: SL0004
        if (n == 0) return;
        await s.SendAsync(buf.AsMemory(0, n), SocketFlags.None, ct);
    }

    // An async lambda subscribed to a timer event.
    void Heartbeat(System.Timers.Timer timer, Socket s)
    {
        timer.Elapsed += async (sender, e) =>
        {
            s.Send(Ping); // expect: SL0004
            await Task.Yield();
        };
    }

    // A blocking Read inside an await foreach body.
    async Task AwaitForeach(IAsyncEnumerable<NetworkStream> streams)
    {
        var buf = new byte[64];
        await foreach (var ns in streams)
        {
            int n = ns.Read(buf); // expect: SL0004
            if (n == 0) break;
        }
    }

    // A StreamReader over a network stream read line by line inside an async lambda given to Task.Run.
    Task ReadLinesOffloaded(TcpClient client, Action<string> onLine)
    {
        return Task.Run(async () =>
        {
            var reader = new StreamReader(client.GetStream(), Encoding.UTF8);
            string? line;
            while ((line = reader.ReadLine()) != null) // expect: SL0004
            {
                onLine(line);
                await Task.Yield();
            }
        });
    }

    // A lock does not make the body synchronous code: the method is async.
    async Task SendUnderLock(Socket s, CancellationToken ct)
    {
        await Task.Delay(1, ct);
        lock (gate)
        {
            s.Send(Ping); // expect: SL0004
        }
    }

    // A static async lambda stored in a field.
    static readonly Func<Socket, byte[], Task<int>> ReceiveOnce = static async (s, buf) =>
    {
        await Task.Yield();
        return s.Receive(buf); // expect: SL0004
    };

    // A blocking Write on the stream of a TcpClient inside an if.
    async Task WriteIfConnected(TcpClient c, CancellationToken ct)
    {
        await Task.Delay(1, ct);
        if (c.Connected) c.GetStream().Write(Ping, 0, Ping.Length); // expect: SL0004
    }

    // A blocking Socket.Connect in an async method (the socket is client-side, disposed by using).
    async Task SocketConnect(CancellationToken ct)
    {
        using var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        s.Connect(IPAddress.Loopback, 5000); // expect: SL0004
        await s.SendAsync(Ping.AsMemory(), SocketFlags.None, ct);
    }

    // TcpListener.AcceptTcpClient inside an async Task<bool> loop with a token.
    async Task<bool> AcceptWithToken(TcpListener listener, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            TcpClient c = listener.AcceptTcpClient(); // expect: SL0004
            clients.Add(c);
            await Task.Yield();
        }
        return true;
    }

    static Task Consume(byte[] data) => Task.CompletedTask;
}
