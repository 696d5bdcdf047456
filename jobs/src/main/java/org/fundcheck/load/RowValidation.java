package org.fundcheck.load;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.date_format;
import static org.apache.spark.sql.functions.length;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.nullif;
import static org.apache.spark.sql.functions.regexp_extract;
import static org.apache.spark.sql.functions.regexp_replace;
import static org.apache.spark.sql.functions.substring;
import static org.apache.spark.sql.functions.upper;
import static org.apache.spark.sql.functions.when;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.fundcheck.schema.ColumnSpec;
import org.fundcheck.schema.ColumnType;
import org.fundcheck.schema.FileSpec;
import org.fundcheck.schema.RowRule;

/**
 * The row rules of inputs.md as Spark column expressions: from a staged file (every value as text) to the
 * contract's typed columns plus {@code _reason}, null for a row that loads and otherwise every rule the
 * row breaks, joined by "; ". One pass, no per-row Java code: the whole drop is validated in parallel.
 */
public final class RowValidation {

  public static final String REASON = "_reason";

  private static final String MONEY = "^-?([0-9]{1,3}(,[0-9]{3})+|[0-9]+)(\\.[0-9]{1,2})?$";
  private static final String ID_SHAPE = "^[0-9]{17}[0-9X]$";
  private static final int[] ID_WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};

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
   * columns as {@link #validate}; repeated keys are not yet rejected.
   */
  public static Dataset<Row> checked(Dataset<Row> staged, FileSpec spec) {
    Dataset<Row> typed = staged;
    for (ColumnSpec c : spec.columns()) {
      typed = typed.withColumn(typedName(c.name()), typedValue(c, col(c.name()), spec));
    }
    for (RowRule r : spec.rules()) {
      if (r.kind() == RowRule.Kind.ID_WHEN) {
        // An identity number in a column that holds one only sometimes (payee_id of an individual) is
        // stored normalised like every other identity number.
        Column v = col(r.column());
        typed = typed.withColumn(typedName(r.column()), when(condition(r), upper(v)).otherwise(v));
      }
    }
    List<Column> problems = new ArrayList<>();
    for (ColumnSpec c : spec.columns()) {
      problems.addAll(columnProblems(c, spec));
    }
    for (RowRule r : spec.rules()) {
      problems.add(rowRuleProblem(r, spec));
    }
    Column reasons = nullif(concat_ws("; ", array(problems.toArray(Column[]::new))), lit(""));
    typed = typed.withColumn(REASON, coalesce(col(Staging.SHAPE), reasons));

    List<Column> out = new ArrayList<>();
    out.add(col(Staging.LINE));
    out.add(col(Staging.RAW));
    for (ColumnSpec c : spec.columns()) {
      out.add(col(typedName(c.name())).as(c.name()));
    }
    out.add(col(REASON));
    return typed.select(out.toArray(Column[]::new));
  }

  private static String typedName(String column) {
    return "__t_" + column;
  }

  private static Column typedValue(ColumnSpec c, Column v, FileSpec spec) {
    return switch (c.type()) {
      case STRING, REF, ENUM -> v;
      case ID -> upper(v);
      case DATE -> date(v);
      case MONEY -> when(moneyWellFormed(v), moneyText(v).cast("decimal(18,2)"));
      case INT -> when(v.rlike("^[0-9]{1,9}$"), v.cast("int"));
      case BOOL -> when(lower(v).equalTo("true"), lit(true)).when(lower(v).equalTo("false"), lit(false));
    };
  }

  /** yyyy-MM-dd, yyyy/M/d or yyyyMMdd; an impossible calendar date (2019-02-30) is null. */
  static Column date(Column v) {
    return when(v.rlike("^[0-9]{4}-[0-9]{2}-[0-9]{2}$"), tryToDate(v, "yyyy-MM-dd"))
        .when(v.rlike("^[0-9]{4}/[0-9]{1,2}/[0-9]{1,2}$"), tryToDate(v, "yyyy/M/d"))
        .when(v.rlike("^[0-9]{8}$"), tryToDate(v, "yyyyMMdd"));
  }

  private static Column tryToDate(Column v, String format) {
    return org.apache.spark.sql.functions.try_to_date(v, format);
  }

  /** The amount without a trailing 元 and thousands separators. */
  private static Column moneyText(Column v) {
    return regexp_replace(regexp_replace(v, "\\s*元$", ""), ",", "");
  }

  /** Up to 16 integer digits (DECIMAL(18,2)) and 2 decimals, separators only in groups of three. */
  private static Column moneyWellFormed(Column v) {
    Column stripped = regexp_replace(v, "\\s*元$", "");
    Column integerDigits = length(regexp_replace(regexp_extract(stripped, "^-?([0-9,]+)", 1), ",", ""));
    return stripped.rlike(MONEY).and(integerDigits.leq(16));
  }

  private static Column quoted(Column v) {
    return concat(lit("'"), v, lit("'"));
  }

  private static List<Column> columnProblems(ColumnSpec c, FileSpec spec) {
    Column v = col(c.name());
    Column t = col(typedName(c.name()));
    String n = c.name();
    List<Column> p = new ArrayList<>();
    if (c.required() || spec.key().contains(n)) {
      p.add(when(v.isNull(), lit("missing required value: " + n)));
    }
    switch (c.type()) {
      case ENUM -> p.add(
          when(v.isNotNull().and(v.isin(c.values().toArray()).unary_$bang()),
              concat(lit(n + " "), quoted(v), lit(" is not one of: " + String.join(", ", c.values())))));
      case ID -> p.add(idProblem(n, v, lit("")));
      case DATE -> p.add(
          when(v.isNotNull().and(t.isNull()),
              concat(lit(n + " "), quoted(v), lit(" is not a date (yyyy-MM-dd, yyyy/M/d or yyyyMMdd)"))));
      case MONEY -> p.add(
          when(v.isNotNull().and(t.isNull()),
              concat(lit(n + " "), quoted(v), lit(" is not an amount in yuan with at most 2 decimals"))));
      case INT -> p.add(
          when(v.isNotNull().and(t.isNull()), concat(lit(n + " "), quoted(v), lit(" is not a whole number"))));
      case BOOL -> p.add(
          when(v.isNotNull().and(t.isNull()), concat(lit(n + " "), quoted(v), lit(" is not true or false"))));
      case STRING, REF -> { }
    }
    c.min().ifPresent(m -> p.add(bound(n, v, t, t.lt(lit(m)), "≥ " + plain(m))));
    c.exclusiveMin().ifPresent(m -> p.add(bound(n, v, t, t.leq(lit(m)), "> " + plain(m))));
    if (c.nonZero()) {
      p.add(when(t.isNotNull().and(t.equalTo(lit(BigDecimal.ZERO))),
          lit(n + " must not be 0 (a reversal is negative and names reversal_of)")));
    }
    c.pattern().ifPresent(re -> p.add(
        when(v.isNotNull().and(v.rlike(re).unary_$bang()),
            concat(lit(n + " "), quoted(v), lit(" is not " + c.patternText().orElse("of the form " + re))))));
    return p;
  }

  private static String plain(BigDecimal d) {
    return d.toPlainString();
  }

  private static Column bound(String n, Column v, Column t, Column broken, String expected) {
    return when(t.isNotNull().and(broken), concat(lit(n + " "), v, lit(" must be " + expected)));
  }

  /** A bad GB 11643 number: wrong shape, or the check character (ISO 7064 MOD 11-2) does not match. */
  private static Column idProblem(String n, Column v, Column suffix) {
    Column u = upper(v);
    // The weighted digit sum as seventeen plain terms: Spark compiles these into the row's code, where a
    // lambda over an array (aggregate, sequence) is interpreted row by row and costs several times more.
    Column sum = null;
    for (int i = 0; i < ID_WEIGHTS.length; i++) {
      Column term = u.substr(i + 1, 1).cast("int").multiply(ID_WEIGHTS[i]);
      sum = sum == null ? term : sum.plus(term);
    }
    Column expected = substring(lit("10X98765432"), sum.mod(11).plus(1), lit(1));
    return when(v.isNotNull().and(u.rlike(ID_SHAPE).unary_$bang()),
            concat(lit(n + " "), quoted(v), lit(" is not an identity number (17 digits and a check character)"), suffix))
        .when(v.isNotNull().and(expected.notEqual(u.substr(18, 1))),
            concat(lit(n + " "), quoted(v), lit(" has a wrong check character (expected "), expected, lit(")"), suffix));
  }

  private static Column rowRuleProblem(RowRule r, FileSpec spec) {
    String n = r.column();
    Column v = col(n);
    return switch (r.kind()) {
      case REQUIRED_WHEN -> when(condition(r).and(v.isNull()),
          concat(lit(n + " is required when "), conditionText(r)));
      case EMPTY_WHEN -> when(condition(r).and(v.isNotNull()),
          concat(lit(n + " must be empty when "), conditionText(r)));
      case ID_WHEN -> when(condition(r), idProblem(n, v, concat(lit(" ("), conditionText(r), lit(")"))));
      case NOT_BEFORE -> {
        String start = r.start().orElseThrow();
        Column end = col(typedName(n));
        Column begin = col(typedName(start));
        yield when(end.isNotNull().and(begin.isNotNull()).and(end.lt(begin)),
            concat(lit(n + " "), date_format(end, "yyyy-MM-dd"), lit(" is before " + start + " "),
                date_format(begin, "yyyy-MM-dd")));
      }
    };
  }

  private static Column condition(RowRule r) {
    RowRule.Condition c = r.when().orElseThrow();
    if (c.sign().isPresent()) {
      Column t = col(typedName(c.column()));
      return c.sign().get() == RowRule.Sign.NEGATIVE ? t.lt(0) : t.gt(0);
    }
    return col(c.column()).isin(c.in().toArray());
  }

  private static Column conditionText(RowRule r) {
    RowRule.Condition c = r.when().orElseThrow();
    if (c.sign().isPresent()) {
      return lit(c.column() + " is " + c.sign().get().name().toLowerCase(java.util.Locale.ROOT));
    }
    return concat(lit(c.column() + " is "), col(c.column()));
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
