using Confluent.Kafka;
using SecureWatch.Core.Kafka;
using SecureWatch.Core.Pipeline;

namespace SecureWatch.Functions.Pipeline;

/// <summary>
/// Publishes the pipeline's messages on the host's idempotent producer and waits until Kafka has acknowledged every
/// one, retrying failed deliveries; only then may the consumer commit the batch's offsets.
/// </summary>
public sealed class KafkaPublisher(IProducer<byte[]?, byte[]> producer, PipelineCounters counters)
{
    /// <summary>True once every message is acknowledged; false when <paramref name="stopping"/> fired first.</summary>
    public bool PublishAll(IReadOnlyList<OutgoingMessage> messages, CancellationToken stopping)
    {
        var pending = messages;
        while (pending.Count > 0)
        {
            var failed = new List<OutgoingMessage>();
            var outstanding = pending.Count;
            using var done = new ManualResetEventSlim(false);
            foreach (var message in pending)
            {
                var kafkaMessage = new Message<byte[]?, byte[]> { Key = message.Key, Value = message.Value, Headers = ToHeaders(message.Headers) };
                Produce(message, kafkaMessage, report =>
                {
                    if (report.Error.IsError)
                    {
                        lock (failed)
                        {
                            failed.Add(message);
                        }
                    }

                    if (Interlocked.Decrement(ref outstanding) == 0)
                    {
                        done.Set();
                    }
                }, stopping);
            }

            while (!done.Wait(TimeSpan.FromMilliseconds(100), CancellationToken.None))
            {
                producer.Poll(TimeSpan.Zero);
                if (stopping.IsCancellationRequested)
                {
                    return false;
                }
            }

            counters.CountPublished(pending.Count - failed.Count);
            pending = failed;
        }

        return true;
    }

    private void Produce(OutgoingMessage message, Message<byte[]?, byte[]> kafkaMessage, Action<DeliveryReport<byte[]?, byte[]>> report, CancellationToken stopping)
    {
        while (true)
        {
            try
            {
                producer.Produce(message.Topic, kafkaMessage, report);
                return;
            }
            catch (ProduceException<byte[]?, byte[]> ex) when (ex.Error.Code == ErrorCode.Local_QueueFull && !stopping.IsCancellationRequested)
            {
                // The local queue drains as the brokers acknowledge; a full one only means we are ahead of them.
                producer.Poll(TimeSpan.FromMilliseconds(50));
            }
        }
    }

    private static Headers ToHeaders(IReadOnlyList<KafkaHeader> headers)
    {
        var result = new Headers();
        foreach (var header in headers)
        {
            result.Add(header.Key, header.Value);
        }

        return result;
    }
}
