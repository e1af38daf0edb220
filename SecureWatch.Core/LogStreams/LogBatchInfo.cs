namespace SecureWatch.Core.LogStreams;

/// <summary>
/// The envelope's <c>batch_info</c>: which replay cycle of the file, which batch of that cycle and which record of
/// the batch a message is (all 1-based), and the producer's configured batch size (the last batch of a file may be
/// shorter).
/// </summary>
public sealed record LogBatchInfo(long FileCycle, long BatchNumber, long RecordInBatch, long BatchSize);
