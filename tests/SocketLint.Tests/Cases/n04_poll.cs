using System.Net;
using System.Net.Sockets;

namespace Probe.N04;

class PollCases
{
    const int NoWait = 0;

    async Task A(Socket s)
    {
        await Task.Yield();
        bool a = s.Poll(NoWait, SelectMode.SelectRead);
        bool b = s.Poll(TimeSpan.Zero, SelectMode.SelectRead);
        bool c = s.Poll(TimeSpan.FromSeconds(1), SelectMode.SelectRead); // expect: SL0004
        bool d = s.Poll(-1, SelectMode.SelectWrite); // expect: SL0004
        bool connected = !(s.Poll(1, SelectMode.SelectRead) && s.Available == 0); // expect: SL0004
    }

    async Task UdpClientConnect(IPEndPoint ep, byte[] m)
    {
        var u = new UdpClient();
        u.Client.Connect(ep);
        await u.SendAsync(m, m.Length);
    }

    async Task UdpSocketConnect(IPAddress ip, byte[] m)
    {
        using var u = new Socket(ip.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        u.Connect(ip, 9999);
        await u.SendAsync(m, SocketFlags.None);
    }
}
