package org.fundcheck.report;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.sql.Row;
import org.fundcheck.FundcheckErrors;
import org.fundcheck.warehouse.Warehouse;

/**
 * The quarantine as a CSV for the people who fix the source data: file, line, raw line, reason and the
 * run that rejected it, in file and line order. UTF-8 with a byte-order mark so Excel and WPS open it
 * right. Identity and account numbers inside the raw line and reason are masked unless asked otherwise.
 */
public final class QuarantineExport {

  public static final List<String> COLUMNS = List.of("file", "line", "raw_line", "reason", "run_id");

  private QuarantineExport() {}

  /** Writes the quarantine; returns the number of rows written. */
  public static long write(Warehouse warehouse, Path out, boolean unmasked) {
    if (!warehouse.exists(Warehouse.RUNS)) {
      throw FundcheckErrors.missingWarehouse(warehouse.root());
    }
    if (!out.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".csv")) {
      throw FundcheckErrors.unsupportedListFormat(out.toString(), List.of(".csv"));
    }
    Iterator<Row> rows = warehouse.exists(Warehouse.QUARANTINE)
        ? warehouse.read(Warehouse.QUARANTINE)
            .select("file", "line", "raw_line", "reason", "run_id")
            .orderBy("file", "line")
            .toLocalIterator()
        : java.util.Collections.emptyIterator();
    long n = 0;
    try {
      Path parent = out.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      try (Writer w = new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(out), StandardCharsets.UTF_8))) {
        w.write('\uFEFF');
        w.write(String.join(",", COLUMNS));
        w.write("\r\n");
        while (rows.hasNext()) {
          Row r = rows.next();
          String raw = r.getString(2);
          String reason = r.getString(3);
          w.write(ClueListWriter.csvField(r.getString(0)));
          w.write(',');
          w.write(Long.toString(r.getLong(1)));
          w.write(',');
          w.write(ClueListWriter.csvField(unmasked ? raw : Masking.maskText(raw)));
          w.write(',');
          w.write(ClueListWriter.csvField(unmasked ? reason : Masking.maskText(reason)));
          w.write(',');
          w.write(ClueListWriter.csvField(r.getString(4)));
          w.write("\r\n");
          n++;
        }
      }
    } catch (IOException e) {
      throw FundcheckErrors.cannotWriteList(out.toString(), e);
    }
    return n;
  }
}
