namespace SecureWatch.CaptureAgent.Features;

/// <summary>KDD's error classes: "SYN errors" are S0-S3, "REJ errors" are REJ.</summary>
internal static class ErrorKinds
{
    public static bool IsSynError(KddFlag flag) => flag is KddFlag.S0 or KddFlag.S1 or KddFlag.S2 or KddFlag.S3;

    public static bool IsRejError(KddFlag flag) => flag == KddFlag.REJ;
}
