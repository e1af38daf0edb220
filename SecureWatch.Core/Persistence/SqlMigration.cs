namespace SecureWatch.Core.Persistence;

/// <summary>One versioned schema file. Versions are zero-padded so that ordinal order is apply order.</summary>
public sealed record SqlMigration(string Version, string Name, string Sql, string Checksum);
