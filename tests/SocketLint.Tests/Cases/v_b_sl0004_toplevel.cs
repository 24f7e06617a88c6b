// SL0004 blind cases: top-level statements that await are async code (the compiler makes an async Main).
// This is the only file with top-level statements; it compiles as a console app.
// A line that ends in "// expect: ID" must get that diagnostic, starting on that line; no other line may get one.
using System.Net;
using System.Net.Sockets;
using System.Text;

var listener = new TcpListener(IPAddress.Loopback, 0);
listener.Start();
int port = ((IPEndPoint)listener.LocalEndpoint).Port;

// Fine: awaited accept in top-level code.
var warmup = listener.AcceptTcpClientAsync();
using (var probe = new TcpClient())
{
    await probe.ConnectAsync(IPAddress.Loopback, port);
}
TcpClient first = await warmup;
_ = UnseenB.SL0004.TopLevel.Handlers.EchoAsync(first);

// Bug: blocking accept in top-level code that awaits.
TcpClient second = listener.AcceptTcpClient(); // expect: SL0004
_ = UnseenB.SL0004.TopLevel.Handlers.EchoAsync(second);

// Bug: blocking Connect on a client socket in top-level code that awaits.
using var outbound = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
outbound.Connect(IPAddress.Loopback, port); // expect: SL0004

// Bug: blocking Send and Receive in top-level code.
outbound.Send(Encoding.ASCII.GetBytes("hello")); // expect: SL0004
var reply = new byte[64];
int got = outbound.Receive(reply); // expect: SL0004
if (got == 0) return;
Console.WriteLine(Encoding.ASCII.GetString(reply, 0, got));

// Bug: .Result on a socket task in top-level code.
TcpClient third = listener.AcceptTcpClientAsync().Result; // expect: SL0004
_ = UnseenB.SL0004.TopLevel.Handlers.EchoAsync(third);

// Bug: an async local function declared at top level that blocks.
await PingAsync(outbound);

// Fine: the blocking call is inside a synchronous local function (a sync helper).
int status = ReadStatus(outbound);
Console.WriteLine(status);

// Fine: offloaded synchronous delegate.
int sent = await Task.Run(() => outbound.Send(Encoding.ASCII.GetBytes("status?")));
Console.WriteLine(sent);

// Fine: awaited async counterparts.
await outbound.SendAsync(Encoding.ASCII.GetBytes("bye"), SocketFlags.None);
outbound.Shutdown(SocketShutdown.Send);
listener.Stop();

async Task PingAsync(Socket s)
{
    await Task.Yield();
    s.Send(Encoding.ASCII.GetBytes("PING")); // expect: SL0004
}

int ReadStatus(Socket s)
{
    var one = new byte[1];
    return s.Receive(one) == 0 ? -1 : one[0];
}

namespace UnseenB.SL0004.TopLevel
{
    static class Handlers
    {
        // Fine: fully async echo; closes only after the client's close.
        public static async Task EchoAsync(TcpClient client)
        {
            var stream = client.GetStream();
            var buf = new byte[1024];
            int n;
            while ((n = await stream.ReadAsync(buf)) > 0)
                await stream.WriteAsync(buf.AsMemory(0, n));
            client.Dispose();
        }

        // Fine: synchronous helper in a class of the console app.
        public static void SendSync(Socket s, byte[] data) => s.Send(data);
    }
}
