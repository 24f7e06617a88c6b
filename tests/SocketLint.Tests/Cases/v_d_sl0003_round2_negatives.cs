// Round 2, SL0003 negatives: the peer's close was seen first, the close is abortive or on an error path,
// the connection is client-side, or it is handed to code that is not visible.
// Each expectation was decided from the rule's meaning before any tool run.
// A line that ends in "// expect: ID" must get that diagnostic, starting on that line; no other line may get one.
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Unseen.D.SL0003.Negatives;

sealed record ClientConnection(Socket Socket);

class Server
{
    static readonly byte[] Hello = Encoding.ASCII.GetBytes("hello\r\n");
    readonly Func<TcpClient, Task> handler;
    readonly List<Socket> connections = new();

    public Server(Func<TcpClient, Task> handler) => this.handler = handler;

    // Client side: the code connects, so closing first is the expected design.
    async Task ClientConnectsAndCloses(int port, CancellationToken ct)
    {
        var c = new TcpClient();
        await c.ConnectAsync(IPAddress.Loopback, port, ct);
        await c.GetStream().WriteAsync(Hello, ct);
        c.Close();
    }

    // Client side with a raw Socket: half-close then close is the connecting side's job.
    void RawClientHalfClose(int port)
    {
        var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        s.Connect(new IPEndPoint(IPAddress.Loopback, port));
        s.Send(Hello);
        s.Shutdown(SocketShutdown.Send);
        var buf = new byte[256];
        while (s.Receive(buf) > 0) { }
        s.Close();
    }

    // Client side via the connecting constructor, disposed by a using declaration.
    void ConnectingConstructor(int port)
    {
        using var c = new TcpClient("127.0.0.1", port);
        c.GetStream().Write(Hello);
    }

    // Drain loop with ReceiveTimeout: Close only after Receive returned 0; a timeout lands in the catch (error path).
    void DrainWithTimeout(TcpListener listener)
    {
        Socket s = listener.AcceptSocket();
        s.Send(Hello);
        s.ReceiveTimeout = 2000;
        var buf = new byte[256];
        try
        {
            while (s.Receive(buf) > 0) { }
            s.Close();
        }
        catch (SocketException)
        {
            s.Close();
        }
    }

    // CopyToAsync(Stream.Null) returns only at end of stream: the client's FIN was seen before Close.
    async Task DrainWithCopyTo(TcpListener listener, CancellationToken ct)
    {
        TcpClient client = await listener.AcceptTcpClientAsync(ct);
        NetworkStream ns = client.GetStream();
        await ns.WriteAsync(Hello, ct);
        await ns.CopyToAsync(Stream.Null, ct);
        client.Close();
    }

    // ReadToEndAsync completes only at end of stream: the client closed first.
    async Task DrainWithReadToEnd(TcpListener listener, CancellationToken ct)
    {
        TcpClient client = await listener.AcceptTcpClientAsync(ct);
        var reader = new StreamReader(client.GetStream());
        string all = await reader.ReadToEndAsync(ct);
        Console.WriteLine(all.Length);
        client.Dispose();
    }

    // ReadLine until null, then the using ends: the client's close was seen first.
    void LinesUntilNull(TcpListener listener)
    {
        using TcpClient client = listener.AcceptTcpClient();
        var reader = new StreamReader(client.GetStream());
        var writer = new StreamWriter(client.GetStream()) { AutoFlush = true };
        string? line;
        while ((line = reader.ReadLine()) != null)
            writer.WriteLine(line);
    }

    // Abortive close through TcpClient.LingerState: RST, no TIME_WAIT.
    async Task AbortiveTcpClient(TcpListener listener, CancellationToken ct)
    {
        TcpClient client = await listener.AcceptTcpClientAsync(ct);
        await client.GetStream().WriteAsync(Hello, ct);
        client.LingerState = new LingerOption(true, 0);
        client.Close();
    }

    // Abortive close set before the end of a using declaration.
    void AbortiveThenUsingEnds(Socket listener)
    {
        using Socket s = listener.Accept();
        s.LingerState = new LingerOption(true, 0);
        s.Send(Hello);
    }

    // Close in a catch block: an error path.
    async Task CloseInCatch(TcpListener listener, CancellationToken ct)
    {
        TcpClient client = await listener.AcceptTcpClientAsync(ct);
        try
        {
            await client.GetStream().WriteAsync(Hello, ct);
        }
        catch (IOException)
        {
            client.Close();
            return;
        }
        await handler(client);
    }

    // Close in a filtered catch (still an error path), rethrowing otherwise.
    void CloseInFilteredCatch(Socket listener, Action<Socket> next)
    {
        Socket s = listener.Accept();
        try
        {
            s.Send(Hello);
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)
        {
            s.Dispose();
            return;
        }
        next(s);
    }

    // Dispose then rethrow from a catch-all: error path.
    void DisposeAndRethrow(Socket listener, Action<Socket> next)
    {
        Socket s = listener.Accept();
        try
        {
            next(s);
        }
        catch (Exception)
        {
            s.Dispose();
            throw;
        }
    }

    // Handed to a delegate whose code is not visible: not reported.
    async Task HandedToDelegate(TcpListener listener, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            TcpClient client = await listener.AcceptTcpClientAsync(ct);
            _ = handler(client);
        }
    }

    // Task.Run(async () => { using (client) ... }) where the body reads until 0 first.
    async Task AcceptLoopTaskRunDrains(TcpListener listener, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            TcpClient client = await listener.AcceptTcpClientAsync(ct);
            _ = Task.Run(async () =>
            {
                using (client)
                {
                    NetworkStream ns = client.GetStream();
                    var buf = new byte[512];
                    int n;
                    while ((n = await ns.ReadAsync(buf, ct)) > 0)
                        await ns.WriteAsync(buf.AsMemory(0, n), ct);
                }
            });
        }
    }

    // Shutdown(Both) and Close after the receive returned 0.
    void ShutdownAfterZero(Socket listener)
    {
        Socket s = listener.Accept();
        var buf = new byte[128];
        int n = s.Receive(buf);
        if (n == 0)
        {
            s.Shutdown(SocketShutdown.Both);
            s.Close();
            return;
        }
        s.Send(buf, 0, n, SocketFlags.None);
        while (s.Receive(buf) > 0) { }
        s.Shutdown(SocketShutdown.Both);
        s.Close();
    }

    // await using on the stream plus using on the client: both disposals come after the read loop saw 0.
    async Task AwaitUsingDrain(TcpListener listener, CancellationToken ct)
    {
        using TcpClient client = await listener.AcceptTcpClientAsync(ct);
        await using NetworkStream ns = client.GetStream();
        var buf = new byte[512];
        int n;
        while ((n = await ns.ReadAsync(buf, ct)) > 0)
            await ns.WriteAsync(buf.AsMemory(0, n), ct);
    }

    // await using on an owning NetworkStream over the accepted socket, after a drain to 0.
    async Task AwaitUsingOwningStreamDrain(Socket listener, CancellationToken ct)
    {
        Socket s = await listener.AcceptAsync(ct);
        await using var ns = new NetworkStream(s, ownsSocket: true);
        await ns.WriteAsync(Hello, ct);
        var buf = new byte[64];
        while (await ns.ReadAsync(buf, ct) > 0) { }
    }

    // ConfigureAwait(false) drain loop, then Close.
    async Task ConfigureAwaitDrain(TcpListener listener, CancellationToken ct)
    {
        TcpClient client = await listener.AcceptTcpClientAsync(ct).ConfigureAwait(false);
        NetworkStream ns = client.GetStream();
        await ns.WriteAsync(Hello, ct).ConfigureAwait(false);
        var buf = new byte[64];
        while (await ns.ReadAsync(buf, ct).ConfigureAwait(false) != 0) { }
        client.Close();
    }

    // ValueTask handler: ReceiveAsync returned 0, then Dispose.
    async ValueTask ValueTaskZeroThenDispose(Socket listener, CancellationToken ct)
    {
        Socket s = await listener.AcceptAsync(ct);
        var buf = new byte[64];
        while (true)
        {
            int n = await s.ReceiveAsync(buf, SocketFlags.None, ct);
            if (n == 0) { s.Dispose(); return; }
            await s.SendAsync(buf.AsMemory(0, n), SocketFlags.None, ct);
        }
    }

    // Accepted sockets stored in a list and never closed here: no close, nothing to report.
    void StoreOnly(Socket listener)
    {
        connections.Add(listener.Accept());
    }

    // A record wrapping a client-side socket: the code connected it.
    void RecordClientSide(int port)
    {
        var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        s.Connect(IPAddress.Loopback, port);
        var conn = new ClientConnection(s);
        conn.Socket.Send(Hello);
        conn.Socket.Close();
    }

    // Echo until 0 with break, then Close.
    void EchoUntilZero(TcpListener listener)
    {
        Socket s = listener.AcceptSocket();
        var buf = new byte[256];
        while (true)
        {
            int n = s.Receive(buf);
            if (n == 0) break;
            s.Send(buf, 0, n, SocketFlags.None);
        }
        s.Close();
    }

    // Stopping and closing the listening socket is not closing a connection.
    void StopListening(TcpListener listener, int port)
    {
        listener.Stop();
        var listen = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listen.Bind(new IPEndPoint(IPAddress.Loopback, port));
        listen.Listen(16);
        listen.Close();
    }

    // `using var` in the loop body, with an inner loop that runs to 0 before the iteration ends.
    async Task UsingVarInLoopDrains(TcpListener listener, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            using TcpClient client = await listener.AcceptTcpClientAsync(ct);
            NetworkStream ns = client.GetStream();
            var buf = new byte[512];
            int n;
            while ((n = await ns.ReadAsync(buf, ct)) > 0)
                await ns.WriteAsync(buf.AsMemory(0, n), ct);
        }
    }

    // Disconnect after the client's FIN was seen.
    void DisconnectAfterZero(Socket listener)
    {
        Socket s = listener.Accept();
        var buf = new byte[16];
        if (s.Receive(buf) == 0)
        {
            s.Disconnect(false);
            s.Close();
            return;
        }
        connections.Add(s);
    }

    // Handler method of the same class that reads until 0 before closing.
    void AcceptAndEcho(Socket listener)
    {
        while (true)
        {
            Socket s = listener.Accept();
            Echo(s);
        }
    }

    void Echo(Socket s)
    {
        var buf = new byte[256];
        int n;
        while ((n = s.Receive(buf)) > 0)
            s.Send(buf, 0, n, SocketFlags.None);
        s.Close();
    }

    // Shutdown(Receive) only: no FIN is sent; the connection is then handed off.
    void ShutdownReceiveOnly(Socket listener, Action<Socket> next)
    {
        Socket s = listener.Accept();
        s.Shutdown(SocketShutdown.Receive);
        next(s);
    }

    // ReadLine returned null: close after the client's close.
    async Task ReadLineNullThenClose(TcpListener listener, CancellationToken ct)
    {
        TcpClient client = await listener.AcceptTcpClientAsync(ct);
        var reader = new StreamReader(client.GetStream());
        while (true)
        {
            string? line = await reader.ReadLineAsync(ct);
            if (line is null) { client.Close(); return; }
            Console.WriteLine(line);
        }
    }
}
