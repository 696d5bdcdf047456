package org.fundcheck.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.FileInputStream;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.xssf.usermodel.XSSFRow;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.fundcheck.FundcheckException;
import org.fundcheck.TestSpark;
import org.fundcheck.clues.ClueList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClueListWriterTest {

  private static final String ID_NUMBER = "63222219500101001X";
  private static final String EVIDENCE_DECEASED =
      "身份证" + ID_NUMBER + "于2018-08-01死亡，此后领取3,000.00元 (\"死亡后领取\")";

  private Dataset<Row> list;
  private Path dir;

  @BeforeAll
  void list() throws Exception {
    dir = Files.createTempDirectory("clue-list");
    List<Row> rows = List.of(
        RowFactory.create("DECEASED_PAYEE-1a2b3c4d5e6f7a8b", "DECEASED_PAYEE", "ineligible_beneficiary", "new",
            "630222", "民和县", "person", ID_NUMBER, null, null, new BigDecimal("3000.00"),
            new BigDecimal("2000000006000.00"), null, LocalDate.of(2019, 3, 20), LocalDate.of(2019, 5, 20),
            EVIDENCE_DECEASED),
        RowFactory.create("UNDELIVERED_HOUSEHOLD-0f0e0d0c0b0a0908", "UNDELIVERED_HOUSEHOLD", "undelivered",
            "known", "630222101", null, "household", "H001", "P01", "H001", new BigDecimal("1234567.80"),
            new BigDecimal("1000001234567.80"), "F1", LocalDate.of(2019, 3, 20), LocalDate.of(2019, 3, 20),
            "2018-06-01 川口镇支付H001户\n1234567.80元，未见到户记录"));
    list = TestSpark.session().createDataFrame(rows, ClueList.SCHEMA);
  }

  @Test
  void csvStartsWithTheBomAndRoundTrips() throws Exception {
    Path out = dir.resolve("clues.csv");
    assertEquals(2, ClueListWriter.write(list, out));
    byte[] bytes = Files.readAllBytes(out);
    assertArrayEquals(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, Arrays.copyOf(bytes, 3));
    String text = new String(bytes, 3, bytes.length - 3, StandardCharsets.UTF_8);
    List<List<String>> records = parseCsv(text);
    assertEquals(3, records.size());
    assertEquals(ClueList.COLUMNS, records.get(0));
    assertEquals(List.of("DECEASED_PAYEE-1a2b3c4d5e6f7a8b", "DECEASED_PAYEE", "ineligible_beneficiary", "new",
        "630222", "民和县", "person", "632222********001X", "", "", "3000.00", "2000000006000.00", "",
        "2019-03-20", "2019-05-20", "身份证632222********001X于2018-08-01死亡，此后领取3,000.00元 (\"死亡后领取\")"),
        records.get(1));
    assertEquals(List.of("UNDELIVERED_HOUSEHOLD-0f0e0d0c0b0a0908", "UNDELIVERED_HOUSEHOLD", "undelivered",
        "known", "630222101", "", "household", "H001", "P01", "H001", "1234567.80", "1000001234567.80", "F1",
        "2019-03-20", "2019-03-20", "2018-06-01 川口镇支付H001户\n1234567.80元，未见到户记录"), records.get(2));
    assertTrue(text.contains(",\"身份证632222********001X于2018-08-01死亡，此后领取3,000.00元 (\"\"死亡后领取\"\")\"\r\n"));
  }

  @Test
  void unmaskedCsvKeepsIdentityNumbers() throws Exception {
    Path out = dir.resolve("unmasked.CSV");
    ClueListWriter.write(list, out, true);
    List<List<String>> records = parseCsv(Files.readString(out, StandardCharsets.UTF_8).substring(1));
    assertEquals(ID_NUMBER, records.get(1).get(7));
    assertEquals(EVIDENCE_DECEASED, records.get(1).get(15));
  }

  @Test
  void xlsxHasNumericMoneyDateCellsFrozenHeaderAndFilter() throws Exception {
    Path out = dir.resolve("nested/clues.xlsx");
    assertEquals(2, ClueListWriter.write(list, out));
    try (InputStream in = new FileInputStream(out.toFile()); XSSFWorkbook book = new XSSFWorkbook(in)) {
      XSSFSheet sheet = book.getSheetAt(0);
      assertEquals(2, sheet.getLastRowNum());
      XSSFRow header = sheet.getRow(0);
      for (int i = 0; i < ClueList.COLUMNS.size(); i++) {
        assertEquals(ClueList.COLUMNS.get(i), header.getCell(i).getStringCellValue());
      }
      assertEquals(1, sheet.getPaneInformation().getHorizontalSplitPosition());
      assertTrue(sheet.getPaneInformation().isFreezePane());
      assertEquals(new CellRangeAddress(0, 2, 0, 15).formatAsString(),
          sheet.getCTWorksheet().getAutoFilter().getRef());

      XSSFRow second = sheet.getRow(2);
      assertEquals(CellType.NUMERIC, second.getCell(10).getCellType());
      assertEquals(1234567.80, second.getCell(10).getNumericCellValue());
      assertEquals("#,##0.00", second.getCell(10).getCellStyle().getDataFormatString());
      assertEquals(CellType.NUMERIC, second.getCell(11).getCellType());
      assertEquals("#,##0.00", second.getCell(11).getCellStyle().getDataFormatString());
      assertTrue(DateUtil.isCellDateFormatted(second.getCell(13)));
      assertEquals(LocalDate.of(2019, 3, 20), second.getCell(13).getLocalDateTimeCellValue().toLocalDate());
      assertEquals("yyyy-MM-dd", second.getCell(13).getCellStyle().getDataFormatString());
      assertEquals(null, second.getCell(5));

      XSSFRow first = sheet.getRow(1);
      assertEquals("632222********001X", first.getCell(7).getStringCellValue());
      assertEquals("身份证632222********001X于2018-08-01死亡，此后领取3,000.00元 (\"死亡后领取\")",
          first.getCell(15).getStringCellValue());
      assertEquals("民和县", first.getCell(5).getStringCellValue());
    }
  }

  @Test
  void arrowFileReadsBackWithTheSameRowsAndTypes() throws Exception {
    Path out = dir.resolve("clues.arrow");
    assertEquals(2, ClueListWriter.write(list, out, true));
    try (RootAllocator allocator = new RootAllocator();
        FileInputStream in = new FileInputStream(out.toFile());
        ArrowFileReader reader = new ArrowFileReader(in.getChannel(), allocator)) {
      VectorSchemaRoot root = reader.getVectorSchemaRoot();
      assertEquals(ClueList.COLUMNS,
          root.getSchema().getFields().stream().map(f -> f.getName()).toList());
      assertEquals(new ArrowType.Decimal(18, 2, 128), root.getSchema().findField("amount_at_stake").getType());
      assertEquals(new ArrowType.Date(DateUnit.DAY), root.getSchema().findField("first_seen_on").getType());
      assertEquals(ArrowType.Utf8.INSTANCE, root.getSchema().findField("evidence").getType());
      List<String> rows = new ArrayList<>();
      while (reader.loadNextBatch()) {
        for (int i = 0; i < root.getRowCount(); i++) {
          VarCharVector id = (VarCharVector) root.getVector("entity_id");
          VarCharVector unitName = (VarCharVector) root.getVector("unit_name");
          DecimalVector amount = (DecimalVector) root.getVector("amount_at_stake");
          DecimalVector score = (DecimalVector) root.getVector("score");
          DateDayVector last = (DateDayVector) root.getVector("last_seen_on");
          VarCharVector evidence = (VarCharVector) root.getVector("evidence");
          rows.add(new String(id.get(i), StandardCharsets.UTF_8) + " "
              + (unitName.isNull(i) ? "-" : new String(unitName.get(i), StandardCharsets.UTF_8)) + " "
              + amount.getObject(i) + " " + score.getObject(i) + " "
              + LocalDate.ofEpochDay(last.get(i)) + " " + new String(evidence.get(i), StandardCharsets.UTF_8));
        }
      }
      assertEquals(List.of(
          ID_NUMBER + " 民和县 3000.00 2000000006000.00 2019-05-20 " + EVIDENCE_DECEASED,
          "H001 - 1234567.80 1000001234567.80 2019-03-20 2018-06-01 川口镇支付H001户\n1234567.80元，未见到户记录"),
          rows);
    }
  }

  @Test
  void emptyListWritesAReadableArrowFile() throws Exception {
    Path out = dir.resolve("empty.arrow");
    assertEquals(0, ClueListWriter.write(list.limit(0), out));
    try (RootAllocator allocator = new RootAllocator();
        FileInputStream in = new FileInputStream(out.toFile());
        ArrowFileReader reader = new ArrowFileReader(in.getChannel(), allocator)) {
      assertEquals(16, reader.getVectorSchemaRoot().getSchema().getFields().size());
      assertTrue(reader.loadNextBatch());
      assertEquals(0, reader.getVectorSchemaRoot().getRowCount());
    }
  }

  @Test
  void otherEndingIsAUserError() {
    Path out = dir.resolve("clues.json");
    FundcheckException e = assertThrows(FundcheckException.class, () -> ClueListWriter.write(list, out));
    assertEquals("cannot write the clue list to " + out + ": the format is chosen by the file's ending, which "
        + "must be .csv, .xlsx, .arrow; rename the --out file, e.g. clues.xlsx", e.getMessage());
  }

  /** An RFC 4180 reader, strict enough to fail on a stray quote. */
  private static List<List<String>> parseCsv(String text) {
    List<List<String>> records = new ArrayList<>();
    List<String> record = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    int i = 0;
    boolean quoted = false;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
          field.append('"');
          i += 2;
          continue;
        }
        if (c == '"') {
          quoted = false;
        } else {
          field.append(c);
        }
      } else if (c == '"') {
        assertEquals(0, field.length(), "quote inside an unquoted field");
        quoted = true;
      } else if (c == ',') {
        record.add(field.toString());
        field.setLength(0);
      } else if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
        record.add(field.toString());
        field.setLength(0);
        records.add(record);
        record = new ArrayList<>();
        i++;
      } else {
        field.append(c);
      }
      i++;
    }
    assertEquals(0, field.length() + record.size(), "the file ends with CRLF");
    return records;
  }
}
