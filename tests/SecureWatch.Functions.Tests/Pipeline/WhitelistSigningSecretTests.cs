using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Npgsql;
using SecureWatch.Core.Persistence;
using SecureWatch.Functions.Tests.Infrastructure;
using SecureWatch.Testing;

namespace SecureWatch.Functions.Tests.Pipeline;

public sealed class WhitelistSigningSecretTests : IAsyncLifetime
{
    private const string Path = "/api/v1/config/whitelist";
    private const string Secret = "partner-signing-secret-1";

    private static readonly byte[] Key = Enumerable.Range(100, 32).Select(i => (byte)i).ToArray();

    private TestDatabase? _database;
    private RunningHost? _host;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        _host = await RunningHost.StartAsync(_database.ConnectionString, new Dictionary<string, string?>
        {
            [SigningSecretProtector.KeySetting] = Convert.ToBase64String(Key),
            ["Pipeline:Enabled"] = "false",
        });
    }

    public async Task DisposeAsync()
    {
        await _host!.DisposeAsync();
        await _database!.DisposeAsync();
    }

    [Fact]
    public async Task The_secret_is_write_only_encrypted_at_rest_and_never_audited()
    {
        using var admin = _host!.CreateClient();

        var created = await admin.PostAsJsonAsync(Path, new { ip_address = "192.0.2.10", signing_secret = Secret });

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.Content.ReadAsStringAsync();
        Assert.DoesNotContain(Secret, body, StringComparison.Ordinal);
        var entry = JsonDocument.Parse(body).RootElement;
        Assert.True(entry.GetProperty("has_signing_secret").GetBoolean());
        Assert.False(entry.TryGetProperty("signing_secret", out _));
        var id = entry.GetProperty("id").GetInt64();

        await using var connection = new NpgsqlConnection(_database!.ConnectionString);
        await connection.OpenAsync();
        var stored = (byte[])(await new NpgsqlCommand($"SELECT signing_secret FROM ip_whitelist WHERE id = {id}", connection).ExecuteScalarAsync())!;
        Assert.DoesNotContain(Secret, Encoding.Latin1.GetString(stored), StringComparison.Ordinal);
        Assert.True(new SigningSecretProtector(Key).TryUnprotect(stored, out var plain));
        Assert.Equal(Secret, Encoding.UTF8.GetString(plain));
        Assert.False(new SigningSecretProtector(new byte[32]).TryUnprotect(stored, out _));

        var cleared = await admin.PatchAsJsonAsync($"{Path}/{id}", new { signing_secret = "" });
        Assert.False((await cleared.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("has_signing_secret").GetBoolean());
        Assert.IsType<DBNull>(await new NpgsqlCommand($"SELECT signing_secret FROM ip_whitelist WHERE id = {id}", connection).ExecuteScalarAsync());

        var audit = (long)(await new NpgsqlCommand(
            $"SELECT count(*) FROM audit_log WHERE entity = 'ip_whitelist' AND (before::text LIKE '%{Secret}%' OR after::text LIKE '%{Secret}%')",
            connection).ExecuteScalarAsync())!;
        Assert.Equal(0, audit);
    }

    [Theory]
    [InlineData("short")]
    [InlineData("")]
    public async Task A_secret_outside_the_length_limits_is_refused(string secret)
    {
        using var admin = _host!.CreateClient();

        var response = await admin.PostAsJsonAsync(Path, new { ip_address = "192.0.2.11", signing_secret = secret });

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.StartsWith("signing_secret: must be 12 to 256 bytes", ProblemAssert.Detail(problem), StringComparison.Ordinal);
    }
}
