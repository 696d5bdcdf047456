package org.fundcheck.sample;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One CSV file of a drop, written row by row. It counts records and physical lines, because the manifest
 * names a faulty row by the physical line where its record starts (a quoted line break moves every later
 * record down).
 */
final class CsvSink implements AutoCloseable {

  private final String fileName;
  private final String encoding;
  private final Writer out;
  private final StringBuilder row = new StringBuilder(256);
  private boolean firstField = true;
  private int breaksInRow;
  /** Physical line of the next record; the header is line 1. */
  private long nextLine = 2;
  private long records;
  private int quarantined;

  private CsvSink(String fileName, String encoding, Writer out) {
    this.fileName = fileName;
    this.encoding = encoding;
    this.out = out;
  }

  static CsvSink open(Path dir, String fileName, Charset charset, boolean bom, String encodingLabel,
      String... header) throws IOException {
    OutputStream stream = Files.newOutputStream(dir.resolve(fileName));
    Writer w = new BufferedWriter(new OutputStreamWriter(stream, charset), 1 << 17);
    if (bom) {
      w.write('\uFEFF');
    }
    w.write(String.join(",", header));
    w.write('\n');
    return new CsvSink(fileName, encodingLabel, w);
  }

  /**
   * A sink that counts records and lines like a real one but writes nothing: replaying a drop only to
   * learn its ids and households (for a nightly increment on top of it) costs no disk.
   */
  static CsvSink discarding(String fileName, String encodingLabel) {
    return new CsvSink(fileName, encodingLabel, Writer.nullWriter());
  }

  String fileName() {
    return fileName;
  }

  String encoding() {
    return encoding;
  }

  long records() {
    return records;
  }

  int quarantined() {
    return quarantined;
  }

  /** Marks the record just written as one the loader must quarantine. */
  void countFault() {
    quarantined++;
  }

  /** A field known to hold no comma, quote or line break (codes, dates, amounts). */
  CsvSink f(String value) {
    sep();
    if (value != null) {
      row.append(value);
    }
    return this;
  }

  CsvSink f(long value) {
    sep();
    row.append(value);
    return this;
  }

  /** A free-text field, quoted when it holds a comma, quote or line break. */
  CsvSink q(String value) {
    sep();
    if (value == null) {
      return this;
    }
    boolean needs = false;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == ',' || c == '"' || c == '\n' || c == '\r') {
        needs = true;
        break;
      }
    }
    if (!needs) {
      row.append(value);
      return this;
    }
    row.append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '"') {
        row.append('"');
      } else if (c == '\n') {
        breaksInRow++;
      }
      row.append(c);
    }
    row.append('"');
    return this;
  }

  /** Ends the record; returns the physical line where it starts. */
  long end() throws IOException {
    row.append('\n');
    out.append(row);
    row.setLength(0);
    firstField = true;
    long line = nextLine;
    nextLine += 1 + breaksInRow;
    breaksInRow = 0;
    records++;
    return line;
  }

  /** A raw record written as is (for rows with a wrong number of fields); returns its line. */
  long raw(String line) throws IOException {
    out.write(line);
    out.write('\n');
    long at = nextLine;
    nextLine++;
    records++;
    return at;
  }

  private void sep() {
    if (firstField) {
      firstField = false;
    } else {
      row.append(',');
    }
  }

  @Override
  public void close() throws IOException {
    out.close();
  }
}
