using Confluent.Kafka;
using SecureWatch.Core.Kafka;

namespace SecureWatch.Core.Tests.Kafka;

public sealed class LibrdkafkaLoaderTests
{
    [Fact]
    public void LoadingTwiceBindsConfluentToTheSameSystemLibrary()
    {
        var first = LibrdkafkaLoader.EnsureLoaded();
        var second = LibrdkafkaLoader.EnsureLoaded();

        Assert.Equal(first, second);
        Assert.Equal(first, LibrdkafkaLoader.LoadedPath);
        Assert.EndsWith("librdkafka.so.1", first, StringComparison.Ordinal);

        // Confluent.Kafka answers from the native library it was pointed at (Debian ships 2.x; 1.9.3 needs >= 0.9.3).
        Assert.StartsWith("2.", Library.VersionString, StringComparison.Ordinal);
    }

    [Fact]
    public void AnOverridePathThatHoldsNoLibraryNamesTheFix()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"securewatch-{Guid.NewGuid():N}", "librdkafka.so.1");

        var error = Assert.Throws<DllNotFoundException>(() => LibrdkafkaLoader.LoadNativeLibrary(missing));

        Assert.Contains(missing, error.Message, StringComparison.Ordinal);
        Assert.Contains("apt-get install librdkafka1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheProbeFindsTheDistributionLibraryWithoutAnOverride()
    {
        var (path, handle) = LibrdkafkaLoader.LoadNativeLibrary(overridePath: null);

        Assert.NotEqual(0, handle);
        Assert.Contains("librdkafka.so.1", path, StringComparison.Ordinal);
    }
}
