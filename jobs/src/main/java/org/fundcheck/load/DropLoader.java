package org.fundcheck.load;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import io.delta.tables.DeltaTable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkContext;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.fundcheck.Timings;
import org.fundcheck.schema.FileSpec;
import org.fundcheck.warehouse.SmallSides;
import org.fundcheck.warehouse.Storage;
import org.fundcheck.warehouse.Warehouse;

/**
 * Loads a drop into the warehouse: each file is read once, validated against the contract, its rejected
 * rows stored in the quarantine with their reasons, and its accepted rows upserted into the file's silver
 * table by key (a later drop replaces the rows it repeats). A file the last run loaded, delivered again
 * unchanged onto a table nothing has written since ({@link LoadedBefore}), is hashed but not loaded again.
 */
public final class DropLoader {

  /** Bookkeeping columns of every silver table: which run, file and line a row came from. */
  public static final String RUN_ID = "_run_id";
  /** The table property that keeps a Delta table's change feed (row-level inserts, updates, deletes). */
  public static final String CHANGE_FEED = "delta.enableChangeDataFeed";
  public static final String SOURCE_FILE = "_source_file";
  public static final String SOURCE_LINE = "_source_line";

  private static final String CACHE_COMPRESSED = "spark.sql.inMemoryColumnarStorage.compressed";

  public static final StructType QUARANTINE_SCHEMA =
      new StructType()
          .add("run_id", DataTypes.StringType, false)
          .add("file", DataTypes.StringType, false)
          .add("file_sha256", DataTypes.StringType, false)
          .add("line", DataTypes.LongType, false)
          .add("raw_line", DataTypes.StringType, false)
          .add("reason", DataTypes.StringType, false);

  private final Warehouse warehouse;
  private final Encodings.Choice encoding;
  private final Timings timings;

  public DropLoader(Warehouse warehouse, Encodings.Choice encoding) {
    this(warehouse, encoding, Timings.none());
  }

  /**
   * @param timings receives, per file name, the seconds of {@code staging} (the driver's pass over the
   *     file: hashing, decoding and finding its records; files are passed over side by side, so these
   *     overlap) and of {@code loading} (parsing, validating and upserting it in Spark), and the seconds of
   *     storing the drop's rejected rows ({@code quarantine})
   */
  public DropLoader(Warehouse warehouse, Encodings.Choice encoding, Timings timings) {
    this.warehouse = warehouse;
    this.encoding = encoding;
    this.timings = timings;
  }

  /** Loads every contract file found in {@code dropDir}, in the contract's order. */
  public List<FileLoad> load(String dropDir, String runId, String stagingDir) throws IOException {
    return load(dropDir, runId, stagingDir, f -> { });
  }

  /**
   * Loads every contract file found in {@code dropDir}, in the contract's order, telling {@code loaded}
   * about each file as soon as its table is committed; the quarantine is committed last, before this
   * returns.
   *
   * @param dropDir the drop folder, on any file system Hadoop reaches
   * @param stagingDir a folder for this load alone, on a file system every executor reads (the
   *     warehouse's); removed when the load ends
   */
  public List<FileLoad> load(String dropDir, String runId, String stagingDir, Consumer<FileLoad> loaded)
      throws IOException {
    return load(dropDir, runId, stagingDir, Map.of(), loaded);
  }

  /**
   * As {@link #load(String, String, String, Consumer)}, leaving as it is each file that {@code before}
   * (by file name) holds byte for byte, decoded the same way, while its table is still at the version
   * recorded there: the file's load is then the recorded {@link LoadedBefore#load()} itself (the same
   * instance, by which a caller tells a kept file from a loaded one), and {@code loaded} is told of it in turn.
   */
  public List<FileLoad> load(String dropDir, String runId, String stagingDir, Map<String, LoadedBefore> before,
      Consumer<FileLoad> loaded) throws IOException {
    Configuration conf = warehouse.spark().sparkContext().hadoopConfiguration();
    List<DropFile> files = DropFile.find(dropDir, conf);
    // Every file is read through once before any table is touched, so a bad header or encoding stops the
    // run before the warehouse changes.
    try {
      List<PreparedFile> staged = prepare(files, stagingDir, conf);
      List<FileLoad> loads = new ArrayList<>();
      List<Validated> validatedFiles = new ArrayList<>();
      Dataset<Row> rejected = null;
      try {
        for (PreparedFile s : staged) {
          long t0 = System.nanoTime();
          LoadedBefore earlier = before.get(s.source().fileName());
          if (earlier != null && earlier.isSameFileAs(s) && isAt(s.source().spec(), earlier.tableVersion())) {
            loads.add(earlier.load());
            timings.within(s.source().fileName()).add("loading", System.nanoTime() - t0);
            loaded.accept(earlier.load());
            continue;
          }
          warehouse.spark().sparkContext().setJobGroup(
              "load:" + s.source().spec().name(), "load " + s.source().fileName(), false);
          Validated v = validate(s);
          Dataset<Row> validated = v.rows();
          validatedFiles.add(v);
          FileLoad load = load(s, v, runId);
          if (load.quarantined() > 0) {
            // The file's few rejected rows are set aside now, so its kept rows (every row, raw text and
            // all) are released before the next file is read rather than held until the whole drop is in.
            Dataset<Row> q = rejected(s, validated, runId).localCheckpoint();
            rejected = rejected == null ? q : rejected.unionByName(q);
          }
          v.unpersist();
          loads.add(load);
          timings.within(s.source().fileName()).add("loading", System.nanoTime() - t0);
          loaded.accept(load);
        }
        // One quarantine commit for the whole drop instead of one per file.
        if (rejected != null) {
          warehouse.spark().sparkContext().setJobGroup("load:quarantine", "store rejected rows", false);
          Dataset<Row> all = rejected;
          timings.time("quarantine", () -> quarantine(all));
        }
      } finally {
        validatedFiles.forEach(Validated::unpersist);
      }
      return loads;
    } finally {
      Storage.deleteRecursively(stagingDir, conf);
    }
  }

  /** Whether the file's silver table is at {@code version}, written by nothing since. */
  private boolean isAt(FileSpec spec, long version) {
    java.util.OptionalLong now = warehouse.version(Warehouse.silver(spec.name()));
    return now.isPresent() && now.getAsLong() == version;
  }

  /**
   * Reads every file's first pass at once, a thread per core: the driver's pass over a large file (hash,
   * decoding, record boundaries) would otherwise hold up the others. Errors are raised in the contract's
   * file order, as a file-by-file pass would raise them.
   */
  private List<PreparedFile> prepare(List<DropFile> files, String stagingDir, Configuration conf)
      throws IOException {
    SparkContext sc = warehouse.spark().sparkContext();
    int parallelism = sc.defaultParallelism();
    int threads = Math.max(1, Math.min(files.size(), Runtime.getRuntime().availableProcessors()));
    ExecutorService pool =
        Executors.newFixedThreadPool(threads, r -> {
          Thread t = new Thread(r, "fundcheck-prepare");
          t.setDaemon(true);
          return t;
        });
    try {
      List<Future<Prepared>> futures = new ArrayList<>();
      for (DropFile f : files) {
        futures.add(pool.submit(() -> {
          long t0 = System.nanoTime();
          PreparedFile p = prepare(f, stagingDir, conf, sc.isLocal(), parallelism);
          return new Prepared(p, System.nanoTime() - t0);
        }));
      }
      List<PreparedFile> prepared = new ArrayList<>();
      for (Future<Prepared> future : futures) {
        Prepared p = result(future);
        prepared.add(p.file());
        timings.within(p.file().source().fileName()).add("staging", p.nanos());
      }
      return prepared;
    } finally {
      pool.shutdownNow();
    }
  }

  private record Prepared(PreparedFile file, long nanos) {}

  /**
   * A CSV file is parsed by Spark tasks, a part each, wherever they can read it: always in local mode,
   * and on a cluster when the drop is on a shared file system. An xlsx file, or a CSV file on the
   * driver's own disk under a cluster, is staged by the driver as JSON lines on the warehouse's file
   * system.
   */
  private PreparedFile prepare(DropFile f, String stagingDir, Configuration conf, boolean local, int parallelism)
      throws IOException {
    boolean tasksCanRead = local || f.file().localFile() == null;
    if (!f.isXlsx() && tasksCanRead) {
      return CsvSplits.plan(f, encoding, parallelism);
    }
    return Staging.stage(f, encoding, stagingDir, conf);
  }

  private static <T> T result(Future<T> future) throws IOException {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted while reading the drop");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IOException io) {
        throw io;
      }
      if (cause instanceof RuntimeException re) {
        throw re;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException(cause);
    }
  }

  /**
   * The file's rows validated and counted. The rows checked one by one are kept, and the few repeated
   * keys: the count, the upsert and the quarantine each read them, and the rejection of repeated keys over
   * them is a broadcast join, cheap to redo. The count is the query that keeps them.
   */
  private Validated validate(PreparedFile file) {
    FileSpec spec = file.source().spec();
    SparkSession spark = warehouse.spark();
    // Kept without Spark's compression of cached columns. Choosing an encoding for each column of each
    // batch takes statistics over every value, and the raw text and most columns here are unique per
    // row, so it saves little room for its cost: at 1,000,000 households the Spark job that keeps the
    // rows took 39 s instead of 56 for the disbursements and 19 s instead of 27 for the deliveries (full
    // runs back to back). The rows are held for this file's load only and spill to disk when the heap is
    // short. The setting is the session's, so it is changed only while this file's rows are kept.
    String compressed = spark.conf().get(CACHE_COMPRESSED);
    spark.conf().set(CACHE_COMPRESSED, "false");
    try {
      Dataset<Row> checked = file.checked(spark).persist(StorageLevel.MEMORY_AND_DISK());
      Dataset<Row> repeated = RowValidation.repeatedKeys(checked, spec).persist(StorageLevel.MEMORY_AND_DISK());
      Dataset<Row> rows = RowValidation.withoutRepeats(checked, repeated, spec);
      Row counts;
      try {
        counts = rows.agg(count(lit(1)), count(when(col(RowValidation.REASON).isNotNull(), lit(1)))).first();
      } catch (RuntimeException e) {
        checked.unpersist();
        repeated.unpersist();
        throw e;
      }
      return new Validated(checked, repeated, rows, counts.getLong(0), counts.getLong(1));
    } finally {
      spark.conf().set(CACHE_COMPRESSED, compressed);
    }
  }

  /**
   * A file's validated rows, the two kept datasets they are computed from, and how many rows were read
   * and how many of them rejected.
   */
  private record Validated(Dataset<Row> checked, Dataset<Row> repeated, Dataset<Row> rows, long read,
      long rejected) {
    void unpersist() {
      checked.unpersist();
      repeated.unpersist();
    }
  }

  private static Dataset<Row> rejected(PreparedFile file, Dataset<Row> validated, String runId) {
    return validated
        .filter(col(RowValidation.REASON).isNotNull())
        .select(
            lit(runId).as("run_id"),
            lit(file.source().fileName()).as("file"),
            lit(file.sha256()).as("file_sha256"),
            col(Staging.LINE).as("line"),
            col(Staging.RAW).as("raw_line"),
            col(RowValidation.REASON).as("reason"));
  }

  private FileLoad load(PreparedFile file, Validated validated, String runId) {
    FileSpec spec = file.source().spec();
    String name = file.source().fileName();
    long read = validated.read();
    long quarantined = validated.rejected();
    if (read != file.records()) {
      throw new IllegalStateException(
          name + ": staged " + file.records() + " records but Spark read " + read);
    }
    List<Column> columns = new ArrayList<>();
    spec.columnNames().forEach(c -> columns.add(col(c)));
    columns.add(lit(runId).as(RUN_ID));
    columns.add(lit(name).as(SOURCE_FILE));
    columns.add(col(Staging.LINE).as(SOURCE_LINE));
    Dataset<Row> accepted =
        validated.rows().filter(col(RowValidation.REASON).isNull()).select(columns.toArray(Column[]::new));
    upsert(spec, accepted, file.records());
    return new FileLoad(name, file.encoding(), file.sha256(), read, read - quarantined, quarantined);
  }

  /** The schema of a silver table: the contract's columns and the bookkeeping columns. */
  public static StructType silverSchema(FileSpec spec) {
    return spec.sparkSchema()
        .add(RUN_ID, DataTypes.StringType, false)
        .add(SOURCE_FILE, DataTypes.StringType, false)
        .add(SOURCE_LINE, DataTypes.LongType, false);
  }

  /**
   * Whether any key of {@code accepted} is in the table at {@code path}: a pass over the table's key
   * columns in the files whose range of the key's first column meets the drop's
   * ({@link Warehouse#keyAndDateStatistics}), the drop's keys broadcast (a drop of at most
   * {@link SmallSides#MAX_BROADCAST_ROWS} rows), that stops at the first match.
   */
  private boolean anyKeyStored(FileSpec spec, Dataset<Row> accepted, String path) {
    Column[] keys = spec.key().stream().map(k -> col("`" + k + "`")).toArray(Column[]::new);
    Column first = keys[0];
    Row range = accepted.agg(functions.min(first), functions.max(first)).first();
    if (range.isNullAt(0)) {
      return false;
    }
    Dataset<Row> stored = warehouse.spark().read().format("delta").load(path)
        .filter(first.geq(lit(range.get(0))).and(first.leq(lit(range.get(1)))))
        .select(keys);
    return !stored.join(functions.broadcast(accepted.select(keys)),
            scala.jdk.javaapi.CollectionConverters.asScala(spec.key()).toSeq(), "left_semi")
        .limit(1)
        .isEmpty();
  }

  /**
   * Writes the accepted rows of a file of {@code records} records into its silver table: a plain write on
   * its first delivery, an append when none of their keys is stored yet, else a merge by key.
   */
  private void upsert(FileSpec spec, Dataset<Row> accepted, long records) {
    String path = warehouse.path(Warehouse.silver(spec.name()));
    SparkSession spark = warehouse.spark();
    if (!warehouse.exists(Warehouse.silver(spec.name()))) {
      // First delivery of this file: a plain write is one atomic Delta commit, and far cheaper than a merge.
      // The table keeps its change feed, from which the next run learns which payees changed.
      Map<String, String> properties =
          new LinkedHashMap<>(Warehouse.keyAndDateStatistics(spec.key().get(0), spec.rowDate()));
      properties.put(CHANGE_FEED, "true");
      warehouse.ensureTable(Warehouse.silver(spec.name()), accepted.schema(), properties);
      accepted.write().format("delta").mode("append").save(path);
      return;
    }
    if (records <= SmallSides.MAX_BROADCAST_ROWS && !anyKeyStored(spec, accepted, path)) {
      // A nightly drop mostly brings rows the table has never held: new payments, new deliveries. When none
      // of its keys is stored, the merge below would insert every row and update none, which an append
      // does without joining the table with the drop and rewriting the files it touches (at a million
      // households the nightly's three files loaded in 22.7 s instead of 26.7, measured side by side).
      accepted.write().format("delta").mode("append").save(path);
      return;
    }
    String on =
        String.join(" AND ", spec.key().stream().map(k -> "t.`" + k + "` = s.`" + k + "`").toList());
    // A repeated row whose values are unchanged is left alone, bookkeeping included: loading the same
    // drop again (or a full snapshot that repeats most rows) rewrites nothing, and _run_id keeps naming
    // the run that delivered the row's current values.
    Column changed = null;
    for (String c : spec.columnNames()) {
      Column differs = functions.not(col("t.`" + c + "`").eqNullSafe(col("s.`" + c + "`")));
      changed = changed == null ? differs : changed.or(differs);
    }
    DeltaTable.forPath(spark, path)
        .as("t")
        .merge(accepted.as("s"), on)
        .whenMatched(changed)
        .updateAll()
        .whenNotMatched()
        .insertAll()
        .execute();
  }

  /**
   * Stores rejected rows. Keyed by file content and line, so loading the same file again adds nothing.
   */
  private void quarantine(Dataset<Row> rejected) {
    String path = warehouse.path(Warehouse.QUARANTINE);
    SparkSession spark = warehouse.spark();
    // A partition per partition of every file, most of them empty: gathered into few files.
    Dataset<Row> rows = rejected.coalesce(warehouse.writers());
    if (!warehouse.exists(Warehouse.QUARANTINE)) {
      rows.write().format("delta").mode("append").save(path);
      return;
    }
    DeltaTable.forPath(spark, path)
        .as("t")
        .merge(rows.as("s"), "t.file_sha256 = s.file_sha256 AND t.file = s.file AND t.line = s.line")
        .whenNotMatched()
        .insertAll()
        .execute();
  }

}
