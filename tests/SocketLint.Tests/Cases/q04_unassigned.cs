using System.Net.Sockets;

namespace Probe.Q04;

class U
{
    async Task M(Socket s, byte[] b, bool linked)
    {
        CancellationToken token;
        await Task.Yield();
        s.Send(b); // expect: SL0004
        token = linked ? new CancellationTokenSource(5000).Token : CancellationToken.None;
        await Task.Delay(10, token);
    }
}
