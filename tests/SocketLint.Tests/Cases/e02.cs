using System.Net.Sockets;

namespace Probe.E02;

class Half
{
    void D(Socket s)
    {
        while (s.Receive(new byte[4]) > )
        {
            switch (s.Receive(new byte[1])) { case : break; }
        }
    }
    void D4(Socket s)
    {
        while (s.Receive(new byte[4]) > )
        {
            Console.WriteLine();
        }
    }
    void D5(Socket s)
    {
        while (true)
        {
            int n = s.Receive(new byte[1]);
            switch (n) { case : break; }
        }
    }
}
