using System.Text.Json;

namespace SecureWatch.Core.Ml.Training;

/// <summary>The JSON shape of <see cref="ClassificationMetrics"/> used by the operator commands (snake_case, 4 decimals).</summary>
public static class ClassificationMetricsJson
{
    public static void WriteProperties(Utf8JsonWriter writer, ClassificationMetrics metrics)
    {
        writer.WriteNumber("rows", metrics.Rows);
        writer.WriteNumber("binary_accuracy", Round(metrics.BinaryAccuracy));
        writer.WriteNumber("category_accuracy", Round(metrics.CategoryAccuracy));
        writer.WriteNumber("macro_f1", Round(metrics.MacroF1));
        writer.WriteStartObject("per_class_recall");
        foreach (var name in AttackCategoryNames.All)
        {
            if (metrics.PerClassRecall[name] is { } recall)
            {
                writer.WriteNumber(name, Round(recall));
            }
            else
            {
                writer.WriteNull(name);
            }
        }

        writer.WriteEndObject();
        writer.WriteStartArray("confusion_labels");
        foreach (var name in AttackCategoryNames.All)
        {
            writer.WriteStringValue(name);
        }

        writer.WriteEndArray();
        writer.WriteStartArray("confusion_matrix");
        foreach (var row in metrics.Confusion)
        {
            writer.WriteStartArray();
            foreach (var count in row)
            {
                writer.WriteNumberValue(count);
            }

            writer.WriteEndArray();
        }

        writer.WriteEndArray();
    }

    public static double Round(double value) => Math.Round(value, 4, MidpointRounding.AwayFromZero);
}
