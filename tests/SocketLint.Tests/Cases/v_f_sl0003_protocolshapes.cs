// SL0003, round 3 (set F): protocol-shaped servers. Command switches, if/else dispatch, request
// counters, keep-alive limits, HTTP/1.0 vs 1.1, bad-request handling, APM accept, proxies, lobbies.
// A line that ends in "// expect: ID" must get that diagnostic, starting on that line; no other line may get one.
using System;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace Unseen.F.SL0003.Protocols;

// SMTP/POP-style line protocol.
class CommandServer
{
    // QUIT is answered and the server hangs up at once: the server sends the first FIN.
    // The close after the loop (ReadLine returned null) is fine.
    public void Serve(TcpListener listener)
    {
        TcpClient client = listener.AcceptTcpClient();
        NetworkStream stream = client.GetStream();
        var reader = new StreamReader(stream, Encoding.ASCII);
        var writer = new StreamWriter(stream, Encoding.ASCII) { AutoFlush = true };
        writer.WriteLine("220 ready");
        string? line;
        while ((line = reader.ReadLine()) != null)
        {
            switch (line.Trim().ToUpperInvariant())
            {
                case "NOOP":
                    writer.WriteLine("250 ok");
                    break;
                case "TIME":
                    writer.WriteLine("250 " + DateTime.UtcNow.ToString("O"));
                    break;
                case "QUIT":
                    writer.WriteLine("221 bye");
                    client.Close(); // expect: SL0003
                    return;
                default:
                    writer.WriteLine("500 unknown command");
                    break;
            }
        }
        client.Close();
    }

    // QUIT is answered and the server keeps reading: the client hangs up after "221", the loop
    // sees null, and only then does the server close.
    public void ServeLettingClientHangUp(TcpListener listener)
    {
        TcpClient client = listener.AcceptTcpClient();
        NetworkStream stream = client.GetStream();
        var reader = new StreamReader(stream, Encoding.ASCII);
        var writer = new StreamWriter(stream, Encoding.ASCII) { AutoFlush = true };
        writer.WriteLine("220 ready");
        string? line;
        while ((line = reader.ReadLine()) != null)
        {
            switch (line.Trim().ToUpperInvariant())
            {
                case "QUIT":
                    writer.WriteLine("221 bye");
                    continue;
                case "HELP":
                    writer.WriteLine("214 NOOP TIME QUIT");
                    continue;
                default:
                    writer.WriteLine("250 ok");
                    continue;
            }
        }
        client.Close();
    }
}

class StatusEndpoint
{
    // if/else dispatch on a one-shot query, then Dispose.
    public void Run(TcpListener listener)
    {
        while (true)
        {
            Socket s = listener.AcceptSocket();
            var buf = new byte[256];
            int n = s.Receive(buf);
            if (n == 0) { s.Close(); continue; }
            string req = Encoding.ASCII.GetString(buf, 0, n).Trim();
            byte[] reply;
            if (req == "STATUS")
                reply = Encoding.ASCII.GetBytes("UP\n");
            else if (req == "VERSION")
                reply = Encoding.ASCII.GetBytes("1.4.2\n");
            else
                reply = Encoding.ASCII.GetBytes("ERR\n");
            s.Send(reply);
            s.Dispose(); // expect: SL0003
        }
    }

    // Same dispatch, but the answer is followed by a drain: the monitoring client hangs up first.
    public void RunDraining(TcpListener listener)
    {
        while (true)
        {
            Socket s = listener.AcceptSocket();
            var buf = new byte[256];
            int n = s.Receive(buf);
            if (n == 0) { s.Close(); continue; }
            string req = Encoding.ASCII.GetString(buf, 0, n).Trim();
            s.Send(Encoding.ASCII.GetBytes(req == "STATUS" ? "UP\n" : "ERR\n"));
            while (s.Receive(buf) > 0) { }
            s.Dispose();
        }
    }
}

class KeepAliveServer
{
    const int MaxRequestsPerConnection = 100;

    // Keep-alive with a request cap: when the cap is reached the loop ends without a zero read,
    // and the close after it is the server's active close.
    public void ServeCapped(TcpListener listener)
    {
        Socket s = listener.AcceptSocket();
        var buf = new byte[2048];
        for (int served = 0; served < MaxRequestsPerConnection; served++)
        {
            int n = s.Receive(buf);
            if (n == 0) break;
            s.Send(Respond(buf, n));
        }
        s.Close(); // expect: SL0003
    }

    // A request counter that is only statistics: the loop still ends only on the client's FIN.
    public void ServeCounting(TcpListener listener)
    {
        Socket s = listener.AcceptSocket();
        var buf = new byte[2048];
        int served = 0;
        while (true)
        {
            int n = s.Receive(buf);
            if (n == 0) break;
            served++;
            string hint = served < MaxRequestsPerConnection ? "" : " (please reconnect)";
            s.Send(Encoding.ASCII.GetBytes("OK" + hint + "\n"));
        }
        s.Close();
        Console.WriteLine($"connection done after {served} requests");
    }

    // Cap reached: the server says so, then waits for the client to go away.
    public void ServeCappedPolitely(TcpListener listener)
    {
        Socket s = listener.AcceptSocket();
        var buf = new byte[2048];
        int served = 0;
        int n;
        while ((n = s.Receive(buf)) > 0)
        {
            if (++served > MaxRequestsPerConnection)
            {
                s.Send(Encoding.ASCII.GetBytes("GOAWAY\n"));
                continue;
            }
            s.Send(Respond(buf, n));
        }
        s.Close();
    }

    static byte[] Respond(byte[] req, int n) => Encoding.ASCII.GetBytes("ACK " + n + "\n");
}

class TinyHttpServer
{
    // HTTP/1.0 style: request line, headers, response with "Connection: close", server closes.
    public async Task ServeHttp10Async(TcpListener listener, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            TcpClient client = await listener.AcceptTcpClientAsync(ct);
            NetworkStream stream = client.GetStream();
            var reader = new StreamReader(stream, Encoding.ASCII, false, 1024, leaveOpen: true);
            string? requestLine = await reader.ReadLineAsync(ct);
            if (requestLine == null) { client.Close(); continue; }
            string? header;
            while (!string.IsNullOrEmpty(header = await reader.ReadLineAsync(ct))) { }
            byte[] body = Encoding.UTF8.GetBytes("hello\n");
            string head = $"HTTP/1.0 200 OK\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n";
            await stream.WriteAsync(Encoding.ASCII.GetBytes(head), ct);
            await stream.WriteAsync(body, ct);
            client.Close(); // expect: SL0003
        }
    }

    // HTTP/1.1 keep-alive: requests are served until the browser closes the connection.
    public async Task ServeHttp11Async(TcpListener listener, CancellationToken ct)
    {
        TcpClient client = await listener.AcceptTcpClientAsync(ct);
        NetworkStream stream = client.GetStream();
        var reader = new StreamReader(stream, Encoding.ASCII, false, 1024, leaveOpen: true);
        string? requestLine;
        while ((requestLine = await reader.ReadLineAsync(ct)) != null)
        {
            string? header;
            while (!string.IsNullOrEmpty(header = await reader.ReadLineAsync(ct))) { }
            byte[] body = Encoding.UTF8.GetBytes(requestLine + "\n");
            string head = $"HTTP/1.1 200 OK\r\nContent-Length: {body.Length}\r\n\r\n";
            await stream.WriteAsync(Encoding.ASCII.GetBytes(head), ct);
            await stream.WriteAsync(body, ct);
        }
        client.Close();
    }
}

class HandshakeServer
{
    // A malformed hello gets an error line and a close: not a catch block, a normal path.
    // The final close, after the echo loop saw 0, is fine.
    public void Serve(Socket listener)
    {
        Socket s = listener.Accept();
        var buf = new byte[64];
        int n = s.Receive(buf);
        if (n == 0) { s.Close(); return; }
        if (buf[0] != 0x16)
        {
            s.Send(Encoding.ASCII.GetBytes("bad hello\n"));
            s.Close(); // expect: SL0003
            return;
        }
        s.Send(new byte[] { 0x17 });
        while ((n = s.Receive(buf)) > 0)
            s.Send(buf, 0, n, SocketFlags.None);
        s.Close();
    }

    // Same protocol, but a bad hello is reset on purpose: linger 0, no TIME_WAIT.
    public void ServeResettingBadPeers(Socket listener)
    {
        Socket s = listener.Accept();
        var buf = new byte[64];
        int n = s.Receive(buf);
        if (n == 0) { s.Close(); return; }
        if (buf[0] != 0x16)
        {
            s.LingerState = new LingerOption(true, 0);
            s.Close();
            return;
        }
        s.Send(new byte[] { 0x17 });
        while ((n = s.Receive(buf)) > 0)
            s.Send(buf, 0, n, SocketFlags.None);
        s.Close();
    }

    // The client half-closes after its request (like `nc -N`); the server reads to 0 first,
    // then answers and closes. The client's FIN came first, so TIME_WAIT is the client's.
    public void HalfCloseProtocol(TcpListener listener)
    {
        Socket s = listener.AcceptSocket();
        var request = new MemoryStream();
        var buf = new byte[4096];
        int n;
        while ((n = s.Receive(buf)) > 0)
            request.Write(buf, 0, n);
        s.Send(Process(request.ToArray()));
        s.Shutdown(SocketShutdown.Both);
        s.Close();
    }

    static byte[] Process(byte[] req) => req;
}

class IdleTimeouts
{
    // Read timeout: an idle client is dropped from the catch block (error path). Otherwise the
    // loop ends on the client's FIN.
    public void EchoWithReadTimeout(TcpListener listener)
    {
        TcpClient client = listener.AcceptTcpClient();
        client.ReceiveTimeout = 30_000;
        NetworkStream stream = client.GetStream();
        var buf = new byte[1024];
        try
        {
            int n;
            while ((n = stream.Read(buf, 0, buf.Length)) > 0)
                stream.Write(buf, 0, n);
        }
        catch (IOException)
        {
            client.Close();
            return;
        }
        client.Close();
    }

    // Server shutdown cancels the read; the close in the catch is on the cancellation path.
    public async Task EchoUntilStoppedAsync(TcpListener listener, CancellationToken stopping)
    {
        TcpClient client = await listener.AcceptTcpClientAsync(stopping);
        NetworkStream stream = client.GetStream();
        var buf = new byte[1024];
        try
        {
            int n;
            while ((n = await stream.ReadAsync(buf, stopping)) > 0)
                await stream.WriteAsync(buf.AsMemory(0, n), stopping);
            client.Close();
        }
        catch (OperationCanceledException)
        {
            client.Close();
        }
    }
}

// RFC 865 style quote server on the APM accept API.
class QuoteOfTheDayServer
{
    static readonly string[] Quotes = { "Simplicity is prerequisite for reliability.", "Premature optimization is the root of all evil." };
    readonly Socket _listener;
    readonly List<Socket> _subscribers = new();

    public QuoteOfTheDayServer(Socket listener) => _listener = listener;

    public void Start() => _listener.BeginAccept(OnAccept, null);

    // Quote sent, then Shutdown: the server's FIN goes first.
    void OnAccept(IAsyncResult ar)
    {
        Socket client = _listener.EndAccept(ar);
        _listener.BeginAccept(OnAccept, null);
        client.Send(Encoding.ASCII.GetBytes(Quotes[Random.Shared.Next(Quotes.Length)] + "\r\n"));
        client.Shutdown(SocketShutdown.Both); // expect: SL0003
        client.Close();
    }

    // Subscribers are kept: a quote is pushed to each of them every day by another method.
    public void StartSubscriptions() => _listener.BeginAccept(OnSubscriberAccepted, null);

    void OnSubscriberAccepted(IAsyncResult ar)
    {
        Socket client = _listener.EndAccept(ar);
        _listener.BeginAccept(OnSubscriberAccepted, null);
        client.Send(Encoding.ASCII.GetBytes("subscribed\r\n"));
        lock (_subscribers) _subscribers.Add(client);
    }
}

class Proxies
{
    // HTTP/1.0-style relay: the zero that ends the loop is the UPSTREAM's close, not the client's.
    // The accepted downstream connection is then closed by the server first.
    public async Task RelayOnceAsync(TcpListener listener, IPEndPoint upstreamEp, CancellationToken ct)
    {
        Socket downstream = await listener.AcceptSocketAsync(ct);
        var buf = new byte[8192];
        int n = await downstream.ReceiveAsync(buf.AsMemory(), SocketFlags.None, ct);
        if (n == 0) { downstream.Close(); return; }
        using var upstream = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await upstream.ConnectAsync(upstreamEp, ct);
        await upstream.SendAsync(buf.AsMemory(0, n), SocketFlags.None, ct);
        int m;
        while ((m = await upstream.ReceiveAsync(buf.AsMemory(), SocketFlags.None, ct)) > 0)
            await downstream.SendAsync(buf.AsMemory(0, m), SocketFlags.None, ct);
        downstream.Close(); // expect: SL0003
    }

    // Request/response relay kept open until the client leaves. If the upstream dies the client
    // is reset (linger 0), so no path closes the accepted connection gracefully first.
    // The upstream TcpClient is our own outgoing connection: closing it first is fine.
    public async Task RelayKeepAliveAsync(TcpListener listener, CancellationToken ct)
    {
        Socket client = await listener.AcceptSocketAsync(ct);
        using var upstream = new TcpClient();
        await upstream.ConnectAsync(IPAddress.Loopback, 6380, ct);
        NetworkStream up = upstream.GetStream();
        var buf = new byte[8192];
        int n;
        while ((n = await client.ReceiveAsync(buf.AsMemory(), SocketFlags.None, ct)) > 0)
        {
            await up.WriteAsync(buf.AsMemory(0, n), ct);
            int m = await up.ReadAsync(buf, ct);
            if (m == 0)
            {
                client.LingerState = new LingerOption(true, 0);
                client.Close();
                return;
            }
            await client.SendAsync(buf.AsMemory(0, m), SocketFlags.None, ct);
        }
        client.Close();
    }
}

class DuelLobby
{
    // Two players paired; when player one leaves, the server kicks player two.
    // p1's close comes after its 0; p2 is closed by the server first.
    public void RunMatch(TcpListener listener)
    {
        Socket p1 = listener.AcceptSocket();
        Socket p2 = listener.AcceptSocket();
        var buf = new byte[512];
        while (true)
        {
            int n = p1.Receive(buf);
            if (n == 0) break;
            p2.Send(buf, 0, n, SocketFlags.None);
        }
        p1.Close();
        p2.Close(); // expect: SL0003
    }

    // When player one leaves, player two is told and the server waits for it to disconnect.
    public void RunMatchGracefully(TcpListener listener)
    {
        Socket p1 = listener.AcceptSocket();
        Socket p2 = listener.AcceptSocket();
        var buf = new byte[512];
        int n;
        while ((n = p1.Receive(buf)) > 0)
            p2.Send(buf, 0, n, SocketFlags.None);
        p1.Close();
        p2.Send(Encoding.ASCII.GetBytes("OPPONENT_LEFT\n"));
        while (p2.Receive(buf) > 0) { }
        p2.Close();
    }
}

class RpcServer
{
    // ValueTask handler: one call, one reply, Dispose.
    public async ValueTask HandleOneAsync(Socket listener, CancellationToken ct)
    {
        Socket s = await listener.AcceptAsync(ct);
        var header = new byte[4];
        int got = await s.ReceiveAsync(header, SocketFlags.None, ct);
        if (got == 0) { s.Close(); return; }
        byte[] reply = Invoke(header);
        await s.SendAsync(reply, SocketFlags.None, ct);
        s.Dispose(); // expect: SL0003
    }

    // ValueTask handler serving calls until the caller disconnects.
    public async ValueTask HandleSessionAsync(Socket listener, CancellationToken ct)
    {
        Socket s = await listener.AcceptAsync(ct);
        var header = new byte[4];
        while (true)
        {
            int got = await s.ReceiveAsync(header, SocketFlags.None, ct);
            if (got == 0) break;
            await s.SendAsync(Invoke(header), SocketFlags.None, ct);
        }
        s.Dispose();
    }

    static byte[] Invoke(byte[] header) => header;
}
