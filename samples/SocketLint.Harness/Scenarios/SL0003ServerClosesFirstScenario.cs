using System.Net.NetworkInformation;
using System.Net.Sockets;
using SocketLint.Harness.Runner;
using Broken = SocketLint.Harness.SL0003.Broken;
using Fixed = SocketLint.Harness.SL0003.Fixed;

namespace SocketLint.Harness.Scenarios;

/// <summary>
/// SL0003: short request/response exchanges, one connection each. The broken server closes first and keeps a
/// TIME_WAIT entry per exchange; the fixed one waits for the client's close, so TIME_WAIT stays with the clients.
/// Then the listener is restarted on the same port while those entries exist, which works either way.
/// </summary>
public sealed class SL0003ServerClosesFirstScenario : Scenario
{
    private static readonly byte[] Ping = "ping"u8.ToArray();

    public override string Rule => "SL0003";

    public override string Title => "Server closes first: TIME_WAIT on the server's port, and a listener restart over it";

    public static int Exchanges(bool quick) => quick ? 60 : 200;

    public override async Task<Metrics> RunAsync(Variant variant, ScenarioContext context)
    {
        var ct = context.Cancellation;
        int exchanges = Exchanges(context.Quick);
        Action<TcpListener> serveOne = variant == Variant.Broken ? Broken.ServeOne : Fixed.ServeOne;

        var listener = context.Track(Loopback.StartListener());
        int port = Loopback.PortOf(listener);
        var server = Dedicated.Run("SL0003 server", () =>
        {
            for (int i = 0; i < exchanges && !ct.IsCancellationRequested; i++)
                serveOne(listener);
        });

        var clientPorts = new HashSet<int>();
        int answered = 0;
        for (int i = 0; i < exchanges; i++)
        {
            var (received, localPort) = await LoopbackClient.ExchangeAsync(port, Ping, Ping.Length, ct);
            clientPorts.Add(localPort);
            if (received == Ping.Length)
                answered++;
        }

        if (!await Dedicated.SettleAsync(server, TimeSpan.FromSeconds(10)))
            throw new TimeoutException("the SL0003 server did not finish its exchanges within 10 s");
        await Task.Delay(100, ct);

        var metrics = new Metrics()
            .Count("exchanges", exchanges)
            .Count("answered", answered)
            .Count("serverTimeWait", TcpTable.ServerSide(port, clientPorts, TcpState.TimeWait))
            .Count("clientTimeWait", TcpTable.ClientSide(port, clientPorts, TcpState.TimeWait));

        // Restart the listener on the same port, without ReuseAddress, while the TIME_WAIT entries are still there.
        listener.Stop();
        bool restarted;
        int servedAfterRestart = 0;
        try
        {
            var again = context.Track(Loopback.StartListener(port));
            restarted = true;
            var serveAgain = Dedicated.Run("SL0003 restarted server", () => serveOne(again));
            var (received, _) = await LoopbackClient.ExchangeAsync(port, Ping, Ping.Length, ct);
            if (received == Ping.Length)
                servedAfterRestart = 1;
            await Dedicated.SettleAsync(serveAgain, TimeSpan.FromSeconds(5));
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressAlreadyInUse)
        {
            restarted = false;
        }

        return metrics
            .Count("listenerRestarted", restarted ? 1 : 0)
            .Count("servedAfterRestart", servedAfterRestart);
    }

    public override Verdict Judge(Metrics broken, Metrics fixedSide, bool quick)
    {
        int exchanges = Exchanges(quick);
        // The broken server sends and closes at once, so it nearly always closes first; when a loaded machine
        // preempts it between the two, the client's close can come first or cross it. Half is asked for.
        return new Verdict()
            .AtLeast("broken", broken, "serverTimeWait", Math.Ceiling(exchanges * 0.5))
            .AtMost("fixed", fixedSide, "serverTimeWait", Math.Floor(exchanges * 0.1))
            .AtLeast("fixed", fixedSide, "clientTimeWait", Math.Ceiling(exchanges * 0.8))
            .AtLeast("broken", broken, "listenerRestarted", 1)
            .AtLeast("broken", broken, "servedAfterRestart", 1)
            .AtLeast("fixed", fixedSide, "listenerRestarted", 1);
    }
}
