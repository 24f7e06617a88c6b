using System.Net.Sockets;

namespace SocketLint.Harness.SL0003;

/// <summary>The server replies, then waits (bounded) for the client's FIN before it closes: TIME_WAIT stays with the client.</summary>
public static class Fixed
{
    public static void ServeOne(TcpListener listener)
    {
        Socket client = listener.AcceptSocket();
        var buffer = new byte[1024];
        int n = client.Receive(buffer);
        if (n == 0) { client.Close(); return; }
        client.Send(buffer, 0, n, SocketFlags.None);
        client.ReceiveTimeout = 5000;
        try
        {
            while (client.Receive(buffer) > 0) { }
        }
        catch (SocketException) { }

        client.Close();
    }
}
