using System.Globalization;

namespace SecureWatch.Core.LogStreams.Samples;

/// <summary>The random source, the sample day and the incidents planted so far.</summary>
internal sealed class SampleContext(int seed)
{
    /// <summary>Expected matches = one per planted row (a rule without threshold).</summary>
    public const int EveryRow = -1;

    /// <summary>Monday 8 January 2024, 00:00 UTC.</summary>
    public DateTimeOffset Day { get; } = new(2024, 1, 8, 0, 0, 0, TimeSpan.Zero);

    public Random Random { get; } = new(seed);

    public List<(string Id, string Rule, string Topic, string KeyValue, int Expected)> Incidents { get; } = [];

    /// <summary>Declares an incident and returns its id, to tag its rows with.</summary>
    public string Plant(string id, string rule, string topic, string keyValue, int expected)
    {
        Incidents.Add((id, rule, topic, keyValue, expected));
        return id;
    }

    public DateTimeOffset At(int hour, int minute, int second = 0) => Day.AddHours(hour).AddMinutes(minute).AddSeconds(second);

    /// <summary>A uniformly random second between two times of the day.</summary>
    public DateTimeOffset Between(TimeSpan from, TimeSpan to) =>
        Day.Add(from).AddSeconds(Random.Next((int)(to - from).TotalSeconds));

    public T Pick<T>(IReadOnlyList<T> items) => items[Random.Next(items.Count)];

    public static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);

    public static string Cert(DateTimeOffset time) => time.ToString("MM/dd/yyyy HH:mm:ss", CultureInfo.InvariantCulture);

    public static string Plain(DateTimeOffset time) => time.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    public static string Iso(DateTimeOffset time) => time.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static string AccessLog(DateTimeOffset time) => time.ToString("dd/MMM/yyyy:HH:mm:ss '+0000'", CultureInfo.InvariantCulture);

    /// <summary>A CERT-style record id such as {X1D9-S0ES98JV-5357PWMI}.</summary>
    public string CertId()
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        Span<char> id = stackalloc char[24];
        id[0] = '{';
        id[5] = '-';
        id[14] = '-';
        id[23] = '}';
        for (var i = 1; i < 23; i++)
        {
            if (i is not 5 and not 14)
            {
                id[i] = alphabet[Random.Next(alphabet.Length)];
            }
        }

        return new string(id);
    }
}
