using System.Net.Sockets;
using SocketLint.Harness.Runner;
using Broken = SocketLint.Harness.SL0002.Broken;
using Fixed = SocketLint.Harness.SL0002.Fixed;

namespace SocketLint.Harness.Scenarios;

/// <summary>
/// SL0002: a broadcast server sends a message and a heartbeat to every client each round. After the first round
/// half the clients go away, some with a normal close (FIN) and some with a reset (RST). The broken server swallows
/// the send errors and keeps the dead sockets; the fixed one closes and drops each at its first error.
/// </summary>
public sealed class SL0002SendFailureScenario : Scenario
{
    private static readonly byte[] Message = new byte[64];
    private static readonly byte[] Beat = [1];

    public override string Rule => "SL0002";

    public override string Title => "Send failure swallowed: sends to dead connections, and their sockets left open";

    public static int Clients(bool quick) => quick ? 8 : 16;

    public static int Rounds(bool quick) => quick ? 6 : 12;

    public override async Task<Metrics> RunAsync(Variant variant, ScenarioContext context)
    {
        var ct = context.Cancellation;
        int clientCount = Clients(context.Quick), rounds = Rounds(context.Quick), gone = clientCount / 2;
        Action<List<Socket>, byte[]> broadcast = variant == Variant.Broken ? Broken.Broadcast : Fixed.Broadcast;
        Action<List<Socket>, byte[]> heartbeat = variant == Variant.Broken ? Broken.Heartbeat : Fixed.Heartbeat;

        var listener = context.Track(Loopback.StartListener());
        int port = Loopback.PortOf(listener);
        var clients = new List<Socket>();
        var serverSide = new Dictionary<int, Socket>();
        for (int i = 0; i < clientCount; i++)
        {
            var client = context.Track(Loopback.NewSocket());
            await client.ConnectAsync(Loopback.EndPoint(port), ct);
            clients.Add(client);
            var accepted = context.Track(await listener.AcceptSocketAsync(ct));
            serverSide[Loopback.RemotePortOf(accepted)] = accepted;
        }

        // The server's own list, which the code under test keeps (or prunes).
        var connections = clients.Select(c => serverSide[Loopback.PortOf(c)]).ToList();
        var dead = new HashSet<Socket>();
        var errors = new Dictionary<SocketError, int>();
        int sendsOnDead = 0;
        for (int round = 0; round < rounds && !ct.IsCancellationRequested; round++)
        {
            if (round == 1)
            {
                for (int i = 0; i < gone; i++)
                {
                    if (i % 2 == 0)
                    {
                        LoopbackClient.DiscardAvailable(clients[i]);     // nothing unread: the close sends FIN
                    }
                    else
                    {
                        clients[i].LingerState = new LingerOption(true, 0);   // the close sends RST
                    }

                    clients[i].Close();
                    dead.Add(connections[i]);
                }

                await Task.Delay(50, ct);
            }

            sendsOnDead += connections.Count(dead.Contains);
            ThrownSocketErrors.Watch(errors, () => broadcast(connections, Message));
            sendsOnDead += connections.Count(dead.Contains);
            heartbeat(connections, Beat);
            await Task.Delay(20, ct);
        }

        int expected = rounds * (Message.Length + Beat.Length);
        int liveReceivedAll = clients.Skip(gone).Count(c => LoopbackClient.ReadUpTo(c, expected, TimeSpan.FromSeconds(2)) == expected);
        // On Linux the first send after the peer's RST fails with ECONNRESET; later ones with EPIPE, which .NET
        // reports as SocketError.Shutdown.
        int reset = errors.GetValueOrDefault(SocketError.ConnectionReset);
        int brokenPipe = errors.GetValueOrDefault(SocketError.Shutdown);
        return new Metrics()
            .Count("clients", clientCount)
            .Count("goneClients", gone)
            .Count("rounds", rounds)
            .Count("sendsOnDeadConnections", sendsOnDead)
            .Count("errorsConnectionReset", reset)
            .Count("errorsBrokenPipe", brokenPipe)
            .Count("errorsOther", errors.Values.Sum() - reset - brokenPipe)
            .Count("deadSocketsOpenAtEnd", dead.Count(s => !s.SafeHandle.IsClosed))
            .Count("liveClientsReceivedAll", liveReceivedAll);
    }

    public override Verdict Judge(Metrics broken, Metrics fixedSide, bool quick)
    {
        int gone = Clients(quick) / 2, rounds = Rounds(quick), live = Clients(quick) - gone;
        static double Errors(Metrics m) => m["errorsConnectionReset"] + m["errorsBrokenPipe"] + m["errorsOther"];
        return new Verdict()
            .AtLeast("broken", broken, "deadSocketsOpenAtEnd", gone)
            .AtMost("fixed", fixedSide, "deadSocketsOpenAtEnd", 0)
            .AtLeast("broken", broken, "sendsOnDeadConnections", gone * (rounds - 1))
            .AtMost("fixed", fixedSide, "sendsOnDeadConnections", gone * 3)
            .Check($"broken errors {Errors(broken)} >= {gone * (rounds - 2)}, fixed errors {Errors(fixedSide)} <= {gone}",
                Errors(broken) >= gone * (rounds - 2) && Errors(fixedSide) <= gone)
            .AtLeast("fixed", fixedSide, "liveClientsReceivedAll", live);
    }
}
