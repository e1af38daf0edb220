using System.Reflection;
using System.Runtime.InteropServices;
using System.Runtime.Loader;

namespace SecureWatch.Core.Kafka;

/// <summary>
/// The single place that binds Confluent.Kafka (and SecureWatch's own mock-cluster interop) to the operating
/// system's librdkafka. SecureWatch ships without librdkafka.redist, so the library must come from the distribution
/// package (Debian: librdkafka1) or from the path in <see cref="PathEnvironmentVariable"/>.
/// </summary>
public static class LibrdkafkaLoader
{
    /// <summary>Environment variable holding an explicit path to librdkafka.so.1; overrides the probe.</summary>
    public const string PathEnvironmentVariable = "SECUREWATCH_LIBRDKAFKA";

    /// <summary>
    /// Name SecureWatch's own P/Invoke declarations use. It deliberately matches no file, so the runtime's probe
    /// fails and the resolver below hands out the handle of the exact library Confluent.Kafka was given.
    /// </summary>
    internal const string InteropLibraryName = "securewatch-librdkafka";

    private const string SonameFileName = "librdkafka.so.1";

    private static readonly Lock LoadLock = new();
    private static string? _loadedPath;
    private static nint _loadedHandle;
    private static bool _resolverRegistered;

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

    /// <summary>
    /// Loads librdkafka once per process and points Confluent.Kafka at it; later calls return the same path.
    /// </summary>
    /// <returns>The path of the loaded library.</returns>
    /// <exception cref="DllNotFoundException">No usable librdkafka was found.</exception>
    public static string EnsureLoaded()
    {
        lock (LoadLock)
        {
            if (_loadedPath is not null)
            {
                return _loadedPath;
            }

            var (path, handle) = LoadNativeLibrary(Environment.GetEnvironmentVariable(PathEnvironmentVariable));

            // Registered before Library.Load so that Confluent's own imports ("librdkafka", "libdl") resolve even
            // on machines without the -dev symlinks (librdkafka.so, libdl.so) that its probe expects.
            _loadedHandle = handle;
            if (!_resolverRegistered)
            {
                AssemblyLoadContext.Default.ResolvingUnmanagedDll += ResolveUnmanagedLibrary;
                _resolverRegistered = true;
            }

            // Returns false when a client was created before this call and Confluent already initialised itself;
            // that instance resolved through the same dynamic loader, so there is nothing left to do.
            Confluent.Kafka.Library.Load(path);
            _loadedPath = path;
            return path;
        }
    }

    /// <summary>Finds and loads librdkafka without touching process-wide state other than the loader's.</summary>
    internal static (string Path, nint Handle) LoadNativeLibrary(string? overridePath)
    {
        if (!string.IsNullOrWhiteSpace(overridePath))
        {
            if (NativeLibrary.TryLoad(overridePath, out var overrideHandle))
            {
                return (overridePath, overrideHandle);
            }

            throw new DllNotFoundException(
                $"{PathEnvironmentVariable} is set to '{overridePath}' but no loadable librdkafka is there. "
                + "Point it at librdkafka.so.1, or unset it and install librdkafka1 (apt-get install librdkafka1).");
        }

        var candidates = CandidatePaths();
        foreach (var candidate in candidates)
        {
            if (File.Exists(candidate) && NativeLibrary.TryLoad(candidate, out var handle))
            {
                return (candidate, handle);
            }
        }

        // Last resort: the dynamic loader's own search (ld.so.cache, LD_LIBRARY_PATH) for the soname.
        if (NativeLibrary.TryLoad(SonameFileName, out var sonameHandle))
        {
            return (SonameFileName, sonameHandle);
        }

        throw new DllNotFoundException(
            $"librdkafka was not found (looked in {string.Join(", ", candidates)} and the dynamic loader path). "
            + $"Install librdkafka1 (apt-get install librdkafka1) or set {PathEnvironmentVariable} to the path of "
            + "librdkafka.so.1.");
    }

    private static string[] CandidatePaths()
    {
        var multiarch = RuntimeInformation.ProcessArchitecture switch
        {
            Architecture.X64 => "x86_64-linux-gnu",
            Architecture.Arm64 => "aarch64-linux-gnu",
            Architecture.Arm => "arm-linux-gnueabihf",
            _ => null,
        };
        var paths = new List<string>(5);
        if (multiarch is not null)
        {
            paths.Add($"/usr/lib/{multiarch}/{SonameFileName}");
        }

        paths.Add($"/usr/lib64/{SonameFileName}");
        paths.Add($"/usr/lib/{SonameFileName}");
        paths.Add($"/usr/local/lib/{SonameFileName}");
        return [.. paths];
    }

    private static nint ResolveUnmanagedLibrary(Assembly requestingAssembly, string libraryName)
    {
        if (libraryName is InteropLibraryName or "librdkafka")
        {
            return _loadedHandle;
        }

        // Confluent.Kafka imports dlopen from "libdl"; glibc 2.34+ only ships libdl.so.2 outside -dev packages.
        if (libraryName == "libdl" && NativeLibrary.TryLoad("libdl.so.2", out var libdl))
        {
            return libdl;
        }

        return 0;
    }
}
