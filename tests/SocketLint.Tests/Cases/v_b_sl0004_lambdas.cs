// SL0004 blind cases: async lambdas, async anonymous methods, async local functions, and the
// synchronous delegates that are NOT async code (Task.Run offload, threads, sync local functions).
// Decision on Task.Run(() => blocking): not a bug. The synchronous delegate is an explicit offload; it is not
// async code, and the blocking is the documented intent of the caller (the acceptance file agrees).
// A line that ends in "// expect: ID" must get that diagnostic, starting on that line; no other line may get one.
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace UnseenB.SL0004.Lambdas;

class LambdaPositives
{
    public event EventHandler? Tick;

    // Bug: an async lambda handed to Task.Run blocks in Receive.
    Task PumpAsync(Socket s, Func<byte[], int, Task> onData)
    {
        return Task.Run(async () =>
        {
            var buf = new byte[4096];
            while (true)
            {
                int n = s.Receive(buf); // expect: SL0004
                if (n == 0) break;
                await onData(buf, n);
            }
        });
    }

    // Bug: an async void event-handler lambda calls Send.
    void HookHeartbeat(Socket s)
    {
        Tick += async (sender, e) =>
        {
            s.Send(Encoding.ASCII.GetBytes("HB\n")); // expect: SL0004
            await Task.Delay(10);
        };
    }

    // Bug: an async local function inside a synchronous method is async code.
    void StartReader(TcpClient client, Action<string> onLine)
    {
        _ = ReadAllAsync();

        async Task ReadAllAsync()
        {
            var reader = new StreamReader(client.GetStream());
            await Task.Yield();
            string? line;
            while ((line = reader.ReadLine()) != null) // expect: SL0004
                onLine(line);
        }
    }

    // Bug: an async local function inside an async method connects synchronously.
    async Task ConnectAllAsync(int[] ports)
    {
        foreach (var port in ports)
            await ConnectOneAsync(port);

        async Task ConnectOneAsync(int port)
        {
            using var c = new TcpClient();
            c.Connect("127.0.0.1", port); // expect: SL0004
            await c.GetStream().WriteAsync(Encoding.ASCII.GetBytes("PING\n"));
        }
    }

    // Bug: a static async local function writing synchronously to the network stream.
    void Notify(NetworkStream ns, byte[] note)
    {
        _ = SendNoteAsync(ns, note);

        static async Task SendNoteAsync(NetworkStream ns, byte[] note)
        {
            await Task.Yield();
            ns.Write(note, 0, note.Length); // expect: SL0004
        }
    }

    // Bug: an async anonymous method (async delegate) accepts synchronously.
    Func<Task> MakeAcceptor(TcpListener listener, Func<TcpClient, Task> handle)
    {
        return async delegate
        {
            TcpClient c = listener.AcceptTcpClient(); // expect: SL0004
            await handle(c);
        };
    }

    // Bug: an async lambda stored as a per-connection handler reads synchronously.
    Func<Socket, Task> MakeHandler(Func<byte[], Task> dispatch)
    {
        return async s =>
        {
            var header = new byte[8];
            int n = s.Receive(header, 0, header.Length, SocketFlags.None); // expect: SL0004
            if (n == 0) return;
            await dispatch(header);
        };
    }

    // Bug: a Func<ValueTask> async lambda sends synchronously.
    Func<ValueTask> MakeSender(Socket s, byte[] msg)
    {
        return async () =>
        {
            await Task.Yield();
            s.Send(msg, 0, msg.Length, SocketFlags.None); // expect: SL0004
        };
    }

    // Bug: the body passed to Parallel.ForEachAsync is async code; a blocking Write there holds a pool thread.
    Task FanOutAsync(IEnumerable<TcpClient> clients, byte[] msg)
    {
        return Parallel.ForEachAsync(clients, async (c, ct) =>
        {
            c.GetStream().Write(msg, 0, msg.Length); // expect: SL0004
            await Task.Yield();
        });
    }

    // Bug: an async lambda passed to a retry helper connects synchronously.
    Task ConnectWithRetryAsync(Socket s, int port)
    {
        return RetryAsync(async () =>
        {
            await Task.Delay(100);
            s.Connect(IPAddress.Loopback, port); // expect: SL0004
        });
    }

    // Bug: an async accept loop in a Task.Run lambda with AcceptSocket.
    void StartServer(TcpListener listener, CancellationToken ct)
    {
        _ = Task.Run(async () =>
        {
            while (!ct.IsCancellationRequested)
            {
                Socket s = listener.AcceptSocket(); // expect: SL0004
                await RegisterAsync(s);
            }
        }, ct);
    }

    static async Task RetryAsync(Func<Task> op)
    {
        for (int i = 0; ; i++)
        {
            try { await op(); return; }
            catch (SocketException) when (i < 3) { }
        }
    }

    static Task RegisterAsync(Socket s) => Task.CompletedTask;
}

class LambdaNegatives
{
    public event EventHandler<byte[]>? Received;

    // Fine: the synchronous delegate handed to Task.Run is an explicit offload, not async code.
    async Task<int> OffloadReceiveAsync(Socket s, byte[] buf)
    {
        int n = await Task.Run(() => s.Receive(buf));
        return n;
    }

    // Fine: Task.Run over a synchronous accept.
    async Task<TcpClient> OffloadAcceptAsync(TcpListener listener)
    {
        return await Task.Run(() => listener.AcceptTcpClient()).ConfigureAwait(false);
    }

    // Fine: a dedicated thread created inside an async method runs synchronous code.
    async Task StartThreadAsync(Socket listenSocket, Action<Socket> serve)
    {
        await Task.Yield();
        var t = new Thread(() =>
        {
            while (true) serve(listenSocket.Accept());
        }) { IsBackground = true };
        t.Start();
    }

    // Fine: LongRunning StartNew gives the synchronous delegate its own thread.
    Task StartLongRunning(Socket s, Action<byte[], int> onData)
    {
        return Task.Factory.StartNew(() =>
        {
            var buf = new byte[4096];
            int n;
            while ((n = s.Receive(buf)) > 0) onData(buf, n);
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    // Fine: a synchronous lambda stored in a Func and offloaded with Task.Run.
    async Task<int> OffloadStoredAsync(NetworkStream ns, byte[] buf)
    {
        Func<int> read = () => ns.Read(buf, 0, buf.Length);
        return await Task.Run(read);
    }

    // Fine: a synchronous lambda inside an async lambda, offloaded with Task.Run.
    Task NestedOffload(Socket s)
    {
        return Task.Run(async () =>
        {
            var buf = new byte[64];
            int n = await Task.Run(() => s.Receive(buf));
            if (n == 0) return;
            await Task.Delay(1);
        });
    }

    // Fine: a synchronous method group offloaded with Task.Run.
    async Task OffloadMethodGroupAsync(TcpListener listener)
    {
        await Task.Run(listener.AcceptSocket);
    }

    // Fine: QueueUserWorkItem with a synchronous callback (explicit pool work item, not async code).
    void QueueBlockingRead(Socket s, byte[] buf)
    {
        ThreadPool.QueueUserWorkItem(_ =>
        {
            int n = s.Receive(buf);
            if (n > 0) Received?.Invoke(this, buf[..n]);
        });
    }

    // Fine: a synchronous local function is a synchronous helper; calling it from async code is not flagged at the call.
    async Task UsesSyncLocalAsync(Socket s)
    {
        await Task.Yield();
        SendPing();

        void SendPing() => s.Send(Encoding.ASCII.GetBytes("PING\n"));
    }

    // Fine: an async lambda that only awaits async socket calls.
    Func<Socket, Task> MakeHandler()
    {
        return async s =>
        {
            var buf = new byte[256];
            int n = await s.ReceiveAsync(buf, SocketFlags.None);
            if (n == 0) return;
            await s.SendAsync(buf.AsMemory(0, n), SocketFlags.None);
        };
    }

    // Fine: a synchronous event-handler lambda may block (the event is raised on a dedicated thread).
    void HookSync(Socket s)
    {
        Received += (sender, data) => s.Send(data);
    }

    // Fine: an async local function that awaits ConnectAsync and WriteAsync.
    async Task ConnectAllAsync(int[] ports)
    {
        foreach (var port in ports)
            await ConnectOneAsync(port);

        async Task ConnectOneAsync(int port)
        {
            using var c = new TcpClient();
            await c.ConnectAsync(IPAddress.Loopback, port);
            await c.GetStream().WriteAsync(Encoding.ASCII.GetBytes("PING\n"));
        }
    }
}
