using System.Net;
using System.Net.Security;
using System.Net.Sockets;

namespace Peers;

// Every blocking member family SL0004 handles, in async methods. A CancellationToken named ct is in scope
// everywhere, so the fix comparison can see whether a fix passes it.
internal static class AsyncMethods
{
    public static async Task SocketCalls(Socket s, EndPoint ep, byte[] buf, CancellationToken ct)
    {
        await Task.Yield();
        Socket accepted = s.Accept(); // expect: SL0004
        s.Connect(ep); // expect: SL0004
        s.Connect("localhost", 80); // expect: SL0004
        int n = s.Receive(buf); // expect: SL0004
        n = s.Receive(buf, SocketFlags.None); // expect: SL0004
        n = s.Receive(buf, 0, buf.Length, SocketFlags.None); // expect: SL0004
        n = s.Receive(buf.AsSpan()); // expect: SL0004
        n = s.Send(buf); // expect: SL0004
        n = s.Send(buf, 0, n, SocketFlags.None); // expect: SL0004
        n = s.Send(new ArraySegment<byte>[] { new(buf) }); // expect: SL0004
        n = s.ReceiveFrom(buf, ref ep); // expect: SL0004
        n = s.SendTo(buf, ep); // expect: SL0004
        s.SendFile("payload.bin"); // expect: SL0004
        bool readable = s.Poll(1000, SelectMode.SelectRead); // expect: SL0004
        readable |= s.Poll(0, SelectMode.SelectRead); // negative: a zero timeout only looks
        s.Disconnect(true); // expect: SL0004
        accepted.Close();
    }

    public static async Task<TcpClient> ListenerCalls(TcpListener listener, CancellationToken ct)
    {
        await Task.Yield();
        Socket socket = listener.AcceptSocket(); // expect: SL0004
        socket.Close();
        return listener.AcceptTcpClient(); // expect: SL0004
    }

    public static async Task ClientCalls(TcpClient client, IPEndPoint ep, CancellationToken ct)
    {
        await Task.Yield();
        client.Connect("localhost", 80); // expect: SL0004
        client.Connect(ep); // expect: SL0004
        client.Connect(IPAddress.Loopback, 80); // expect: SL0004
        var connected = new TcpClient("localhost", 80); // expect: SL0004
        connected.Close();
    }

    public static async Task<int> StreamCalls(NetworkStream stream, byte[] buf, Stream destination, CancellationToken ct)
    {
        await Task.Yield();
        int n = stream.Read(buf, 0, buf.Length); // expect: SL0004
        n += stream.Read(buf.AsSpan()); // expect: SL0004
        n += stream.ReadByte(); // expect: SL0004
        stream.ReadExactly(buf); // expect: SL0004
        stream.Write(buf, 0, n); // expect: SL0004
        stream.Write(buf.AsSpan(0, n)); // expect: SL0004
        stream.CopyTo(destination); // expect: SL0004
        return n;
    }

    public static async Task<int> UdpDnsTlsCalls(UdpClient udp, SslStream ssl, byte[] buf, CancellationToken ct)
    {
        await Task.Yield();
        IPEndPoint? remote = null;
        byte[] data = udp.Receive(ref remote); // expect: SL0004
        int sent = udp.Send(buf, buf.Length); // expect: SL0004
        IPHostEntry entry = Dns.GetHostEntry("localhost"); // expect: SL0004
        ssl.AuthenticateAsClient("example.test"); // expect: SL0004
        return data.Length + sent + entry.AddressList.Length;
    }

    public static async Task<int> SyncWaitsOnSocketTasks(Socket s, TcpListener listener, EndPoint ep, byte[] buf, CancellationToken ct)
    {
        await Task.Yield();
        int n = s.ReceiveAsync(buf, SocketFlags.None).Result; // expect: SL0004
        s.ConnectAsync(ep).Wait(); // expect: SL0004
        TcpClient client = listener.AcceptTcpClientAsync().GetAwaiter().GetResult(); // expect: SL0004
        client.Close();
        return n;
    }

    // Beyond SL0004's scope (see its Known limits): blocking network calls through a variable typed Stream or
    // SslStream. They do block on the socket, so they are marked; SL0004 is expected to miss them.
    public static async Task<int> NetworkStreamBehindOtherTypes(TcpClient client, SslStream ssl, byte[] buf, CancellationToken ct)
    {
        await Task.Yield();
        Stream stream = client.GetStream();
        int n = stream.Read(buf, 0, buf.Length); // expect: SL0004
        n += ssl.Read(buf, 0, buf.Length); // expect: SL0004
        return n;
    }
}
