// SL0001 cases on TcpClient/NetworkStream/SslStream/StreamReader reads (sync).
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;

namespace Unseen.A.SL0001.Streams;

class Positives
{
    // BUG: single read on the connection's stream, count discarded; the text is decoded regardless.
    string ReadBanner(TcpClient client)
    {
        NetworkStream stream = client.GetStream();
        var buf = new byte[256];
        stream.Read(buf, 0, buf.Length); // expect: SL0001
        return Encoding.ASCII.GetString(buf).TrimEnd('\0');
    }

    // BUG: TcpClient.Connected stays true after FIN; the count is never compared with 0.
    byte[] Drain(TcpClient client)
    {
        var ns = client.GetStream();
        var ms = new MemoryStream();
        var buf = new byte[4096];
        while (client.Connected)
        {
            int n = ns.Read(buf, 0, buf.Length); // expect: SL0001
            ms.Write(buf, 0, n);
        }
        return ms.ToArray();
    }

    // BUG: ReadByte compared with '\n' but never with -1; at EOF it appends 0xFF forever.
    string ReadLineBytes(NetworkStream ns)
    {
        var bytes = new List<byte>();
        while (true)
        {
            int b = ns.ReadByte(); // expect: SL0001
            if (b == '\n') break;
            bytes.Add((byte)b);
        }
        return Encoding.ASCII.GetString(bytes.ToArray());
    }

    // BUG: -1 from ReadByte is seen but the loop just continues.
    void ByteLoopContinueOnEof(NetworkStream ns, Action<byte> sink)
    {
        while (true)
        {
            int b = ns.ReadByte(); // expect: SL0001
            if (b == -1) continue;
            sink((byte)b);
        }
    }

    // BUG: ReadLine's null is never checked; the loop prints empty lines forever after FIN.
    void EchoLines(TcpClient client)
    {
        var reader = new StreamReader(client.GetStream(), Encoding.UTF8);
        while (true)
        {
            Console.WriteLine(reader.ReadLine()); // expect: SL0001
        }
    }

    // BUG: null line is recognised but only skipped; the loop keeps reading at EOF.
    void CommandLoop(NetworkStream ns)
    {
        using var reader = new StreamReader(ns, leaveOpen: true);
        while (true)
        {
            string? line = reader.ReadLine(); // expect: SL0001
            if (line == null) continue;
            Execute(line);
        }
    }

    // BUG: SslStream read count only used as a length, never compared with 0.
    void SslPump(SslStream ssl, StringBuilder sb)
    {
        var buf = new byte[2048];
        while (true)
        {
            int n = ssl.Read(buf, 0, buf.Length); // expect: SL0001
            sb.Append(Encoding.UTF8.GetString(buf, 0, n));
        }
    }

    // BUG: the TcpClient is accepted (owned) here; the loop ends on 0 but the client is never closed.
    void ServeOne(TcpListener listener)
    {
        TcpClient client = listener.AcceptTcpClient();
        NetworkStream ns = client.GetStream();
        var buf = new byte[1024];
        int n;
        while ((n = ns.Read(buf, 0, buf.Length)) > 0) // expect: SL0001
            Handle(buf, n);
    }

    // BUG: the stream typed as Stream is still the connection's; count accumulated, never compared.
    byte[] ReadFrame(TcpClient client, int length)
    {
        Stream stream = client.GetStream();
        var buf = new byte[length];
        int total = 0;
        while (total < length)
        {
            int read = stream.Read(buf, total, length - total); // expect: SL0001
            total += read;
        }
        return buf;
    }

    // BUG: client created and connected here (owned); zero returns but never closes it.
    void OwnedClientReturns()
    {
        var client = new TcpClient();
        client.Connect(IPAddress.Loopback, 9000);
        var ns = client.GetStream();
        var buf = new byte[1024];
        while (true)
        {
            int n = ns.Read(buf, 0, buf.Length); // expect: SL0001
            if (n == 0) return;
            Handle(buf, n);
        }
    }

    static void Execute(string cmd) { }
    static void Handle(byte[] b, int n) { }
}

class Negatives
{
    // OK: owned client and stream both disposed by using declarations; the loop ends on 0.
    void ServeOne(TcpListener listener)
    {
        using TcpClient client = listener.AcceptTcpClient();
        using NetworkStream ns = client.GetStream();
        var buf = new byte[1024];
        int n;
        while ((n = ns.Read(buf, 0, buf.Length)) > 0)
            Handle(buf, n);
    }

    // OK: ReadByte loop ends at -1.
    int CountBytes(NetworkStream ns)
    {
        int count = 0;
        int b;
        while ((b = ns.ReadByte()) != -1)
            count++;
        return count;
    }

    // OK: ReadByte < 0 leaves the loop.
    string ReadLineBytes(NetworkStream ns)
    {
        var bytes = new List<byte>();
        while (true)
        {
            int b = ns.ReadByte();
            if (b < 0 || b == '\n') break;
            bytes.Add((byte)b);
        }
        return Encoding.ASCII.GetString(bytes.ToArray());
    }

    // OK: standard ReadLine loop ends on null.
    void EchoLines(NetworkStream ns)
    {
        var reader = new StreamReader(ns, Encoding.UTF8, leaveOpen: true);
        string? line;
        while ((line = reader.ReadLine()) != null)
            Console.WriteLine(line);
    }

    // OK: null line closes the client and returns.
    void CommandLoop(TcpClient client)
    {
        var reader = new StreamReader(client.GetStream());
        while (true)
        {
            string? line = reader.ReadLine();
            if (line is null)
            {
                client.Close();
                return;
            }
            Execute(line);
        }
    }

    // OK: SslStream over the connection; zero leaves the loop (the caller owns the client).
    void SslPump(TcpClient client)
    {
        using var ssl = new SslStream(client.GetStream(), leaveInnerStreamOpen: true);
        ssl.AuthenticateAsClient("localhost");
        var buf = new byte[2048];
        while (true)
        {
            int n = ssl.Read(buf, 0, buf.Length);
            if (n == 0) break;
            Handle(buf, n);
        }
    }

    // OK: ReadExactly / ReadAtLeast(throwOnEndOfStream: true) throw at EOF instead of returning 0.
    int ReadHeader(NetworkStream ns)
    {
        var header = new byte[4];
        ns.ReadExactly(header);
        var more = new byte[16];
        ns.ReadAtLeast(more, 8, throwOnEndOfStream: true);
        return BitConverter.ToInt32(header);
    }

    // OK: a file, not a connection.
    string? FirstLine(string path)
    {
        using var reader = File.OpenText(path);
        string? first = reader.ReadLine();
        Console.WriteLine(first);
        return first;
    }

    // OK: MemoryStream, not a connection.
    byte[] FromMemory(byte[] data)
    {
        using var ms = new MemoryStream(data);
        var buf = new byte[4];
        ms.Read(buf, 0, buf.Length);
        return buf;
    }

    // OK: ReadToEnd completes at the peer's FIN; nothing is left to compare.
    string ReadAll(TcpClient client)
    {
        using var reader = new StreamReader(client.GetStream());
        return reader.ReadToEnd();
    }

    // OK: zero closes the client and reports false to the caller.
    bool PumpOnce(TcpClient client, byte[] buf)
    {
        int n = client.GetStream().Read(buf, 0, buf.Length);
        if (n == 0)
        {
            client.Close();
            return false;
        }
        Handle(buf, n);
        return true;
    }

    // OK: owned client created here, closed in finally after the loop leaves on 0.
    void OwnedClientFinally()
    {
        var client = new TcpClient();
        try
        {
            client.Connect(IPAddress.Loopback, 9000);
            var ns = client.GetStream();
            var buf = new byte[1024];
            while (true)
            {
                int n = ns.Read(buf, 0, buf.Length);
                if (n == 0) return;
                Handle(buf, n);
            }
        }
        finally
        {
            client.Close();
        }
    }

    static void Execute(string cmd) { }
    static void Handle(byte[] b, int n) { }
}
