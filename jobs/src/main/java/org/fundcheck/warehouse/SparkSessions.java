package org.fundcheck.warehouse;

import org.apache.spark.sql.SparkSession;

/**
 * The one place a SparkSession is configured, so the launcher, the tests and the notebooks run the
 * same engine: Delta's SQL extension and catalog, path-based tables only (no metastore).
 */
public final class SparkSessions {

  /** The environment variable that pins the number of local cores. */
  public static final String CORES_VARIABLE = "FUNDCHECK_CORES";

  /** The Spark setting above which whole-stage code generation gives way to operator-by-operator code. */
  public static final String HUGE_METHOD_LIMIT = "spark.sql.codegen.hugeMethodLimit";

  /** The largest method, in bytes of bytecode, that HotSpot compiles (its flag HugeMethodLimit). */
  public static final int JIT_METHOD_LIMIT = 8000;

  /** How many compiled classes of generated code Spark keeps in a process (a static setting). */
  public static final String CODEGEN_CACHE_ENTRIES = "spark.sql.codegen.cache.maxEntries";

  /** Room for every class a run compiles (some 800 to 850, whatever the data's size), with a margin. */
  public static final int CODEGEN_CACHE_SIZE = 4096;

  private SparkSessions() {}

  /** The settings every fundcheck session needs, applied to a builder (local or cluster). */
  public static SparkSession.Builder withDelta(SparkSession.Builder builder) {
    return builder
        .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
        .config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
        // Path-based tables only; Delta's own commit log is the source of truth.
        .config("spark.sql.catalogImplementation", "in-memory")
        // Dates are calendar dates in the data's own zone; never shift them by the machine's zone.
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.databricks.delta.schema.autoMerge.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        // The JVM never compiles a method of more than 8,000 bytes of bytecode: it stays interpreted. A
        // wide plan can generate one such method (the row validation did, 13 to 19 kB a file, when it was
        // written as Spark expressions), and every row through it then ran in the bytecode interpreter. A
        // plan whose code is that large is run operator by operator instead, in small methods the JIT
        // compiles; plans under the limit keep whole-stage code generation.
        .config(HUGE_METHOD_LIMIT, String.valueOf(JIT_METHOD_LIMIT))
        // Spark compiles the Java it generates for a query's operators and keeps the compiled classes in
        // a cache, by default of 100, per class loader. A run plans some four hundred queries, many alike
        // (the same scan, filter or aggregate in another rule, another table's Delta log), and compiled
        // the same code over and over: the bundled sample's run compiled 1,558 classes (25 s of
        // compiling) of which 589 differ, and 839 (9 s) with the three settings below, which let alike
        // code be compiled once a process (some 250 are still compiled twice, once for the driver's
        // thread and once for the tasks', which have class loaders of their own):
        // - a cache with room for every class a run compiles;
        .config(CODEGEN_CACHE_ENTRIES, String.valueOf(CODEGEN_CACHE_SIZE))
        // - the stage's number left out of the class name, so the same operators in another place of a
        //   plan generate the same code;
        .config("spark.sql.codegen.useIdInClassName", "false")
        // - one class loader for the tasks of every session: Delta runs an overwrite in a copy of the
        //   session, and with artifact isolation (for the jars a Spark Connect client adds; fundcheck
        //   adds none) each copy's tasks got a class loader of their own, by which the cache is keyed.
        .config("spark.sql.artifact.isolation.enabled", "false")
        // Rows hold java.time.LocalDate, so domain code never meets java.sql.Date.
        .config("spark.sql.datetime.java8API.enabled", "true");
  }

  /**
   * A local-mode session. An existing active session (a notebook's, a cluster's under spark-submit) is
   * reused as it is.
   */
  public static SparkSession local(String master, int shufflePartitions, boolean ui) {
    return activeHere(withDelta(SparkSession.builder())
        .appName("fundcheck")
        .master(master)
        .config("spark.sql.shuffle.partitions", String.valueOf(shufflePartitions))
        .config("spark.default.parallelism", String.valueOf(Math.max(2, shufflePartitions)))
        .config("spark.ui.enabled", String.valueOf(ui))
        // Delta rebuilds a table's state with this many partitions (default 50): far too many tasks for
        // the small logs of a local warehouse.
        .config("spark.databricks.delta.snapshotPartitions", String.valueOf(shufflePartitions))
        // Adaptive execution stays on, though it runs each stage of a query as a Spark job of its own (the
        // bundled sample's run: 520 jobs, 299 without it): without it a nightly run at a million
        // households took 191 s instead of 157, its joins no longer turned into broadcasts where a side
        // proves small.
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .getOrCreate());
  }

  /**
   * Makes {@code session} the calling thread's active session and returns it. Spark reads settings such
   * as java8API (rows holding LocalDate) from the thread's active session when it builds a Dataset, and
   * {@code getOrCreate} returns an existing session without making it active in a thread other than the
   * one that created it: a Dataset built there would hold java.sql.Date.
   */
  public static SparkSession activeHere(SparkSession session) {
    SparkSession.setActiveSession(session);
    return session;
  }

  /**
   * The session of a command-line run: under spark-submit (a master is already set) the cluster's, else
   * local mode on every core of this machine, or on {@code FUNDCHECK_CORES} of them (a benchmark pins the
   * core count so its figures compare across machines).
   */
  public static SparkSession forCommandLine() {
    if (System.getProperty("spark.master") != null) {
      return activeHere(withDelta(SparkSession.builder()).appName("fundcheck").getOrCreate());
    }
    String pinned = System.getenv(CORES_VARIABLE);
    int cores = pinned == null || pinned.isBlank() ? Runtime.getRuntime().availableProcessors() : cores(pinned);
    String master = pinned == null || pinned.isBlank() ? "local[*]" : "local[" + cores + "]";
    boolean ui = "1".equals(System.getenv("FUNDCHECK_SPARK_UI"));
    return local(master, Math.max(4, cores * 2), ui);
  }

  /** A core count as given in {@link #CORES_VARIABLE}: a whole number from 1 up. */
  static int cores(String value) {
    try {
      int n = Integer.parseInt(value.strip());
      if (n >= 1) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below with the value as given
    }
    throw org.fundcheck.FundcheckErrors.badCores(CORES_VARIABLE, value);
  }
}
