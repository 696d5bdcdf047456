package org.fundcheck.schema;

import java.util.Locale;

/**
 * GB 11643 resident identity numbers: 17 digits and a check character (ISO 7064 MOD 11-2). Plain Java, so
 * the generator, tests and exports share it; the loader validates the same rule as a Spark expression.
 */
public final class IdNumbers {

  /** Weight of each of the 17 digits: 2^(17-i) mod 11. */
  static final int[] WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};

  /** The check character for each value of the weighted sum mod 11. */
  static final String CHECK = "10X98765432";

  private IdNumbers() {}

  /** The check character of the first 17 digits. */
  public static char checkCharacter(CharSequence first17) {
    if (first17.length() != 17) {
      throw new IllegalArgumentException("need 17 digits, got " + first17.length());
    }
    int sum = 0;
    for (int i = 0; i < 17; i++) {
      char c = first17.charAt(i);
      if (c < '0' || c > '9') {
        throw new IllegalArgumentException("not a digit at position " + (i + 1) + ": " + first17);
      }
      sum += (c - '0') * WEIGHTS[i];
    }
    return CHECK.charAt(sum % 11);
  }

  /** The 18-character number with its check character appended. */
  public static String complete(CharSequence first17) {
    return first17.toString() + checkCharacter(first17);
  }

  /** The number as stored: trimmed, lower-case x made upper-case. */
  public static String normalise(String id) {
    return id == null ? null : id.trim().toUpperCase(Locale.ROOT);
  }

  /** Whether {@code id} (after {@link #normalise}) is 17 digits and the right check character. */
  public static boolean isValid(String id) {
    String n = normalise(id);
    if (n == null || n.length() != 18 || !n.substring(0, 17).chars().allMatch(c -> c >= '0' && c <= '9')) {
      return false;
    }
    return checkCharacter(n.substring(0, 17)) == n.charAt(17);
  }
}
