// Round 3, blind: SL0001 in async code: Memory/ValueTask overloads, ConfigureAwait, async iterators,
// Task.Run handlers, WaitAsync timeouts, MemoryPool buffers, ReadAtLeastAsync, ContinueWith.
using System;
using System.Buffers;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace Unseen.E.SL0001Async;

interface IFrameSink
{
    ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken ct);
}

class Positives
{
    // BUG: ConfigureAwait(false) read; the count only slices the buffer handed to the sink.
    async Task ForwardToSinkAsync(NetworkStream ns, IFrameSink sink, CancellationToken ct)
    {
        var buffer = new byte[8192];
        while (!ct.IsCancellationRequested)
        {
            int read = await ns.ReadAsync(buffer.AsMemory(), ct).ConfigureAwait(false); // expect: SL0001
            await sink.WriteAsync(buffer.AsMemory(0, read), ct).ConfigureAwait(false);
        }
    }

    // BUG: async iterator that yields only complete frames; a 0 never reaches the consumer and the loop spins.
    async IAsyncEnumerable<byte[]> FramesAsync(NetworkStream ns, [EnumeratorCancellation] CancellationToken ct = default)
    {
        var buf = new byte[4096];
        var pending = new List<byte>();
        while (true)
        {
            int n = await ns.ReadAsync(buf, ct); // expect: SL0001
            pending.AddRange(buf.AsSpan(0, n).ToArray());
            while (pending.Count >= 4)
            {
                int len = BinaryPrimitives.ReadInt32BigEndian(pending.GetRange(0, 4).ToArray());
                if (pending.Count < 4 + len) break;
                yield return pending.GetRange(4, len).ToArray();
                pending.RemoveRange(0, 4 + len);
            }
        }
    }

    // BUG: async iterator over lines; null is filtered out and the loop keeps reading at EOF.
    async IAsyncEnumerable<string> LinesAsync(TcpClient client, [EnumeratorCancellation] CancellationToken ct = default)
    {
        using var reader = new StreamReader(client.GetStream(), leaveOpen: true);
        while (!ct.IsCancellationRequested)
        {
            string? line = await reader.ReadLineAsync(ct); // expect: SL0001
            if (line is not null) yield return line;
        }
    }

    // BUG: ValueTask header reader over Memory<byte>; the count is added but never compared with 0.
    static async ValueTask ReceiveHeaderAsync(Socket s, Memory<byte> header, CancellationToken ct)
    {
        int got = 0;
        while (got < header.Length)
            got += await s.ReceiveAsync(header[got..], SocketFlags.None, ct).ConfigureAwait(false); // expect: SL0001
    }

    // BUG: accepted sockets handed to fire-and-forget Task.Run handlers: 0 leaves the loop,
    // but nothing ever closes the accepted socket.
    async Task AcceptAndForgetAsync(Socket listener, Action<ReadOnlyMemory<byte>> onData, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            Socket client = await listener.AcceptAsync(ct);
            _ = Task.Run(async () =>
            {
                var buf = new byte[1024];
                while (true)
                {
                    int n = await client.ReceiveAsync(buf, SocketFlags.None, ct); // expect: SL0001
                    if (n == 0) break;
                    onData(buf.AsMemory(0, n));
                }
            }, ct);
        }
    }

    // BUG: await using stream of an owned client; only "n > 0" is handled, so 0 falls through and the loop spins.
    async Task AwaitUsingOnlyPositiveAsync(Func<ReadOnlyMemory<byte>, CancellationToken, Task> handle, CancellationToken ct)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, 7000, ct);
        await using var stream = client.GetStream();
        var mem = new byte[2048].AsMemory();
        while (!ct.IsCancellationRequested)
        {
            var n = await stream.ReadAsync(mem, ct); // expect: SL0001
            if (n > 0) await handle(mem[..n], ct);
        }
    }

    // BUG: pooled buffer from MemoryPool; the count only slices it.
    async Task PooledReceiveAsync(Socket s, Action<ReadOnlyMemory<byte>> onData, CancellationToken ct)
    {
        using IMemoryOwner<byte> owner = MemoryPool<byte>.Shared.Rent(4096);
        while (true)
        {
            int n = await s.ReceiveAsync(owner.Memory, SocketFlags.None, ct); // expect: SL0001
            onData(owner.Memory[..n]);
        }
    }

    // BUG: careful about idle timeouts (WaitAsync), careless about FIN: the 0 is never compared.
    async Task IdleTimeoutOnlyAsync(Socket s, Action<byte[], int> onData, CancellationToken ct)
    {
        var buf = new byte[1024];
        var idle = TimeSpan.FromSeconds(30);
        DateTime lastSeen;
        while (true)
        {
            int n = await s.ReceiveAsync(buf, SocketFlags.None).WaitAsync(idle, ct); // expect: SL0001
            lastSeen = DateTime.UtcNow;
            onData(buf, n);
        }
    }
}

// BUG: continuation-style read loop: the count goes straight to the event and the read is re-armed, even at 0.
class ContinuationReader
{
    readonly NetworkStream _ns;
    readonly byte[] _buf = new byte[1024];
    public event Action<byte[], int>? Received;

    public ContinuationReader(NetworkStream ns) => _ns = ns;

    // A limit of SL0001: a count read in a ContinueWith continuation (t.Result) is not followed.
    public void ReadNext() => _ns.ReadAsync(_buf, 0, _buf.Length).ContinueWith(t => { Received?.Invoke(_buf, t.Result); ReadNext(); });
}

class Negatives
{
    // OK: "read exactly" over Memory<byte> that throws at FIN.
    static async ValueTask ReceiveExactlyAsync(Socket s, Memory<byte> dest, CancellationToken ct)
    {
        while (dest.Length > 0)
        {
            int n = await s.ReceiveAsync(dest, SocketFlags.None, ct).ConfigureAwait(false);
            if (n == 0) throw new IOException("connection closed mid-frame");
            dest = dest[n..];
        }
    }

    // OK: ReadAtLeastAsync throws EndOfStreamException at FIN by default (throwOnEndOfStream: true),
    // so the discarded count is at least 4.
    async Task<int> ReadFrameLengthAsync(NetworkStream ns, byte[] scratch, CancellationToken ct)
    {
        await ns.ReadAtLeastAsync(scratch.AsMemory(0, 4), 4, cancellationToken: ct);
        return BinaryPrimitives.ReadInt32LittleEndian(scratch);
    }

    // OK: async iterator ends on null (yield break); the caller owns the stream.
    async IAsyncEnumerable<string> LinesAsync(NetworkStream ns, [EnumeratorCancellation] CancellationToken ct = default)
    {
        using var reader = new StreamReader(ns, leaveOpen: true);
        while (true)
        {
            string? line = await reader.ReadLineAsync(ct).ConfigureAwait(false);
            if (line is null) yield break;
            yield return line;
        }
    }

    // OK: "is { } line" in the while condition ends on null; the owned client is disposed by using.
    async Task ServeLinesAsync(TcpListener listener, Func<string, ValueTask> onLine, CancellationToken ct)
    {
        using TcpClient client = await listener.AcceptTcpClientAsync(ct);
        await using NetworkStream ns = client.GetStream();
        using var reader = new StreamReader(ns);
        while (await reader.ReadLineAsync(ct) is { } line)
            await onLine(line);
    }

    // OK: 0 is reported as false; the caller owns the stream.
    static async ValueTask<bool> TryFillAsync(NetworkStream s, Memory<byte> buf, CancellationToken ct)
    {
        int filled = 0;
        while (filled < buf.Length)
        {
            int n = await s.ReadAsync(buf[filled..], ct);
            if (n == 0) return false;
            filled += n;
        }
        return true;
    }

    // OK: thread-per-client style via Task.Run with a synchronous lambda; using (client) closes on 0.
    void TaskPerClient(TcpListener listener, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            TcpClient client = listener.AcceptTcpClient();
            _ = Task.Run(() =>
            {
                using (client)
                {
                    NetworkStream ns = client.GetStream();
                    var buf = new byte[1024];
                    while (true)
                    {
                        int n = ns.Read(buf, 0, buf.Length);
                        if (n == 0) return;
                        ns.Write(buf, 0, n);
                    }
                }
            });
        }
    }

    // OK: owned accepted client disposed in finally; the loop leaves on 0.
    async Task HandleWithFinallyAsync(TcpListener listener, Func<ReadOnlyMemory<byte>, ValueTask> process, CancellationToken ct)
    {
        TcpClient client = await listener.AcceptTcpClientAsync(ct);
        try
        {
            var stream = client.GetStream();
            var buf = new byte[1024];
            while (true)
            {
                int n = await stream.ReadAsync(buf.AsMemory(), ct);
                if (n == 0) break;
                await process(buf.AsMemory(0, n));
            }
        }
        finally
        {
            client.Dispose();
        }
    }

    // OK: CopyToAsync completes when the source returns 0; the caller owns both streams.
    static Task PumpAsync(NetworkStream from, NetworkStream to, CancellationToken ct) => from.CopyToAsync(to, 81920, ct);

    // OK: proxy pump that leaves on 0; the caller owns both streams.
    static async Task ManualPumpAsync(NetworkStream from, NetworkStream to, CancellationToken ct)
    {
        var buf = new byte[16 * 1024];
        int n;
        while ((n = await from.ReadAsync(buf, ct).ConfigureAwait(false)) > 0)
            await to.WriteAsync(buf.AsMemory(0, n), ct).ConfigureAwait(false);
    }

    // OK: idle timeout and FIN both handled; 0 disposes the socket.
    async Task IdleTimeoutAndFinAsync(Socket s, Action<byte[], int> onData, CancellationToken ct)
    {
        var buf = new byte[1024];
        while (true)
        {
            int n = await s.ReceiveAsync(buf, SocketFlags.None).WaitAsync(TimeSpan.FromSeconds(30), ct);
            if (n == 0) { s.Dispose(); return; }
            onData(buf, n);
        }
    }

    // OK: UDP: an empty datagram is not a close.
    async Task UdpLoopAsync(UdpClient udp, Action<IPEndPoint, byte[]> onDatagram, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            UdpReceiveResult r = await udp.ReceiveAsync(ct);
            onDatagram(r.RemoteEndPoint, r.Buffer);
        }
    }

    // OK: a MemoryStream is not a connection.
    async Task<int> ReadFromMemoryAsync(byte[] payload, CancellationToken ct)
    {
        using var ms = new MemoryStream(payload);
        var buf = new byte[16];
        await ms.ReadAsync(buf, ct);
        return buf[0];
    }

    // OK: "is var n and > 0" turns 0 into null for the caller, who owns the stream.
    static async Task<string?> ReadGreetingAsync(SslStream ssl, CancellationToken ct)
    {
        var buf = new byte[256];
        return await ssl.ReadAsync(buf, ct) is var n and > 0 ? Encoding.ASCII.GetString(buf, 0, n) : null;
    }
}
