using System.Collections.Frozen;
using SecureWatch.Core.Pipeline;

namespace SecureWatch.Core.Sources;

/// <summary>
/// The data sources in force, in memory: which source a topic belongs to, and whether it is enabled. Replaced as a
/// whole whenever data_source_config changes, so a reader sees one consistent state; <see cref="Changed"/> lets the
/// host start and stop consumers without polling.
/// </summary>
public sealed class SourceCatalog
{
    private State _state = new([]);

    public event Action? Changed;

    public IReadOnlyCollection<SourceSettings> Sources => Volatile.Read(ref _state).ByName.Values;

    public bool IsLoaded => Volatile.Read(ref _state).Loaded;

    /// <summary>
    /// Sources taken out of service because their topic is shared with another source or reserved (predictions, a
    /// dead-letter topic), with the reason. The API refuses such settings; this guards against rows changed behind it,
    /// where the wrong source would otherwise claim another's records (internal ones skip the whitelist).
    /// </summary>
    public IReadOnlyDictionary<string, string> Refused => Volatile.Read(ref _state).Refused;

    public bool TryGetByTopic(string topic, out SourceSettings source) =>
        Volatile.Read(ref _state).ByTopic.TryGetValue(topic, out source!);

    public bool TryGetByName(string name, out SourceSettings source) =>
        Volatile.Read(ref _state).ByName.TryGetValue(name, out source!);

    public void Replace(IEnumerable<SourceSettings> sources)
    {
        Volatile.Write(ref _state, new State(sources) { Loaded = true });
        Changed?.Invoke();
    }

    private sealed class State
    {
        public State(IEnumerable<SourceSettings> sources)
        {
            var list = sources.ToList();
            var refused = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var source in list)
            {
                var sharing = list.Where(o => o.Name != source.Name && o.Topic == source.Topic).Select(o => o.Name).ToList();
                if ((PipelineHeaders.ReservedTopicProblem(source.Topic) ?? (sharing.Count > 0
                    ? $"topic '{source.Topic}' is also the topic of {string.Join(", ", sharing)}"
                    : null)) is { } problem)
                {
                    refused[source.Name] = problem;
                }
            }

            // Neither of two sources sharing a topic consumes it: guessing which one the records belong to would let
            // one source's records pass as another's.
            list = [.. list.Select(s => refused.ContainsKey(s.Name) ? s with { IsEnabled = false } : s)];
            Refused = refused.ToFrozenDictionary(StringComparer.Ordinal);
            ByName = list.ToFrozenDictionary(s => s.Name, StringComparer.Ordinal);
            ByTopic = list.Where(s => !refused.ContainsKey(s.Name)).ToFrozenDictionary(s => s.Topic, StringComparer.Ordinal);
        }

        public bool Loaded { get; init; }

        public FrozenDictionary<string, SourceSettings> ByName { get; }

        public FrozenDictionary<string, SourceSettings> ByTopic { get; }

        public FrozenDictionary<string, string> Refused { get; }
    }
}
