using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SecureWatch.Core.Persistence.Configurations;

internal sealed class DataSourceConfigConfiguration : IEntityTypeConfiguration<DataSourceConfig>
{
    public void Configure(EntityTypeBuilder<DataSourceConfig> builder)
    {
        builder.ToTable("data_source_config");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Id).HasColumnName("id").UseIdentityAlwaysColumn();
        builder.Property(e => e.SourceName).HasColumnName("source_name").HasMaxLength(64);
        builder.HasIndex(e => e.SourceName).IsUnique();
        builder.Property(e => e.IsEnabled).HasColumnName("is_enabled");
        builder.Property(e => e.Description).HasColumnName("description").HasMaxLength(500);
        builder.Property(e => e.ConfigParams).HasColumnName("config_params").HasColumnType("jsonb");
        builder.Property(e => e.UpdatedAt).HasColumnName("updated_at");
    }
}
