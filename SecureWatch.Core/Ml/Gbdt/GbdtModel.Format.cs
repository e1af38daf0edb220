namespace SecureWatch.Core.Ml.Gbdt;

/// <summary>The file layout of a <see cref="GbdtModel"/> and the checks that let scoring skip bounds checks.</summary>
public sealed partial class GbdtModel
{
    internal void Write(BinaryWriter writer) => Write(writer, withCovers: true);

    /// <summary>Format 1 files end at the category bits; format 2 adds the training rows per leaf.</summary>
    internal void Write(BinaryWriter writer, bool withCovers)
    {
        writer.Write((int)Objective);
        writer.Write(FeatureCount);
        ModelBinary.WriteArray(writer, _baseScores);
        ModelBinary.WriteArray(writer, _roots);
        writer.Write(_nodes.Length);
        foreach (var node in _nodes)
        {
            writer.Write(node.Feature);
            writer.Write(node.Threshold);
            writer.Write(node.Left);
            writer.Write(node.Right);
            writer.Write(node.CategoryOffset);
            writer.Write(node.CategoryWords);
        }

        ModelBinary.WriteArray(writer, _leaves);
        ModelBinary.WriteArray(writer, _categoryBits);
        if (withCovers)
        {
            ModelBinary.WriteArray(writer, _leafCovers ?? []);
        }
    }

    internal static GbdtModel Read(BinaryReader reader) => Read(reader, withCovers: true);

    internal static GbdtModel Read(BinaryReader reader, bool withCovers)
    {
        var objective = (GbdtObjective)reader.ReadInt32();
        var featureCount = reader.ReadInt32();
        var baseScores = ModelBinary.ReadFloats(reader);
        var roots = ModelBinary.ReadInts(reader);
        var nodes = new GbdtNode[ModelBinary.ReadCount(reader)];
        for (var i = 0; i < nodes.Length; i++)
        {
            nodes[i] = new GbdtNode(
                reader.ReadInt32(), reader.ReadSingle(), reader.ReadInt32(), reader.ReadInt32(), reader.ReadInt32(), reader.ReadInt32());
        }

        var leaves = ModelBinary.ReadFloats(reader);
        var bits = ModelBinary.ReadUInts(reader);
        var covers = withCovers ? ModelBinary.ReadInts(reader) : null;
        return new GbdtModel(objective, featureCount, baseScores, nodes, roots, leaves, bits, covers);
    }

    /// <summary>Rejects a corrupt file up front so scoring can skip bounds checks.</summary>
    private void Validate()
    {
        bool ChildOk(int child) => child >= 0 ? child < _nodes.Length : ~child < _leaves.Length;
        foreach (var root in _roots)
        {
            if (!ChildOk(root))
            {
                throw new InvalidDataException("A tree root points outside the model.");
            }
        }

        foreach (var node in _nodes)
        {
            if ((uint)node.Feature >= (uint)FeatureCount || !ChildOk(node.Left) || !ChildOk(node.Right) ||
                (node.IsCategorical && node.CategoryOffset + node.CategoryWords > _categoryBits.Length))
            {
                throw new InvalidDataException("A tree node is inconsistent with the model.");
            }
        }

        if (_leafCovers is not null && (_leafCovers.Length != _leaves.Length || _leafCovers.Any(c => c <= 0)))
        {
            throw new InvalidDataException("The leaf covers do not match the leaves.");
        }
    }
}
