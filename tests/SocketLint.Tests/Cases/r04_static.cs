using System.Net.Sockets;

namespace Probe.R04;

class S
{
    async Task M(List<Socket> peers, CancellationToken ct)
    {
        Func<Socket, Task> ping = static async sock =>
        {
            await Task.Yield();
            sock.Send(new byte[] { 0 }); // expect: SL0004
        };
        foreach (var p in peers) await ping(p);
    }
}
