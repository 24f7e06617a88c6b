using System.Net.Sockets;

namespace Probe.T02;

class Bare
{
    readonly TcpClient _client;
    readonly NetworkStream _ns;
    Bare(TcpClient c) { _client = c; _ns = c.GetStream(); }

    void A(NetworkStream ns, byte[] m)
    {
        try { ns.Write(m, 0, m.Length); }
        catch (IOException) { ns.Close(); }
        catch { }
    }

    void B(byte[] m)
    {
        try { _ns.Write(m, 0, m.Length); }
        catch (IOException) { _client.Close(); }
        catch (Exception) { }
    }

    void C(byte[] m)
    {
        try { _ns.Write(m, 0, m.Length); }
        catch (IOException) { _client.Close(); }
    }

    void D(byte[] m)
    {
        try { _ns.Write(m, 0, m.Length); }
        catch (IOException) { _client.Close(); }
        catch { }
    }
}
