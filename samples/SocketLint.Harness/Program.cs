using SocketLint.Harness.Runner;

namespace SocketLint.Harness;

/// <summary>Runs each rule's broken and fixed sample on loopback sockets and prints what happened.</summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        try
        {
            return await HarnessCommand.RunAsync(args, Console.Out, Console.Error);
        }
        catch (Exception e)
        {
            // Scenarios report their own failures; this is the last line of defence against a stack trace.
            Console.Error.WriteLine($"error: {e.GetType().Name}: {e.Message}");
            return HarnessCommand.NotReproduced;
        }
    }
}
