namespace SecureWatch.CaptureAgent.Features;

/// <summary>The connection states that appear as the KDD <c>flag</c> feature (Zeek's conn_state names).</summary>
internal enum KddFlag : byte
{
    OTH,
    S0,
    S1,
    S2,
    S3,
    SF,
    REJ,
    RSTO,
    RSTOS0,
    RSTR,
    SH,
}
