using System.Net.Sockets;

namespace SocketLint.Harness.Runner;

/// <summary>
/// Counts the <see cref="SocketException"/>s thrown on the current thread while watching, by error code, including
/// the ones the code under test catches and swallows: a first-chance handler sees every throw.
/// </summary>
public static class ThrownSocketErrors
{
    [ThreadStatic]
    private static Dictionary<SocketError, int>? t_watching;

    static ThrownSocketErrors()
    {
        AppDomain.CurrentDomain.FirstChanceException += (_, e) =>
        {
            if (t_watching is { } counts && e.Exception is SocketException socketException)
                counts[socketException.SocketErrorCode] = counts.GetValueOrDefault(socketException.SocketErrorCode) + 1;
        };
    }

    /// <summary>Runs <paramref name="action"/> and adds the socket errors it threw to <paramref name="counts"/>.</summary>
    public static void Watch(Dictionary<SocketError, int> counts, Action action)
    {
        t_watching = counts;
        try
        {
            action();
        }
        finally
        {
            t_watching = null;
        }
    }
}
