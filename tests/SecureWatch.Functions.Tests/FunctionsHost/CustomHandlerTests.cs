using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using SecureWatch.Functions.Tests.Infrastructure;

namespace SecureWatch.Functions.Tests.FunctionsHost;

public sealed class CustomHandlerTests(CustomHandlerHostFixture fixture) : IClassFixture<CustomHandlerHostFixture>
{
    [Fact]
    public void Listens_on_loopback_at_the_port_the_functions_host_chose()
    {
        Assert.Equal(new Uri($"http://127.0.0.1:{fixture.Port}"), fixture.Host.Address);
    }

    [Fact]
    public async Task Readiness_probe_on_root_gets_an_http_answer()
    {
        using var client = fixture.Host.CreateClient(key: null);
        using var response = await client.GetAsync("/");
        Assert.True((int)response.StatusCode is >= 200 and < 500);
    }

    [Theory]
    [InlineData("""{"url":"https://sw.service.signalr.net/client/?hub=securewatch","accessToken":"token-1"}""", true)]
    [InlineData("""{"Url":"https://sw.service.signalr.net/client/?hub=securewatch","AccessToken":"token-1"}""", false)]
    public async Task Negotiate_returns_the_connection_info_in_outputs_res(string connectionInfo, bool encodedAsString)
    {
        var data = encodedAsString
            ? $$"""{"connectionInfo": {{JsonSerializer.Serialize(connectionInfo)}}}"""
            : $$"""{"connectionInfo": {{connectionInfo}}}""";
        var invocation = "{\"Data\": " + data + """, "Metadata": {"Headers": {"x-functions-key": "k"}}}""";

        var outputs = await InvokeAsync("/negotiate", invocation);

        var res = outputs.GetProperty("Outputs").GetProperty("res");
        Assert.Equal(200, res.GetProperty("statusCode").GetInt32());
        Assert.Equal("https://sw.service.signalr.net/client/?hub=securewatch", res.GetProperty("body").GetProperty("url").GetString());
        Assert.Equal("token-1", res.GetProperty("body").GetProperty("accessToken").GetString());
        Assert.Equal(JsonValueKind.Array, outputs.GetProperty("Logs").ValueKind);
    }

    [Fact]
    public async Task Negotiate_without_connection_info_answers_503_with_a_reason()
    {
        var outputs = await InvokeAsync("/negotiate", """{"Data": {}, "Metadata": {}}""");

        var res = outputs.GetProperty("Outputs").GetProperty("res");
        Assert.Equal(503, res.GetProperty("statusCode").GetInt32());
        Assert.Contains("AzureSignalRConnectionString", res.GetProperty("body").GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Forwarded_api_requests_still_require_a_key()
    {
        using var anonymous = fixture.Host.CreateClient(key: null);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/v1/config/sources")).StatusCode);
        using var admin = fixture.Host.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/api/v1/config/sources")).StatusCode);
    }

    private async Task<JsonElement> InvokeAsync(string path, string invocation)
    {
        using var client = fixture.Host.CreateClient(key: null);
        using var content = new StringContent(invocation, Encoding.UTF8, "application/json");
        using var response = await client.PostAsync(path, content);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }
}
