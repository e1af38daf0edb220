using System.Runtime.InteropServices;

namespace SecureWatch.Core.Kafka;

/// <summary>
/// Binds SecureWatch's own librdkafka interop (the mock cluster, see <see cref="Native.LibrdkafkaNative"/>) to the
/// very copy of librdkafka that Confluent.Kafka loaded from librdkafka.redist.
/// </summary>
/// <remarks>
/// Confluent.Kafka picks one of the redist's builds at run time: on Debian 12 the default librdkafka.so needs
/// libsasl2.so.3, which Debian lacks, so it falls back to centos8-librdkafka.so. Every build (and Debian's own
/// librdkafka1 package) has the soname librdkafka.so.1, so loading that name ourselves could map a second,
/// different copy into the process, and a mock cluster on one copy cannot be driven by clients of the other.
/// Hence: let Confluent load first, then find the file it mapped and take a handle to that same mapping.
/// </remarks>
public static class LibrdkafkaLoader
{
    /// <summary>
    /// Name SecureWatch's own P/Invoke declarations use. It deliberately matches no file, so only the resolver
    /// answers it, with the handle of the library Confluent.Kafka loaded.
    /// </summary>
    internal const string InteropLibraryName = "securewatch-librdkafka";

    private const string ProcessMaps = "/proc/self/maps";

    private static readonly Lock LoadLock = new();
    private static string? _loadedPath;
    private static nint _loadedHandle;

    /// <summary>Path of the librdkafka in use, or null before <see cref="EnsureLoaded"/> succeeded.</summary>
    public static string? LoadedPath
    {
        get
        {
            lock (LoadLock)
            {
                return _loadedPath;
            }
        }
    }

    /// <summary>Makes Confluent.Kafka load librdkafka (once per process) and returns the file it loaded.</summary>
    /// <exception cref="DllNotFoundException">Confluent.Kafka could not load librdkafka.</exception>
    /// <exception cref="InvalidOperationException">The loaded file cannot be identified, or two copies are mapped.</exception>
    public static string EnsureLoaded()
    {
        lock (LoadLock)
        {
            if (_loadedPath is not null)
            {
                return _loadedPath;
            }

            // Reading the version makes Confluent.Kafka load its native library if no client has done so yet.
            _ = Confluent.Kafka.Library.Version;
            var mapped = MappedLibrdkafkaFiles();
            if (mapped.Count != 1)
            {
                throw new InvalidOperationException(
                    mapped.Count == 0
                        ? $"Confluent.Kafka reports librdkafka loaded, but no librdkafka file is mapped in {ProcessMaps}."
                        : $"More than one librdkafka is mapped in this process ({string.Join(", ", mapped)}); "
                          + "clients of one cannot use a mock cluster of the other.");
            }

            // The file is mapped already, so the dynamic loader hands back that same copy (and only counts a reference).
            _loadedHandle = NativeLibrary.Load(mapped[0]);
            _loadedPath = mapped[0];
            return _loadedPath;
        }
    }

    /// <summary>The distinct librdkafka files mapped into this process, as the kernel lists them.</summary>
    internal static IReadOnlyList<string> MappedLibrdkafkaFiles()
    {
        if (!File.Exists(ProcessMaps))
        {
            throw new PlatformNotSupportedException($"SecureWatch finds the loaded librdkafka through {ProcessMaps} (Linux only).");
        }

        var files = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(ProcessMaps))
        {
            // address perms offset dev inode pathname; the path starts at the first '/' and may contain spaces.
            var slash = line.IndexOf('/', StringComparison.Ordinal);
            if (slash < 0)
            {
                continue;
            }

            var path = line[slash..];
            if (Path.GetFileName(path).Contains("librdkafka", StringComparison.Ordinal))
            {
                files.Add(path);
            }
        }

        return [.. files];
    }

    /// <summary>The resolver's answer for <see cref="InteropLibraryName"/>.</summary>
    internal static nint Handle()
    {
        EnsureLoaded();
        lock (LoadLock)
        {
            return _loadedHandle;
        }
    }
}
