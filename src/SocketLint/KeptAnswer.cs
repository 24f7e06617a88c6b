namespace SocketLint;

/// <summary>
/// A key with the answer worked out for it, in one object: a field that keeps the last one asked about is read and
/// written by the driver's threads without a lock, and a thread reads one whole pair or another, never a key with
/// another key's answer.
/// </summary>
internal sealed class KeptAnswer<TKey, TValue>
    where TKey : class
{
    public KeptAnswer(TKey key, TValue value)
    {
        Key = key;
        Value = value;
    }

    public TKey Key { get; }

    public TValue Value { get; }
}
