package org.fundcheck.clues;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The enclosing units of every unit along {@code units.parent_code}. Units are a few thousand rows at most,
 * so the parent links are broadcast and the chain is walked one level per self-join until a level adds
 * nothing. A parent_code that names no loaded unit is still an ancestor (the chain stops there). Bad master
 * data cannot loop the walk: a cycle ends when a pair comes back to its own unit, and a chain that runs
 * into a cycle from outside ends at {@link #MAX_DEPTH}.
 */
public final class UnitTree {

  /** Deeper than any real hierarchy (city, county, township, village, departments below them). */
  static final int MAX_DEPTH = 32;

  private UnitTree() {}

  /**
   * Every (unit_code, ancestor_code) pair where ancestor_code is the parent, grandparent, … of unit_code.
   * A unit is not its own ancestor here; callers add the unit itself where they need it.
   *
   * @param units a table with at least {@code unit_code} and {@code parent_code}
   */
  public static Dataset<Row> ancestors(Dataset<Row> units) {
    Dataset<Row> links =
        units
            .filter(col("parent_code").isNotNull().and(col("parent_code").notEqual(col("unit_code"))))
            .select(col("unit_code").as("child"), col("parent_code").as("parent"))
            .distinct()
            .localCheckpoint();
    Dataset<Row> frontier = links.select(col("child").as("unit_code"), col("parent").as("ancestor_code"));
    Dataset<Row> all = frontier;
    for (int depth = 2; depth <= MAX_DEPTH; depth++) {
      // One level up. A pair that reaches its own unit has gone round a cycle; dropping it ends the walk.
      Dataset<Row> next =
          frontier
              .join(broadcast(links), col("ancestor_code").equalTo(col("child")))
              .select(col("unit_code"), col("parent").as("ancestor_code"))
              .filter(col("ancestor_code").notEqual(col("unit_code")))
              // Materialised so each level's plan is one join deep instead of growing with the chain.
              .localCheckpoint();
      if (next.isEmpty()) {
        break;
      }
      all = all.union(next);
      frontier = next;
    }
    return all.distinct();
  }
}
