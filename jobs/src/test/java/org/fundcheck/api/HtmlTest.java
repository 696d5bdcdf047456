package org.fundcheck.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.fundcheck.TestSpark;
import org.junit.jupiter.api.Test;

class HtmlTest {

  private static final StructType PAYEES = new StructType()
      .add("payee_name", DataTypes.StringType)
      .add("payee_account", DataTypes.StringType)
      .add("entity_type", DataTypes.StringType)
      .add("entity_id", DataTypes.StringType)
      .add("amount", DataTypes.createDecimalType(18, 2))
      .add("paid_on", DataTypes.DateType)
      .add("evidence", DataTypes.StringType);

  private static Dataset<Row> payees(Row... rows) {
    return TestSpark.session().createDataFrame(List.of(rows), PAYEES);
  }

  @Test
  void masksAccountsIdentityNumbersAndEscapesText() {
    Dataset<Row> rows = payees(
        RowFactory.create("妥兰", "6230590000000000001", "person", "630202197602162975", new BigDecimal("900.00"),
            LocalDate.of(2016, 6, 13), "户主630202197602162975 <已故>"),
        RowFactory.create("A&B", null, "project", "XM630202-000001", new BigDecimal("1234567.50"), null, "村码630202101201"));
    assertEquals(
        "<table class=\"fundcheck\" data-rows=\"2\">\n"
            + "<thead><tr><th>payee_name</th><th>payee_account</th><th>entity_type</th><th>entity_id</th>"
            + "<th>amount</th><th>paid_on</th><th>evidence</th></tr></thead>\n"
            + "<tbody>\n"
            + "<tr><td>妥兰</td><td>623059*********0001</td><td>person</td><td>630202********2975</td>"
            + "<td style=\"text-align:right\">900.00</td><td>2016-06-13</td><td>户主630202********2975 &lt;已故&gt;</td></tr>\n"
            + "<tr><td>A&amp;B</td><td></td><td>project</td><td>XM630202-000001</td>"
            + "<td style=\"text-align:right\">1234567.50</td><td></td><td>村码630202101201</td></tr>\n"
            + "</tbody>\n</table>\n",
        Html.table(rows, 5));
  }

  @Test
  void saysWhenRowsWereLeftOut() {
    Dataset<Row> rows = payees(
        RowFactory.create("甲", null, "project", "P1", BigDecimal.ONE, null, null),
        RowFactory.create("乙", null, "project", "P2", BigDecimal.ONE, null, null));
    String html = Html.table(rows.orderBy("payee_name"), 1);
    assertEquals(true, html.startsWith("<table class=\"fundcheck\" data-rows=\"1\">"));
    assertEquals(1, html.split("<tr><td>", -1).length - 1);
    assertEquals(true, html.endsWith("</table>\n<p>… first 1 rows shown; there are more.</p>\n"));
  }

  @Test
  void anAccountEntityShorterThanAnIdentityNumberIsStillMasked() {
    assertEquals("623059*****0001", Html.cell("entity_id", "623059123450001", "account"));
    assertEquals("1234567890", Html.cell("entity_id", "1234567890", "project"));
    assertEquals("**********", Html.cell("bank_account", "1234567890", null));
  }
}
