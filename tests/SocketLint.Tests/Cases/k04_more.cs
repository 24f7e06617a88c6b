using System.Net;
using System.Net.Sockets;
using System.Net.NetworkInformation;

namespace Probe.K04;

class Connection
{
    public int Receive(byte[] b) => 0;              // user type, not a socket
    public void Send(byte[] b) { }
    public void Connect(EndPoint ep) { }
}

class MySocket : Socket
{
    public MySocket() : base(SocketType.Stream, ProtocolType.Tcp) { }
}

static class SocketExt
{
    public static int ReceiveAll(this Socket s, byte[] b) => s.Receive(b);
}

class More
{
    // 50: user type with socket-like names -> not flagged
    async Task UserType(Connection c, byte[] b, EndPoint ep)
    {
        await Task.Yield();
        c.Connect(ep);
        c.Send(b);
        int n = c.Receive(b);
    }

    // 51: Socket subclass -> flagged
    async Task Sub(MySocket s, byte[] b)
    {
        await Task.Yield();
        int n = s.Receive(b); // expect: SL0004
        if (n == 0) s.Close();
    }

    // 52: TcpClient.Client.Receive
    async Task ViaClient(TcpClient c, byte[] b, CancellationToken ct)
    {
        await Task.Yield();
        int n = c.Client.Receive(b); // expect: SL0004
        if (n == 0) c.Close();
    }

    // 53: ThreadPool async lambda (async void)
    void Pool(Socket s, byte[] b)
    {
        ThreadPool.QueueUserWorkItem(async _ =>
        {
            await Task.Yield();
            s.Send(b); // expect: SL0004
        });
    }

    // 54: sync local function inside async lambda -> not flagged
    void SyncLocalInLambda(Socket s, byte[] b)
    {
        Func<Task> f = async () =>
        {
            void Pump() { s.Send(b); }
            new Thread(Pump).Start();
            await Task.Yield();
        };
    }

    // 55: query expression inside async method (sync lambda body)
    async Task<List<int>> Query(List<Socket> peers, byte[] b)
    {
        await Task.Yield();
        return (from p in peers select p.Available).ToList();
    }

    // 56: Ping.Send (not socket family) -> not flagged
    async Task PingIt(string host)
    {
        await Task.Yield();
        using var p = new Ping();
        p.Send(host);
    }

    // 57: extension helper (direct call only: not flagged)
    async Task Ext(Socket s, byte[] b)
    {
        await Task.Yield();
        s.ReceiveAll(b);
    }

    // 58: .Result on task stored and awaited later in text (not before) -> flagged
    async Task<int> ResultBeforeAwait(Socket s, byte[] b)
    {
        var t = s.ReceiveAsync(b, SocketFlags.None);
        int x = t.Result; // expect: SL0004
        return x + await t;
    }

    // 59: await ... ConfigureAwait(false) then .Result -> fine
    async Task<int> AfterCfg(Socket s, byte[] b)
    {
        var t = s.ReceiveAsync(b, SocketFlags.None);
        await t.ConfigureAwait(false);
        return t.Result;
    }

    // 60: async lambda passed as Func<CancellationToken, ValueTask>
    void Vt(Socket s, byte[] b)
    {
        Func<CancellationToken, ValueTask> f = async token =>
        {
            s.Connect(new IPEndPoint(IPAddress.Loopback, 1)); // expect: SL0004
            await Task.Yield();
        };
    }

    // 61: Stream.Read on NetworkStream typed as Stream (doc limit) - not expected
    // 62: DnsEndPoint connect on UDP socket (DNS resolves: blocking)
    async Task UdpDns(byte[] m)
    {
        var u = new Socket(SocketType.Dgram, ProtocolType.Udp);
        u.Connect(new DnsEndPoint("example.com", 53)); // expect: SL0004
        await u.SendAsync(m, SocketFlags.None);
    }

    // 63: UdpClient.Receive() in async: flagged
    async Task UdpRecv(UdpClient u)
    {
        await Task.Yield();
        IPEndPoint? ep = null;
        byte[] d = u.Receive(ref ep); // expect: SL0004
    }

    // 64: Accept in a 'while (true)' with async over a LongRunning thread: flagged anyway
    // 65: GetAwaiter().GetResult() on AcceptAsync in a sync constructor-like method -> not flagged
    Socket SyncAccept(Socket l) => l.AcceptAsync().GetAwaiter().GetResult();
}
