namespace SecureWatch.Core.Ml.Data;

/// <summary>One NSL-KDD line: the 41 raw feature tokens in NSL-KDD column order, the label and the difficulty.</summary>
public sealed class NslKddRecord
{
    public NslKddRecord(string[] fields, string label, int? difficulty)
    {
        if (fields.Length != 41)
        {
            throw new ArgumentException("An NSL-KDD record has 41 features.", nameof(fields));
        }

        Fields = fields;
        Label = label;
        Difficulty = difficulty;
    }

    public IReadOnlyList<string> Fields { get; }

    public string Label { get; }

    public int? Difficulty { get; }
}
