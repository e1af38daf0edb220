using Microsoft.Extensions.Configuration;
using SecureWatch.Core.Ml;

namespace SecureWatch.Core.Alerts;

/// <summary>
/// Bound from the "Alerts" section: how long an alert keeps absorbing records of its fingerprint, and the severity
/// table. Severity starts from the category's base and moves one step up when the alert's max probability reaches
/// <see cref="RaiseAtOrAbove"/>, one step down below <see cref="LowerBelow"/> (within low…critical).
/// </summary>
public sealed class AlertOptions
{
    public const string SectionName = "Alerts";

    public TimeSpan GroupWindow { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Category name to base severity; a category not listed starts at medium.</summary>
    public Dictionary<string, string> BaseSeverity { get; } = new(StringComparer.Ordinal)
    {
        ["u2r"] = AlertSeverities.Critical,
        ["r2l"] = AlertSeverities.High,
        ["dos"] = AlertSeverities.High,
        ["probe"] = AlertSeverities.Medium,
        ["normal"] = AlertSeverities.Low,
    };

    public double RaiseAtOrAbove { get; set; } = 0.95;

    public double LowerBelow { get; set; } = 0.8;

    public static AlertOptions FromConfiguration(IConfiguration configuration)
    {
        var options = new AlertOptions();
        configuration.GetSection(SectionName).Bind(options);
        options.Validate();
        return options;
    }

    public void Validate()
    {
        if (GroupWindow <= TimeSpan.Zero || LowerBelow < 0 || RaiseAtOrAbove > 1 || LowerBelow > RaiseAtOrAbove)
        {
            throw new InvalidOperationException(
                "Alerts: GroupWindow must be positive and 0 <= LowerBelow <= RaiseAtOrAbove <= 1.");
        }

        foreach (var (category, severity) in BaseSeverity)
        {
            if (!AttackCategoryNames.All.Contains(category) || AlertSeverities.IndexOf(severity) < 0)
            {
                throw new InvalidOperationException(
                    $"Alerts:BaseSeverity:{category} = '{severity}': categories are {string.Join(", ", AttackCategoryNames.All)}; " +
                    $"severities are {string.Join(", ", AlertSeverities.All)}.");
            }
        }
    }

    public string Severity(string category, double maxProbability)
    {
        var index = AlertSeverities.IndexOf(BaseSeverity.GetValueOrDefault(category, AlertSeverities.Medium));
        if (maxProbability >= RaiseAtOrAbove)
        {
            index++;
        }
        else if (maxProbability < LowerBelow)
        {
            index--;
        }

        return AlertSeverities.All[Math.Clamp(index, 0, AlertSeverities.All.Count - 1)];
    }
}
