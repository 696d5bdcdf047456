package org.fundcheck.load;

/**
 * A drop file after its one pass through the driver: decoded, split into records, checked for its header
 * and field counts, and written as JSON lines for Spark to validate in parallel.
 *
 * @param sha256 the file's content hash, which identifies a re-delivered file
 * @param records records read (header and blank lines excluded)
 * @param staging the staged JSON lines, on the warehouse's file system
 */
public record StagedFile(DropFile source, String sha256, String encoding, long records, String staging) {}
