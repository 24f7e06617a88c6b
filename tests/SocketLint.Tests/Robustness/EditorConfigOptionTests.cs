using Microsoft.CodeAnalysis;
using Xunit;

namespace SocketLint.Tests.Robustness;

/// <summary>
/// <c>socketlint.close_methods</c> (read by SL0001 and SL0003) with values that are not what the doc page asks for:
/// no exception, and an entry that is not the documentation ID of a method is ignored, so the rules behave as with
/// no option, while the well-formed entries beside it still count.
/// </summary>
public class EditorConfigOptionTests
{
    private const string Release = "M:Pool.Release(System.Net.Sockets.Socket)";

    /// <summary>Both rules see the connection handed to Pool.Release, which closes nothing itself.</summary>
    private const string Code = """
        static class Pool { public static void Release(Socket s) { Console.WriteLine(s.Available); } }

        class C
        {
            void PeerClose(Socket listener, byte[] buf)
            {
                var client = listener.Accept();
                while (true)
                {
                    int n = client.Receive(buf);
                    if (n == 0) { Pool.Release(client); return; }
                }
            }

            void ServerClose(Socket listener)
            {
                var client = listener.Accept();
                client.Send(new byte[] { 1 });
                Pool.Release(client);
            }
        }
        """;

    public static TheoryData<string> BadValues() => new()
    {
        "",
        "   ",
        ",,, ,",
        "M:",
        "M:(",
        "M:Pool.Release(",
        "M:Pool.Release(System.Net.Sockets.Socket",
        "M:Pool..Release(System.Net.Sockets.Socket)",
        "M:Pool.Release(System.Net.Sockets.Socket))",
        "M:Pool.Release``99(``0)",
        "M:Pool.Release(System.Net.Sockets.Socket)`",
        "Pool.Release",
        "Pool.Release(System.Net.Sockets.Socket)",
        "T:Pool",
        "N:System",
        "F:Pool.Release",
        "P:Pool.Release",
        "E:Pool.Release",
        "X:Pool.Release(System.Net.Sockets.Socket)",
        ":",
        "::::",
        "M:Pööl.Relëase(System.Net.Sockets.Socket)",
        "M:Pool.Release(System.Net.Sockets.Socket)\\",
        "M:" + new string('A', 20000),
        "M:" + string.Concat(Enumerable.Repeat("A.", 5000)) + "B()",
        "M:Pool.Release(" + string.Concat(Enumerable.Repeat("System.Collections.Generic.List{", 200)) + ")",
        "\"M:Pool.Release(System.Net.Sockets.Socket)\"",
        "true",
    };

    private static async Task<List<string>> DiagnosticsWith(string? closeMethods)
    {
        var editorConfig = closeMethods is null ? null : $"root = true\n\n[*.cs]\nsocketlint.close_methods = {closeMethods}\n";
        var document = RobustnessHarness.StandaloneDocument(Code, topLevel: false, editorConfig: editorConfig);
        var (diagnostics, exceptions) = await RobustnessHarness.AnalyzeAsync(document.Project);
        Assert.Empty(exceptions);
        return diagnostics.Select(d => $"{d.Id} {d.Location.GetLineSpan().StartLinePosition}").OrderBy(d => d).ToList();
    }

    [Fact]
    public async Task The_option_counts_when_well_formed()
    {
        // Unset: Release closes nothing, so the owned connection is left open at 0 (SL0001) and never closed (no SL0003).
        // Set: Release closes, so the peer-close path is handled, and the server closes first in ServerClose.
        var without = await DiagnosticsWith(null);
        Assert.Contains(without, d => d.StartsWith("SL0001", StringComparison.Ordinal));
        Assert.DoesNotContain(without, d => d.StartsWith("SL0003", StringComparison.Ordinal));
        var with = await DiagnosticsWith(Release);
        Assert.DoesNotContain(with, d => d.StartsWith("SL0001", StringComparison.Ordinal));
        Assert.Contains(with, d => d.StartsWith("SL0003", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(BadValues))]
    public async Task A_bad_value_is_ignored_as_if_unset(string value)
    {
        Assert.Equal(await DiagnosticsWith(null), await DiagnosticsWith(value));
    }

    [Theory]
    [MemberData(nameof(BadValues))]
    public async Task A_bad_entry_beside_a_good_one_leaves_the_good_one_in_force(string value)
    {
        Assert.Equal(await DiagnosticsWith(Release), await DiagnosticsWith(value + ", " + Release));
    }
}
