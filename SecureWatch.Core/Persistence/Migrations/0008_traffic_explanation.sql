-- Why an attack was flagged: the deciding stage of the threat detector, its base value and output, and the
-- five features that pushed most toward attack (see SecureWatch.Core/Ml/Explanation). NULL for normal traffic.
-- Added on the partitioned parent, so every existing and future daily partition gets the column.
ALTER TABLE traffic_data ADD COLUMN explanation jsonb;
