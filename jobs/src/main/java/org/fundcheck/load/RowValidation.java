package org.fundcheck.load;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.date_format;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.when;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.internal.SQLConf;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.fundcheck.schema.ColumnSpec;
import org.fundcheck.schema.ColumnType;
import org.fundcheck.schema.FileSpec;

/**
 * A file's validation in Spark: from a staged file (every value as text) to the contract's typed columns
 * plus {@code _reason}, null for a row that loads and otherwise every rule the row breaks, joined by
 * "; ". The rules of one row are a {@link RowChecker}'s; the rule across rows (a key repeated in the
 * file) is found here. The whole drop is validated in parallel.
 */
public final class RowValidation {

  public static final String REASON = "_reason";

  private RowValidation() {}

  /**
   * Validates a staged file. The result has {@code _line}, {@code _raw}, every contract column typed
   * (null where the row is rejected for that column) and {@code _reason}. It reads {@code staged} twice
   * (see {@link #repeatedKeys}); the loader keeps {@link #checked} rows instead.
   */
  public static Dataset<Row> validate(Dataset<Row> staged, FileSpec spec) {
    Dataset<Row> checked = checked(staged, spec);
    return withoutRepeats(checked, repeatedKeys(checked, spec), spec);
  }

  /**
   * Every rule that looks at one row alone (shape, types, required values, row rules), with the same
   * columns as {@link #validate}; repeated keys are not yet rejected. The rules are checked by a
   * {@link RowChecker} in the tasks that read {@code staged}, a row at a time.
   */
  public static Dataset<Row> checked(Dataset<Row> staged, FileSpec spec) {
    StructType in = staged.schema();
    int line = in.fieldIndex(Staging.LINE);
    int raw = in.fieldIndex(Staging.RAW);
    int shape = in.fieldIndex(Staging.SHAPE);
    int[] text = spec.columnNames().stream().mapToInt(in::fieldIndex).toArray();
    int[] dates = new int[0];
    // Rows carry dates as the session reads them back: LocalDate, or java.sql.Date without the java8 API.
    if (!SQLConf.get().datetimeJava8ApiEnabled()) {
      dates = java.util.stream.IntStream.range(0, spec.columns().size())
          .filter(i -> spec.columns().get(i).type() == ColumnType.DATE).toArray();
    }
    int[] sqlDates = dates;
    RowChecker checker = new RowChecker(spec);
    MapPartitionsFunction<Row, Row> check = rows -> new Iterator<>() {
      @Override
      public boolean hasNext() {
        return rows.hasNext();
      }

      @Override
      public Row next() {
        Row r = rows.next();
        String[] values = new String[text.length];
        for (int i = 0; i < text.length; i++) {
          values[i] = r.getString(text[i]);
        }
        Object[] out = checker.check(r.getString(shape), values).row(r.get(line), r.get(raw));
        for (int i : sqlDates) {
          out[2 + i] = out[2 + i] == null ? null : java.sql.Date.valueOf((LocalDate) out[2 + i]);
        }
        return RowFactory.create(out);
      }
    };
    return staged.mapPartitions(check, Encoders.row(checkedSchema(spec)));
  }

  /** {@code _line}, {@code _raw}, the contract's columns typed, {@code _reason}. */
  static StructType checkedSchema(FileSpec spec) {
    StructType s =
        new StructType()
            .add(Staging.LINE, DataTypes.LongType, false)
            .add(Staging.RAW, DataTypes.StringType, false);
    for (ColumnSpec c : spec.columns()) {
      s = s.add(c.name(), c.type().sparkType(), true);
    }
    return s.add(REASON, DataTypes.StringType, true);
  }

  /**
   * The keys that more than one row passing every other rule holds, with the first such row's line: few
   * in any real file. Found by aggregating the keys alone, where a window by key would shuffle and sort
   * every row of the file, raw text and all, to find the few that repeat. Nulls in a key compare equal.
   */
  public static Dataset<Row> repeatedKeys(Dataset<Row> checked, FileSpec spec) {
    List<Column> renamed = new ArrayList<>();
    for (String k : spec.key()) {
      renamed.add(col(k).as(repeatedName(k)));
    }
    return checked.filter(col(REASON).isNull())
        .groupBy(renamed.toArray(Column[]::new))
        .agg(min(col(Staging.LINE)).as("__first_line"), count(lit(1)).as("__rows"))
        .filter(col("__rows").gt(1))
        .drop("__rows");
  }

  /**
   * A key already seen earlier in the same file (inputs.md): of the rows that pass every other rule, the
   * first by line loads and each later one is rejected, naming the line it repeats. {@code repeated} is
   * {@link #repeatedKeys} of {@code checked}; it is sent whole to every task.
   */
  public static Dataset<Row> withoutRepeats(Dataset<Row> checked, Dataset<Row> repeated, FileSpec spec) {
    Column sameKey = null;
    List<Column> keyText = new ArrayList<>();
    for (String k : spec.key()) {
      Column eq = col(k).eqNullSafe(col(repeatedName(k)));
      sameKey = sameKey == null ? eq : sameKey.and(eq);
      ColumnType type = spec.column(k).orElseThrow().type();
      Column kv = type == ColumnType.DATE ? date_format(col(k), "yyyy-MM-dd") : col(k).cast("string");
      keyText.add(concat(lit(k + "="), kv));
    }
    Column firstLine = col("__first_line");
    Column duplicate = concat(lit("duplicate key "), concat_ws(", ", keyText.toArray(Column[]::new)),
        lit(" (first at line "), firstLine.cast("string"), lit(")"));
    Dataset<Row> joined = checked.join(broadcast(repeated), sameKey, "left");
    for (String k : spec.key()) {
      joined = joined.drop(repeatedName(k));
    }
    return joined
        .withColumn(REASON,
            when(col(REASON).isNull().and(firstLine.isNotNull()).and(col(Staging.LINE).notEqual(firstLine)),
                duplicate)
                .otherwise(col(REASON)))
        .drop("__first_line");
  }

  private static String repeatedName(String column) {
    return "__r_" + column;
  }
}
