// SL0004 blind cases: waiting synchronously on a socket task (.Result, .Wait(), GetAwaiter().GetResult())
// inside async code.
// A line that ends in "// expect: ID" must get that diagnostic, starting on that line; no other line may get one.
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace UnseenB.SL0004.SyncOverAsync;

class WaitPositives
{
    // Bug: .Result on Socket.ReceiveAsync inside an async method.
    async Task<int> ReceiveResultAsync(Socket s, byte[] buf)
    {
        await Task.Yield();
        int n = s.ReceiveAsync(new ArraySegment<byte>(buf), SocketFlags.None).Result; // expect: SL0004
        return n;
    }

    // Bug: .Wait() on TcpClient.ConnectAsync inside an async method.
    async Task ConnectWaitAsync(TcpClient client, int port)
    {
        client.ConnectAsync(IPAddress.Loopback, port).Wait(); // expect: SL0004
        await client.GetStream().WriteAsync(Encoding.ASCII.GetBytes("HI\n"));
    }

    // Bug: connect-with-timeout done as Wait(TimeSpan) in async code still blocks the thread.
    async Task<bool> ConnectWithTimeoutAsync(TcpClient client, int port)
    {
        await Task.Yield();
        bool ok = client.ConnectAsync("127.0.0.1", port).Wait(TimeSpan.FromSeconds(5)); // expect: SL0004
        return ok;
    }

    // Bug: GetAwaiter().GetResult() on NetworkStream.ReadAsync inside an async method.
    async Task<int> ReadGetResultAsync(NetworkStream ns, byte[] buf)
    {
        await Task.Yield();
        int n = ns.ReadAsync(buf, 0, buf.Length).GetAwaiter().GetResult(); // expect: SL0004
        return n;
    }

    // Bug: the task is stored, then waited on with Wait(); the wait is the blocking call.
    async Task SendThenWaitAsync(Socket s, byte[] data)
    {
        await Task.Yield();
        Task<int> pending = s.SendAsync(new ArraySegment<byte>(data), SocketFlags.None);
        pending.Wait(); // expect: SL0004
    }

    // Bug: .Result on AcceptSocketAsync.
    async Task<Socket> AcceptResultAsync(TcpListener listener)
    {
        await Task.Delay(1);
        return listener.AcceptSocketAsync().Result; // expect: SL0004
    }

    // Bug: .Result on UdpClient.ReceiveAsync (UDP receive is a socket task too).
    async Task<byte[]> UdpResultAsync(UdpClient udp)
    {
        await Task.Yield();
        UdpReceiveResult r = udp.ReceiveAsync().Result; // expect: SL0004
        return r.Buffer;
    }

    // Bug: ValueTask from WriteAsync turned into a Task and waited on.
    async Task WriteAsTaskWaitAsync(NetworkStream ns, byte[] data)
    {
        await Task.Yield();
        ns.WriteAsync(data.AsMemory()).AsTask().Wait(); // expect: SL0004
    }

    // Bug: GetAwaiter().GetResult() on the ValueTask<int> of Socket.ReceiveAsync(Memory).
    async ValueTask<int> ValueTaskGetResultAsync(Socket s, Memory<byte> buf)
    {
        await Task.Yield();
        int n = s.ReceiveAsync(buf, SocketFlags.None).GetAwaiter().GetResult(); // expect: SL0004
        return n;
    }

    // Bug: .Result inside an async lambda.
    Func<Task<TcpClient>> MakeAcceptor(TcpListener listener)
    {
        return async () =>
        {
            await Task.Yield();
            return listener.AcceptTcpClientAsync().Result; // expect: SL0004
        };
    }

    // Bug: .Wait() on Socket.ConnectAsync inside an async local function.
    void Start(Socket s, int port)
    {
        _ = RunAsync();

        async Task RunAsync()
        {
            s.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port)).Wait(); // expect: SL0004
            await s.SendAsync(Encoding.ASCII.GetBytes("x"), SocketFlags.None);
        }
    }
}

class WaitNegatives
{
    // Fine: .Result in a synchronous method is outside async code (this rule is about async code).
    int ReceiveSync(Socket s, byte[] buf)
    {
        return s.ReceiveAsync(new ArraySegment<byte>(buf), SocketFlags.None).Result;
    }

    // Fine: .Result on a task that was already awaited does not block.
    async Task<int> AwaitedThenResultAsync(Socket s, byte[] buf)
    {
        Task<int> receive = s.ReceiveAsync(new ArraySegment<byte>(buf), SocketFlags.None);
        await receive;
        return receive.Result;
    }

    // Fine: .Result on a non-socket, already-completed task.
    async Task<int> NonSocketResultAsync()
    {
        await Task.Yield();
        return Task.FromResult(42).Result;
    }

    // Fine: ContinueWith's synchronous callback reads t.Result of a completed task.
    async Task<int> ContinueWithAsync(Socket s, byte[] buf)
    {
        return await s.ReceiveAsync(new ArraySegment<byte>(buf), SocketFlags.None)
            .ContinueWith(t => t.Result, TaskScheduler.Default);
    }

    // Fine: the connect task is awaited with a timeout; nothing waits synchronously.
    async Task ConnectWithTimeoutAsync(TcpClient client, int port, CancellationToken ct)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(TimeSpan.FromSeconds(5));
        await client.ConnectAsync(IPAddress.Loopback, port, cts.Token);
    }

    // Fine: the ValueTask is awaited, with ConfigureAwait(false).
    async ValueTask<int> AwaitValueTaskAsync(Socket s, Memory<byte> buf)
    {
        int n = await s.ReceiveAsync(buf, SocketFlags.None).ConfigureAwait(false);
        return n;
    }

    // Fine: Task.WhenAll awaits all sends.
    async Task SendAllAsync(IEnumerable<Socket> sockets, byte[] data)
    {
        await Task.WhenAll(sockets.Select(s => s.SendAsync(new ArraySegment<byte>(data), SocketFlags.None)));
    }
}
