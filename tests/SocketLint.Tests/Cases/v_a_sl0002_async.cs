// SL0002 cases in lambdas, local functions, Task.Run loops and client-list servers.
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Unseen.A.SL0002.Async;

class Positives
{
    private readonly ConcurrentDictionary<Guid, Socket> _sessions = new();

    // BUG: Task.Run lambda broadcasting with an empty catch; dead sessions stay registered and open.
    public Task BroadcastInBackground(byte[] msg)
    {
        return Task.Run(() =>
        {
            foreach (var s in _sessions.Values)
            {
                try
                {
                    s.Send(msg);
                }
                catch (SocketException) // expect: SL0002
                {
                }
            }
        });
    }

    // BUG: local function swallowing the send failure; the caller keeps using the connection.
    public void Greet(Socket s, string name)
    {
        TrySend(Encoding.ASCII.GetBytes("HELLO\r\n"));
        TrySend(Encoding.ASCII.GetBytes($"NAME {name}\r\n"));

        void TrySend(byte[] data)
        {
            try
            {
                s.Send(data);
            }
            catch (SocketException) // expect: SL0002
            {
            }
        }
    }

    // BUG: async lambda keep-alive loop over a NetworkStream; the IOException is ignored.
    public Task StartKeepAlive(TcpClient client, CancellationToken ct)
    {
        var ns = client.GetStream();
        return Task.Run(async () =>
        {
            while (!ct.IsCancellationRequested)
            {
                try
                {
                    await ns.WriteAsync(new byte[] { 0 }, ct);
                }
                catch (IOException) // expect: SL0002
                {
                }
                await Task.Delay(TimeSpan.FromSeconds(15), ct);
            }
        });
    }

    // BUG: async local function; the catch logs and the outer loop keeps sending.
    public async Task ReplayAsync(Socket s, IReadOnlyList<string> history)
    {
        foreach (var line in history)
            await SendLineAsync(line);

        async Task SendLineAsync(string line)
        {
            try
            {
                await s.SendAsync(Encoding.UTF8.GetBytes(line + "\n"), SocketFlags.None);
            }
            catch (SocketException ex) // expect: SL0002
            {
                Console.WriteLine($"replay failed: {ex.SocketErrorCode}");
            }
        }
    }

    // BUG: Func delegate with catch (Exception) that only logs.
    public Func<byte[], Task> MakeSender(Socket s)
    {
        return async data =>
        {
            try
            {
                await s.SendAsync(data.AsMemory(), SocketFlags.None);
            }
            catch (Exception e) // expect: SL0002
            {
                Console.Error.WriteLine(e);
            }
        };
    }
}

class Negatives
{
    private readonly ConcurrentDictionary<Guid, Socket> _sessions = new();

    // OK: Task.Run lambda removes and closes failed sessions.
    public Task BroadcastInBackground(byte[] msg)
    {
        return Task.Run(() =>
        {
            foreach (var (id, s) in _sessions)
            {
                try
                {
                    s.Send(msg);
                }
                catch (SocketException)
                {
                    if (_sessions.TryRemove(id, out var dead))
                        dead.Close();
                }
            }
        });
    }

    // OK: local function reports failure; the caller stops.
    public void Greet(Socket s, string name)
    {
        if (!TrySend(Encoding.ASCII.GetBytes("HELLO\r\n"))) return;
        TrySend(Encoding.ASCII.GetBytes($"NAME {name}\r\n"));

        bool TrySend(byte[] data)
        {
            try
            {
                s.Send(data);
                return true;
            }
            catch (SocketException)
            {
                return false;
            }
        }
    }

    // OK: async keep-alive loop leaves on the first failure and disposes the client.
    public Task StartKeepAlive(TcpClient client, CancellationToken ct)
    {
        var ns = client.GetStream();
        return Task.Run(async () =>
        {
            while (!ct.IsCancellationRequested)
            {
                try
                {
                    await ns.WriteAsync(new byte[] { 0 }, ct);
                }
                catch (IOException)
                {
                    client.Dispose();
                    break;
                }
                await Task.Delay(TimeSpan.FromSeconds(15), ct);
            }
        });
    }

    // OK: async local function rethrows after logging.
    public async Task ReplayAsync(Socket s, IReadOnlyList<string> history)
    {
        foreach (var line in history)
            await SendLineAsync(line);

        async Task SendLineAsync(string line)
        {
            try
            {
                await s.SendAsync(Encoding.UTF8.GetBytes(line + "\n"), SocketFlags.None);
            }
            catch (SocketException ex)
            {
                Console.WriteLine($"replay failed: {ex.SocketErrorCode}");
                throw;
            }
        }
    }

    // OK: the delegate disposes the socket on failure.
    public Func<byte[], Task> MakeSender(Socket s)
    {
        return async data =>
        {
            try
            {
                await s.SendAsync(data.AsMemory(), SocketFlags.None);
            }
            catch (SocketException)
            {
                s.Dispose();
            }
        };
    }
}
