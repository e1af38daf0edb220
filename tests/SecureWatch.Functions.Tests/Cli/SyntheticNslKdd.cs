using System.Globalization;
using System.Text;

namespace SecureWatch.Functions.Tests.Cli;

/// <summary>
/// Writes a small NSL-KDD-format training file with one attack type per category, each with features
/// that plainly set it apart (service, flag, counters), so a trained model's answers are known.
/// </summary>
internal static class SyntheticNslKdd
{
    public static void WriteTrainingFile(string path, int rowsPerType, int seed)
    {
        var random = new Random(seed);
        var text = new StringBuilder();
        for (var i = 0; i < rowsPerType; i++)
        {
            foreach (var label in (string[])["normal", "neptune", "ipsweep", "guess_passwd", "buffer_overflow"])
            {
                text.AppendLine(Line(label, random));
            }
        }

        File.WriteAllText(path, text.ToString());
    }

    public static string Line(string label, Random random)
    {
        var f = new string[41];
        Array.Fill(f, "0");
        string Jitter(double centre, double spread) => (centre + ((random.NextDouble() - 0.5) * spread)).ToString("0.##", CultureInfo.InvariantCulture);
        switch (label)
        {
            case "normal":
                (f[1], f[2], f[3]) = ("tcp", "http", "SF");
                (f[4], f[5], f[11]) = (Jitter(250, 100), Jitter(2000, 1000), "1");
                (f[22], f[23], f[28], f[31], f[32], f[33]) = (Jitter(4, 4), Jitter(4, 4), "1", Jitter(150, 100), Jitter(150, 100), "1");
                break;
            case "neptune":
                (f[1], f[2], f[3]) = ("tcp", "private", "S0");
                (f[22], f[23], f[24], f[25], f[28], f[29]) = (Jitter(150, 100), Jitter(10, 10), "1", "1", "0.05", "0.07");
                (f[31], f[32], f[37], f[38]) = ("255", Jitter(15, 20), "1", "1");
                break;
            case "ipsweep":
                (f[1], f[2], f[3]) = ("icmp", "eco_i", "SF");
                (f[4], f[22], f[23], f[28]) = (Jitter(18, 10), "1", Jitter(20, 10), "1");
                (f[31], f[32], f[34], f[36]) = (Jitter(40, 30), Jitter(40, 30), "0.02", "0.5");
                break;
            case "guess_passwd":
                (f[1], f[2], f[3]) = ("tcp", "telnet", "RSTO");
                (f[0], f[4], f[5], f[10]) = ("3", Jitter(125, 10), Jitter(180, 20), "1");
                (f[22], f[23], f[26], f[27], f[28]) = ("1", "1", "1", "1", "1");
                (f[31], f[32], f[39], f[40]) = (Jitter(80, 40), Jitter(80, 40), "1", "1");
                break;
            default:
                (f[1], f[2], f[3]) = ("tcp", "telnet", "SF");
                (f[0], f[4], f[5], f[9], f[11], f[13], f[16]) = (Jitter(200, 100), Jitter(1500, 500), Jitter(3000, 1000), "2", "1", "1", "1");
                (f[22], f[23], f[28], f[31], f[32]) = ("1", "1", "1", Jitter(3, 4), Jitter(3, 4));
                break;
        }

        return string.Join(',', f) + "," + label + ",15";
    }
}
