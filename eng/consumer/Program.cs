using System.Net;
using System.Net.Sockets;

// A consumer of the SocketLint package: lines ending in "// expect: SLdddd" must be flagged, nothing else.
var listener = new TcpListener(IPAddress.Loopback, 0);
listener.Start();
await Server.AcceptLoopAsync(listener, CancellationToken.None);

static class Server
{
    public static async Task AcceptLoopAsync(TcpListener listener, CancellationToken ct)
    {
        TcpClient client = listener.AcceptTcpClient(); // expect: SL0004
        await HandleAsync(client.Client, ct);
    }

    public static async Task<int> HandleAsync(Socket socket, CancellationToken ct)
    {
        await Task.Yield();
        var buffer = new byte[1024];
        int n = socket.Receive(buffer); // expect: SL0004
        if (n == 0)
            socket.Close();
        return n;
    }

    public static void Pump(Socket socket)
    {
        var buffer = new byte[1024];
        while (true)
        {
            int n = socket.Receive(buffer); // expect: SL0001
            if (n == 0) continue;
        }
    }

    public static void ServeOnce(TcpListener listener)
    {
        Socket client = listener.AcceptSocket();
        var buffer = new byte[64];
        int n = client.Receive(buffer);
        if (n == 0) { client.Close(); return; }
        client.Send(buffer, 0, n, SocketFlags.None);
        client.Close(); // expect: SL0003
    }

    public static void Broadcast(List<Socket> clients, byte[] message)
    {
        foreach (var c in clients)
        {
            try { c.Send(message); }
            catch (SocketException) { } // expect: SL0002
        }
    }

    // Synchronous code may block; an offloaded delegate runs elsewhere.
    public static async Task<Socket> OffloadedAsync(TcpListener listener) => await Task.Run(() => listener.AcceptSocket());
}
