namespace SocketLint.Harness.Runner;

/// <summary>
/// One side's run: its deadline, and every socket, listener and thread-owning resource it opened, closed at the end
/// whatever the code under test did with them.
/// </summary>
public sealed class ScenarioContext : IDisposable
{
    private readonly CancellationTokenSource _cancellation;
    private readonly List<IDisposable> _owned = [];
    private readonly object _gate = new();

    public ScenarioContext(bool quick, CancellationToken deadline)
    {
        Quick = quick;
        _cancellation = CancellationTokenSource.CreateLinkedTokenSource(deadline);
    }

    /// <summary>The smaller, faster configuration (tests, CI).</summary>
    public bool Quick { get; }

    /// <summary>Cancelled at the scenario's deadline, or when the side is cleaned up.</summary>
    public CancellationToken Cancellation => _cancellation.Token;

    /// <summary>Registers a resource to be disposed when the side ends, and returns it.</summary>
    public T Track<T>(T resource)
        where T : IDisposable
    {
        lock (_gate)
            _owned.Add(resource);
        return resource;
    }

    public void Dispose()
    {
        _cancellation.Cancel();
        IDisposable[] owned;
        lock (_gate)
        {
            owned = [.. _owned];
            _owned.Clear();
        }

        for (int i = owned.Length - 1; i >= 0; i--)
        {
            try
            {
                owned[i].Dispose();
            }
            catch (Exception)
            {
                // Cleanup is best effort: a socket the code under test broke may refuse a second close.
            }
        }

        _cancellation.Dispose();
    }
}
