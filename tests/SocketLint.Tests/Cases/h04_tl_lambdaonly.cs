using System.Net;
using System.Net.Sockets;

// await only inside a lambda: the top-level program itself is synchronous
var s = new Socket(SocketType.Stream, ProtocolType.Tcp);
s.Connect(new IPEndPoint(IPAddress.Loopback, 80));
Func<Task> f = async () => { await Task.Delay(1); };
f().Wait();
