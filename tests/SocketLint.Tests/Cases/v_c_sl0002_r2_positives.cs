// Round 2, blind: SL0002 positives. A send failure on a connection is swallowed (empty catch, or a
// catch that only logs / counts / sets an unrelated variable) and the same connection is kept; or
// Socket.Send's `out SocketError` is never looked at.
using System.Diagnostics;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;

namespace Unseen.C.SL0002.Positives;

public record Peer(Socket Socket, string Name);

public class Shapes
{
    readonly List<Socket> _clients = new();
    readonly List<Peer> _peers = new();
    int _failures;
    DateTime _lastFailure;
    Exception? _lastError;
    bool _sending;

    // A retry counter that the loop never tests: the head message is re-sent on the dead socket forever.
    public void RetriesCounted(Socket s, Queue<byte[]> queue)
    {
        int retries = 0;
        while (queue.Count > 0)
        {
            try { s.Send(queue.Peek()); queue.Dequeue(); }
            catch { retries++; } // expect: SL0002
        }
        Console.WriteLine(retries);
    }

    // `catch (Exception e) when (e is SocketException ...)` that only logs; the next message goes to the same socket.
    public void FilteredCatchLogs(Socket s, IEnumerable<byte[]> msgs)
    {
        foreach (var m in msgs)
        {
            try { s.Send(m); }
            catch (Exception e) when (e is SocketException or ObjectDisposedException) { Console.WriteLine(e.Message); } // expect: SL0002
        }
    }

    // The filter picks exactly ConnectionReset, and the reset is then ignored.
    public void ResetFilteredIgnored(Socket s, byte[] m)
    {
        for (int i = 0; i < 10; i++)
        {
            try { s.Send(m); }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset) { } // expect: SL0002
        }
    }

    // NetworkStream broadcast: failures are counted, the dead clients stay.
    public void StreamBroadcastCounts(List<TcpClient> clients, byte[] m)
    {
        foreach (var c in clients)
        {
            try { c.GetStream().Write(m, 0, m.Length); }
            catch (IOException) { _failures++; } // expect: SL0002
        }
    }

    // ArraySegment SendAsync: the failure is logged and the trailer is sent on the same socket anyway.
    public async Task SegmentThenTrailer(Socket s, byte[] body, byte[] trailer)
    {
        try { await s.SendAsync(new ArraySegment<byte>(body), SocketFlags.None); }
        catch (SocketException) { Console.Error.WriteLine("body failed"); } // expect: SL0002
        await s.SendAsync(new ArraySegment<byte>(trailer), SocketFlags.None);
    }

    // SslStream over the connection's stream: the reset arrives as IOException and is swallowed.
    public async Task SslWriteSwallowed(TcpClient client, byte[] data, CancellationToken ct)
    {
        var ssl = new SslStream(client.GetStream());
        for (int i = 0; i < 3; i++)
        {
            try { await ssl.WriteAsync(data, ct); }
            catch (IOException) { } // expect: SL0002
        }
    }

    // Peers held in records; the broadcast swallows per-peer failures.
    public void RecordPeersBroadcast(byte[] m)
    {
        foreach (var p in _peers)
        {
            try { p.Socket.Send(m); }
            catch (SocketException) { } // expect: SL0002
        }
    }

    // Tuple deconstruction in foreach; the catch only logs the peer's name.
    public void TupleBroadcast(List<(Socket Sock, string Name)> peers, byte[] m)
    {
        foreach (var (sock, name) in peers)
        {
            try { sock.Send(m); }
            catch (SocketException) { Console.WriteLine($"send to {name} failed"); } // expect: SL0002
        }
    }

    // `continue` in the catch only moves to the next client: the dead one stays in the list, open.
    public void ContinueInCatch(byte[] m)
    {
        foreach (var c in _clients)
        {
            try { c.Send(m); }
            catch (SocketException) { continue; } // expect: SL0002
            Console.WriteLine("sent");
        }
    }

    // A wrapping exception is built and printed but never thrown.
    public void WrappedButNotThrown(Socket s, byte[] m)
    {
        while (true)
        {
            try { s.Send(m); }
            catch (SocketException e) { var wrapped = new IOException("send failed", e); Console.WriteLine(wrapped); } // expect: SL0002
            Thread.Sleep(100);
        }
    }

    // Heartbeat: a missed ping is counted and the same dead stream is pinged again.
    public async Task HeartbeatCountsMisses(NetworkStream ns, CancellationToken ct)
    {
        byte[] ping = { 0 };
        int missed = 0;
        while (!ct.IsCancellationRequested)
        {
            try { await ns.WriteAsync(ping, ct); }
            catch (IOException) { missed++; } // expect: SL0002
            await Task.Delay(1000, ct);
        }
        Console.WriteLine(missed);
    }

    // Cancellation is handled properly, but the IOException catch only records a timestamp.
    public async Task CancelHandledResetSwallowed(NetworkStream ns, ReadOnlyMemory<byte> m, CancellationToken ct)
    {
        while (true)
        {
            try { await ns.WriteAsync(m, ct); }
            catch (OperationCanceledException) { return; }
            catch (IOException) { _lastFailure = DateTime.UtcNow; } // expect: SL0002
        }
    }

    // Ignoring ObjectDisposedException is fine; the SocketException catch of the same try is not.
    public void DisposedFineResetNot(Socket s, byte[] m)
    {
        for (int i = 0; i < 5; i++)
        {
            try { s.Send(m); }
            catch (ObjectDisposedException) { return; }
            catch (SocketException) { } // expect: SL0002
        }
    }

    // A local function swallows the failure; it is called for every message.
    public void LocalFunctionSwallows(Socket s, IEnumerable<byte[]> msgs)
    {
        void TrySend(byte[] m)
        {
            try { s.Send(m); }
            catch (SocketException) { } // expect: SL0002
        }
        foreach (var m in msgs) TrySend(m);
    }

    // A Task.Run lambda swallows the failure.
    public Task BackgroundSend(Socket s, byte[] m) => Task.Run(() =>
    {
        try { s.Send(m); }
        catch (SocketException) { } // expect: SL0002
    });

    // try/catch/finally: the finally resets a flag, not the connection; the next send uses the same socket.
    public void FinallyResetsFlag(Socket s, byte[] a, byte[] b)
    {
        _sending = true;
        try { s.Send(a); }
        catch (SocketException) { } // expect: SL0002
        finally { _sending = false; }
        s.Send(b);
    }

    // `goto retry` re-sends on the same dead socket, forever.
    public void GotoRetry(Socket s, byte[] m)
    {
    retry:
        try { s.Send(m); }
        catch (SocketException) { Thread.Sleep(50); goto retry; } // expect: SL0002
    }

    // catch (Exception) around SendAsync(ReadOnlyMemory) that only writes to Debug.
    public async Task ExceptionLoggedSendAsync(List<Socket> clients, ReadOnlyMemory<byte> m, CancellationToken ct)
    {
        foreach (var c in clients)
        {
            try { await c.SendAsync(m, SocketFlags.None, ct); }
            catch (Exception ex) { Debug.WriteLine(ex); } // expect: SL0002
        }
    }

    // Stream-typed connection stream: the IOException is stored in a field and the writes go on.
    public void StoresLastError(TcpClient client, IEnumerable<byte[]> chunks)
    {
        Stream st = client.GetStream();
        foreach (var chunk in chunks)
        {
            try { st.Write(chunk, 0, chunk.Length); }
            catch (IOException e) { _lastError = e; } // expect: SL0002
        }
    }

    // Connected here, stream under `await using`: the failure is swallowed and the next write uses the same stream.
    public async Task AwaitUsingSwallows(byte[] a, byte[] b, CancellationToken ct)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, 7201, ct);
        await using var ns = client.GetStream();
        try { await ns.WriteAsync(a, ct); }
        catch (IOException) { } // expect: SL0002
        await ns.WriteAsync(b, ct);
    }

    // Retry after a delay on the same socket, with no bound.
    public async Task DelayAndRetry(Socket s, ReadOnlyMemory<byte> m)
    {
        while (true)
        {
            try { await s.SendAsync(m, SocketFlags.None); return; }
            catch (SocketException) { await Task.Delay(100); } // expect: SL0002
        }
    }

    // out SocketError: only the byte count is used.
    public int OutErrorIgnoredCountUsed(Socket s, byte[] data)
    {
        int sent = s.Send(data, 0, data.Length, SocketFlags.None, out SocketError err); // expect: SL0002
        return sent;
    }

    // Span overload with the error code discarded.
    public void OutErrorDiscarded(Socket s, ReadOnlySpan<byte> data)
    {
        s.Send(data, SocketFlags.None, out _); // expect: SL0002
    }

    // Segment-list overload: `out var error` is never read.
    public void OutErrorSegmentsUnread(Socket s, IList<ArraySegment<byte>> parts)
    {
        s.Send(parts, SocketFlags.None, out var error); // expect: SL0002
    }
}

// Primary constructor holding the connection's stream.
public class Pusher(NetworkStream stream)
{
    int _dropped;

    // A failed write bumps a counter and the loop carries on with the same stream.
    public async Task PushAll(IAsyncEnumerable<byte[]> items, CancellationToken ct)
    {
        await foreach (var item in items.WithCancellation(ct))
        {
            try { await stream.WriteAsync(item, ct); }
            catch (IOException) { _dropped++; } // expect: SL0002
        }
    }

    public int Dropped => _dropped;
}

// A class owning its socket in a field, with Dispose that is never reached from the failure.
public sealed class Connection : IDisposable
{
    readonly Socket _socket;
    DateTime _lastFailure;

    public Connection(Socket socket) => _socket = socket;

    // The catch records a timestamp; the loop keeps sending on the dead socket.
    public void SendAll(IEnumerable<byte[]> msgs)
    {
        foreach (var m in msgs)
        {
            try { _socket.Send(m); }
            catch (SocketException) // expect: SL0002
            {
                _lastFailure = DateTime.UtcNow;
            }
        }
    }

    public DateTime LastFailure => _lastFailure;
    public void Dispose() => _socket.Dispose();
}
