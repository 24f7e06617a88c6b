using System.Net.Sockets;

namespace SocketLint.Harness.SL0003;

/// <summary>A request/response server that closes first: one TIME_WAIT entry per request stays on the server.</summary>
public static class Broken
{
    public static void ServeOne(TcpListener listener)
    {
        Socket client = listener.AcceptSocket();
        var buffer = new byte[1024];
        int n = client.Receive(buffer);
        if (n == 0) { client.Close(); return; }
        client.Send(buffer, 0, n, SocketFlags.None);
        client.Close(); // expect: SL0003
    }
}
