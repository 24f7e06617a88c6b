// Round 3, blind: SL0002 in synchronous code: catch filters, nested try, finally blocks, exception
// variables, a logging facade, StreamWriter/BinaryWriter over the connection, SendFile, the
// "out SocketError" overloads, List.ForEach lambdas.
using System;
using System.Buffers;
using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Runtime.ExceptionServices;
using System.Text;
using System.Threading;

namespace Unseen.E.SL0002Sync;

// Serilog-like static logging facade (the real one is not referenced here).
static class Log
{
    public static void Warning(Exception? ex, string template, params object?[] args) { }
    public static void Error(Exception? ex, string template, params object?[] args) { }
}

sealed class Player
{
    public int Id;
    public Socket Socket = null!;
    public int SendErrors;
}

sealed class ConnectionLostException : Exception
{
    public ConnectionLostException(string id, Exception inner) : base($"connection {id} lost", inner) { }
}

class Positives
{
    int _errors;
    Exception? _lastError;

    // BUG: catch (Exception) with a type filter that selects the socket failure, then only writes a debug line.
    void BroadcastFiltered(List<Socket> clients, byte[] msg)
    {
        foreach (var c in clients)
        {
            try { c.Send(msg); }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException) { Debug.WriteLine("send failed: " + ex.Message); } // expect: SL0002
        }
    }

    // BUG: the inner catch logs and rethrows (looks right), but the outer catch swallows it and the loop
    // goes on sending the next frame on the same dead socket.
    void NestedRethrowThenSwallow(Socket s, IEnumerable<byte[]> frames)
    {
        foreach (var frame in frames)
        {
            try
            {
                try { s.Send(frame); }
                catch (SocketException ex) { Log.Warning(ex, "send failed"); throw; }
            }
            catch (Exception) // expect: SL0002
            {
                // keep going with the next frame
            }
        }
    }

    // BUG: the failure is stored in a field; the loop keeps draining the outbox into the dead socket.
    void DrainOutbox(Socket s, Queue<byte[]> outbox)
    {
        while (outbox.TryDequeue(out var msg))
        {
            try { s.Send(msg); }
            catch (SocketException ex) { _lastError = ex; } // expect: SL0002
        }
    }

    // BUG: BinaryWriter packet loop; the IOException is printed and the next packet goes to the dead stream.
    void SendQueue(TcpClient client, BlockingCollection<byte[]> queue)
    {
        var bw = new BinaryWriter(client.GetStream());
        foreach (var packet in queue.GetConsumingEnumerable())
        {
            try
            {
                bw.Write(packet.Length);
                bw.Write(packet);
                bw.Flush();
            }
            catch (IOException e) // expect: SL0002
            {
                Console.Error.WriteLine($"write failed: {e.Message}");
            }
        }
    }

    // BUG: the catch does dispose something, but only the pooled buffer; the connection carries on.
    void SendPooled(Socket s, IReadOnlyList<string> lines)
    {
        foreach (var line in lines)
        {
            IMemoryOwner<byte> owner = MemoryPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(line.Length));
            int len = Encoding.UTF8.GetBytes(line, owner.Memory.Span);
            try
            {
                s.Send(owner.Memory.Span[..len]);
                owner.Dispose();
            }
            catch (SocketException) { owner.Dispose(); } // expect: SL0002
        }
    }

    // BUG: sync-over-async send; the AggregateException wrapping the reset is printed and swallowed.
    void SendBlocking(Socket s, IEnumerable<byte[]> messages)
    {
        foreach (var m in messages)
        {
            try { s.SendAsync(new ArraySegment<byte>(m), SocketFlags.None).Wait(); }
            catch (AggregateException ae) { Console.WriteLine(ae.InnerException?.Message); } // expect: SL0002
        }
    }

    // BUG: two clauses: the ObjectDisposedException one leaves, but the SocketException one only logs and loops.
    void TwoClauses(Socket s, Func<byte[]?> next)
    {
        byte[]? data;
        while ((data = next()) != null)
        {
            try { s.Send(data); }
            catch (ObjectDisposedException) { return; }
            catch (SocketException se) { Log.Warning(se, "send failed with {Code}", se.SocketErrorCode); } // expect: SL0002
        }
    }

    // BUG: length-prefixed frames; the filter only excludes WouldBlock, so resets are swallowed and counted.
    void FlushOutbox(Socket s, ConcurrentQueue<byte[]> outbox)
    {
        var header = new byte[4];
        while (outbox.TryDequeue(out var payload))
        {
            BinaryPrimitives.WriteInt32BigEndian(header, payload.Length);
            try
            {
                s.Send(header);
                s.Send(payload);
            }
            catch (SocketException ex) when (ex.SocketErrorCode != SocketError.WouldBlock) // expect: SL0002
            {
                Interlocked.Increment(ref _errors);
            }
        }
    }

    // BUG: Socket.SendFile failures are treated as "skip this file"; the next file goes to the dead socket.
    void SendFiles(Socket s, IEnumerable<string> paths)
    {
        foreach (var path in paths)
        {
            try { s.SendFile(path); }
            catch (SocketException) { Console.WriteLine($"skipping {path}"); } // expect: SL0002
        }
    }

    // BUG: "return" inside a List.ForEach lambda only moves on to the next client; the dead one stays listed.
    void BroadcastForEach(List<Socket> clients, byte[] msg)
    {
        clients.ForEach(c =>
        {
            try { c.Send(msg); }
            catch (SocketException) { return; } // expect: SL0002
        });
    }

    // BUG: out SocketError never read; on a reset "sent" is 0 and the loop spins on the dead socket.
    void SendAllIgnoringCode(Socket s, byte[] data)
    {
        int offset = 0;
        while (offset < data.Length)
        {
            int sent = s.Send(data, offset, data.Length - offset, SocketFlags.None, out SocketError err); // expect: SL0002
            offset += sent;
        }
    }

    // BUG: Span broadcast with "out var err", never looked at.
    void BroadcastSpan(IEnumerable<Socket> clients, ReadOnlySpan<byte> msg)
    {
        foreach (var c in clients)
            c.Send(msg, SocketFlags.None, out var err); // expect: SL0002
    }

    // BUG: HTTP-ish keep-alive server: a failed response is swallowed and the loop waits for the next request
    // on the same connection.
    void ServeKeepAlive(TcpClient client)
    {
        var ns = client.GetStream();
        var reader = new StreamReader(ns, Encoding.ASCII);
        var writer = new StreamWriter(ns, Encoding.ASCII) { NewLine = "\r\n" };
        string? requestLine;
        while ((requestLine = reader.ReadLine()) != null)
        {
            string? header;
            while ((header = reader.ReadLine()) != null && header.Length > 0) { }
            try
            {
                writer.WriteLine("HTTP/1.1 200 OK");
                writer.WriteLine("Content-Length: 2");
                writer.WriteLine();
                writer.Write("OK");
                writer.Flush();
            }
            catch (IOException) { } // expect: SL0002
        }
    }
}

// BUG: chat room keyed by nick: StreamWriters over each client's stream; a dead writer stays in the room.
class ChatRoom
{
    readonly Dictionary<string, StreamWriter> _writers = new();

    public void Join(string nick, TcpClient client) =>
        _writers[nick] = new StreamWriter(client.GetStream(), new UTF8Encoding(false)) { AutoFlush = true };

    public void Announce(string text)
    {
        foreach (var (nick, w) in _writers)
        {
            try { w.WriteLine($"* {text}"); }
            // A limit of SL0002: writers kept in a dictionary field by another method are not known for a connection's.
            catch (IOException) { }
        }
    }
}

// BUG: game tick: a bare catch only counts errors per player; the player is never dropped.
class GameTick
{
    readonly Dictionary<int, Player> _players = new();

    public void Broadcast(byte[] snapshot)
    {
        foreach (var p in _players.Values)
        {
            try { p.Socket.Send(snapshot); }
            catch { p.SendErrors++; } // expect: SL0002
        }
    }
}

// BUG: the finally only resets a flag; the catch counts, and the dead client stays in the list.
class Sender
{
    readonly List<Socket> _clients = new();
    bool _sending;
    int _failures;

    public void Tick(byte[] state)
    {
        foreach (var c in _clients)
        {
            _sending = true;
            try { c.Send(state); }
            catch (SocketException) { _failures++; } // expect: SL0002
            finally { _sending = false; }
        }
    }
}

class Negatives
{
    readonly List<Socket> _clients = new();
    readonly Dictionary<int, Player> _players = new();

    void Drop(Socket c)
    {
        _clients.Remove(c);
        c.Close();
    }

    // OK: the filter selects reset/abort, and those close and drop the client; anything else propagates.
    void BroadcastFiltered(byte[] msg)
    {
        foreach (var c in _clients.ToArray())
        {
            try { c.Send(msg); }
            catch (SocketException ex) when (ex.SocketErrorCode is SocketError.ConnectionReset or SocketError.ConnectionAborted) { Drop(c); }
        }
    }

    // OK: the inner catch logs and rethrows; the outer catch closes the socket and stops.
    void NestedRethrowThenClose(Socket s, IEnumerable<byte[]> frames)
    {
        try
        {
            foreach (var frame in frames)
            {
                try { s.Send(frame); }
                catch (SocketException ex) { Log.Warning(ex, "send failed"); throw; }
            }
        }
        catch (SocketException)
        {
            s.Close();
        }
    }

    // OK: client upload: the catch only logs, but the finally closes the connection and nothing more is sent.
    void UploadChunks(IEnumerable<byte[]> chunks)
    {
        var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        s.Connect(IPAddress.Loopback, 9000);
        try
        {
            foreach (var chunk in chunks) s.Send(chunk);
        }
        catch (SocketException ex)
        {
            Log.Warning(ex, "upload aborted");
        }
        finally
        {
            s.Close();
        }
    }

    // OK: owned client (using declaration); the catch logs and returns, so the using disposes it.
    void SendCommands(IEnumerable<string> commands)
    {
        using var client = new TcpClient();
        client.Connect(IPAddress.Loopback, 6379);
        var writer = new StreamWriter(client.GetStream()) { AutoFlush = true };
        foreach (var cmd in commands)
        {
            try { writer.WriteLine(cmd); }
            catch (IOException ex) { Log.Error(ex, "command {Cmd} failed", cmd); return; }
        }
    }

    // OK: the exception is logged and rethrown with its original stack via ExceptionDispatchInfo.
    void RethrowCaptured(Socket s, byte[] data)
    {
        try { s.Send(data); }
        catch (SocketException ex)
        {
            Log.Warning(ex, "send failed");
            ExceptionDispatchInfo.Capture(ex).Throw();
        }
    }

    // OK: wrapped in a domain exception and propagated.
    void SendWrapped(string id, NetworkStream ns, byte[] data)
    {
        try { ns.Write(data, 0, data.Length); }
        catch (IOException ex) { throw new ConnectionLostException(id, ex); }
    }

    // OK: the filter excludes IOException and SocketException: only serializer errors are swallowed,
    // the peer's failure propagates.
    void SendSerialized(NetworkStream ns, object message, Func<object, byte[]> serialize)
    {
        try { ns.Write(serialize(message)); }
        catch (Exception ex) when (ex is not (IOException or SocketException)) { Log.Warning(ex, "could not serialize {Type}", message.GetType()); }
    }

    // OK: the out SocketError is checked; the failed client is dropped, then "continue" moves on to the others.
    int BroadcastWithCode(byte[] msg)
    {
        int delivered = 0;
        foreach (var c in _clients.ToArray())
        {
            c.Send(msg, 0, msg.Length, SocketFlags.None, out SocketError err);
            if (err != SocketError.Success) { Drop(c); continue; }
            delivered++;
        }
        return delivered;
    }

    // OK: the error code goes through a switch expression that throws on failure.
    static int SendOrThrow(Socket s, ReadOnlySpan<byte> data)
    {
        int n = s.Send(data, SocketFlags.None, out SocketError err);
        return err switch { SocketError.Success => n, _ => throw new SocketException((int)err) };
    }

    // OK: the send is outside the try; the swallowed IOException comes from the audit file.
    void SendAndAudit(Socket s, byte[] data, string auditPath)
    {
        s.Send(data);
        try { File.AppendAllText(auditPath, $"{DateTime.UtcNow:o} sent {data.Length}\n"); }
        catch (IOException) { }
    }

    // OK: UDP telemetry: connectionless, a lost datagram leaves no dead connection behind.
    void Telemetry(IEnumerable<byte[]> samples)
    {
        using var udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        var collector = new IPEndPoint(IPAddress.Loopback, 8125);
        foreach (var sample in samples)
        {
            try { udp.SendTo(sample, collector); }
            catch (SocketException) { }
        }
    }

    // OK: the try only builds the frame in memory; the send itself is outside and unguarded.
    void SendFrame(Socket s, int opcode, string body)
    {
        byte[] frame;
        try
        {
            using var ms = new MemoryStream();
            using (var bw = new BinaryWriter(ms, Encoding.UTF8, leaveOpen: true))
            {
                bw.Write(opcode);
                bw.Write(body);
            }
            frame = ms.ToArray();
        }
        catch (Exception ex)
        {
            Log.Warning(ex, "could not build frame");
            frame = Array.Empty<byte>();
        }
        if (frame.Length > 0) s.Send(frame);
    }

    // OK: abortive close of the failed player (linger 0) and removal from the table.
    void BroadcastAbortive(byte[] snapshot)
    {
        foreach (var p in _players.Values.ToList())
        {
            try { p.Socket.Send(snapshot); }
            catch (SocketException)
            {
                p.Socket.LingerState = new LingerOption(true, 0);
                p.Socket.Close();
                _players.Remove(p.Id);
            }
        }
    }

    // OK: TLS: on failure both the SslStream and the TcpClient are disposed, then the failure propagates.
    void SendTls(TcpClient tcp, SslStream ssl, byte[] data)
    {
        try
        {
            ssl.Write(data);
            ssl.Flush();
        }
        catch (IOException)
        {
            ssl.Dispose();
            tcp.Dispose();
            throw;
        }
    }
}

// OK: the session's own Close disposes the socket; the catch calls it.
sealed class Session
{
    readonly Socket _socket;
    public bool IsClosed { get; private set; }

    public Session(Socket socket) => _socket = socket;

    public void Send(byte[] data)
    {
        if (IsClosed) return;
        try { _socket.Send(data); }
        catch (SocketException) { Close(); }
    }

    public void Close()
    {
        IsClosed = true;
        _socket.Dispose();
    }
}

// OK: StreamWriter chat room that records failures and, after the loop, removes and disposes them.
class ChatRoomDeferredRemoval
{
    readonly Dictionary<string, (TcpClient Client, StreamWriter Writer)> _members = new();

    public void Announce(string text)
    {
        List<string>? dead = null;
        foreach (var (nick, m) in _members)
        {
            try { m.Writer.WriteLine($"* {text}"); m.Writer.Flush(); }
            catch (IOException) { (dead ??= new List<string>()).Add(nick); }
        }
        if (dead is null) return;
        foreach (var nick in dead)
        {
            if (_members.Remove(nick, out var m))
            {
                m.Writer.Dispose();
                m.Client.Dispose();
            }
        }
    }
}

// OK: BinaryWriter uplink; the failure disposes writer and client and clears the fields.
class Uplink
{
    TcpClient? _client;
    BinaryWriter? _writer;

    public void Connect()
    {
        _client = new TcpClient();
        _client.Connect(IPAddress.Loopback, 4000);
        _writer = new BinaryWriter(_client.GetStream());
    }

    public bool Send(int opcode, byte[] body)
    {
        if (_writer is null) return false;
        try
        {
            _writer.Write(opcode);
            _writer.Write(body.Length);
            _writer.Write(body);
            _writer.Flush();
            return true;
        }
        catch (IOException)
        {
            _writer.Dispose();
            _client?.Dispose();
            _writer = null;
            _client = null;
            return false;
        }
    }
}

// OK: Dispose: the swallowed exception comes from Shutdown, not from a send; the finally closes.
sealed class ClientConnection : IDisposable
{
    readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);

    public void Open() => _socket.Connect(IPAddress.Loopback, 7070);

    public void Dispose()
    {
        try { _socket.Shutdown(SocketShutdown.Both); }
        catch (SocketException) { }
        finally { _socket.Close(); }
    }
}

// OK: reconnecting client: the failed socket is disposed and replaced; the resend is outside the try.
sealed class ReconnectingClient
{
    Socket _socket = NewConnected();

    static Socket NewConnected()
    {
        var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        s.Connect(IPAddress.Loopback, 5555);
        return s;
    }

    public void Send(byte[] data)
    {
        try { _socket.Send(data); }
        catch (SocketException)
        {
            _socket.Dispose();
            _socket = NewConnected();
            _socket.Send(data);
        }
    }
}
