using System.Net;
using System.Net.Sockets;

namespace Peers;

// Nothing here should be flagged: synchronous delegates that async code hands to another thread, results of
// tasks that have already completed, and synchronous methods.
internal static class Negatives
{
    public static async Task<int> SyncDelegatesInAsyncCode(TcpListener listener, Socket s, byte[] buf)
    {
        Socket accepted = await Task.Run(() => listener.AcceptSocket()); // negative: runs on its own thread
        int n = await Task.Run(() => s.Receive(buf)); // negative: sync lambda
        await Task.Factory.StartNew(() => s.Send(buf), TaskCreationOptions.LongRunning); // negative: dedicated thread
        Thread reader = new(() => accepted.Receive(buf)); // negative: a thread of its own
        reader.Start();
        return n;
    }

    public static async Task<int> ResultOfAwaitedTask(Socket s, byte[] buf, CancellationToken ct)
    {
        Task<int> receive = s.ReceiveAsync(buf, SocketFlags.None);
        await receive;
        return receive.Result; // negative: already awaited
    }

    public static async Task<int> ResultsAfterWhenAll(Socket a, Socket b, byte[] buf)
    {
        Task<int> first = a.ReceiveAsync(buf, SocketFlags.None);
        Task<int> second = b.ReceiveAsync(buf, SocketFlags.None);
        await Task.WhenAll(first, second);
        return first.Result + second.Result; // negative: both completed
    }

    public static async Task<int> ResultAfterIsCompleted(TcpListener listener)
    {
        Task<TcpClient> accept = listener.AcceptTcpClientAsync();
        await Task.Yield();
        if (accept.IsCompleted)
            return accept.Result.Available; // negative: checked complete
        return 0;
    }

    public static int SyncMethod(Socket s, byte[] buf) => s.Receive(buf); // negative: synchronous method

    public static void SyncAcceptLoop(TcpListener listener, byte[] buf)
    {
        TcpClient client = listener.AcceptTcpClient(); // negative: synchronous method
        client.GetStream().Write(buf, 0, buf.Length); // negative: synchronous method
        client.Close();
    }

    public static async Task AwaitedCalls(Socket s, NetworkStream stream, byte[] buf, CancellationToken ct)
    {
        int n = await s.ReceiveAsync(buf, SocketFlags.None, ct); // negative: awaited
        await stream.WriteAsync(buf.AsMemory(0, n), ct); // negative: awaited
    }
}
