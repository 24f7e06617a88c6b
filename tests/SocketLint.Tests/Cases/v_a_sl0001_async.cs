// SL0001 cases with async reads, Memory/ValueTask overloads, lambdas and local functions.
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;

namespace Unseen.A.SL0001.Async;

class Positives
{
    // BUG: Memory overload of Socket.ReceiveAsync; the count is used as a length but never compared with 0.
    async Task ReceiveLoopAsync(Socket s, CancellationToken ct)
    {
        var buf = new byte[4096];
        while (!ct.IsCancellationRequested)
        {
            int n = await s.ReceiveAsync(buf.AsMemory(), SocketFlags.None, ct); // expect: SL0001
            Process(buf, n);
        }
    }

    // BUG: awaited NetworkStream.ReadAsync with the count discarded.
    async Task<string> ReadReplyAsync(NetworkStream ns)
    {
        var buf = new byte[512];
        await ns.ReadAsync(buf, 0, buf.Length); // expect: SL0001
        return Encoding.UTF8.GetString(buf).TrimEnd('\0');
    }

    // BUG: a Task.Run lambda with a receive loop that never compares the count with 0.
    Task StartReader(Socket s)
    {
        return Task.Run(() =>
        {
            var buf = new byte[1024];
            while (true)
            {
                int n = s.Receive(buf); // expect: SL0001
                Process(buf, n);
            }
        });
    }

    // BUG: local function; on 0 it waits and reads again, so the socket stays in CLOSE_WAIT.
    Task RunAsync(NetworkStream ns, CancellationToken ct)
    {
        return PumpAsync();

        async Task PumpAsync()
        {
            var buf = new byte[1024];
            while (true)
            {
                var n = await ns.ReadAsync(buf.AsMemory(), ct); // expect: SL0001
                if (n == 0)
                    await Task.Delay(100, ct);
                else
                    Process(buf, n);
            }
        }
    }

    // BUG: ReadLineAsync's null is only skipped; the loop keeps going at EOF.
    async Task LinesAsync(TcpClient client, CancellationToken ct)
    {
        var reader = new StreamReader(client.GetStream());
        while (!ct.IsCancellationRequested)
        {
            string? line = await reader.ReadLineAsync(ct); // expect: SL0001
            if (line is null) continue;
            Console.WriteLine(line);
        }
    }

    // BUG: SslStream ReadAsync (Memory overload) in an endless loop, count never compared.
    async Task SslLoopAsync(TcpClient client, CancellationToken ct)
    {
        var ssl = new SslStream(client.GetStream());
        await ssl.AuthenticateAsClientAsync("localhost");
        var buf = new byte[4096];
        while (true)
        {
            int n = await ssl.ReadAsync(buf.AsMemory(0, buf.Length), ct); // expect: SL0001
            Process(buf, n);
        }
    }

    // BUG: ValueTask method reading a fixed header, count discarded.
    async ValueTask<int> ReadLengthAsync(NetworkStream ns, CancellationToken ct)
    {
        var header = new byte[4];
        await ns.ReadAsync(header.AsMemory(), ct); // expect: SL0001
        return BitConverter.ToInt32(header, 0);
    }

    // BUG: ArraySegment overload; count accumulated toward a length, never compared with 0.
    async Task<byte[]> ReceiveExactlyAsync(Socket s, int length)
    {
        var buf = new byte[length];
        int total = 0;
        while (total < length)
        {
            int n = await s.ReceiveAsync(new ArraySegment<byte>(buf, total, length - total), SocketFlags.None); // expect: SL0001
            total += n;
        }
        return buf;
    }

    // BUG: socket accepted (owned) here; the loop ends on 0 but the socket is never closed.
    async Task ServeAsync(Socket listener, CancellationToken ct)
    {
        Socket client = await listener.AcceptAsync(ct);
        var buf = new byte[1024];
        int n;
        while ((n = await client.ReceiveAsync(buf, SocketFlags.None, ct)) > 0) // expect: SL0001
            Process(buf, n);
        Console.WriteLine("done");
    }

    static void Process(byte[] b, int n) { }
}

class Negatives
{
    // OK: Memory overload loop ends on 0; the caller owns the stream.
    async Task CopyAsync(NetworkStream ns, Stream destination, CancellationToken ct)
    {
        var buf = new byte[8192];
        int n;
        while ((n = await ns.ReadAsync(buf.AsMemory(), ct)) > 0)
            await destination.WriteAsync(buf.AsMemory(0, n), ct);
    }

    // OK: Task.Run lambda owns the client via a using declaration and leaves the loop on 0.
    Task StartSession(TcpClient client, CancellationToken ct)
    {
        return Task.Run(async () =>
        {
            using var c = client;
            var ns = c.GetStream();
            var buf = new byte[1024];
            while (true)
            {
                int n = await ns.ReadAsync(buf, ct);
                if (n == 0) break;
                Process(buf, n);
            }
        });
    }

    // OK: local function reports the end with false; the loop stops.
    async Task RunAsync(NetworkStream ns, CancellationToken ct)
    {
        var buf = new byte[1024];
        while (await PumpOnceAsync()) { }

        async Task<bool> PumpOnceAsync()
        {
            int n = await ns.ReadAsync(buf, 0, buf.Length, ct);
            if (n == 0) return false;
            Process(buf, n);
            return true;
        }
    }

    // OK: zero becomes an exception.
    async Task ExpectDataAsync(Socket s, byte[] buf)
    {
        if (await s.ReceiveAsync(buf, SocketFlags.None) is 0)
            throw new EndOfStreamException("peer closed");
    }

    // OK: ReadLineAsync loop ends on null.
    async Task LinesAsync(NetworkStream ns, CancellationToken ct)
    {
        using var reader = new StreamReader(ns, leaveOpen: true);
        string? line;
        while ((line = await reader.ReadLineAsync(ct)) is not null)
            Console.WriteLine(line);
    }

    // OK: the handler owns the client (using statement); zero returns and disposes it.
    async Task HandleClientAsync(TcpClient client, CancellationToken ct)
    {
        using (client)
        {
            var ns = client.GetStream();
            var buf = new byte[1024];
            while (true)
            {
                int n = await ns.ReadAsync(buf.AsMemory(), ct);
                if (n == 0) return;
                Process(buf, n);
            }
        }
    }

    // OK: ReadExactlyAsync throws at EOF.
    async Task<int> ReadLengthAsync(NetworkStream ns, CancellationToken ct)
    {
        var header = new byte[4];
        await ns.ReadExactlyAsync(header, ct);
        return BitConverter.ToInt32(header, 0);
    }

    // OK: ValueTask wrapper returns the count; the caller decides.
    ValueTask<int> ReadChunkAsync(Socket s, Memory<byte> buf, CancellationToken ct)
        => s.ReceiveAsync(buf, SocketFlags.None, ct);

    // OK: await using SslStream that owns the inner stream; zero leaves the loop and the disposal closes it.
    async Task SslLoopAsync(TcpClient client, CancellationToken ct)
    {
        await using var ssl = new SslStream(client.GetStream(), leaveInnerStreamOpen: false);
        await ssl.AuthenticateAsClientAsync("localhost");
        var buf = new byte[4096];
        while (true)
        {
            int read = await ssl.ReadAsync(buf, ct);
            if (read == 0) break;
            Process(buf, read);
        }
    }

    // OK: zero disposes the owned socket and returns.
    async Task ServeAsync(Socket listener, CancellationToken ct)
    {
        Socket client = await listener.AcceptAsync(ct);
        var buf = new byte[1024];
        while (true)
        {
            int n = await client.ReceiveAsync(buf, SocketFlags.None, ct);
            if (n == 0)
            {
                client.Dispose();
                return;
            }
            Process(buf, n);
        }
    }

    static void Process(byte[] b, int n) { }
}
