// SL0004, round 3 (set F): a top-level program that uses await is async code, so blocking socket
// calls in its statements count; its synchronous local functions and thread bodies do not.
// A line that ends in "// expect: ID" must get that diagnostic, starting on that line; no other line may get one.
using System;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

var listener = new TcpListener(IPAddress.Loopback, 0);
listener.Start();
int port = ((IPEndPoint)listener.LocalEndpoint).Port;

using var probe = new TcpClient();
probe.NoDelay = true;
Task connecting = probe.ConnectAsync(IPAddress.Loopback, port);
TcpClient accepted = listener.AcceptTcpClient(); // expect: SL0004
await connecting;
Task serving = EchoAsync(accepted);

NetworkStream ps = probe.GetStream();
ps.Write(Encoding.ASCII.GetBytes("ping\n")); // expect: SL0004
var buf = new byte[64];
int n = await ps.ReadAsync(buf);
if (n == 0) { Console.WriteLine("server hung up"); return; }
Console.WriteLine(Encoding.ASCII.GetString(buf, 0, n));

Task<int> second = ps.ReadAsync(buf, 0, buf.Length);
await ps.WriteAsync(Encoding.ASCII.GetBytes("again\n"));
int m = second.Result; // expect: SL0004
if (m == 0) { Console.WriteLine("server hung up"); return; }
Console.WriteLine($"pending after echo: {probe.Available}, data available: {ps.DataAvailable}");

var health = new Thread(() => BlockingHealthCheck(port)) { IsBackground = true };
health.Start();

probe.Client.Shutdown(SocketShutdown.Send);
while (ps.Read(buf, 0, buf.Length) > 0) { } // expect: SL0004
await serving;
listener.Stop();

// Async local function: echoes until the probe closes, then closes the accepted connection.
static async Task EchoAsync(TcpClient c)
{
    NetworkStream s = c.GetStream();
    var b = new byte[1024];
    int r;
    while ((r = await s.ReadAsync(b)) > 0)
        await s.WriteAsync(b.AsMemory(0, r));
    c.Close();
}

// Synchronous local function run on its own thread: not async code, blocking is fine here.
static void BlockingHealthCheck(int port)
{
    using var c = new TcpClient("127.0.0.1", port);
    NetworkStream s = c.GetStream();
    s.Write(Encoding.ASCII.GetBytes("health\n"));
    var b = new byte[64];
    int r = s.Read(b, 0, b.Length);
    Console.WriteLine(r == 0 ? "health: closed" : "health: " + Encoding.ASCII.GetString(b, 0, r));
}
