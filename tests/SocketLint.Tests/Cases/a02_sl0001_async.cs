using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;

namespace Probe.A02;

class AsyncCases
{
    static void Handle(ReadOnlySpan<byte> b) { }
    static void Handle(byte[] b, int n) { }

    // 16. ValueTask ReceiveAsync with Memory + ConfigureAwait, break on 0 (param)
    async Task ValueTaskBreak(Socket s, CancellationToken ct)
    {
        var buf = new byte[1024];
        while (true)
        {
            int n = await s.ReceiveAsync(buf.AsMemory(), SocketFlags.None, ct).ConfigureAwait(false);
            if (n == 0) break;
            Handle(buf.AsSpan(0, n));
        }
    }

    // 17. discarded behind ConfigureAwait (ValueTask) -> positive
    async Task DiscardedConfigureAwait(Socket s, Memory<byte> buf, CancellationToken ct)
    {
        await s.ReceiveAsync(buf, SocketFlags.None, ct).ConfigureAwait(false); // expect: SL0001
        Handle(buf.Span);
    }

    // 18. await using SslStream over TcpClient stream, break on 0
    async Task SslBreak(TcpListener l, System.Security.Cryptography.X509Certificates.X509Certificate2 cert)
    {
        using var client = await l.AcceptTcpClientAsync();
        await using var ssl = new SslStream(client.GetStream());
        await ssl.AuthenticateAsServerAsync(cert);
        var buf = new byte[4096];
        while (true)
        {
            int n = await ssl.ReadAsync(buf);
            if (n == 0) break;
            await ssl.WriteAsync(buf.AsMemory(0, n));
        }
    }

    // 19. Stream-typed variable from GetStream, discarded -> positive
    void StreamTyped(TcpClient client, byte[] buf)
    {
        Stream s = client.GetStream();
        s.Read(buf, 0, buf.Length); // expect: SL0001
        Handle(buf, buf.Length);
    }

    // 20. ReadByte compared with -1 (param) -> fine
    void ReadByteOk(NetworkStream ns, List<byte> line)
    {
        while (true)
        {
            int b = ns.ReadByte();
            if (b == -1) break;
            if (b == '\n') return;
            line.Add((byte)b);
        }
    }

    // 21. ReadByte never checked for -1 -> positive
    void ReadByteSpin(NetworkStream ns, List<byte> line)
    {
        while (true)
        {
            int b = ns.ReadByte(); // expect: SL0001
            if (b == '\n') return;
            line.Add((byte)b);
        }
    }

    // 22. MemoryStream read discarded -> fine
    void Memory(byte[] data, byte[] buf)
    {
        var ms = new MemoryStream(data);
        ms.Read(buf, 0, 4);
        Handle(buf, 4);
    }

    // 23. SslStream over NetworkStream, discarded -> positive
    async Task SslDiscarded(Socket sock, byte[] buf)
    {
        var ssl = new SslStream(new NetworkStream(sock, ownsSocket: true));
        await ssl.ReadAsync(buf, 0, buf.Length); // expect: SL0001
        Handle(buf, buf.Length);
    }

    // 24. return out of read loop on 0 (param, value-returning)
    async Task<int> CountUntilClose(TcpClient c, CancellationToken ct)
    {
        var ns = c.GetStream();
        var buf = new byte[1024];
        int total = 0;
        while (true)
        {
            var n = await ns.ReadAsync(buf.AsMemory(), ct).ConfigureAwait(false);
            if (n == 0) return total;
            total += n;
        }
    }

    // 25. out SocketError overload
    void OutError(Socket listener)
    {
        Socket s = listener.Accept();
        var buf = new byte[256];
        while (true)
        {
            int n = s.Receive(buf, 0, buf.Length, SocketFlags.None, out SocketError err);
            if (err != SocketError.Success || n == 0) { s.Close(); return; }
            Handle(buf, n);
        }
    }

    // 26. zero throws (param)
    async Task ReadExactlyManual(Stream ns, byte[] buf, int len, CancellationToken ct)
    {
        int off = 0;
        while (off < len)
        {
            int n = await ns.ReadAsync(buf.AsMemory(off, len - off), ct);
            if (n == 0) throw new EndOfStreamException();
            off += n;
        }
    }

    // 27. accumulate directly, never compared -> spins on FIN
    void AccumulateDirect(Socket s, byte[] buf, int len)
    {
        int total = 0;
        while (total < len)
            total += s.Receive(buf, total, len - total, SocketFlags.None); // expect: SL0001
    }

    // 28. owned TcpClient created and connected, return without closing -> positive
    string? Fetch(string host, int port)
    {
        var client = new TcpClient(host, port);
        var ns = client.GetStream();
        var buf = new byte[1024];
        var sb = new StringBuilder();
        while (true)
        {
            int n = ns.Read(buf, 0, buf.Length); // expect: SL0001
            if (n == 0) return sb.ToString();
            sb.Append(Encoding.UTF8.GetString(buf, 0, n));
        }
    }

    // 29. owned client with using, return on 0 -> fine
    async Task<string> FetchUsing(string host, int port, CancellationToken ct)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(host, port, ct);
        await using var ns = client.GetStream();
        var buf = new byte[1024];
        var sb = new StringBuilder();
        while (true)
        {
            int n = await ns.ReadAsync(buf, ct);
            if (n == 0) return sb.ToString();
            sb.Append(Encoding.UTF8.GetString(buf, 0, n));
        }
    }

    // 30. Task kept -> not followed
    async Task Kept(Socket s, byte[] buf)
    {
        var t = s.ReceiveAsync(buf, SocketFlags.None);
        await Task.Delay(1);
        int n = await t;
        if (n == 0) return;
        Handle(buf, n);
    }

    // 31. UDP socket created here, Receive discarded -> fine
    void Udp(byte[] buf)
    {
        using var u = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        u.Bind(new IPEndPoint(IPAddress.Any, 9999));
        u.Receive(buf);
    }
}
