using System.Net.Sockets;

namespace SocketLint.Harness.SL0001;

/// <summary>Read loops that miss the peer's close: the socket stays in CLOSE_WAIT, or the loop spins on 0.</summary>
public static class Broken
{
    /// <summary>Echoes one client until it closes, then returns without closing: the socket stays in CLOSE_WAIT.</summary>
    public static void EchoOne(Socket listener)
    {
        Socket client = listener.Accept();
        var buffer = new byte[1024];
        while (true)
        {
            int n = client.Receive(buffer); // expect: SL0001
            if (n == 0) return;
            client.Send(buffer, 0, n, SocketFlags.None);
        }
    }

    /// <summary>Takes 0 for "nothing yet" and reads again: after the peer's close every receive returns at once.</summary>
    public static void EchoUntilCancelled(Socket listener, CancellationToken ct)
    {
        Socket client = listener.Accept();
        var buffer = new byte[1024];
        while (!ct.IsCancellationRequested)
        {
            int n = client.Receive(buffer); // expect: SL0001
            if (n == 0) continue;
            client.Send(buffer, 0, n, SocketFlags.None);
        }
    }

    /// <summary>Never compares the count with 0: after the peer's close, ReadAsync completes at once, forever.</summary>
    public static async Task<long> CountBytesAsync(TcpClient client, CancellationToken ct)
    {
        var stream = client.GetStream();
        var buffer = new byte[1024];
        long total = 0;
        while (!ct.IsCancellationRequested)
        {
            int n = await stream.ReadAsync(buffer, ct); // expect: SL0001
            total += n;
        }

        return total;
    }
}
