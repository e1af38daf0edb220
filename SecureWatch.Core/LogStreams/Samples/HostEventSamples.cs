namespace SecureWatch.Core.LogStreams.Samples;

/// <summary>Windows-style event log entries from workstations, a file server and a domain controller.</summary>
internal static class HostEventSamples
{
    private const string Security = "Security";
    private const string SecurityAuditing = "Microsoft-Windows-Security-Auditing";

    public static SampleTable HostEvent(SampleContext context, (string User, string Pc)[] users)
    {
        var table = new SampleTable(LogTypeSchemas.HostEvent);
        void Row(DateTimeOffset time, string host, int eventId, string channel, string provider, string level, string user,
            string targetUser, string group, string message, params string[] incidents) =>
            table.Add(time,
                [SampleContext.Iso(time), host, SampleContext.Text(eventId), channel, provider, level, user, targetUser, group, message],
                incidents);

        var hosts = Enumerable.Range(1, 30).Select(i => $"WS-{i:D3}").Concat(["SRV-FILE01", "DC-01"]).ToArray();
        for (var i = 0; i < 470; i++)
        {
            var host = context.Pick(hosts);
            var user = $"CORP\\{context.Pick(users).User.ToLowerInvariant()}";
            var time = context.Between(TimeSpan.Zero, TimeSpan.FromHours(24));
            switch (context.Random.Next(10))
            {
                case 0 or 1 or 2:
                    Row(time, host, 4624, Security, SecurityAuditing, "Information", user, "", "", "An account was successfully logged on.");
                    break;
                case 3 or 4:
                    Row(time, host, 4634, Security, SecurityAuditing, "Information", user, "", "", "An account was logged off.");
                    break;
                case 5:
                    Row(time, host, 4625, Security, SecurityAuditing, "Information", user, "", "", "An account failed to log on.");
                    break;
                case 6:
                    Row(time, host, 4688, Security, SecurityAuditing, "Information", user, "", "",
                        $"A new process has been created: C:\\Windows\\System32\\{context.Pick(["svchost.exe", "notepad.exe", "taskhostw.exe", "msedge.exe"])}");
                    break;
                case 7:
                    Row(time, host, 4672, Security, SecurityAuditing, "Information", "NT AUTHORITY\\SYSTEM", "", "",
                        "Special privileges assigned to new logon.");
                    break;
                default:
                    Row(time, host, 7036, "System", "Service Control Manager", "Information", "", "", "",
                        $"The {context.Pick(["Windows Update", "Print Spooler", "BITS", "Windows Defender"])} service entered the running state.");
                    break;
            }
        }

        // Ordinary administration the new-admin rule must not flag: an account created but put in a non-admin group,
        // and an existing account added to Administrators (no creation within the window).
        Row(context.At(9, 12, 0), "DC-01", 4720, Security, SecurityAuditing, "Information", "CORP\\it_admin", "svc_backup", "",
            "A user account was created.");
        Row(context.At(9, 13, 30), "DC-01", 4732, Security, SecurityAuditing, "Information", "CORP\\it_admin", "svc_backup", "Backup Operators",
            "A member was added to a security-enabled local group.");
        Row(context.At(13, 45, 0), "DC-01", 4732, Security, SecurityAuditing, "Information", "CORP\\it_admin", "jsmith_adm", "Administrators",
            "A member was added to a security-enabled local group.");

        var cleared = context.Plant("log-clearing", "hostevent-log-cleared", LogTopics.HostEvent, "WS-017", SampleContext.EveryRow);
        Row(context.At(1, 58, 12), "WS-017", 1102, Security, "Microsoft-Windows-Eventlog", "Information", "CORP\\temp_user", "", "",
            "The audit log was cleared.", cleared);
        Row(context.At(1, 58, 40), "WS-017", 104, "System", "Microsoft-Windows-Eventlog", "Information", "CORP\\temp_user", "", "",
            "The System log file was cleared.", cleared);

        var admin = context.Plant("new-admin", "hostevent-new-admin", LogTopics.HostEvent, "helpdesk2", 1);
        Row(context.At(2, 4, 9), "DC-01", 4720, Security, SecurityAuditing, "Information", "CORP\\temp_user", "helpdesk2", "",
            "A user account was created.", admin);
        Row(context.At(2, 5, 31), "DC-01", 4732, Security, SecurityAuditing, "Information", "CORP\\temp_user", "helpdesk2", "Administrators",
            "A member was added to a security-enabled local group.", admin);
        return table;
    }
}
