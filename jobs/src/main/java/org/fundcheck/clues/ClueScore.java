package org.fundcheck.clues;

import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.round;
import static org.apache.spark.sql.functions.when;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.types.DataTypes;

/**
 * The ranking score of a clue: higher first within a list.
 *
 * <pre>
 * weighted = round(max(amount_at_stake, 0) × weight(rule_code) × boost(status), 2), at most 999,999,999,999.99
 * score    = band(status) × 1,000,000,000,000 + weighted                      (DECIMAL(18,2))
 *
 * band:  rectification_failed 2, new 2, known 1, resolved 0
 * boost: rectification_failed 1.5, every other status 1
 * weight: the rule's weight (Rule.weight(), 1 is ordinary); a rule without a weight counts 1
 * </pre>
 *
 * <p>The band puts every lead a team has not yet written up (new) or whose rectification the data
 * contradicts (rectification_failed) before every clue its findings already cover (known), and every
 * clue the data no longer shows (resolved) last, whatever the money. Within a band, clues rank by the
 * money at stake weighted by how grave the rule is, exactly to the fen, so two clues never swap places
 * through rounding. A failed rectification (整改不实) weighs half again as much as a new lead of the same
 * money: the unit reported it fixed and the money is still out.
 */
public final class ClueScore {

  /** The width of a band; weighted money is capped just below it so the bands never overlap. */
  public static final BigDecimal BAND = new BigDecimal("1000000000000");

  static final BigDecimal CAP = BAND.subtract(new BigDecimal("0.01"));
  static final BigDecimal FAILED_BOOST = new BigDecimal("1.5");

  private ClueScore() {}

  /** The band of a status (see the class comment). */
  public static int band(String status) {
    return switch (status) {
      case ClueStatus.RECTIFICATION_FAILED, ClueStatus.NEW -> 2;
      case ClueStatus.KNOWN -> 1;
      default -> 0;
    };
  }

  /** The score in plain Java, the same formula as {@link #column}. */
  public static BigDecimal of(BigDecimal amountAtStake, BigDecimal weight, String status) {
    BigDecimal boost = ClueStatus.RECTIFICATION_FAILED.equals(status) ? FAILED_BOOST : BigDecimal.ONE;
    BigDecimal weighted =
        amountAtStake.max(BigDecimal.ZERO).multiply(weight).multiply(boost).setScale(2, RoundingMode.HALF_UP);
    return BAND.multiply(BigDecimal.valueOf(band(status))).add(weighted.min(CAP)).setScale(2, RoundingMode.UNNECESSARY);
  }

  /**
   * The score as a DECIMAL(18,2) column.
   *
   * @param weights rule_code → weight
   */
  public static Column column(Column amountAtStake, Column ruleCode, Column status, Map<String, BigDecimal> weights) {
    Column weight = lit(BigDecimal.ONE);
    // Sorted so the same weights always give the same plan.
    for (Map.Entry<String, BigDecimal> e : new TreeMap<>(weights).entrySet()) {
      weight = when(ruleCode.equalTo(lit(e.getKey())), lit(e.getValue())).otherwise(weight);
    }
    Column boost =
        when(status.equalTo(lit(ClueStatus.RECTIFICATION_FAILED)), lit(FAILED_BOOST)).otherwise(lit(BigDecimal.ONE));
    Column band =
        when(status.isin(ClueStatus.RECTIFICATION_FAILED, ClueStatus.NEW), lit(BAND.multiply(BigDecimal.valueOf(2))))
            .when(status.equalTo(lit(ClueStatus.KNOWN)), lit(BAND))
            .otherwise(lit(BigDecimal.ZERO));
    Column weighted =
        least(round(greatest(amountAtStake, lit(BigDecimal.ZERO)).multiply(weight).multiply(boost), 2), lit(CAP));
    return band.plus(weighted).cast(DataTypes.createDecimalType(18, 2));
  }
}
