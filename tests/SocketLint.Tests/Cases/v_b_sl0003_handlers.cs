// SL0003 blind cases: accept loops that hand the accepted connection to a handler (Task.Run, threads,
// separate methods, local functions). The handler's close is where the server closes first.
// A line that ends in "// expect: ID" must get that diagnostic, starting on that line; no other line may get one.
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace UnseenB.SL0003.Handlers;

class HandlerPositives
{
    // Accept loop: every accepted client goes to Handle on the thread pool.
    async Task RunAsync(TcpListener listener, CancellationToken ct)
    {
        listener.Start();
        while (!ct.IsCancellationRequested)
        {
            TcpClient client = await listener.AcceptTcpClientAsync(ct);
            _ = Task.Run(() => Handle(client), ct);
        }
    }

    // Bug: the handler of accepted clients replies and closes first.
    void Handle(TcpClient client)
    {
        var ns = client.GetStream();
        var buf = new byte[1024];
        int n = ns.Read(buf, 0, buf.Length);
        if (n == 0) { client.Close(); return; }
        ns.Write(Encoding.UTF8.GetBytes("received " + n + " bytes\n"));
        client.Close(); // expect: SL0003
    }

    // Accept loop with an async handler per connection.
    async Task RunWithAsyncHandlerAsync(TcpListener listener)
    {
        while (true)
        {
            var client = await listener.AcceptTcpClientAsync();
            _ = HandleAsync(client);
        }
    }

    // Bug: using (client) disposes the accepted client right after the response.
    async Task HandleAsync(TcpClient client)
    {
        using (client) // expect: SL0003
        {
            var stream = client.GetStream();
            var buf = new byte[512];
            int n = await stream.ReadAsync(buf, 0, buf.Length);
            if (n == 0) return;
            await stream.WriteAsync(buf, 0, n);
        }
    }

    // Bug: the async lambda handed to Task.Run disposes the accepted client in finally after replying.
    async Task RunInlineAsync(TcpListener listener, CancellationToken ct)
    {
        while (true)
        {
            TcpClient client = await listener.AcceptTcpClientAsync(ct);
            _ = Task.Run(async () =>
            {
                try
                {
                    var stream = client.GetStream();
                    await stream.WriteAsync(Encoding.ASCII.GetBytes(DateTime.UtcNow.ToString("O") + "\n"), ct);
                }
                finally
                {
                    client.Dispose(); // expect: SL0003
                }
            }, ct);
        }
    }

    // Thread-per-connection accept loop over a raw Socket.
    void RunThreads(Socket listenSocket)
    {
        while (true)
        {
            Socket s = listenSocket.Accept();
            new Thread(() => Serve(s)) { IsBackground = true }.Start();
        }
    }

    // Bug: the thread handler shuts the accepted socket down right after its answer.
    void Serve(Socket s)
    {
        var buf = new byte[256];
        int n = s.Receive(buf);
        if (n == 0) { s.Close(); return; }
        s.Send(Encoding.ASCII.GetBytes("42\n"));
        s.Shutdown(SocketShutdown.Both); // expect: SL0003
        s.Close();
    }

    // ThreadPool work item per accepted client.
    void RunPool(TcpListener listener)
    {
        while (true)
        {
            TcpClient c = listener.AcceptTcpClient();
            ThreadPool.QueueUserWorkItem(Process, c);
        }
    }

    // Bug: the pool handler (state is the accepted client) writes and closes first.
    void Process(object? state)
    {
        var c = (TcpClient)state!;
        c.GetStream().Write(Encoding.ASCII.GetBytes("hello\n"));
        c.Close(); // expect: SL0003
    }

    // Bug: an async local function handling the captured accepted client disposes it after the reply.
    async Task RunLocalAsync(TcpListener listener)
    {
        while (true)
        {
            TcpClient client = await listener.AcceptTcpClientAsync();
            _ = ServeAsync();

            async Task ServeAsync()
            {
                await client.GetStream().WriteAsync(Encoding.ASCII.GetBytes("+OK ready\r\n"));
                client.Dispose(); // expect: SL0003
            }
        }
    }

    // Accept loop over a Socket with a ValueTask handler.
    async Task RunSocketsAsync(Socket listenSocket, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            Socket s = await listenSocket.AcceptAsync(ct);
            _ = HandleSocketAsync(s, ct).AsTask();
        }
    }

    // Bug: using declaration over the accepted socket; disposed at the end of the handler right after the reply.
    async ValueTask HandleSocketAsync(Socket accepted, CancellationToken ct)
    {
        using var s = accepted; // expect: SL0003
        var buf = new byte[128];
        int n = await s.ReceiveAsync(buf, SocketFlags.None, ct);
        if (n == 0) return;
        await s.SendAsync(buf.AsMemory(0, n), SocketFlags.None, ct);
    }
}

class HandlerNegatives
{
    readonly List<string> backendStatus = new();

    // Accept loop whose handler waits for the client's close.
    async Task RunAsync(TcpListener listener, CancellationToken ct)
    {
        while (true)
        {
            TcpClient client = await listener.AcceptTcpClientAsync(ct);
            _ = Task.Run(() => Echo(client), ct);
            _ = EchoAsync(await listener.AcceptTcpClientAsync(ct), ct);
        }
    }

    // Fine: echoes until Read returns 0 (client closed first), then closes.
    void Echo(TcpClient client)
    {
        var ns = client.GetStream();
        var buf = new byte[1024];
        int n;
        while ((n = ns.Read(buf, 0, buf.Length)) > 0)
            ns.Write(buf, 0, n);
        client.Close();
    }

    // Fine: using (client) ends only after ReadAsync returned 0.
    async Task EchoAsync(TcpClient client, CancellationToken ct)
    {
        using (client)
        {
            var stream = client.GetStream();
            var buf = new byte[1024];
            int n;
            while ((n = await stream.ReadAsync(buf, ct)) > 0)
                await stream.WriteAsync(buf.AsMemory(0, n), ct);
        }
    }

    // Accept loop whose handler replies then drains.
    void RunThreads(Socket listenSocket)
    {
        while (true)
        {
            Socket s = listenSocket.Accept();
            new Thread(() => ReplyAndDrain(s)).Start();
        }
    }

    // Fine: reply, then wait for the client's FIN (Receive returns 0) before closing.
    void ReplyAndDrain(Socket s)
    {
        var buf = new byte[512];
        int n = s.Receive(buf);
        if (n == 0) { s.Close(); return; }
        s.Send(Encoding.ASCII.GetBytes("done\n"));
        while (s.Receive(buf) > 0) { }
        s.Close();
    }

    // Fine: Task.Run lambda with the echo loop inline; Dispose only after 0.
    async Task RunInlineAsync(TcpListener listener)
    {
        while (true)
        {
            var client = await listener.AcceptTcpClientAsync();
            _ = Task.Run(async () =>
            {
                using var c = client;
                var stream = c.GetStream();
                var buf = new byte[2048];
                int n;
                while ((n = await stream.ReadAsync(buf)) != 0)
                    await stream.WriteAsync(buf.AsMemory(0, n));
            });
        }
    }

    // Fine: the handler is only ever given client-side connections (TcpClient + Connect); closing first is the client's role.
    void QueryBackends(int[] ports)
    {
        foreach (var port in ports)
        {
            var c = new TcpClient();
            c.Connect(IPAddress.Loopback, port);
            backendStatus.Add(AskAndClose(c));
        }
    }

    // Fine: called only with connected (client-side) TcpClients.
    string AskAndClose(TcpClient c)
    {
        var ns = c.GetStream();
        ns.Write(Encoding.ASCII.GetBytes("HEALTH\n"));
        var buf = new byte[64];
        int n = ns.Read(buf, 0, buf.Length);
        c.Close();
        return n == 0 ? "down" : Encoding.ASCII.GetString(buf, 0, n);
    }

    // Fine: the handler only registers the accepted socket with a session manager; it closes nothing.
    async Task RunRegisterAsync(Socket listenSocket, Action<Socket> register)
    {
        while (true)
        {
            Socket s = await listenSocket.AcceptAsync();
            _ = Task.Run(() => register(s));
        }
    }

    // Fine: linger 0 in the handler makes the close abortive; no TIME_WAIT.
    async Task RunAbortiveAsync(TcpListener listener)
    {
        while (true)
        {
            TcpClient client = await listener.AcceptTcpClientAsync();
            _ = Task.Run(async () =>
            {
                client.LingerState = new LingerOption(true, 0);
                await client.GetStream().WriteAsync(Encoding.ASCII.GetBytes("503\r\n"));
                client.Dispose();
            });
        }
    }

    // Fine: an async local function that echoes until 0 before disposing the captured accepted client.
    async Task RunLocalAsync(TcpListener listener)
    {
        while (true)
        {
            TcpClient client = await listener.AcceptTcpClientAsync();
            _ = ServeAsync();

            async Task ServeAsync()
            {
                var stream = client.GetStream();
                var buf = new byte[512];
                int n;
                while ((n = await stream.ReadAsync(buf)) > 0)
                    await stream.WriteAsync(buf.AsMemory(0, n));
                client.Dispose();
            }
        }
    }
}
