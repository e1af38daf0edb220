using System.CommandLine;
using System.Text.Json;
using SecureWatch.Core.Features;
using SecureWatch.Core.Ml.Data;
using SecureWatch.Core.Ml.Scoring;
using SecureWatch.Core.Ml.Training;

namespace SecureWatch.Functions.Cli;

/// <summary>
/// <c>train --data FILE --feature-set kdd41|header28 --out DIR [--seed N]</c>: trains the detector and
/// classifier of one feature set, writes the two .swm files and prints the validation report (including
/// leave-attack-type-out figures) as one JSON object.
/// </summary>
internal static class TrainCommand
{
    public static Command Create()
    {
        var data = new Option<FileInfo>("--data") { Description = "NSL-KDD training file.", Required = true };
        var featureSet = new Option<string>("--feature-set") { Description = "kdd41 or header28.", Required = true };
        featureSet.AcceptOnlyFromAmong("kdd41", "header28");
        var output = new Option<DirectoryInfo>("--out") { Description = "Directory for the model files.", Required = true };
        var seed = new Option<ulong>("--seed") { Description = "Training seed; the same seed gives the same files.", DefaultValueFactory = _ => 42 };
        var command = new Command("train", "Train the threat detector and attack classifier of one feature set.")
        {
            data, featureSet, output, seed,
        };
        command.SetAction(parseResult =>
        {
            KddFeatureSet.TryGet(parseResult.GetValue(featureSet), out var set);
            var records = NslKddReader.ReadFile(parseResult.GetRequiredValue(data).FullName);
            var error = parseResult.InvocationConfiguration.Error;
            var result = ThreatModelTrainer.Train(
                records, set, new ThreatTrainingOptions { Seed = parseResult.GetValue(seed) }, log: error.WriteLine);
            var directory = parseResult.GetRequiredValue(output).FullName;
            ThreatModelLoader.Save(result.Models, directory);
            parseResult.InvocationConfiguration.Output.WriteLine(ToJson(result.Report, directory));
            return 0;
        });
        return command;
    }

    internal static string ToJson(ThreatTrainingReport report, string directory)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            writer.WriteString("feature_set", report.FeatureSet);
            writer.WriteString("model_version", report.ModelVersion);
            writer.WriteString("output_directory", directory);
            writer.WriteNumber("training_rows", report.TrainingRows);
            writer.WriteNumber("validation_rows", report.ValidationRows);
            writer.WriteNumber("detector_rounds", report.DetectorRounds);
            writer.WriteNumber("classifier_rounds", report.ClassifierRounds);
            writer.WriteNumber("classifier_threshold", report.Thresholds.ClassifierThreshold);
            writer.WriteNumber("anomaly_threshold", report.Thresholds.AnomalyThreshold);
            writer.WriteNumber("training_seconds", report.TrainingSeconds);
            writer.WriteStartObject("validation");
            ClassificationMetricsJson.WriteProperties(writer, report.Validation);
            writer.WriteNumber("false_positive_rate", ClassificationMetricsJson.Round(report.ValidationFalsePositiveRate));
            writer.WriteEndObject();
            writer.WriteStartObject("leave_attack_type_out");
            writer.WriteNumber("accuracy", ClassificationMetricsJson.Round(report.LeaveAttackTypeOutAccuracy));
            writer.WriteNumber("novel_recall_gbdt_at_half", ClassificationMetricsJson.Round(report.NovelRecallClassifierAtHalf));
            writer.WriteNumber("novel_recall_combined", ClassificationMetricsJson.Round(report.NovelRecallCombined));
            writer.WriteStartArray("folds");
            foreach (var fold in report.Folds)
            {
                writer.WriteStartObject();
                writer.WriteStartArray("held_out");
                foreach (var type in fold.HeldOutTypes)
                {
                    writer.WriteStringValue(type);
                }

                writer.WriteEndArray();
                writer.WriteNumber("rows", fold.Rows);
                writer.WriteNumber("gbdt_recall_at_half", ClassificationMetricsJson.Round(fold.ClassifierRecallAtHalf));
                writer.WriteNumber("gbdt_recall", ClassificationMetricsJson.Round(fold.ClassifierRecall));
                writer.WriteNumber("combined_recall", ClassificationMetricsJson.Round(fold.CombinedRecall));
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }
}
