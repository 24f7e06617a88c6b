using System.Net.Sockets;

namespace SocketLint.Samples.SL0001;

/// <summary>Read loops that miss the peer's close: the socket stays in CLOSE_WAIT, or the loop spins on 0.</summary>
public static class Broken
{
    public static void EchoIgnoringZero(Socket listener)
    {
        Socket client = listener.Accept();
        var buffer = new byte[1024];
        while (true)
        {
            int n = client.Receive(buffer); // expect: SL0001
            if (n == 0) continue;
            client.Send(buffer, 0, n, SocketFlags.None);
        }
    }

    public static async Task CountBytesAsync(TcpClient client, CancellationToken ct)
    {
        var stream = client.GetStream();
        var buffer = new byte[1024];
        long total = 0;
        while (!ct.IsCancellationRequested)
        {
            int n = await stream.ReadAsync(buffer, ct); // expect: SL0001
            total += n;
        }
    }
}
