namespace SecureWatch.Core.Features;

/// <summary>
/// The two feature sets SecureWatch scores. <c>kdd41</c> is the full NSL-KDD record sent by external
/// providers; <c>header28</c> is what the capture agent can compute from packet headers alone (basic
/// features 1-9 and traffic features 23-41). A header28 record is never padded out to kdd41: the
/// content features 10-22 are unknown, not zero.
/// </summary>
public sealed class KddFeatureSet
{
    private static readonly string[] All41 =
    [
        "duration", "protocol_type", "service", "flag", "src_bytes", "dst_bytes", "land", "wrong_fragment", "urgent",
        "hot", "num_failed_logins", "logged_in", "num_compromised", "root_shell", "su_attempted", "num_root",
        "num_file_creations", "num_shells", "num_access_files", "num_outbound_cmds", "is_host_login", "is_guest_login",
        "count", "srv_count", "serror_rate", "srv_serror_rate", "rerror_rate", "srv_rerror_rate", "same_srv_rate",
        "diff_srv_rate", "srv_diff_host_rate", "dst_host_count", "dst_host_srv_count", "dst_host_same_srv_rate",
        "dst_host_diff_srv_rate", "dst_host_same_src_port_rate", "dst_host_srv_diff_host_rate", "dst_host_serror_rate",
        "dst_host_srv_serror_rate", "dst_host_rerror_rate", "dst_host_srv_rerror_rate",
    ];

    /// <summary>The symbolic (categorical) features; every other feature is numeric.</summary>
    public static readonly IReadOnlySet<string> SymbolicNames = new HashSet<string>(StringComparer.Ordinal)
    {
        "protocol_type", "service", "flag",
    };

    public static KddFeatureSet Kdd41 { get; } = new("kdd41", All41);

    public static KddFeatureSet Header28 { get; } = new("header28", [.. All41[..9], .. All41[22..]]);

    private KddFeatureSet(string name, string[] names)
    {
        Name = name;
        Names = names;
        var indexes = new int[names.Length];
        for (var i = 0; i < names.Length; i++)
        {
            indexes[i] = Array.IndexOf(All41, names[i]);
        }

        IndexesInKdd41 = indexes;
    }

    public string Name { get; }

    /// <summary>Feature names in model column order.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>For each column of this set, its position among the 41 NSL-KDD columns.</summary>
    public IReadOnlyList<int> IndexesInKdd41 { get; }

    public int Count => Names.Count;

    public static bool TryGet(string? name, out KddFeatureSet set)
    {
        switch (name)
        {
            case "kdd41":
                set = Kdd41;
                return true;
            case "header28":
                set = Header28;
                return true;
            default:
                set = Kdd41;
                return false;
        }
    }
}
