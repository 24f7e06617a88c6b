using System.Diagnostics;
using System.Net.Sockets;
using SocketLint.Harness.Runner;
using Broken = SocketLint.Harness.SL0004.Broken;
using Fixed = SocketLint.Harness.SL0004.Fixed;

namespace SocketLint.Harness.Scenarios;

/// <summary>
/// SL0004: an async accept loop and async handlers serve clients that connect and then stay silent (half after a
/// one-byte greeting). The broken handlers block in <c>AcceptTcpClient</c>, in <c>Receive</c> (the greeting) and in
/// <c>ReadAsync(...).Result</c> (the request), one thread-pool thread each; the fixed ones await.
/// A probe work item queued to the pool every 25 ms measures how long the pool takes to get to it.
/// </summary>
public sealed class SL0004BlockingCallScenario : Scenario
{
    /// <summary>How late a probe may run before it counts as starved.</summary>
    public const double LateMs = 50;

    public override string Rule => "SL0004";

    public override string Title => "Blocking socket call in async code: thread-pool starvation while clients are idle";

    /// <summary>The broken side grows the pool, which would flatter anything run after it: the fixed side goes first.</summary>
    public override IReadOnlyList<Variant> Order { get; } = [Variant.Fixed, Variant.Broken];

    public static int IdleClients(bool quick) => quick ? 16 : 32;

    public static TimeSpan Window(bool quick) => TimeSpan.FromMilliseconds(quick ? 1500 : 3000);

    private static readonly TimeSpan ProbeInterval = TimeSpan.FromMilliseconds(25);

    private static readonly byte[] Greeting = [1];

    public override async Task<Metrics> RunAsync(Variant variant, ScenarioContext context)
    {
        var ct = context.Cancellation;
        int clients = IdleClients(context.Quick);
        var window = Window(context.Quick);
        Func<TcpListener, CancellationToken, Task> acceptLoop = variant == Variant.Broken ? Broken.AcceptLoopAsync : Fixed.AcceptLoopAsync;

        var listener = context.Track(Loopback.StartListener());
        int port = Loopback.PortOf(listener);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var server = Task.Run(() => acceptLoop(listener, stop.Token), ct);

        // The driver runs on its own thread: when the pool is starved, it still measures, and still cleans up.
        var delays = new List<double>();
        int threadsAtStart = ThreadPool.ThreadCount, threadsPeak = threadsAtStart;
        long pendingPeak = 0;
        var driver = Dedicated.Run("SL0004 driver", () =>
        {
            var idle = new List<Socket>();
            try
            {
                for (int i = 0; i < clients; i++)
                {
                    var socket = context.Track(Loopback.NewSocket());
                    socket.Connect(Loopback.EndPoint(port));
                    // Half greet and then fall silent (the handler waits in its request read), half never greet.
                    if (i % 2 == 1)
                        socket.Send(Greeting);
                    idle.Add(socket);
                }

                // A probe is queued every interval whether or not the previous one has run, so a starved pool
                // shows as a backlog; each records when it ran. One still queued when the window closes counts
                // with the time it has waited so far.
                var clock = Stopwatch.StartNew();
                int maxProbes = (int)(window / ProbeInterval) + 1;
                var queuedAt = new long[maxProbes];
                var ranAt = new long[maxProbes];
                int probes = 0;
                for (; probes < maxProbes && clock.Elapsed < window && !ct.IsCancellationRequested; probes++)
                {
                    var probe = new Probe(clock, ranAt, probes);
                    queuedAt[probes] = clock.ElapsedTicks;
                    ThreadPool.UnsafeQueueUserWorkItem(static p => p.Run(), probe, preferLocal: false);
                    threadsPeak = Math.Max(threadsPeak, ThreadPool.ThreadCount);
                    pendingPeak = Math.Max(pendingPeak, ThreadPool.PendingWorkItemCount);
                    Thread.Sleep(ProbeInterval);
                }

                long end = clock.ElapsedTicks;
                for (int i = 0; i < probes; i++)
                {
                    long ran = Volatile.Read(ref ranAt[i]);
                    delays.Add((ran == 0 ? end - queuedAt[i] : ran - queuedAt[i]) * 1000.0 / Stopwatch.Frequency);
                }
            }
            finally
            {
                // The clients close: every handler's receive returns 0 and it lets go of its thread.
                foreach (var socket in idle)
                    socket.Dispose();
            }
        });

        bool measured = await Dedicated.SettleAsync(driver, window + TimeSpan.FromSeconds(10));
        stop.Cancel();
        listener.Stop();
        await Dedicated.SettleAsync(server, TimeSpan.FromSeconds(5));
        if (!measured || delays.Count == 0)
            throw new TimeoutException("the SL0004 driver did not finish its measurement");

        delays.Sort();
        return new Metrics()
            .Count("idleClients", clients)
            .Milliseconds("windowMs", window.TotalMilliseconds)
            .Count("probes", delays.Count)
            .Count("probesLate", delays.Count(d => d > LateMs))
            .Milliseconds("probeDelayP50Ms", delays[delays.Count / 2])
            .Milliseconds("probeDelayMaxMs", delays[^1])
            .Count("poolThreadsStart", threadsAtStart)
            .Count("poolThreadsPeak", threadsPeak)
            .Count("pendingWorkItemsPeak", pendingPeak);
    }

    /// <summary>A work item that records when the pool got round to it.</summary>
    private sealed class Probe(Stopwatch clock, long[] ranAt, int index)
    {
        public void Run() => Volatile.Write(ref ranAt[index], Math.Max(1, clock.ElapsedTicks));
    }

    public override Verdict Judge(Metrics broken, Metrics fixedSide, bool quick) => new Verdict()
        .AtLeast("broken", broken, "probeDelayP50Ms", LateMs * 2)
        .AtMost("fixed", fixedSide, "probeDelayP50Ms", LateMs)
        .AtLeast("broken", broken, "probesLate", Math.Ceiling(broken["probes"] * 0.5))
        .AtLeast("broken", broken, "pendingWorkItemsPeak", 10);

    // The pool's thread counts are reported but not judged: where they start depends on what ran before in the
    // process (3 to 10 threads in a run of all), and the pool adds a thread now and then on its own (2 to 3 on a
    // fixed side once). The probe delay and the backlog are what the starvation costs.
}
