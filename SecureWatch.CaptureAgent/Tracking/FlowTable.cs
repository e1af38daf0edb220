using System.Numerics;

namespace SecureWatch.CaptureAgent.Tracking;

/// <summary>
/// Fixed-capacity hash table of <see cref="FlowEntry"/> structs (chained through indexes, so nothing is
/// allocated after construction). Every entry is also on one doubly linked list per <see cref="TimeoutClass"/>,
/// ordered by last activity, so expiry only ever looks at list heads.
/// </summary>
internal sealed class FlowTable
{
    public const int None = -1;
    private static readonly int ClassCount = Enum.GetValues<TimeoutClass>().Length;

    private readonly FlowEntry[] _entries;
    private readonly int[] _buckets;
    private readonly int _bucketMask;
    private readonly int[] _heads = new int[ClassCount];
    private readonly int[] _tails = new int[ClassCount];
    private int _freeHead;

    public FlowTable(int capacity)
    {
        _entries = new FlowEntry[capacity];
        _buckets = new int[(int)BitOperations.RoundUpToPowerOf2((uint)capacity * 2)];
        _bucketMask = _buckets.Length - 1;
        Array.Fill(_buckets, None);
        Array.Fill(_heads, None);
        Array.Fill(_tails, None);
        for (var i = 0; i < capacity; i++)
        {
            _entries[i].BucketNext = i + 1 < capacity ? i + 1 : None;
        }

        _freeHead = 0;
    }

    public int Count { get; private set; }

    public int Capacity => _entries.Length;

    public bool IsFull => _freeHead == None;

    public ref FlowEntry this[int index] => ref _entries[index];

    public int Find(in FlowKey key, int hash)
    {
        for (var i = _buckets[hash & _bucketMask]; i != None; i = _entries[i].BucketNext)
        {
            ref var entry = ref _entries[i];
            if (entry.Hash == hash && entry.Key.Equals(key))
            {
                return i;
            }
        }

        return None;
    }

    /// <summary>Takes a free slot for <paramref name="key"/>; the table must not be full.</summary>
    public int Add(in FlowKey key, int hash, TimeoutClass timeoutClass)
    {
        var index = _freeHead;
        ref var entry = ref _entries[index];
        _freeHead = entry.BucketNext;
        entry = default;
        entry.Key = key;
        entry.Hash = hash;
        entry.InUse = true;
        entry.TimeoutClass = timeoutClass;
        ref var bucket = ref _buckets[hash & _bucketMask];
        entry.BucketNext = bucket;
        bucket = index;
        Append(index, timeoutClass);
        Count++;
        return index;
    }

    public void Remove(int index)
    {
        ref var entry = ref _entries[index];
        Unlink(index);
        ref var link = ref _buckets[entry.Hash & _bucketMask];
        while (link != index)
        {
            link = ref _entries[link].BucketNext;
        }

        link = entry.BucketNext;
        entry.InUse = false;
        entry.BucketNext = _freeHead;
        _freeHead = index;
        Count--;
    }

    /// <summary>Moves the entry to the most recent end of the list of its (possibly new) class.</summary>
    public void Touch(int index, TimeoutClass timeoutClass)
    {
        ref var entry = ref _entries[index];
        if (_tails[(int)entry.TimeoutClass] == index && entry.TimeoutClass == timeoutClass)
        {
            return;
        }

        Unlink(index);
        entry.TimeoutClass = timeoutClass;
        Append(index, timeoutClass);
    }

    /// <summary>Least recently active entry of a class, or <see cref="None"/>.</summary>
    public int Oldest(TimeoutClass timeoutClass) => _heads[(int)timeoutClass];

    /// <summary>Least recently active entry of all, or <see cref="None"/> when empty.</summary>
    public int Oldest()
    {
        var best = None;
        for (var c = 0; c < ClassCount; c++)
        {
            var head = _heads[c];
            if (head != None && (best == None || _entries[head].LastMicros < _entries[best].LastMicros))
            {
                best = head;
            }
        }

        return best;
    }

    private void Append(int index, TimeoutClass timeoutClass)
    {
        ref var entry = ref _entries[index];
        var c = (int)timeoutClass;
        entry.ListPrevious = _tails[c];
        entry.ListNext = None;
        if (_tails[c] != None)
        {
            _entries[_tails[c]].ListNext = index;
        }
        else
        {
            _heads[c] = index;
        }

        _tails[c] = index;
    }

    private void Unlink(int index)
    {
        ref var entry = ref _entries[index];
        var c = (int)entry.TimeoutClass;
        if (entry.ListPrevious != None)
        {
            _entries[entry.ListPrevious].ListNext = entry.ListNext;
        }
        else
        {
            _heads[c] = entry.ListNext;
        }

        if (entry.ListNext != None)
        {
            _entries[entry.ListNext].ListPrevious = entry.ListPrevious;
        }
        else
        {
            _tails[c] = entry.ListPrevious;
        }
    }
}
