// SL0003, round 3 (set F): the accepted connection travels: handler classes built with the
// TcpClient, records, SslStream / NetworkStream / BinaryReader wrappers, await using, using var,
// try/finally, ThreadPool and Task.Run work items.
// A line that ends in "// expect: ID" must get that diagnostic, starting on that line; no other line may get one.
using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace Unseen.F.SL0003.Wrappers;

// ---------------------------------------------------------------- handler classes

// Handler that owns an accepted TcpClient (given in the constructor): echoes one message and closes.
sealed class EchoOnceHandler
{
    readonly TcpClient _client;

    public EchoOnceHandler(TcpClient client) => _client = client;

    public void Run()
    {
        NetworkStream ns = _client.GetStream();
        var buf = new byte[1024];
        int n = ns.Read(buf, 0, buf.Length);
        if (n == 0) { _client.Close(); return; }
        ns.Write(buf, 0, n);
        _client.Close(); // expect: SL0003
    }
}

class EchoOnceServer
{
    public void Run(TcpListener listener)
    {
        while (true)
        {
            var handler = new EchoOnceHandler(listener.AcceptTcpClient());
            new Thread(handler.Run) { IsBackground = true }.Start();
        }
    }
}

// Handler that owns an accepted TcpClient and serves lines until the client hangs up.
sealed class LineSessionHandler
{
    readonly TcpClient _client;
    readonly StreamReader _reader;
    readonly StreamWriter _writer;

    public LineSessionHandler(TcpClient client)
    {
        _client = client;
        _reader = new StreamReader(client.GetStream(), Encoding.UTF8);
        _writer = new StreamWriter(client.GetStream(), Encoding.UTF8) { AutoFlush = true };
    }

    public async Task RunAsync(CancellationToken ct)
    {
        string? line;
        while ((line = await _reader.ReadLineAsync(ct)) != null)
            await _writer.WriteLineAsync(line.ToUpperInvariant());
        _client.Dispose();
    }
}

class LineSessionServer
{
    public async Task RunAsync(TcpListener listener, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            var handler = new LineSessionHandler(await listener.AcceptTcpClientAsync(ct));
            _ = handler.RunAsync(ct);
        }
    }
}

// ---------------------------------------------------------------- records

sealed record PlayerSession(int Id, string Name, TcpClient Client);

class GameLobby
{
    readonly List<PlayerSession> _players = new();
    int _nextId;

    // Lobby full: the server answers and drops the new player itself (normal path).
    // A player who got in is kept in the lobby (handed off, closed elsewhere).
    public async Task AdmitAsync(TcpListener listener, CancellationToken ct)
    {
        var session = new PlayerSession(_nextId++, "?", await listener.AcceptTcpClientAsync(ct));
        NetworkStream ns = session.Client.GetStream();
        var buf = new byte[256];
        int n = await ns.ReadAsync(buf, ct);
        if (n == 0) { session.Client.Close(); return; }
        if (_players.Count >= 8)
        {
            await ns.WriteAsync(Encoding.UTF8.GetBytes("LOBBY_FULL\n"), ct);
            // A limit of SL0003: a connection held by a record made from the accept is not followed through its property.
            session.Client.Close();
            return;
        }
        _players.Add(session with { Name = Encoding.UTF8.GetString(buf, 0, n).Trim() });
        await ns.WriteAsync(Encoding.UTF8.GetBytes("WELCOME\n"), ct);
    }

    // Lobby full: the player is told, then the server waits for its client to give up.
    public async Task AdmitOrWaitAsync(TcpListener listener, CancellationToken ct)
    {
        var session = new PlayerSession(_nextId++, "?", await listener.AcceptTcpClientAsync(ct));
        NetworkStream ns = session.Client.GetStream();
        var buf = new byte[256];
        int n = await ns.ReadAsync(buf, ct);
        if (n == 0) { session.Client.Close(); return; }
        if (_players.Count >= 8)
        {
            await ns.WriteAsync(Encoding.UTF8.GetBytes("LOBBY_FULL\n"), ct);
            while (await ns.ReadAsync(buf, ct) > 0) { }
            session.Client.Close();
            return;
        }
        _players.Add(session);
    }
}

// Record returned to the caller: this method does not decide when the connection ends.
sealed record InboundConnection(TcpClient Client, DateTimeOffset AcceptedAt);

class Acceptor
{
    public async Task<InboundConnection> AcceptGreetedAsync(TcpListener listener, CancellationToken ct)
    {
        TcpClient client = await listener.AcceptTcpClientAsync(ct);
        await client.GetStream().WriteAsync(Encoding.ASCII.GetBytes("+OK hello\r\n"), ct);
        return new InboundConnection(client, DateTimeOffset.UtcNow);
    }
}

// ---------------------------------------------------------------- TLS

class TlsEchoServer
{
    readonly X509Certificate2 _cert;
    public TlsEchoServer(X509Certificate2 cert) => _cert = cert;

    // TLS over the accepted stream: one record echoed, then the TCP connection is closed by us.
    public async Task ServeOnceAsync(TcpListener listener, CancellationToken ct)
    {
        TcpClient client = await listener.AcceptTcpClientAsync(ct);
        var ssl = new SslStream(client.GetStream(), leaveInnerStreamOpen: true);
        await ssl.AuthenticateAsServerAsync(_cert);
        var buf = new byte[4096];
        int n = await ssl.ReadAsync(buf, ct);
        if (n == 0) { client.Close(); return; }
        await ssl.WriteAsync(buf.AsMemory(0, n), ct);
        client.Close(); // expect: SL0003
    }

    // TLS echo until the client closes. A failed handshake closes from the catch block (error path).
    public async Task ServeSessionAsync(TcpListener listener, CancellationToken ct)
    {
        TcpClient client = await listener.AcceptTcpClientAsync(ct);
        var ssl = new SslStream(client.GetStream(), leaveInnerStreamOpen: true);
        try
        {
            await ssl.AuthenticateAsServerAsync(_cert);
        }
        catch (AuthenticationException)
        {
            client.Close();
            return;
        }
        var buf = new byte[4096];
        int n;
        while ((n = await ssl.ReadAsync(buf, ct)) > 0)
            await ssl.WriteAsync(buf.AsMemory(0, n), ct);
        client.Close();
    }
}

// ---------------------------------------------------------------- NetworkStream that owns the socket

class OwnedStreamServers
{
    // The NetworkStream owns the accepted socket: the end of the await using closes the connection,
    // after a single request/response.
    public async Task OneShotAsync(Socket listener, CancellationToken ct)
    {
        Socket socket = await listener.AcceptAsync(ct);
        await using var stream = new NetworkStream(socket, ownsSocket: true); // expect: SL0003
        var buf = new byte[512];
        int n = await stream.ReadAsync(buf, ct);
        if (n == 0) return;
        await stream.WriteAsync(buf.AsMemory(0, n), ct);
    }

    // Same ownership, but the stream is read to the end before the await using closes it.
    public async Task UntilEndAsync(Socket listener, CancellationToken ct)
    {
        Socket socket = await listener.AcceptAsync(ct);
        await using var stream = new NetworkStream(socket, ownsSocket: true);
        var buf = new byte[512];
        int n;
        while ((n = await stream.ReadAsync(buf, ct)) > 0)
            await stream.WriteAsync(buf.AsMemory(0, n), ct);
    }

    // Closing the stream of a TcpClient closes its socket: that, not client.Close(), is the first close.
    public void StreamClosedFirst(TcpListener listener)
    {
        TcpClient client = listener.AcceptTcpClient();
        NetworkStream stream = client.GetStream();
        var buf = new byte[256];
        int n = stream.Read(buf, 0, buf.Length);
        if (n == 0) { client.Close(); return; }
        stream.Write(Encoding.ASCII.GetBytes("ACK\n"));
        stream.Close(); // expect: SL0003
        client.Close();
    }

    // The same two closes after the client's FIN.
    public void StreamClosedAfterEnd(TcpListener listener)
    {
        TcpClient client = listener.AcceptTcpClient();
        NetworkStream stream = client.GetStream();
        var buf = new byte[256];
        int n;
        while ((n = stream.Read(buf, 0, buf.Length)) > 0)
            stream.Write(Encoding.ASCII.GetBytes("ACK " + n + "\n"));
        stream.Close();
        client.Close();
    }
}

// ---------------------------------------------------------------- binary protocols, using var, ThreadPool

class FileTransferServer
{
    // The server pushes a file and ends the using scope: it closes first.
    public void SendFile(TcpListener listener, string path)
    {
        using var client = listener.AcceptTcpClient(); // expect: SL0003
        NetworkStream ns = client.GetStream();
        var writer = new BinaryWriter(ns);
        byte[] data = File.ReadAllBytes(path);
        writer.Write(Path.GetFileName(path));
        writer.Write(data.Length);
        writer.Write(data);
        writer.Flush();
    }

    // The server pushes a file and waits until the receiver hangs up (it has everything then).
    public void SendFileAndWait(TcpListener listener, string path)
    {
        using var client = listener.AcceptTcpClient();
        NetworkStream ns = client.GetStream();
        var writer = new BinaryWriter(ns);
        byte[] data = File.ReadAllBytes(path);
        writer.Write(data.Length);
        writer.Write(data);
        writer.Flush();
        var sink = new byte[16];
        while (ns.Read(sink, 0, sink.Length) > 0) { }
    }
}

class CalculatorServer
{
    // ThreadPool work item; `using (client)` ends the connection after one binary request.
    public void Run(TcpListener listener)
    {
        while (true)
        {
            TcpClient client = listener.AcceptTcpClient();
            ThreadPool.QueueUserWorkItem(_ =>
            {
                using (client) // expect: SL0003
                {
                    var reader = new BinaryReader(client.GetStream());
                    var writer = new BinaryWriter(client.GetStream());
                    int a = reader.ReadInt32();
                    int b = reader.ReadInt32();
                    writer.Write(a + b);
                    writer.Flush();
                }
            });
        }
    }

    // ThreadPool work item; `using (client)` ends after ReadLine returned null.
    public void RunLines(TcpListener listener)
    {
        while (true)
        {
            TcpClient client = listener.AcceptTcpClient();
            ThreadPool.QueueUserWorkItem(_ =>
            {
                using (client)
                {
                    var reader = new StreamReader(client.GetStream());
                    var writer = new StreamWriter(client.GetStream()) { AutoFlush = true };
                    string? line;
                    while ((line = reader.ReadLine()) != null)
                        writer.WriteLine(Evaluate(line));
                }
            });
        }
    }

    static string Evaluate(string expr) => expr;
}

// ---------------------------------------------------------------- try/finally

class FramedServer
{
    // try/finally that shuts down after a single framed reply.
    public void ServeFrame(Socket listener)
    {
        Socket s = listener.Accept();
        try
        {
            var len = new byte[4];
            if (s.Receive(len) == 0) return;
            var reply = new byte[] { 0, 0, 0, 2, (byte)'o', (byte)'k' };
            s.Send(reply);
        }
        finally
        {
            s.Shutdown(SocketShutdown.Both); // expect: SL0003
            s.Close();
        }
    }

    // try/finally around a read loop that only ends on 0 (or an exception).
    public void ServeFrames(Socket listener)
    {
        Socket s = listener.Accept();
        try
        {
            var len = new byte[4];
            while (s.Receive(len) > 0)
                s.Send(len);
        }
        finally
        {
            s.Shutdown(SocketShutdown.Both);
            s.Close();
        }
    }
}

class LookupService
{
    readonly ConcurrentDictionary<string, byte[]> _table = new();

    // Task.Run with an async lambda and a finally that disposes after one lookup.
    public async Task RunAsync(Socket listener, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            Socket s = await listener.AcceptAsync(ct);
            _ = Task.Run(async () =>
            {
                try
                {
                    var buf = new byte[1024];
                    int n = await s.ReceiveAsync(buf.AsMemory(), SocketFlags.None, ct);
                    if (n == 0) return;
                    await s.SendAsync(Lookup(buf, n), SocketFlags.None, ct);
                }
                finally
                {
                    s.Dispose(); // expect: SL0003
                }
            }, ct);
        }
    }

    // Task.Run with an async lambda: lookups until the client disconnects, then dispose.
    public async Task RunSessionsAsync(Socket listener, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            Socket s = await listener.AcceptAsync(ct);
            _ = Task.Run(async () =>
            {
                try
                {
                    var buf = new byte[1024];
                    while (true)
                    {
                        int n = await s.ReceiveAsync(buf.AsMemory(), SocketFlags.None, ct);
                        if (n == 0) break;
                        await s.SendAsync(Lookup(buf, n), SocketFlags.None, ct);
                    }
                }
                finally
                {
                    s.Dispose();
                }
            }, ct);
        }
    }

    byte[] Lookup(byte[] buf, int n) =>
        _table.TryGetValue(Encoding.UTF8.GetString(buf, 0, n), out var v) ? v : Array.Empty<byte>();
}

// ---------------------------------------------------------------- abortive closes, client side

class Rejector
{
    // Over capacity: refuse with RST through the TcpClient's LingerState; the using then closes abortively.
    public void RejectWhenBusy(TcpListener listener, int active, int max)
    {
        TcpClient client = listener.AcceptTcpClient();
        if (active < max) { Keep(client.Client); return; }
        using (client)
        {
            client.LingerState = new LingerOption(true, 0);
            client.GetStream().Write(Encoding.ASCII.GetBytes("BUSY\n"));
        }
    }

    // The same abortive close set through SetSocketOption(Linger).
    public void RejectBanned(Socket listener, HashSet<IPAddress> banned)
    {
        Socket s = listener.Accept();
        var remote = (IPEndPoint)s.RemoteEndPoint!;
        if (!banned.Contains(remote.Address)) { Keep(s); return; }
        s.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.Linger, new LingerOption(true, 0));
        s.Close();
    }

    // Over capacity, graceful refusal: the server closes first.
    public void RejectGracefully(TcpListener listener, int active, int max)
    {
        TcpClient client = listener.AcceptTcpClient();
        if (active < max) { Keep(client.Client); return; }
        client.GetStream().Write(Encoding.ASCII.GetBytes("BUSY\n"));
        client.Client.Close(); // expect: SL0003
    }

    static void Keep(Socket s) { }
}

class AuditingServer
{
    // After serving the accepted client until it leaves, the server reports to an audit collector
    // over its own outgoing connection and closes that one first: client side, fine.
    public void Serve(TcpListener listener)
    {
        TcpClient client = listener.AcceptTcpClient();
        NetworkStream ns = client.GetStream();
        var buf = new byte[1024];
        long total = 0;
        int n;
        while ((n = ns.Read(buf, 0, buf.Length)) > 0)
            total += n;
        client.Close();

        using var audit = new TcpClient();
        audit.Connect(IPAddress.Loopback, 9514);
        audit.GetStream().Write(Encoding.ASCII.GetBytes($"bytes={total}\n"));
    }
}
