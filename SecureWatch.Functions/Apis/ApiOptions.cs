using System.ComponentModel.DataAnnotations;

namespace SecureWatch.Functions.Apis;

/// <summary>Bound from the "Api" configuration section.</summary>
public sealed class ApiOptions
{
    public const string SectionName = "Api";

    /// <summary>
    /// Longest a read of traffic or statistics may run in PostgreSQL (statement_timeout) before it is cancelled and
    /// answered 503, so that no reader can keep the database scanning.
    /// </summary>
    [Range(0.001, 300)]
    public double StatementTimeoutSeconds { get; set; } = 5;
}
