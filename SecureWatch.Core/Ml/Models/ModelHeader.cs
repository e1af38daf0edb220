using SecureWatch.Core.Features;
using SecureWatch.Core.Ml.Features;

namespace SecureWatch.Core.Ml.Models;

/// <summary>
/// The common start of every .swm file: magic, format version, model kind, model_version, feature set and
/// the symbolic vocabularies the model was trained with (so a file is self-describing and scoring never
/// depends on anything but the file).
/// </summary>
public sealed record ModelHeader(ModelKind Kind, string ModelVersion, KddFeatureSet FeatureSet, IReadOnlyList<CategoricalVocabulary?> Vocabularies)
{
    /// <summary>Format 2 adds the training rows per GBDT leaf; format 1 files (without them) still load.</summary>
    public const int FormatVersion = 2;

    /// <summary>The last format without GBDT leaf covers; also the layout model_version is hashed over.</summary>
    internal const int FormatWithoutCovers = 1;

    /// <summary>The format the file was read in (or will be written in).</summary>
    public int Format { get; init; } = FormatVersion;

    internal bool HasCovers => Format > FormatWithoutCovers;

    private static ReadOnlySpan<byte> Magic => "SWM1"u8;

    internal void Write(BinaryWriter writer, int format)
    {
        writer.Write(Magic);
        writer.Write(format);
        writer.Write((int)Kind);
        writer.Write(ModelVersion);
        writer.Write(FeatureSet.Name);
        writer.Write(Vocabularies.Count);
        foreach (var vocabulary in Vocabularies)
        {
            writer.Write(vocabulary is null ? -1 : vocabulary.Count);
            foreach (var value in vocabulary?.Values ?? [])
            {
                writer.Write(value);
            }
        }
    }

    internal static ModelHeader Read(BinaryReader reader, ModelKind expectedKind)
    {
        Span<byte> magic = stackalloc byte[4];
        reader.BaseStream.ReadExactly(magic);
        if (!magic.SequenceEqual(Magic))
        {
            throw new InvalidDataException("Not a SecureWatch model file.");
        }

        var format = reader.ReadInt32();
        if (format is < FormatWithoutCovers or > FormatVersion)
        {
            throw new InvalidDataException($"Model format {format} is not supported (expected {FormatWithoutCovers} to {FormatVersion}).");
        }

        var kind = (ModelKind)reader.ReadInt32();
        if (kind != expectedKind)
        {
            throw new InvalidDataException($"Expected a {expectedKind} model, found {kind}.");
        }

        var version = reader.ReadString();
        var setName = reader.ReadString();
        if (!KddFeatureSet.TryGet(setName, out var set))
        {
            throw new InvalidDataException($"Unknown feature set '{setName}'.");
        }

        var count = reader.ReadInt32();
        if (count != set.Count)
        {
            throw new InvalidDataException($"The {set.Name} feature set has {set.Count} columns, the file {count}.");
        }

        var vocabularies = new CategoricalVocabulary?[count];
        for (var i = 0; i < count; i++)
        {
            var values = reader.ReadInt32();
            if (values < 0)
            {
                continue;
            }

            var items = new string[values];
            for (var j = 0; j < values; j++)
            {
                items[j] = reader.ReadString();
            }

            vocabularies[i] = new CategoricalVocabulary(items);
        }

        return new ModelHeader(kind, version, set, vocabularies) { Format = format };
    }
}
