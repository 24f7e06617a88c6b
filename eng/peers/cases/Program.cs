using System.Net;
using System.Net.Sockets;

// Top-level statements that await: the synthesized Main is async, so these calls block a pool thread.
// Lines ending in the expect marker are blocking socket calls in async code.
using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
CancellationToken ct = cts.Token;
var listener = new TcpListener(IPAddress.Loopback, 0);
listener.Start();
int port = ((IPEndPoint)listener.LocalEndpoint).Port;
var client = new TcpClient("localhost", port); // expect: SL0004
Socket server = listener.AcceptSocket(); // expect: SL0004
byte[] buffer = new byte[16];
client.GetStream().Write(buffer, 0, 4); // expect: SL0004
int read = server.Receive(buffer); // expect: SL0004
IPAddress[] addresses = Dns.GetHostAddresses("localhost"); // expect: SL0004
await Task.Yield();
await ServeOneAsync(listener);
Console.WriteLine($"{read} {addresses.Length}");
client.Close();
server.Close();

// begin: local function of the top-level program
async Task ServeOneAsync(TcpListener l)
{
    await Task.Yield();
    TcpClient next = l.AcceptTcpClient(); // expect: SL0004
    NetworkStream stream = next.GetStream();
    int n = stream.Read(buffer, 0, buffer.Length); // expect: SL0004
    next.Client.Send(buffer, 0, n, SocketFlags.None); // expect: SL0004
    next.Close();
}
// end: local function of the top-level program
