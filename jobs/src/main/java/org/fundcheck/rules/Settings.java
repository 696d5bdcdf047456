package org.fundcheck.rules;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.fundcheck.FundcheckErrors;

/**
 * The thresholds of the rules catalog (rules.md), with the contract's defaults. Immutable; a run records
 * the values it used ({@link #asMap()}).
 */
public final class Settings {

  public static final String TOLERANCE = "tolerance";
  public static final String DELIVERY_GRACE_DAYS = "delivery_grace_days";
  public static final String IDLE_DAYS = "idle_days";
  public static final String IDLE_RATIO = "idle_ratio";
  public static final String UNDELIVERED_PROJECT_RATIO = "undelivered_project_ratio";
  public static final String DUPLICATE_WINDOW_DAYS = "duplicate_window_days";
  public static final String SHARED_ACCOUNT_MIN_HOUSEHOLDS = "shared_account_min_households";
  public static final String SPLIT_THRESHOLD = "split_threshold";
  public static final String SPLIT_WINDOW_DAYS = "split_window_days";
  public static final String LATE_PAYMENT_DAYS = "late_payment_days";

  private static final Map<String, String> DEFAULTS = new LinkedHashMap<>();
  /** Settings whose value is a whole number of days or households. */
  private static final java.util.Set<String> WHOLE =
      java.util.Set.of(DELIVERY_GRACE_DAYS, IDLE_DAYS, DUPLICATE_WINDOW_DAYS,
          SHARED_ACCOUNT_MIN_HOUSEHOLDS, SPLIT_WINDOW_DAYS, LATE_PAYMENT_DAYS);

  static {
    DEFAULTS.put(TOLERANCE, "1.00");
    DEFAULTS.put(DELIVERY_GRACE_DAYS, "30");
    DEFAULTS.put(IDLE_DAYS, "180");
    DEFAULTS.put(IDLE_RATIO, "0.5");
    DEFAULTS.put(UNDELIVERED_PROJECT_RATIO, "0.05");
    DEFAULTS.put(DUPLICATE_WINDOW_DAYS, "10");
    DEFAULTS.put(SHARED_ACCOUNT_MIN_HOUSEHOLDS, "3");
    DEFAULTS.put(SPLIT_THRESHOLD, "50000.00");
    DEFAULTS.put(SPLIT_WINDOW_DAYS, "7");
    DEFAULTS.put(LATE_PAYMENT_DAYS, "180");
  }

  private final Map<String, String> values;

  private Settings(Map<String, String> values) {
    this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
  }

  public static Settings defaults() {
    return new Settings(DEFAULTS);
  }

  /** These settings with one value replaced; an unknown name or a malformed value is a user error. */
  public Settings with(String name, String value) {
    if (!DEFAULTS.containsKey(name)) {
      throw FundcheckErrors.unknownSetting(name, DEFAULTS.keySet());
    }
    String v = value.trim();
    try {
      BigDecimal d = new BigDecimal(v);
      if (d.signum() < 0 || (WHOLE.contains(name) && d.stripTrailingZeros().scale() > 0)) {
        throw new NumberFormatException();
      }
    } catch (NumberFormatException e) {
      throw FundcheckErrors.badSetting(name, value, WHOLE.contains(name) ? "a whole number ≥ 0" : "a number ≥ 0");
    }
    Map<String, String> copy = new LinkedHashMap<>(values);
    copy.put(name, v);
    return new Settings(copy);
  }

  /** Applies {@code name=value} pairs in order (from {@code --set}). */
  public Settings withAll(Iterable<String> assignments) {
    Settings s = this;
    for (String a : assignments) {
      int eq = a.indexOf('=');
      if (eq <= 0) {
        throw FundcheckErrors.badSettingSyntax(a);
      }
      s = s.with(a.substring(0, eq).trim(), a.substring(eq + 1));
    }
    return s;
  }

  public BigDecimal decimal(String name) {
    return new BigDecimal(require(name));
  }

  /** A whole-number setting: a number of days or of households. */
  public int whole(String name) {
    if (!WHOLE.contains(name)) {
      throw new IllegalArgumentException(name + " is not a whole-number setting");
    }
    return new BigDecimal(require(name)).intValueExact();
  }

  public int days(String name) {
    return whole(name);
  }

  /** Every setting and its value, in the catalog's order. */
  public Map<String, String> asMap() {
    return values;
  }

  private String require(String name) {
    String v = values.get(name);
    if (v == null) {
      throw new IllegalArgumentException("no setting " + name);
    }
    return v;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Settings s && s.values.equals(values);
  }

  @Override
  public int hashCode() {
    return values.hashCode();
  }

  @Override
  public String toString() {
    return values.toString();
  }
}
