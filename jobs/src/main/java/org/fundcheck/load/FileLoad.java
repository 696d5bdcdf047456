package org.fundcheck.load;

/**
 * What loading one file did. Always {@code read == loaded + quarantined}: nothing is dropped silently.
 *
 * @param file the file's name in the drop, e.g. {@code disbursements.csv}
 */
public record FileLoad(String file, String encoding, String sha256, long read, long loaded, long quarantined) {

  public FileLoad {
    if (read != loaded + quarantined) {
      throw new IllegalStateException(
          file + ": read " + read + " rows but loaded " + loaded + " and quarantined " + quarantined);
    }
  }
}
