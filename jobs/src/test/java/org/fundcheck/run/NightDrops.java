package org.fundcheck.run;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.fundcheck.load.CsvRecordReader;
import org.fundcheck.load.DropFile;
import org.fundcheck.load.Encodings;
import org.fundcheck.load.RawRecord;
import org.fundcheck.schema.FileSpec;

/**
 * Cuts one drop into what two nights deliver, and writes what one run over both nights reads.
 *
 * <ul>
 *   <li>The first night holds the master data (units, households, members, projects) and every row dated
 *       on or before its as_of by the contract's row date (paid_on, allocated_on, found_on, died_on, …),
 *       some of them as they stood that night: a {@link Correction}'s first value, and each finding
 *       rectified after that night as still {@code in_progress} with no rectified_on.
 *   <li>The second night holds every later (or undated) row and the corrected rows, under the same keys.
 *   <li>The union holds every row once, as last delivered: the source drop with the corrections applied.
 * </ul>
 *
 * Rows repeating a key stay together on the night of the key's first row, so a repeat the contract rejects
 * as "a key already seen earlier in the same file" is rejected on either side. Each file keeps its
 * encoding and byte-order mark, each row its raw text (variants, quoted line breaks); a file a night has no
 * rows for is left out of that night's drop.
 */
final class NightDrops {

  /** A row of the first night whose {@code column} the second night corrects. */
  record Correction(String file, String key, String column, String firstValue, String correctedValue) {}

  private static final List<DateTimeFormatter> DATES = List.of(
      DateTimeFormatter.ISO_LOCAL_DATE, DateTimeFormatter.ofPattern("yyyy/M/d"), DateTimeFormatter.BASIC_ISO_DATE);

  private NightDrops() {}

  static void write(Path source, LocalDate firstAsOf, List<Correction> corrections, Path first, Path second,
      Path union) throws IOException {
    Set<Correction> unused = new HashSet<>(corrections);
    for (Path dir : List.of(first, second, union)) {
      Files.createDirectories(dir);
    }
    for (DropFile file : DropFile.find(source.toString(), new org.apache.hadoop.conf.Configuration())) {
      FileSpec spec = file.spec();
      Encodings.Detected encoding = Encodings.detect(file.file(), Encodings.Choice.AUTO);
      String text = Files.readString(file.file().localFile().toPath(), encoding.charset());
      if (encoding.bom()) {
        text = text.substring(1);
      }
      List<RawRecord> records = new ArrayList<>();
      try (CsvRecordReader reader = new CsvRecordReader(new StringReader(text))) {
        for (RawRecord r = reader.next(); r != null; r = reader.next()) {
          records.add(r);
        }
      }
      List<String> header = records.get(0).fields();
      List<String> firstRows = new ArrayList<>();
      List<String> secondRows = new ArrayList<>();
      List<String> unionRows = new ArrayList<>();
      Map<String, Boolean> firstNightOfKey = new HashMap<>();
      for (RawRecord r : records.subList(1, records.size())) {
        boolean shaped = r.fields().size() == header.size();
        String key = shaped
            ? String.join("|", spec.key().stream().map(k -> r.fields().get(header.indexOf(k)).trim()).toList())
            : "line " + r.line();
        boolean onFirst = firstNightOfKey.computeIfAbsent(key, k -> shaped && onFirstNight(spec, header, r, firstAsOf));
        Correction correction = corrections.stream()
            .filter(c -> c.file().equals(file.fileName()) && c.key().equals(key)).findFirst().orElse(null);
        if (correction != null) {
          if (!onFirst || !unused.remove(correction)) {
            throw new IllegalArgumentException(correction + " names no single row of the first night");
          }
          firstRows.add(render(with(r.fields(), header, Map.of(correction.column(), correction.firstValue()))));
          String corrected = render(with(r.fields(), header, Map.of(correction.column(), correction.correctedValue())));
          secondRows.add(corrected);
          unionRows.add(corrected);
        } else if (onFirst && rectifiedLater(spec, header, r, firstAsOf)) {
          firstRows.add(render(with(r.fields(), header, Map.of("status", "in_progress", "rectified_on", ""))));
          secondRows.add(r.raw());
          unionRows.add(r.raw());
        } else {
          (onFirst ? firstRows : secondRows).add(r.raw());
          unionRows.add(r.raw());
        }
      }
      String headerRaw = records.get(0).raw();
      writeFile(first.resolve(file.fileName()), encoding, headerRaw, firstRows);
      writeFile(second.resolve(file.fileName()), encoding, headerRaw, secondRows);
      writeFile(union.resolve(file.fileName()), encoding, headerRaw, unionRows);
    }
    if (!unused.isEmpty()) {
      throw new IllegalArgumentException("corrections of files not in the drop: " + unused);
    }
  }

  /** Master data always; a dated row when its date parses and is on or before the first night's as_of. */
  private static boolean onFirstNight(FileSpec spec, List<String> header, RawRecord r, LocalDate firstAsOf) {
    if (spec.rowDate().isEmpty()) {
      return true;
    }
    LocalDate date = date(r.fields().get(header.indexOf(spec.rowDate().get())));
    return date != null && !date.isAfter(firstAsOf);
  }

  private static boolean rectifiedLater(FileSpec spec, List<String> header, RawRecord r, LocalDate firstAsOf) {
    if (!spec.name().equals("findings") || r.fields().size() != header.size()) {
      return false;
    }
    LocalDate rectifiedOn = date(r.fields().get(header.indexOf("rectified_on")));
    return r.fields().get(header.indexOf("status")).equals("rectified")
        && rectifiedOn != null && rectifiedOn.isAfter(firstAsOf);
  }

  private static LocalDate date(String value) {
    for (DateTimeFormatter f : DATES) {
      try {
        return LocalDate.parse(value.trim(), f);
      } catch (DateTimeParseException next) {
        // try the next accepted form
      }
    }
    return null;
  }

  private static List<String> with(List<String> fields, List<String> header, Map<String, String> values) {
    List<String> out = new ArrayList<>(fields);
    values.forEach((column, value) -> out.set(header.indexOf(column), value));
    return out;
  }

  /** One CSV record, quoting the fields that need it (RFC 4180). */
  private static String render(List<String> fields) {
    return String.join(",", fields.stream()
        .map(f -> f.matches("(?s).*[\",\r\n].*") ? "\"" + f.replace("\"", "\"\"") + "\"" : f)
        .toList());
  }

  private static void writeFile(Path path, Encodings.Detected encoding, String header, List<String> rows)
      throws IOException {
    if (rows.isEmpty()) {
      return;
    }
    StringBuilder sb = new StringBuilder();
    if (encoding.bom()) {
      sb.append('\uFEFF');
    }
    sb.append(header).append('\n');
    rows.forEach(r -> sb.append(r).append('\n'));
    Files.write(path, sb.toString().getBytes(encoding.charset()));
  }
}
