package org.fundcheck.warehouse;

import io.delta.tables.DeltaTable;
import io.delta.tables.DeltaTableBuilder;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * A fundcheck warehouse: a folder (local, HDFS or s3a://) of path-based Delta tables.
 *
 * <pre>
 * WAREHOUSE/
 *   silver/&lt;file&gt;          one table per input file (units, households, …), upserted by key
 *   bronze/quarantine       rejected rows: file, line, raw line, reason
 *   bronze/runs             the run ledger
 *   ledgers/project_ledger  per project: allocated, disbursed, delivered, gaps
 *   ledgers/household_ledger per (household, project): paid, delivered, gap
 *   clues/clues             the clue ledger, one row per clue_id
 *   clues/clue_history      which run saw which clue, with amount and status
 *   clues/clue_evidence     the rows behind each clue
 * </pre>
 */
public final class Warehouse {

  public static final String QUARANTINE = "bronze/quarantine";
  public static final String RUNS = "bronze/runs";
  public static final String PROJECT_LEDGER = "ledgers/project_ledger";
  public static final String HOUSEHOLD_LEDGER = "ledgers/household_ledger";
  public static final String CLUES = "clues/clues";
  public static final String CLUE_HISTORY = "clues/clue_history";
  public static final String CLUE_EVIDENCE = "clues/clue_evidence";

  /** The table property naming the only columns Delta keeps min/max statistics of, file by file. */
  public static final String STATS_COLUMNS = "delta.dataSkippingStatsColumns";
  /** The table property limiting those statistics to the first so many columns. */
  public static final String STATS_COLUMN_COUNT = "delta.dataSkippingNumIndexedCols";

  /** A Delta commit file: the version it commits, as twenty digits (the Delta protocol's naming). */
  private static final Pattern COMMIT_FILE = Pattern.compile("\\d{20}\\.json");

  private final SparkSession spark;
  private final String root;
  private final String location;

  public Warehouse(SparkSession spark, String root) {
    this.spark = Objects.requireNonNull(spark);
    this.root = Storage.trim(Objects.requireNonNull(root));
    this.location = Storage.qualified(this.root, spark.sparkContext().hadoopConfiguration());
  }

  public SparkSession spark() {
    return spark;
  }

  /** The warehouse as the user named it, for messages. */
  public String root() {
    return root;
  }

  /** The silver table of one input file, e.g. {@code silver("households")}. */
  public static String silver(String fileName) {
    return "silver/" + fileName;
  }

  /** The location of a table, e.g. {@code path(Warehouse.CLUES)}. */
  public String path(String table) {
    return location + "/" + table;
  }

  public boolean exists(String table) {
    return DeltaTable.isDeltaTable(spark, path(table));
  }

  /**
   * The latest committed version of a table, or empty when it has no commit. Read from the names of the
   * commit files in its log: the latest commit's file is never removed by log clean-up, and a listing
   * costs no Spark job, where Delta's history of a table costs two or three (a run records the versions
   * of nineteen tables).
   */
  public OptionalLong version(String table) {
    org.apache.hadoop.fs.Path log = Storage.path(path(table) + "/_delta_log");
    FileSystem fs = Storage.fileSystem(log.toString(), spark.sparkContext().hadoopConfiguration());
    try {
      if (!fs.exists(log)) {
        return OptionalLong.empty();
      }
      OptionalLong latest = OptionalLong.empty();
      for (FileStatus f : fs.listStatus(log)) {
        String name = f.getPath().getName();
        if (f.isFile() && COMMIT_FILE.matcher(name).matches()) {
          long v = Long.parseLong(name.substring(0, 20));
          if (latest.isEmpty() || v > latest.getAsLong()) {
            latest = OptionalLong.of(v);
          }
        }
      }
      return latest;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("listing the Delta log of " + table + " in " + root, e);
    }
  }

  /**
   * Every input file's silver table by file name, its current version; a file never delivered is an
   * empty table of the contract's schema, so rules need no special case for it.
   */
  public java.util.Map<String, Dataset<Row>> inputTables() {
    java.util.Map<String, Dataset<Row>> tables = new java.util.LinkedHashMap<>();
    for (org.fundcheck.schema.FileSpec spec : org.fundcheck.schema.InputContract.get().files()) {
      String table = silver(spec.name());
      tables.put(spec.name(), exists(table) ? read(table) : noRows(spec.name()));
    }
    return tables;
  }

  /** An input file's silver table with no rows: what a file never delivered reads as. */
  public Dataset<Row> noRows(String file) {
    return spark.createDataFrame(java.util.List.of(),
        org.fundcheck.load.DropLoader.silverSchema(org.fundcheck.schema.InputContract.get().file(file)));
  }

  /**
   * How many files a write of few rows should produce: one per shuffle partition, enough to keep every
   * core writing. A write of the union of many small results otherwise makes a file per input partition,
   * most of them tiny, and every later reader lists and opens each one.
   */
  public int writers() {
    return Integer.parseInt(spark.conf().get("spark.sql.shuffle.partitions"));
  }

  /** The current version of a table. */
  public Dataset<Row> read(String table) {
    return spark.read().format("delta").load(path(table));
  }

  /**
   * The statistics a table of millions of rows keeps: the minimum and maximum of its date column only,
   * or none. Delta otherwise computes them for the first 32 columns of every row it writes (about a fifth
   * of writing 10.7 million net payments: 25.6 s against 21.1), and no query here narrows by an id's range
   * (ids are spread over every file). A date's range does serve: the scan for rows dated
   * since the last run skips the files of earlier drops.
   */
  public static Map<String, String> fewStatistics(Optional<String> dateColumn) {
    return dateColumn.map(d -> Map.of(STATS_COLUMNS, d)).orElse(Map.of(STATS_COLUMN_COUNT, "0"));
  }

  /**
   * The statistics an input table keeps: the minimum and maximum of its key's first column and of its
   * date column, if it has one. The date's range serves the scan for rows dated since the last run; the
   * key's serves a nightly load, whose check that none of its keys is stored yet reads only the files
   * whose range holds some of them (ids are mostly issued in order, so new ids lie beyond the files of
   * earlier drops). Every other column goes without, as in {@link #fewStatistics}.
   */
  public static Map<String, String> keyAndDateStatistics(String keyColumn, Optional<String> dateColumn) {
    return Map.of(STATS_COLUMNS, dateColumn.map(d -> keyColumn + "," + d).orElse(keyColumn));
  }

  /** A Delta table's properties ({@code TBLPROPERTIES}) as they are now. */
  public Map<String, String> properties(String table) {
    return DeltaTable.forPath(spark, path(table)).detail().select("properties").first().getJavaMap(0);
  }

  /**
   * Makes {@code table} with the columns of {@code schema}, every one nullable as a plain write makes
   * them, and {@code properties}; or, when it exists, sets those of the properties it does not hold yet
   * (one commit, only when one differs).
   */
  public void ensureTable(String table, StructType schema, Map<String, String> properties) {
    if (!exists(table)) {
      StructType nullable = new StructType();
      for (StructField f : schema.fields()) {
        nullable = nullable.add(f.name(), f.dataType(), true, f.metadata());
      }
      DeltaTableBuilder created =
          DeltaTable.createIfNotExists(spark).location(path(table)).addColumns(nullable);
      properties.forEach(created::property);
      created.execute();
      return;
    }
    Map<String, String> now = properties(table);
    List<String> missing = properties.entrySet().stream()
        .filter(e -> !e.getValue().equals(now.get(e.getKey())))
        .map(e -> "'" + e.getKey() + "' = '" + e.getValue() + "'")
        .sorted()
        .toList();
    if (!missing.isEmpty()) {
      spark.sql("ALTER TABLE delta.`" + path(table) + "` SET TBLPROPERTIES (" + String.join(", ", missing) + ")");
    }
  }
}
