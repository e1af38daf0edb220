namespace SecureWatch.CaptureAgent.Features;

/// <summary>The header28 features of one connection, as plain values (no allocation per connection).</summary>
internal struct KddFeatureVector
{
    public long Duration;
    public byte Protocol;
    public byte Service;
    public KddFlag Flag;
    public long SrcBytes;
    public long DstBytes;
    public int Land;
    public int WrongFragment;
    public int Urgent;
    public int Count;
    public int SrvCount;
    public double SerrorRate;
    public double SrvSerrorRate;
    public double RerrorRate;
    public double SrvRerrorRate;
    public double SameSrvRate;
    public double DiffSrvRate;
    public double SrvDiffHostRate;
    public int DstHostCount;
    public int DstHostSrvCount;
    public double DstHostSameSrvRate;
    public double DstHostDiffSrvRate;
    public double DstHostSameSrcPortRate;
    public double DstHostSrvDiffHostRate;
    public double DstHostSerrorRate;
    public double DstHostSrvSerrorRate;
    public double DstHostRerrorRate;
    public double DstHostSrvRerrorRate;

    /// <summary>KDD'99 publishes rates with two decimals (as a percentage rounded half away from zero, exactly).</summary>
    public static double Rate(int part, int whole) => whole == 0 ? 0 : Math.Round(part * 100.0 / whole, MidpointRounding.AwayFromZero) / 100;
}
