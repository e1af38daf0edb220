namespace SecureWatch.Functions.Alerts;

/// <summary>PATCH /api/v1/alerts/{id}: any of the fields; an empty assignee unassigns.</summary>
public sealed record AlertChangeRequest(string? Status, string? Resolution, string? Assignee, string? Note);
