using System.CommandLine;
using System.Text.Json;
using SecureWatch.Core.Features;
using SecureWatch.Core.Ml.Data;
using SecureWatch.Core.Ml.Scoring;
using SecureWatch.Core.Ml.Training;

namespace SecureWatch.Functions.Cli;

/// <summary>
/// <c>evaluate --data FILE [--feature-set kdd41|header28] [--models DIR]</c>: scores any NSL-KDD-format file
/// with the shipped models (or those in DIR) and prints one JSON object of metrics. Labels missing from
/// the category table are reported under <c>unknown_labels</c> and left out of the metrics.
/// </summary>
internal static class EvaluateCommand
{
    public static Command Create()
    {
        var data = new Option<FileInfo>("--data") { Description = "NSL-KDD-format file (41 features, label, optional difficulty).", Required = true };
        var featureSet = new Option<string>("--feature-set") { Description = "kdd41 or header28.", DefaultValueFactory = _ => "kdd41" };
        featureSet.AcceptOnlyFromAmong("kdd41", "header28");
        var models = new Option<DirectoryInfo?>("--models") { Description = "Directory of .swm files; default: the shipped models." };
        var command = new Command("evaluate", "Score a labelled NSL-KDD file and print accuracy, macro-F1, recall and confusion matrix.")
        {
            data, featureSet, models,
        };
        command.SetAction(parseResult =>
        {
            KddFeatureSet.TryGet(parseResult.GetValue(featureSet), out var set);
            var scorer = parseResult.GetValue(models) is { } directory
                ? new ThreatScorer([ThreatModelLoader.LoadDirectory(directory.FullName, set)])
                : new ThreatScorer([ThreatModelLoader.LoadEmbedded(set)]);
            var records = NslKddReader.ReadFile(parseResult.GetRequiredValue(data).FullName);
            var evaluation = ThreatModelEvaluator.Evaluate(scorer, set, records);
            parseResult.InvocationConfiguration.Output.WriteLine(ToJson(evaluation));
            return 0;
        });
        return command;
    }

    internal static string ToJson(ThreatModelEvaluation evaluation)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            writer.WriteString("feature_set", evaluation.FeatureSet);
            writer.WriteString("model_version", evaluation.ModelVersion);
            writer.WriteNumber("total_rows", evaluation.TotalRows);
            ClassificationMetricsJson.WriteProperties(writer, evaluation.Metrics);
            writer.WriteNumber("unknown_label_rows", evaluation.UnknownLabels.Values.Sum());
            writer.WriteStartObject("unknown_labels");
            foreach (var (label, count) in evaluation.UnknownLabels)
            {
                writer.WriteNumber(label, count);
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }
}
