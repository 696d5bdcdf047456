package org.fundcheck.load;

import java.nio.file.Path;

/**
 * A drop file after its one pass through the driver: decoded, split into records, checked for its header
 * and field counts, and written as JSON lines for Spark to validate in parallel.
 *
 * @param sha256 the file's content hash, which identifies a re-delivered file
 * @param records records read (header and blank lines excluded)
 */
public record StagedFile(DropFile source, String sha256, String encoding, long records, Path staging) {}
