namespace SecureWatch.Core.Ml;

/// <summary>The NSL-KDD traffic categories. Values are the class indexes used by the attack classifier.</summary>
public enum AttackCategory
{
    Normal = 0,
    Dos = 1,
    Probe = 2,
    R2l = 3,
    U2r = 4,
}
