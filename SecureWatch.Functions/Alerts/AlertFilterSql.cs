using Npgsql;
using NpgsqlTypes;

namespace SecureWatch.Functions.Alerts;

/// <summary>Turns an <see cref="AlertQuery"/> into a parameterised WHERE clause over alerts a.</summary>
internal static class AlertFilterSql
{
    /// <summary>The conditions of every filter except status and cursor (the status counts use these alone).</summary>
    public static List<string> Conditions(AlertQuery filter, NpgsqlCommand command)
    {
        var conditions = new List<string> { "true" };
        Add(filter.Severity, "a.severity = {0}");
        Add(filter.Category, "a.category = {0}");
        Add(filter.DataSource, "a.data_source = {0}");
        Add(filter.Assignee, "a.assignee = {0}");
        Add(filter.Since, "a.last_seen >= {0}");
        Add(filter.Until, "a.first_seen < {0}");
        if (filter.Attacker is { } attacker)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = attacker, NpgsqlDbType = NpgsqlDbType.Cidr });
            conditions.Add($"a.attacker_ip <<= ${command.Parameters.Count}");
        }

        if (filter.Text is { } text)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = text + "%" });
            var p = $"${command.Parameters.Count}";
            conditions.Add($"(coalesce(host(a.attacker_ip), a.attacker) LIKE {p} OR EXISTS (SELECT 1 FROM alert_destinations d WHERE d.alert_id = a.id AND host(d.dst_ip) LIKE {p}))");
        }

        return conditions;

        void Add(object? value, string format)
        {
            if (value is not null)
            {
                command.Parameters.Add(new NpgsqlParameter { Value = value });
                conditions.Add(string.Format(System.Globalization.CultureInfo.InvariantCulture, format, $"${command.Parameters.Count}"));
            }
        }
    }

    /// <summary>The page's conditions: the common ones plus status and the cursor position in the chosen order.</summary>
    public static List<string> PageConditions(AlertQuery filter, NpgsqlCommand command)
    {
        var conditions = Conditions(filter, command);
        if (filter.Status is { } status)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = status });
            conditions.Add($"a.status = ${command.Parameters.Count}");
        }

        if (filter.Cursor is { } cursor)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = cursor.LastSeen });
            var seen = command.Parameters.Count;
            command.Parameters.Add(new NpgsqlParameter { Value = cursor.Id });
            var id = command.Parameters.Count;
            if (filter.BySeverity)
            {
                command.Parameters.Add(new NpgsqlParameter { Value = (short)cursor.SeverityRank });
                conditions.Add($"(a.severity_rank, a.last_seen, a.id) < (${command.Parameters.Count}, ${seen}, ${id})");
            }
            else
            {
                conditions.Add($"(a.last_seen, a.id) < (${seen}, ${id})");
            }
        }

        return conditions;
    }

    public static string OrderBy(AlertQuery filter) =>
        filter.BySeverity ? "a.severity_rank DESC, a.last_seen DESC, a.id DESC" : "a.last_seen DESC, a.id DESC";
}
