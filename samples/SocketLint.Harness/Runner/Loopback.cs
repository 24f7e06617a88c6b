using System.Net;
using System.Net.Sockets;

namespace SocketLint.Harness.Runner;

/// <summary>The only addresses the harness uses: 127.0.0.1, with ephemeral ports chosen by the kernel.</summary>
public static class Loopback
{
    public static IPEndPoint EndPoint(int port) => new(IPAddress.Loopback, port);

    /// <summary>A started listener on 127.0.0.1, on an ephemeral port unless one is given.</summary>
    public static TcpListener StartListener(int port = 0)
    {
        var listener = new TcpListener(IPAddress.Loopback, port);
        listener.Start();
        return listener;
    }

    /// <summary>A listening socket on 127.0.0.1 and an ephemeral port.</summary>
    public static Socket ListeningSocket()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(EndPoint(0));
        socket.Listen(512);
        return socket;
    }

    public static Socket NewSocket() => new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);

    public static int PortOf(TcpListener listener) => ((IPEndPoint)listener.LocalEndpoint).Port;

    public static int PortOf(Socket socket) => ((IPEndPoint)socket.LocalEndPoint!).Port;

    public static int RemotePortOf(Socket socket) => ((IPEndPoint)socket.RemoteEndPoint!).Port;
}
