using SocketLint.Benchmarks;
using Xunit;

namespace SocketLint.Tests.Benchmarks;

/// <summary>
/// The benchmark keeps working: its generator writes code that compiles and holds socket calls, and its runner
/// gives a result for every analyzer that loaded. Times are never asserted here; the benchmark itself checks them.
/// </summary>
public class BenchmarkTests
{
    [Fact]
    public void Generator_is_deterministic_and_writes_every_socket_shape()
    {
        var first = CodeGenerator.Generate(fileCount: 3, seed: 11);
        var second = CodeGenerator.Generate(fileCount: 3, seed: 11);
        Assert.Equal(first.Files.Select(f => f.Text), second.Files.Select(f => f.Text));
        Assert.True(first.Lines > 300);

        var text = string.Concat(first.Files.Select(f => f.Text));
        foreach (var shape in new[] { "AcceptSocket()", ".Receive(buffer)", "ReceiveAsync(", "ReadAsync(", "catch (SocketException", "AcceptTcpClientAsync(", ".Result", "async Task<int> ReadChunkAsync()", "using (var client", "async () =>" })
            Assert.Contains(shape, text);

        var plain = CodeGenerator.Generate(fileCount: 3, seed: 11, withSockets: false);
        Assert.DoesNotContain(plain.Files, f => f.Text.Contains("System.Net", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Quick_run_on_a_tiny_code_base_measures_every_loaded_analyzer()
    {
        var subjects = AnalyzerCatalog.Load();
        Assert.Contains(subjects, s => s.Name == "SL0001" && s.Loaded);
        Assert.Contains(subjects, s => s.Name == "SL0003" && s.Loaded);
        Assert.Contains(subjects, s => s.Name == "SL0004" && s.Loaded);
        Assert.Contains(subjects, s => s.Name == AnalyzerCatalog.Empty && s.Loaded);
        Assert.All(subjects.Where(s => !s.Loaded), s => Assert.False(string.IsNullOrWhiteSpace(s.Error)));

        var settings = BenchSettings.Quick with { FilesPerUnit = 2 };
        var results = await BenchRunner.RunAsync(settings, subjects, TextWriter.Null);

        var sockets = results[0];
        Assert.Equal(0, sockets.CompileErrors);
        Assert.True(sockets.Invocations > 0);
        Assert.True(sockets.SocketInvocations > 0);
        Assert.Single(sockets.BindTimes);
        foreach (var subject in subjects.Where(s => s.Loaded))
        {
            var result = sockets[subject.Name];
            Assert.NotNull(result);
            Assert.Single(result.Samples);
            Assert.Empty(result.Exceptions);
        }

        // The generated code holds each rule's broken shape: every SocketLint rule reports on it.
        foreach (var rule in new[] { "SL0001", "SL0003", "SL0004" })
            Assert.True(sockets[rule]!.Diagnostics > 0, rule + " found nothing in the generated code");

        // Without the sockets reference SocketLint registers nothing, so it finds nothing.
        var bare = Assert.Single(results, r => !r.SocketsReferenced);
        Assert.Equal(0, bare[AnalyzerCatalog.SocketLintAll]!.Diagnostics);

        var report = new StringWriter();
        BenchReport.WriteTables(results, report);
        BenchReport.WriteTargets(BenchReport.CheckTargets(results), assert: false, report);
        Assert.Contains("SocketLint (all)", report.ToString());
    }
}
