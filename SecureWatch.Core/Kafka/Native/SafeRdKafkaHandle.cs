using Microsoft.Win32.SafeHandles;

namespace SecureWatch.Core.Kafka.Native;

/// <summary>An rd_kafka_t created by SecureWatch itself (not by Confluent.Kafka), destroyed with rd_kafka_destroy.</summary>
internal sealed class SafeRdKafkaHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public SafeRdKafkaHandle()
        : base(ownsHandle: true)
    {
    }

    protected override bool ReleaseHandle()
    {
        LibrdkafkaNative.KafkaDestroy(handle);
        return true;
    }
}
