using System.Diagnostics;
using SecureWatch.Core.Kafka;

namespace SecureWatch.Testing;

/// <summary>
/// Keeps child-process starts and mock-broker outages apart. Taking a mock broker down makes librdkafka close its
/// listening socket and bind the same port again at once; a child forked at that moment still holds the listening
/// socket until it execs (close-on-exec), so the bind fails and librdkafka aborts the whole test process. Tests start
/// children and take brokers down through this gate; <see cref="Process.Start()"/> returns only once the child has
/// exec'd, so holding the gate for the start is enough.
/// </summary>
public static class ChildProcessGate
{
    private static readonly Lock Gate = new();

    public static void Start(Process process)
    {
        ArgumentNullException.ThrowIfNull(process);
        lock (Gate)
        {
            process.Start();
        }
    }

    public static Process Start(ProcessStartInfo start)
    {
        lock (Gate)
        {
            return Process.Start(start) ?? throw new InvalidOperationException($"{start.FileName} did not start");
        }
    }

    public static void SetAllBrokersDown(MockKafkaCluster cluster)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        lock (Gate)
        {
            cluster.SetAllBrokersDown();
        }
    }

    public static void SetBrokerDown(MockKafkaCluster cluster, int brokerId)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        lock (Gate)
        {
            cluster.SetBrokerDown(brokerId);
        }
    }
}
