using System.Net;
using System.Net.Sockets;

// top-level program whose only await is 'await using': async Main
await using var ns = new NetworkStream(new Socket(SocketType.Stream, ProtocolType.Tcp), true);
var buf = new byte[8];
int n = ns.Read(buf, 0, buf.Length); // expect: SL0004
if (n == 0) ns.Close();
