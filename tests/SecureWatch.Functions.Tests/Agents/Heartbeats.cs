using System.Net.Http.Json;
using System.Text.Json;

namespace SecureWatch.Functions.Tests.Agents;

/// <summary>Heartbeat bodies as an agent sends them, and the agent list as a reader sees it.</summary>
internal static class Heartbeats
{
    public static Dictionary<string, object?> Report(
        long packetsRead = 1000, long kernelDrops = 0, long recordsEnqueued = 100, long recordsDropped = 0,
        double interval = 2, bool stopping = false) => new()
    {
        ["version"] = "1.2.3",
        ["capturing"] = true,
        ["interface"] = "lo",
        ["link_type"] = 1,
        ["bpf_filter"] = "tcp or udp",
        ["packets_read"] = packetsRead,
        ["packets_decoded"] = packetsRead - 10,
        ["packets_skipped"] = 10,
        ["kernel_drops"] = kernelDrops,
        ["interface_drops"] = 0,
        ["flows_active"] = 7,
        ["flows_evicted"] = 1,
        ["records_enqueued"] = recordsEnqueued,
        ["records_delivered"] = recordsEnqueued - 2,
        ["records_dropped"] = recordsDropped,
        ["records_failed"] = 0,
        ["records_pending"] = 2,
        ["kafka_state"] = "connected",
        ["interval_seconds"] = interval,
        ["stopping"] = stopping,
    };

    public static Task<HttpResponseMessage> PostAsync(HttpClient client, string name, object report) =>
        client.PostAsJsonAsync($"/api/v1/agents/{Uri.EscapeDataString(name)}/heartbeat", report);

    public static async Task<JsonElement> ReportedAsync(HttpClient client, string name, object report)
    {
        using var response = await PostAsync(client, name, report);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>The agent's entry in GET /api/v1/agents; fails when it is not listed.</summary>
    public static async Task<JsonElement> ListedAsync(HttpClient reader, string name)
    {
        var agents = await reader.GetFromJsonAsync<JsonElement>("/api/v1/agents");
        return agents.EnumerateArray().Single(a => a.GetProperty("name").GetString() == name);
    }
}
