using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;

namespace Probe.E04;

class E
{
    const int Closed = 0;
    public int LastRead { get; private set; }
    static void Handle(byte[] b, int n) { }

    void ConstZero(Socket s)
    {
        var buf = new byte[64];
        while (true)
        {
            int n = s.Receive(buf);
            if (n == Closed) break;
            Handle(buf, n);
        }
    }

    void Prop(Socket s, byte[] buf)
    {
        int n = s.Receive(buf);
        LastRead = n;
    }

    IEnumerable<byte[]> Chunks(NetworkStream ns)
    {
        var buf = new byte[64];
        while (true)
        {
            int n = ns.Read(buf, 0, buf.Length);
            if (n == 0) yield break;
            yield return buf[..n];
        }
    }

    async IAsyncEnumerable<byte[]> ChunksAsync(Socket s)
    {
        var buf = new byte[64];
        while (true)
        {
            int n = await s.ReceiveAsync(buf, SocketFlags.None);
            if (n == 0) yield break;
            yield return buf[..n];
        }
    }

    async Task AwaitUsingNs(Socket l)
    {
        var c = await l.AcceptAsync();
        await using var ns = new NetworkStream(c, ownsSocket: true); // expect: SL0003
        await ns.WriteAsync(new byte[] { 1 });
    }

    void CloseTimeout(Socket l)
    {
        var c = l.Accept();
        c.Send(new byte[] { 1 });
        c.Close(5); // expect: SL0003
    }

    void ClientShutdown(TcpListener l)
    {
        var c = l.AcceptTcpClient();
        c.GetStream().Write(new byte[] { 1 });
        c.Client.Shutdown(SocketShutdown.Send); // expect: SL0003
        var buf = new byte[8];
        while (c.Client.Receive(buf) > 0) { }
        c.Close();
    }

    void ErrCode(Socket l)
    {
        var c = l.Accept();
        var buf = new byte[64];
        int n = c.Receive(buf, 0, buf.Length, SocketFlags.None, out SocketError err);
        if (err != SocketError.Success) { c.Close(); return; }
        if (n == 0) { c.Close(); return; }
        while (c.Receive(buf) > 0) { }
        c.Close();
    }

    void TryFinallyHandOff(TcpListener l)
    {
        var client = l.AcceptTcpClient();
        try { Serve(client); }
        finally { client.Dispose(); }
    }
    static void Serve(TcpClient c) { }
}
