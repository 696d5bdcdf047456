package org.fundcheck.sample;

import java.time.LocalDate;

/**
 * Text forms of the generator's dates and amounts. Dates are epoch days and amounts whole fen (cents) while
 * generating, so no floating point ever touches money and a million households format fast.
 */
final class Values {

  private static final int FIRST = (int) LocalDate.of(1900, 1, 1).toEpochDay();
  private static final int LAST = (int) LocalDate.of(2031, 1, 1).toEpochDay();
  private static final String[] ISO = new String[LAST - FIRST];
  private static final String[] COMPACT = new String[LAST - FIRST];

  private Values() {}

  static int day(int year, int month, int dayOfMonth) {
    return (int) LocalDate.of(year, month, dayOfMonth).toEpochDay();
  }

  static LocalDate date(int day) {
    return LocalDate.ofEpochDay(day);
  }

  /** yyyy-MM-dd. */
  static String iso(int day) {
    int i = day - FIRST;
    String s = ISO[i];
    if (s == null) {
      s = LocalDate.ofEpochDay(day).toString();
      ISO[i] = s;
    }
    return s;
  }

  /** yyyyMMdd, as inside an identity number. */
  static String compact(int day) {
    int i = day - FIRST;
    String s = COMPACT[i];
    if (s == null) {
      LocalDate d = LocalDate.ofEpochDay(day);
      s = String.format("%04d%02d%02d", d.getYear(), d.getMonthValue(), d.getDayOfMonth());
      COMPACT[i] = s;
    }
    return s;
  }

  /** yyyy/M/d, an accepted variant. */
  static String slashed(int day) {
    LocalDate d = LocalDate.ofEpochDay(day);
    return d.getYear() + "/" + d.getMonthValue() + "/" + d.getDayOfMonth();
  }

  /** Fen as yuan with two decimals: 123456 -> "1234.56". */
  static String money(long fen) {
    StringBuilder b = new StringBuilder(16);
    if (fen < 0) {
      b.append('-');
      fen = -fen;
    }
    b.append(fen / 100).append('.');
    long c = fen % 100;
    if (c < 10) {
      b.append('0');
    }
    return b.append(c).toString();
  }

  /** Fen as yuan with thousands separators: 1234560 -> "12,345.60", an accepted variant. */
  static String grouped(long fen) {
    String plain = money(fen);
    int dot = plain.indexOf('.');
    StringBuilder b = new StringBuilder();
    String whole = plain.substring(0, dot);
    for (int i = 0; i < whole.length(); i++) {
      if (i > 0 && (whole.length() - i) % 3 == 0) {
        b.append(',');
      }
      b.append(whole.charAt(i));
    }
    return b.append(plain, dot, plain.length()).toString();
  }

  static String pad(long value, int width) {
    String s = Long.toString(value);
    if (s.length() >= width) {
      return s;
    }
    StringBuilder b = new StringBuilder(width);
    for (int i = s.length(); i < width; i++) {
      b.append('0');
    }
    return b.append(s).toString();
  }
}
