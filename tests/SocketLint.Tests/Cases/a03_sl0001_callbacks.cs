using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Probe.A03;

class Saea
{
    static void Process(byte[] b, int off, int n) { }

    // 32. SAEA completion, correct
    void OnReceiveCompleted(object? sender, SocketAsyncEventArgs e)
    {
        var s = (Socket)e.UserToken!;
        if (e.SocketError != SocketError.Success || e.BytesTransferred == 0)
        {
            s.Close();
            e.Dispose();
            return;
        }
        Process(e.Buffer!, e.Offset, e.BytesTransferred);
        if (!s.ReceiveAsync(e)) OnReceiveCompleted(s, e);
    }

    // 33. SAEA completion never checks 0 -> positive
    void ProcessReceive(SocketAsyncEventArgs e)
    {
        var s = (Socket)e.UserToken!;
        int n = e.BytesTransferred; // expect: SL0001
        Process(e.Buffer!, e.Offset, n);
        if (!s.ReceiveAsync(e)) ProcessReceive(e);
    }

    // 34. SAEA returns on 0 without closing (completion owns) -> positive
    void ProcessReceive2(SocketAsyncEventArgs e)
    {
        var s = (Socket)e.UserToken!;
        if (e.BytesTransferred == 0) return; // expect: SL0001
        Process(e.Buffer!, e.Offset, e.BytesTransferred);
        if (!s.ReceiveAsync(e)) ProcessReceive2(e);
    }
}

class Apm
{
    readonly byte[] _buf = new byte[1024];

    // 35. APM callback, closes on 0
    void OnRead(IAsyncResult ar)
    {
        var s = (Socket)ar.AsyncState!;
        int n = s.EndReceive(ar);
        if (n == 0) { s.Close(); return; }
        s.BeginReceive(_buf, 0, _buf.Length, SocketFlags.None, OnRead, s);
    }

    // 36. APM callback, returns on 0 without closing -> positive
    void OnRead2(IAsyncResult ar)
    {
        var s = (Socket)ar.AsyncState!;
        int n = s.EndReceive(ar); // expect: SL0001
        if (n == 0) return;
        s.BeginReceive(_buf, 0, _buf.Length, SocketFlags.None, OnRead2, s);
    }
}

class Lambdas
{
    static void Handle(byte[] b, int n) { }

    // 37. lambda in Task.Run, break on 0 (captured param) -> fine
    Task Pump(Socket s) => Task.Run(async () =>
    {
        var buf = new byte[1024];
        while (true)
        {
            int n = await s.ReceiveAsync(buf, SocketFlags.None);
            if (n == 0) break;
            Handle(buf, n);
        }
    });

    // 38. lambda discarding -> positive
    Task PumpBad(Socket s) => Task.Run(async () =>
    {
        var buf = new byte[1024];
        while (true)
        {
            await s.ReceiveAsync(buf, SocketFlags.None); // expect: SL0001
            Handle(buf, buf.Length);
        }
    });

    // 39. local function, continue on 0 -> positive
    void WithLocal(NetworkStream ns)
    {
        var buf = new byte[64];
        Loop();
        void Loop()
        {
            while (true)
            {
                int n = ns.Read(buf, 0, buf.Length); // expect: SL0001
                if (n == 0) continue;
                Handle(buf, n);
            }
        }
    }

    // 40. static local function, fine
    static async Task WithStaticLocal(TcpClient c)
    {
        await Drain(c.GetStream());
        static async Task Drain(NetworkStream ns)
        {
            var buf = new byte[64];
            while (await ns.ReadAsync(buf) > 0) { }
        }
    }
}

class Connection : IDisposable
{
    private readonly Socket _socket;
    private readonly byte[] _buffer = new byte[4096];
    public event Action<byte[], int>? Received;
    public Connection(Socket s) => _socket = s;

    // 41. field socket, close on 0
    public async Task RunAsync(CancellationToken ct)
    {
        while (true)
        {
            int n = await _socket.ReceiveAsync(_buffer, SocketFlags.None, ct);
            if (n == 0) { Dispose(); return; }
            Received?.Invoke(_buffer, n);
        }
    }

    // 42. field socket, break on 0 (non-owner) -> fine
    public void Run()
    {
        while (true)
        {
            int n = _socket.Receive(_buffer);
            if (n == 0) break;
            Received?.Invoke(_buffer, n);
        }
    }

    // 43. field socket, continue on 0 -> positive
    public void RunBad()
    {
        while (true)
        {
            int n = _socket.Receive(_buffer); // expect: SL0001
            if (n == 0) { Console.WriteLine("peer closed?"); continue; }
            Received?.Invoke(_buffer, n);
        }
    }

    public void Dispose() => _socket.Dispose();
}
