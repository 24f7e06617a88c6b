using System.Net.Sockets;

namespace Probe.E01;

class Half
{
    void D(Socket s)
    {
        var buf = new byte[4];
        while (s.Receive(buf) > )
        {
        }
    }

    void D2(Socket s)
    {
        var buf = new byte[4];
        int n = s.Receive(buf);
        if (n == ) return;
    }

    void D3(Socket s)
    {
        var buf = new byte[4];
        while (true)
        {
            int n = s.Receive(buf);
            if (n > ) break;
        }
    }

    void P1(Socket s)
    {
        var buf = new byte[4];
        while (s.Receive(buf) is int n && n > 0) { }
    }

    void P2(Socket s)
    {
        var buf = new byte[4];
        while (true)
        {
            if (s.Receive(buf) is var n && n == 0) break;
        }
    }
    void P3(Socket s)
    {
        var buf = new byte[4];
        while (true)
        {
            if (s.Receive(buf) is 0) break;
        }
    }
    void P4(Socket s)
    {
        var buf = new byte[4];
        while (s.Receive(buf) is > 0 and var n) { Console.WriteLine(n); }
    }
}
