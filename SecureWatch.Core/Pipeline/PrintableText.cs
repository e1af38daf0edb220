using System.Text;

namespace SecureWatch.Core.Pipeline;

/// <summary>
/// Reject messages quote what senders sent; never echo control characters or unbounded text into logs and headers.
/// </summary>
internal static class PrintableText
{
    public static string Of(string text, int length) =>
        string.Concat(text.Take(length).Select(c => char.IsControl(c) ? '?' : c));

    public static string Of(byte[] header) => Of(Encoding.UTF8.GetString(header, 0, Math.Min(header.Length, 64)), 64);
}
