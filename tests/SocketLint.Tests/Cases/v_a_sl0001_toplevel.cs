// SL0001 cases in a top-level-statements program (synchronous Main: no await here).
using System.Net;
using System.Net.Sockets;
using System.Text;

var listener = new TcpListener(IPAddress.Loopback, 5050);
listener.Start();

// OK: owned client disposed by the using statement after the read loop ends on 0.
using (TcpClient first = listener.AcceptTcpClient())
{
    var ns = first.GetStream();
    var buffer = new byte[1024];
    int read;
    while ((read = ns.Read(buffer, 0, buffer.Length)) > 0)
        Console.Write(Encoding.UTF8.GetString(buffer, 0, read));
}

// BUG: owned accepted client; the count is printed but never compared with 0, so the loop spins at EOF.
TcpClient second = listener.AcceptTcpClient();
var stream2 = second.GetStream();
var buf2 = new byte[1024];
for (int i = 0; i < 1000; i++)
{
    int n2 = stream2.Read(buf2, 0, buf2.Length); // expect: SL0001
    Console.Write(Encoding.UTF8.GetString(buf2, 0, n2));
}

ChatLoop(listener.AcceptTcpClient());
Relay(listener.AcceptSocket());
listener.Stop();

// BUG: local function reading lines; null is never compared (only "quit" ends the loop), so it spins at EOF and the client is never closed.
void ChatLoop(TcpClient c)
{
    var reader = new StreamReader(c.GetStream());
    while (true)
    {
        string? line = reader.ReadLine(); // expect: SL0001
        Console.WriteLine($"> {line}");
        if (line == "quit") break;
    }
}

// OK: local function; zero closes the socket and leaves.
void Relay(Socket s)
{
    var buf = new byte[1024];
    while (true)
    {
        int n = s.Receive(buf);
        if (n == 0) { s.Close(); break; }
        Console.Write(Encoding.ASCII.GetString(buf, 0, n));
    }
}

namespace Unseen.A.SL0001.TopLevel
{
    static class Framing
    {
        // OK: helper type in the same file; the count is returned to the caller.
        public static int ReadSome(Socket s, byte[] buf) => s.Receive(buf);
    }
}
