// Round 2, SL0003 positives: a server closes a connection it accepted before it has seen the client's close.
// Each expectation was decided from the rule's meaning before any tool run.
// A line that ends in "// expect: ID" must get that diagnostic, starting on that line; no other line may get one.
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Unseen.D.SL0003.Positives;

sealed record Connection(Socket Socket, DateTime Since);

class Server
{
    static readonly byte[] Hello = Encoding.ASCII.GetBytes("hello\r\n");
    const int Max = 100;
    int active;
    readonly Action<TcpClient> handOff;
    readonly Action<Socket> handOffSocket;

    public Server(Action<TcpClient> handOff, Action<Socket> handOffSocket)
    {
        this.handOff = handOff;
        this.handOffSocket = handOffSocket;
    }

    // `using var` in the loop body disposes each accepted socket at the end of the iteration; the reply path never saw the FIN.
    void UsingVarInLoopBody(Socket listener)
    {
        var buf = new byte[512];
        while (true)
        {
            using var s = listener.Accept(); // expect: SL0003
            int n = s.Receive(buf);
            if (n == 0) continue;
            s.Send(buf, 0, n, SocketFlags.None);
        }
    }

    // `using` declaration in a for-loop body of an async method: disposed right after the reply, every iteration.
    async Task UsingVarInForBody(TcpListener listener, int count, CancellationToken ct)
    {
        for (int i = 0; i < count; i++)
        {
            using Socket s = await listener.AcceptSocketAsync(ct); // expect: SL0003
            await s.SendAsync(Hello, SocketFlags.None, ct);
        }
    }

    // try/finally: the finally disposes the connection after the reply on the normal path (n > 0), before any FIN.
    void TryFinallyDispose(TcpListener listener)
    {
        Socket s = listener.AcceptSocket();
        try
        {
            var buf = new byte[256];
            int n = s.Receive(buf);
            if (n > 0)
                s.Send(buf, 0, n, SocketFlags.None);
        }
        finally
        {
            s.Dispose(); // expect: SL0003
        }
    }

    // try/finally with a nullable local assigned inside the try: the finally closes first on the normal path.
    async Task TryFinallyNullable(TcpListener listener, CancellationToken ct)
    {
        TcpClient? client = null;
        try
        {
            client = await listener.AcceptTcpClientAsync(ct);
            await client.GetStream().WriteAsync(Hello, ct);
        }
        finally
        {
            client?.Dispose(); // expect: SL0003
        }
    }

    // Response, then a half-close: Shutdown(Send) puts the server's FIN on the wire first (the later Close is the same connection).
    async Task ReplyThenHalfClose(TcpListener listener, CancellationToken ct)
    {
        TcpClient client = await listener.AcceptTcpClientAsync(ct);
        NetworkStream ns = client.GetStream();
        await ns.WriteAsync(Hello, ct);
        client.Client.Shutdown(SocketShutdown.Send); // expect: SL0003
        var buf = new byte[256];
        while (await ns.ReadAsync(buf, ct) > 0) { }
        client.Close();
    }

    // Connection limit: rejecting by closing right after accept is still the server closing first on a normal path.
    async Task ConnectionLimit(TcpListener listener, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            TcpClient client = await listener.AcceptTcpClientAsync(ct);
            if (Volatile.Read(ref active) >= Max)
            {
                client.Close(); // expect: SL0003
                continue;
            }
            Interlocked.Increment(ref active);
            handOff(client);
        }
    }

    // Accept loop with Task.Run(async () => { using (client) ... }): the using ends after the reply only.
    async Task AcceptLoopTaskRun(TcpListener listener, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            TcpClient client = await listener.AcceptTcpClientAsync(ct);
            _ = Task.Run(async () =>
            {
                using (client) // expect: SL0003
                {
                    NetworkStream ns = client.GetStream();
                    await ns.WriteAsync(Hello, ct);
                }
            });
        }
    }

    // The handler is a private method of the same class (visible): it replies and closes before the client did. It
    // reads nothing, so it is a closing helper: the finding lands where it is called, on the accepting path.
    void AcceptAndHandle(Socket listener)
    {
        while (true)
        {
            Socket s = listener.Accept();
            Handle(s); // expect: SL0003
        }
    }

    void Handle(Socket s)
    {
        s.Send(Hello);
        s.Close();
    }

    // ConfigureAwait(false) on the accept does not change who closes first.
    async Task ConfigureAwaitFalse(TcpListener listener, CancellationToken ct)
    {
        using TcpClient client = await listener.AcceptTcpClientAsync(ct).ConfigureAwait(false); // expect: SL0003
        NetworkStream ns = client.GetStream();
        var buf = new byte[256];
        int n = await ns.ReadAsync(buf, ct).ConfigureAwait(false);
        if (n == 0) return;
        await ns.WriteAsync(buf.AsMemory(0, n), ct).ConfigureAwait(false);
    }

    // ValueTask-returning handler: AcceptAsync(ct), send, Dispose first.
    async ValueTask ValueTaskHandler(Socket listener, CancellationToken ct)
    {
        Socket s = await listener.AcceptAsync(ct);
        await s.SendAsync(Hello, SocketFlags.None, ct);
        s.Dispose(); // expect: SL0003
    }

    // A record wrapping the accepted socket: closing it through the record property is still the server closing first.
    void RecordWrapper(Socket listener)
    {
        var conn = new Connection(listener.Accept(), DateTime.UtcNow);
        conn.Socket.Send(Hello);
        // A limit of SL0003: a connection handed to a constructor of yours is that code's business, not followed.
        conn.Socket.Close();
    }

    // Disconnect is an active close (FIN) too; the later Close is the same connection.
    void DisconnectAfterReply(Socket listener)
    {
        Socket s = listener.Accept();
        s.Send(Hello);
        s.Disconnect(false); // expect: SL0003
        s.Close();
    }

    // Close(timeout) is a graceful close that lingers: still the server's FIN first.
    void CloseWithTimeout(TcpListener listener)
    {
        Socket s = listener.AcceptSocket();
        s.Send(Hello);
        s.Close(5); // expect: SL0003
    }

    // Linger enabled with a non-zero timeout is graceful, not abortive: TIME_WAIT still lands on the server.
    void LingerNonZero(Socket listener)
    {
        Socket s = listener.Accept();
        s.LingerState = new LingerOption(true, 5);
        s.Send(Hello);
        s.Close(); // expect: SL0003
    }

    // LingerOption(false, 0) disables lingering (the default graceful close): not abortive.
    void LingerDisabled(TcpListener listener)
    {
        TcpClient client = listener.AcceptTcpClient();
        client.LingerState = new LingerOption(false, 0);
        client.GetStream().Write(Hello);
        client.Close(); // expect: SL0003
    }

    // Classic using block on an accepted TcpClient: reported on the using line.
    void UsingBlock(TcpListener listener)
    {
        using (TcpClient client = listener.AcceptTcpClient()) // expect: SL0003
        {
            client.GetStream().Write(Hello);
        }
    }

    // The null path's close comes after the FIN (fine); the close after the reply does not.
    void LineProtocol(TcpListener listener)
    {
        TcpClient client = listener.AcceptTcpClient();
        var reader = new StreamReader(client.GetStream());
        string? line = reader.ReadLine();
        if (line == null) { client.Close(); return; }
        var writer = new StreamWriter(client.GetStream()) { AutoFlush = true };
        writer.WriteLine(line.ToUpperInvariant());
        client.Close(); // expect: SL0003
    }

    // Shutdown(Receive) sends nothing; the Close after it is the first active close.
    void ShutdownReceiveThenClose(Socket listener)
    {
        Socket s = listener.Accept();
        s.Shutdown(SocketShutdown.Receive);
        s.Send(Hello);
        s.Close(); // expect: SL0003
    }

    // A QUIT command in a switch: the server shuts down before the client closed (once per connection: not the Close after it).
    async Task CommandSwitch(TcpListener listener, CancellationToken ct)
    {
        Socket s = await listener.AcceptSocketAsync(ct);
        var buf = new byte[64];
        int n = await s.ReceiveAsync(buf, SocketFlags.None, ct);
        if (n == 0) { s.Close(); return; }
        switch (buf[0])
        {
            case (byte)'Q':
                s.Shutdown(SocketShutdown.Both); // expect: SL0003
                s.Close();
                break;
            default:
                handOffSocket(s);
                break;
        }
    }

    // Accept inside an async lambda; Dispose right after the reply.
    void AsyncLambdaAccept(TcpListener listener)
    {
        Func<Task> once = async () =>
        {
            TcpClient c = await listener.AcceptTcpClientAsync();
            await c.GetStream().WriteAsync(Hello);
            c.Dispose(); // expect: SL0003
        };
        _ = once();
    }

    // An async local function closes the captured accepted client after replying.
    async Task LocalFunctionHandler(TcpListener listener, CancellationToken ct)
    {
        TcpClient client = await listener.AcceptTcpClientAsync(ct);
        await Respond();

        async Task Respond()
        {
            await client.GetStream().WriteAsync(Hello, ct);
            client.Close(); // expect: SL0003
        }
    }

    // One request read (n > 0), reply, Dispose: the client has not closed yet.
    async Task ReadOnceThenDispose(TcpListener listener, CancellationToken ct)
    {
        TcpClient client = await listener.AcceptTcpClientAsync(ct);
        NetworkStream ns = client.GetStream();
        var buf = new byte[1024];
        int n = await ns.ReadAsync(buf, ct);
        if (n == 0) { client.Dispose(); return; }
        await ns.WriteAsync(buf.AsMemory(0, n), ct);
        client.Dispose(); // expect: SL0003
    }

    // Two accepted connections, each closed first: one report per connection.
    void TwoConnections(Socket listener)
    {
        Socket a = listener.Accept();
        Socket b = listener.Accept();
        a.Send(Hello);
        b.Send(Hello);
        a.Close(); // expect: SL0003
        b.Close(); // expect: SL0003
    }

    // Echo loop with a QUIT break: the break path reaches Close without having seen 0.
    void EchoWithQuit(Socket listener)
    {
        Socket s = listener.Accept();
        var buf = new byte[256];
        int n;
        while ((n = s.Receive(buf)) > 0)
        {
            if (buf[0] == (byte)'Q') break;
            s.Send(buf, 0, n, SocketFlags.None);
        }
        s.Close(); // expect: SL0003
    }

    // Shutdown(Both) through TcpClient.Client, then Dispose: only the Shutdown is reported.
    async Task ShutdownViaClientProperty(TcpListener listener, CancellationToken ct)
    {
        TcpClient client = await listener.AcceptTcpClientAsync(ct);
        await client.GetStream().WriteAsync(Hello, ct);
        client.Client.Shutdown(SocketShutdown.Both); // expect: SL0003
        client.Dispose();
    }

    // Accept via AcceptSocketAsync with ConfigureAwait(false) inside a ValueTask<bool> method.
    async ValueTask<bool> ValueTaskOfBool(TcpListener listener)
    {
        Socket s = await listener.AcceptSocketAsync().ConfigureAwait(false);
        await s.SendAsync(Hello, SocketFlags.None).ConfigureAwait(false);
        s.Close(); // expect: SL0003
        return true;
    }
}
