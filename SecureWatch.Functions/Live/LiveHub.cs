using Microsoft.AspNetCore.SignalR;

namespace SecureWatch.Functions.Live;

/// <summary>
/// The live-update hub, mapped at /api so that /api/negotiate answers where the Azure Functions negotiate function
/// does and one JavaScript client works in both hosting modes. Server-to-client only: see <see cref="LiveTargets"/>.
/// </summary>
public sealed class LiveHub : Hub
{
    public const string Path = "/api";
}
