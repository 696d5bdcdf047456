package org.fundcheck.warehouse;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Observation;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * The small side of a join against a ledger-sized table: the projects, households or payments that fired,
 * the reversals, the registry people found among the household members. Spark cannot know these are
 * few (an aggregate or a join is estimated at its input's size), so it would shuffle every payment to
 * meet them; and where the small side is already partitioned by the join key, adaptive execution has no
 * measured shuffle to turn into a broadcast. Computing the side first and counting it settles the
 * question with the real size: a few rows are broadcast and every payment stays where it is read.
 */
public final class SmallSides {

  /**
   * Above this many rows the side is joined by shuffling after all: a broadcast is built in the driver's
   * memory, and a million narrow key rows is some tens of MiB, well inside a laptop's heap.
   */
  public static final long MAX_BROADCAST_ROWS = 1_000_000;

  private SmallSides() {}

  /**
   * Rows computed once and kept, with their count. Only a join is told to broadcast them ({@link #toJoin}):
   * the same rows read on the left of an outer join or on their own need no hint, and Spark warns of one
   * it cannot follow.
   */
  public record Kept(Dataset<Row> rows, long count, long maxBroadcastRows) {

    /** The rows as the small side of a join: marked for broadcast when there are few enough. */
    public Dataset<Row> toJoin() {
      return count <= maxBroadcastRows ? functions.broadcast(rows) : rows;
    }

    /** The same rows with columns added or renamed ({@code f} keeps every row), counted as they were. */
    public Kept withRows(java.util.function.UnaryOperator<Dataset<Row>> f) {
      return new Kept(f.apply(rows), count, maxBroadcastRows);
    }
  }

  /**
   * The rows computed now and kept, so the joins that read them do not compute them again; broadcast in
   * a join when there are at most {@link #MAX_BROADCAST_ROWS}.
   */
  public static Kept kept(Dataset<Row> rows) {
    return kept(rows, MAX_BROADCAST_ROWS);
  }

  static Kept kept(Dataset<Row> rows, long maxBroadcastRows) {
    // The rows are counted by the very job that keeps them (an observed metric): a count afterwards would
    // be a query and a Spark job of its own, and a run keeps some thirty small sides.
    Observation size = new Observation("small_side");
    Dataset<Row> computed = rows.observe(size, functions.count(functions.lit(1)).as("rows")).localCheckpoint();
    return new Kept(computed, observedCount(size, computed), maxBroadcastRows);
  }

  /**
   * The count the checkpoint's query observed. Spark completes an observation as the query's execution
   * ends, before the action returns; should it not have (another Spark), the kept rows are counted after
   * all, so a missing report costs a query, never a wrong size or a wait.
   */
  private static long observedCount(Observation size, Dataset<Row> computed) {
    scala.Option<scala.util.Try<Row>> reported = size.future().value();
    if (reported.isDefined() && reported.get().isSuccess()) {
      return reported.get().get().getLong(0);
    }
    return computed.count();
  }
}
