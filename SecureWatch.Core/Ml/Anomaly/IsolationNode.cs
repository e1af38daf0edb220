namespace SecureWatch.Core.Ml.Anomaly;

/// <summary>Internal node: <c>x &lt; Threshold</c> goes left. Children &lt; 0 are leaves (<c>~leaf</c>).</summary>
internal readonly record struct IsolationNode(int Feature, float Threshold, int Left, int Right);
