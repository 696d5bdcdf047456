package org.fundcheck.load;

import java.util.List;

/**
 * One record of an input file as it was read: the physical line it starts on (the header is line 1), its
 * text exactly as in the file (for the quarantine), and its fields.
 */
public record RawRecord(long line, String raw, List<String> fields) {

  public RawRecord {
    fields = List.copyOf(fields);
  }
}
