using System.Security.Cryptography;
using System.Text;
using SecureWatch.Core.Kafka;
using SecureWatch.Core.Persistence;
using SecureWatch.Core.Pipeline;
using SecureWatch.Core.Providers;

namespace SecureWatch.Core.Predictions;

/// <summary>
/// Signs the predictions SecureWatch publishes and recognises them again, so that the live relay pushes to browsers
/// only what a SecureWatch pipeline wrote, not whatever else can write to the predictions topic. The key is derived
/// from the secrets key (<see cref="SigningSecretProtector.KeySetting"/>) that every instance shares; the signature
/// travels in the <see cref="PipelineHeaders.PredictionSignature"/> header in the format providers use for theirs.
/// </summary>
public sealed class PredictionSigner
{
    /// <summary>HKDF info of the derived key; a distinct label keeps it apart from every other use of the secrets key.</summary>
    public const string KeyPurpose = "securewatch.predictions.signature.v1";

    private readonly byte[] _key;

    public PredictionSigner(byte[] key, bool isShared)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Length < 32)
        {
            throw new ArgumentException("a prediction signing key has at least 32 bytes", nameof(key));
        }

        _key = key;
        IsShared = isShared;
    }

    /// <summary>
    /// False when no secrets key is configured: the key is then random per process, so this instance's relay pushes
    /// only its own pipeline's predictions and other instances' are refused (counted as unverified).
    /// </summary>
    public bool IsShared { get; }

    public static PredictionSigner Create(SigningSecretProtector protector)
    {
        ArgumentNullException.ThrowIfNull(protector);
        return protector.DeriveKey(KeyPurpose) is { } derived
            ? new PredictionSigner(derived, isShared: true)
            : new PredictionSigner(RandomNumberGenerator.GetBytes(32), isShared: false);
    }

    public KafkaHeader Sign(ReadOnlySpan<byte> value) =>
        new(PipelineHeaders.PredictionSignature, Encoding.ASCII.GetBytes(PayloadSignature.Compute(_key, value)));

    /// <summary>Constant-time check of a signature header value against the message value.</summary>
    public bool IsGenuine(ReadOnlySpan<byte> value, ReadOnlySpan<byte> signature) => PayloadSignature.IsValid(_key, value, signature);
}
