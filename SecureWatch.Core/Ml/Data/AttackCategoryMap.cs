using System.Reflection;

namespace SecureWatch.Core.Ml.Data;

/// <summary>
/// Maps NSL-KDD attack labels to <see cref="AttackCategory"/>. The table ships inside the assembly and
/// includes labels that occur only in the official test sets, so records of attack types never seen in
/// training still get a category.
/// </summary>
public sealed class AttackCategoryMap
{
    private const string ResourceName = "SecureWatch.Core.Ml.Data.attack-categories.csv";

    private readonly Dictionary<string, AttackCategory> _categories;

    private AttackCategoryMap(Dictionary<string, AttackCategory> categories) => _categories = categories;

    public static AttackCategoryMap Default { get; } = LoadEmbedded();

    public IReadOnlyDictionary<string, AttackCategory> Labels => _categories;

    public bool TryGetCategory(string label, out AttackCategory category) =>
        _categories.TryGetValue(label.Trim().TrimEnd('.'), out category);

    /// <summary>Parses CSV text with an <c>attack,category</c> header.</summary>
    public static AttackCategoryMap Parse(TextReader reader)
    {
        var categories = new Dictionary<string, AttackCategory>(StringComparer.OrdinalIgnoreCase);
        var first = true;
        while (reader.ReadLine() is { } line)
        {
            if (first)
            {
                first = false;
                if (line.StartsWith("attack", StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }
            }

            var comma = line.IndexOf(',');
            if (comma <= 0)
            {
                continue;
            }

            if (AttackCategoryNames.TryParse(line[(comma + 1)..], out var category))
            {
                categories[line[..comma].Trim()] = category;
            }
        }

        return new AttackCategoryMap(categories);
    }

    private static AttackCategoryMap LoadEmbedded()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"Embedded resource {ResourceName} is missing.");
        using var reader = new StreamReader(stream);
        return Parse(reader);
    }
}
