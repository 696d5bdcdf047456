package org.fundcheck.load;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.fundcheck.TestSpark;
import org.fundcheck.warehouse.Warehouse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An .xlsx in place of a CSV: real date cells, numeric cells and text cells load like the CSV would. */
class XlsxInputTest {

  @TempDir Path dir;

  @Test
  void firstSheetLoadsWithDateAndNumberCellsAndBadRowsQuarantined() throws Exception {
    Path drop = dir.resolve("drop");
    Files.createDirectories(drop);
    try (XSSFWorkbook wb = new XSSFWorkbook(); OutputStream os = Files.newOutputStream(drop.resolve("projects.xlsx"))) {
      Sheet sheet = wb.createSheet("项目库");
      CellStyle dateStyle = wb.createCellStyle();
      dateStyle.setDataFormat(wb.getCreationHelper().createDataFormat().getFormat("yyyy/m/d"));
      String[] header = {"project_id", "project_name", "category", "unit_code", "village_code", "start_date", "end_date", "budget", "status"};
      Row h = sheet.createRow(0);
      for (int i = 0; i < header.length; i++) {
        h.createCell(i).setCellValue(header[i]);
      }
      Row p1 = sheet.createRow(1);
      p1.createCell(0).setCellValue("P1");
      p1.createCell(1).setCellValue("东垣村产业扶贫");
      p1.createCell(2).setCellValue("industry");
      p1.createCell(3).setCellValue("630222");
      p1.createCell(5).setCellValue(LocalDate.of(2018, 1, 1));
      p1.getCell(5).setCellStyle(dateStyle);
      p1.createCell(6).setCellValue("20181231");
      p1.createCell(7).setCellValue(120000.5);
      p1.createCell(8).setCellValue("completed");
      // Row 3 left empty: not a row. Row 4 breaks the category enum.
      Row p2 = sheet.createRow(3);
      p2.createCell(0).setCellValue("P2");
      p2.createCell(1).setCellValue("道路");
      p2.createCell(2).setCellValue("roads");
      p2.createCell(3).setCellValue("630222");
      p2.createCell(5).setCellValue("2018-01-01");
      p2.createCell(6).setCellValue("2018-12-31");
      p2.createCell(7).setCellValue("5,000");
      p2.createCell(8).setCellValue("planned");
      wb.write(os);
    }
    Warehouse warehouse = new Warehouse(TestSpark.session(), dir.resolve("wh").toString());
    List<FileLoad> loads = new DropLoader(warehouse, Encodings.Choice.AUTO).load(drop.toString(), "run-x", dir.resolve("staging").toString());
    assertEquals(1, loads.size());
    FileLoad f = loads.get(0);
    assertEquals(List.of("projects.xlsx", "xlsx", 2L, 1L, 1L), List.of(f.file(), f.encoding(), f.read(), f.loaded(), f.quarantined()));
    org.apache.spark.sql.Row p1 = warehouse.read(Warehouse.silver("projects")).first();
    assertEquals(LocalDate.of(2018, 1, 1), p1.getAs("start_date"));
    assertEquals(LocalDate.of(2018, 12, 31), p1.getAs("end_date"));
    assertEquals(new BigDecimal("120000.50"), p1.getAs("budget"));
    assertEquals("东垣村产业扶贫", p1.getAs("project_name"));
    org.apache.spark.sql.Row q = warehouse.read(Warehouse.QUARANTINE).first();
    assertEquals(4L, (long) q.getAs("line"));
    assertEquals("P2,道路,roads,630222,,2018-01-01,2018-12-31,\"5,000\",planned", q.getAs("raw_line"));
    assertEquals("category 'roads' is not one of: industry, infrastructure, relocation, housing, education, health,"
        + " employment, subsidy", q.getAs("reason"));
  }
}
