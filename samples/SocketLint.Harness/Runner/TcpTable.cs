using System.Net;
using System.Net.NetworkInformation;

namespace SocketLint.Harness.Runner;

/// <summary>
/// The kernel's TCP connection table (on Linux, /proc/net/tcp and tcp6), narrowed to one scenario's connections:
/// the server's port and the client ports the scenario itself opened, so entries left by earlier runs (TIME_WAIT
/// lasts 60 s) are never counted.
/// </summary>
public static class TcpTable
{
    /// <summary>Entries in <paramref name="state"/> on the server's side: local port is the server's, the peer one of ours.</summary>
    public static int ServerSide(int serverPort, IReadOnlySet<int> clientPorts, TcpState state) =>
        Count(state, c => c.LocalEndPoint.Port == serverPort && clientPorts.Contains(c.RemoteEndPoint.Port));

    /// <summary>Entries in <paramref name="state"/> on the clients' side: local port one of ours, the peer the server.</summary>
    public static int ClientSide(int serverPort, IReadOnlySet<int> clientPorts, TcpState state) =>
        Count(state, c => c.RemoteEndPoint.Port == serverPort && clientPorts.Contains(c.LocalEndPoint.Port));

    private static int Count(TcpState state, Func<TcpConnectionInformation, bool> belongs)
    {
        int count = 0;
        foreach (var connection in IPGlobalProperties.GetIPGlobalProperties().GetActiveTcpConnections())
        {
            if (connection.State == state && IPAddress.IsLoopback(connection.LocalEndPoint.Address) && belongs(connection))
                count++;
        }

        return count;
    }
}
