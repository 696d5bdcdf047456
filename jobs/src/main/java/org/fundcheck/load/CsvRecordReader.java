package org.fundcheck.load;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads RFC 4180 records one at a time and keeps, for each, the physical line it starts on and its raw
 * text. Existing CSV parsers give fields but not the raw text of a record that spans lines, and the
 * quarantine must show the row exactly as delivered; hence this small reader.
 *
 * <p>A quoted field may hold commas, doubled quotes and line breaks (CRLF, LF or CR). Blank lines are not
 * records. A quote inside an unquoted field is kept as text, as spreadsheet exports do.
 */
public final class CsvRecordReader implements AutoCloseable {

  private final Reader in;
  private final char[] buffer = new char[1 << 16];
  private int pos;
  private int limit;
  private long line;
  private boolean eof;

  public CsvRecordReader(Reader in) {
    this(in, 1);
  }

  /**
   * A reader of part of a file, from a record's start: {@code firstLine} is the physical line that part
   * starts on, so every record keeps the line number it has in the whole file.
   */
  public CsvRecordReader(Reader in, long firstLine) {
    this.in = in;
    this.line = firstLine;
  }

  /** The next record, or null at the end of the input. */
  public RawRecord next() throws IOException {
    while (true) {
      int c = peek();
      if (c < 0) {
        return null;
      }
      if (c == '\r' || c == '\n') {
        consumeLineBreak();
        continue;
      }
      return readRecord();
    }
  }

  private RawRecord readRecord() throws IOException {
    long start = line;
    StringBuilder raw = new StringBuilder(128);
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder(32);
    boolean quoted = false;
    boolean fieldStart = true;
    while (true) {
      int c = read();
      if (c < 0) {
        fields.add(field.toString());
        return new RawRecord(start, raw.toString(), fields);
      }
      if (quoted) {
        if (c == '"') {
          raw.append('"');
          if (peek() == '"') {
            raw.append((char) read());
            field.append('"');
          } else {
            quoted = false;
          }
        } else {
          if (c == '\r' || c == '\n') {
            pos--;
            String br = consumeLineBreak();
            raw.append(br);
            field.append(br);
          } else {
            raw.append((char) c);
            field.append((char) c);
          }
        }
        continue;
      }
      if (c == ',') {
        raw.append(',');
        fields.add(field.toString());
        field.setLength(0);
        fieldStart = true;
        continue;
      }
      if (c == '\r' || c == '\n') {
        pos--;
        consumeLineBreak();
        fields.add(field.toString());
        return new RawRecord(start, raw.toString(), fields);
      }
      raw.append((char) c);
      if (c == '"' && fieldStart) {
        quoted = true;
      } else {
        field.append((char) c);
      }
      fieldStart = false;
    }
  }

  /** Consumes one CRLF, LF or CR at the current position and returns it. */
  private String consumeLineBreak() throws IOException {
    int c = read();
    line++;
    if (c == '\r' && peek() == '\n') {
      read();
      return "\r\n";
    }
    return String.valueOf((char) c);
  }

  private int peek() throws IOException {
    if (pos >= limit && !fill()) {
      return -1;
    }
    return buffer[pos];
  }

  private int read() throws IOException {
    if (pos >= limit && !fill()) {
      return -1;
    }
    return buffer[pos++];
  }

  private boolean fill() throws IOException {
    if (eof) {
      return false;
    }
    int n = in.read(buffer, 0, buffer.length);
    if (n <= 0) {
      eof = true;
      return false;
    }
    pos = 0;
    limit = n;
    return true;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
