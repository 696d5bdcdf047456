package org.fundcheck.sample;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads a drop file back as RFC 4180 records with the physical line each starts on, for assertions. */
final class CsvRecords {

  record Rec(long line, List<String> fields) {}

  final List<String> header;
  final List<Rec> rows;

  private CsvRecords(List<String> header, List<Rec> rows) {
    this.header = header;
    this.rows = rows;
  }

  static CsvRecords read(Path file) throws IOException {
    Charset cs = file.getFileName().toString().equals("households.csv")
        ? Charset.forName("GB18030") : StandardCharsets.UTF_8;
    String text = Files.readString(file, cs);
    if (!text.isEmpty() && text.charAt(0) == '\uFEFF') {
      text = text.substring(1);
    }
    List<Rec> all = new ArrayList<>();
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    long line = 1;
    long start = 1;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
          field.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          if (c == '\n') {
            line++;
          }
          field.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        fields.add(field.toString());
        field.setLength(0);
      } else if (c == '\n') {
        fields.add(field.toString());
        field.setLength(0);
        all.add(new Rec(start, List.copyOf(fields)));
        fields.clear();
        line++;
        start = line;
      } else {
        field.append(c);
      }
    }
    return new CsvRecords(all.get(0).fields(), all.subList(1, all.size()));
  }

  int column(String name) {
    int i = header.indexOf(name);
    if (i < 0) {
      throw new IllegalArgumentException("no column " + name + " in " + header);
    }
    return i;
  }
}
