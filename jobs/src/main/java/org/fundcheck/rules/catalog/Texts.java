package org.fundcheck.rules.catalog;

import static org.apache.spark.sql.functions.array_join;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.date_format;
import static org.apache.spark.sql.functions.format_number;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.slice;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.sql.Column;

/**
 * The pieces every evidence sentence is made of, so that amounts, dates and id lists read the same in
 * every rule: amounts like {@code 4,000.00}, dates {@code yyyy-MM-dd}, id lists {@code P1、P2、P3}.
 */
final class Texts {

  /** An id list longer than this names its first ids and the count, to stay readable. */
  static final int LISTED_IDS = 5;

  private Texts() {}

  /** A DECIMAL amount with thousands separators and two decimals; exact, as format_number takes decimals as is. */
  static Column money(Column amount) {
    return format_number(amount, 2);
  }

  static Column date(Column date) {
    return date_format(date, "yyyy-MM-dd");
  }

  /** A sorted array of ids as {@code P1、P2}, or {@code P1、…、P5等8笔} beyond {@link #LISTED_IDS}. */
  static Column ids(Column sortedIds) {
    return when(size(sortedIds).leq(LISTED_IDS), array_join(sortedIds, "、"))
        .otherwise(
            concat(array_join(slice(sortedIds, 1, LISTED_IDS), "、"), lit("等"), size(sortedIds).cast("string"),
                lit("笔")));
  }

  /** One date, or {@code from至to} when the two differ. */
  static Column period(Column from, Column to) {
    return when(from.equalTo(to), date(from)).otherwise(concat(date(from), lit("至"), date(to)));
  }
}
