package org.fundcheck.load;

import java.io.Serializable;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.fundcheck.schema.ColumnSpec;
import org.fundcheck.schema.ColumnType;
import org.fundcheck.schema.FileSpec;
import org.fundcheck.schema.RowRule;

/**
 * The row rules of inputs.md for one file, applied to one row's text values (trimmed, an empty value as
 * null): the values typed as the warehouse stores them, and every rule the row breaks, in the contract's
 * order of columns and then of row rules. It knows nothing of Spark; the task that parses a CSV file
 * runs it on each record ({@link CsvSplits}), and {@link RowValidation} on rows staged as text.
 *
 * <p>Plain Java rather than Spark column expressions: the rules of a wide file as expressions made one
 * plan too large for the JIT to compile whole, so Spark evaluated it operator by operator in a pass of
 * its own, and that cost more than parsing the file. Regular expressions are searched for as Spark's
 * {@code rlike} searches ({@link Matcher#find}), with {@code $} at the end of the value only
 * ({@link #pattern}).
 */
final class RowChecker implements Serializable {

  private static final long serialVersionUID = 1L;

  /** A row checked: its typed values in the file's column order, and why it is rejected (null if not). */
  record Checked(Object[] values, String reason) {

    /** The checked row as the loader keeps it: line, raw text, the typed values, the reason. */
    Object[] row(Object line, Object raw) {
      Object[] row = new Object[values.length + 3];
      row[0] = line;
      row[1] = raw;
      System.arraycopy(values, 0, row, 2, values.length);
      row[row.length - 1] = reason;
      return row;
    }
  }

  private static final Pattern MONEY = pattern("^-?([0-9]{1,3}(,[0-9]{3})+|[0-9]+)(\\.[0-9]{1,2})?$");
  private static final Pattern YUAN = pattern("\\s*元$");
  private static final Pattern INTEGER_DIGITS = pattern("^-?([0-9,]+)");
  /** DECIMAL(18,2): 16 digits before the point. */
  private static final int MONEY_INTEGER_DIGITS = 16;
  private static final Pattern WHOLE_NUMBER = pattern("^[0-9]{1,9}$");
  private static final Pattern ID_SHAPE = pattern("^[0-9]{17}[0-9X]$");
  private static final int[] ID_WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  private static final String ID_CHECK_CHARACTERS = "10X98765432";

  private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("uuuu-MM-dd", Locale.ROOT);

  private final Column[] columns;
  private final Rule[] rules;

  RowChecker(FileSpec spec) {
    List<String> names = spec.columnNames();
    columns = new Column[names.size()];
    for (int i = 0; i < columns.length; i++) {
      ColumnSpec c = spec.columns().get(i);
      columns[i] = new Column(c.name(), c.type(), c.required() || spec.key().contains(c.name()),
          List.copyOf(c.values()), String.join(", ", c.values()), c.min().orElse(null),
          c.exclusiveMin().orElse(null), c.nonZero(), c.pattern().map(RowChecker::pattern).orElse(null),
          c.patternText().orElse(c.pattern().map(re -> "of the form " + re).orElse(null)));
    }
    List<Rule> compiled = new ArrayList<>();
    for (RowRule r : spec.rules()) {
      Condition when = r.when().map(c -> new Condition(names.indexOf(c.column()), c.column(), List.copyOf(c.in()),
          c.sign().orElse(null))).orElse(null);
      compiled.add(new Rule(r.kind(), names.indexOf(r.column()), r.column(),
          r.start().map(names::indexOf).orElse(-1), r.start().orElse(null), when));
    }
    rules = compiled.toArray(Rule[]::new);
  }

  /**
   * Checks one row.
   *
   * @param shape why the record does not fit the header (its field count), or null; such a row is
   *     rejected for that alone
   * @param text the row's values in the file's column order, trimmed, an empty value as null
   */
  Checked check(String shape, String[] text) {
    Object[] typed = new Object[columns.length];
    for (int i = 0; i < columns.length; i++) {
      typed[i] = typed(columns[i].type(), text[i]);
    }
    for (Rule r : rules) {
      if (r.kind() == RowRule.Kind.ID_WHEN) {
        // An identity number in a column that holds one only sometimes (payee_id of an individual) is
        // stored normalised like every other identity number.
        String v = text[r.column()];
        typed[r.column()] = holds(r.when(), text, typed) ? upper(v) : v;
      }
    }
    if (shape != null) {
      return new Checked(typed, shape);
    }
    Problems problems = new Problems();
    for (int i = 0; i < columns.length; i++) {
      columnProblems(columns[i], text[i], typed[i], problems);
    }
    for (Rule r : rules) {
      problems.add(ruleProblem(r, text, typed));
    }
    return new Checked(typed, problems.text());
  }

  private static Object typed(ColumnType type, String v) {
    if (v == null) {
      return null;
    }
    return switch (type) {
      case STRING, REF, ENUM -> v;
      case ID -> upper(v);
      case DATE -> date(v);
      case MONEY -> money(v);
      case INT -> WHOLE_NUMBER.matcher(v).find() ? Integer.valueOf(Integer.parseInt(v)) : null;
      case BOOL -> switch (v.toLowerCase(Locale.ROOT)) {
        case "true" -> Boolean.TRUE;
        case "false" -> Boolean.FALSE;
        default -> null;
      };
    };
  }

  /**
   * yyyy-MM-dd, yyyy/M/d or yyyyMMdd; an impossible calendar date (2019-02-30) is null. Read digit by
   * digit: a formatter's parse cost more than the rest of a row's checks together.
   */
  static LocalDate date(String v) {
    int n = v.length();
    if (n == 10 && v.charAt(4) == '-' && v.charAt(7) == '-') {
      return date(digits(v, 0, 4), digits(v, 5, 7), digits(v, 8, 10));
    }
    if (n >= 8 && v.charAt(4) == '/') {
      int second = v.indexOf('/', 5);
      if (second < 6 || second > 7 || n <= second + 1 || n > second + 3) {
        return null;
      }
      return date(digits(v, 0, 4), digits(v, 5, second), digits(v, second + 1, n));
    }
    if (n == 8) {
      return date(digits(v, 0, 4), digits(v, 4, 6), digits(v, 6, 8));
    }
    return null;
  }

  /** The number the characters {@code [from, to)} of {@code v} write in ASCII digits, or -1. */
  private static int digits(String v, int from, int to) {
    int n = 0;
    for (int i = from; i < to; i++) {
      char c = v.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      n = n * 10 + (c - '0');
    }
    return n;
  }

  private static LocalDate date(int year, int month, int day) {
    if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31) {
      return null;
    }
    try {
      return LocalDate.of(year, month, day);
    } catch (java.time.DateTimeException e) {
      return null;
    }
  }

  /**
   * Yuan with at most 2 decimals, thousands separators only in groups of three, an optional trailing 元,
   * at most 16 integer digits (DECIMAL(18,2)); null otherwise.
   */
  static BigDecimal money(String v) {
    BigDecimal plain = plainMoney(v);
    if (plain != null) {
      return plain;
    }
    String stripped = v.indexOf('元') < 0 ? v : YUAN.matcher(v).replaceAll("");
    if (!MONEY.matcher(stripped).find()) {
      return null;
    }
    Matcher integer = INTEGER_DIGITS.matcher(stripped);
    String integerDigits = integer.find() ? integer.group(1).replace(",", "") : "";
    if (integerDigits.length() > MONEY_INTEGER_DIGITS) {
      return null;
    }
    return new BigDecimal(stripped.replace(",", "")).setScale(2);
  }

  /**
   * The common amount, digits with an optional minus and up to 2 decimals (no separators, no 元), read
   * without a regular expression; null for any other text, which {@link #money} then reads in full.
   */
  private static BigDecimal plainMoney(String v) {
    int n = v.length();
    int i = n > 0 && v.charAt(0) == '-' ? 1 : 0;
    int start = i;
    long unscaled = 0;
    while (i < n && v.charAt(i) >= '0' && v.charAt(i) <= '9') {
      unscaled = unscaled * 10 + (v.charAt(i) - '0');
      i++;
    }
    int integerDigits = i - start;
    if (integerDigits == 0 || integerDigits > MONEY_INTEGER_DIGITS) {
      return null;
    }
    int decimals = 0;
    if (i < n && v.charAt(i) == '.') {
      i++;
      while (i < n && decimals < 3 && v.charAt(i) >= '0' && v.charAt(i) <= '9') {
        unscaled = unscaled * 10 + (v.charAt(i) - '0');
        i++;
        decimals++;
      }
      if (decimals == 0 || decimals > 2) {
        return null;
      }
    }
    if (i != n) {
      return null;
    }
    for (; decimals < 2; decimals++) {
      unscaled *= 10;
    }
    return BigDecimal.valueOf(start == 1 ? -unscaled : unscaled, 2);
  }

  private static String upper(String v) {
    return v == null ? null : v.toUpperCase(Locale.ROOT);
  }

  private static void columnProblems(Column c, String v, Object t, Problems p) {
    String n = c.name();
    if (c.required() && v == null) {
      p.add("missing required value: " + n);
    }
    if (v == null) {
      return;
    }
    switch (c.type()) {
      case ENUM -> {
        if (!c.values().contains(v)) {
          p.add(n + " " + quoted(v) + " is not one of: " + c.valuesText());
        }
      }
      case ID -> p.add(idProblem(n, v, ""));
      case DATE -> p.add(t == null ? n + " " + quoted(v) + " is not a date (yyyy-MM-dd, yyyy/M/d or yyyyMMdd)" : null);
      case MONEY -> p.add(t == null ? n + " " + quoted(v) + " is not an amount in yuan with at most 2 decimals" : null);
      case INT -> p.add(t == null ? n + " " + quoted(v) + " is not a whole number" : null);
      case BOOL -> p.add(t == null ? n + " " + quoted(v) + " is not true or false" : null);
      case STRING, REF -> { }
    }
    BigDecimal number = number(t);
    if (number != null && c.min() != null && number.compareTo(c.min()) < 0) {
      p.add(n + " " + v + " must be ≥ " + c.min().toPlainString());
    }
    if (number != null && c.exclusiveMin() != null && number.compareTo(c.exclusiveMin()) <= 0) {
      p.add(n + " " + v + " must be > " + c.exclusiveMin().toPlainString());
    }
    if (c.nonZero() && number != null && number.signum() == 0) {
      p.add(n + " must not be 0 (a reversal is negative and names reversal_of)");
    }
    if (c.pattern() != null && !c.pattern().matcher(v).find()) {
      p.add(n + " " + quoted(v) + " is not " + c.patternText());
    }
  }

  private static BigDecimal number(Object t) {
    if (t instanceof BigDecimal d) {
      return d;
    }
    if (t instanceof Integer i) {
      return BigDecimal.valueOf(i);
    }
    return null;
  }

  private static String ruleProblem(Rule r, String[] text, Object[] typed) {
    String n = r.name();
    String v = text[r.column()];
    return switch (r.kind()) {
      case REQUIRED_WHEN -> v == null && holds(r.when(), text, typed)
          ? n + " is required when " + conditionText(r.when(), text) : null;
      case EMPTY_WHEN -> v != null && holds(r.when(), text, typed)
          ? n + " must be empty when " + conditionText(r.when(), text) : null;
      case ID_WHEN -> holds(r.when(), text, typed)
          ? idProblem(n, v, " (" + conditionText(r.when(), text) + ")") : null;
      case NOT_BEFORE -> {
        Object end = typed[r.column()];
        Object begin = typed[r.start()];
        yield end instanceof LocalDate e && begin instanceof LocalDate b && e.isBefore(b)
            ? n + " " + ISO.format(e) + " is before " + r.startName() + " " + ISO.format(b) : null;
      }
    };
  }

  private static boolean holds(Condition c, String[] text, Object[] typed) {
    if (c.sign() != null) {
      BigDecimal t = number(typed[c.column()]);
      return t != null && (c.sign() == RowRule.Sign.NEGATIVE ? t.signum() < 0 : t.signum() > 0);
    }
    String v = text[c.column()];
    return v != null && c.in().contains(v);
  }

  private static String conditionText(Condition c, String[] text) {
    if (c.sign() != null) {
      return c.name() + " is " + c.sign().name().toLowerCase(Locale.ROOT);
    }
    return c.name() + " is " + text[c.column()];
  }

  /** A bad GB 11643 number: wrong shape, or the check character (ISO 7064 MOD 11-2) does not match. */
  private static String idProblem(String n, String v, String suffix) {
    if (v == null) {
      return null;
    }
    String u = upper(v);
    if (!ID_SHAPE.matcher(u).find()) {
      return n + " " + quoted(v) + " is not an identity number (17 digits and a check character)" + suffix;
    }
    int sum = 0;
    for (int i = 0; i < ID_WEIGHTS.length; i++) {
      sum += (u.charAt(i) - '0') * ID_WEIGHTS[i];
    }
    char expected = ID_CHECK_CHARACTERS.charAt(sum % 11);
    if (u.charAt(17) != expected) {
      return n + " " + quoted(v) + " has a wrong check character (expected " + expected + ")" + suffix;
    }
    return null;
  }

  /**
   * A pattern searched for as Spark's {@code rlike} searches, but with {@code $} at the end of the value
   * only: by default it also matches before a last line terminator, and trimming leaves one (U+0085), so
   * "1\u0085" was a whole number that no cast could read.
   */
  private static Pattern pattern(String regex) {
    return Pattern.compile(regex, Pattern.UNIX_LINES);
  }

  private static String quoted(String v) {
    return "'" + v + "'";
  }

  /** The problems of one row, joined by "; " as the quarantine states them. */
  private static final class Problems {
    private StringBuilder text;

    void add(String problem) {
      if (problem == null) {
        return;
      }
      if (text == null) {
        text = new StringBuilder(problem);
      } else {
        text.append("; ").append(problem);
      }
    }

    String text() {
      return text == null ? null : text.toString();
    }
  }

  /** A column's checks, as the contract declares them ({@link ColumnSpec}), in a form tasks receive. */
  private record Column(String name, ColumnType type, boolean required, List<String> values, String valuesText,
      BigDecimal min, BigDecimal exclusiveMin, boolean nonZero, Pattern pattern, String patternText)
      implements Serializable {}

  /** A row rule ({@link RowRule}) by column position; {@code start} is -1 but for NOT_BEFORE. */
  private record Rule(RowRule.Kind kind, int column, String name, int start, String startName, Condition when)
      implements Serializable {}

  /** A row rule's condition ({@link RowRule.Condition}) by column position; {@code sign} null for a list. */
  private record Condition(int column, String name, List<String> in, RowRule.Sign sign) implements Serializable {}
}
