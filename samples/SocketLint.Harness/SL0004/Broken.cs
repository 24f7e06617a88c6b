using System.Net.Sockets;

namespace SocketLint.Harness.SL0004;

/// <summary>Blocking socket calls inside async handlers: each one holds a thread-pool thread while its peer is silent.</summary>
public static class Broken
{
    public static async Task AcceptLoopAsync(TcpListener listener, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            TcpClient client = listener.AcceptTcpClient(); // expect: SL0004
            _ = HandleAsync(client.Client, ct);
            await Task.Yield();
        }
    }

    /// <summary>Waits for the client's one-byte greeting, then reads its request.</summary>
    public static async Task<int> HandleAsync(Socket socket, CancellationToken ct)
    {
        await Task.Yield();
        var greeting = new byte[1];
        int n = socket.Receive(greeting); // expect: SL0004
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
        await Task.Yield();
        var buffer = new byte[1024];
        return stream.ReadAsync(buffer, 0, buffer.Length, ct).Result; // expect: SL0004
    }
}
