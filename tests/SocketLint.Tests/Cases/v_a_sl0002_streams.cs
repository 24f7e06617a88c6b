// SL0002 cases on NetworkStream / Stream / SslStream Write, WriteAsync, Flush, FlushAsync.
using System.Diagnostics;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;

namespace Unseen.A.SL0002.Streams;

class Positives
{
    private readonly List<TcpClient> _clients = new();
    private readonly Action<Exception> _logError = e => Console.Error.WriteLine(e);
    private bool _sending;

    // BUG: empty IOException catch in a write loop; every further chunk goes to the dead stream.
    public void WriteChunks(NetworkStream ns, IEnumerable<byte[]> chunks)
    {
        foreach (var chunk in chunks)
        {
            try
            {
                ns.Write(chunk, 0, chunk.Length);
            }
            catch (IOException) // expect: SL0002
            {
            }
        }
    }

    // BUG: WriteAsync (Memory overload) failure is only logged; the loop continues.
    public async Task StreamUpdatesAsync(NetworkStream ns, IAsyncEnumerable<string> updates, CancellationToken ct)
    {
        await foreach (var u in updates.WithCancellation(ct))
        {
            try
            {
                await ns.WriteAsync(Encoding.UTF8.GetBytes(u + "\n").AsMemory(), ct);
            }
            catch (IOException ex) // expect: SL0002
            {
                _logError(ex);
            }
        }
    }

    // BUG: Write + Flush swallowed; the caller never learns the connection died.
    public void SendMessage(TcpClient client, byte[] payload)
    {
        var ns = client.GetStream();
        try
        {
            ns.Write(payload, 0, payload.Length);
            ns.Flush();
        }
        catch (IOException) { } // expect: SL0002
    }

    // BUG: SslStream WriteAsync failure written to the console, connection kept.
    public async Task SendSecureAsync(SslStream ssl, byte[] data, CancellationToken ct)
    {
        try
        {
            await ssl.WriteAsync(data, ct);
        }
        catch (IOException ex) // expect: SL0002
        {
            Console.WriteLine($"TLS write failed: {ex.Message}");
        }
    }

    // BUG: TcpClient broadcast; the dead client stays in the list.
    public void Broadcast(byte[] msg)
    {
        foreach (var client in _clients)
        {
            try
            {
                client.GetStream().Write(msg);
            }
            catch (IOException) // expect: SL0002
            {
            }
        }
    }

    // BUG: catch (Exception) that only traces, inside an endless outbox loop.
    public void Writer(NetworkStream ns, BlockingQueue outbox)
    {
        while (true)
        {
            var msg = outbox.Take();
            try
            {
                ns.Write(msg, 0, msg.Length);
            }
            catch (Exception ex) // expect: SL0002
            {
                Trace.WriteLine(ex);
            }
        }
    }

    // BUG: stream typed as Stream; a "when" filter for the socket cause, then nothing done.
    public void SendTyped(TcpClient client, byte[] data)
    {
        Stream s = client.GetStream();
        try
        {
            s.Write(data, 0, data.Length);
        }
        catch (IOException ex) when (ex.InnerException is SocketException) // expect: SL0002
        {
        }
        s.Write(data, 0, data.Length);
    }

    // BUG: "continue" keeps the failed client in rotation.
    public void BroadcastContinue(byte[] msg)
    {
        foreach (var client in _clients)
        {
            NetworkStream ns = client.GetStream();
            try
            {
                ns.Write(msg, 0, msg.Length);
            }
            catch (IOException ex) // expect: SL0002
            {
                Console.Error.WriteLine(ex.Message);
                continue;
            }
            Console.WriteLine("delivered");
        }
    }

    // OK: a NetworkStream writes through; its FlushAsync does nothing and cannot fail with a reset.
    public async Task FlushAsync(NetworkStream ns, CancellationToken ct)
    {
        try
        {
            await ns.FlushAsync(ct);
        }
        catch (IOException)
        {
        }
    }

    // BUG: the inner finally only resets a flag; the outer catch swallows the reset.
    public void SendGuarded(NetworkStream ns, byte[] data)
    {
        try
        {
            try
            {
                _sending = true;
                ns.Write(data, 0, data.Length);
            }
            finally
            {
                _sending = false;
            }
        }
        catch (IOException) // expect: SL0002
        {
        }
    }

    // BUG: property-pattern filter picks out the reset, then ignores it and keeps the stream.
    public async Task SendManyAsync(NetworkStream ns, byte[][] frames)
    {
        foreach (var f in frames)
        {
            try
            {
                await ns.WriteAsync(f, 0, f.Length);
            }
            catch (IOException ex) when (ex.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionReset }) // expect: SL0002
            {
            }
        }
    }
}

class Negatives
{
    private readonly List<TcpClient> _clients = new();

    // OK: the failed client is closed and removed.
    public void Broadcast(byte[] msg)
    {
        foreach (var client in _clients.ToList())
        {
            try
            {
                client.GetStream().Write(msg, 0, msg.Length);
            }
            catch (IOException)
            {
                client.Close();
                _clients.Remove(client);
            }
        }
    }

    // OK: rethrown.
    public void SendMessage(NetworkStream ns, byte[] payload)
    {
        try
        {
            ns.Write(payload, 0, payload.Length);
            ns.Flush();
        }
        catch (IOException)
        {
            throw;
        }
    }

    // OK: the failure leaves the write loop with break (the caller owns the stream).
    public void WriteChunks(NetworkStream ns, IEnumerable<byte[]> chunks)
    {
        foreach (var chunk in chunks)
        {
            try
            {
                ns.Write(chunk, 0, chunk.Length);
            }
            catch (IOException ex)
            {
                Console.Error.WriteLine(ex.Message);
                break;
            }
        }
    }

    // OK: the failure returns out of the while loop.
    public async Task WriterAsync(NetworkStream ns, Queue<byte[]> outbox, CancellationToken ct)
    {
        while (outbox.Count > 0)
        {
            var msg = outbox.Dequeue();
            try
            {
                await ns.WriteAsync(msg.AsMemory(), ct);
            }
            catch (IOException)
            {
                return;
            }
        }
    }

    // OK: SslStream (owning the inner stream) and its client are disposed on failure.
    public async Task SendSecureAsync(TcpClient client, SslStream ssl, byte[] data)
    {
        try
        {
            await ssl.WriteAsync(data);
        }
        catch (IOException)
        {
            await ssl.DisposeAsync();
            client.Dispose();
        }
    }

    // OK: a MemoryStream is not a connection.
    public void Buffer(MemoryStream ms, byte[] data)
    {
        try
        {
            ms.Write(data, 0, data.Length);
        }
        catch (IOException)
        {
        }
    }

    // OK: a file is not a connection.
    public void AppendLog(string path, byte[] data)
    {
        try
        {
            using var fs = new FileStream(path, FileMode.Append);
            fs.Write(data, 0, data.Length);
            fs.Flush();
        }
        catch (IOException)
        {
        }
    }

    // OK: wrapped and propagated.
    public void SendWrapped(NetworkStream ns, byte[] data)
    {
        try
        {
            ns.Write(data);
        }
        catch (IOException ex)
        {
            throw new InvalidOperationException("send failed", ex);
        }
    }

    // OK: filter on cancellation state, the client is disposed and the method returns.
    public async Task SendOrDisposeAsync(TcpClient client, byte[] data, CancellationToken ct)
    {
        try
        {
            await client.GetStream().WriteAsync(data, ct);
        }
        catch (IOException) when (!ct.IsCancellationRequested)
        {
            client.Dispose();
            return;
        }
    }

    // OK: only cancellation is swallowed; an IOException from the peer propagates.
    public async Task SendCancellableAsync(NetworkStream ns, byte[] data, CancellationToken ct)
    {
        try
        {
            await ns.WriteAsync(data, ct);
        }
        catch (OperationCanceledException)
        {
        }
    }

    // OK: client created here with a using declaration; the failure returns false and the using closes it.
    public async Task<bool> SendOnceAsync(byte[] data)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, 9000);
        try
        {
            await client.GetStream().WriteAsync(data);
            return true;
        }
        catch (IOException)
        {
            return false;
        }
    }

    // OK: catch (Exception) with a type test that closes the client.
    public void SendChecked(TcpClient client, byte[] data)
    {
        try
        {
            client.GetStream().Write(data);
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
            client.Close();
        }
    }
}

class BlockingQueue
{
    public byte[] Take() => Array.Empty<byte>();
}
