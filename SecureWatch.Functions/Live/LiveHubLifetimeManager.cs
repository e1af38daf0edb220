using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;

namespace SecureWatch.Functions.Live;

/// <summary>
/// SignalR's in-memory lifetime manager, except that a push to all clients or to a group goes through each connection's
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

    public override async Task AddToGroupAsync(string connectionId, string groupName, CancellationToken cancellationToken = default)
    {
        await base.AddToGroupAsync(connectionId, groupName, cancellationToken);
        connections.AddToGroup(connectionId, groupName);
    }

    public override async Task RemoveFromGroupAsync(string connectionId, string groupName, CancellationToken cancellationToken = default)
    {
        connections.RemoveFromGroup(connectionId, groupName);
        await base.RemoveFromGroupAsync(connectionId, groupName, cancellationToken);
    }

    public override Task SendGroupAsync(string groupName, string methodName, object?[] args, CancellationToken cancellationToken = default)
    {
        connections.SendToGroup(groupName, new SerializedHubMessage(new InvocationMessage(methodName, args)));
        return Task.CompletedTask;
    }

    public override Task SendAllAsync(string methodName, object?[] args, CancellationToken cancellationToken = default)
    {
        connections.Broadcast(new SerializedHubMessage(new InvocationMessage(methodName, args)));
        return Task.CompletedTask;
    }
}
