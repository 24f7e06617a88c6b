using System.Net;
using System.Net.Sockets;

namespace Peers;

// Blocking calls in async lambdas and anonymous methods.
internal static class AsyncLambdas
{
    public static Func<CancellationToken, Task> Acceptor(TcpListener listener, byte[] buf) => async ct =>
    {
        await Task.Yield();
        TcpClient client = listener.AcceptTcpClient(); // expect: SL0004
        NetworkStream stream = client.GetStream();
        int n = stream.Read(buf, 0, buf.Length); // expect: SL0004
        stream.Write(buf, 0, n); // expect: SL0004
        client.Close();
    };

    public static Func<CancellationToken, Task<int>> Receiver(Socket s, byte[] buf) => async delegate (CancellationToken ct)
    {
        await Task.Yield();
        int n = s.Receive(buf); // expect: SL0004
        return n + s.Send(buf, 0, n, SocketFlags.None); // expect: SL0004
    };

    public static async Task Handlers(Socket s, byte[] buf, CancellationToken ct)
    {
        Func<Task<int>> receive = async () =>
        {
            await Task.Yield();
            return s.Receive(buf, SocketFlags.None); // expect: SL0004
        };
        Func<Task<IPHostEntry>> resolve = async () => { await Task.Yield(); return Dns.GetHostEntry("localhost"); }; // expect: SL0004
        await receive();
        await resolve();
    }
}
