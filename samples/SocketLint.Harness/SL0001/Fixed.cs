using System.Net.Sockets;

namespace SocketLint.Harness.SL0001;

/// <summary>The peer's close (a receive of 0) ends the loop; the owner closes the socket.</summary>
public static class Fixed
{
    public static void EchoOne(Socket listener)
    {
        Socket client = listener.Accept();
        var buffer = new byte[1024];
        while (true)
        {
            int n = client.Receive(buffer);
            if (n == 0)
            {
                client.Close();
                return;
            }

            client.Send(buffer, 0, n, SocketFlags.None);
        }
    }

    public static void EchoUntilCancelled(Socket listener, CancellationToken ct)
    {
        Socket client = listener.Accept();
        var buffer = new byte[1024];
        while (!ct.IsCancellationRequested)
        {
            int n = client.Receive(buffer);
            if (n == 0)
            {
                client.Close();
                return;
            }

            client.Send(buffer, 0, n, SocketFlags.None);
        }
    }

    public static async Task<long> CountBytesAsync(TcpClient client, CancellationToken ct)
    {
        var stream = client.GetStream();
        var buffer = new byte[1024];
        long total = 0;
        while (!ct.IsCancellationRequested)
        {
            int n = await stream.ReadAsync(buffer, ct);
            if (n == 0)
                break;
            total += n;
        }

        return total;
    }
}
