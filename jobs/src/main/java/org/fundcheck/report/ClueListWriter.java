package org.fundcheck.report;

import java.io.BufferedWriter;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.xssf.streaming.SXSSFRow;
import org.apache.poi.xssf.streaming.SXSSFSheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.fundcheck.FundcheckErrors;
import org.fundcheck.clues.ClueList;

/**
 * Writes a clue list ({@link ClueList#COLUMNS}) to a file whose ending picks the format: {@code .csv}
 * (UTF-8 with a BOM so Excel and WPS read the Chinese right, RFC 4180 quoting, CRLF lines), {@code .xlsx}
 * (frozen header with an autofilter, money as numbers, dates as dates) or {@code .arrow} (Arrow IPC file:
 * strings Utf8, money Decimal(18,2), dates Date(DAY)).
 *
 * <p>Identity and account numbers are masked ({@link Masking}) unless the caller asks for them unmasked:
 * the entity_id of person and account clues, and such numbers inside the evidence sentence.
 *
 * <p>The list is a team's reading, small enough to stream through the driver row by row.
 */
public final class ClueListWriter {

  /** The endings a list can be written to. */
  public static final List<String> ENDINGS = List.of(".csv", ".xlsx", ".arrow");

  private static final int ARROW_BATCH = 4096;
  private static final String MONEY_FORMAT = "#,##0.00";
  private static final String DATE_FORMAT = "yyyy-MM-dd";

  private enum Kind { TEXT, MONEY, DATE }

  private static final List<String> COLUMNS = ClueList.COLUMNS;

  private ClueListWriter() {}

  /** Writes the list masked; returns the number of clues written. */
  public static long write(Dataset<Row> list, Path out) {
    return write(list, out, false);
  }

  /**
   * Writes the list; returns the number of clues written.
   *
   * @param unmasked true to write identity and account numbers in full ({@code --unmasked})
   */
  public static long write(Dataset<Row> list, Path out, boolean unmasked) {
    String name = out.getFileName().toString().toLowerCase(Locale.ROOT);
    String ending = ENDINGS.stream().filter(name::endsWith).findFirst()
        .orElseThrow(() -> FundcheckErrors.unsupportedListFormat(out.toString(), ENDINGS));
    Column[] cols = COLUMNS.stream().map(functions::col).toArray(Column[]::new);
    Iterator<Row> rows = list.select(cols).toLocalIterator();
    try {
      Path parent = out.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      return switch (ending) {
        case ".csv" -> writeCsv(rows, out, unmasked);
        case ".xlsx" -> writeXlsx(rows, out, unmasked);
        default -> writeArrow(rows, out, unmasked);
      };
    } catch (IOException e) {
      throw FundcheckErrors.cannotWriteList(out.toString(), e);
    }
  }

  private static Kind kind(String column) {
    return switch (column) {
      case "amount_at_stake", "score" -> Kind.MONEY;
      case "first_seen_on", "last_seen_on" -> Kind.DATE;
      default -> Kind.TEXT;
    };
  }

  /** The row's values in column order, masked unless asked otherwise. */
  private static Object[] values(Row row, boolean unmasked) {
    Object[] v = new Object[COLUMNS.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = row.isNullAt(i) ? null : row.get(i);
    }
    if (!unmasked) {
      int type = COLUMNS.indexOf("entity_type");
      int id = COLUMNS.indexOf("entity_id");
      int evidence = COLUMNS.indexOf("evidence");
      v[id] = Masking.entityId((String) v[type], (String) v[id]);
      v[evidence] = Masking.maskText((String) v[evidence]);
    }
    return v;
  }

  private static BigDecimal money(Object value) {
    return ((BigDecimal) value).setScale(2, RoundingMode.UNNECESSARY);
  }

  // ---- CSV ----

  private static long writeCsv(Iterator<Row> rows, Path out, boolean unmasked) throws IOException {
    long n = 0;
    try (Writer w = new BufferedWriter(
        new java.io.OutputStreamWriter(Files.newOutputStream(out), StandardCharsets.UTF_8))) {
      w.write('\uFEFF');
      w.write(String.join(",", COLUMNS));
      w.write("\r\n");
      while (rows.hasNext()) {
        Object[] v = values(rows.next(), unmasked);
        for (int i = 0; i < v.length; i++) {
          if (i > 0) {
            w.write(',');
          }
          w.write(csvField(csvText(COLUMNS.get(i), v[i])));
        }
        w.write("\r\n");
        n++;
      }
    }
    return n;
  }

  private static String csvText(String column, Object value) {
    if (value == null) {
      return "";
    }
    return switch (kind(column)) {
      case MONEY -> money(value).toPlainString();
      case DATE -> value.toString();
      case TEXT -> (String) value;
    };
  }

  /** RFC 4180: a field with a comma, quote or line break is quoted, its quotes doubled. */
  static String csvField(String s) {
    if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
      return s;
    }
    return '"' + s.replace("\"", "\"\"") + '"';
  }

  // ---- xlsx ----

  private static long writeXlsx(Iterator<Row> rows, Path out, boolean unmasked) throws IOException {
    SXSSFWorkbook book = new SXSSFWorkbook(200);
    try {
      SXSSFSheet sheet = book.createSheet("clues");
      Font bold = book.createFont();
      bold.setBold(true);
      CellStyle header = book.createCellStyle();
      header.setFont(bold);
      CellStyle moneyStyle = book.createCellStyle();
      moneyStyle.setDataFormat(book.createDataFormat().getFormat(MONEY_FORMAT));
      CellStyle dateStyle = book.createCellStyle();
      dateStyle.setDataFormat(book.createDataFormat().getFormat(DATE_FORMAT));

      SXSSFRow head = sheet.createRow(0);
      for (int i = 0; i < COLUMNS.size(); i++) {
        Cell c = head.createCell(i);
        c.setCellValue(COLUMNS.get(i));
        c.setCellStyle(header);
        sheet.setColumnWidth(i, 256 * width(COLUMNS.get(i)));
      }
      int r = 0;
      while (rows.hasNext()) {
        Object[] v = values(rows.next(), unmasked);
        SXSSFRow row = sheet.createRow(++r);
        for (int i = 0; i < v.length; i++) {
          if (v[i] == null) {
            continue;
          }
          Cell c = row.createCell(i);
          switch (kind(COLUMNS.get(i))) {
            case MONEY -> {
              c.setCellValue(money(v[i]).doubleValue());
              c.setCellStyle(moneyStyle);
            }
            case DATE -> {
              c.setCellValue((LocalDate) v[i]);
              c.setCellStyle(dateStyle);
            }
            case TEXT -> c.setCellValue((String) v[i]);
          }
        }
      }
      sheet.createFreezePane(0, 1);
      sheet.setAutoFilter(new CellRangeAddress(0, r, 0, COLUMNS.size() - 1));
      try (OutputStream os = Files.newOutputStream(out)) {
        book.write(os);
      }
      return r;
    } finally {
      // Also removes the temporary files the streaming workbook kept its rows in.
      book.close();
    }
  }

  private static int width(String column) {
    return switch (column) {
      case "evidence" -> 80;
      case "clue_id", "entity_id" -> 28;
      case "unit_name", "rule_code" -> 24;
      default -> 16;
    };
  }

  // ---- Arrow ----

  private static Schema arrowSchema() {
    List<Field> fields = new ArrayList<>();
    for (String c : COLUMNS) {
      ArrowType type = switch (kind(c)) {
        case MONEY -> new ArrowType.Decimal(18, 2, 128);
        case DATE -> new ArrowType.Date(DateUnit.DAY);
        case TEXT -> ArrowType.Utf8.INSTANCE;
      };
      fields.add(new Field(c, FieldType.nullable(type), null));
    }
    return new Schema(fields);
  }

  private static long writeArrow(Iterator<Row> rows, Path out, boolean unmasked) throws IOException {
    long n = 0;
    try (BufferAllocator allocator = new RootAllocator();
        VectorSchemaRoot root = VectorSchemaRoot.create(arrowSchema(), allocator);
        FileOutputStream os = new FileOutputStream(out.toFile());
        ArrowFileWriter writer = new ArrowFileWriter(root, null, os.getChannel())) {
      writer.start();
      boolean wroteBatch = false;
      while (rows.hasNext() || !wroteBatch) {
        root.allocateNew();
        int count = 0;
        while (count < ARROW_BATCH && rows.hasNext()) {
          Object[] v = values(rows.next(), unmasked);
          for (int i = 0; i < v.length; i++) {
            setArrow(root, i, count, v[i]);
          }
          count++;
        }
        root.setRowCount(count);
        writer.writeBatch();
        wroteBatch = true;
        n += count;
      }
      writer.end();
    }
    return n;
  }

  private static void setArrow(VectorSchemaRoot root, int column, int index, Object value) {
    switch (kind(COLUMNS.get(column))) {
      case MONEY -> {
        DecimalVector v = (DecimalVector) root.getVector(column);
        if (value == null) {
          v.setNull(index);
        } else {
          v.setSafe(index, money(value));
        }
      }
      case DATE -> {
        DateDayVector v = (DateDayVector) root.getVector(column);
        if (value == null) {
          v.setNull(index);
        } else {
          v.setSafe(index, Math.toIntExact(((LocalDate) value).toEpochDay()));
        }
      }
      case TEXT -> {
        VarCharVector v = (VarCharVector) root.getVector(column);
        if (value == null) {
          v.setNull(index);
        } else {
          v.setSafe(index, ((String) value).getBytes(StandardCharsets.UTF_8));
        }
      }
    }
  }
}
