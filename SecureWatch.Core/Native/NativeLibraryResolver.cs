using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.InteropServices;

namespace SecureWatch.Core.Native;

/// <summary>
/// The one DllImport resolver of SecureWatch.Core. The runtime accepts a single resolver per assembly, and this
/// assembly declares imports of more than one native library (libpcap, the librdkafka mock cluster), so each
/// registers its own library name here.
/// </summary>
internal static class NativeLibraryResolver
{
    private static readonly ConcurrentDictionary<string, Func<Assembly, DllImportSearchPath?, nint>> Resolvers = new(StringComparer.Ordinal);
    private static readonly Lock RegistrationLock = new();
    private static bool _registered;

    /// <summary>Routes imports of <paramref name="libraryName"/> to <paramref name="resolve"/> (0 means "not found").</summary>
    public static void Register(string libraryName, Func<Assembly, DllImportSearchPath?, nint> resolve)
    {
        Resolvers[libraryName] = resolve;
        lock (RegistrationLock)
        {
            if (!_registered)
            {
                NativeLibrary.SetDllImportResolver(typeof(NativeLibraryResolver).Assembly, Resolve);
                _registered = true;
            }
        }
    }

    private static nint Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath) =>
        Resolvers.TryGetValue(libraryName, out var resolve) ? resolve(assembly, searchPath) : 0;
}
