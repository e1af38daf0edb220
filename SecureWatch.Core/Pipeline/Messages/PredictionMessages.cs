using System.Text;
using System.Text.Json;
using SecureWatch.Core.Kafka;
using SecureWatch.Core.Ml;
using SecureWatch.Core.Predictions;
using SecureWatch.Core.SelfHealing;
using SecureWatch.Core.Traffic;

namespace SecureWatch.Core.Pipeline.Messages;

/// <summary>The signed message on the predictions topic for a stored (or redelivered) record.</summary>
public sealed class PredictionMessages(PredictionSigner signer)
{
    internal OutgoingMessage Build(
        AcceptedRecord accepted, long trafficId, DateTimeOffset receivedAt, IReadOnlyList<SelfHealingDecision> decisions)
    {
        var record = accepted.Record;
        var prediction = accepted.Prediction;
        var message = new PredictionMessage
        {
            EventId = record.EventId,
            TrafficId = trafficId,
            ReceivedAt = receivedAt,
            ObservedAt = record.ObservedAt,
            DataSource = record.DataSource,
            SenderIp = record.SenderIp,
            Flow = record.Flow,
            FeatureSet = record.FeatureSet,
            IsAttack = prediction.IsAttack,
            AttackProbability = prediction.AttackProbability,
            Category = prediction.Category.ToName(),
            ModelVersion = prediction.ModelVersion,
            Actions = [.. decisions.Select(d => new PredictionResponseAction(d.Id, d.RuleId, d.Action.ToName(), d.Target, d.DryRun, d.ExpiresAt))],
        };
        var value = JsonSerializer.SerializeToUtf8Bytes(message, TrafficRecordJson.Options);
        return new OutgoingMessage(
            PipelineHeaders.PredictionsTopic,
            Encoding.UTF8.GetBytes(record.EventId.ToString()),
            value,
            [signer.Sign(value)]);
    }
}
