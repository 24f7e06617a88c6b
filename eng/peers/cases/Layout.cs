using System.Net.Sockets;

namespace Peers;

// Calls that span lines, and a call in an embedded statement: a fix must keep the layout.
internal static class Layout
{
    public static async Task<int> MultiLine(Socket s, NetworkStream stream, byte[] buf, CancellationToken ct)
    {
        await Task.Yield();
        int n = s.Receive( // expect: SL0004
            buf,
            SocketFlags.None);
        stream.Write(buf, // expect: SL0004
                     0,
                     n);
        if (n > 0)
            n += s.Send(buf); // expect: SL0004
        return n;
    }
}
