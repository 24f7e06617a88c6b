using System.Diagnostics;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using SocketLint.Harness.Runner;
using Broken = SocketLint.Harness.SL0001.Broken;
using Fixed = SocketLint.Harness.SL0001.Fixed;

namespace SocketLint.Harness.Scenarios;

/// <summary>
/// SL0001: clients connect, send, and close. The broken server returns on 0 without closing (CLOSE_WAIT piles up
/// on its port) and its other loops read on after 0 (a core spins); the fixed one closes and stops.
/// </summary>
public sealed class SL0001PeerCloseScenario : Scenario
{
    private static readonly byte[] Hello = "hello"u8.ToArray();

    public override string Rule => "SL0001";

    public override string Title => "Peer close not handled: CLOSE_WAIT left on the server, CPU spent spinning on 0";

    public static int Connections(bool quick) => quick ? 10 : 40;

    public static TimeSpan SpinWindow(bool quick) => TimeSpan.FromMilliseconds(quick ? 400 : 500);

    public override async Task<Metrics> RunAsync(Variant variant, ScenarioContext context)
    {
        var metrics = new Metrics();
        int connections = Connections(context.Quick);
        metrics.Count("connections", connections);
        metrics.Count("serverCloseWait", await CountCloseWaitAsync(variant, connections, context));

        var window = SpinWindow(context.Quick);
        metrics.Milliseconds("spinWindowMs", window.TotalMilliseconds);
        metrics.Milliseconds("spinCpuMs", await MeasureSpinAsync(variant, window, context));
        return metrics;
    }

    public override Verdict Judge(Metrics broken, Metrics fixedSide, bool quick)
    {
        int connections = Connections(quick);
        double window = SpinWindow(quick).TotalMilliseconds;
        return new Verdict()
            .AtLeast("broken", broken, "serverCloseWait", Math.Ceiling(connections * 0.9))
            .AtMost("fixed", fixedSide, "serverCloseWait", 0)
            // Two spinning loops could take two whole cores; loops that stopped take nothing, and the process's
            // idle noise over a window is 0.5-3 ms. On a machine busy with other work the spinners get only their
            // share (27 ms of a 300 ms window with load 20 on 2 cores), so the line between them is drawn low.
            .AtLeast("broken", broken, "spinCpuMs", window * 0.05)
            .AtMost("fixed", fixedSide, "spinCpuMs", window * 0.025);
    }

    /// <summary>One server thread echoes the clients one after another; each client sends, reads the echo, and closes.</summary>
    private static async Task<int> CountCloseWaitAsync(Variant variant, int connections, ScenarioContext context)
    {
        var ct = context.Cancellation;
        Action<Socket> echoOne = variant == Variant.Broken ? Broken.EchoOne : Fixed.EchoOne;
        var listener = context.Track(Loopback.ListeningSocket());
        int port = Loopback.PortOf(listener);
        var server = Dedicated.Run("SL0001 server", () =>
        {
            for (int i = 0; i < connections && !ct.IsCancellationRequested; i++)
                echoOne(listener);
        });

        var clientPorts = new HashSet<int>();
        for (int i = 0; i < connections; i++)
        {
            var (_, localPort) = await LoopbackClient.ExchangeAsync(port, Hello, Hello.Length, ct);
            clientPorts.Add(localPort);
        }

        if (!await Dedicated.SettleAsync(server, TimeSpan.FromSeconds(10)))
            throw new TimeoutException("the SL0001 server did not finish its connections within 10 s");

        // The FIN has arrived by the time the server saw 0; give the fixed server's LAST_ACK a moment to clear.
        await Task.Delay(100, ct);
        return TcpTable.ServerSide(port, clientPorts, TcpState.CloseWait);
    }

    /// <summary>
    /// Two read loops whose peers have closed (a blocking echo loop on its own thread, an async byte counter on the
    /// pool); the process's CPU time over a fixed window is what they burn while nothing arrives.
    /// </summary>
    private static async Task<double> MeasureSpinAsync(Variant variant, TimeSpan window, ScenarioContext context)
    {
        var ct = context.Cancellation;
        Action<Socket, CancellationToken> echo = variant == Variant.Broken ? Broken.EchoUntilCancelled : Fixed.EchoUntilCancelled;
        Func<TcpClient, CancellationToken, Task<long>> countBytes = variant == Variant.Broken ? Broken.CountBytesAsync : Fixed.CountBytesAsync;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);

        var echoListener = context.Track(Loopback.ListeningSocket());
        var echoServer = Dedicated.Run("SL0001 echo", () => echo(echoListener, stop.Token));
        await LoopbackClient.ExchangeAsync(Loopback.PortOf(echoListener), Hello, Hello.Length, ct);

        var countListener = context.Track(Loopback.StartListener());
        var clientDone = LoopbackClient.ExchangeAsync(Loopback.PortOf(countListener), Hello, 0, ct);
        var counted = context.Track(await countListener.AcceptTcpClientAsync(ct));
        await clientDone;
        var counter = Task.Run(() => countBytes(counted, stop.Token), ct);

        // Both peers have closed: from here a correct loop is idle, a broken one spins.
        await Task.Delay(20, ct);
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        await Task.Delay(window, ct);
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        var elapsed = clock.Elapsed;
        stop.Cancel();

        await Dedicated.SettleAsync(counter, TimeSpan.FromSeconds(2));
        await Dedicated.SettleAsync(echoServer, TimeSpan.FromSeconds(2));

        // Scaled to the nominal window, in case the timer fired late on a loaded machine.
        return cpu.TotalMilliseconds * window.TotalMilliseconds / Math.Max(window.TotalMilliseconds, elapsed.TotalMilliseconds);
    }
}
