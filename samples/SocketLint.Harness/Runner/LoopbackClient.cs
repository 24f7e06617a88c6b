using System.Net.Sockets;

namespace SocketLint.Harness.Runner;

/// <summary>The well-behaved client every scenario uses: it reads what it expects, or to the server's close, then closes.</summary>
public static class LoopbackClient
{
    /// <summary>
    /// Connects to 127.0.0.1:<paramref name="port"/>, sends <paramref name="request"/>, reads up to
    /// <paramref name="responseLength"/> bytes (fewer if the server closes), and closes. Returns the bytes read and
    /// the client's own port, by which the scenario finds this connection in the TCP table.
    /// </summary>
    public static async Task<(int Received, int LocalPort)> ExchangeAsync(int port, byte[] request, int responseLength, CancellationToken ct)
    {
        using var socket = Loopback.NewSocket();
        await socket.ConnectAsync(Loopback.EndPoint(port), ct);
        int localPort = Loopback.PortOf(socket);
        await socket.SendAsync(request, SocketFlags.None, ct);
        var buffer = new byte[Math.Max(1, responseLength)];
        int received = 0;
        while (received < responseLength)
        {
            int n = await socket.ReceiveAsync(buffer.AsMemory(received), SocketFlags.None, ct);
            if (n == 0)
                break;
            received += n;
        }

        return (received, localPort);
    }

    /// <summary>Reads and drops whatever has already arrived, so that a close sends FIN rather than RST.</summary>
    public static void DiscardAvailable(Socket socket)
    {
        var buffer = new byte[4096];
        for (int round = 0; round < 1024 && socket.Available > 0; round++)
        {
            int n = socket.Receive(buffer);
            if (n == 0)
                break;
        }
    }

    /// <summary>Reads until <paramref name="expected"/> bytes arrived, the peer closed, or the timeout passed; returns the count.</summary>
    public static int ReadUpTo(Socket socket, int expected, TimeSpan timeout)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var buffer = new byte[4096];
        int received = 0;
        try
        {
            while (received < expected && clock.Elapsed < timeout)
            {
                socket.ReceiveTimeout = Math.Max(1, (int)(timeout - clock.Elapsed).TotalMilliseconds);
                int n = socket.Receive(buffer, 0, Math.Min(buffer.Length, expected - received), SocketFlags.None);
                if (n == 0)
                    break;
                received += n;
            }
        }
        catch (SocketException)
        {
            // Timed out or reset: what arrived so far is the answer.
        }

        return received;
    }
}
