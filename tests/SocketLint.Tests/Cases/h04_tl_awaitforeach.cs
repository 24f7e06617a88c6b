using System.Net;
using System.Net.Sockets;

var s = new Socket(SocketType.Stream, ProtocolType.Tcp);
s.Connect(new IPEndPoint(IPAddress.Loopback, 80)); // expect: SL0004
await foreach (var x in Lines()) Console.WriteLine(x);

static async IAsyncEnumerable<int> Lines() { await Task.Yield(); yield return 1; }
