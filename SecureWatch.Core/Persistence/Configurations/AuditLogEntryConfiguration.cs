using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SecureWatch.Core.Persistence.Configurations;

internal sealed class AuditLogEntryConfiguration : IEntityTypeConfiguration<AuditLogEntry>
{
    public void Configure(EntityTypeBuilder<AuditLogEntry> builder)
    {
        builder.ToTable("audit_log");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Id).HasColumnName("id").UseIdentityAlwaysColumn();
        builder.Property(e => e.OccurredAt).HasColumnName("occurred_at");
        builder.Property(e => e.Actor).HasColumnName("actor").HasMaxLength(100);
        builder.Property(e => e.Action).HasColumnName("action").HasMaxLength(16);
        builder.Property(e => e.Entity).HasColumnName("entity").HasMaxLength(64);
        builder.Property(e => e.EntityId).HasColumnName("entity_id").HasMaxLength(64);
        builder.Property(e => e.Before).HasColumnName("before").HasColumnType("jsonb");
        builder.Property(e => e.After).HasColumnName("after").HasColumnType("jsonb");
    }
}
