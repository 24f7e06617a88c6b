using System.Net.Sockets;

namespace SocketLint.Harness.SL0004;

/// <summary>The same handlers awaiting the async counterparts: no thread is held while a peer is silent.</summary>
public static class Fixed
{
    public static async Task AcceptLoopAsync(TcpListener listener, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            TcpClient client = await listener.AcceptTcpClientAsync(ct);
            _ = HandleAsync(client.Client, ct);
        }
    }

    public static async Task<int> HandleAsync(Socket socket, CancellationToken ct)
    {
        var greeting = new byte[1];
        int n = await socket.ReceiveAsync(greeting, ct);
        if (n == 0)
        {
            socket.Close();
            return 0;
        }

        using var stream = new NetworkStream(socket, ownsSocket: true);
        return await ReadAsync(stream, ct);
    }

    public static async Task<int> ReadAsync(NetworkStream stream, CancellationToken ct)
    {
        var buffer = new byte[1024];
        return await stream.ReadAsync(buffer, 0, buffer.Length, ct);
    }
}
