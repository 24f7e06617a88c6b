// SL0001 cases where the connection is held in a field of a session/connection class.
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Unseen.A.SL0001.Fields;

// BUG cases: the session's receive loops ignore the peer's close.
class LeakySession
{
    private readonly Socket _socket;
    private readonly TcpClient _client;
    private readonly NetworkStream _stream;
    private readonly byte[] _buffer = new byte[4096];

    public event Action<byte[], int>? DataReceived;

    public LeakySession(Socket socket, TcpClient client)
    {
        _socket = socket;
        _client = client;
        _stream = client.GetStream();
    }

    // BUG: field socket; count handed to the event but never compared with 0.
    public void Run()
    {
        while (true)
        {
            int n = _socket.Receive(_buffer); // expect: SL0001
            DataReceived?.Invoke(_buffer, n);
        }
    }

    // BUG: field stream; the async read result is discarded.
    public async Task PollAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            await _stream.ReadAsync(_buffer, ct); // expect: SL0001
            DataReceived?.Invoke(_buffer, _buffer.Length);
        }
    }

    // BUG: zero is only logged; the loop goes on with the socket in CLOSE_WAIT.
    public void ReadFromClient()
    {
        var ns = _client.GetStream();
        while (true)
        {
            int n = ns.Read(_buffer, 0, _buffer.Length); // expect: SL0001
            if (n == 0)
                Console.WriteLine("remote end closed");
            DataReceived?.Invoke(_buffer, n);
        }
    }
}

// OK cases: the session closes its own connection on zero.
sealed class Session : IDisposable
{
    private readonly Socket _socket;
    private readonly TcpClient _client;
    private readonly byte[] _buffer = new byte[4096];

    public Session(Socket socket, TcpClient client)
    {
        _socket = socket;
        _client = client;
    }

    // OK: zero closes the field socket and returns.
    public void Run()
    {
        while (true)
        {
            int n = _socket.Receive(_buffer);
            if (n == 0)
            {
                _socket.Close();
                return;
            }
            OnData(n);
        }
    }

    // OK: zero calls Dispose, which closes both connections, then leaves.
    public async Task RunAsync(CancellationToken ct)
    {
        var ns = _client.GetStream();
        while (true)
        {
            int n = await ns.ReadAsync(_buffer.AsMemory(), ct);
            if (n == 0)
            {
                Dispose();
                break;
            }
            OnData(n);
        }
    }

    // OK: the loop ends on 0 and the field client is closed after it.
    public void ReadAll()
    {
        var ns = _client.GetStream();
        int n;
        while ((n = ns.Read(_buffer, 0, _buffer.Length)) > 0)
            OnData(n);
        _client.Close();
    }

    private void OnData(int n) => Console.WriteLine(Encoding.UTF8.GetString(_buffer, 0, n));

    public void Dispose()
    {
        _socket.Dispose();
        _client.Dispose();
    }
}
