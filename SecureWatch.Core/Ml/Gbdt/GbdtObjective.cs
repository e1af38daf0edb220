namespace SecureWatch.Core.Ml.Gbdt;

public enum GbdtObjective
{
    /// <summary>Binary logistic loss; labels are 0 or 1; one tree per round.</summary>
    Binary = 0,

    /// <summary>Multiclass softmax loss; labels are class indexes; one tree per class per round.</summary>
    Multiclass = 1,
}
