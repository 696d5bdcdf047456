package org.fundcheck.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructField;
import org.fundcheck.schema.FileSpec;
import org.fundcheck.schema.InputContract;
import org.fundcheck.warehouse.Warehouse;

/**
 * Every Delta table of a warehouse as a multiset of rows (each row rendered as {@code column=value|…},
 * sorted), for comparing two warehouses or one warehouse before and after a run.
 */
final class WarehouseContents {

  /** Columns naming a run: the one that loaded, quarantined, detected or recorded the row. */
  static final Set<String> RUN_COLUMNS = Set.of("_run_id", "run_id", "last_run_id");

  /** Run ids kept as they are. */
  static final UnaryOperator<String> SAME_RUN_IDS = UnaryOperator.identity();

  final Map<String, List<String>> tables;

  private WarehouseContents(Map<String, List<String>> tables) {
    this.tables = tables;
  }

  /**
   * Reads every table but the run ledger ({@code bronze/runs}, which every run changes).
   *
   * @param runIds how a value of a {@link #RUN_COLUMNS run column} is shown (to compare warehouses whose
   *     runs had other ids)
   */
  static WarehouseContents of(Warehouse warehouse, UnaryOperator<String> runIds) {
    Map<String, List<String>> tables = new TreeMap<>();
    for (String table : tableNames(warehouse)) {
      if (table.equals(Warehouse.RUNS)) {
        continue;
      }
      List<String> rows = new ArrayList<>();
      StructField[] fields = warehouse.read(table).schema().fields();
      for (Row r : warehouse.read(table).collectAsList()) {
        rows.add(render(r, fields, runIds));
      }
      Collections.sort(rows);
      tables.put(table, List.copyOf(rows));
    }
    return new WarehouseContents(tables);
  }

  /** The tables of a warehouse folder: every folder holding a Delta log, as a path below the root. */
  static List<String> tableNames(Warehouse warehouse) {
    Path root = Path.of(warehouse.root());
    try (Stream<Path> walk = Files.walk(root, 4)) {
      return walk.filter(p -> p.getFileName().toString().equals("_delta_log"))
          .map(p -> root.relativize(p.getParent()).toString().replace('\\', '/'))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String render(Row r, StructField[] fields, UnaryOperator<String> runIds) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < fields.length; i++) {
      Object v = r.get(i);
      String shown;
      if (v == null) {
        shown = "∅";
      } else if (v instanceof BigDecimal d) {
        shown = d.toPlainString();
      } else if (RUN_COLUMNS.contains(fields[i].name())) {
        shown = runIds.apply((String) v);
      } else {
        shown = v.toString();
      }
      sb.append(i == 0 ? "" : "|").append(fields[i].name()).append('=').append(shown);
    }
    return sb.toString();
  }

  /** Asserts both hold the same tables with the same rows, naming the first rows that differ. */
  void assertSameAs(WarehouseContents expected, String what) {
    assertEquals(expected.tables.keySet(), tables.keySet(), what + ": tables");
    StringBuilder differences = new StringBuilder();
    expected.tables.forEach((table, rows) -> {
      List<String> actual = tables.get(table);
      if (!rows.equals(actual)) {
        List<String> missing = new ArrayList<>(rows);
        actual.forEach(missing::remove);
        List<String> extra = new ArrayList<>(actual);
        rows.forEach(extra::remove);
        differences.append(String.format("%n%s: %d rows expected, %d found; missing %s; extra %s", table,
            rows.size(), actual.size(), missing.subList(0, Math.min(3, missing.size())),
            extra.subList(0, Math.min(3, extra.size()))));
      }
    });
    if (differences.length() > 0) {
      fail(what + differences);
    }
  }

  /** The key of every table a run writes; a table without one here fails {@link #assertKeysUnique}. */
  static Map<String, List<String>> keys() {
    Map<String, List<String>> keys = new TreeMap<>();
    for (FileSpec spec : InputContract.get().files()) {
      keys.put(Warehouse.silver(spec.name()), spec.key());
    }
    keys.put(Warehouse.QUARANTINE, List.of("file_sha256", "file", "line"));
    keys.put(Warehouse.RUNS, List.of("run_id"));
    keys.put(Warehouse.PROJECT_LEDGER, List.of("project_id"));
    keys.put(Warehouse.HOUSEHOLD_LEDGER, List.of("household_id", "project_id"));
    keys.put(Warehouse.CLUES, List.of("clue_id"));
    keys.put(Warehouse.CLUE_HISTORY, List.of("run_id", "clue_id"));
    keys.put(Warehouse.CLUE_EVIDENCE, List.of("clue_id", "kind", "ref_id"));
    return keys;
  }

  /** Asserts that no table of the warehouse holds two rows with the same key. */
  static void assertKeysUnique(Warehouse warehouse) {
    Map<String, List<String>> keys = keys();
    StringBuilder repeated = new StringBuilder();
    for (String table : tableNames(warehouse)) {
      List<String> key = keys.get(table);
      if (key == null) {
        fail("table " + table + " has no known key");
      }
      List<Row> twice = warehouse.read(table).groupBy(key.stream().map(functions::col).toArray(Column[]::new))
          .count().filter(functions.col("count").gt(1)).limit(3).collectAsList();
      if (!twice.isEmpty()) {
        repeated.append(String.format("%n%s: key %s repeated: %s", table, key, twice));
      }
    }
    if (repeated.length() > 0) {
      fail("repeated keys" + repeated);
    }
  }
}
