// Round 3, blind: SL0001 on raw Socket receives (synchronous code): switch, ternaries, patterns,
// do/while, Span, local functions, Select/Poll servers, ReceiveFrom on an accepted socket.
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;

namespace Unseen.E.SL0001Sync;

sealed class Player
{
    public int Id;
    public Socket Socket = null!;
}

class Positives
{
    // BUG: the switch expression maps 0 to "idle" and the loop simply goes round again.
    void SwitchExpressionIdle(Socket s, Action<byte[], int> onData, CancellationToken ct)
    {
        var buf = new byte[2048];
        while (!ct.IsCancellationRequested)
        {
            int n = s.Receive(buf); // expect: SL0001
            string state = n switch { 0 => "idle", _ => "data" };
            if (state == "data") onData(buf, n);
        }
    }

    // BUG: the ternary clamps the count at 0 but never leaves: after FIN total stops growing and the do/while spins.
    byte[] ReceiveMessage(Socket s, int expected)
    {
        var msg = new byte[expected];
        int total = 0;
        do
        {
            int n = s.Receive(msg, total, expected - total, SocketFlags.None); // expect: SL0001
            total += n > 0 ? n : 0;
        } while (total < expected);
        return msg;
    }

    // BUG: "is 0" is recognised but only traced; the for(;;) receives again and again.
    void PatternZeroTraced(Socket s, StringBuilder inbox)
    {
        var buf = new byte[512];
        for (;;)
        {
            var n = s.Receive(buf, SocketFlags.None); // expect: SL0001
            if (n is 0) Trace.TraceInformation("peer idle");
            inbox.Append(Encoding.UTF8.GetString(buf, 0, n));
        }
    }

    // BUG: Receive never returns a negative count, so "n >= 0" always holds: the do/while never ends on FIN.
    void DoWhileNonNegative(Socket s, Stream sink)
    {
        var buf = new byte[4096];
        int n;
        do
        {
            n = s.Receive(buf); // expect: SL0001
            sink.Write(buf, 0, n);
        } while (n >= 0);
    }

    // BUG: "read exactly" helper without a zero check: after FIN, got never reaches the length.
    static void ReceiveExactly(Socket s, Span<byte> dest)
    {
        int got = 0;
        while (got < dest.Length)
            got += s.Receive(dest.Slice(got)); // expect: SL0001
    }

    // BUG: ReceiveFrom on an accepted (TCP) socket still returns 0 at FIN; the count is never compared.
    void ReceiveFromOnAcceptedSocket(Socket listener, List<string> log)
    {
        Socket client = listener.Accept();
        var buf = new byte[1024];
        EndPoint remote = new IPEndPoint(IPAddress.Loopback, 0);
        while (true)
        {
            // A limit of SL0001: ReceiveFrom is taken for a datagram receive, even on an accepted socket.
            int n = client.ReceiveFrom(buf, ref remote);
            log.Add(remote + ": " + Encoding.ASCII.GetString(buf, 0, n));
        }
    }

    // BUG: only an exception counts as a disconnect; a graceful FIN returns 0 and the loop spins.
    void ExceptionOnlyDisconnect(Socket s, Queue<byte[]> inbound)
    {
        var buf = new byte[1024];
        while (true)
        {
            int n;
            try
            {
                n = s.Receive(buf); // expect: SL0001
            }
            catch (SocketException)
            {
                break;
            }
            inbound.Enqueue(buf[..n]);
        }
    }

    // BUG: "|| keepAlive" keeps a keep-alive session looping on 0, so the FIN makes it spin.
    void KeepAliveOr(Socket s, bool keepAlive, Action<byte[], int> onData)
    {
        var buf = new byte[1024];
        int n;
        while ((n = s.Receive(buf)) > 0 || keepAlive) // expect: SL0001
            onData(buf, n);
    }

    // BUG: game-server poll: after FIN the socket polls readable, Receive returns 0, "n > 0" skips it,
    // and the player stays in the list (polled every tick) with its socket in CLOSE_WAIT.
    void PollPlayers(List<Player> players, Queue<(int, byte[])> packets)
    {
        var buf = new byte[1500];
        foreach (var p in players)
        {
            if (!p.Socket.Poll(0, SelectMode.SelectRead)) continue;
            int n = p.Socket.Receive(buf); // expect: SL0001
            if (n > 0) packets.Enqueue((p.Id, buf[..n]));
        }
    }

    // BUG: Select-based chat server: a closed client is always readable; its 0 is relayed as an empty message
    // and the socket is never closed or dropped.
    void SelectRound(List<Socket> clients)
    {
        var readable = new List<Socket>(clients);
        Socket.Select(readable, null, null, 1000);
        var buf = new byte[1024];
        foreach (Socket s in readable)
        {
            int n = s.Receive(buf); // expect: SL0001
            foreach (Socket other in clients)
                if (other != s) other.Send(buf, 0, n, SocketFlags.None);
        }
    }

    // BUG: the local function always reports "more", so the pump never stops at FIN.
    void LocalFunctionAlwaysTrue(Socket s, Stream sink)
    {
        var buf = new byte[1024];
        bool Pump()
        {
            int n = s.Receive(buf); // expect: SL0001
            sink.Write(buf, 0, n);
            return true;
        }
        while (Pump()) { }
    }
}

class Negatives
{

    // OK: relational pattern "is <= 0" leaves the loop.
    void RelationalPattern(Socket s, MemoryStream acc)
    {
        var buf = new byte[1024];
        while (true)
        {
            int n = s.Receive(buf.AsSpan());
            if (n is <= 0) break;
            acc.Write(buf, 0, n);
        }
    }

    // OK: owned accepted socket in a using block; the do/while ends when the count is 0.
    void DoWhileInUsing(Socket listener, Stream sink)
    {
        using (Socket client = listener.Accept())
        {
            var buf = new byte[4096];
            int n;
            do
            {
                n = client.Receive(buf);
                sink.Write(buf, 0, n);
            } while (n > 0);
        }
    }

    // OK: a single receive; 0 becomes null for the caller, who owns the socket.
    static string? ReceiveText(Socket s, byte[] buf)
    {
        int n = s.Receive(buf);
        return n == 0 ? null : Encoding.UTF8.GetString(buf, 0, n);
    }

    // OK: "read exactly" helper that throws at FIN.
    static void ReceiveExactly(Socket s, Span<byte> dest)
    {
        while (!dest.IsEmpty)
        {
            int n = s.Receive(dest);
            if (n == 0) throw new EndOfStreamException($"peer closed with {dest.Length} bytes missing");
            dest = dest[n..];
        }
    }

    // OK: for loop with the declaration in the initializer; it ends on 0.
    void ForWithDeclaration(Socket s, Stream sink)
    {
        var buf = new byte[8192];
        for (int n; (n = s.Receive(buf)) != 0;)
            sink.Write(buf, 0, n);
    }

    // OK: "n < 1" is the same test as "n <= 0".
    int CountBytes(Socket s)
    {
        var buf = new byte[4096];
        int total = 0;
        while (true)
        {
            int n = s.Receive(buf);
            if (n < 1) break;
            total += n;
        }
        return total;
    }

    // OK: old-style goto to the cleanup label, which closes the owned socket.
    void GotoClose(Socket listener, Action<byte[], int> onData)
    {
        Socket client = listener.Accept();
        var buf = new byte[256];
        while (true)
        {
            int n = client.Receive(buf);
            if (n == 0) goto closed;
            onData(buf, n);
        }
    closed:
        client.Close();
    }

    // OK: "!(n > 0)" leaves the method (the caller owns the socket).
    void NegatedPositive(Socket s, Action<byte[], int> onData)
    {
        var buf = new byte[256];
        while (true)
        {
            int n = s.Receive(buf);
            if (!(n > 0)) return;
            onData(buf, n);
        }
    }

    // OK: a case guard catches 0 and closes the socket.
    void CaseGuardCloses(Socket s, Action<byte[], int> onData)
    {
        var buf = new byte[512];
        while (true)
        {
            int n = s.Receive(buf);
            switch (n)
            {
                case var x when x <= 0:
                    s.Shutdown(SocketShutdown.Both);
                    s.Close();
                    return;
                default:
                    onData(buf, n);
                    break;
            }
        }
    }

    // OK: Select-based chat server that drops and closes a client whose receive returns 0 ("continue" after the close).
    void SelectRound(List<Socket> clients)
    {
        var readable = new List<Socket>(clients);
        Socket.Select(readable, null, null, 1000);
        var buf = new byte[1024];
        foreach (Socket s in readable)
        {
            int n = s.Receive(buf);
            if (n == 0) { clients.Remove(s); s.Close(); continue; }
            foreach (Socket other in clients)
                if (other != s) other.Send(buf, 0, n, SocketFlags.None);
        }
    }

    // OK: poll loop that closes and drops a player whose receive returns 0.
    void PollPlayers(List<Player> players, Queue<(int, byte[])> packets)
    {
        var buf = new byte[1500];
        var gone = new List<Player>();
        foreach (var p in players)
        {
            if (!p.Socket.Poll(0, SelectMode.SelectRead)) continue;
            int n = p.Socket.Receive(buf);
            if (n == 0) { p.Socket.Close(); gone.Add(p); continue; }
            packets.Enqueue((p.Id, buf[..n]));
        }
        players.RemoveAll(gone.Contains);
    }

    // OK: the exception path and the zero path both leave the loop.
    void ExceptionAndZero(Socket s, Queue<byte[]> inbound)
    {
        var buf = new byte[1024];
        while (true)
        {
            int n;
            try { n = s.Receive(buf); }
            catch (SocketException) { break; }
            if (n == 0) break;
            inbound.Enqueue(buf[..n]);
        }
    }

    // OK: UDP socket created here: ReceiveFrom returning 0 is an empty datagram, not a close.
    void UdpReceiveFrom(Action<EndPoint, byte[], int> onDatagram)
    {
        using var udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        udp.Bind(new IPEndPoint(IPAddress.Loopback, 5353));
        var buf = new byte[1500];
        for (int i = 0; i < 100; i++)
        {
            EndPoint from = new IPEndPoint(IPAddress.Any, 0);
            int n = udp.ReceiveFrom(buf, ref from);
            onDatagram(from, buf, n);
        }
    }

    // OK: the local function reports the end with false; the pump stops (the caller owns the socket).
    void LocalFunctionStops(Socket s, Stream sink)
    {
        var buf = new byte[1024];
        bool Pump()
        {
            int n = s.Receive(buf);
            if (n == 0) return false;
            sink.Write(buf, 0, n);
            return true;
        }
        while (Pump()) { }
    }
}
