// SL0003 blind cases: async servers (AcceptTcpClientAsync, AcceptSocketAsync, Socket.AcceptAsync).
// A line that ends in "// expect: ID" must get that diagnostic, starting on that line; no other line may get one.
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace UnseenB.SL0003.Async;

class AsyncPositives
{
    // Bug: using declaration with ConfigureAwait(false); the client is disposed right after the reply on every iteration.
    async Task PingServerAsync(TcpListener listener, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            using TcpClient client = await listener.AcceptTcpClientAsync(ct).ConfigureAwait(false); // expect: SL0003
            var stream = client.GetStream();
            var buf = new byte[64];
            int n = await stream.ReadAsync(buf, ct).ConfigureAwait(false);
            if (n == 0) continue;
            await stream.WriteAsync(Encoding.ASCII.GetBytes("PONG\n"), ct).ConfigureAwait(false);
        }
    }

    // Bug: AcceptSocketAsync, reply, Close: the server closes first.
    async Task GreeterAsync(TcpListener listener)
    {
        Socket s = await listener.AcceptSocketAsync();
        await s.SendAsync(Encoding.UTF8.GetBytes("Welcome\n"), SocketFlags.None);
        s.Close(); // expect: SL0003
    }

    // Bug: Socket.AcceptAsync(ct) in a using declaration; the socket is disposed right after the reply.
    async Task VersionServerAsync(Socket listenSocket, CancellationToken ct)
    {
        while (true)
        {
            using Socket conn = await listenSocket.AcceptAsync(ct); // expect: SL0003
            await conn.SendAsync(Encoding.ASCII.GetBytes("v1.4.2\n"), SocketFlags.None, ct);
        }
    }

    // Bug: the async using statement over the accepted TcpClient ends right after the response.
    async Task JsonServerAsync(TcpListener listener)
    {
        while (true)
        {
            using (var client = await listener.AcceptTcpClientAsync()) // expect: SL0003
            {
                var stream = client.GetStream();
                var buf = new byte[2048];
                int n = await stream.ReadAsync(buf, 0, buf.Length);
                if (n == 0) continue;
                var body = Encoding.UTF8.GetBytes("{\"ok\":true}");
                await stream.WriteAsync(body, 0, body.Length);
            }
        }
    }

    // Bug: HTTP-like handler with StreamReader/StreamWriter; Dispose after the response closes first.
    async Task HttpAsync(TcpListener listener, CancellationToken ct)
    {
        TcpClient client = await listener.AcceptTcpClientAsync(ct);
        var stream = client.GetStream();
        var reader = new StreamReader(stream, Encoding.ASCII);
        var writer = new StreamWriter(stream, Encoding.ASCII);
        string? request = await reader.ReadLineAsync(ct);
        if (request == null) { client.Dispose(); return; }
        while (!string.IsNullOrEmpty(await reader.ReadLineAsync(ct))) { }
        await writer.WriteAsync("HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        await writer.FlushAsync(ct);
        client.Dispose(); // expect: SL0003
    }

    // Bug: DisconnectAsync after the reply is the server starting the close.
    async Task DisconnectAsyncServer(Socket listenSocket, CancellationToken ct)
    {
        Socket s = await listenSocket.AcceptAsync(ct);
        await s.SendAsync(new byte[] { 1, 2, 3 }, SocketFlags.None, ct);
        await s.DisconnectAsync(false, ct); // expect: SL0003
        s.Dispose();
    }

    // Bug: ValueTask method; Shutdown(Both) right after the reply sends the server's FIN first.
    async ValueTask ShutdownAsyncServer(Socket listenSocket)
    {
        Socket s = await listenSocket.AcceptAsync();
        var buf = new byte[256];
        int n = await s.ReceiveAsync(buf, SocketFlags.None);
        if (n == 0) { s.Close(); return; }
        await s.SendAsync(new ArraySegment<byte>(buf, 0, n), SocketFlags.None);
        s.Shutdown(SocketShutdown.Both); // expect: SL0003
        s.Close();
    }

    // Bug: try/finally in an async method; on the normal path the finally disposes right after the reply.
    async Task FinallyAsync(TcpListener listener, CancellationToken ct)
    {
        var client = await listener.AcceptTcpClientAsync(ct);
        try
        {
            var stream = client.GetStream();
            await stream.WriteAsync(Encoding.ASCII.GetBytes("* OK IMAP4rev1\r\n"), ct);
        }
        finally
        {
            client.Dispose(); // expect: SL0003
        }
    }

    // Bug: keep-alive server that hangs up after 100 requests; that exit path closes before the client did.
    async Task KeepAliveLimitAsync(TcpListener listener, CancellationToken ct)
    {
        TcpClient client = await listener.AcceptTcpClientAsync(ct);
        var stream = client.GetStream();
        var buf = new byte[1024];
        for (int served = 0; served < 100; served++)
        {
            int n = await stream.ReadAsync(buf, ct);
            if (n == 0) break;
            await stream.WriteAsync(buf.AsMemory(0, n), ct);
        }
        client.Dispose(); // expect: SL0003
    }
}

class AsyncNegatives
{
    readonly ConcurrentDictionary<Guid, TcpClient> clients = new();

    // Fine: async echo until ReadAsync returns 0; the using ends after the client's close.
    async Task EchoAsync(TcpListener listener, CancellationToken ct)
    {
        using TcpClient client = await listener.AcceptTcpClientAsync(ct);
        var stream = client.GetStream();
        var buf = new byte[4096];
        int n;
        while ((n = await stream.ReadAsync(buf, ct)) != 0)
            await stream.WriteAsync(buf.AsMemory(0, n), ct);
    }

    // Fine: reply, then drain with ReceiveAsync until 0, then close.
    async Task ReplyThenDrainAsync(Socket listenSocket, CancellationToken ct)
    {
        Socket s = await listenSocket.AcceptAsync(ct);
        var buf = new byte[256];
        int n = await s.ReceiveAsync(buf, SocketFlags.None, ct);
        if (n == 0) { s.Close(); return; }
        await s.SendAsync(buf.AsMemory(0, n), SocketFlags.None, ct);
        while (await s.ReceiveAsync(buf, SocketFlags.None, ct) > 0) { }
        s.Close();
    }

    // Fine: line-oriented session that ends when ReadLineAsync returns null (client closed first).
    async Task ChatSessionAsync(TcpListener listener)
    {
        var client = await listener.AcceptTcpClientAsync().ConfigureAwait(false);
        var stream = client.GetStream();
        var reader = new StreamReader(stream);
        var writer = new StreamWriter(stream) { AutoFlush = true };
        string? line;
        while ((line = await reader.ReadLineAsync().ConfigureAwait(false)) != null)
            await writer.WriteLineAsync("> " + line).ConfigureAwait(false);
        client.Dispose();
    }

    // Fine: the only close is on the zero path (the client already closed).
    async Task CloseOnZeroAsync(TcpListener listener, CancellationToken ct)
    {
        Socket s = await listener.AcceptSocketAsync(ct);
        var buf = new byte[1024];
        while (true)
        {
            int n = await s.ReceiveAsync(buf, SocketFlags.None, ct);
            if (n == 0) { s.Dispose(); return; }
            await s.SendAsync(buf.AsMemory(0, n), SocketFlags.None, ct);
        }
    }

    // Fine: cancellation surfaces in the catch; closing there is an error path, and the normal path reads to EOF.
    async Task CancelledAsync(TcpListener listener, CancellationToken ct)
    {
        TcpClient client = await listener.AcceptTcpClientAsync(ct);
        try
        {
            var stream = client.GetStream();
            var buf = new byte[512];
            while (await stream.ReadAsync(buf, ct) > 0) { }
        }
        catch (OperationCanceledException)
        {
            client.Dispose();
            throw;
        }
        client.Dispose();
    }

    // Fine: a SocketException closes on the error path only.
    async Task SocketErrorAsync(Socket listenSocket)
    {
        Socket s = await listenSocket.AcceptAsync();
        try
        {
            var buf = new byte[512];
            int n;
            while ((n = await s.ReceiveAsync(buf, SocketFlags.None)) > 0)
                await s.SendAsync(buf.AsMemory(0, n), SocketFlags.None);
        }
        catch (SocketException)
        {
            s.Close();
            return;
        }
        s.Close();
    }

    // Fine: the accepted client is registered for later use; nothing is closed here.
    async Task RegisterAsync(TcpListener listener, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            TcpClient client = await listener.AcceptTcpClientAsync(ct);
            clients[Guid.NewGuid()] = client;
        }
    }

    // Fine: abortive close on purpose (overloaded server), no TIME_WAIT.
    async Task AbortiveAsync(TcpListener listener)
    {
        using var client = await listener.AcceptTcpClientAsync();
        client.LingerState = new LingerOption(true, 0);
        await client.GetStream().WriteAsync(Encoding.ASCII.GetBytes("421 busy\r\n"));
    }

    // Fine: the finally disposes, but the normal path reaches it only after ReadAsync returned 0.
    async Task FinallyAfterEofAsync(TcpListener listener, CancellationToken ct)
    {
        var client = await listener.AcceptTcpClientAsync(ct);
        try
        {
            var stream = client.GetStream();
            var buf = new byte[1024];
            int n;
            while ((n = await stream.ReadAsync(buf, ct)) > 0)
                await stream.WriteAsync(buf.AsMemory(0, n), ct);
        }
        finally
        {
            client.Dispose();
        }
    }

    // Fine: async client (ConnectAsync) closing first through a using declaration.
    async Task<string> ClientAsync(int port, CancellationToken ct)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port, ct);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes("STATUS\n"), ct);
        var buf = new byte[256];
        int n = await stream.ReadAsync(buf, ct);
        return n == 0 ? "" : Encoding.ASCII.GetString(buf, 0, n);
    }

    // Fine: an async client Socket that shuts down and closes first.
    async Task ClientSocketAsync(int port)
    {
        var s = new Socket(AddressFamily.InterNetworkV6, SocketType.Stream, ProtocolType.Tcp);
        await s.ConnectAsync(new IPEndPoint(IPAddress.IPv6Loopback, port));
        await s.SendAsync(Encoding.ASCII.GetBytes("QUIT\r\n"), SocketFlags.None);
        s.Shutdown(SocketShutdown.Both);
        s.Close();
    }
}
