using System.Net;
using System.Net.Sockets;
using System.Net.Security;
using System.Text;

namespace Probe.A02;

class ChatServer
{
    readonly List<Socket> clients = new();
    readonly List<TcpClient> tcpClients = new();
    readonly object gate = new();

    // 1: catch (Exception) with logging in a broadcast loop
    void Broadcast1(byte[] msg)
    {
        foreach (var c in clients)
        {
            try { c.Send(msg); }
            catch (Exception ex) { Console.WriteLine("send failed: " + ex.Message); } // expect: SL0002
        }
    }

    // 2: catch then continue
    void Broadcast2(byte[] msg)
    {
        foreach (var c in clients)
        {
            try { c.Send(msg); }
            catch (SocketException) { continue; } // expect: SL0002
            Console.WriteLine("sent");
        }
    }

    // 3: catch then break (leaves loop) -- not flagged
    void SendQueue(Socket s, Queue<byte[]> q)
    {
        while (q.Count > 0)
        {
            try { s.Send(q.Dequeue()); }
            catch (SocketException) { break; }
        }
    }

    // 4: catch then remove from list only, falls through: flagged
    void Broadcast4(byte[] msg)
    {
        foreach (var c in clients.ToList())
        {
            try { c.Send(msg); }
            catch (SocketException) { clients.Remove(c); } // expect: SL0002
        }
    }

    // 5: catch then dispose
    void Broadcast5(byte[] msg)
    {
        foreach (var c in clients.ToList())
        {
            try { c.Send(msg); }
            catch (SocketException) { c.Dispose(); clients.Remove(c); }
        }
    }

    // 6: when filter WouldBlock only -> not flagged
    void SendNonBlocking(Socket s, byte[] msg)
    {
        try { s.Send(msg); }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.WouldBlock) { }
    }

    // 7: when filter ConnectionReset -> flagged
    void SendReset(Socket s, byte[] msg)
    {
        try { s.Send(msg); }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset) { Console.WriteLine("reset"); } // expect: SL0002
    }

    // 8: nested try, inner catch swallows
    void Nested(Socket s, byte[] msg)
    {
        try
        {
            try { s.Send(msg); }
            catch (SocketException) { Console.WriteLine("inner"); } // expect: SL0002
            s.Send(msg);
        }
        catch (SocketException) { s.Close(); }
    }

    // 9: SocketError discarded with out _
    void Heartbeat(Socket s)
    {
        s.Send(new byte[] { 0 }, 0, 1, SocketFlags.None, out _); // expect: SL0002
    }

    // 10: SocketError checked via switch
    void Heartbeat2(Socket s)
    {
        s.Send(new byte[] { 0 }, 0, 1, SocketFlags.None, out SocketError err);
        switch (err)
        {
            case SocketError.Success: break;
            default: s.Close(); break;
        }
    }

    // 11: SendAsync with ConfigureAwait swallowed
    async Task PushAsync(Socket s, byte[] msg, CancellationToken ct)
    {
        for (int i = 0; i < 10; i++)
        {
            try { await s.SendAsync(msg, SocketFlags.None, ct).ConfigureAwait(false); }
            catch (SocketException ex) { Console.Error.WriteLine(ex); } // expect: SL0002
        }
    }

    // 12: SendAsync; catch OperationCanceledException only -> fine
    async Task PushAsync2(Socket s, byte[] msg, CancellationToken ct)
    {
        try { await s.SendAsync(msg, SocketFlags.None, ct).ConfigureAwait(false); }
        catch (OperationCanceledException) { }
    }

    // 13: NetworkStream write, catch IOException, return
    bool TryWrite(TcpClient c, byte[] data)
    {
        try { c.GetStream().Write(data, 0, data.Length); return true; }
        catch (IOException) { return false; }
    }

    // 14: SslStream write swallowed in loop
    async Task SslLoop(SslStream ssl, IEnumerable<string> lines)
    {
        foreach (var line in lines)
        {
            try { await ssl.WriteAsync(Encoding.UTF8.GetBytes(line)); }
            catch (IOException) { } // expect: SL0002
        }
    }

    // 15: BufferedStream over NetworkStream
    void Buffered(TcpClient c, byte[] data)
    {
        var bs = new BufferedStream(c.GetStream());
        while (true)
        {
            try { bs.Write(data, 0, data.Length); bs.Flush(); }
            catch (IOException) { } // expect: SL0002
        }
    }

    // 16: StreamWriter over network stream
    void Writer(TcpClient c)
    {
        var w = new StreamWriter(c.GetStream());
        for (int i = 0; i < 3; i++)
        {
            try { w.WriteLine("ping"); w.Flush(); }
            catch (IOException) { Console.WriteLine("oops"); } // expect: SL0002
        }
    }

    // 17: catch then lock and remove, then close after
    void Broadcast17(byte[] msg)
    {
        Socket[] snapshot;
        lock (gate) snapshot = clients.ToArray();
        foreach (var c in snapshot)
        {
            try { c.Send(msg); }
            catch (SocketException)
            {
                lock (gate) clients.Remove(c);
                c.Close();
            }
        }
    }

    // 18: catch sets flag, return after try: leaves
    bool SendOnce(Socket s, byte[] msg)
    {
        bool ok = true;
        try { s.Send(msg); }
        catch (SocketException) { ok = false; }
        return ok;
    }

    // 19: catch with if/else: one branch closes, other logs (flag)
    void Branchy(Socket s, byte[] msg, bool verbose)
    {
        while (true)
        {
            try { s.Send(msg); }
            catch (SocketException e) // expect: SL0002
            {
                if (e.SocketErrorCode == SocketError.ConnectionReset) { s.Close(); return; }
                else Console.WriteLine(e);
            }
        }
    }

    // 20: using var, catch falls to end of using -> disposed
    void UsingVar(EndPoint ep, byte[] msg)
    {
        using var s = new Socket(SocketType.Stream, ProtocolType.Tcp);
        s.Connect(ep);
        try { s.Send(msg); }
        catch (SocketException) { Console.WriteLine("failed"); }
    }
}
