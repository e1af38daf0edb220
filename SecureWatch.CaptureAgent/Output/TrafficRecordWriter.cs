using System.Buffers.Text;
using System.Text.Json;
using SecureWatch.CaptureAgent.Decoding;
using SecureWatch.CaptureAgent.Features;
using SecureWatch.CaptureAgent.Tracking;
using SecureWatch.Core.Features;
using SecureWatch.Core.Traffic;

namespace SecureWatch.CaptureAgent.Output;

/// <summary>
/// Writes the <c>securewatch.traffic.v1</c> record of a reported connection straight from the tracker's structs,
/// byte for byte what <see cref="TrafficRecordJson"/> writes for <see cref="TrafficRecordFactory.Create"/>, without
/// the record, its dictionary or any string: names and symbolic values are pre-encoded, numbers are formatted into
/// the writer's buffer. One instance per thread (it caches the date of the last timestamp).
/// </summary>
internal sealed class TrafficRecordWriter
{
    // Doubles print in their shortest round-trip form, which for a whole number below 1e15 is its integer digits.
    private const double LargestPlainInteger = 1e15;

    private static readonly JsonEncodedText Schema = JsonEncodedText.Encode("schema");
    private static readonly JsonEncodedText EventId = JsonEncodedText.Encode("event_id");
    private static readonly JsonEncodedText ObservedAt = JsonEncodedText.Encode("observed_at");
    private static readonly JsonEncodedText DataSource = JsonEncodedText.Encode("data_source");
    private static readonly JsonEncodedText Flow = JsonEncodedText.Encode("flow");
    private static readonly JsonEncodedText SrcIp = JsonEncodedText.Encode("src_ip");
    private static readonly JsonEncodedText DstIp = JsonEncodedText.Encode("dst_ip");
    private static readonly JsonEncodedText SrcPort = JsonEncodedText.Encode("src_port");
    private static readonly JsonEncodedText DstPort = JsonEncodedText.Encode("dst_port");
    private static readonly JsonEncodedText Protocol = JsonEncodedText.Encode("protocol");
    private static readonly JsonEncodedText FeatureSet = JsonEncodedText.Encode("feature_set");
    private static readonly JsonEncodedText Features = JsonEncodedText.Encode("features");
    private static readonly JsonEncodedText SchemaValue = JsonEncodedText.Encode(TrafficContract.Schema);
    private static readonly JsonEncodedText PacketCapture = JsonEncodedText.Encode(TrafficContract.PacketCaptureSource);
    private static readonly JsonEncodedText Header28 = JsonEncodedText.Encode(KddFeatureSet.Header28.Name);
    private static readonly JsonEncodedText[] FeatureNames = [.. KddFeatureSet.Header28.Names.Select(n => JsonEncodedText.Encode(n))];
    private static readonly JsonEncodedText[] ServiceNames = [.. KddServices.Names.Select(n => JsonEncodedText.Encode(n))];
    private static readonly JsonEncodedText[] FlagNames = [.. Enum.GetNames<KddFlag>().Select(n => JsonEncodedText.Encode(n))];
    private static readonly JsonEncodedText Tcp = JsonEncodedText.Encode(TrafficContract.Tcp);
    private static readonly JsonEncodedText Udp = JsonEncodedText.Encode(TrafficContract.Udp);
    private static readonly JsonEncodedText Icmp = JsonEncodedText.Encode(TrafficContract.Icmp);
    private static readonly byte[][] Rates = BuildRates();

    private readonly EventIdGenerator _eventIds = new();
    private long _cachedDay = -1;
    private readonly byte[] _cachedDate = new byte[11];

    /// <summary>Writes one record (a complete JSON object) and returns its event id.</summary>
    public Guid Write(Utf8JsonWriter writer, in CompletedConnection c, in KddFeatureVector f)
    {
        var eventId = _eventIds.Next();
        var protocol = ProtocolName(c.Protocol);
        Span<byte> text = stackalloc byte[48];
        writer.WriteStartObject();
        writer.WriteString(Schema, SchemaValue);
        writer.WriteString(EventId, eventId);
        writer.WriteString(ObservedAt, text[..FormatTimestamp(c.ReportedMicros, text)]);
        writer.WriteString(DataSource, PacketCapture);
        writer.WriteStartObject(Flow);
        WriteAddress(writer, SrcIp, c.OriginatorAddress, text);
        WriteAddress(writer, DstIp, c.ResponderAddress, text);
        writer.WriteNumber(SrcPort, c.OriginatorPort);
        writer.WriteNumber(DstPort, c.ResponderPort);
        writer.WriteString(Protocol, protocol);
        writer.WriteEndObject();
        writer.WriteString(FeatureSet, Header28);
        writer.WriteStartObject(Features);
        var n = 0;
        WriteWhole(writer, FeatureNames[n++], f.Duration);
        writer.WriteString(FeatureNames[n++], protocol);
        writer.WriteString(FeatureNames[n++], ServiceNames[f.Service]);
        writer.WriteString(FeatureNames[n++], FlagNames[(int)f.Flag]);
        WriteWhole(writer, FeatureNames[n++], f.SrcBytes);
        WriteWhole(writer, FeatureNames[n++], f.DstBytes);
        writer.WriteNumber(FeatureNames[n++], f.Land);
        writer.WriteNumber(FeatureNames[n++], f.WrongFragment);
        writer.WriteNumber(FeatureNames[n++], f.Urgent);
        writer.WriteNumber(FeatureNames[n++], f.Count);
        writer.WriteNumber(FeatureNames[n++], f.SrvCount);
        WriteRate(writer, FeatureNames[n++], f.SerrorRate);
        WriteRate(writer, FeatureNames[n++], f.SrvSerrorRate);
        WriteRate(writer, FeatureNames[n++], f.RerrorRate);
        WriteRate(writer, FeatureNames[n++], f.SrvRerrorRate);
        WriteRate(writer, FeatureNames[n++], f.SameSrvRate);
        WriteRate(writer, FeatureNames[n++], f.DiffSrvRate);
        WriteRate(writer, FeatureNames[n++], f.SrvDiffHostRate);
        writer.WriteNumber(FeatureNames[n++], f.DstHostCount);
        writer.WriteNumber(FeatureNames[n++], f.DstHostSrvCount);
        WriteRate(writer, FeatureNames[n++], f.DstHostSameSrvRate);
        WriteRate(writer, FeatureNames[n++], f.DstHostDiffSrvRate);
        WriteRate(writer, FeatureNames[n++], f.DstHostSameSrcPortRate);
        WriteRate(writer, FeatureNames[n++], f.DstHostSrvDiffHostRate);
        WriteRate(writer, FeatureNames[n++], f.DstHostSerrorRate);
        WriteRate(writer, FeatureNames[n++], f.DstHostSrvSerrorRate);
        WriteRate(writer, FeatureNames[n++], f.DstHostRerrorRate);
        WriteRate(writer, FeatureNames[n], f.DstHostSrvRerrorRate);
        writer.WriteEndObject();
        writer.WriteEndObject();
        return eventId;
    }

    private static JsonEncodedText ProtocolName(byte protocol) => protocol switch
    {
        IpProtocols.Tcp => Tcp,
        IpProtocols.Udp => Udp,
        _ => Icmp,
    };

    private static void WriteWhole(Utf8JsonWriter writer, JsonEncodedText name, long value)
    {
        if (Math.Abs((double)value) < LargestPlainInteger)
        {
            writer.WriteNumber(name, value);
        }
        else
        {
            writer.WriteNumber(name, (double)value);
        }
    }

    /// <summary>Rates are hundredths (<see cref="KddFeatureVector.Rate"/>): their text is looked up, not formatted.</summary>
    private static void WriteRate(Utf8JsonWriter writer, JsonEncodedText name, double rate)
    {
        var hundredths = (int)Math.Round(rate * 100);
        if ((uint)hundredths < (uint)Rates.Length && hundredths / 100.0 == rate)
        {
            writer.WritePropertyName(name);
            writer.WriteRawValue(Rates[hundredths], skipInputValidation: true);
        }
        else
        {
            writer.WriteNumber(name, rate);
        }
    }

    private static void WriteAddress(Utf8JsonWriter writer, JsonEncodedText name, UInt128 address, Span<byte> text)
    {
        if (IpAddressBits.IsIpv4(address))
        {
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

            writer.WriteString(name, text[..length]);
            return;
        }

        // IPv6 keeps .NET's formatting (zero compression, embedded IPv4 forms), at the cost of one IPAddress.
        IpAddressBits.ToIpAddress(address).TryFormat(text, out var ipv6Length);
        writer.WriteString(name, text[..ipv6Length]);
    }

    /// <summary>RFC 3339 UTC with microseconds, as <see cref="Rfc3339UtcTimestampJsonConverter"/> writes it.</summary>
    private int FormatTimestamp(long micros, Span<byte> text)
    {
        var ticks = DateTime.UnixEpoch.Ticks + (micros * TimeSpan.TicksPerMicrosecond);
        ArgumentOutOfRangeException.ThrowIfNegative(ticks, nameof(micros));
        var day = ticks / TimeSpan.TicksPerDay;
        if (day != _cachedDay)
        {
            var date = new DateTime(ticks, DateTimeKind.Utc);
            date.TryFormat(_cachedDate, out _, "yyyy-MM-dd'T'", System.Globalization.CultureInfo.InvariantCulture);
            _cachedDay = day;
        }

        _cachedDate.CopyTo(text);
        var timeOfDay = (ticks % TimeSpan.TicksPerDay) / TimeSpan.TicksPerMicrosecond;
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

    // Each entry is the writer's own text for the double, so the lookup cannot differ from formatting it.
    private static byte[][] BuildRates()
    {
        var rates = new byte[101][];
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(32);
        for (var i = 0; i < rates.Length; i++)
        {
            buffer.ResetWrittenCount();
            using (var writer = new Utf8JsonWriter(buffer))
            {
                writer.WriteNumberValue(i / 100.0);
            }

            rates[i] = buffer.WrittenSpan.ToArray();
        }

        return rates;
    }
}
