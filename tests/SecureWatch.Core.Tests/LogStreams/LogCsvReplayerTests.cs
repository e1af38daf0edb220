using SecureWatch.Core.LogStreams;

namespace SecureWatch.Core.Tests.LogStreams;

public sealed class LogCsvReplayerTests
{
    private static readonly DateTimeOffset At = new(2024, 1, 1, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("a,b\n", new[] { "a", "b" })]
    [InlineData("a,b\r\n", new[] { "a", "b" })]
    [InlineData("a,b", new[] { "a", "b" })]
    [InlineData("\"a,1\",\"say \"\"hi\"\"\"\n", new[] { "a,1", "say \"hi\"" })]
    [InlineData("\"line\r\nbreak\",,\"\"\n", new[] { "line\r\nbreak", "", "" })]
    [InlineData("a\"b,c\n", new[] { "a\"b", "c" })]
    public void Rfc4180_records_read_into_fields(string csv, string[] expected)
    {
        using var reader = new Rfc4180Reader(new StringReader(csv));
        var fields = new List<string>();

        Assert.True(reader.TryReadRecord(fields));
        Assert.Equal(expected, fields);
        Assert.False(reader.TryReadRecord(fields));
    }

    [Fact]
    public void A_long_quoted_field_across_buffer_reads_is_kept_whole()
    {
        var value = string.Concat(Enumerable.Repeat("x,\"y\"\n", 5000));
        using var reader = new Rfc4180Reader(new StringReader($"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\",end\nnext\n"));
        var fields = new List<string>();

        Assert.True(reader.TryReadRecord(fields));
        Assert.Equal([value, "end"], fields);
        Assert.True(reader.TryReadRecord(fields));
        Assert.Equal(["next"], fields);
    }

    [Fact]
    public void An_unclosed_quote_is_an_error()
    {
        using var reader = new Rfc4180Reader(new StringReader("a,\"open\nb\n"));

        Assert.Throws<InvalidDataException>(() => reader.TryReadRecord([]));
    }

    [Fact]
    public void Replayed_rows_carry_batch_info_cycles_and_the_running_total()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, "id,date,user,pc,activity\n1,01/08/2024 08:00:00,U1,PC-1,Logon\n2,01/08/2024 08:01:00,\"U,2\",PC-2,Logon\n3,01/08/2024 08:02:00,U3,PC-3,Logoff\n");
            using var replayer = LogCsvReplayer.Open(path, "logon-eu", LogTopics.Logon, batchSize: 2);
            var seen = new List<LogEnvelope>();
            for (var cycle = 0; cycle < 2; cycle++)
            {
                while (replayer.TryNext(At, out var record))
                {
                    Assert.True(LogEnvelopeParser.TryParse(record.Utf8.Span, out var envelope, out _, out var detail), detail);
                    seen.Add(envelope!);
                }

                replayer.Rewind();
            }

            Assert.Equal(6, seen.Count);
            Assert.Equal(
                [new(1, 1, 1, 2), new(1, 1, 2, 2), new(1, 2, 1, 2), new(2, 1, 1, 2), new(2, 1, 2, 2), new(2, 2, 1, 2)],
                seen.Select(e => e.BatchInfo!));
            Assert.Equal([1L, 2, 3, 4, 5, 6], seen.Select(e => e.TotalRecordsSent!.Value));
            Assert.All(seen, e => Assert.Equal(("logon", "logon-eu", "2024-01-01 12:00:00"), (e.LogType, e.Topic, e.Timestamp)));
            Assert.Equal("U,2", seen[1].GetField("user"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_row_with_the_wrong_column_count_is_an_error_naming_the_row()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, "a,b\n1,2\n3\n");
            using var replayer = LogCsvReplayer.Open(path, "t");
            Assert.True(replayer.TryNext(At, out _));

            Assert.Contains("row 2", Assert.Throws<InvalidDataException>(() => replayer.TryNext(At, out _)).Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
