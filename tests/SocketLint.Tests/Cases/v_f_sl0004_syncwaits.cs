// SL0004, round 3 (set F): synchronous waits on socket tasks inside async code (.Result on a
// stored task, .Wait(timeout), GetAwaiter().GetResult(), Task.WaitAny / WaitAll), and waits that
// are fine: on completed or awaited tasks, in synchronous code, on tasks that are not socket I/O.
// A line that ends in "// expect: ID" must get that diagnostic, starting on that line; no other line may get one.
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;

namespace Unseen.F.SL0004.Waits;

class Connector
{
    static readonly byte[] Hello = Encoding.ASCII.GetBytes("HELLO\n");

    // The classic "connect with a timeout" idiom, inside an async method.
    public async Task<TcpClient> ConnectWithTimeoutAsync(int port, CancellationToken ct)
    {
        var client = new TcpClient();
        if (!client.ConnectAsync(IPAddress.Loopback, port).Wait(TimeSpan.FromSeconds(3))) // expect: SL0004
        {
            client.Dispose();
            throw new TimeoutException();
        }
        await client.GetStream().WriteAsync(Hello, ct);
        return client;
    }

    // The same idiom in synchronous code: blocking is the method's contract.
    public TcpClient ConnectWithTimeout(int port)
    {
        var client = new TcpClient();
        if (!client.ConnectAsync(IPAddress.Loopback, port).Wait(TimeSpan.FromSeconds(3)))
        {
            client.Dispose();
            throw new TimeoutException();
        }
        client.GetStream().Write(Hello);
        return client;
    }

    // Timeout done asynchronously with WaitAsync.
    public async Task<TcpClient> ConnectWithTimeoutProperlyAsync(int port, CancellationToken ct)
    {
        var client = new TcpClient();
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port).WaitAsync(TimeSpan.FromSeconds(3), ct);
        }
        catch (TimeoutException)
        {
            client.Dispose();
            throw;
        }
        await client.GetStream().WriteAsync(Hello, ct);
        return client;
    }

    Socket? _socket;
    readonly EndPoint _endpoint = new IPEndPoint(IPAddress.Loopback, 7400);

    // Reconnect after a back-off delay; the connect itself is waited synchronously.
    public async Task ReconnectAsync(TimeSpan backoff, CancellationToken ct)
    {
        await Task.Delay(backoff, ct);
        _socket?.Dispose();
        _socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        _socket.ConnectAsync(_endpoint).GetAwaiter().GetResult(); // expect: SL0004
    }

    public event EventHandler? Disconnected;

    // Async event handler that reconnects with .Wait().
    public void EnableAutoReconnect()
    {
        Disconnected += async (_, _) =>
        {
            await Task.Delay(1000);
            var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            s.ConnectAsync(_endpoint).Wait(); // expect: SL0004
            _socket = s;
        };
    }

    public void RaiseDisconnected() => Disconnected?.Invoke(this, EventArgs.Empty);
}

class Reads
{
    readonly TextWriter _log;
    public Reads(TextWriter log) => _log = log;

    // Read started, something else awaited, then the read is waited with .Result.
    public async Task<int> ReadWithLoggingAsync(NetworkStream ns, byte[] buf)
    {
        Task<int> read = ns.ReadAsync(buf, 0, buf.Length);
        await _log.WriteLineAsync("read started");
        int n = read.Result; // expect: SL0004
        return n;
    }

    // Read started, something else awaited, then the read is awaited.
    public async Task<int> ReadWithLoggingProperlyAsync(NetworkStream ns, byte[] buf)
    {
        Task<int> read = ns.ReadAsync(buf, 0, buf.Length);
        await _log.WriteLineAsync("read started");
        int n = await read;
        return n;
    }

    // The read is awaited first; .Result afterwards only fetches the stored value.
    public async Task<int> ReadThenInspectAsync(NetworkStream ns, byte[] buf)
    {
        Task<int> read = ns.ReadAsync(buf, 0, buf.Length);
        int n = await read;
        await _log.WriteLineAsync($"read {read.Result} bytes");
        return n;
    }

    // Timeout via WhenAny: once WhenAny returned the read task, it has completed.
    public async Task<int> ReadWithDeadlineAsync(NetworkStream ns, byte[] buf, TimeSpan timeout, CancellationToken ct)
    {
        Task<int> read = ns.ReadAsync(buf, 0, buf.Length, ct);
        Task first = await Task.WhenAny(read, Task.Delay(timeout, ct));
        if (first != read) throw new TimeoutException();
        return read.Result;
    }

    // Timeout via WaitAny: blocks the thread until the receive or the delay finishes.
    public async Task<int> ReceiveWithDeadlineAsync(Socket s, byte[] buf, CancellationToken ct)
    {
        Task<int> receive = s.ReceiveAsync(new ArraySegment<byte>(buf), SocketFlags.None);
        int winner = Task.WaitAny(receive, Task.Delay(5000, ct)); // expect: SL0004
        if (winner != 0) throw new TimeoutException();
        return await receive;
    }

    // ValueTask fast path: .Result only when it already completed, else await.
    public async ValueTask<int> ReceiveFastPathAsync(Socket s, byte[] buf, CancellationToken ct)
    {
        ValueTask<int> pending = s.ReceiveAsync(buf.AsMemory(), SocketFlags.None, ct);
        int n = pending.IsCompletedSuccessfully ? pending.Result : await pending;
        return n;
    }

    // ValueTask converted to a Task and waited with .Result.
    public async ValueTask<int> ReceiveViaAsTaskAsync(Socket s, byte[] buf, CancellationToken ct)
    {
        ValueTask<int> pending = s.ReceiveAsync(buf.AsMemory(), SocketFlags.None, ct);
        await _log.WriteLineAsync("receive posted");
        int n = pending.AsTask().Result; // expect: SL0004
        return n;
    }

    // ConfigureAwait(false).GetAwaiter().GetResult(): still a synchronous wait.
    public async Task<int> ReadConfiguredAsync(NetworkStream ns, byte[] buf)
    {
        await _log.WriteLineAsync("reading");
        int n = ns.ReadAsync(buf, 0, buf.Length).ConfigureAwait(false).GetAwaiter().GetResult(); // expect: SL0004
        return n;
    }

    // Status line read with ReadLineAsync().Result.
    public async Task<string?> ReadStatusAsync(TcpClient client)
    {
        await client.GetStream().WriteAsync(Encoding.ASCII.GetBytes("STATUS\r\n"));
        var reader = new StreamReader(client.GetStream(), Encoding.ASCII, false, 1024, leaveOpen: true);
        string? status = reader.ReadLineAsync().Result; // expect: SL0004
        return status;
    }

    // Continuation reads t.Result: the antecedent has completed when the continuation runs.
    public async Task<string?> ReadGreetingAsync(NetworkStream ns)
    {
        var buf = new byte[256];
        return await ns.ReadAsync(buf, 0, buf.Length).ContinueWith(
            t => t.Result == 0 ? null : Encoding.ASCII.GetString(buf, 0, t.Result),
            TaskScheduler.Default);
    }
}

class Pump
{
    readonly Channel<byte[]> _sink = Channel.CreateUnbounded<byte[]>();

    // .Result inside an async local function.
    public Task StartAsync(Socket s, CancellationToken ct)
    {
        return LoopAsync();

        async Task LoopAsync()
        {
            var buf = new byte[2048];
            while (true)
            {
                int n = s.ReceiveAsync(new ArraySegment<byte>(buf), SocketFlags.None).Result; // expect: SL0004
                if (n == 0) break;
                await _sink.Writer.WriteAsync(buf[..n], ct);
            }
        }
    }

    // Async lambda in Task.Run with .Result on the accept task.
    public void StartAccepting(TcpListener listener, Channel<TcpClient> accepted, CancellationToken ct)
    {
        _ = Task.Run(async () =>
        {
            while (!ct.IsCancellationRequested)
            {
                TcpClient c = listener.AcceptTcpClientAsync().Result; // expect: SL0004
                await accepted.Writer.WriteAsync(c, ct);
            }
        }, ct);
    }

    // Write posted and waited with .Wait().
    public async Task SendFrameAsync(NetworkStream ns, byte[] frame, TextWriter log)
    {
        await log.WriteLineAsync($"sending {frame.Length} bytes");
        ns.WriteAsync(frame, 0, frame.Length).Wait(); // expect: SL0004
    }
}

class FanOut
{
    readonly TextWriter _log;
    public FanOut(TextWriter log) => _log = log;

    // All sends started, then Task.WaitAll on them.
    public async Task SendToAllAsync(IEnumerable<Socket> peers, byte[] msg)
    {
        Task<int>[] sends = peers.Select(p => p.SendAsync(new ArraySegment<byte>(msg), SocketFlags.None)).ToArray();
        // A limit of SL0004: tasks made in a LINQ Select are not known for socket tasks.
        Task.WaitAll(sends);
        await _log.WriteLineAsync($"sent to {sends.Length} peers");
    }

    // WhenAll awaited, then the results are summed from the completed tasks.
    public async Task<int> SendToAllProperlyAsync(IEnumerable<Socket> peers, byte[] msg)
    {
        Task<int>[] sends = peers.Select(p => p.SendAsync(new ArraySegment<byte>(msg), SocketFlags.None)).ToArray();
        await Task.WhenAll(sends);
        return sends.Sum(t => t.Result);
    }

    // Two receives waited together with WaitAll.
    public async Task<int> ReceiveBothAsync(Socket left, Socket right, byte[] a, byte[] b)
    {
        Task<int> ra = left.ReceiveAsync(new ArraySegment<byte>(a), SocketFlags.None);
        Task<int> rb = right.ReceiveAsync(new ArraySegment<byte>(b), SocketFlags.None);
        Task.WaitAll(ra, rb); // expect: SL0004
        int na = await ra, nb = await rb;
        if (na == 0 || nb == 0) return -1;
        await _log.WriteLineAsync("both answered");
        return na + nb;
    }

    // WaitAll in a synchronous method (a console tool's Main-style code).
    public int SendToAllBlocking(IEnumerable<Socket> peers, byte[] msg)
    {
        Task<int>[] sends = peers.Select(p => p.SendAsync(new ArraySegment<byte>(msg), SocketFlags.None)).ToArray();
        Task.WaitAll(sends);
        return sends.Sum(t => t.Result);
    }
}

sealed class SessionSettings
{
    public int Port { get; init; } = 7500;
}

class ConfiguredClient : IDisposable
{
    readonly Task<SessionSettings> _settings;
    readonly TcpClient _client = new();

    public ConfiguredClient(Task<SessionSettings> settings) => _settings = settings;

    // .Result on a task that is not socket I/O (settings), inside async code; the connect is awaited.
    public async Task OpenAsync(CancellationToken ct)
    {
        await Task.Yield();
        SessionSettings settings = _settings.Result;
        await _client.ConnectAsync(IPAddress.Loopback, settings.Port, ct);
    }

    // Synchronous Dispose that flushes with GetAwaiter().GetResult(): not async code.
    public void Dispose()
    {
        if (_client.Connected)
            _client.GetStream().FlushAsync().GetAwaiter().GetResult();
        _client.Dispose();
    }
}
