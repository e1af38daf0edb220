using System.Text.Json;
using SecureWatch.Core.Features;
using SecureWatch.Core.Ml.Data;
using SecureWatch.Core.Ml.Features;
using SecureWatch.Core.Ml.Training;

namespace SecureWatch.Core.Tests.Ml;

public sealed class FeatureVectorizerTests
{
    private const string NeptuneLine =
        "0,tcp,private,S0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,123,6,1.00,1.00,0.00,0.00,0.05,0.07,0.00,255,26,0.10,0.05,0.00,0.00,1.00,1.00,0.00,0.00,neptune,19";

    [Fact]
    public void Header28RowsHoldBasicAndTrafficFeaturesOnly()
    {
        var records = NslKddReader.Read(new StringReader(NeptuneLine));
        var vectorizer = NslKddDataset.BuildVectorizer(KddFeatureSet.Header28, records);
        var row = new float[28];

        vectorizer.VectorizeKdd41(records[0].Fields, row);

        Assert.Equal(28, vectorizer.Width);
        Assert.Equal(123f, row[9]);
        Assert.Equal(0f, row[1]);
        Assert.Equal(0f, row[27]);
        Assert.Equal(1f, row[25]);
    }

    [Fact]
    public void NamedFeaturesAcceptNumbersStringsAndJsonAndUnseenSymbolsEncodeAsUnseen()
    {
        var vectorizer = new FeatureVectorizer(KddFeatureSet.Header28, Vocabularies(KddFeatureSet.Header28));
        var features = KddFeatureSet.Header28.Names.ToDictionary(n => n, object? (_) => 0);
        features["protocol_type"] = "udp";
        features["service"] = "gopher";
        features["flag"] = JsonDocument.Parse("\"SF\"").RootElement;
        features["src_bytes"] = "491";
        features["count"] = JsonDocument.Parse("2.5").RootElement;
        features["dst_host_count"] = 150L;
        var row = new float[28];

        vectorizer.Vectorize(features, row);

        Assert.Equal(2f, row[1]);
        Assert.Equal(CategoricalVocabulary.Unseen, row[2]);
        Assert.Equal(1f, row[3]);
        Assert.Equal(491f, row[4]);
        Assert.Equal(2.5f, row[9]);
        Assert.Equal(150f, row[18]);
    }

    [Fact]
    public void AMissingFeatureIsAnErrorNotAZero()
    {
        var vectorizer = new FeatureVectorizer(KddFeatureSet.Kdd41, Vocabularies(KddFeatureSet.Kdd41));
        var features = KddFeatureSet.Header28.Names.ToDictionary(n => n, object? (_) => 0);

        var error = Assert.Throws<ArgumentException>(() => vectorizer.Vectorize(features, new float[41]));

        Assert.Contains("hot", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CategoryTableShipsLabelsThatOnlyOccurInTheTestSets()
    {
        var map = AttackCategoryMap.Default;

        Assert.True(map.TryGetCategory("mscan", out var mscan));
        Assert.Equal(Core.Ml.AttackCategory.Probe, mscan);
        Assert.True(map.TryGetCategory("snmpgetattack", out var snmp));
        Assert.Equal(Core.Ml.AttackCategory.R2l, snmp);
        Assert.True(map.TryGetCategory("normal", out var normal));
        Assert.Equal(Core.Ml.AttackCategory.Normal, normal);
        Assert.False(map.TryGetCategory("made_up_attack", out _));
    }

    private static CategoricalVocabulary?[] Vocabularies(KddFeatureSet set) =>
    [
        .. set.Names.Select(n => n switch
        {
            "protocol_type" => new CategoricalVocabulary(["icmp", "tcp", "udp"]),
            "service" => new CategoricalVocabulary(["http", "private"]),
            "flag" => new CategoricalVocabulary(["S0", "SF"]),
            _ => null,
        }),
    ];
}
