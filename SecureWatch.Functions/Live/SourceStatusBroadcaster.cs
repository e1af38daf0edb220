using System.Text.Json.Nodes;
using Microsoft.AspNetCore.SignalR;
using Npgsql;
using SecureWatch.Core.Persistence.Notifications;

namespace SecureWatch.Functions.Live;

/// <summary>
/// Tells SignalR clients when a data source is toggled or reconfigured, by any instance: every instance hears the
/// table's NOTIFY and pushes to its own clients. Pushes only sources that differ from the last load, so the
/// full reload after a lost listen connection also delivers changes made while it was down.
/// </summary>
public sealed class SourceStatusBroadcaster(NpgsqlDataSource dataSource, IHubContext<LiveHub> hub) : IDatabaseChangeSubscriber
{
    private Dictionary<string, (bool IsEnabled, string ConfigParams)>? _last;

    public string Channel => "securewatch_sources";

    public async Task ReloadAsync(CancellationToken cancellationToken)
    {
        var current = (await dataSource.ReadAllAsync(
                "SELECT source_name, is_enabled, config_params::text FROM data_source_config ORDER BY source_name",
                reader => (Name: reader.GetString(0), State: (reader.GetBoolean(1), reader.GetString(2))),
                cancellationToken))
            .ToDictionary(row => row.Name, row => row.State, StringComparer.Ordinal);

        var previous = _last;
        _last = current;
        if (previous is null)
        {
            return;
        }

        foreach (var (name, (isEnabled, configParams)) in current)
        {
            if (!previous.TryGetValue(name, out var before) || before != (isEnabled, configParams))
            {
                var message = new SourceStatusMessage(name, isEnabled, JsonNode.Parse(configParams)!.AsObject());
                await hub.Clients.All.SendAsync(LiveTargets.SourceStatus, message, cancellationToken);
            }
        }
    }
}
