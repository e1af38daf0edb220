namespace SecureWatch.CaptureAgent.Decoding;

/// <summary>TCP header flag bits (byte 13).</summary>
internal static class TcpFlags
{
    public const byte Fin = 0x01;
    public const byte Syn = 0x02;
    public const byte Rst = 0x04;
    public const byte Psh = 0x08;
    public const byte Ack = 0x10;
    public const byte Urg = 0x20;
}
