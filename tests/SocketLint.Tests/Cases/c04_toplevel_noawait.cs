using System.Net;
using System.Net.Sockets;

// top-level program without await: synchronous, not flagged
var listener = new TcpListener(IPAddress.Loopback, 5001);
listener.Start();
var client = listener.AcceptTcpClient();
var ns = client.GetStream();
var buf = new byte[16];
int n = ns.Read(buf, 0, buf.Length);
if (n == 0) client.Close();
Func<Task> later = async () => { await Task.Yield(); };
