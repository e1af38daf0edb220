using Microsoft.AspNetCore.SignalR;

namespace SecureWatch.Functions.Live;

/// <summary>
/// The live-update hub at /api/live. Clients start at /api/negotiate (<see cref="LiveNegotiateEndpoint"/>), which
/// answers like the Azure Functions negotiate function: the hub's address and an access token for it, so one
/// JavaScript client works in both hosting modes. Server-to-client only: see <see cref="LiveTargets"/>.
/// </summary>
public sealed class LiveHub(LiveConnections connections) : Hub
{
    public const string Path = "/api/live";

    // Refused here rather than in the lifetime manager: an exception from OnConnectedAsync closes the connection with
    // its message as the reason the client sees, and tells the client not to reconnect.
    public override Task OnConnectedAsync() =>
        connections.TryAdmit(Context.ConnectionId) ? Task.CompletedTask : throw new HubException(connections.LimitReason);
}
