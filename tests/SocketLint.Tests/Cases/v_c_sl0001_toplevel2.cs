// Round 2, blind: top-level statements (compiled as a console app). Synchronous only: no await.
using System.Net;
using System.Net.Sockets;
using System.Text;

var listener = new TcpListener(IPAddress.Loopback, 5055);
listener.Start();

// Negative: the accepted socket is served by a local function that closes it after the peer's FIN.
Serve(listener.AcceptSocket());

// Negative: ReadLine's null ends the loop; the using block then disposes the accepted client.
using (TcpClient lines = listener.AcceptTcpClient())
{
    var reader = new StreamReader(lines.GetStream());
    string? line;
    while ((line = reader.ReadLine()) != null) Console.WriteLine(line);
}

// Positive (in Drain): the count is thrown away in an endless loop.
Drain(listener.AcceptSocket());

// Positive: the accepted socket's zero is only printed; the loop receives 0 forever.
Socket last = listener.AcceptSocket();
var buf = new byte[256];
while (true)
{
    int n = last.Receive(buf); // expect: SL0001
    if (n == 0) Console.WriteLine("peer closed");
    else Console.Write(Encoding.ASCII.GetString(buf, 0, n));
}

static void Serve(Socket c)
{
    var b = new byte[128];
    int n;
    while ((n = c.Receive(b)) > 0) Console.WriteLine(n);
    c.Close();
}

static void Drain(Socket c)
{
    var b = new byte[64];
    for (;;) c.Receive(b); // expect: SL0001
}
