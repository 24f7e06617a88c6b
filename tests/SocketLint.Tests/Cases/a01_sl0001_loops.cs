using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;

namespace Probe.A01;

class Loops
{
    static void Handle(byte[] b, int n) { }

    // 1. parameter socket, n <= 0 break
    void ParamBreak(Socket s)
    {
        var buf = new byte[1024];
        while (true)
        {
            int n = s.Receive(buf);
            if (n <= 0) break;
            Handle(buf, n);
        }
    }

    // 2. owned accepted socket, break then Close after loop
    void OwnedBreakThenClose(Socket listener)
    {
        Socket client = listener.Accept();
        var buf = new byte[1024];
        while (true)
        {
            int n = client.Receive(buf);
            if (n <= 0) break;
            client.Send(buf, 0, n, SocketFlags.None);
        }
        client.Close();
    }

    // 3. using var + return on 0
    void UsingReturn(TcpListener listener)
    {
        using var client = listener.AcceptTcpClient();
        var ns = client.GetStream();
        var buf = new byte[1024];
        while (true)
        {
            int read = ns.Read(buf, 0, buf.Length);
            if (read == 0) return;
            ns.Write(buf, 0, read);
        }
    }

    // 4. pattern is 0 on owned TcpClient in using statement
    void IsZero(TcpListener listener)
    {
        using (TcpClient client = listener.AcceptTcpClient())
        {
            NetworkStream ns = client.GetStream();
            byte[] buf = new byte[512];
            for (;;)
            {
                var n = ns.Read(buf, 0, buf.Length);
                if (n is 0) break;
                ns.Write(buf, 0, n);
            }
        }
    }

    // 5. switch on count
    void SwitchOnCount(Socket listener)
    {
        using Socket c = listener.Accept();
        var buf = new byte[256];
        while (true)
        {
            int n = c.Receive(buf);
            switch (n)
            {
                case 0:
                    return;
                default:
                    c.Send(buf, 0, n, SocketFlags.None);
                    break;
            }
        }
    }

    // 6. helper closes
    static void CloseConn(Socket s) { try { s.Shutdown(SocketShutdown.Both); } catch { } s.Close(); }
    void HelperCloses(Socket listener)
    {
        Socket c = listener.Accept();
        var buf = new byte[256];
        while (true)
        {
            int n = c.Receive(buf);
            if (n == 0) { CloseConn(c); return; }
            Handle(buf, n);
        }
    }

    // 7. try/finally close on owned
    void TryFinally(Socket listener)
    {
        Socket c = listener.Accept();
        try
        {
            var buf = new byte[256];
            while (true)
            {
                int n = c.Receive(buf);
                if (n == 0) return;
                Handle(buf, n);
            }
        }
        finally
        {
            c.Close();
        }
    }

    // 8. do-while on param
    void DoWhile(Socket s)
    {
        var buf = new byte[256];
        int n;
        do
        {
            n = s.Receive(buf);
            if (n > 0) Handle(buf, n);
        } while (n > 0);
    }

    // 9. for(;;) n < 1 dispose owned TcpClient
    void ForEverDispose(TcpListener l)
    {
        TcpClient client = l.AcceptTcpClient();
        var stream = client.GetStream();
        var buf = new byte[256];
        for (;;)
        {
            int n = stream.Read(buf, 0, buf.Length);
            if (n < 1) { client.Dispose(); break; }
            stream.Write(buf, 0, n);
        }
    }

    // 10. continue on 0 with CancellationToken loop -> positive
    async Task SpinWithToken(TcpClient client, CancellationToken ct)
    {
        var ns = client.GetStream();
        var buf = new byte[256];
        while (!ct.IsCancellationRequested)
        {
            int n = await ns.ReadAsync(buf, 0, buf.Length, ct); // expect: SL0001
            if (n == 0) { await Task.Delay(10, ct); continue; }
            Handle(buf, n);
        }
    }

    // 11. while (s.Connected) never compares -> positive
    void WhileConnected(Socket s, StringBuilder sb)
    {
        var buf = new byte[256];
        while (s.Connected)
        {
            int n = s.Receive(buf); // expect: SL0001
            sb.Append(Encoding.ASCII.GetString(buf, 0, n));
        }
    }

    // 12. goto done
    void GotoDone(Socket listener)
    {
        Socket c = listener.Accept();
        var buf = new byte[256];
        while (true)
        {
            int n = c.Receive(buf);
            if (n == 0) goto done;
            Handle(buf, n);
        }
    done:
        c.Close();
    }

    // 13. else branch closes
    void ElseCloses(Socket s)
    {
        var buf = new byte[256];
        while (true)
        {
            int n = s.Receive(buf);
            if (n > 0) { Handle(buf, n); }
            else { s.Close(); return; }
        }
    }

    // 14. !(n > 0)
    void NotGreater(Socket s)
    {
        var buf = new byte[256];
        while (true)
        {
            int n = s.Receive(buf);
            if (!(n > 0)) break;
            Handle(buf, n);
        }
    }

    // 15. owned accepted, break and fall out without closing -> positive
    void OwnedBreakNoClose(Socket listener)
    {
        Socket c = listener.Accept();
        var buf = new byte[256];
        while (true)
        {
            int n = c.Receive(buf); // expect: SL0001
            if (n == 0) break;
            Handle(buf, n);
        }
        Console.WriteLine("client gone");
    }
}
