// SL0002 cases on Socket.Send / Socket.SendAsync with try/catch (sync and async).
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Unseen.A.SL0002.Catches;

class Positives
{
    private readonly List<Socket> _clients = new();
    private readonly TextWriter _log = Console.Error;
    private readonly Socket _socket;
    private int _failures;

    public Positives(Socket socket) => _socket = socket;

    // BUG: bare catch in a broadcast; the dead client stays in the list, open.
    public void Broadcast(string text)
    {
        var data = Encoding.UTF8.GetBytes(text);
        foreach (var c in _clients)
        {
            try
            {
                c.Send(data);
            }
            catch // expect: SL0002
            {
            }
        }
    }

    // BUG: logs only; the next message goes to the same dead client.
    public void BroadcastLogged(byte[] data)
    {
        for (int i = 0; i < _clients.Count; i++)
        {
            try
            {
                _clients[i].Send(data, SocketFlags.None);
            }
            catch (SocketException ex) // expect: SL0002
            {
                _log.WriteLine($"send to client {i} failed: {ex.SocketErrorCode}");
            }
        }
    }

    // BUG: catch (Exception) swallows the reset inside the sending loop.
    public void Drain(Socket s, Queue<byte[]> outbox)
    {
        while (outbox.TryDequeue(out var msg))
        {
            try { s.Send(msg); }
            catch (Exception) { } // expect: SL0002
        }
    }

    // BUG: a "when" filter that selects exactly the reset, then only logs it and keeps sending.
    public void SendAll(Socket s, IEnumerable<byte[]> frames)
    {
        foreach (var frame in frames)
        {
            try
            {
                s.Send(frame);
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset) // expect: SL0002
            {
                Debug.WriteLine("connection reset by peer");
            }
        }
    }

    // BUG: the failure is only counted; the loop carries on with the same connection.
    public void SendCounted(Socket s, IReadOnlyList<byte[]> frames)
    {
        foreach (var f in frames)
        {
            try { s.Send(f); }
            catch (SocketException) { _failures++; } // expect: SL0002
        }
    }

    // BUG: "continue" does not leave the sending loop; the next iteration uses the dead socket.
    public void SendWithContinue(Socket s, string[] lines)
    {
        foreach (var line in lines)
        {
            if (line.Length == 0) continue;
            try
            {
                s.Send(Encoding.ASCII.GetBytes(line + "\r\n"));
            }
            catch (SocketException ex) // expect: SL0002
            {
                Console.Error.WriteLine(ex);
                continue;
            }
            Console.WriteLine($"sent {line}");
        }
    }

    // BUG: header failure logged, then the body is sent on the same dead connection.
    public void SendHeaderThenBody(Socket s, byte[] header, byte[] body)
    {
        try
        {
            s.Send(header);
        }
        catch (SocketException ex) // expect: SL0002
        {
            Console.WriteLine("header failed: " + ex.Message);
        }
        s.Send(body);
    }

    // BUG: field socket; the failure is logged and the connection kept.
    public void SendFrame(byte[] frame)
    {
        try
        {
            _socket.Send(frame);
        }
        catch (SocketException ex) // expect: SL0002
        {
            Trace.TraceWarning("send failed: {0}", ex.Message);
        }
    }

    // BUG: async heartbeat swallows the reset and pings the dead socket again a second later.
    public async Task HeartbeatAsync(Socket s, CancellationToken ct)
    {
        var ping = new byte[] { 0x09 };
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await s.SendAsync(ping, SocketFlags.None, ct);
            }
            catch (SocketException) // expect: SL0002
            {
            }
            await Task.Delay(1000, ct);
        }
    }

    // BUG: ArraySegment SendAsync; the catch only writes to the console.
    public async Task SendSegmentsAsync(Socket s, List<ArraySegment<byte>> parts)
    {
        foreach (var part in parts)
        {
            try
            {
                await s.SendAsync(part, SocketFlags.None);
            }
            catch (SocketException ex) // expect: SL0002
            {
                Console.WriteLine(ex.Message);
            }
        }
    }
}

class Negatives
{
    private readonly List<Socket> _clients = new();
    private readonly Dictionary<int, Socket> _byId = new();

    // OK: the failed client is removed and closed (iterating over a copy).
    public void Broadcast(byte[] data)
    {
        foreach (var c in _clients.ToArray())
        {
            try
            {
                c.Send(data);
            }
            catch (SocketException)
            {
                _clients.Remove(c);
                c.Close();
            }
        }
    }

    // OK: the socket is disposed on failure and the method leaves.
    public void SendOrDrop(Socket s, byte[] data)
    {
        try
        {
            s.Send(data);
        }
        catch (SocketException)
        {
            s.Dispose();
        }
    }

    // OK: logs and rethrows.
    public void SendLogged(Socket s, byte[] data)
    {
        try
        {
            s.Send(data);
        }
        catch (SocketException ex)
        {
            Console.Error.WriteLine(ex.Message);
            throw;
        }
    }

    // OK: filtered reset/abort closes the socket.
    public void SendFiltered(Socket s, byte[] data)
    {
        try
        {
            s.Send(data);
        }
        catch (SocketException ex) when (ex.SocketErrorCode is SocketError.ConnectionReset or SocketError.ConnectionAborted)
        {
            s.Close();
        }
    }

    // OK: the failure leaves the sending loop with break (the caller owns the socket).
    public int SendUntilFailure(Socket s, IEnumerable<byte[]> frames)
    {
        int sent = 0;
        foreach (var f in frames)
        {
            try
            {
                s.Send(f);
            }
            catch (SocketException)
            {
                break;
            }
            sent++;
        }
        return sent;
    }

    // OK: the failure clears the flag, so the while condition ends the sending loop.
    public void SendWhileConnected(Socket s, Queue<byte[]> outbox)
    {
        bool connected = true;
        while (connected && outbox.Count > 0)
        {
            try
            {
                s.Send(outbox.Dequeue());
            }
            catch (SocketException)
            {
                connected = false;
            }
        }
    }

    // OK: the failure is reported to the caller as false.
    public bool TrySend(Socket s, byte[] data)
    {
        try
        {
            s.Send(data);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    // OK: a same-class helper removes and closes the dead client.
    public void BroadcastById(byte[] data)
    {
        foreach (var (id, c) in _byId.ToList())
        {
            try
            {
                c.Send(data);
            }
            catch (SocketException)
            {
                Disconnect(id, c);
            }
        }
    }

    private void Disconnect(int id, Socket c)
    {
        _byId.Remove(id);
        c.Close();
    }

    // OK: only cancellation is swallowed; a SocketException from the peer propagates.
    public async Task SendCancellableAsync(Socket s, ReadOnlyMemory<byte> data, CancellationToken ct)
    {
        try
        {
            await s.SendAsync(data, SocketFlags.None, ct);
        }
        catch (OperationCanceledException)
        {
        }
    }

    // OK: a connect retry loop; nothing is sent in the try.
    public void ConnectWithRetry(Socket s)
    {
        var ep = new IPEndPoint(IPAddress.Loopback, 9000);
        for (int attempt = 0; attempt < 5; attempt++)
        {
            try
            {
                s.Connect(ep);
                return;
            }
            catch (SocketException)
            {
                Thread.Sleep(500);
            }
        }
    }

    // OK: wrapped and rethrown with context.
    public async Task SendWrappedAsync(Socket s, byte[] data)
    {
        try
        {
            await s.SendAsync(data, SocketFlags.None);
        }
        catch (SocketException ex)
        {
            throw new IOException("peer went away", ex);
        }
    }

    // OK: the failure cancels the session and leaves the loop.
    public async Task PushAsync(Socket s, IAsyncEnumerable<byte[]> source, CancellationTokenSource cts)
    {
        await foreach (var item in source)
        {
            try
            {
                await s.SendAsync(item, SocketFlags.None, cts.Token);
            }
            catch (SocketException)
            {
                cts.Cancel();
                break;
            }
        }
    }

    // OK: UDP is connectionless; there is no dead connection to keep open.
    public void SendDatagrams(byte[][] datagrams)
    {
        using var udp = new UdpClient();
        var ep = new IPEndPoint(IPAddress.Loopback, 9001);
        foreach (var d in datagrams)
        {
            try
            {
                udp.Send(d, d.Length, ep);
            }
            catch (SocketException)
            {
            }
        }
    }

    // OK: HttpClient manages its own connections; this is not a raw socket send.
    public async Task PostAsync(HttpClient http, string body)
    {
        try
        {
            using var resp = await http.PostAsync("http://127.0.0.1:8080/", new StringContent(body));
        }
        catch (HttpRequestException)
        {
        }
    }
}
