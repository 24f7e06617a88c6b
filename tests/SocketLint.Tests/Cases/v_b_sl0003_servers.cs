// SL0003 blind cases: synchronous servers. The side that closes first holds TIME_WAIT for 2*MSL.
// A line that ends in "// expect: ID" must get that diagnostic, starting on that line; no other line may get one.
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace UnseenB.SL0003.Servers;

class SyncPositives
{
    int active;
    const int MaxClients = 64;

    // Bug: daytime-style server sends the time and closes each accepted socket before the client does.
    void Daytime(Socket listenSocket)
    {
        while (true)
        {
            Socket conn = listenSocket.Accept();
            conn.Send(Encoding.ASCII.GetBytes(DateTime.UtcNow.ToString("R") + "\r\n"));
            conn.Close(); // expect: SL0003
        }
    }

    // Bug: AcceptTcpClient, one request, one reply, then the server closes; the client never got to close first.
    void UpperCaseServer(TcpListener listener)
    {
        while (true)
        {
            TcpClient client = listener.AcceptTcpClient();
            NetworkStream ns = client.GetStream();
            var buf = new byte[1024];
            int read = ns.Read(buf, 0, buf.Length);
            if (read == 0) { client.Close(); continue; }
            var reply = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(buf, 0, read).ToUpperInvariant());
            ns.Write(reply, 0, reply.Length);
            client.Close(); // expect: SL0003
        }
    }

    // Bug: HTTP/1.0-style server; the end of the using statement disposes the accepted client right after the response.
    void HttpLike(TcpListener listener)
    {
        while (true)
        {
            using (TcpClient client = listener.AcceptTcpClient()) // expect: SL0003
            {
                var stream = client.GetStream();
                var reader = new StreamReader(stream, Encoding.ASCII);
                string? requestLine = reader.ReadLine();
                if (requestLine == null) continue;
                string? header;
                while (!string.IsNullOrEmpty(header = reader.ReadLine())) { }
                var writer = new StreamWriter(stream, Encoding.ASCII) { AutoFlush = true };
                writer.Write("HTTP/1.0 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok");
            }
        }
    }

    // Bug: using declaration; the accepted socket is disposed at the end of each iteration, right after the status is sent.
    void StatusServer(TcpListener listener, Func<string> status)
    {
        while (true)
        {
            using Socket s = listener.AcceptSocket(); // expect: SL0003
            s.Send(Encoding.UTF8.GetBytes(status()));
        }
    }

    // Bug: Dispose() right after the reply is a server-first close.
    void DisposesAfterReply(Socket listenSocket)
    {
        Socket handler = listenSocket.Accept();
        var buf = new byte[128];
        int n = handler.Receive(buf);
        if (n == 0) { handler.Dispose(); return; }
        handler.Send(Encoding.ASCII.GetBytes("ACK " + n + "\n"));
        handler.Dispose(); // expect: SL0003
    }

    // Bug: finally runs on the normal path too; there it closes right after the reply.
    void WithFinally(Socket listenSocket)
    {
        while (true)
        {
            Socket s = listenSocket.Accept();
            try
            {
                var buf = new byte[256];
                int n = s.Receive(buf);
                if (n > 0) s.Send(buf, 0, n, SocketFlags.None);
            }
            finally
            {
                s.Close(); // expect: SL0003
            }
        }
    }

    // Bug: Disconnect starts the close from the server side.
    void Disconnects(Socket listenSocket)
    {
        Socket s = listenSocket.Accept();
        s.Send(new byte[] { 0x06 });
        s.Disconnect(false); // expect: SL0003
        s.Close();
    }

    // Bug: Shutdown(Both) after the response sends the server's FIN first; the Close after it is the same close.
    void ShutdownBothThenClose(TcpListener listener)
    {
        Socket s = listener.AcceptSocket();
        s.Send(Encoding.ASCII.GetBytes("HTTP/1.0 204 No Content\r\n\r\n"));
        s.Shutdown(SocketShutdown.Both); // expect: SL0003
        s.Close();
    }

    // Bug: closing the TcpClient's underlying socket via .Client is still the server closing first.
    void ClosesUnderlyingSocket(TcpListener listener)
    {
        TcpClient client = listener.AcceptTcpClient();
        client.GetStream().Write(Encoding.ASCII.GetBytes("+OK\r\n"));
        client.Client.Close(); // expect: SL0003
    }

    // Bug: Close with a linger timeout is still a graceful close initiated by the server.
    void CloseWithTimeout(Socket listenSocket)
    {
        Socket s = listenSocket.Accept();
        s.Send(Encoding.ASCII.GetBytes("bye\n"));
        s.Close(5); // expect: SL0003
    }

    // Bug: turning a client away when full still closes the accepted connection first on a normal path.
    void RejectsWhenFull(TcpListener listener)
    {
        while (true)
        {
            Socket s = listener.AcceptSocket();
            if (active >= MaxClients)
            {
                s.Send(Encoding.ASCII.GetBytes("BUSY\n"));
                s.Close(); // expect: SL0003
                continue;
            }
            active++;
            ThreadPool.QueueUserWorkItem(_ => Drain(s));
        }
    }

    // Bug: a bad handshake is answered and closed by the server (an if-branch, not an exception path).
    void RejectsBadMagic(TcpListener listener)
    {
        TcpClient client = listener.AcceptTcpClient();
        var ns = client.GetStream();
        var magic = new byte[4];
        ns.ReadExactly(magic);
        if (magic[0] != (byte)'S' || magic[1] != (byte)'L')
        {
            ns.Write(Encoding.ASCII.GetBytes("ERR bad magic\n"));
            client.Close(); // expect: SL0003
            return;
        }
        ns.Write(Encoding.ASCII.GetBytes("OK\n"));
        var buf = new byte[512];
        while (ns.Read(buf, 0, buf.Length) > 0) { }
        client.Close();
    }

    // Bug: on QUIT the server answers and closes first; only the end-of-loop close (after EOF) is fine.
    void LineProtocol(TcpListener listener)
    {
        TcpClient client = listener.AcceptTcpClient();
        var stream = client.GetStream();
        var reader = new StreamReader(stream);
        var writer = new StreamWriter(stream) { AutoFlush = true };
        writer.WriteLine("220 ready");
        string? line;
        while ((line = reader.ReadLine()) != null)
        {
            if (line == "QUIT")
            {
                writer.WriteLine("221 bye");
                client.Close(); // expect: SL0003
                return;
            }
            writer.WriteLine("250 ok");
        }
        client.Close();
    }

    // Bug: the backend's EOF is not the client's; the accepted front connection is still closed first.
    void ForwardOnce(TcpListener listener)
    {
        Socket front = listener.AcceptSocket();
        var buf = new byte[4096];
        int n = front.Receive(buf);
        if (n == 0) { front.Close(); return; }
        using var backend = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        backend.Connect(IPAddress.Loopback, 9001);
        backend.Send(buf, 0, n, SocketFlags.None);
        int m;
        while ((m = backend.Receive(buf)) > 0)
            front.Send(buf, 0, m, SocketFlags.None);
        front.Close(); // expect: SL0003
    }

    // Bug: the explicit Close is the first close of the accepted client; the using's later Dispose is not reported again.
    void CloseInsideUsing(TcpListener listener)
    {
        using var client = listener.AcceptTcpClient();
        var stream = client.GetStream();
        stream.Write(Encoding.ASCII.GetBytes("HELLO\n"));
        client.Close(); // expect: SL0003
        Console.WriteLine("closed");
    }

    // Bug: TcpListener.Server is the listening socket; what its Accept returns is an accepted connection.
    void AcceptViaServerProperty(TcpListener listener)
    {
        using (Socket conn = listener.Server.Accept()) // expect: SL0003
        {
            conn.Send(Encoding.ASCII.GetBytes("220 hello\r\n"));
        }
    }

    void Drain(Socket s)
    {
        var buf = new byte[256];
        while (s.Receive(buf) > 0) { }
        s.Close();
        Interlocked.Decrement(ref active);
    }
}

class SyncNegatives
{
    readonly List<Socket> sessions = new();

    // Fine: echo server reads until Receive returns 0 (the client closed first), then closes.
    void Echo(Socket listenSocket)
    {
        while (true)
        {
            Socket s = listenSocket.Accept();
            var buf = new byte[1024];
            int n;
            while ((n = s.Receive(buf)) > 0)
                s.Send(buf, 0, n, SocketFlags.None);
            s.Close();
        }
    }

    // Fine: NetworkStream echo until Read returns 0; the using declaration disposes only after the client's FIN.
    void StreamEcho(TcpListener listener)
    {
        using TcpClient client = listener.AcceptTcpClient();
        NetworkStream ns = client.GetStream();
        var buf = new byte[1024];
        int n;
        while ((n = ns.Read(buf, 0, buf.Length)) != 0)
            ns.Write(buf, 0, n);
    }

    // Fine: reply, then drain until the client closes, then close.
    void ReplyThenDrain(TcpListener listener)
    {
        Socket s = listener.AcceptSocket();
        var buf = new byte[512];
        int n = s.Receive(buf);
        if (n == 0) { s.Close(); return; }
        s.Send(Encoding.ASCII.GetBytes("OK\n"));
        while (s.Receive(buf) > 0) { }
        s.Close();
    }

    // Fine: line server reads until ReadLine returns null (EOF = client's FIN); the using ends after that.
    void LinesUntilEof(TcpListener listener)
    {
        using (var client = listener.AcceptTcpClient())
        {
            var stream = client.GetStream();
            var reader = new StreamReader(stream, Encoding.UTF8);
            var writer = new StreamWriter(stream, Encoding.UTF8) { AutoFlush = true };
            string? line;
            while ((line = reader.ReadLine()) != null)
                writer.WriteLine(line.Length);
        }
    }

    // Fine: the loop breaks only on 0, so the Dispose comes after the client's close.
    void BreakOnZero(Socket listenSocket)
    {
        Socket s = listenSocket.Accept();
        var buf = new byte[2048];
        while (true)
        {
            int n = s.Receive(buf);
            if (n == 0) break;
            s.Send(buf, 0, n, SocketFlags.None);
        }
        s.Dispose();
    }

    // Fine: do/while until 0, then close.
    void DoWhile(TcpListener listener)
    {
        TcpClient client = listener.AcceptTcpClient();
        var ns = client.GetStream();
        var buf = new byte[256];
        int n;
        do
        {
            n = ns.Read(buf, 0, buf.Length);
            if (n > 0) ns.Write(buf, 0, n);
        } while (n > 0);
        client.Close();
    }

    // Fine: the finally closes, but on the normal path only after reading until 0.
    void FinallyAfterEof(Socket listenSocket)
    {
        Socket s = listenSocket.Accept();
        try
        {
            var buf = new byte[1024];
            int n;
            while ((n = s.Receive(buf)) > 0)
                s.Send(buf, 0, n, SocketFlags.None);
        }
        finally
        {
            s.Close();
        }
    }

    // Fine: stopping the listener closes the listening socket, not an accepted connection.
    void StopsListener(TcpListener listener, Func<bool> stopping)
    {
        listener.Start();
        while (!stopping())
        {
            Socket s = listener.AcceptSocket();
            lock (sessions) sessions.Add(s);
        }
        listener.Stop();
    }

    // Fine: closing the listening Socket itself is no TIME_WAIT issue.
    void ClosesListenSocket()
    {
        var listenSocket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listenSocket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listenSocket.Listen(16);
        Socket s = listenSocket.Accept();
        lock (sessions) sessions.Add(s);
        listenSocket.Close();
    }

    // Fine: abortive close (linger on, timeout 0) sends RST and leaves no TIME_WAIT; a deliberate choice.
    void AbortiveTcpClient(TcpListener listener)
    {
        using TcpClient client = listener.AcceptTcpClient();
        client.LingerState = new LingerOption(true, 0);
        client.GetStream().Write(Encoding.ASCII.GetBytes("503 try later\r\n"));
    }

    // Fine: abortive close set through SetSocketOption.
    void AbortiveViaOption(Socket listenSocket)
    {
        Socket s = listenSocket.Accept();
        s.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.Linger, new LingerOption(true, 0));
        s.Send(Encoding.ASCII.GetBytes("reset\n"));
        s.Close();
    }

    // Fine: the close in the catch is an error path (the connection already failed).
    void CloseOnSocketError(TcpListener listener)
    {
        Socket s = listener.AcceptSocket();
        var buf = new byte[256];
        try
        {
            int n;
            while ((n = s.Receive(buf)) > 0)
                s.Send(buf, 0, n, SocketFlags.None);
        }
        catch (SocketException)
        {
            s.Close();
            return;
        }
        s.Close();
    }

    // Fine: an IOException from the stream is an error path; the normal path reads to EOF before closing.
    void CloseOnIoError(TcpListener listener)
    {
        TcpClient client = listener.AcceptTcpClient();
        try
        {
            var ns = client.GetStream();
            var buf = new byte[256];
            while (ns.Read(buf, 0, buf.Length) > 0) { }
        }
        catch (IOException)
        {
            client.Close();
            throw;
        }
        client.Close();
    }

    // Fine: the accepted socket is handed to a session list; this method never closes it.
    void HandsOff(Socket listenSocket)
    {
        while (true)
        {
            Socket s = listenSocket.Accept();
            s.NoDelay = true;
            lock (sessions) sessions.Add(s);
        }
    }

    // Fine: a client that connects, sends, reads the reply and closes first is the expected design.
    string ClientRequest(int port)
    {
        var client = new TcpClient();
        client.Connect(IPAddress.Loopback, port);
        var ns = client.GetStream();
        ns.Write(Encoding.ASCII.GetBytes("TIME\n"));
        var buf = new byte[128];
        int n = ns.Read(buf, 0, buf.Length);
        client.Close();
        return n == 0 ? "" : Encoding.ASCII.GetString(buf, 0, n);
    }

    // Fine: the TcpClient(host, port) constructor connects; this is the client side.
    void ClientCtor(int port)
    {
        using (var client = new TcpClient("127.0.0.1", port))
        {
            client.GetStream().Write(Encoding.ASCII.GetBytes("PING\n"));
        }
    }

    // Fine: a connecting Socket shutting down and closing first.
    void ClientSocketShutdown(int port)
    {
        var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        s.Connect(new IPEndPoint(IPAddress.Loopback, port));
        s.Send(Encoding.ASCII.GetBytes("GET / HTTP/1.0\r\n\r\n"));
        s.Shutdown(SocketShutdown.Both);
        s.Close();
    }

    // Fine: proxy; the front connection is closed only after the client's EOF, the backend (client side) is closed by us.
    void Proxy(TcpListener listener)
    {
        Socket front = listener.AcceptSocket();
        var backend = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        backend.Connect(IPAddress.Loopback, 9002);
        var buf = new byte[4096];
        int n;
        while ((n = front.Receive(buf)) > 0)
            backend.Send(buf, 0, n, SocketFlags.None);
        backend.Close();
        front.Close();
    }
}
