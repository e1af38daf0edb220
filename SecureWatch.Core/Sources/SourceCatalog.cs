using System.Collections.Frozen;

namespace SecureWatch.Core.Sources;

/// <summary>
/// The data sources in force, in memory: which source a topic belongs to, and whether it is enabled. Replaced as a
/// whole whenever data_source_config changes, so a reader sees one consistent state; <see cref="Changed"/> lets the
/// host start and stop consumers without polling.
/// </summary>
public sealed class SourceCatalog
{
    private State state = new([]);

    public event Action? Changed;

    public IReadOnlyCollection<SourceSettings> Sources => Volatile.Read(ref state).ByName.Values;

    public bool IsLoaded => Volatile.Read(ref state).Loaded;

    public bool TryGetByTopic(string topic, out SourceSettings source) =>
        Volatile.Read(ref state).ByTopic.TryGetValue(topic, out source!);

    public bool TryGetByName(string name, out SourceSettings source) =>
        Volatile.Read(ref state).ByName.TryGetValue(name, out source!);

    public void Replace(IEnumerable<SourceSettings> sources)
    {
        Volatile.Write(ref state, new State(sources) { Loaded = true });
        Changed?.Invoke();
    }

    private sealed class State
    {
        public State(IEnumerable<SourceSettings> sources)
        {
            var list = sources.ToList();
            ByName = list.ToFrozenDictionary(s => s.Name, StringComparer.Ordinal);

            // Two sources configured on one topic: the enabled one wins, so disabling a source never silences another.
            ByTopic = list
                .GroupBy(s => s.Topic, StringComparer.Ordinal)
                .ToFrozenDictionary(g => g.Key, g => g.OrderByDescending(s => s.IsEnabled).First(), StringComparer.Ordinal);
        }

        public bool Loaded { get; init; }

        public FrozenDictionary<string, SourceSettings> ByName { get; }

        public FrozenDictionary<string, SourceSettings> ByTopic { get; }
    }
}
