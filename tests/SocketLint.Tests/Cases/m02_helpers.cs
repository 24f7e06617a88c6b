using System.Net;
using System.Net.Sockets;

namespace Probe.M02;

sealed class Session : IDisposable
{
    Socket _socket;
    readonly EndPoint _ep;
    public Session(Socket s, EndPoint ep) { _socket = s; _ep = ep; }

    public void Dispose() { _socket.Dispose(); }

    async Task ReconnectAsync()
    {
        _socket.Dispose();
        _socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        await _socket.ConnectAsync(_ep);
    }

    async Task LeakyReconnectAsync()
    {
        _socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        await _socket.ConnectAsync(_ep);
    }

    // 78: Dispose() of the session closes the field
    void F78(byte[] m)
    {
        try { _socket.Send(m); }
        catch (SocketException) { Dispose(); }
    }

    // 79: async helper that closes the field and reconnects
    async Task F79(Queue<byte[]> q)
    {
        while (q.Count > 0)
        {
            try { await _socket.SendAsync(q.Peek(), SocketFlags.None); q.Dequeue(); }
            catch (SocketException) { await ReconnectAsync(); }
        }
    }

    // 80: helper that replaces the field without closing: old socket leaks
    async Task F80(Queue<byte[]> q)
    {
        while (q.Count > 0)
        {
            try { await _socket.SendAsync(q.Peek(), SocketFlags.None); q.Dequeue(); }
            catch (SocketException) { await LeakyReconnectAsync(); } // expect: SL0002
        }
    }

    // 81: fire-and-forget SendAsync: the catch never sees the failure
    void F81(byte[] m)
    {
        try { _ = _socket.SendAsync(m, SocketFlags.None); }
        catch (SocketException) { }
    }

    // 82: ContinueWith handles failure
    void F82(byte[] m)
    {
        try
        {
            _socket.SendAsync(m, SocketFlags.None).ContinueWith(t => { if (t.IsFaulted) _socket.Close(); });
        }
        catch (ObjectDisposedException) { }
    }

    // 83: catch re-assigns field to new socket after closing old one via local
    void F83(byte[] m)
    {
        var s = _socket;
        try { s.Send(m); }
        catch (SocketException) { _socket.Close(); }
    }
}
