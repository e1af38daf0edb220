using SecureWatch.Core.Alerts;

namespace SecureWatch.Functions.Alerts;

/// <summary>
/// The triage rules. open ⇄ acknowledged, open/acknowledged → closed (with a resolution), closed → open (reopen).
/// Closing and reopening need a note; a closed alert is reopened before it can be acknowledged.
/// </summary>
internal static class AlertTransitions
{
    public const int MaxNoteLength = 2000;
    public const int MaxAssigneeLength = 100;

    /// <summary>Checks what the request alone can tell (answered 400).</summary>
    public static bool TryValidate(string? status, string? resolution, string? assignee, string? note, out string field, out string reason)
    {
        (field, reason) = ("", "");
        if (status is not null && !AlertStatuses.All.Contains(status))
        {
            (field, reason) = ("status", $"one of {string.Join(", ", AlertStatuses.All)}");
        }
        else if (resolution is not null && !AlertResolutions.All.Contains(resolution))
        {
            (field, reason) = ("resolution", $"one of {string.Join(", ", AlertResolutions.All)}");
        }
        else if (resolution is not null && status != AlertStatuses.Closed)
        {
            (field, reason) = ("resolution", "only given when closing (status closed)");
        }
        else if (status == AlertStatuses.Closed && resolution is null)
        {
            (field, reason) = ("resolution", $"closing requires a resolution: one of {string.Join(", ", AlertResolutions.All)}");
        }
        else if (status == AlertStatuses.Closed && string.IsNullOrWhiteSpace(note))
        {
            (field, reason) = ("note", "closing requires a note");
        }
        else if (note is { Length: > MaxNoteLength })
        {
            (field, reason) = ("note", $"at most {MaxNoteLength} characters");
        }
        else if (assignee is { Length: > MaxAssigneeLength } || (assignee is not null && assignee.Any(char.IsControl)))
        {
            (field, reason) = ("assignee", $"at most {MaxAssigneeLength} characters, no control characters");
        }
        else if (status is null && assignee is null)
        {
            (field, reason) = ("status", "nothing to change: give a status or an assignee");
        }

        return field.Length == 0;
    }

    /// <summary>Why the change cannot apply to an alert in <paramref name="from"/> (answered 409), or null.</summary>
    public static string? Conflict(long id, string from, string? to, string? note)
    {
        if (to is null)
        {
            return null;
        }

        if (to == from)
        {
            return $"alert {id} is already {from}";
        }

        if (from == AlertStatuses.Closed && to == AlertStatuses.Acknowledged)
        {
            return $"alert {id} is closed: reopen it (status open) before acknowledging it";
        }

        if (from == AlertStatuses.Closed && string.IsNullOrWhiteSpace(note))
        {
            return $"alert {id} is closed: reopening requires a note";
        }

        return null;
    }
}
