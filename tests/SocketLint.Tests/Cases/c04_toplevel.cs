using System.Net;
using System.Net.Sockets;

var listener = new TcpListener(IPAddress.Loopback, 5000);
listener.Start();
using var cts = new CancellationTokenSource();
var token = cts.Token;
var client = listener.AcceptTcpClient(); // expect: SL0004
var ns = client.GetStream();
var buf = new byte[1024];
int n = ns.Read(buf, 0, buf.Length); // expect: SL0004
if (n == 0) { client.Close(); return; }
await ns.WriteAsync(buf.AsMemory(0, n), token);

static int Helper(Socket s, byte[] b) => s.Receive(b);

async Task LocalAsync(Socket s, byte[] b)
{
    int k = s.Receive(b); // expect: SL0004
    if (k == 0) s.Close();
    await Task.Yield();
}
