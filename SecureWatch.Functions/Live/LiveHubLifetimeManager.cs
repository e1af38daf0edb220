using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;

namespace SecureWatch.Functions.Live;

/// <summary>
/// SignalR's in-memory lifetime manager, except that a push to all clients goes through each connection's
/// <see cref="LiveClientOutbox"/>: the default awaits every connection's write, so one client that stops reading
/// stalls the relay and, through its bounded queue, costs every other client its messages.
/// </summary>
public sealed class LiveHubLifetimeManager(LiveConnections connections, ILogger<DefaultHubLifetimeManager<LiveHub>> logger)
    : DefaultHubLifetimeManager<LiveHub>(logger)
{
    public override async Task OnConnectedAsync(HubConnectionContext connection)
    {
        await base.OnConnectedAsync(connection);
        connections.Add(connection);
    }

    public override async Task OnDisconnectedAsync(HubConnectionContext connection)
    {
        connections.Remove(connection.ConnectionId);
        await base.OnDisconnectedAsync(connection);
    }

    public override Task SendAllAsync(string methodName, object?[] args, CancellationToken cancellationToken = default)
    {
        connections.Broadcast(new SerializedHubMessage(new InvocationMessage(methodName, args)));
        return Task.CompletedTask;
    }
}
