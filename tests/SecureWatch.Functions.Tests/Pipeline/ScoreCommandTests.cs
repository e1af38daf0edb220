using SecureWatch.Functions.Tests.Cli;

namespace SecureWatch.Functions.Tests.Pipeline;

public sealed class ScoreCommandTests
{
    [Fact]
    public async Task Score_prints_exactly_the_expected_predictions_and_reports_rejected_lines_with_their_reason()
    {
        var (exitCode, output, error) = await CommandRunner.RunAsync("score", "--input", Fixture("score-input.jsonl"));

        Assert.Equal(await File.ReadAllTextAsync(Fixture("score-expected.jsonl")), output.ReplaceLineEndings("\n"));
        Assert.Equal(1, exitCode);
        var rejections = error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, rejections.Length);
        Assert.StartsWith("line 3: schema-invalid: ", rejections[0], StringComparison.Ordinal);
        Assert.StartsWith("line 5: not-json: ", rejections[1], StringComparison.Ordinal);
        Assert.Equal("line 7: schema-invalid: sender_ip is required when data_source is external_kafka.", rejections[2].TrimEnd());
    }

    [Fact]
    public async Task Score_of_a_clean_file_exits_zero()
    {
        var clean = Path.GetTempFileName();
        try
        {
            var lines = (await File.ReadAllLinesAsync(Fixture("score-input.jsonl"))).Where((_, i) => i is 0 or 1 or 3).ToArray();
            await File.WriteAllLinesAsync(clean, lines);

            var (exitCode, output, error) = await CommandRunner.RunAsync("score", "--input", clean);

            Assert.Equal(0, exitCode);
            Assert.Equal(3, output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
            Assert.Empty(error);
        }
        finally
        {
            File.Delete(clean);
        }
    }

    private static string Fixture(string name)
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "SecureWatch.slnx")))
            {
                return Path.Combine(directory.FullName, "tests", "SecureWatch.Functions.Tests", "Pipeline", "Fixtures", name);
            }
        }

        throw new FileNotFoundException("SecureWatch.slnx not found above the test directory.");
    }
}
