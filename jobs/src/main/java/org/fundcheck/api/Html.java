package org.fundcheck.api;

import java.math.BigDecimal;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.fundcheck.report.Masking;

/**
 * A Dataset's first rows as an HTML table for a notebook cell. What a notebook shows leaves the warehouse,
 * so identity and account numbers are masked as in every file fundcheck writes (first 6 and last 4 kept):
 * the columns that hold them whole, a person's or an account's entity_id, and such numbers inside text.
 */
public final class Html {

  /** The contract's identity-number and account columns (schemas/inputs.json: ID type and accounts). */
  static final Set<String> SENSITIVE_COLUMNS = Set.of(
      "id_number", "head_id_number", "legal_rep_id_number", "owner_id_number", "bank_account", "payee_account");

  private Html() {}

  /**
   * The first {@code maxRows} rows in the Dataset's order; when there are more, a last line says so. Only
   * those rows (and one more, to know) are fetched.
   */
  public static String table(Dataset<Row> rows, int maxRows) {
    if (maxRows < 1) {
      throw new IllegalArgumentException("maxRows must be at least 1, was " + maxRows);
    }
    List<Row> taken = rows.limit(maxRows + 1).collectAsList();
    StructField[] fields = rows.schema().fields();
    int entityType = indexOf(fields, "entity_type");
    StringBuilder html = new StringBuilder();
    html.append("<table class=\"fundcheck\" data-rows=\"").append(Math.min(taken.size(), maxRows)).append("\">\n");
    html.append("<thead><tr>");
    for (StructField f : fields) {
      html.append("<th>").append(escape(f.name())).append("</th>");
    }
    html.append("</tr></thead>\n<tbody>\n");
    for (int r = 0; r < Math.min(taken.size(), maxRows); r++) {
      Row row = taken.get(r);
      String type = entityType >= 0 && !row.isNullAt(entityType) ? row.get(entityType).toString() : null;
      html.append("<tr>");
      for (int c = 0; c < fields.length; c++) {
        boolean number = fields[c].dataType() instanceof NumericType || fields[c].dataType() instanceof DecimalType;
        html.append(number ? "<td style=\"text-align:right\">" : "<td>")
            .append(escape(cell(fields[c].name(), row.get(c), type)))
            .append("</td>");
      }
      html.append("</tr>\n");
    }
    html.append("</tbody>\n</table>\n");
    if (taken.size() > maxRows) {
      html.append("<p>… first ").append(maxRows).append(" rows shown; there are more.</p>\n");
    }
    return html.toString();
  }

  /** One value as the table shows it: money in plain digits, masked where personal, empty for null. */
  static String cell(String column, Object value, String entityType) {
    if (value == null) {
      return "";
    }
    String text = value instanceof BigDecimal d ? d.toPlainString() : value.toString();
    if (SENSITIVE_COLUMNS.contains(column)) {
      return Masking.mask(text);
    }
    if (column.equals("entity_id") && entityType != null) {
      return Masking.maskText(Masking.entityId(entityType, text));
    }
    return Masking.maskText(text);
  }

  static String escape(String s) {
    StringBuilder out = new StringBuilder(s.length());
    for (char ch : s.toCharArray()) {
      switch (ch) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        default -> out.append(ch);
      }
    }
    return out.toString();
  }

  private static int indexOf(StructField[] fields, String name) {
    for (int i = 0; i < fields.length; i++) {
      if (fields[i].name().equals(name)) {
        return i;
      }
    }
    return -1;
  }
}
