package org.fundcheck.schema;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;

/**
 * One column of an input file.
 *
 * @param min inclusive lower bound for money and int columns, if any
 * @param exclusiveMin exclusive lower bound for money columns, if any
 * @param nonZero the value may not be zero (a disbursement's amount)
 * @param pattern a regular expression the trimmed value must match when present
 * @param patternText the pattern in words, for quarantine reasons
 */
public record ColumnSpec(
    String name,
    ColumnType type,
    boolean required,
    List<String> values,
    Optional<BigDecimal> min,
    Optional<BigDecimal> exclusiveMin,
    boolean nonZero,
    Optional<String> pattern,
    Optional<String> patternText) {

  public ColumnSpec {
    values = List.copyOf(values);
  }
}
