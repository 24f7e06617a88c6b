using System.Net;
using System.Net.Sockets;

namespace Peers;

// Blocking calls in async local functions, inside a synchronous and inside an async method.
internal static class AsyncLocalFunctions
{
    public static Task StartServer(TcpListener listener, byte[] buf, CancellationToken ct)
    {
        return ServeAsync();

        async Task ServeAsync()
        {
            await Task.Yield();
            Socket socket = listener.AcceptSocket(); // expect: SL0004
            int n = socket.Receive(buf); // expect: SL0004
            socket.Send(buf, 0, n, SocketFlags.None); // expect: SL0004
            socket.Close();
        }
    }

    public static async Task<int> Relay(Socket from, NetworkStream to, byte[] buf, CancellationToken ct)
    {
        return await PumpAsync();

        async Task<int> PumpAsync()
        {
            await Task.Yield();
            int n = from.Receive(buf, 0, buf.Length, SocketFlags.None); // expect: SL0004
            to.Write(buf, 0, n); // expect: SL0004
            return n;
        }
    }
}
