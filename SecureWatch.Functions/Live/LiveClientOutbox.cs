using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR;

namespace SecureWatch.Functions.Live;

/// <summary>
/// What waits to be written to one connection, and the loop that writes it. A client that reads slower than
/// SecureWatch pushes fills only its own queue; beyond the capacity its oldest messages are dropped (counted here and
/// in the total), so a push to every client never waits on any one of them.
/// </summary>
public sealed class LiveClientOutbox
{
    private readonly HubConnectionContext _connection;
    private readonly Channel<SerializedHubMessage> _queue;
    private readonly Action _onDropped;
    private long _dropped;

    public LiveClientOutbox(HubConnectionContext connection, int capacity, Action onDropped)
    {
        _connection = connection;
        _onDropped = onDropped;
        _queue = Channel.CreateBounded<SerializedHubMessage>(
            new BoundedChannelOptions(Math.Max(1, capacity))
            {
                FullMode = BoundedChannelFullMode.DropOldest,
                SingleReader = true,
                AllowSynchronousContinuations = false,
            },
            _ => CountDropped());
        Writing = WriteAllAsync();
    }

    public string ConnectionId => _connection.ConnectionId;

    /// <summary>The API key's name the connection authenticated with.</summary>
    public string KeyName => _connection.User.Identity?.Name ?? "";

    public long Dropped => Interlocked.Read(ref _dropped);

    public int Queued => _queue.Reader.Count;

    /// <summary>Ends when the connection is gone and the queue completed.</summary>
    public Task Writing { get; }

    /// <summary>Queues without waiting; the message is serialized once per protocol, whatever the number of clients.</summary>
    public void Enqueue(SerializedHubMessage message) => _queue.Writer.TryWrite(message);

    public void Complete() => _queue.Writer.TryComplete();

    private void CountDropped()
    {
        Interlocked.Increment(ref _dropped);
        _onDropped();
    }

    private async Task WriteAllAsync()
    {
        // Yield first: the outbox is created inside SignalR's connect path, which must not run the loop.
        await Task.Yield();
        var aborted = _connection.ConnectionAborted;
        try
        {
            await foreach (var message in _queue.Reader.ReadAllAsync(aborted))
            {
                await _connection.WriteAsync(message, aborted);
            }
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
        }
    }
}
