// SL0001 cases on raw Socket receive loops (sync).
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Unseen.A.SL0001.Loops;

class Positives
{
    // BUG: count thrown away inside for(;;); the peer's FIN is never noticed and the loop spins.
    void ForeverDiscard(Socket s)
    {
        var buf = new byte[512];
        for (;;)
        {
            s.Receive(buf); // expect: SL0001
            Console.WriteLine(Encoding.ASCII.GetString(buf));
        }
    }

    // BUG: count accumulated but never compared with 0; a FIN mid-message makes total stop growing forever.
    byte[] ReadMessage(Socket s, int length)
    {
        var buf = new byte[length];
        int total = 0;
        while (total < length)
        {
            total += s.Receive(buf, total, length - total, SocketFlags.None); // expect: SL0001
        }
        return buf;
    }

    // BUG: the zero path only prints, then the while(true) loop receives 0 again forever.
    void ZeroLoggedOnly(Socket s)
    {
        var buf = new byte[1024];
        while (true)
        {
            int n = s.Receive(buf); // expect: SL0001
            if (n == 0)
            {
                Console.WriteLine("peer closed");
            }
            Process(buf, n);
        }
    }

    // BUG: only n > 0 is handled; n == 0 falls through and the loop spins.
    void OnlyPositiveHandled(Socket s)
    {
        var buf = new byte[1024];
        while (true)
        {
            int n = s.Receive(buf); // expect: SL0001
            if (n > 0)
                Process(buf, n);
        }
    }

    // BUG: "break" in case 0 leaves only the switch, not the while loop.
    void SwitchBreakOnlyLeavesSwitch(Socket s)
    {
        var buf = new byte[1024];
        while (true)
        {
            int n = s.Receive(buf); // expect: SL0001
            switch (n)
            {
                case 0:
                    break;
                default:
                    Process(buf, n);
                    break;
            }
        }
    }

    // BUG: on 0 it sleeps and polls again, the socket stays in CLOSE_WAIT.
    void SleepOnZero(Socket s)
    {
        var buf = new byte[256];
        while (true)
        {
            int n = s.Receive(buf); // expect: SL0001
            if (n == 0) { Thread.Sleep(50); continue; }
            Process(buf, n);
        }
    }

    // BUG: Socket.Connected stays true after the peer's FIN; the 0 is never compared.
    void ConnectedLoop(Socket s)
    {
        var buf = new byte[1024];
        while (s.Connected)
        {
            int n = s.Receive(buf); // expect: SL0001
            Process(buf, n);
        }
    }

    // BUG: do-while driven by an unrelated predicate; the count is never compared with 0.
    void DoWhileUnrelatedCondition(Socket s, Func<bool> keepGoing)
    {
        var buf = new byte[1024];
        int n;
        do
        {
            n = s.Receive(buf); // expect: SL0001
            Process(buf, n);
        } while (keepGoing());
    }

    // BUG: socket accepted (owned) here; the loop ends on 0 but nothing ever closes it.
    void AcceptedNeverClosed(Socket listener)
    {
        Socket client = listener.Accept();
        var buf = new byte[1024];
        int n;
        while ((n = client.Receive(buf)) > 0) // expect: SL0001
        {
            Process(buf, n);
        }
        Console.WriteLine("client done");
    }

    // BUG: zero is recognised with a pattern but the arm just continues the loop.
    void IsZeroContinue(Socket s)
    {
        var buf = new byte[1024];
        while (true)
        {
            var n = s.Receive(buf, SocketFlags.None); // expect: SL0001
            if (n is 0)
                continue;
            Process(buf, n);
        }
    }

    // BUG: Span overload, count discarded; the header is parsed whether or not anything arrived.
    int SpanDiscarded(Socket s)
    {
        Span<byte> header = stackalloc byte[4];
        s.Receive(header); // expect: SL0001
        return BitConverter.ToInt32(header);
    }

    static void Process(byte[] b, int n) { }
}

class Negatives
{
    // OK: classic loop, zero ends it; the caller owns the socket.
    void WhileGreaterThanZero(Socket s)
    {
        var buf = new byte[1024];
        int n;
        while ((n = s.Receive(buf)) > 0)
            Process(buf, n);
    }

    // OK: for loop whose condition is the count != 0.
    void ForNotZero(Socket s)
    {
        var buf = new byte[1024];
        for (int n; (n = s.Receive(buf)) != 0;)
            Process(buf, n);
    }

    // OK: zero shuts down and closes the socket, then leaves.
    void ShutdownAndClose(Socket s)
    {
        var buf = new byte[1024];
        while (true)
        {
            int n = s.Receive(buf);
            if (n == 0)
            {
                s.Shutdown(SocketShutdown.Both);
                s.Close();
                break;
            }
            Process(buf, n);
        }
    }

    // OK: case 0 returns from the method (the caller owns the socket).
    void SwitchReturn(Socket s)
    {
        var buf = new byte[1024];
        while (true)
        {
            int n = s.Receive(buf);
            switch (n)
            {
                case 0:
                    return;
                default:
                    Process(buf, n);
                    break;
            }
        }
    }

    // OK: pattern-matched zero leaves the loop.
    void IsZeroBreak(Socket s)
    {
        var buf = new byte[1024];
        while (true)
        {
            int n = s.Receive(buf, SocketFlags.None);
            if (n is 0) break;
            Process(buf, n);
        }
    }

    // OK: a FIN mid-message is turned into an exception.
    byte[] ReadExact(Socket s, int length)
    {
        var buf = new byte[length];
        int total = 0;
        while (total < length)
        {
            int n = s.Receive(buf, total, length - total, SocketFlags.None);
            if (n == 0) throw new EndOfStreamException("peer closed mid-message");
            total += n;
        }
        return buf;
    }

    // OK: do-while that ends when the count is 0 (processing 0 bytes is harmless).
    void DoWhileUntilZero(Socket s)
    {
        var buf = new byte[1024];
        int n;
        do
        {
            n = s.Receive(buf);
            Process(buf, n);
        } while (n > 0);
    }

    // OK: zero clears the flag, so the while condition ends the loop.
    void FlagLoop(Socket s)
    {
        var buf = new byte[1024];
        bool open = true;
        while (open)
        {
            int n = s.Receive(buf);
            if (n == 0)
                open = false;
            else
                Process(buf, n);
        }
    }

    // OK: owned accepted socket, using statement disposes it after the loop ends on 0.
    void UsingStatement(Socket listener)
    {
        using (Socket client = listener.Accept())
        {
            var buf = new byte[1024];
            int n;
            while ((n = client.Receive(buf)) > 0)
                Process(buf, n);
        }
    }

    // OK: owned socket closed in finally; the return on zero runs the finally.
    void FinallyCloses(Socket listener)
    {
        Socket client = listener.Accept();
        try
        {
            var buf = new byte[1024];
            while (true)
            {
                int n = client.Receive(buf);
                if (n == 0) return;
                Process(buf, n);
            }
        }
        finally
        {
            client.Close();
        }
    }

    // OK: single receive; the result is reported to the caller (bool and the count).
    bool TryReceive(Socket s, byte[] buf, out int n)
    {
        n = s.Receive(buf);
        return n > 0;
    }

    // OK: zero calls a same-class helper that closes the socket, then returns.
    void HelperCloses(Socket s)
    {
        var buf = new byte[1024];
        while (true)
        {
            int n = s.Receive(buf);
            if (n == 0)
            {
                Disconnect(s);
                return;
            }
            Process(buf, n);
        }
    }

    // OK: UDP socket created here; an empty datagram is not a close.
    void UdpReceive()
    {
        using var udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        udp.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var buf = new byte[1500];
        for (int i = 0; i < 10; i++)
        {
            int n = udp.Receive(buf);
            Process(buf, n);
        }
    }

    // OK: single receive, "<= 0" returns null to the caller (the caller owns the socket).
    string? ReadGreeting(Socket s)
    {
        var buf = new byte[128];
        int n = s.Receive(buf);
        if (n <= 0) return null;
        return Encoding.ASCII.GetString(buf, 0, n);
    }

    static void Disconnect(Socket s)
    {
        s.Shutdown(SocketShutdown.Both);
        s.Close();
    }

    static void Process(byte[] b, int n) { }
}
