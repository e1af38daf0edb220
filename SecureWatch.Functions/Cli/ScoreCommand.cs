using System.CommandLine;
using System.Text;
using System.Text.Json;
using SecureWatch.Core.Features;
using SecureWatch.Core.Ml;
using SecureWatch.Core.Ml.Explanation;
using SecureWatch.Core.Ml.Features;
using SecureWatch.Core.Ml.Scoring;
using SecureWatch.Core.Pipeline;
using SecureWatch.Core.Pipeline.Admission;
using SecureWatch.Core.Traffic;

namespace SecureWatch.Functions.Cli;

/// <summary>
/// <c>score --input FILE.jsonl [--models DIR]</c>: runs the pipeline's contract validation and model stages offline on
/// a file of <c>securewatch.traffic.v1</c> records and prints one prediction per line (event_id, flow, is_attack,
/// attack_probability, category, model_version). Rejected lines go to standard error with the dead-letter reason;
/// the exit code is then 1.
/// </summary>
internal static class ScoreCommand
{
    public static Command Create()
    {
        var input = new Option<FileInfo>("--input") { Description = "JSON-lines file of traffic records.", Required = true };
        var models = new Option<DirectoryInfo?>("--models") { Description = "Directory of .swm files; default: the shipped models." };
        var explain = new Option<bool>("--explain") { Description = "Add to each attack the explanation of the deciding stage (gbdt or anomaly) and its top features." };
        var command = new Command("score", "Validate and score traffic records offline, one prediction JSON per line.") { input, models, explain };
        command.SetAction(parseResult =>
        {
            var scorer = parseResult.GetValue(models) is { } directory
                ? ThreatModelLoader.LoadDirectory(directory.FullName)
                : ThreatModelLoader.LoadEmbedded();
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            var maxValueBytes = new PipelineOptions().MaxValueBytes;
            var rejected = 0;
            var lineNumber = 0;
            Span<float> buffer = stackalloc float[KddFeatureSet.Kdd41.Count];
            foreach (var line in File.ReadLines(parseResult.GetRequiredValue(input).FullName))
            {
                lineNumber++;
                if (string.IsNullOrWhiteSpace(line))
                {
                    continue;
                }

                if (!RecordAdmission.TryParseValue(Encoding.UTF8.GetBytes(line), maxValueBytes, out var record, out var rejection))
                {
                    rejected++;
                    error.WriteLine($"line {lineNumber}: {rejection.Reason}: {rejection.Message}");
                    continue;
                }

                KddFeatureSet.TryGet(record.FeatureSet, out var set);
                if (!scorer.Supports(set))
                {
                    rejected++;
                    error.WriteLine($"line {lineNumber}: {RejectReasons.SchemaInvalid}: no models are loaded for feature_set '{record.FeatureSet}'");
                    continue;
                }

                var row = buffer[..set.Count];
                TrafficRecordVectorizer.Vectorize(scorer.ModelsFor(set).Vectorizer, record, row);
                var prediction = scorer.Score(set, row);
                var explanation = prediction.IsAttack && parseResult.GetValue(explain) ? scorer.ModelsFor(set).Explainer.Explain(row) : null;
                output.WriteLine(ToJson(record, prediction, explanation));
            }

            return rejected == 0 ? 0 : 1;
        });
        return command;
    }

    internal static string ToJson(TrafficRecord record, Prediction prediction, ThreatExplanation? explanation = null)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("event_id", record.EventId);
            writer.WritePropertyName("flow");
            JsonSerializer.Serialize(writer, record.Flow, TrafficRecordJson.Options);
            writer.WriteBoolean("is_attack", prediction.IsAttack);
            writer.WriteNumber("attack_probability", prediction.AttackProbability);
            writer.WriteString("category", prediction.Category.ToName());
            writer.WriteString("model_version", prediction.ModelVersion);
            if (explanation is not null)
            {
                writer.WritePropertyName("explanation");
                writer.WriteRawValue(ThreatExplanationJson.Serialize(explanation));
            }
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
