using Microsoft.AspNetCore.SignalR;

namespace SecureWatch.Functions.Live;

/// <summary>
/// The live-update hub at /api/live. Clients start at /api/negotiate (<see cref="LiveNegotiateEndpoint"/>), which
/// answers like the Azure Functions negotiate function: the hub's address and an access token for it, so one
/// JavaScript client works in both hosting modes. Server-to-client only: see <see cref="LiveTargets"/>.
/// </summary>
public sealed class LiveHub : Hub
{
    public const string Path = "/api/live";
}
