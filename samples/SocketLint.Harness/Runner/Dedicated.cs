namespace SocketLint.Harness.Runner;

/// <summary>
/// Runs synchronous code (a blocking server loop, a measuring driver) on its own background thread, so it neither
/// takes a thread-pool thread nor needs one, and a call stuck in the kernel cannot keep the process alive.
/// </summary>
public static class Dedicated
{
    public static Task Run(string name, Action action)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                action();
                done.SetResult();
            }
            catch (Exception e)
            {
                done.SetException(e);
            }
        })
        {
            IsBackground = true,
            Name = name,
        };
        thread.Start();
        return done.Task;
    }

    /// <summary>Waits up to <paramref name="timeout"/> for a task, and reports whether it ended; its fault, if any, is observed.</summary>
    public static async Task<bool> SettleAsync(Task task, TimeSpan timeout)
    {
        try
        {
            await task.WaitAsync(timeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            return false;
        }
        catch (Exception)
        {
            // A server loop ends by an exception when the harness closes its listener or socket: that is its stop signal.
        }

        return true;
    }
}
