using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SecureWatch.Core.Persistence.Configurations;

internal sealed class ScoredTrafficConfiguration : IEntityTypeConfiguration<ScoredTraffic>
{
    public void Configure(EntityTypeBuilder<ScoredTraffic> builder)
    {
        builder.ToTable("traffic_data");
        builder.HasKey(e => new { e.Id, e.ReceivedAt });
        builder.Property(e => e.Id).HasColumnName("id").UseIdentityAlwaysColumn();
        builder.Property(e => e.ReceivedAt).HasColumnName("received_at");
        builder.Property(e => e.ObservedAt).HasColumnName("observed_at");
        builder.Property(e => e.EventId).HasColumnName("event_id");
        builder.Property(e => e.DataSource).HasColumnName("data_source").HasMaxLength(64);
        builder.Property(e => e.SenderIp).HasColumnName("sender_ip").HasColumnType("inet");
        builder.Property(e => e.SrcIp).HasColumnName("src_ip").HasColumnType("inet");
        builder.Property(e => e.DstIp).HasColumnName("dst_ip").HasColumnType("inet");
        builder.Property(e => e.SrcPort).HasColumnName("src_port");
        builder.Property(e => e.DstPort).HasColumnName("dst_port");
        builder.Property(e => e.Protocol).HasColumnName("protocol").HasMaxLength(8);
        builder.Property(e => e.FeatureSet).HasColumnName("feature_set").HasMaxLength(16);
        builder.Property(e => e.Features).HasColumnName("features").HasColumnType("jsonb");
        builder.Property(e => e.KafkaTopic).HasColumnName("kafka_topic").HasMaxLength(249);
        builder.Property(e => e.KafkaPartition).HasColumnName("kafka_partition");
        builder.Property(e => e.KafkaOffset).HasColumnName("kafka_offset");
        builder.Property(e => e.IsAttack).HasColumnName("is_attack");
        builder.Property(e => e.AttackProbability).HasColumnName("attack_probability");
        builder.Property(e => e.Category).HasColumnName("category").HasMaxLength(16);
        builder.Property(e => e.ModelVersion).HasColumnName("model_version").HasMaxLength(64);
        builder.Property(e => e.ResponseAction).HasColumnName("response_action").HasMaxLength(32);
        builder.Property(e => e.Explanation).HasColumnName("explanation").HasColumnType("jsonb");
    }
}
