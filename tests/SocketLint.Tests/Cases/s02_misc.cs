using System.Net.Sockets;

namespace Probe.S02;

class Misc
{
    void BareAfterClose(Socket s, byte[] m)
    {
        try { s.Send(m); }
        catch (SocketException) { s.Close(); }
        catch { }
    }

    void Comments(List<Socket> peers, byte[] m)
    {
        foreach (var p in peers)
        {
            try { p.Send(m); }
            catch (SocketException) { /* ignore: peer gone */ } // expect: SL0002
        }
    }

    void Comments2(Socket s, Queue<byte[]> q)
    {
        while (q.Count > 0)
        {
            try
            {
                s.Send(q.Dequeue());
            }
            catch (SocketException) // expect: SL0002
            {
                // the peer went away; we'll notice on the next receive
                continue;
            }
        }
    }

    void OutOfLoopSingleStmt(List<Socket> peers, byte[] m)
    {
        foreach (var p in peers)
            p.Send(m, 0, m.Length, SocketFlags.None, out _); // expect: SL0002
    }

    int ReturnsValue(Socket s, byte[] m)
    {
        s.Send(m, 0, m.Length, SocketFlags.None, out var err); // expect: SL0002
        return m.Length;
    }
}
