using System.Net;
using System.Net.Sockets;
using System.Net.Security;

namespace Probe.J02;

class Flow
{
    // 63: return inside a lambda in the catch does not leave
    void F63(Socket s, Queue<byte[]> q)
    {
        while (q.Count > 0)
        {
            try { s.Send(q.Dequeue()); }
            catch (SocketException e) { Log(() => { return e.Message; }); } // expect: SL0002
        }
    }
    static void Log(Func<string> f) => Console.WriteLine(f());

    // 64: break inside a switch in the catch only exits the switch
    void F64(Socket s, Queue<byte[]> q)
    {
        while (q.Count > 0)
        {
            try { s.Send(q.Dequeue()); }
            catch (SocketException e) // expect: SL0002
            {
                switch (e.SocketErrorCode)
                {
                    case SocketError.ConnectionReset: Console.WriteLine("reset"); break;
                    default: Console.WriteLine("other"); break;
                }
            }
        }
    }

    // 65: break inside a nested loop in the catch
    void F65(Socket s, Queue<byte[]> q, List<string> log)
    {
        while (q.Count > 0)
        {
            try { s.Send(q.Dequeue()); }
            catch (SocketException) // expect: SL0002
            {
                for (int i = 0; i < log.Count; i++) { if (log[i] == "x") break; }
            }
        }
    }

    // 66: throw inside a lambda in the catch does not throw
    void F66(Socket s, Queue<byte[]> q)
    {
        while (q.Count > 0)
        {
            try { s.Send(q.Dequeue()); }
            catch (SocketException e) { Action a = () => throw new IOException("x", e); } // expect: SL0002
        }
    }

    // 67: close only on one error code
    void F67(Socket s, Queue<byte[]> q)
    {
        while (q.Count > 0)
        {
            try { s.Send(q.Dequeue()); }
            catch (SocketException e) { if (e.SocketErrorCode == SocketError.ConnectionReset) s.Close(); } // expect: SL0002
        }
    }

    // 68: using of an unrelated resource ends after the catch
    void F68(Socket s, byte[] m)
    {
        using var lease = new MemoryStream();
        try { s.Send(m); }
        catch (SocketException) { } // expect: SL0002
    }

    // 69: first catch closes socket, later catch (Exception) takes other failures only
    void F69(Socket s, byte[] m)
    {
        try { s.Send(m); }
        catch (SocketException) { s.Close(); }
        catch (Exception e) { Console.WriteLine(e); }
    }

    // 70: first IOException closes, then catch (Exception)
    void F70(NetworkStream ns, byte[] m)
    {
        try { ns.Write(m, 0, m.Length); }
        catch (IOException) { ns.Close(); }
        catch (Exception e) { Console.WriteLine(e); }
    }

    // 71: WouldBlock filtered first, then unfiltered swallow
    void F71(Socket s, Queue<byte[]> q)
    {
        while (q.Count > 0)
        {
            try { s.Send(q.Peek()); q.Dequeue(); }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.WouldBlock) { Thread.Sleep(1); }
            catch (SocketException) { } // expect: SL0002
        }
    }

    // 72: Stream local of declared type Stream from GetStream
    void F72(TcpClient c, IEnumerable<byte[]> frames)
    {
        Stream stream = c.GetStream();
        foreach (var f in frames)
        {
            try { stream.Write(f, 0, f.Length); }
            catch (IOException) { } // expect: SL0002
        }
    }

    // 73: conditional TLS stream
    async Task F73(TcpClient c, bool tls, IEnumerable<byte[]> frames)
    {
        Stream stream = tls ? new SslStream(c.GetStream()) : c.GetStream();
        foreach (var f in frames)
        {
            try { await stream.WriteAsync(f); }
            catch (IOException) { } // expect: SL0002
        }
    }

    // 74: out SocketError in broadcast loop, never read
    void F74(List<Socket> peers, byte[] m)
    {
        foreach (var p in peers)
            p.Send(m, 0, m.Length, SocketFlags.None, out SocketError err); // expect: SL0002
    }

    // 75: a local function in catch that returns
    void F75(Socket s, Queue<byte[]> q)
    {
        while (q.Count > 0)
        {
            try { s.Send(q.Dequeue()); }
            catch (SocketException) // expect: SL0002
            {
                static int Code() { return 1; }
                Console.WriteLine(Code());
            }
        }
    }

    // 76: catch with `when (Log(e))` that returns false (never catches) - other filter: flagged by design
    // 77: catch and a 'continue' in a nested loop inside the catch, then falls through
    void F77(Socket s, Queue<byte[]> q, int[] xs)
    {
        while (q.Count > 0)
        {
            try { s.Send(q.Dequeue()); }
            catch (SocketException) // expect: SL0002
            {
                foreach (var x in xs) { if (x == 0) continue; Console.WriteLine(x); }
            }
        }
    }
}
