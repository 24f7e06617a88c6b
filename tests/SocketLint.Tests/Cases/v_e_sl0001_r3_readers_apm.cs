// Round 3, blind: SL0001 on StreamReader/BinaryReader/Stream reads over a connection, APM
// (BeginReceive/EndReceive, EndRead), SocketAsyncEventArgs and field-held state machines.
using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.Net.Sockets;
using System.Text;

namespace Unseen.E.SL0001Readers;

interface IParser
{
    void Feed(ReadOnlySpan<byte> data);
}

class Positives
{
    // BUG: BinaryReader.Read(byte[], ...) over the connection's stream returns 0 at FIN; Connected stays true.
    void BinaryReaderRead(TcpClient client, List<byte[]> chunks)
    {
        var reader = new BinaryReader(client.GetStream());
        var buf = new byte[1024];
        while (client.Connected)
        {
            int n = reader.Read(buf, 0, buf.Length); // expect: SL0001
            chunks.Add(buf.AsSpan(0, n).ToArray());
        }
    }

    // BUG: StreamReader.Read(char[]) returns 0 at EOF; the line splitter loops forever.
    void StreamReaderChars(NetworkStream ns, StringBuilder sb, Action<string> onLine)
    {
        var reader = new StreamReader(ns, Encoding.UTF8);
        var chars = new char[256];
        while (true)
        {
            int c = reader.Read(chars, 0, chars.Length); // expect: SL0001
            sb.Append(chars, 0, c);
            int nl;
            while ((nl = sb.ToString().IndexOf('\n')) >= 0)
            {
                onLine(sb.ToString(0, nl));
                sb.Remove(0, nl + 1);
            }
        }
    }

    // BUG: null is coalesced to "" and then skipped as a blank line: at EOF the loop spins.
    void CoalescedNull(TcpClient client, Action<string> onCommand)
    {
        var reader = new StreamReader(client.GetStream());
        while (true)
        {
            string line = reader.ReadLine() ?? string.Empty; // expect: SL0001
            if (line.Length == 0) continue;
            onCommand(line);
        }
    }

    // BUG: "case null: break;" only leaves the switch; the while(true) reads null forever.
    void SwitchOnLine(TcpClient client)
    {
        var stream = client.GetStream();
        var reader = new StreamReader(stream);
        var writer = new StreamWriter(stream) { AutoFlush = true };
        while (true)
        {
            string? line = reader.ReadLine(); // expect: SL0001
            switch (line)
            {
                case null:
                    break;
                case "PING":
                    writer.WriteLine("PONG");
                    break;
                default:
                    writer.WriteLine("ERR unknown command");
                    break;
            }
        }
    }

    // BUG: "line?.Length > 0" silently skips null; the loop never notices the peer left.
    void NullConditionalLength(NetworkStream ns, Queue<string> commands)
    {
        using var reader = new StreamReader(ns, leaveOpen: true);
        while (true)
        {
            // A limit of SL0001: a line tested through a conditional access (line?.Length > 0) is not followed.
            var line = reader.ReadLine();
            if (line?.Length > 0) commands.Enqueue(line);
        }
    }

    // BUG: Span overload on the connection's stream (typed as Stream); the count only slices.
    void StreamSpanRead(TcpClient client, IParser parser)
    {
        Stream stream = client.GetStream();
        Span<byte> span = stackalloc byte[256];
        while (true)
        {
            int n = stream.Read(span); // expect: SL0001
            parser.Feed(span[..n]);
        }
    }
}

// BUG: APM receive loop: EndReceive's count is handed on and the receive is re-armed, even at 0.
class ApmSession
{
    readonly Socket _socket;
    readonly byte[] _buf = new byte[4096];
    public event Action<byte[], int>? Data;

    public ApmSession(Socket socket) => _socket = socket;

    public void Start() => _socket.BeginReceive(_buf, 0, _buf.Length, SocketFlags.None, OnReceive, null);

    void OnReceive(IAsyncResult ar)
    {
        int n = _socket.EndReceive(ar); // expect: SL0001
        Data?.Invoke(_buf, n);
        _socket.BeginReceive(_buf, 0, _buf.Length, SocketFlags.None, OnReceive, null);
    }
}

// BUG: length-prefixed frame state machine over a field socket: the header state handles 0,
// but the body state only accumulates, so a FIN mid-body leaves Step() returning null forever.
class FrameStateMachine
{
    enum State { Header, Body }

    readonly Socket _socket;
    readonly byte[] _header = new byte[4];
    byte[] _body = Array.Empty<byte>();
    State _state;
    int _got;

    public FrameStateMachine(Socket socket) => _socket = socket;

    public byte[]? Step()
    {
        switch (_state)
        {
            case State.Header:
                int h = _socket.Receive(_header, _got, 4 - _got, SocketFlags.None);
                if (h == 0) { _socket.Close(); throw new EndOfStreamException("peer closed"); }
                _got += h;
                if (_got == 4)
                {
                    _body = new byte[BinaryPrimitives.ReadInt32BigEndian(_header)];
                    _got = 0;
                    _state = State.Body;
                }
                return null;
            case State.Body:
                _got += _socket.Receive(_body, _got, _body.Length - _got, SocketFlags.None); // expect: SL0001
                if (_got < _body.Length) return null;
                _state = State.Header;
                _got = 0;
                return _body;
            default:
                throw new InvalidOperationException();
        }
    }
}

class Negatives
{
    // OK: BinaryReader.ReadInt32/ReadString throw EndOfStreamException at FIN; nothing returns 0.
    void BinaryReaderTyped(TcpClient client, List<(int Kind, string Text)> messages)
    {
        using var reader = new BinaryReader(client.GetStream(), Encoding.UTF8, leaveOpen: true);
        while (true)
        {
            int kind = reader.ReadInt32();
            string text = reader.ReadString();
            messages.Add((kind, text));
        }
    }

    // OK: "is { } line" ends the loop on null; the owned client and reader are disposed by using.
    void PropertyPatternLoop(TcpListener listener, Action<string> onLine)
    {
        using TcpClient client = listener.AcceptTcpClient();
        using var reader = new StreamReader(client.GetStream());
        while (reader.ReadLine() is { } line)
            onLine(line);
    }

    // OK: HTTP-ish header parsing; a null request line returns null, and IsNullOrEmpty covers both
    // the blank line (end of headers) and null (peer closed): both leave. The caller owns the stream.
    static Dictionary<string, string>? ReadRequestHeaders(NetworkStream ns)
    {
        var reader = new StreamReader(ns, Encoding.ASCII, false, 1024, leaveOpen: true);
        string? requestLine = reader.ReadLine();
        if (requestLine is null) return null;
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        while (true)
        {
            string? line = reader.ReadLine();
            if (string.IsNullOrEmpty(line)) break;
            int colon = line.IndexOf(':');
            if (colon > 0) headers[line[..colon]] = line[(colon + 1)..].Trim();
        }
        return headers;
    }

    sealed class ReceiveState
    {
        public Socket Socket = null!;
        public byte[] Buffer = new byte[4096];
    }

    // OK: APM callback closes the socket on 0 (and on an error).
    void OnReceive(IAsyncResult ar)
    {
        var state = (ReceiveState)ar.AsyncState!;
        int n;
        try { n = state.Socket.EndReceive(ar); }
        catch (SocketException) { state.Socket.Close(); return; }
        if (n <= 0) { state.Socket.Close(); return; }
        Console.WriteLine(Encoding.UTF8.GetString(state.Buffer, 0, n));
        state.Socket.BeginReceive(state.Buffer, 0, state.Buffer.Length, SocketFlags.None, OnReceive, state);
    }

    // OK: the Microsoft SocketAsyncEventArgs sample shape: BytesTransferred == 0 closes the client socket.
    void ProcessReceive(SocketAsyncEventArgs e)
    {
        var token = (Socket)e.UserToken!;
        if (e.BytesTransferred > 0 && e.SocketError == SocketError.Success)
        {
            Console.WriteLine($"got {e.BytesTransferred} bytes");
            if (!token.ReceiveAsync(e)) ProcessReceive(e);
        }
        else
        {
            CloseClientSocket(e);
        }
    }

    void CloseClientSocket(SocketAsyncEventArgs e)
    {
        var client = (Socket)e.UserToken!;
        try { client.Shutdown(SocketShutdown.Send); }
        catch (Exception) { }
        client.Close();
    }

    // OK: a file, not a connection: the reader looking for a terminator line is another matter.
    List<string> ReadConfig(string path)
    {
        var lines = new List<string>();
        using var reader = new StreamReader(File.OpenRead(path));
        while (true)
        {
            var line = reader.ReadLine();
            if (line == "END" || line is null) break;
            lines.Add(line);
        }
        return lines;
    }

    // OK: the NetworkStream owns the accepted socket, so disposing the stream after the null closes it.
    void OwnsSocketStream(Socket listener, Action<string> onLine)
    {
        Socket s = listener.Accept();
        using var ns = new NetworkStream(s, ownsSocket: true);
        using var reader = new StreamReader(ns);
        string? line;
        while ((line = reader.ReadLine()) != null)
            onLine(line);
    }

    sealed class ReadState
    {
        public TcpClient Client = null!;
        public NetworkStream Stream = null!;
        public byte[] Buffer = new byte[2048];
    }

    // OK: APM on NetworkStream; EndRead's 0 closes the client.
    void OnRead(IAsyncResult ar)
    {
        var st = (ReadState)ar.AsyncState!;
        int n = st.Stream.EndRead(ar);
        if (n == 0) { st.Client.Close(); return; }
        Console.Write(Encoding.UTF8.GetString(st.Buffer, 0, n));
        st.Stream.BeginRead(st.Buffer, 0, st.Buffer.Length, OnRead, st);
    }
}

// OK: the state machine closes the field socket on 0 in both states.
class FrameStateMachineFixed
{
    enum State { Header, Body }

    readonly Socket _socket;
    readonly byte[] _header = new byte[4];
    byte[] _body = Array.Empty<byte>();
    State _state;
    int _got;

    public FrameStateMachineFixed(Socket socket) => _socket = socket;

    public byte[]? Step()
    {
        int n;
        switch (_state)
        {
            case State.Header:
                n = _socket.Receive(_header, _got, 4 - _got, SocketFlags.None);
                if (n == 0) { Close(); return null; }
                _got += n;
                if (_got == 4)
                {
                    _body = new byte[BinaryPrimitives.ReadInt32BigEndian(_header)];
                    _got = 0;
                    _state = State.Body;
                }
                return null;
            case State.Body:
                n = _socket.Receive(_body, _got, _body.Length - _got, SocketFlags.None);
                if (n == 0) { Close(); return null; }
                _got += n;
                if (_got < _body.Length) return null;
                _state = State.Header;
                _got = 0;
                return _body;
            default:
                throw new InvalidOperationException();
        }
    }

    public bool Closed { get; private set; }

    void Close()
    {
        Closed = true;
        _socket.Close();
    }
}
