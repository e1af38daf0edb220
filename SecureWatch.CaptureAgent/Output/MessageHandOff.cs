namespace SecureWatch.CaptureAgent.Output;

/// <summary>
/// Single-producer, single-consumer hand-off between the capture loop and the Kafka publisher thread. A Queue
/// under a lock rather than a Channel: its array is reused, so handing a message over allocates nothing.
/// </summary>
internal sealed class MessageHandOff<T> : IDisposable
    where T : class
{
    private readonly Queue<T> _queue = new();
    private readonly Lock _lock = new();
    private readonly SemaphoreSlim _available = new(0);
    private bool _completed;
    private int _consumerWaiting;

    /// <summary>Queues <paramref name="item"/>; false once <see cref="Complete"/> was called.</summary>
    public bool TryAdd(T item)
    {
        lock (_lock)
        {
            if (_completed)
            {
                return false;
            }

            _queue.Enqueue(item);
        }

        // The consumer announces under the lock that it found the queue empty, so this cannot miss it.
        if (Interlocked.Exchange(ref _consumerWaiting, 0) == 1)
        {
            _available.Release();
        }

        return true;
    }

    /// <summary>Nothing more will be added; the consumer takes what is left, then <see cref="Take"/> returns null.</summary>
    public void Complete()
    {
        lock (_lock)
        {
            _completed = true;
        }

        _available.Release();
    }

    /// <summary>The next item, waiting for one; null once completed and empty.</summary>
    public T? Take()
    {
        while (true)
        {
            lock (_lock)
            {
                if (_queue.TryDequeue(out var item))
                {
                    return item;
                }

                if (_completed)
                {
                    return null;
                }

                Volatile.Write(ref _consumerWaiting, 1);
            }

            _available.Wait();
        }
    }

    public void Dispose() => _available.Dispose();
}
