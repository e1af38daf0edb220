using System.Buffers;
using System.Buffers.Text;
using System.Text.Json;
using SecureWatch.Core.Sources;
using SecureWatch.CaptureAgent.Decoding;
using SecureWatch.CaptureAgent.Features;
using SecureWatch.CaptureAgent.Tracking;
using SecureWatch.Core.Features;
using SecureWatch.Core.Traffic;

namespace SecureWatch.CaptureAgent.Output;

/// <summary>
/// Writes the <c>securewatch.traffic.v1</c> record of a reported connection straight from the tracker's structs,
/// byte for byte what <see cref="TrafficRecordJson"/> writes for <see cref="TrafficRecordFactory.Create"/>, without
/// the record, its dictionary or any string. The record has a fixed shape, so it is written as its pre-encoded
/// fragments (property names and symbolic values run through <see cref="JsonEncodedText"/> once) with the values
/// formatted in between: every value is ASCII that JSON needs no escape for (numbers, addresses, a UUID, an RFC 3339
/// time). This is several times cheaper than one <see cref="Utf8JsonWriter"/> call per property, which was the
/// largest cost of the replay. One instance per thread (it caches the date of the last timestamp).
/// </summary>
internal sealed class TrafficRecordWriter
{
    /// <summary>More than the longest record can take (28 values of at most 24 bytes, two IPv6 addresses, the fragments).</summary>
    private const int MaxRecordLength = 2048;

    // Doubles print in their shortest round-trip form, which for a whole number below 1e15 is its integer digits.
    private const double LargestPlainInteger = 1e15;

    private static readonly byte[] BeforeEventId = Fragment("{", ("schema", TrafficContract.Schema), ("event_id", null));
    private static readonly byte[] BeforeObservedAt = Fragment("\",", ("observed_at", null));
    private static readonly byte[] BeforeSrcIp = Fragment("\",", ("data_source", DataSourceNames.PacketCapture), ("flow", "{"), ("src_ip", null));
    private static readonly byte[] BeforeDstIp = Fragment("\",", ("dst_ip", null));
    private static readonly byte[] BeforeSrcPort = Fragment("\",", ("src_port", ""));
    private static readonly byte[] BeforeDstPort = Fragment(",", ("dst_port", ""));
    private static readonly byte[] BeforeProtocol = Fragment(",", ("protocol", null));
    private static readonly byte[] BeforeFeatures = Fragment("\"},", ("feature_set", KddFeatureSet.Header28.Name), ("features", "{"));
    private static readonly byte[][] FeatureNames = [.. KddFeatureSet.Header28.Names.Select((name, i) => Fragment(i == 0 ? "" : ",", (name, "")))];
    private static readonly byte[][] ServiceNames = [.. KddServices.Names.Select(Quoted)];
    private static readonly byte[][] FlagNames = [.. Enum.GetNames<KddFlag>().Select(Quoted)];
    private static readonly byte[] Tcp = JsonEncodedText.Encode(TrafficContract.Tcp).EncodedUtf8Bytes.ToArray();
    private static readonly byte[] Udp = JsonEncodedText.Encode(TrafficContract.Udp).EncodedUtf8Bytes.ToArray();
    private static readonly byte[] Icmp = JsonEncodedText.Encode(TrafficContract.Icmp).EncodedUtf8Bytes.ToArray();
    private static readonly byte[][] Rates = [.. Enumerable.Range(0, 101).Select(i => FormattedByJsonWriter(i / 100.0))];

    private readonly EventIdGenerator _eventIds = new();
    private readonly byte[] _cachedDate = new byte[11];
    private long _cachedDay = -1;

    /// <summary>Appends one record (a complete JSON object, no line end) to <paramref name="output"/> and returns its event id.</summary>
    public Guid Write(IBufferWriter<byte> output, in CompletedConnection c, in KddFeatureVector f)
    {
        var eventId = _eventIds.Next();
        var protocol = ProtocolName(c.Protocol);
        var span = output.GetSpan(MaxRecordLength);
        var n = Copy(span, 0, BeforeEventId);
        eventId.TryFormat(span[n..], out var written, "D");
        n = Copy(span, n + written, BeforeObservedAt);
        n += FormatTimestamp(c.ReportedMicros, span[n..]);
        n = Copy(span, n, BeforeSrcIp);
        n += FormatAddress(c.OriginatorAddress, span[n..]);
        n = Copy(span, n, BeforeDstIp);
        n += FormatAddress(c.ResponderAddress, span[n..]);
        n = Copy(span, n, BeforeSrcPort);
        n = Integer(span, n, c.OriginatorPort);
        n = Copy(span, n, BeforeDstPort);
        n = Integer(span, n, c.ResponderPort);
        n = Copy(span, n, BeforeProtocol);
        n = Copy(span, n, protocol);
        n = Copy(span, n, BeforeFeatures);
        var i = 0;
        n = Whole(span, Copy(span, n, FeatureNames[i++]), f.Duration);
        n = QuotedCopy(span, Copy(span, n, FeatureNames[i++]), protocol);
        n = Copy(span, Copy(span, n, FeatureNames[i++]), ServiceNames[f.Service]);
        n = Copy(span, Copy(span, n, FeatureNames[i++]), FlagNames[(int)f.Flag]);
        n = Whole(span, Copy(span, n, FeatureNames[i++]), f.SrcBytes);
        n = Whole(span, Copy(span, n, FeatureNames[i++]), f.DstBytes);
        n = Integer(span, Copy(span, n, FeatureNames[i++]), f.Land);
        n = Integer(span, Copy(span, n, FeatureNames[i++]), f.WrongFragment);
        n = Integer(span, Copy(span, n, FeatureNames[i++]), f.Urgent);
        n = Integer(span, Copy(span, n, FeatureNames[i++]), f.Count);
        n = Integer(span, Copy(span, n, FeatureNames[i++]), f.SrvCount);
        n = Rate(span, Copy(span, n, FeatureNames[i++]), f.SerrorRate);
        n = Rate(span, Copy(span, n, FeatureNames[i++]), f.SrvSerrorRate);
        n = Rate(span, Copy(span, n, FeatureNames[i++]), f.RerrorRate);
        n = Rate(span, Copy(span, n, FeatureNames[i++]), f.SrvRerrorRate);
        n = Rate(span, Copy(span, n, FeatureNames[i++]), f.SameSrvRate);
        n = Rate(span, Copy(span, n, FeatureNames[i++]), f.DiffSrvRate);
        n = Rate(span, Copy(span, n, FeatureNames[i++]), f.SrvDiffHostRate);
        n = Integer(span, Copy(span, n, FeatureNames[i++]), f.DstHostCount);
        n = Integer(span, Copy(span, n, FeatureNames[i++]), f.DstHostSrvCount);
        n = Rate(span, Copy(span, n, FeatureNames[i++]), f.DstHostSameSrvRate);
        n = Rate(span, Copy(span, n, FeatureNames[i++]), f.DstHostDiffSrvRate);
        n = Rate(span, Copy(span, n, FeatureNames[i++]), f.DstHostSameSrcPortRate);
        n = Rate(span, Copy(span, n, FeatureNames[i++]), f.DstHostSrvDiffHostRate);
        n = Rate(span, Copy(span, n, FeatureNames[i++]), f.DstHostSerrorRate);
        n = Rate(span, Copy(span, n, FeatureNames[i++]), f.DstHostSrvSerrorRate);
        n = Rate(span, Copy(span, n, FeatureNames[i++]), f.DstHostRerrorRate);
        n = Rate(span, Copy(span, n, FeatureNames[i]), f.DstHostSrvRerrorRate);
        span[n++] = (byte)'}';
        span[n++] = (byte)'}';
        output.Advance(n);
        return eventId;
    }

    private static byte[] ProtocolName(byte protocol) => protocol switch
    {
        IpProtocols.Tcp => Tcp,
        IpProtocols.Udp => Udp,
        _ => Icmp,
    };

    private static int Copy(Span<byte> span, int at, byte[] bytes)
    {
        bytes.CopyTo(span[at..]);
        return at + bytes.Length;
    }

    private static int QuotedCopy(Span<byte> span, int at, byte[] bytes)
    {
        span[at] = (byte)'"';
        at = Copy(span, at + 1, bytes);
        span[at] = (byte)'"';
        return at + 1;
    }

    private static int Integer(Span<byte> span, int at, long value)
    {
        Utf8Formatter.TryFormat(value, span[at..], out var written);
        return at + written;
    }

    private static int Whole(Span<byte> span, int at, long value) =>
        Math.Abs((double)value) < LargestPlainInteger ? Integer(span, at, value) : Copy(span, at, FormattedByJsonWriter(value));

    /// <summary>Rates are hundredths (<see cref="KddFeatureVector.Rate"/>): their text is looked up, not formatted.</summary>
    private static int Rate(Span<byte> span, int at, double rate)
    {
        var hundredths = (int)Math.Round(rate * 100);
        return (uint)hundredths < (uint)Rates.Length && hundredths / 100.0 == rate
            ? Copy(span, at, Rates[hundredths])
            : Copy(span, at, FormattedByJsonWriter(rate));
    }

    private static int FormatAddress(UInt128 address, Span<byte> text)
    {
        if (!IpAddressBits.IsIpv4(address))
        {
            // IPv6 keeps .NET's formatting (zero compression, embedded IPv4 forms), at the cost of one IPAddress.
            IpAddressBits.ToIpAddress(address).TryFormat(text, out var ipv6Length);
            return ipv6Length;
        }

        var bits = (uint)address;
        var length = 0;
        for (var shift = 24; shift >= 0; shift -= 8)
        {
            Utf8Formatter.TryFormat((byte)(bits >> shift), text[length..], out var written);
            length += written;
            if (shift > 0)
            {
                text[length++] = (byte)'.';
            }
        }

        return length;
    }

    /// <summary>RFC 3339 UTC with microseconds, as <see cref="Rfc3339UtcTimestampJsonConverter"/> writes it.</summary>
    private int FormatTimestamp(long micros, Span<byte> text)
    {
        var ticks = DateTime.UnixEpoch.Ticks + (micros * TimeSpan.TicksPerMicrosecond);
        var day = ticks / TimeSpan.TicksPerDay;
        if (day != _cachedDay)
        {
            new DateTime(ticks, DateTimeKind.Utc).TryFormat(_cachedDate, out _, "yyyy-MM-dd'T'", System.Globalization.CultureInfo.InvariantCulture);
            _cachedDay = day;
        }

        _cachedDate.CopyTo(text);
        var timeOfDay = ticks % TimeSpan.TicksPerDay / TimeSpan.TicksPerMicrosecond;
        var seconds = timeOfDay / 1_000_000;
        Digits(text[11..13], seconds / 3600);
        text[13] = (byte)':';
        Digits(text[14..16], seconds / 60 % 60);
        text[16] = (byte)':';
        Digits(text[17..19], seconds % 60);
        text[19] = (byte)'.';
        Digits(text[20..26], timeOfDay % 1_000_000);
        text[26] = (byte)'Z';
        return 27;
    }

    private static void Digits(Span<byte> target, long value)
    {
        for (var i = target.Length - 1; i >= 0; i--)
        {
            target[i] = (byte)('0' + (value % 10));
            value /= 10;
        }
    }

    /// <summary>
    /// <paramref name="prefix"/>, then <c>"name":</c> and the value of each pair: a string value quoted, "" or "{"
    /// as is, null for an opening quote (the value follows).
    /// </summary>
    private static byte[] Fragment(string prefix, params (string Name, string? Value)[] members)
    {
        var text = new System.Text.StringBuilder(prefix);
        for (var i = 0; i < members.Length; i++)
        {
            var (name, value) = members[i];
            text.Append(i == 0 || members[i - 1].Value == "{" ? "" : ",").Append('"').Append(JsonEncodedText.Encode(name).ToString()).Append("\":");
            text.Append(value switch
            {
                null => "\"",
                "" or "{" => value,
                _ => $"\"{JsonEncodedText.Encode(value)}\"",
            });
        }

        return System.Text.Encoding.UTF8.GetBytes(text.ToString());
    }

    private static byte[] Quoted(string value) => System.Text.Encoding.UTF8.GetBytes($"\"{JsonEncodedText.Encode(value)}\"");

    /// <summary>The writer's own text for a number: for the lookup tables and the rare values off the fast path.</summary>
    private static byte[] FormattedByJsonWriter(double value)
    {
        var buffer = new ArrayBufferWriter<byte>(32);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteNumberValue(value);
        }

        return buffer.WrittenSpan.ToArray();
    }
}
