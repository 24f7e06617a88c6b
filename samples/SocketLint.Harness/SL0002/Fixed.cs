using System.Net.Sockets;

namespace SocketLint.Harness.SL0002;

/// <summary>A send that fails means the connection is gone: close it and drop it from the list.</summary>
public static class Fixed
{
    public static void Broadcast(List<Socket> clients, byte[] message)
    {
        for (int i = clients.Count - 1; i >= 0; i--)
        {
            Socket client = clients[i];
            try
            {
                client.Send(message);
            }
            catch (SocketException)
            {
                client.Close();
                clients.RemoveAt(i);
            }
        }
    }

    public static void Heartbeat(List<Socket> clients, byte[] beat)
    {
        for (int i = clients.Count - 1; i >= 0; i--)
        {
            Socket client = clients[i];
            client.Send(beat, 0, beat.Length, SocketFlags.None, out SocketError error);
            if (error != SocketError.Success)
            {
                client.Close();
                clients.RemoveAt(i);
            }
        }
    }
}
