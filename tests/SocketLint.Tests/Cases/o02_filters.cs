using System.Net;
using System.Net.Sockets;
using System.Net.Security;

namespace Probe.O02;

class Filters
{
    void A(Socket s, Queue<byte[]> q)
    {
        while (q.Count > 0)
        {
            try { s.Send(q.Dequeue()); }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.TimedOut || e.SocketErrorCode == SocketError.WouldBlock) { }
        }
    }

    void B(Socket s, Queue<byte[]> q)
    {
        while (q.Count > 0)
        {
            try { s.Send(q.Dequeue()); }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.ConnectionAborted) { } // expect: SL0002
        }
    }

    void C(Socket s, Queue<byte[]> q)
    {
        while (q.Count > 0)
        {
            try { s.Send(q.Dequeue()); }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.OperationAborted) { }
        }
    }

    void D(Socket s, Queue<byte[]> q)
    {
        while (q.Count > 0)
        {
            try { s.Send(q.Dequeue()); }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.Shutdown) { } // expect: SL0002
        }
    }

    // SslStream over a NetworkStream over a raw socket
    void E(Socket sock, Queue<byte[]> q)
    {
        var ssl = new SslStream(new NetworkStream(sock, ownsSocket: true));
        while (q.Count > 0)
        {
            try { ssl.Write(q.Dequeue()); }
            catch (IOException) { } // expect: SL0002
        }
    }

    // BufferedStream over a local NetworkStream
    void F(Socket sock, Queue<byte[]> q)
    {
        var ns = new NetworkStream(sock);
        using var bs = new BufferedStream(ns, 8192);
        while (q.Count > 0)
        {
            try { var m = q.Dequeue(); bs.Write(m, 0, m.Length); bs.Flush(); }
            catch (IOException) { } // expect: SL0002
        }
    }

    // pattern with 'not'
    void G(Socket s, Queue<byte[]> q)
    {
        while (q.Count > 0)
        {
            try { s.Send(q.Dequeue()); }
            catch (SocketException e) when (e.SocketErrorCode is not SocketError.ConnectionReset) { } // expect: SL0002
        }
    }

    // error code via ErrorCode int (other filter: flagged by design)
    void H(Socket s, Queue<byte[]> q)
    {
        while (q.Count > 0)
        {
            try { s.Send(q.Dequeue()); }
            catch (SocketException e) when (e.ErrorCode == 10035) { } // expect: SL0002
        }
    }
}
