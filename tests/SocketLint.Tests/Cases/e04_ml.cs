using System.Net.Sockets;

namespace Probe.E04;

class Fixes
{
    async Task MultiLine(Socket s, byte[] b, CancellationToken ct)
    {
        await Task.Yield();
        int n = s.Receive( // expect: SL0004
            b,          // the buffer
            0,          // offset
            b.Length,   // count
            SocketFlags.None);
        if (n == 0) s.Close();
    }

    async Task MultiLine2(Socket s, byte[] b, CancellationToken ct)
    {
        await Task.Yield();
        // send the header first
        s.Send(b, // expect: SL0004
               SocketFlags.None); // trailing note
        await Task.Delay(1, ct);
    }
}
