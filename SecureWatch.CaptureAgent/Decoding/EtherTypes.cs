namespace SecureWatch.CaptureAgent.Decoding;

internal static class EtherTypes
{
    public const ushort Ipv4 = 0x0800;
    public const ushort Ipv6 = 0x86DD;
    public const ushort Vlan = 0x8100;
    public const ushort QinQ = 0x88A8;
    public const ushort QinQLegacy = 0x9100;
}
