// SL0002 cases on the Socket.Send overloads with "out SocketError".
using System.Net.Sockets;

namespace Unseen.A.SL0002.ErrorCode;

class Positives
{
    // BUG: the error code is discarded with out _.
    public void SendDiscard(Socket s, byte[] data)
    {
        s.Send(data, SocketFlags.None, out _); // expect: SL0002
    }

    // BUG: the error code is stored but never read; the loop keeps sending on a dead socket.
    public void SendChunks(Socket s, byte[] payload, int chunkSize)
    {
        for (int offset = 0; offset < payload.Length; offset += chunkSize)
        {
            int size = Math.Min(chunkSize, payload.Length - offset);
            s.Send(payload, offset, size, SocketFlags.None, out SocketError err); // expect: SL0002
        }
    }

    // BUG: gather-send overload; the error code is never looked at (only the byte count is).
    public int SendParts(Socket s, byte[] header, byte[] body)
    {
        var parts = new List<ArraySegment<byte>> { new(header), new(body) };
        int sent = s.Send(parts, SocketFlags.None, out var code); // expect: SL0002
        return sent;
    }

    // BUG: Span overload inside a loop; the error code variable is never checked.
    public void SendSpans(Socket s, IEnumerable<byte[]> frames)
    {
        SocketError error;
        foreach (var f in frames)
        {
            ReadOnlySpan<byte> span = f;
            s.Send(span, SocketFlags.None, out error); // expect: SL0002
        }
    }
}

class Negatives
{
    // OK: non-success closes the socket.
    public void SendOrClose(Socket s, byte[] data)
    {
        s.Send(data, 0, data.Length, SocketFlags.None, out SocketError err);
        if (err != SocketError.Success)
        {
            s.Close();
        }
    }

    // OK: switch on the error code, failures are thrown.
    public int SendChecked(Socket s, byte[] data)
    {
        int n = s.Send(data, SocketFlags.None, out SocketError err);
        switch (err)
        {
            case SocketError.Success:
                return n;
            case SocketError.ConnectionReset:
            case SocketError.Shutdown:
                throw new IOException("peer went away");
            default:
                throw new SocketException((int)err);
        }
    }

    // OK: the loop stops sending on the first non-success code.
    public bool SendChunks(Socket s, byte[] payload, int chunkSize)
    {
        for (int offset = 0; offset < payload.Length; offset += chunkSize)
        {
            int size = Math.Min(chunkSize, payload.Length - offset);
            s.Send(payload, offset, size, SocketFlags.None, out var err);
            if (err is not SocketError.Success)
                return false;
        }
        return true;
    }

    // OK: the error code is handed back to the caller.
    public SocketError TrySend(Socket s, byte[] data)
    {
        s.Send(data, SocketFlags.None, out SocketError err);
        return err;
    }
}
