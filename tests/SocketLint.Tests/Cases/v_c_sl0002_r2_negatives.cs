// Round 2, blind: SL0002 negatives. The send failure closes the connection, propagates, leaves the
// sending loop/method, or is handed on; or the error code is checked; or nothing is sent on a
// TCP connection; or the caught exception is not a send failure.
using System.Net;
using System.Net.Sockets;
using System.Runtime.ExceptionServices;

namespace Unseen.C.SL0002.Negatives;

public record Peer(Socket Socket, string Name);

public class Shapes
{
    readonly List<Socket> _clients = new();
    readonly List<Peer> _peers = new();

    // A counter, then `throw;`: the failure propagates.
    public void RetriesThenRethrow(Socket s, Queue<byte[]> q)
    {
        int retries = 0;
        while (q.Count > 0)
        {
            try { s.Send(q.Peek()); q.Dequeue(); }
            catch { retries++; throw; }
        }
    }

    // `catch (Exception e) when (...)` closes the socket and returns.
    public void FilteredCatchCloses(Socket s, IEnumerable<byte[]> msgs)
    {
        foreach (var m in msgs)
        {
            try { s.Send(m); }
            catch (Exception e) when (e is SocketException or IOException) { s.Close(); return; }
        }
    }

    // Wrapped and thrown.
    public async Task WrapsAndThrows(NetworkStream ns, ReadOnlyMemory<byte> m, CancellationToken ct)
    {
        try { await ns.WriteAsync(m, ct); }
        catch (IOException e) { throw new InvalidOperationException("connection lost", e); }
    }

    // `break` out of a foreach broadcast: the sending loop is left.
    public void BroadcastBreaks(byte[] m)
    {
        foreach (var c in _clients)
        {
            try { c.Send(m); }
            catch (SocketException) { break; }
        }
    }

    // Only ObjectDisposedException is caught: the socket is already closed; a SocketException propagates.
    public void OnlyDisposedCaught(Socket s, byte[] m)
    {
        try { s.Send(m); }
        catch (ObjectDisposedException) { }
    }

    // Only OperationCanceledException is caught: cancellation is not a send failure; IOException propagates.
    public async Task OnlyCancelCaught(NetworkStream ns, byte[] m, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try { await ns.WriteAsync(m, ct); await Task.Delay(1000, ct); }
            catch (OperationCanceledException) { }
        }
    }

    // TaskCompletionSource.SetException hands the failure on.
    public async Task HandsOnViaSetException(Socket s, ReadOnlyMemory<byte> m, TaskCompletionSource done)
    {
        try { await s.SendAsync(m, SocketFlags.None); done.SetResult(); }
        catch (SocketException e) { done.SetException(e); }
    }

    // TrySetException hands the failure on just the same.
    public async Task HandsOnViaTrySetException(NetworkStream ns, ReadOnlyMemory<byte> m, TaskCompletionSource<bool> done, CancellationToken ct)
    {
        try { await ns.WriteAsync(m, ct); done.TrySetResult(true); }
        catch (IOException e) { done.TrySetException(e); }
    }

    // Record peers: the failed peer is removed and disposed (iterating over a snapshot).
    public void RecordPeersPruned(byte[] m)
    {
        foreach (var p in _peers.ToArray())
        {
            try { p.Socket.Send(m); }
            catch (SocketException) { _peers.Remove(p); p.Socket.Dispose(); }
        }
    }

    // A helper of this class closes and drops the failed client.
    public void BroadcastViaDropHelper(byte[] m)
    {
        foreach (var c in _clients.ToList())
        {
            try { c.Send(m); }
            catch (SocketException) { Drop(c); }
        }
    }

    void Drop(Socket c)
    {
        _clients.Remove(c);
        c.Close();
    }

    // `goto` out of the sending loop.
    public void GotoOut(Socket s, IEnumerable<byte[]> msgs)
    {
        foreach (var m in msgs)
        {
            try { s.Send(m); }
            catch (SocketException) { goto failed; }
        }
        return;
    failed:
        Console.WriteLine("peer gone; the caller closes the socket");
    }

    // A Try-helper returns false: the failure is reported to the caller.
    public bool TrySend(Socket s, byte[] m)
    {
        try { s.Send(m); return true; }
        catch (SocketException) { return false; }
    }

    // ExceptionDispatchInfo rethrows the original failure.
    public void EdiRethrow(Socket s, byte[] m)
    {
        try { s.Send(m); }
        catch (SocketException e) { Console.WriteLine("send failed"); ExceptionDispatchInfo.Capture(e).Throw(); }
    }

    // Only ArgumentOutOfRangeException is caught: a SocketException propagates.
    public void OnlyArgumentCaught(Socket s, byte[] m, int offset)
    {
        try { s.Send(m, offset, m.Length - offset, SocketFlags.None); }
        catch (ArgumentOutOfRangeException) { Console.WriteLine("bad offset"); }
    }

    // Logged, then `throw;`.
    public async Task LogsAndRethrows(Socket s, ReadOnlyMemory<byte> m, CancellationToken ct)
    {
        try { await s.SendAsync(m, SocketFlags.None, ct); }
        catch (SocketException e) { Console.Error.WriteLine(e.SocketErrorCode); throw; }
    }

    // Client side, connected here; no catch, the failure propagates and finally closes.
    public void ClientTryFinally(IEnumerable<byte[]> msgs)
    {
        var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        s.Connect(IPAddress.Loopback, 7303);
        try
        {
            foreach (var m in msgs) s.Send(m);
        }
        finally
        {
            s.Close();
        }
    }

    // A Task.Run lambda that disposes the socket on failure.
    public Task BackgroundSendCloses(Socket s, byte[] m) => Task.Run(() =>
    {
        try { s.Send(m); }
        catch (SocketException) { s.Dispose(); }
    });

    // A local Try-function returns false and the loop breaks on it.
    public void LocalFunctionReturnsFalse(Socket s, IEnumerable<byte[]> msgs)
    {
        bool TrySendOne(byte[] m)
        {
            try { s.Send(m); return true; }
            catch (SocketException) { return false; }
        }
        foreach (var m in msgs)
            if (!TrySendOne(m)) break;
    }

    // Inner catch logs and rethrows; the outer catch disposes the client.
    public async Task NestedCatchCloses(TcpClient client, IEnumerable<byte[]> msgs, CancellationToken ct)
    {
        var ns = client.GetStream();
        try
        {
            foreach (var m in msgs)
            {
                try { await ns.WriteAsync(m, ct); }
                catch (IOException e) { Console.WriteLine(e.Message); throw; }
            }
        }
        catch (IOException) { client.Dispose(); }
    }

    // out SocketError examined by a switch expression.
    public bool OutErrorSwitch(Socket s, byte[] data)
    {
        s.Send(data, 0, data.Length, SocketFlags.None, out SocketError err);
        return err switch { SocketError.Success => true, _ => false };
    }

    // out SocketError checked with `is not` inside a loop: close and leave.
    public void OutErrorInLoop(Socket s, Queue<byte[]> q)
    {
        while (q.Count > 0)
        {
            var m = q.Dequeue();
            s.Send(m.AsSpan(), SocketFlags.None, out var err);
            if (err is not SocketError.Success) { s.Close(); break; }
        }
    }

    // out SocketError returned to the caller, who decides.
    public SocketError OutErrorReturned(Socket s, IList<ArraySegment<byte>> parts)
    {
        s.Send(parts, SocketFlags.None, out SocketError err);
        return err;
    }
}

public class NotTcp
{
    // MemoryStream: not a connection.
    public void MemoryStreamWrite(MemoryStream ms, byte[] m)
    {
        try { ms.Write(m, 0, m.Length); }
        catch (IOException) { }
    }

    // FileStream: not a connection.
    public async Task FileWrite(string path, byte[] m, CancellationToken ct)
    {
        try
        {
            await using var fs = File.Create(path);
            await fs.WriteAsync(m, ct);
        }
        catch (IOException) { }
    }

    // UDP SendTo: connectionless, there is no dead connection to keep open.
    public void UdpSendTo(byte[] m)
    {
        using var udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        var to = new IPEndPoint(IPAddress.Loopback, 7301);
        for (int i = 0; i < 3; i++)
        {
            try { udp.SendTo(m, to); }
            catch (SocketException) { }
        }
    }

    // HttpClient: not a raw connection send.
    public async Task HttpPostSwallowed(HttpClient http, CancellationToken ct)
    {
        try { await http.PostAsync("http://127.0.0.1:7302/", new StringContent("x"), ct); }
        catch (HttpRequestException) { }
    }
}

// Primary constructor holding the connection's stream; the failure disposes it and returns.
public sealed class Pusher(NetworkStream stream) : IAsyncDisposable
{
    public async Task PushAll(IAsyncEnumerable<byte[]> items, CancellationToken ct)
    {
        await foreach (var item in items.WithCancellation(ct))
        {
            try { await stream.WriteAsync(item, ct); }
            catch (IOException) { await DisposeAsync(); return; }
        }
    }

    public ValueTask DisposeAsync() => stream.DisposeAsync();
}

// A class owning its socket in a field: the failure calls this class's Dispose, which closes it.
public sealed class Connection : IDisposable
{
    readonly Socket _socket;

    public Connection(Socket socket) => _socket = socket;

    public void Send(byte[] m)
    {
        try { _socket.Send(m); }
        catch (SocketException) { Dispose(); }
    }

    public void Dispose() => _socket.Dispose();
}
