package org.fundcheck.report;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks identity numbers and bank accounts in what leaves the warehouse as a file (outputs.md: the first
 * 6 and the last 4 characters kept, every other character {@code *}). Names are never masked.
 *
 * <p>A value of 10 characters or fewer is masked whole: keeping 6 + 4 of it would show all of it.
 */
public final class Masking {

  private static final int HEAD = 6;
  private static final int TAIL = 4;

  /**
   * An identity number (17 digits and a check digit or X, or the old 15 digits) or an account number
   * (16–19 digits) standing on its own in free text. Village codes (12 digits) and amounts stay readable.
   */
  private static final Pattern NUMBER_IN_TEXT =
      Pattern.compile("(?<![0-9A-Za-z])(?:\\d{17}[0-9Xx]|\\d{15,19})(?![0-9A-Za-z])");

  private Masking() {}

  /** One identity or account number, masked; null stays null. */
  public static String mask(String value) {
    if (value == null) {
      return null;
    }
    int n = value.length();
    if (n <= HEAD + TAIL) {
      return "*".repeat(n);
    }
    return value.substring(0, HEAD) + "*".repeat(n - HEAD - TAIL) + value.substring(n - TAIL);
  }

  /** Every identity or account number inside a sentence (a clue's evidence), masked; the rest kept. */
  public static String maskText(String text) {
    if (text == null) {
      return null;
    }
    Matcher m = NUMBER_IN_TEXT.matcher(text);
    StringBuilder out = new StringBuilder(text.length());
    while (m.find()) {
      m.appendReplacement(out, Matcher.quoteReplacement(mask(m.group())));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** Whether a clue's entity_id is a person's identity number or an account number. */
  public static boolean isSensitiveEntity(String entityType) {
    return "person".equals(entityType) || "account".equals(entityType);
  }

  /** A clue's entity_id as a file shows it: masked for person and account clues, as is otherwise. */
  public static String entityId(String entityType, String entityId) {
    return isSensitiveEntity(entityType) ? mask(entityId) : entityId;
  }
}
