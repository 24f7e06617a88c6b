using System.Net.Sockets;

namespace Probe.L04;

class Vt
{
    // ValueTask consumed twice after the fix
    async Task<int> Twice(Socket s, Memory<byte> m)
    {
        var t = s.ReceiveAsync(m, SocketFlags.None);
        int x = t.Result; // expect: SL0004
        return x + await t;
    }

    // ValueTask: awaited then .Result -> not flagged for blocking, but it's a second consumption
    async Task<int> AwaitThenResult(Socket s, Memory<byte> m)
    {
        var t = s.ReceiveAsync(m, SocketFlags.None);
        await t;
        return t.Result;
    }
}
