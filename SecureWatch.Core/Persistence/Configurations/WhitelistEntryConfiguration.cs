using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SecureWatch.Core.Persistence.Configurations;

internal sealed class WhitelistEntryConfiguration : IEntityTypeConfiguration<WhitelistEntry>
{
    public void Configure(EntityTypeBuilder<WhitelistEntry> builder)
    {
        builder.ToTable("ip_whitelist");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Id).HasColumnName("id").UseIdentityAlwaysColumn();
        builder.Property(e => e.Network).HasColumnName("network").HasColumnType("cidr");
        builder.Property(e => e.Description).HasColumnName("description").HasMaxLength(500);
        builder.Property(e => e.IsActive).HasColumnName("is_active");
        builder.Property(e => e.CreatedAt).HasColumnName("created_at");
        builder.Property(e => e.UpdatedAt).HasColumnName("updated_at");
        builder.Property(e => e.CreatedBy).HasColumnName("created_by").HasMaxLength(100);
        builder.Property(e => e.SigningSecret).HasColumnName("signing_secret");
    }
}
