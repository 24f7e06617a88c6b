using System.Net.Sockets;
async Task X(Socket s, byte[] b)
{
    s.Send(b
    await
}
try { new Socket(SocketType.Stream, ProtocolType.Tcp).Send(new byte[1]); }
catch (SocketException) { continue; }
