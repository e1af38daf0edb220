using System.CommandLine;
using System.Text;
using SecureWatch.Core.Features;
using SecureWatch.Core.Ml.Data;
using SecureWatch.Core.Ml.Scoring;
using SecureWatch.Core.Ml.Training;
using SecureWatch.Core.Pipeline;
using SecureWatch.Core.Pipeline.Admission;
using SecureWatch.Core.Sources;

namespace SecureWatch.Functions.Cli;

/// <summary>
/// <c>train-baseline --source packet_capture --from FILE.jsonl --data NSL-KDD --out DIR [--seed N]</c>: trains the
/// header28 models on NSL-KDD plus a window of this deployment's own captured traffic (labelled normal, see
/// <see cref="DeploymentBaseline"/>) and writes them, with a copy of the shipped kdd41 models, into DIR for
/// <c>Models:Directory</c>. Prints the validation report as <c>train</c> does (the validation split then also holds
/// baseline rows).
/// </summary>
internal static class TrainBaselineCommand
{
    public static Command Create()
    {
        var source = new Option<string>("--source") { Description = "Data source whose traffic the window is.", Required = true };
        source.AcceptOnlyFromAmong(DataSourceNames.PacketCapture);
        var from = new Option<FileInfo>("--from") { Description = "JSON-lines file of that source's records over a window believed free of attacks.", Required = true };
        var data = new Option<FileInfo>("--data") { Description = "NSL-KDD training file.", Required = true };
        var output = new Option<DirectoryInfo>("--out") { Description = "Directory for the model files.", Required = true };
        var seed = new Option<ulong>("--seed") { Description = "Training seed; the same inputs and seed give the same files.", DefaultValueFactory = _ => 42 };
        var command = new Command("train-baseline", "Train the header28 models on NSL-KDD plus a window of this deployment's normal traffic.")
        {
            source, from, data, output, seed,
        };
        command.SetAction(parseResult =>
        {
            var error = parseResult.InvocationConfiguration.Error;
            var sourceName = parseResult.GetRequiredValue(source);
            var records = NslKddReader.ReadFile(parseResult.GetRequiredValue(data).FullName);
            var nslKddRows = records.Count;
            var maxValueBytes = new PipelineOptions().MaxValueBytes;
            var skipped = 0;
            foreach (var line in File.ReadLines(parseResult.GetRequiredValue(from).FullName))
            {
                if (string.IsNullOrWhiteSpace(line))
                {
                    continue;
                }

                if (!RecordAdmission.TryParseValue(Encoding.UTF8.GetBytes(line), maxValueBytes, out var record, out _)
                    || record.DataSource != sourceName || record.FeatureSet != KddFeatureSet.Header28.Name)
                {
                    skipped++;
                    continue;
                }

                records.Add(DeploymentBaseline.ToNormalRecord(record));
            }

            var baselineRows = records.Count - nslKddRows;
            error.WriteLine($"baseline: {baselineRows} {sourceName} records as normal ({skipped} skipped: invalid, another source or feature set)");
            if (baselineRows == 0)
            {
                error.WriteLine("baseline: no usable records; nothing trained");
                return 1;
            }

            var result = ThreatModelTrainer.Train(
                records, KddFeatureSet.Header28, new ThreatTrainingOptions { Seed = parseResult.GetValue(seed) }, log: error.WriteLine);
            var directory = parseResult.GetRequiredValue(output).FullName;
            ThreatModelLoader.Save(result.Models, directory);
            ThreatModelLoader.Save(ThreatModelLoader.LoadEmbedded(KddFeatureSet.Kdd41), directory);
            parseResult.InvocationConfiguration.Output.WriteLine(TrainCommand.ToJson(result.Report, directory));
            return 0;
        });
        return command;
    }
}
