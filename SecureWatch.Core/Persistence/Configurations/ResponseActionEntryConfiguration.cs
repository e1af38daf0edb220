using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SecureWatch.Core.Persistence.Configurations;

internal sealed class ResponseActionEntryConfiguration : IEntityTypeConfiguration<ResponseActionEntry>
{
    public void Configure(EntityTypeBuilder<ResponseActionEntry> builder)
    {
        builder.ToTable("response_actions");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Id).HasColumnName("id").ValueGeneratedNever();
        builder.Property(e => e.DecidedAt).HasColumnName("decided_at");
        builder.Property(e => e.RuleId).HasColumnName("rule_id").HasMaxLength(100);
        builder.Property(e => e.Action).HasColumnName("action").HasMaxLength(32);
        builder.Property(e => e.Target).HasColumnName("target").HasMaxLength(64);
        builder.Property(e => e.DryRun).HasColumnName("dry_run");
        builder.Property(e => e.Category).HasColumnName("category").HasMaxLength(16);
        builder.Property(e => e.AttackProbability).HasColumnName("attack_probability");
        builder.Property(e => e.ExpiresAt).HasColumnName("expires_at");
        builder.Property(e => e.TrafficId).HasColumnName("traffic_id");
        builder.Property(e => e.TrafficReceivedAt).HasColumnName("traffic_received_at");
        builder.Property(e => e.EventId).HasColumnName("event_id");
        builder.Property(e => e.DataSource).HasColumnName("data_source").HasMaxLength(64);
        builder.Property(e => e.WhitelistEntryId).HasColumnName("whitelist_entry_id");
        builder.Property(e => e.UndoneAt).HasColumnName("undone_at");
        builder.Property(e => e.UndoneBy).HasColumnName("undone_by").HasMaxLength(100);
    }
}
