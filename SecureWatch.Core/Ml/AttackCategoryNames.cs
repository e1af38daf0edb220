namespace SecureWatch.Core.Ml;

/// <summary>Wire names of <see cref="AttackCategory"/>, as used in JSON output and configuration.</summary>
public static class AttackCategoryNames
{
    public const int Count = 5;

    private static readonly string[] Names = ["normal", "dos", "probe", "r2l", "u2r"];

    public static IReadOnlyList<string> All => Names;

    public static string ToName(this AttackCategory category) => Names[(int)category];

    public static bool TryParse(string? name, out AttackCategory category)
    {
        var index = Array.IndexOf(Names, name?.Trim().ToLowerInvariant());
        category = index < 0 ? AttackCategory.Normal : (AttackCategory)index;
        return index >= 0;
    }
}
