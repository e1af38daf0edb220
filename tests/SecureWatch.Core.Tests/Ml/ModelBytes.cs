using SecureWatch.Core.Ml.Gbdt;

namespace SecureWatch.Core.Tests.Ml;

internal static class ModelBytes
{
    public static byte[] Of(GbdtModel model)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            model.Write(writer);
        }

        return stream.ToArray();
    }

    public static GbdtModel Read(byte[] bytes)
    {
        using var reader = new BinaryReader(new MemoryStream(bytes));
        return GbdtModel.Read(reader);
    }
}
