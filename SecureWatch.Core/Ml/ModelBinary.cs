namespace SecureWatch.Core.Ml;

/// <summary>Little-endian array reading and writing shared by all model files.</summary>
internal static class ModelBinary
{
    private const int MaxCount = 64 * 1024 * 1024;

    public static void WriteArray(BinaryWriter writer, float[] values)
    {
        writer.Write(values.Length);
        foreach (var v in values)
        {
            writer.Write(v);
        }
    }

    public static void WriteArray(BinaryWriter writer, int[] values)
    {
        writer.Write(values.Length);
        foreach (var v in values)
        {
            writer.Write(v);
        }
    }

    public static void WriteArray(BinaryWriter writer, uint[] values)
    {
        writer.Write(values.Length);
        foreach (var v in values)
        {
            writer.Write(v);
        }
    }

    public static int ReadCount(BinaryReader reader)
    {
        var count = reader.ReadInt32();
        return count is >= 0 and <= MaxCount ? count : throw new InvalidDataException($"Implausible array length {count}.");
    }

    public static float[] ReadFloats(BinaryReader reader)
    {
        var values = new float[ReadCount(reader)];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = reader.ReadSingle();
        }

        return values;
    }

    public static int[] ReadInts(BinaryReader reader)
    {
        var values = new int[ReadCount(reader)];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = reader.ReadInt32();
        }

        return values;
    }

    public static uint[] ReadUInts(BinaryReader reader)
    {
        var values = new uint[ReadCount(reader)];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = reader.ReadUInt32();
        }

        return values;
    }
}
