package org.fundcheck.load;

import java.util.Objects;

/**
 * A file as an earlier run loaded it, by the same loading code, and the version its silver table was at
 * when that run ended. A drop that repeats the file byte for byte (same hash, same decoding) while the table
 * is still at that version would change nothing by loading it again: every accepted row is already there
 * with the same values, every rejected row is in the quarantine under the file's hash.
 *
 * @param runId the run that loaded it (or kept it from an earlier run in turn)
 */
public record LoadedBefore(String runId, FileLoad load, long tableVersion) {

  public LoadedBefore {
    Objects.requireNonNull(runId);
    Objects.requireNonNull(load);
  }

  /** Whether {@code file}, as staged now, is this very file decoded the same way. */
  boolean isSameFileAs(PreparedFile file) {
    return load.sha256().equals(file.sha256()) && load.encoding().equals(file.encoding());
  }
}
