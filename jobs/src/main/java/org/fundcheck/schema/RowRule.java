package org.fundcheck.schema;

import java.util.List;
import java.util.Optional;

/**
 * A rule over several columns of one row (inputs.md): a value required or forbidden under a condition,
 * an identity number required under a condition, or an end date not before its start date.
 *
 * @param kind what the rule demands of {@code column}
 * @param column the column the rule is about
 * @param start for {@link Kind#NOT_BEFORE}: the start-date column
 * @param when for the conditional kinds: the condition on another column
 */
public record RowRule(Kind kind, String column, Optional<String> start, Optional<Condition> when) {

  public enum Kind {
    /** {@code column} must be set when the condition holds. */
    REQUIRED_WHEN,
    /** {@code column} must be empty when the condition holds. */
    EMPTY_WHEN,
    /** {@code column} must be a valid identity number when the condition holds. */
    ID_WHEN,
    /** {@code column}, when set, must not be before {@code start}. */
    NOT_BEFORE
  }

  /**
   * A condition on one column: its value is one of {@code in}, or a money value has the given sign.
   */
  public record Condition(String column, List<String> in, Optional<Sign> sign) {
    public Condition {
      in = List.copyOf(in);
    }
  }

  public enum Sign {
    POSITIVE,
    NEGATIVE
  }
}
