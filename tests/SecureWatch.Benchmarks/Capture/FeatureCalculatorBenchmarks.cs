using BenchmarkDotNet.Attributes;
using SecureWatch.CaptureAgent.Features;
using SecureWatch.CaptureAgent.Tracking;

namespace SecureWatch.Benchmarks.Capture;

/// <summary>Cost of the traffic features per reported connection (2-second window and last 100).</summary>
[MemoryDiagnoser]
public class FeatureCalculatorBenchmarks
{
    private const int Connections = 100_000;
    private CompletedConnection[] _connections = [];
    private FeatureCalculator _calculator = null!;
    private long _timeShift;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1);
        _connections = new CompletedConnection[Connections];
        long micros = 0;
        for (var i = 0; i < Connections; i++)
        {
            micros += random.Next(1, 100);
            _connections[i] = new CompletedConnection
            {
                OriginatorAddress = (UInt128)random.Next(1, 2000),
                ResponderAddress = (UInt128)random.Next(1, 30),
                OriginatorPort = (ushort)random.Next(1024, 65535),
                ResponderPort = 80,
                Protocol = 6,
                ReportedMicros = micros,
                Service = KddServices.ForTcpPort((ushort)(random.Next(4) switch { 0 => 22, 1 => 443, 2 => 25, _ => 80 })),
                Flag = random.Next(5) == 0 ? KddFlag.S0 : KddFlag.SF,
            };
        }

        _calculator = new FeatureCalculator(new NullFeatureRecordSink());
    }

    private readonly TwoSecondWindow _window = new();
    private readonly LastHundredConnections _last = new();

    [Benchmark(OperationsPerInvoke = Connections)]
    public double WindowOnly()
    {
        _timeShift += 3_600_000_000;
        var f = default(KddFeatureVector);
        double sum = 0;
        for (var i = 0; i < _connections.Length; i++)
        {
            var w = new WindowedConnection { ReportedMicros = _connections[i].ReportedMicros + _timeShift, Destination = _connections[i].ResponderAddress, Service = _connections[i].Service };
            _window.AddAndCompute(w, ref f);
            sum += f.Count;
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = Connections)]
    public double LastHundredOnly()
    {
        var f = default(KddFeatureVector);
        double sum = 0;
        for (var i = 0; i < _connections.Length; i++)
        {
            var w = new WindowedConnection { ReportedMicros = _connections[i].ReportedMicros, Destination = _connections[i].ResponderAddress, Service = _connections[i].Service };
            _last.AddAndCompute(w, ref f);
            sum += f.DstHostCount;
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = Connections)]
    public void ComputeFeatures()
    {
        _timeShift += 3_600_000_000;
        for (var i = 0; i < _connections.Length; i++)
        {
            var connection = _connections[i];
            connection.ReportedMicros += _timeShift;
            _calculator.OnConnection(connection);
        }
    }
}
