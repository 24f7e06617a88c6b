// SL0004 blind cases: SslStream, StreamReader/StreamWriter over network streams, UDP (still blocking),
// and non-socket streams (MemoryStream, FileStream) that are not this rule's business.
// A line that ends in "// expect: ID" must get that diagnostic, starting on that line; no other line may get one.
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;

namespace UnseenB.SL0004.StreamsUdp;

class StreamPositives
{
    // Bug: SslStream.Read in an async method (blocks on the socket underneath).
    async Task<int> TlsReadAsync(SslStream ssl, byte[] buf)
    {
        await Task.Yield();
        int n = ssl.Read(buf, 0, buf.Length); // expect: SL0004
        return n;
    }

    // Bug: SslStream.Write after an awaited handshake.
    async Task TlsWriteAsync(TcpClient client, byte[] request)
    {
        var ssl = new SslStream(client.GetStream(), leaveInnerStreamOpen: false);
        await ssl.AuthenticateAsClientAsync("localhost");
        ssl.Write(request); // expect: SL0004
    }

    // Bug: StreamReader.ReadLine over a NetworkStream in an async command loop.
    async Task CommandLoopAsync(TcpClient client, Func<string, Task<string>> exec)
    {
        var stream = client.GetStream();
        var reader = new StreamReader(stream, Encoding.UTF8);
        var writer = new StreamWriter(stream, Encoding.UTF8) { AutoFlush = true };
        while (true)
        {
            string? cmd = reader.ReadLine(); // expect: SL0004
            if (cmd == null) break;
            await writer.WriteLineAsync(await exec(cmd));
        }
    }

    // Bug: StreamWriter.Write with AutoFlush on a NetworkStream writes to the socket synchronously.
    async Task ReplyAsync(NetworkStream ns, string text)
    {
        var writer = new StreamWriter(ns, Encoding.ASCII) { AutoFlush = true };
        await Task.Yield();
        writer.Write(text); // expect: SL0004
    }

    // Bug: StreamReader over an SslStream (a network stream) read synchronously in async code.
    async Task<string?> TlsReadLineAsync(TcpClient client)
    {
        var ssl = new SslStream(client.GetStream());
        await ssl.AuthenticateAsClientAsync("localhost");
        var reader = new StreamReader(ssl);
        return reader.ReadLine(); // expect: SL0004
    }

    // Bug: UDP is still blocking: UdpClient.Receive in an async method.
    async Task<string> UdpReceiveAsync(UdpClient udp)
    {
        await Task.Yield();
        var from = new IPEndPoint(IPAddress.Loopback, 0);
        byte[] data = udp.Receive(ref from); // expect: SL0004
        return Encoding.UTF8.GetString(data);
    }

    // Bug: UdpClient.Send in async code.
    async Task UdpSendAsync(UdpClient udp, byte[] datagram, int port)
    {
        await Task.Yield();
        udp.Send(datagram, datagram.Length, new IPEndPoint(IPAddress.Loopback, port)); // expect: SL0004
    }

    // Bug: Receive on a UDP Socket in async code blocks until a datagram arrives.
    async Task<int> UdpSocketReceiveAsync(Socket udpSocket, byte[] buf)
    {
        await Task.Yield();
        int n = udpSocket.Receive(buf); // expect: SL0004
        return n;
    }

    // Bug: ReceiveFrom on a datagram socket in async code.
    async Task<EndPoint> UdpReceiveFromAsync(Socket udpSocket, byte[] buf)
    {
        EndPoint remote = new IPEndPoint(IPAddress.Loopback, 0);
        await Task.Yield();
        udpSocket.ReceiveFrom(buf, ref remote); // expect: SL0004
        return remote;
    }
}

class StreamNegatives
{
    // Fine: awaited SslStream handshake, ReadAsync and WriteAsync.
    async Task TlsAsync(TcpClient client, byte[] request, CancellationToken ct)
    {
        using var ssl = new SslStream(client.GetStream());
        await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = "localhost" }, ct);
        await ssl.WriteAsync(request, ct);
        var buf = new byte[1024];
        int n;
        while ((n = await ssl.ReadAsync(buf, ct)) > 0) { }
    }

    // Fine: awaited ReadLineAsync / WriteLineAsync over the network stream.
    async Task LinesAsync(TcpClient client, CancellationToken ct)
    {
        var stream = client.GetStream();
        var reader = new StreamReader(stream);
        var writer = new StreamWriter(stream) { AutoFlush = true };
        string? line;
        while ((line = await reader.ReadLineAsync(ct)) != null)
            await writer.WriteLineAsync(line.ToUpperInvariant());
    }

    // Fine: StreamReader over a file, read synchronously in async code: not a socket.
    async Task<List<string>> LoadHostsAsync(string path)
    {
        var hosts = new List<string>();
        using var reader = File.OpenText(path);
        string? line;
        while ((line = reader.ReadLine()) != null) hosts.Add(line);
        await Task.Yield();
        return hosts;
    }

    // Fine: StreamWriter over a MemoryStream: building a message in memory.
    async Task<byte[]> BuildMessageAsync(string body)
    {
        var ms = new MemoryStream();
        var writer = new StreamWriter(ms, Encoding.UTF8);
        writer.Write("LEN " + body.Length + "\n");
        writer.Write(body);
        writer.Flush();
        await Task.Yield();
        return ms.ToArray();
    }

    // Fine: writing a received payload to a FileStream synchronously is not a socket call.
    async Task SaveAsync(Socket s, string path, CancellationToken ct)
    {
        var buf = new byte[8192];
        using var file = new FileStream(path, FileMode.Create, FileAccess.Write);
        int n;
        while ((n = await s.ReceiveAsync(buf, SocketFlags.None, ct)) > 0)
            file.Write(buf, 0, n);
    }

    // Fine: awaited UdpClient.ReceiveAsync / SendAsync.
    async Task UdpAsync(UdpClient udp, int port, CancellationToken ct)
    {
        UdpReceiveResult r = await udp.ReceiveAsync(ct);
        await udp.SendAsync(r.Buffer, new IPEndPoint(IPAddress.Loopback, port), ct);
    }

    // Fine: UDP Receive in a synchronous method.
    byte[] UdpSync(UdpClient udp)
    {
        var from = new IPEndPoint(IPAddress.Loopback, 0);
        return udp.Receive(ref from);
    }

    // Fine: awaited ReceiveFromAsync on a datagram socket.
    async Task<int> UdpSocketAsync(Socket udpSocket, byte[] buf)
    {
        var r = await udpSocket.ReceiveFromAsync(buf, SocketFlags.None, new IPEndPoint(IPAddress.Loopback, 0));
        return r.ReceivedBytes;
    }

    // Fine: a synchronous TLS helper, called from async code only through Task.Run.
    async Task<int> OffloadTlsReadAsync(SslStream ssl, byte[] buf)
    {
        return await Task.Run(() => ReadTls(ssl, buf));
    }

    static int ReadTls(SslStream ssl, byte[] buf) => ssl.Read(buf, 0, buf.Length);
}
