// Round 2, blind: SL0001 positives. The peer's FIN (0, -1 for ReadByte, null for ReadLine) is not
// handled: the count is discarded, never compared with 0, or the zero path neither closes an owned
// socket nor leaves the read loop.
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;

namespace Unseen.C.SL0001.Positives;

public record Conn(Socket Sock, string Name);

public class ModernShapes
{
    // Switch expression classifies 0 as "empty" but the loop reads again forever.
    public void SwitchExpressionClassifiesZero(Socket s)
    {
        var buf = new byte[512];
        while (true)
        {
            int n = s.Receive(buf); // expect: SL0001
            string kind = n switch { 0 => "empty", < 64 => "small", _ => "large" };
            Log(kind);
            Handle(buf, n);
        }
    }

    // `is > 0` only guards the handling; the zero path falls straight back to the receive.
    public void IsGreaterThanZeroOnly(Socket s)
    {
        var buf = new byte[512];
        while (true)
        {
            int n = s.Receive(buf); // expect: SL0001
            if (n is > 0) Handle(buf, n);
        }
    }

    // `is 0 or < 0` is detected, logged, and then `continue`: the loop spins on the closed stream.
    public async Task IsZeroOrNegativeContinues(NetworkStream stream, CancellationToken ct)
    {
        var buf = new byte[512];
        while (true)
        {
            int n = await stream.ReadAsync(buf, ct); // expect: SL0001
            if (n is 0 or < 0) { Log("peer closed?"); continue; }
            Handle(buf, n);
        }
    }

    // The count travels in a tuple and is used as a length, never compared with 0; token loop spins.
    public async Task TupleCarriesCount(NetworkStream stream, CancellationToken ct)
    {
        var buf = new byte[512];
        while (!ct.IsCancellationRequested)
        {
            // A limit of SL0001: a count stored in a tuple's element is not followed.
            (int count, DateTime at) r = (await stream.ReadAsync(buf, ct), DateTime.UtcNow);
            Handle(buf, r.count);
            Log(r.at.ToString("O"));
        }
    }

    // The socket lives in a record; the count is never compared with 0.
    public void RecordHeldSocket(Conn c)
    {
        var buf = new byte[256];
        for (;;)
        {
            int n = c.Sock.Receive(buf); // expect: SL0001
            Log($"{c.Name}: {Encoding.UTF8.GetString(buf, 0, n)}");
        }
    }

    // ValueTask<int> from ReadAsync(Memory<byte>) is awaited and its count thrown away.
    public async Task MemoryReadDiscarded(NetworkStream stream, Memory<byte> mem, CancellationToken ct)
    {
        await stream.ReadAsync(mem, ct); // expect: SL0001
        Log(mem.Span[0].ToString());
    }

    // ArraySegment receive: the count only feeds a running total; the token loop spins after FIN.
    public async Task ArraySegmentTotal(Socket s, CancellationToken ct)
    {
        var buf = new byte[1024];
        long total = 0;
        while (!ct.IsCancellationRequested)
        {
            int n = await s.ReceiveAsync(new ArraySegment<byte>(buf), SocketFlags.None); // expect: SL0001
            total += n;
        }
        Log(total.ToString());
    }

    // Memory<byte> receive with a token: zero only bumps a counter and `continue`s.
    public async Task ZeroCountedThenContinue(Socket s, CancellationToken ct)
    {
        Memory<byte> mem = new byte[1024];
        int emptyReads = 0;
        while (!ct.IsCancellationRequested)
        {
            int n = await s.ReceiveAsync(mem, SocketFlags.None, ct); // expect: SL0001
            if (n == 0) { emptyReads++; continue; }
            Handle(mem.Slice(0, n).ToArray(), n);
        }
        Log(emptyReads.ToString());
    }

    // SslStream: the check is `< 0`, which never happens; zero falls through and the loop goes on.
    public async Task SslWrongComparison(SslStream ssl, CancellationToken ct)
    {
        var buf = new byte[4096];
        while (true)
        {
            int n = await ssl.ReadAsync(buf.AsMemory(), ct); // expect: SL0001
            if (n < 0) break;
            Handle(buf, n);
        }
    }

    // Owned connection under `await using`, but zero `continue`s: disposal never comes, the loop spins.
    public async Task AwaitUsingButZeroContinues(CancellationToken ct)
    {
        var sock = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await sock.ConnectAsync(new IPEndPoint(IPAddress.Loopback, 7001), ct);
        await using var stream = new NetworkStream(sock, ownsSocket: true);
        var buf = new byte[256];
        while (!ct.IsCancellationRequested)
        {
            int n = await stream.ReadAsync(buf, ct); // expect: SL0001
            if (n == 0) continue;
            Handle(buf, n);
        }
    }

    // Connected in this method (owned); zero returns a total but nothing ever closes the socket.
    public async Task<int> ConnectedReturnsWithoutClose(CancellationToken ct)
    {
        var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await s.ConnectAsync(IPAddress.Loopback, 7002, ct);
        var buf = new byte[128];
        int total = 0;
        while (true)
        {
            int n = await s.ReceiveAsync(buf.AsMemory(), SocketFlags.None, ct); // expect: SL0001
            if (n == 0) return total;
            total += n;
        }
    }

    // Accepted here (owned); the loop ends on 0 but the accepted socket is never closed afterwards.
    public void AcceptedLoopEndsNoClose(TcpListener listener)
    {
        Socket client = listener.AcceptSocket();
        var buf = new byte[256];
        int n;
        while ((n = client.Receive(buf)) > 0) // expect: SL0001
            Handle(buf, n);
        Log("done");
    }

    // try/finally around the loop, but the finally only logs: the accepted socket stays in CLOSE_WAIT.
    public async Task FinallyDoesNotClose(TcpListener listener, CancellationToken ct)
    {
        Socket client = await listener.AcceptSocketAsync(ct);
        var buf = new byte[256];
        try
        {
            while (true)
            {
                int n = await client.ReceiveAsync(buf.AsMemory(), SocketFlags.None, ct); // expect: SL0001
                if (n == 0) break;
                Handle(buf, n);
            }
        }
        finally
        {
            Log("session over");
        }
    }

    // Explicit `_ =` discard of a span receive; `Connected` stays true after a FIN, so it spins.
    public void ExplicitDiscard(Socket s)
    {
        Span<byte> span = stackalloc byte[64];
        while (s.Connected)
        {
            _ = s.Receive(span); // expect: SL0001
        }
    }

    // `break` inside a switch leaves the switch, not the loop: zero goes round again.
    public void SwitchBreakIsNotLoopBreak(Socket s)
    {
        var buf = new byte[64];
        while (true)
        {
            int n = s.Receive(buf); // expect: SL0001
            switch (n)
            {
                case 0:
                    Log("closed");
                    break;
                default:
                    Handle(buf, n);
                    break;
            }
        }
    }

    // A Stream-typed connection stream: Read's count only feeds a total; no zero check.
    public long StreamTypedTotal(TcpClient client)
    {
        Stream st = client.GetStream();
        var buf = new byte[1024];
        long total = 0;
        while (true)
        {
            total += st.Read(buf, 0, buf.Length); // expect: SL0001
            if (total > 1_000_000) return total;
        }
    }

    static void Handle(byte[] b, int n) { }
    static void Log(string s) { }
}

public class ControlFlowShapes
{
    // A goto loop: the count is never compared with 0 and control jumps back to the receive.
    public void GotoLoop(Socket s)
    {
        var buf = new byte[64];
        int n;
    again:
        n = s.Receive(buf); // expect: SL0001
        Handle(buf, n);
        goto again;
    }

    // The inner loop breaks on zero, but the outer loop reads the same socket again: it spins.
    public void NestedLoopBreaksOnlyInner(Socket s)
    {
        var buf = new byte[64];
        while (true)
        {
            Log("frame start");
            while (true)
            {
                int n = s.Receive(buf); // expect: SL0001
                if (n == 0) break;
                Handle(buf, n);
                if (buf[n - 1] == (byte)'\n') break;
            }
        }
    }

    // A read loop inside a Task.Run lambda: the count is never compared with 0.
    public Task PumpInBackground(Socket s)
    {
        return Task.Run(() =>
        {
            var buf = new byte[256];
            while (true)
            {
                int n = s.Receive(buf); // expect: SL0001
                Handle(buf, n);
            }
        });
    }

    // A local function throws the count away and is called in an endless loop.
    public void LocalFunctionDiscards(Socket s)
    {
        var buf = new byte[64];
        void DrainOnce() => s.Receive(buf); // expect: SL0001
        for (int i = 0; ; i++) DrainOnce();
    }

    static void Handle(byte[] b, int n) { }
    static void Log(string s) { }
}

public class ReaderShapes
{
    // ReadByte's -1 is the FIN; it is appended as a char and only '\n' ends the loop.
    public string ReadByteNoCheck(NetworkStream ns)
    {
        var sb = new StringBuilder();
        while (true)
        {
            int b = ns.ReadByte(); // expect: SL0001
            if (b == '\n') return sb.ToString();
            sb.Append((char)b);
        }
    }

    // ReadByte compared with 0 (a NUL byte), not with -1: the FIN is missed and the loop spins.
    public void ReadByteWrongSentinel(NetworkStream ns, List<byte> into)
    {
        while (true)
        {
            int b = ns.ReadByte(); // expect: SL0001
            if (b == 0) break;
            into.Add((byte)b);
        }
    }

    // ReadLine's null is the FIN; it is coalesced to "" and the loop goes on.
    public void ReadLineCoalesced(TcpClient client)
    {
        var reader = new StreamReader(client.GetStream());
        while (true)
        {
            string line = reader.ReadLine() ?? ""; // expect: SL0001
            Log(line);
        }
    }

    // ReadLineAsync's null only skips the iteration; the token loop spins until cancellation.
    public async Task ReadLineAsyncNullSkipped(TcpClient client, CancellationToken ct)
    {
        using var reader = new StreamReader(client.GetStream());
        while (!ct.IsCancellationRequested)
        {
            string? line = await reader.ReadLineAsync(ct); // expect: SL0001
            if (line is null) continue;
            Log(line);
        }
    }

    static void Log(string s) { }
}

public class CallbackShapes
{
    readonly byte[] _buf = new byte[1024];

    public void Start(Socket s) => s.BeginReceive(_buf, 0, _buf.Length, SocketFlags.None, OnReceive, s);

    // EndReceive's count is handled as data and the next BeginReceive is posted even after 0.
    void OnReceive(IAsyncResult ar)
    {
        var s = (Socket)ar.AsyncState!;
        int n = s.EndReceive(ar); // expect: SL0001
        Handle(_buf, n);
        s.BeginReceive(_buf, 0, _buf.Length, SocketFlags.None, OnReceive, s);
    }

    static void Handle(byte[] b, int n) { }
}

// A class holding its socket in a field, with Dispose.
public sealed class FieldSession : IDisposable
{
    readonly Socket _sock;
    readonly byte[] _buf = new byte[512];
    bool _peerClosed;

    public FieldSession(Socket sock) => _sock = sock;

    public bool PeerClosed => _peerClosed;

    // Zero sets a flag that the loop never tests: the loop keeps receiving 0.
    public void Run()
    {
        while (true)
        {
            int n = _sock.Receive(_buf); // expect: SL0001
            if (n == 0) _peerClosed = true;
            else Handle(_buf, n);
        }
    }

    public void Dispose() => _sock.Dispose();

    static void Handle(byte[] b, int n) { }
}

// Primary constructor capturing the socket.
public class PrimarySession(Socket socket)
{
    // Zero is only written to the console; the loop continues on the closed connection.
    public void Run()
    {
        var buf = new byte[512];
        while (true)
        {
            int n = socket.Receive(buf); // expect: SL0001
            if (n == 0) Console.WriteLine("client went quiet");
            else Handle(buf, n);
        }
    }

    static void Handle(byte[] b, int n) { }
}
