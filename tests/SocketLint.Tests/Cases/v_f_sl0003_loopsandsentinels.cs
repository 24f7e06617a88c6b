// SL0003, round 3 (set F): read loops that look like "until the client closes" but are not
// (sentinels, "Connection: close", request limits inside the loop, half-close by the server),
// and their correct twins.
// A line that ends in "// expect: ID" must get that diagnostic, starting on that line; no other line may get one.
using System;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace Unseen.F.SL0003.Loops;

class UploadServer
{
    // The loop also stops on an END marker: on that path the client's FIN was never seen.
    public void Receive(TcpListener listener, Stream sink)
    {
        Socket s = listener.AcceptSocket();
        var buf = new byte[8192];
        int n;
        while ((n = s.Receive(buf)) > 0)
        {
            if (n == 3 && buf[0] == (byte)'E' && buf[1] == (byte)'N' && buf[2] == (byte)'D')
                break;
            sink.Write(buf, 0, n);
        }
        s.Close(); // expect: SL0003
    }

    // END marker acknowledged, then the server waits for the uploader to hang up.
    public void ReceiveAndWait(TcpListener listener, Stream sink)
    {
        Socket s = listener.AcceptSocket();
        var buf = new byte[8192];
        int n;
        while ((n = s.Receive(buf)) > 0)
        {
            if (n == 3 && buf[0] == (byte)'E' && buf[1] == (byte)'N' && buf[2] == (byte)'D')
            {
                s.Send(Encoding.ASCII.GetBytes("STORED\n"));
                continue;
            }
            sink.Write(buf, 0, n);
        }
        s.Close();
    }
}

class ChatServer
{
    readonly List<StreamWriter> _room = new();

    // "/bye" ends the session from the server side.
    public async Task SessionAsync(TcpListener listener, CancellationToken ct)
    {
        TcpClient client = await listener.AcceptTcpClientAsync(ct);
        var reader = new StreamReader(client.GetStream());
        var writer = new StreamWriter(client.GetStream()) { AutoFlush = true };
        lock (_room) _room.Add(writer);
        string? line;
        while ((line = await reader.ReadLineAsync(ct)) != null)
        {
            if (line == "/bye") break;
            await BroadcastAsync(line);
        }
        lock (_room) _room.Remove(writer);
        client.Dispose(); // expect: SL0003
    }

    // "/bye" is answered; the session ends when the client disconnects.
    public async Task SessionUntilDisconnectAsync(TcpListener listener, CancellationToken ct)
    {
        TcpClient client = await listener.AcceptTcpClientAsync(ct);
        var reader = new StreamReader(client.GetStream());
        var writer = new StreamWriter(client.GetStream()) { AutoFlush = true };
        lock (_room) _room.Add(writer);
        string? line;
        while ((line = await reader.ReadLineAsync(ct)) != null)
        {
            if (line == "/bye") { await writer.WriteLineAsync("* see you"); continue; }
            await BroadcastAsync(line);
        }
        lock (_room) _room.Remove(writer);
        client.Dispose();
    }

    Task BroadcastAsync(string line) => Task.CompletedTask;
}

class KeepAliveHttp
{
    // The client asked for "Connection: close": the server honours it by closing right after the
    // response, i.e. the server closes first and keeps the TIME_WAIT.
    public async Task ServeAsync(TcpListener listener, CancellationToken ct)
    {
        TcpClient client = await listener.AcceptTcpClientAsync(ct);
        NetworkStream ns = client.GetStream();
        var reader = new StreamReader(ns, Encoding.ASCII, false, 4096, leaveOpen: true);
        string? requestLine;
        while ((requestLine = await reader.ReadLineAsync(ct)) != null)
        {
            bool keepAlive = true;
            string? header;
            while (!string.IsNullOrEmpty(header = await reader.ReadLineAsync(ct)))
            {
                if (header.Equals("Connection: close", StringComparison.OrdinalIgnoreCase))
                    keepAlive = false;
            }
            await ns.WriteAsync(Encoding.ASCII.GetBytes("HTTP/1.1 204 No Content\r\n\r\n"), ct);
            if (!keepAlive)
            {
                client.Close(); // expect: SL0003
                return;
            }
        }
        client.Close();
    }

    // Per-connection request limit checked inside the loop.
    public async Task ServeLimitedAsync(TcpListener listener, int limit, CancellationToken ct)
    {
        TcpClient client = await listener.AcceptTcpClientAsync(ct);
        NetworkStream ns = client.GetStream();
        var buf = new byte[4096];
        int requests = 0;
        while (true)
        {
            int n = await ns.ReadAsync(buf, ct);
            if (n == 0) break;
            await ns.WriteAsync(Encoding.ASCII.GetBytes("HTTP/1.1 204 No Content\r\n\r\n"), ct);
            if (++requests >= limit)
            {
                client.Close(); // expect: SL0003
                return;
            }
        }
        client.Close();
    }
}

class HalfCloseByServer
{
    // "Graceful" close started by the server: Shutdown(Send) is the server's FIN, so the server
    // still ends in TIME_WAIT even though it drains afterwards.
    public async Task ReplyThenHalfCloseAsync(TcpListener listener, CancellationToken ct)
    {
        Socket s = await listener.AcceptSocketAsync(ct);
        var buf = new byte[1024];
        int n = await s.ReceiveAsync(buf.AsMemory(), SocketFlags.None, ct);
        if (n == 0) { s.Close(); return; }
        await s.SendAsync(buf.AsMemory(0, n), SocketFlags.None, ct);
        s.Shutdown(SocketShutdown.Send); // expect: SL0003
        while (await s.ReceiveAsync(buf.AsMemory(), SocketFlags.None, ct) > 0) { }
        s.Close();
    }

    // Reply, then wait for the client's FIN, then Shutdown + Close.
    public async Task ReplyThenWaitAsync(TcpListener listener, CancellationToken ct)
    {
        Socket s = await listener.AcceptSocketAsync(ct);
        var buf = new byte[1024];
        int n = await s.ReceiveAsync(buf.AsMemory(), SocketFlags.None, ct);
        if (n == 0) { s.Close(); return; }
        await s.SendAsync(buf.AsMemory(0, n), SocketFlags.None, ct);
        while (await s.ReceiveAsync(buf.AsMemory(), SocketFlags.None, ct) > 0) { }
        s.Shutdown(SocketShutdown.Both);
        s.Close();
    }

    // Disconnect is an active close too.
    public void ReplyThenDisconnect(Socket listener)
    {
        Socket s = listener.Accept();
        var buf = new byte[1024];
        int n = s.Receive(buf);
        if (n == 0) { s.Close(); return; }
        s.Send(buf, 0, n, SocketFlags.None);
        s.Disconnect(false); // expect: SL0003
        s.Close();
    }
}

class PingServer
{
    // Async local function that accepts and answers a single ping with a using declaration.
    public Task StartAsync(Socket listener, CancellationToken ct)
    {
        return AcceptLoopAsync();

        async Task AcceptLoopAsync()
        {
            while (!ct.IsCancellationRequested)
            {
                using Socket s = await listener.AcceptAsync(ct); // expect: SL0003
                var buf = new byte[16];
                int n = await s.ReceiveAsync(buf.AsMemory(), SocketFlags.None, ct);
                if (n == 0) continue;
                await s.SendAsync(Encoding.ASCII.GetBytes("PONG\n"), SocketFlags.None, ct);
            }
        }
    }

    // Async local function, using declaration, pings answered until the client leaves.
    public Task StartSessionsAsync(Socket listener, CancellationToken ct)
    {
        return AcceptLoopAsync();

        async Task AcceptLoopAsync()
        {
            while (!ct.IsCancellationRequested)
            {
                using Socket s = await listener.AcceptAsync(ct);
                var buf = new byte[16];
                int n;
                while ((n = await s.ReceiveAsync(buf.AsMemory(), SocketFlags.None, ct)) > 0)
                    await s.SendAsync(Encoding.ASCII.GetBytes("PONG\n"), SocketFlags.None, ct);
            }
        }
    }
}

class SingleClientServer
{
    // Closing the LISTENER is not closing the accepted connection; the accepted one is handed off.
    public Socket AcceptOneAndStop(TcpListener listener)
    {
        Socket s = listener.AcceptSocket();
        listener.Stop();
        return s;
    }

    // Same with a raw listening socket: the listener is closed, the connection is served to the end.
    public void ServeOneThenStop(Socket listening)
    {
        Socket s = listening.Accept();
        listening.Close();
        var buf = new byte[1024];
        int n;
        while ((n = s.Receive(buf)) > 0)
            s.Send(buf, 0, n, SocketFlags.None);
        s.Close();
    }

    // A failed send closes from the catch block (error path); otherwise the client leaves first.
    public void ServeWithSendErrors(TcpListener listener)
    {
        Socket s = listener.AcceptSocket();
        var buf = new byte[1024];
        int n;
        while ((n = s.Receive(buf)) > 0)
        {
            try
            {
                s.Send(buf, 0, n, SocketFlags.None);
            }
            catch (SocketException)
            {
                s.Close();
                return;
            }
        }
        s.Close();
    }
}
