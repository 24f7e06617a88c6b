using System.Net;
using System.Net.Sockets;
using System.Net.Security;

namespace Probe.P04;

class Scope
{
    // token local in an inner block already closed
    async Task Closed(Socket s, byte[] b)
    {
        await Task.Yield();
        {
            using var cts = new CancellationTokenSource(1000);
            var inner = cts.Token;
            await s.SendAsync(b, SocketFlags.None, inner);
        }
        s.Send(b); // expect: SL0004
    }

    // lambda parameter token before the call, outside the lambda
    async Task LambdaBefore(Socket s, byte[] b)
    {
        Func<CancellationToken, Task> f = async inner => await Task.Delay(1, inner);
        await f(default);
        s.Send(b); // expect: SL0004
    }

    // token in another branch
    async Task Branch(Socket s, byte[] b, bool x)
    {
        if (x)
        {
            var t = CancellationToken.None;
            await Task.Delay(1, t);
        }
        else
        {
            s.Send(b); // expect: SL0004
        }
    }

    // switch section token
    async Task Sw(Socket s, byte[] b, int k)
    {
        switch (k)
        {
            case 1:
                var tok = CancellationToken.None;
                await Task.Delay(1, tok);
                break;
            case 2:
                s.Send(b); // expect: SL0004
                break;
        }
    }

    // BackgroundService-style
    protected async Task ExecuteAsync(CancellationToken stoppingToken, TcpListener l)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var c = l.AcceptTcpClient(); // expect: SL0004
            var buf = new byte[16];
            int n = c.GetStream().Read(buf.AsSpan()); // expect: SL0004
            if (n == 0) c.Close();
        }
    }

    // Send with offset/size and ct
    async Task Reshape(Socket s, byte[] b, int n, CancellationToken ct)
    {
        await Task.Yield();
        s.Send(b, 0, n, SocketFlags.None); // expect: SL0004
        s.SendFile("a.bin"); // expect: SL0004
        ssl(s).AuthenticateAsClient("host"); // expect: SL0004
    }
    static SslStream ssl(Socket s) => new SslStream(new NetworkStream(s));

    // token declared in a for loop header
    async Task ForHeader(Socket s, byte[] b)
    {
        for (var t = CancellationToken.None; !t.IsCancellationRequested;)
        {
            await Task.Yield();
            break;
        }
        s.Send(b); // expect: SL0004
    }

    // token as pattern variable in scope
    async Task Pattern(Socket s, byte[] b, object state)
    {
        if (state is not CancellationToken tok) return;
        await Task.Yield();
        s.Send(b); // expect: SL0004
    }
}
