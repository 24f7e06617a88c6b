using System.Net.Sockets;
class H1
{
    async Task A(Socket s, byte[] b)
    {
        await Task.Yield();
        s.Receive(
    }
    void B(Socket s, byte[] b)
    {
        try { s.Send(b); }
        catch (SocketException
    }
    void C(Socket s, byte[] b)
    {
        try { s.Send(b, 0, b.Length, SocketFlags.None, out ); }
        catch { }
    }
    async Task D(Socket s)
    {
        var t = s.ReceiveAsync(;
        t.Result
    }
}
