using System.Net.Sockets;

namespace SocketLint.Harness.SL0002;

/// <summary>
/// A broadcast server that swallows send failures: a client that went away (closed or reset) stays in the list,
/// its socket stays open, and every round sends to it again.
/// </summary>
public static class Broken
{
    public static void Broadcast(List<Socket> clients, byte[] message)
    {
        foreach (Socket client in clients)
        {
            try
            {
                client.Send(message);
            }
            catch (SocketException) // expect: SL0002
            {
                // The client went away; carry on with the others.
            }
        }
    }

    public static void Heartbeat(List<Socket> clients, byte[] beat)
    {
        foreach (Socket client in clients)
            client.Send(beat, 0, beat.Length, SocketFlags.None, out SocketError error); // expect: SL0002
    }
}
