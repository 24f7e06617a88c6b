// Round 2, blind: SL0001 negatives. The peer's FIN is handled (close, or leave the read loop for a
// socket handed in, or throw, or return the count), or the source is not a TCP connection at all.
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;

namespace Unseen.C.SL0001.Negatives;

public record Conn(Socket Sock, string Name);

public class ModernShapes
{
    // The switch expression's 0 arm throws: the loop is left and the caller's cleanup runs.
    public void SwitchExpressionThrowsOnZero(Socket s)
    {
        var buf = new byte[256];
        while (true)
        {
            int n = s.Receive(buf);
            int len = n switch
            {
                0 => throw new EndOfStreamException("peer closed"),
                _ => n,
            };
            Handle(buf, len);
        }
    }

    // `is 0 or < 0` leaves the loop; the socket was handed in, so the caller closes it.
    public void IsZeroOrNegativeBreaks(Socket s)
    {
        var buf = new byte[256];
        while (true)
        {
            int n = s.Receive(buf);
            if (n is 0 or < 0) break;
            Handle(buf, n);
        }
    }

    // Loop condition `is > 0` on a Memory<byte> ReadAsync (ValueTask<int>): zero ends the loop.
    public async Task IsGreaterThanZeroCondition(NetworkStream stream, CancellationToken ct)
    {
        Memory<byte> mem = new byte[256];
        int n;
        while ((n = await stream.ReadAsync(mem, ct)) is > 0)
            Handle(mem.Slice(0, n).ToArray(), n);
    }

    // The record-held socket is closed on zero.
    public void RecordClosesOnZero(Conn c)
    {
        var buf = new byte[256];
        while (true)
        {
            int n = c.Sock.Receive(buf);
            if (n == 0) { c.Sock.Close(); return; }
            Handle(buf, n);
        }
    }

    // Owned socket wrapped by an `await using` NetworkStream that owns it: zero returns, disposal closes it.
    public async Task AwaitUsingOwningStream(CancellationToken ct)
    {
        var sock = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await sock.ConnectAsync(new IPEndPoint(IPAddress.Loopback, 7101), ct);
        await using var stream = new NetworkStream(sock, ownsSocket: true);
        var buf = new byte[256];
        while (true)
        {
            int n = await stream.ReadAsync(buf, ct);
            if (n == 0) return;
            Handle(buf, n);
        }
    }

    // ReadExactlyAsync throws EndOfStreamException instead of returning 0.
    public async Task<int> ReadHeaderExactly(NetworkStream stream, CancellationToken ct)
    {
        var header = new byte[4];
        await stream.ReadExactlyAsync(header, ct);
        return BitConverter.ToInt32(header);
    }

    // ReadAtLeastAsync with the default throwOnEndOfStream: true throws at end of stream.
    public async Task ReadAtLeastThrows(NetworkStream stream, CancellationToken ct)
    {
        var buf = new byte[64];
        while (!ct.IsCancellationRequested)
        {
            int n = await stream.ReadAtLeastAsync(buf, 8, cancellationToken: ct);
            Handle(buf, n);
        }
    }

    // Token loop: zero shuts down and closes the socket, then leaves.
    public async Task TokenLoopClosesOnZero(Socket s, CancellationToken ct)
    {
        var buf = new byte[256];
        while (!ct.IsCancellationRequested)
        {
            int n = await s.ReceiveAsync(buf.AsMemory(), SocketFlags.None, ct);
            if (n == 0)
            {
                s.Shutdown(SocketShutdown.Both);
                s.Close();
                break;
            }
            Handle(buf, n);
        }
    }

    // ArraySegment receive on a handed-in socket: zero returns the total (leaves the loop).
    public async Task<long> ArraySegmentReturnsOnZero(Socket s)
    {
        var buf = new byte[1024];
        long total = 0;
        while (true)
        {
            int n = await s.ReceiveAsync(new ArraySegment<byte>(buf), SocketFlags.None);
            if (n == 0) return total;
            total += n;
        }
    }

    // SslStream: `> 0` in the loop condition ends the loop on zero.
    public async Task SslLoopCondition(SslStream ssl, CancellationToken ct)
    {
        var buf = new byte[4096];
        int n;
        while ((n = await ssl.ReadAsync(buf.AsMemory(), ct)) > 0)
            Handle(buf, n);
    }

    // A switch statement whose `case 0` returns: leaves the loop and the method.
    public void SwitchCaseZeroReturns(Socket s)
    {
        var buf = new byte[64];
        while (true)
        {
            int n = s.Receive(buf);
            switch (n)
            {
                case 0:
                    return;
                default:
                    Handle(buf, n);
                    break;
            }
        }
    }

    // Data `continue`s explicitly; every other outcome (zero) breaks.
    public void ContinueOnDataElseBreak(Socket s)
    {
        var buf = new byte[64];
        while (true)
        {
            int n = s.Receive(buf);
            if (n > 0) { Handle(buf, n); continue; }
            break;
        }
    }

    // Connected in this method under a using declaration; zero ends the loop, the using closes it.
    public int ConnectedUsingReturns()
    {
        using var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        s.Connect(IPAddress.Loopback, 7102);
        var buf = new byte[128];
        int total = 0, n;
        while ((n = s.Receive(buf)) != 0) total += n;
        return total;
    }

    // Zero signals a TaskCompletionSource and returns: the loop over the handed-in socket is left.
    public async Task SignalsCompletion(Socket s, TaskCompletionSource closed, CancellationToken ct)
    {
        var buf = new byte[256];
        while (true)
        {
            int n = await s.ReceiveAsync(buf.AsMemory(), SocketFlags.None, ct);
            if (n == 0) { closed.TrySetResult(); return; }
            Handle(buf, n);
        }
    }

    // Accepted socket: the loop ends only on zero (or an error) and finally closes it.
    public async Task FinallyCloses(TcpListener listener, CancellationToken ct)
    {
        Socket client = await listener.AcceptSocketAsync(ct);
        var buf = new byte[256];
        try
        {
            int n;
            while ((n = await client.ReceiveAsync(buf.AsMemory(), SocketFlags.None, ct)) > 0)
                Handle(buf, n);
        }
        finally
        {
            client.Close();
        }
    }

    static void Handle(byte[] b, int n) { }
}

public class HelperShapes
{
    // The helper returns the count and a flag computed from it: the caller decides.
    (int Count, bool Closed) ReadChunk(Socket s, byte[] buf)
    {
        int n = s.Receive(buf);
        return (n, n == 0);
    }

    // The caller closes on `Closed`.
    public void CallerOfTupleHelper(Socket s)
    {
        var buf = new byte[128];
        while (true)
        {
            var (count, closed) = ReadChunk(s, buf);
            if (closed) { s.Close(); return; }
            Handle(buf, count);
        }
    }

    // A ValueTask<int> helper that just returns the read: the caller decides.
    ValueTask<int> ReadSomeAsync(NetworkStream ns, Memory<byte> m, CancellationToken ct) => ns.ReadAsync(m, ct);

    // The caller leaves its loop on zero.
    public async Task CallerOfValueTaskHelper(NetworkStream ns, CancellationToken ct)
    {
        Memory<byte> m = new byte[128];
        while (true)
        {
            int n = await ReadSomeAsync(ns, m, ct);
            if (n == 0) break;
            Handle(m.ToArray(), n);
        }
    }

    // A Task.Run lambda whose loop ends on zero (the socket was handed in).
    public Task BackgroundPumpStops(Socket s) => Task.Run(() =>
    {
        var buf = new byte[256];
        int n;
        while ((n = s.Receive(buf)) != 0) Handle(buf, n);
    });

    // goto loop with an exit label that closes the socket on zero.
    public void GotoExitOnZero(Socket s)
    {
        var buf = new byte[64];
        int n;
    again:
        n = s.Receive(buf);
        if (n == 0) goto done;
        Handle(buf, n);
        goto again;
    done:
        s.Close();
    }

    // Nested loops: zero sets the flag the outer loop tests and breaks the inner loop, so both end.
    public void NestedLoopWithFlag(Socket s)
    {
        var buf = new byte[64];
        bool peerClosed = false;
        while (!peerClosed)
        {
            Log("frame");
            while (true)
            {
                int n = s.Receive(buf);
                if (n == 0) { peerClosed = true; break; }
                Handle(buf, n);
                if (buf[n - 1] == (byte)'\n') break;
            }
        }
    }

    static void Handle(byte[] b, int n) { }
    static void Log(string s) { }
}

public class ReaderShapes
{
    // ReadByte's -1 ends the loop; the accepted client is disposed by its using after the FIN.
    public List<byte> ReadByteUntilEof(TcpListener listener)
    {
        using TcpClient client = listener.AcceptTcpClient();
        NetworkStream ns = client.GetStream();
        var all = new List<byte>();
        int b;
        while ((b = ns.ReadByte()) != -1) all.Add((byte)b);
        return all;
    }

    // ReadLineAsync's null ends the loop (`is { } line`); the usings dispose the accepted client.
    public async Task ReadLinesUntilNull(TcpListener listener, CancellationToken ct)
    {
        using TcpClient client = await listener.AcceptTcpClientAsync(ct);
        using var reader = new StreamReader(client.GetStream());
        while (await reader.ReadLineAsync(ct) is { } line)
            Log(line);
    }

    // ReadLine's null breaks the loop over a handed-in client.
    public void ReadLineNullBreaks(TcpClient client)
    {
        var reader = new StreamReader(client.GetStream());
        for (;;)
        {
            string? line = reader.ReadLine();
            if (line is null) break;
            Log(line);
        }
    }

    static void Log(string s) { }
}

public class CallbackShapes
{
    readonly byte[] _buf = new byte[1024];

    public void Start(Socket s) => s.BeginReceive(_buf, 0, _buf.Length, SocketFlags.None, OnReceive, s);

    // EndReceive's zero closes the socket and no further receive is posted.
    void OnReceive(IAsyncResult ar)
    {
        var s = (Socket)ar.AsyncState!;
        int n = s.EndReceive(ar);
        if (n == 0) { s.Close(); return; }
        Handle(_buf, n);
        s.BeginReceive(_buf, 0, _buf.Length, SocketFlags.None, OnReceive, s);
    }

    // SocketAsyncEventArgs: the completion handler checks BytesTransferred == 0.
    public void StartSaea(Socket s)
    {
        var e = new SocketAsyncEventArgs();
        e.SetBuffer(new byte[1024], 0, 1024);
        e.UserToken = s;
        e.Completed += OnCompleted;
        if (!s.ReceiveAsync(e)) OnCompleted(s, e);
    }

    // BytesTransferred == 0 (or an error) closes the socket and stops re-arming the receive.
    void OnCompleted(object? sender, SocketAsyncEventArgs e)
    {
        var s = (Socket)e.UserToken!;
        while (true)
        {
            if (e.SocketError != SocketError.Success || e.BytesTransferred == 0)
            {
                s.Close();
                e.Dispose();
                return;
            }
            Handle(e.Buffer!, e.BytesTransferred);
            if (s.ReceiveAsync(e)) return;
        }
    }

    static void Handle(byte[] b, int n) { }
}

// A class holding its socket in a field, with Dispose.
public sealed class FieldSession : IDisposable
{
    readonly Socket _sock;
    readonly byte[] _buf = new byte[512];

    public FieldSession(Socket sock) => _sock = sock;

    // Zero calls this class's Dispose (which closes the socket) and returns.
    public void Run()
    {
        while (true)
        {
            int n = _sock.Receive(_buf);
            if (n == 0) { Dispose(); return; }
            Handle(_buf, n);
        }
    }

    public void Dispose() => _sock.Dispose();

    static void Handle(byte[] b, int n) { }
}

// Primary constructor capturing the socket.
public class PrimarySession(Socket socket)
{
    bool _open = true;

    // Zero clears the flag the loop condition tests: the loop ends (the caller owns the socket).
    public void Run()
    {
        var buf = new byte[512];
        while (_open)
        {
            int n = socket.Receive(buf);
            if (n == 0) _open = false;
            else Handle(buf, n);
        }
    }

    static void Handle(byte[] b, int n) { }
}

public class NotTcp
{
    // MemoryStream: 0 is the end of an in-memory buffer, not a peer.
    public void MemoryStreamDiscard(MemoryStream ms)
    {
        var buf = new byte[16];
        ms.Read(buf, 0, buf.Length);
    }

    // FileStream: the count is only accumulated; a file has no peer.
    public async Task<long> FileTotal(string path, CancellationToken ct)
    {
        await using var fs = File.OpenRead(path);
        var buf = new byte[4096];
        long total = 0;
        for (int i = 0; i < 10; i++) total += await fs.ReadAsync(buf, ct);
        return total;
    }

    // StreamReader over a file: a null line is end of file.
    public string FirstLine(string path)
    {
        using var r = new StreamReader(path);
        return r.ReadLine() ?? "";
    }

    // UDP socket: a 0-byte datagram is a valid message, not a close.
    public void DatagramLoop()
    {
        using var udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        udp.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var buf = new byte[1500];
        while (true)
        {
            int n = udp.Receive(buf);
            Handle(buf, n);
        }
    }

    // UDP async receive whose count is discarded (a wake-up ping).
    public async Task DatagramWakeUps(CancellationToken ct)
    {
        using var udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        udp.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var buf = new byte[1500];
        while (!ct.IsCancellationRequested)
            await udp.ReceiveAsync(buf.AsMemory(), SocketFlags.None, ct);
    }

    static void Handle(byte[] b, int n) { }
}
