using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Probe.B01;

class Servers
{
    static bool Allowed(EndPoint? ep) => true;
    static void Spawn(Socket s) { }
    static void CloseQuietly(Socket s) { try { s.Close(); } catch { } }

    // 59. request/response, Close -> positive
    void ReqResp(TcpListener l)
    {
        var c = l.AcceptSocket();
        var buf = new byte[512];
        int n = c.Receive(buf);
        if (n == 0) { c.Close(); return; }
        c.Send(Encoding.ASCII.GetBytes("HTTP/1.0 200 OK\r\n\r\n"));
        c.Close(); // expect: SL0003
    }

    // 60. reject by IP -> positive (graceful close by server first)
    void Reject(Socket listener)
    {
        while (true)
        {
            var c = listener.Accept();
            if (!Allowed(c.RemoteEndPoint)) { c.Close(); continue; } // expect: SL0003
            Spawn(c);
        }
    }

    // 61. accept loop spawning tasks -> fine
    async Task AcceptLoop(TcpListener l, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            var c = await l.AcceptTcpClientAsync(ct);
            _ = Task.Run(() => HandleAsync(c, ct));
        }
    }
    async Task HandleAsync(TcpClient c, CancellationToken ct)
    {
        using (c)
        {
            var ns = c.GetStream();
            var buf = new byte[512];
            int n;
            while ((n = await ns.ReadAsync(buf, ct)) > 0)
                await ns.WriteAsync(buf.AsMemory(0, n), ct);
        }
    }

    // 62. SetSocketOption Linger 0 -> fine
    void LingerViaOption(Socket listener)
    {
        var c = listener.Accept();
        c.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.Linger, new LingerOption(true, 0));
        c.Send(new byte[] { 1, 2, 3 });
        c.Close();
    }

    // 63. Linger with timeout 5 is not abortive -> positive
    void LingerFive(Socket listener)
    {
        var c = listener.Accept();
        c.LingerState = new LingerOption(true, 5);
        c.Send(new byte[] { 1, 2, 3 });
        c.Close(); // expect: SL0003
    }

    // 64. TcpClient.LingerState = (true,0) -> fine
    void TcpClientLinger(TcpListener l)
    {
        var c = l.AcceptTcpClient();
        c.LingerState = new LingerOption(true, 0);
        c.GetStream().Write(new byte[] { 1 });
        c.Close();
    }

    // 65. client.Client.LingerState -> fine
    void ClientClientLinger(TcpListener l)
    {
        using var c = l.AcceptTcpClient();
        c.Client.LingerState = new LingerOption(true, 0);
        c.GetStream().Write(new byte[] { 1 });
    }

    // 66. close via helper -> positive at call
    void ViaHelper(Socket listener)
    {
        var c = listener.Accept();
        c.Send(new byte[] { 1 });
        CloseQuietly(c); // expect: SL0003
    }

    // 67. if (n > 0) reply; then close -> positive
    void ReplyIfData(Socket listener)
    {
        var c = listener.Accept();
        var buf = new byte[64];
        int n = c.Receive(buf);
        if (n > 0) c.Send(buf, 0, n, SocketFlags.None);
        c.Close(); // expect: SL0003
    }

    // 68. the doc's own fix pattern (timeout drain, catch) -> fine
    void DocFix(Socket listener)
    {
        var client = listener.Accept();
        client.Send(new byte[] { 1 });
        client.ReceiveTimeout = 5000;
        try
        {
            var drain = new byte[256];
            while (client.Receive(drain) > 0) { }
        }
        catch (SocketException) { }
        client.Close();
    }

    // 69. async drain with CTS -> fine
    async Task AsyncDrain(Socket listener)
    {
        var client = await listener.AcceptAsync();
        await client.SendAsync(new byte[] { 1 }, SocketFlags.None);
        using var cts = new CancellationTokenSource(5000);
        try
        {
            var drain = new byte[256];
            while (await client.ReceiveAsync(drain, SocketFlags.None, cts.Token) > 0) { }
        }
        catch (OperationCanceledException) { }
        client.Close();
    }

    // 70. Shutdown(Send) then drain: Shutdown sends FIN first -> positive
    void ShutdownSendDrain(Socket listener)
    {
        var c = listener.Accept();
        c.Send(new byte[] { 1 });
        c.Shutdown(SocketShutdown.Send); // expect: SL0003
        var buf = new byte[64];
        while (c.Receive(buf) > 0) { }
        c.Close();
    }

    // 71. Shutdown(Receive) then close -> positive at Close
    void ShutdownReceive(Socket listener)
    {
        var c = listener.Accept();
        c.Send(new byte[] { 1 });
        c.Shutdown(SocketShutdown.Receive);
        c.Close(); // expect: SL0003
    }

    // 72. nullable declared first, finally ?.Dispose -> positive
    void DeclaredFirst(Socket listener)
    {
        Socket? c = null;
        try
        {
            c = listener.Accept();
            c.Send(new byte[] { 1 });
        }
        finally
        {
            c?.Dispose(); // expect: SL0003
        }
    }

    // 73. using statement block after reply -> positive at using
    void UsingBlock(TcpListener l)
    {
        using (var c = l.AcceptTcpClient()) // expect: SL0003
        {
            var ns = c.GetStream();
            ns.Write(Encoding.ASCII.GetBytes("220 ready\r\n"));
        }
    }

    // 74. read until 0 with is 0 then close -> fine
    void UntilZero(Socket listener)
    {
        var c = listener.Accept();
        var buf = new byte[64];
        while (true)
        {
            int n = c.Receive(buf);
            if (n is 0) break;
            c.Send(buf, 0, n, SocketFlags.None);
        }
        c.Shutdown(SocketShutdown.Both);
        c.Close();
    }

    // 75. client side -> fine
    async Task ClientSide(string host, int port)
    {
        var s = new Socket(SocketType.Stream, ProtocolType.Tcp);
        await s.ConnectAsync(host, port);
        await s.SendAsync(new byte[] { 1 }, SocketFlags.None);
        s.Shutdown(SocketShutdown.Send);
        s.Close();
    }

    // 76. EndAccept callback reply and close -> positive
    void OnAccept(IAsyncResult ar)
    {
        var listener = (Socket)ar.AsyncState!;
        Socket c = listener.EndAccept(ar);
        c.Send(new byte[] { 1 });
        c.Close(); // expect: SL0003
    }

    // 77. Disconnect -> positive
    void Disconnect(Socket listener)
    {
        var c = listener.Accept();
        c.Send(new byte[] { 1 });
        c.Disconnect(false); // expect: SL0003
    }
}
