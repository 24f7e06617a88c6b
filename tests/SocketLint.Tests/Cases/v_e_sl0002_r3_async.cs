// Round 3, blind: SL0002 in async code: SendAsync/WriteAsync with ConfigureAwait, ValueTask,
// channels, await foreach, PeriodicTimer heartbeats, Task.WhenAll broadcasts, ConcurrentDictionary
// of clients, SslStream, catch filters and conditional rethrows.
using System;
using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;

namespace Unseen.E.SL0002Async;

// A tiny logger abstraction, the way many projects wrap their logging library.
interface ILog
{
    void Warn(Exception? ex, string message);
    void Error(Exception? ex, string message);
}

class Positives
{
    readonly ConcurrentDictionary<Guid, Socket> _sockets = new();
    readonly ILog _log;

    public Positives(ILog log) => _log = log;

    // BUG: ConcurrentDictionary broadcast; the failure is logged and the dead socket stays registered.
    public async Task BroadcastAsync(ReadOnlyMemory<byte> msg, CancellationToken ct)
    {
        foreach (var (id, s) in _sockets)
        {
            try { await s.SendAsync(msg, SocketFlags.None, ct); }
            catch (SocketException ex) { _log.Warn(ex, $"send to {id} failed"); } // expect: SL0002
        }
    }

    // BUG: "not OperationCanceledException" looks careful, but it swallows the IOException of a reset
    // and the writer loop takes the next message from the channel.
    async Task WriterLoopAsync(NetworkStream ns, ChannelReader<byte[]> outbox, CancellationToken ct)
    {
        await foreach (var msg in outbox.ReadAllAsync(ct))
        {
            try { await ns.WriteAsync(msg, ct).ConfigureAwait(false); }
            catch (Exception ex) when (ex is not OperationCanceledException) { _log.Error(ex, "write failed"); } // expect: SL0002
        }
    }

    // BUG: Task.WhenAll broadcast: each lambda swallows its client's failure; dead clients stay in the collection.
    Task BroadcastAllAsync(IReadOnlyCollection<TcpClient> clients, byte[] data, CancellationToken ct) =>
        Task.WhenAll(clients.Select(async c =>
        {
            try { await c.GetStream().WriteAsync(data, ct); }
            catch (IOException) { } // expect: SL0002
        }));

    // BUG: PeriodicTimer heartbeat: the reset is traced and the next tick pings the dead socket again.
    async Task HeartbeatAsync(Socket s, CancellationToken ct)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(15));
        byte[] ping = { 0x09 };
        while (await timer.WaitForNextTickAsync(ct))
        {
            try { await s.SendAsync(ping, SocketFlags.None, ct).ConfigureAwait(false); }
            catch (SocketException se) { Trace.TraceWarning("heartbeat failed: {0}", se.SocketErrorCode); } // expect: SL0002
        }
    }

    // BUG: channel drain over a StreamWriter on the client's stream; the failure is printed and the loop goes on.
    async Task DrainAsync(TcpClient client, Channel<string> ch, CancellationToken ct)
    {
        var writer = new StreamWriter(client.GetStream(), new UTF8Encoding(false)) { AutoFlush = true };
        while (await ch.Reader.WaitToReadAsync(ct))
        {
            while (ch.Reader.TryRead(out var line))
            {
                try { await writer.WriteLineAsync(line.AsMemory(), ct); }
                catch (IOException ioe) { Console.WriteLine(ioe.Message); } // expect: SL0002
            }
        }
    }

    // BUG: proxy pump that ignores write failures: it keeps reading from the source and writing to the dead target.
    static async Task PumpIgnoringWriteErrorsAsync(NetworkStream from, NetworkStream to, CancellationToken ct)
    {
        var buf = new byte[8192];
        int n;
        while ((n = await from.ReadAsync(buf, ct)) > 0)
        {
            try { await to.WriteAsync(buf.AsMemory(0, n), ct); }
            catch (IOException) { } // expect: SL0002
        }
    }

    // BUG: SslStream push loop; the filter only excludes cancellation, the failure is "retried" on the next update.
    async Task PushAsync(SslStream ssl, IAsyncEnumerable<byte[]> updates, CancellationToken ct)
    {
        await foreach (var u in updates.WithCancellation(ct))
        {
            try
            {
                await ssl.WriteAsync(u, ct);
                await ssl.FlushAsync(ct);
            }
            catch (IOException ex) when (!ct.IsCancellationRequested) { _log.Warn(ex, "push failed, will retry with the next update"); } // expect: SL0002
        }
    }

    // BUG: a rethrow is there, but only for timeouts: a reset is swallowed and the batch goes on.
    async Task SendBatchAsync(Socket s, IEnumerable<ReadOnlyMemory<byte>> batch, CancellationToken ct)
    {
        foreach (var item in batch)
        {
            try { await s.SendAsync(item, SocketFlags.None, ct); }
            catch (SocketException ex) // expect: SL0002
            {
                if (ex.SocketErrorCode == SocketError.TimedOut) throw;
            }
        }
    }
}

// BUG: a framed connection wrapper: SendFrameAsync swallows the failure and keeps the dead stream in its field.
sealed class FramedConnection
{
    readonly TcpClient _client;
    readonly NetworkStream _stream;
    DateTime _lastSend;

    public FramedConnection(TcpClient client)
    {
        _client = client;
        _stream = client.GetStream();
    }

    public async ValueTask SendFrameAsync(ReadOnlyMemory<byte> payload, CancellationToken ct)
    {
        var header = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(header, payload.Length);
        try
        {
            await _stream.WriteAsync(header, ct).ConfigureAwait(false);
            await _stream.WriteAsync(payload, ct).ConfigureAwait(false);
        }
        catch (IOException) { } // expect: SL0002
        _lastSend = DateTime.UtcNow;
    }
}

class Negatives
{
    readonly ConcurrentDictionary<Guid, TcpClient> _clients = new();
    readonly ILog _log;

    public Negatives(ILog log) => _log = log;

    void Remove(Guid id)
    {
        if (_clients.TryRemove(id, out var c)) c.Dispose();
    }

    // OK: the failure cancels the session and leaves the writer loop.
    async Task WriterLoopAsync(NetworkStream ns, ChannelReader<byte[]> outbox, CancellationTokenSource sessionCts)
    {
        await foreach (var msg in outbox.ReadAllAsync(sessionCts.Token))
        {
            try { await ns.WriteAsync(msg, sessionCts.Token); }
            catch (IOException ex)
            {
                _log.Warn(ex, "writer stopping");
                sessionCts.Cancel();
                break;
            }
        }
    }

    // OK: owned client, await using stream: "break" leaves the loop and both are disposed.
    async Task UploadAsync(IAsyncEnumerable<ReadOnlyMemory<byte>> parts, CancellationToken ct)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, 9100, ct);
        await using var stream = client.GetStream();
        await foreach (var part in parts.WithCancellation(ct))
        {
            try { await stream.WriteAsync(part, ct); }
            catch (IOException) { break; }
        }
    }

    // OK: Task.WhenAll broadcast; a failing client is removed and disposed.
    Task BroadcastAsync(byte[] data, CancellationToken ct) =>
        Task.WhenAll(_clients.Select(async kv =>
        {
            try { await kv.Value.GetStream().WriteAsync(data, ct); }
            catch (IOException) { Remove(kv.Key); }
        }));

    // OK: heartbeat: the failure disposes the socket and ends the heartbeat.
    async Task HeartbeatAsync(Socket s, CancellationToken ct)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(15));
        byte[] ping = { 0x09 };
        while (await timer.WaitForNextTickAsync(ct))
        {
            try { await s.SendAsync(ping, SocketFlags.None, ct).ConfigureAwait(false); }
            catch (SocketException se)
            {
                _log.Warn(se, "heartbeat failed, closing");
                s.Dispose();
                return;
            }
        }
    }

    // OK: ConcurrentDictionary broadcast; TryRemove + Dispose in the catch.
    async Task BroadcastSocketsAsync(ConcurrentDictionary<Guid, Socket> sockets, ReadOnlyMemory<byte> msg, CancellationToken ct)
    {
        foreach (var (id, s) in sockets)
        {
            try { await s.SendAsync(msg, SocketFlags.None, ct); }
            catch (SocketException)
            {
                if (sockets.TryRemove(id, out var dead)) dead.Dispose();
            }
        }
    }

    // OK: logged and rethrown (async, ConfigureAwait).
    async Task SendOrFailAsync(NetworkStream ns, ReadOnlyMemory<byte> data, CancellationToken ct)
    {
        try { await ns.WriteAsync(data, ct).ConfigureAwait(false); }
        catch (Exception ex)
        {
            _log.Error(ex, "send failed");
            throw;
        }
    }

    // OK: client side "best effort goodbye": the failure is swallowed, but the finally disposes the client
    // and nothing more is sent.
    async Task QuitAsync(TcpClient client, CancellationToken ct)
    {
        try { await client.GetStream().WriteAsync(Encoding.ASCII.GetBytes("QUIT\r\n"), ct); }
        catch (IOException) { }
        finally { client.Dispose(); }
    }
}

// OK: the filter selects the socket-level cause; the session disconnects (disposing stream and client) and returns.
sealed class PushSession
{
    readonly TcpClient _client;
    readonly NetworkStream _stream;

    public PushSession(TcpClient client)
    {
        _client = client;
        _stream = client.GetStream();
    }

    public async Task PushAsync(IAsyncEnumerable<byte[]> updates, CancellationToken ct)
    {
        await foreach (var u in updates.WithCancellation(ct))
        {
            try { await _stream.WriteAsync(u, ct); }
            catch (IOException ex) when (ex.InnerException is SocketException)
            {
                await DisconnectAsync();
                return;
            }
        }
    }

    async Task DisconnectAsync()
    {
        await _stream.DisposeAsync();
        _client.Dispose();
    }
}

// OK: the framed connection closes itself when a frame cannot be written, then reports it.
sealed class FramedConnectionFixed : IAsyncDisposable
{
    readonly TcpClient _client;
    readonly NetworkStream _stream;

    public FramedConnectionFixed(TcpClient client)
    {
        _client = client;
        _stream = client.GetStream();
    }

    public async ValueTask<bool> TrySendFrameAsync(ReadOnlyMemory<byte> payload, CancellationToken ct)
    {
        var header = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(header, payload.Length);
        try
        {
            await _stream.WriteAsync(header, ct).ConfigureAwait(false);
            await _stream.WriteAsync(payload, ct).ConfigureAwait(false);
            return true;
        }
        catch (IOException)
        {
            await DisposeAsync().ConfigureAwait(false);
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stream.DisposeAsync().ConfigureAwait(false);
        _client.Dispose();
    }
}
