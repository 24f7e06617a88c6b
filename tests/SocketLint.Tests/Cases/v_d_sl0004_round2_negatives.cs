// Round 2, SL0004 negatives: synchronous code, synchronous delegates, awaited calls, non-blocking
// socket members, or blocking calls on streams that are not network streams.
// Each expectation was decided from the rule's meaning before any tool run.
// A line that ends in "// expect: ID" must get that diagnostic, starting on that line; no other line may get one.
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Unseen.D.SL0004.Negatives;

sealed class Mailbox
{
    public string? Receive() => null;
    public void Send(string message) { }
    public void Connect() { }
}

class Cases
{
    static readonly byte[] Ping = Encoding.ASCII.GetBytes("ping\n");
    readonly List<TcpClient> clients = new();

    // A synchronous method may block: thread-per-connection model.
    void SyncServe(TcpListener listener)
    {
        TcpClient c = listener.AcceptTcpClient();
        NetworkStream ns = c.GetStream();
        var buf = new byte[64];
        int n;
        while ((n = ns.Read(buf, 0, buf.Length)) > 0)
            ns.Write(buf, 0, n);
        c.Close();
    }

    // A synchronous helper called from async code: the helper is not async code, and the call site is not a socket call.
    async Task CallsSyncHelper(Socket s, CancellationToken ct)
    {
        await Task.Delay(1, ct);
        int n = ReceiveSome(s);
        if (n == 0) return;
    }

    int ReceiveSome(Socket s) => s.Receive(new byte[16]);

    // Task.Run with a synchronous lambda: the blocking call runs in a sync delegate.
    async Task Offloaded(Socket s, byte[] buf)
    {
        int n = await Task.Run(() => s.Receive(buf));
        if (n == 0) s.Close();
    }

    // Poll with a zero timeout does not block.
    async Task PollZero(Socket s, byte[] buf, CancellationToken ct)
    {
        while (!s.Poll(0, SelectMode.SelectRead))
            await Task.Delay(10, ct);
        int n = await s.ReceiveAsync(buf, SocketFlags.None, ct);
        if (n == 0) s.Close();
    }

    // Available is a non-blocking property.
    async Task AvailableOnly(Socket s, CancellationToken ct)
    {
        while (s.Available == 0)
            await Task.Delay(5, ct);
    }

    // MemoryStream reads and writes are in-memory, not socket calls.
    async Task MemoryStreamIo(byte[] data)
    {
        using var ms = new MemoryStream();
        ms.Write(data, 0, data.Length);
        ms.Position = 0;
        var buf = new byte[data.Length];
        int n = ms.Read(buf, 0, buf.Length);
        Console.WriteLine(n);
        await Task.Yield();
    }

    // FileStream is not a socket.
    async Task FileStreamIo(string path, CancellationToken ct)
    {
        await using var fs = new FileStream(path, FileMode.OpenOrCreate);
        fs.Write(new byte[] { 1, 2 });
        fs.Position = 0;
        int b = fs.Read(new byte[2]);
        Console.WriteLine(b);
        await fs.FlushAsync(ct);
    }

    // A StreamReader over a MemoryStream: ReadLine does not touch the network.
    async Task<string?> ReaderOverMemory(byte[] bytes)
    {
        using var reader = new StreamReader(new MemoryStream(bytes));
        await Task.Yield();
        return reader.ReadLine();
    }

    // A StreamReader over a file path.
    async Task<string?> ReaderOverFile(string path)
    {
        await Task.Yield();
        using var reader = new StreamReader(path);
        return reader.ReadLine();
    }

    // Everything awaited on a client-side connection.
    async Task AllAwaited(int port, CancellationToken ct)
    {
        using var c = new TcpClient();
        await c.ConnectAsync(IPAddress.Loopback, port, ct);
        NetworkStream ns = c.GetStream();
        await ns.WriteAsync(Ping, ct);
        var buf = new byte[64];
        while (await ns.ReadAsync(buf, ct) > 0) { }
    }

    // .Result on a task that is not a socket task.
    async Task ResultOnNonSocketTask()
    {
        await Task.Yield();
        int x = Task.FromResult(42).Result;
        Console.WriteLine(x);
    }

    // .Wait() on a delay, not a socket task.
    async Task WaitOnDelay()
    {
        await Task.Yield();
        Task.Delay(1).Wait();
    }

    // A synchronous lambda built inside an async method and run on a dedicated thread.
    async Task SyncLambdaOnThread(Socket s)
    {
        Action send = () => s.Send(Ping);
        var t = new Thread(() => send());
        t.Start();
        await Task.Yield();
    }

    // A synchronous local function called from an async method (like a sync helper method).
    async Task SyncLocalFunction(Socket s, CancellationToken ct)
    {
        await Task.Delay(1, ct);
        var buf = new byte[32];
        int n = Pull();
        if (n == 0) return;

        int Pull() => s.Receive(buf);
    }

    // SocketAsyncEventArgs-based SendAsync returns bool and never blocks.
    async Task EventArgsApi(Socket s, SocketAsyncEventArgs args)
    {
        if (!s.SendAsync(args)) Completed(args);
        await Task.Yield();
    }

    // .Result on a socket task in a synchronous method: not async code.
    int SyncResult(Socket s, byte[] buf) => s.ReceiveAsync(new ArraySegment<byte>(buf), SocketFlags.None).Result;

    // GetAwaiter().GetResult() in a synchronous method.
    void SyncConnect(TcpClient c, int port)
    {
        c.ConnectAsync(IPAddress.Loopback, port).GetAwaiter().GetResult();
    }

    // .Wait() on a socket task in a synchronous method.
    void SyncWait(Socket s)
    {
        s.SendAsync(new ArraySegment<byte>(Ping), SocketFlags.None).Wait();
    }

    // ReadAsync(...).AsTask() awaited.
    async Task AsTaskAwaited(NetworkStream ns, byte[] buf, CancellationToken ct)
    {
        int n = await ns.ReadAsync(buf.AsMemory(), ct).AsTask();
        if (n == 0) return;
        await ns.WriteAsync(buf.AsMemory(0, n), ct);
    }

    // Shutdown and Close are not in the blocking list; client-side connection, drained to 0 first.
    async Task ShutdownInAsync(int port, CancellationToken ct)
    {
        var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await s.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), ct);
        await s.SendAsync(Ping.AsMemory(), SocketFlags.None, ct);
        s.Shutdown(SocketShutdown.Send);
        var buf = new byte[64];
        while (await s.ReceiveAsync(buf, SocketFlags.None, ct) > 0) { }
        s.Close();
    }

    // Start and Pending are non-blocking; the accept is awaited.
    async Task PendingCheck(TcpListener listener, CancellationToken ct)
    {
        listener.Start();
        while (!listener.Pending())
            await Task.Delay(10, ct);
        TcpClient c = await listener.AcceptTcpClientAsync(ct);
        clients.Add(c);
    }

    // ReadLineAsync awaited.
    async Task<string?> ReadLineAwaited(TcpClient c, CancellationToken ct)
    {
        var reader = new StreamReader(c.GetStream());
        return await reader.ReadLineAsync(ct);
    }

    // Methods named Receive/Send/Connect on a type that is not a socket.
    async Task CustomReceive(Mailbox box)
    {
        await Task.Yield();
        string? m = box.Receive();
        box.Send(m ?? "none");
        box.Connect();
    }

    // An anonymous method (synchronous) handed to a LongRunning task.
    async Task AnonymousDelegate(Socket s, byte[] buf)
    {
        Func<int> f = delegate { return s.Receive(buf); };
        int n = await Task.Factory.StartNew(f, TaskCreationOptions.LongRunning);
        if (n == 0) s.Close();
    }

    // A synchronous iterator is synchronous code.
    IEnumerable<int> Chunks(Socket s, byte[] buf)
    {
        int n;
        while ((n = s.Receive(buf)) > 0)
            yield return n;
    }

    // A Task-returning expression-bodied method that just returns the socket task: nothing blocks.
    Task<int> ReceiveTask(Socket s, byte[] buf) => s.ReceiveAsync(new ArraySegment<byte>(buf), SocketFlags.None);

    // A sync lambda nested inside an async lambda: the blocking call is in the sync one.
    void NestedSyncInAsync(Socket s, byte[] buf)
    {
        Func<Task> outer = async () =>
        {
            Func<int> inner = () => s.Receive(buf);
            int n = await Task.Run(inner);
            if (n == 0) s.Close();
        };
        _ = outer();
    }

    // DataAvailable is a non-blocking property.
    async Task DataAvailableCheck(NetworkStream ns, CancellationToken ct)
    {
        while (!ns.DataAvailable)
            await Task.Delay(5, ct);
    }

    // A synchronous entry point blocking on an async socket method is sync code.
    void SyncEntryPoint(TcpListener listener)
    {
        PendingCheck(listener, CancellationToken.None).GetAwaiter().GetResult();
    }

    static void Completed(SocketAsyncEventArgs args) { }
}
