using System.Diagnostics;
using System.Text.Json;
using SocketLint.Harness.Runner;
using Xunit;

namespace SocketLint.Tests.Harness;

/// <summary>The harness runs alone: its measurements (CPU time, thread-pool delay) must not compete with other tests.</summary>
[CollectionDefinition(nameof(HarnessCollection), DisableParallelization = true)]
public sealed class HarnessCollection;

/// <summary>
/// The runtime harness: bad arguments are refused in one line with the usage and exit code 2, and the quick
/// configuration of each scenario reproduces its rule's failure on loopback sockets, in JSON of the documented shape.
/// </summary>
[Collection(nameof(HarnessCollection))]
public class HarnessTests
{
    [Theory]
    [InlineData("unknown scenario 'SL9999'", "SL9999")]
    [InlineData("unknown scenario 'bogus'", "bogus")]
    [InlineData("unknown option '--frobnicate'", "all", "--frobnicate")]
    [InlineData("invalid --timeout 'abc'", "--timeout", "abc")]
    [InlineData("invalid --timeout '0'", "--timeout", "0")]
    [InlineData("invalid --timeout '-5'", "--timeout=-5")]
    [InlineData("option '--timeout' needs a value", "SL0001", "--timeout")]
    [InlineData("unknown scenario 'SL12'", "--scenario", "SL12")]
    public async Task Bad_arguments_exit_with_2_a_one_line_error_and_the_usage(string message, params string[] args)
    {
        var (exit, output, errors) = await RunInProcessAsync(args);

        Assert.Equal(HarnessCommand.BadArguments, exit);
        Assert.Equal("", output);
        var lines = errors.Split('\n', StringSplitOptions.TrimEntries);
        Assert.StartsWith("error: " + message, lines[0]);
        Assert.Contains(lines, l => l.StartsWith("usage: SocketLint.Harness", StringComparison.Ordinal));
        Assert.DoesNotContain("   at ", errors);
    }

    [Fact]
    public async Task Help_prints_the_usage_and_exits_with_0()
    {
        var (exit, output, errors) = await RunInProcessAsync(["--help"]);

        Assert.Equal(HarnessCommand.Reproduced, exit);
        Assert.Contains("usage: SocketLint.Harness", output);
        Assert.Equal("", errors);
    }

    [Fact]
    public void Selection_accepts_all_rule_ids_in_any_case_and_the_scenario_option()
    {
        string[] known = ["SL0001", "SL0002", "SL0003", "SL0004"];

        Assert.True(HarnessOptions.TryParse([], known, out var none, out _));
        Assert.Equal(known, none.Rules);
        Assert.True(HarnessOptions.TryParse(["sl0003", "--scenario", "SL0001", "--json", "--quick", "--timeout=5"], known, out var some, out _));
        Assert.Equal(["SL0001", "SL0003"], some.Rules);
        Assert.True(some.Json);
        Assert.True(some.Quick);
        Assert.Equal(TimeSpan.FromSeconds(5), some.Timeout);
    }

    [Fact]
    public async Task SL0001_broken_server_leaves_close_wait_and_spins_fixed_does_not()
    {
        var (broken, fixedSide) = await RunScenarioAsync("SL0001");

        Assert.True(broken.GetProperty("serverCloseWait").GetInt32() > 0);
        Assert.Equal(0, fixedSide.GetProperty("serverCloseWait").GetInt32());
        Assert.True(broken.GetProperty("spinCpuMs").GetDouble() > fixedSide.GetProperty("spinCpuMs").GetDouble());
    }

    [Fact]
    public async Task SL0002_broken_server_keeps_dead_sockets_and_sends_to_them_fixed_drops_them()
    {
        var (broken, fixedSide) = await RunScenarioAsync("SL0002");

        Assert.True(broken.GetProperty("deadSocketsOpenAtEnd").GetInt32() > 0);
        Assert.Equal(0, fixedSide.GetProperty("deadSocketsOpenAtEnd").GetInt32());
        Assert.True(broken.GetProperty("sendsOnDeadConnections").GetInt32() > fixedSide.GetProperty("sendsOnDeadConnections").GetInt32());
        Assert.True(broken.GetProperty("errorsConnectionReset").GetInt32() + broken.GetProperty("errorsBrokenPipe").GetInt32() > 0);
    }

    [Fact]
    public async Task SL0003_broken_server_holds_time_wait_fixed_leaves_it_to_the_clients_and_restarts_work()
    {
        var (broken, fixedSide) = await RunScenarioAsync("SL0003");

        Assert.True(broken.GetProperty("serverTimeWait").GetInt32() > fixedSide.GetProperty("serverTimeWait").GetInt32());
        Assert.True(fixedSide.GetProperty("clientTimeWait").GetInt32() > 0);
        Assert.Equal(1, broken.GetProperty("listenerRestarted").GetInt32());
        Assert.Equal(1, fixedSide.GetProperty("listenerRestarted").GetInt32());
    }

    [Fact]
    public async Task SL0004_blocking_handlers_starve_the_thread_pool_awaiting_ones_do_not()
    {
        var (broken, fixedSide) = await RunScenarioAsync("SL0004");

        Assert.True(broken.GetProperty("probeDelayP50Ms").GetDouble() >= 100);
        Assert.True(fixedSide.GetProperty("probeDelayP50Ms").GetDouble() < broken.GetProperty("probeDelayP50Ms").GetDouble());
    }

    [Fact]
    public async Task A_scenario_past_its_timeout_fails_in_one_line_with_exit_1()
    {
        var (exit, stdout, stderr) = await RunChildAsync(["SL0004", "--quick", "--timeout", "1"]);

        Assert.Equal(HarnessCommand.NotReproduced, exit);
        Assert.Contains("SL0004: timed out after 1 s", stderr);
        Assert.Contains("reproduced: NO", stdout);
        Assert.DoesNotContain("   at ", stderr);
    }

    private static async Task<(int Exit, string Output, string Errors)> RunInProcessAsync(string[] args)
    {
        using var output = new StringWriter();
        using var errors = new StringWriter();
        int exit = await HarnessCommand.RunAsync(args, output, errors);
        return (exit, output.ToString(), errors.ToString());
    }

    /// <summary>
    /// Runs one scenario's quick configuration in a child process (its own thread pool and sockets, as from the
    /// command line), checks the JSON has exactly the documented shape and says reproduced, and returns both sides.
    /// </summary>
    private static async Task<(JsonElement Broken, JsonElement Fixed)> RunScenarioAsync(string rule)
    {
        var (exit, stdout, stderr) = await RunChildAsync([rule, "--quick", "--json", "--timeout", "30"]);
        Assert.True(exit == HarnessCommand.Reproduced, $"{rule}: exit {exit}\n{stdout}\n{stderr}");

        using var document = JsonDocument.Parse(stdout);
        var root = document.RootElement;
        Assert.Equal(["scenarios"], root.EnumerateObject().Select(p => p.Name));
        var scenario = Assert.Single(root.GetProperty("scenarios").EnumerateArray());
        Assert.Equal(["rule", "broken", "fixed", "reproduced"], scenario.EnumerateObject().Select(p => p.Name));
        Assert.Equal(rule, scenario.GetProperty("rule").GetString());
        Assert.True(scenario.GetProperty("reproduced").GetBoolean(), stdout);
        foreach (var side in new[] { "broken", "fixed" })
        {
            var metrics = scenario.GetProperty(side);
            Assert.Equal(JsonValueKind.Object, metrics.ValueKind);
            Assert.NotEmpty(metrics.EnumerateObject());
            Assert.All(metrics.EnumerateObject(), m => Assert.Equal(JsonValueKind.Number, m.Value.ValueKind));
        }

        return (scenario.GetProperty("broken").Clone(), scenario.GetProperty("fixed").Clone());
    }

    /// <summary>Runs the harness as the command line does, in a process of its own, killed if it outlives 60 s.</summary>
    private static async Task<(int Exit, string Output, string Errors)> RunChildAsync(string[] args)
    {
        var harness = typeof(HarnessCommand).Assembly.Location;
        var start = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(harness);
        foreach (var arg in args)
            start.ArgumentList.Add(arg);

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using (var limit = new CancellationTokenSource(TimeSpan.FromSeconds(60)))
        {
            try
            {
                await process.WaitForExitAsync(limit.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                Assert.Fail($"harness {string.Join(' ', args)}: did not finish within 60 s");
            }
        }

        return (process.ExitCode, await output, await errors);
    }

    /// <summary>The dotnet host that runs the tests (the CLI passes its path down), else the one on the PATH.</summary>
    private static string DotnetHost()
    {
        var fromCli = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(fromCli) && File.Exists(fromCli))
            return fromCli;
        var current = Environment.ProcessPath;
        if (current is not null && Path.GetFileNameWithoutExtension(current) == "dotnet")
            return current;
        return "dotnet";
    }
}
