package org.fundcheck.load;

import java.io.IOException;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import org.apache.poi.openxml4j.exceptions.InvalidFormatException;
import org.apache.poi.openxml4j.opc.OPCPackage;
import org.apache.poi.openxml4j.opc.PackageAccess;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.fundcheck.FundcheckErrors;

/**
 * The first sheet of an {@code .xlsx} workbook as records: a row's line is its spreadsheet row number,
 * its raw text the cells as shown in Excel joined as CSV. Date cells become {@code yyyy-MM-dd}; other
 * cells keep the text Excel displays, so a number typed as text keeps its leading zeros.
 */
final class XlsxRecordSource implements RecordSource {

  private static final DateTimeFormatter ISO = DateTimeFormatter.ISO_LOCAL_DATE;

  private final OPCPackage pkg;
  private final XSSFWorkbook workbook;
  private final Sheet sheet;
  private final DataFormatter formatter = new DataFormatter(java.util.Locale.ROOT);
  private int nextRow;
  private int width = -1;

  XlsxRecordSource(InputFile file) throws IOException {
    java.io.File local = file.localFile();
    try {
      // A workbook on this disk is opened in place; one kept elsewhere is read into memory, which a
      // sheet's at most 1,048,576 rows allow.
      if (local != null) {
        this.pkg = OPCPackage.open(local, PackageAccess.READ);
      } else {
        try (java.io.InputStream in = file.open()) {
          this.pkg = OPCPackage.open(in);
        }
      }
      this.workbook = new XSSFWorkbook(pkg);
    } catch (InvalidFormatException | RuntimeException e) {
      throw FundcheckErrors.unreadableFile(file.location(), e);
    }
    this.sheet = workbook.getNumberOfSheets() > 0 ? workbook.getSheetAt(0) : null;
  }

  @Override
  public RawRecord next() {
    if (sheet == null) {
      return null;
    }
    while (nextRow <= sheet.getLastRowNum()) {
      Row row = sheet.getRow(nextRow);
      int rowNumber = nextRow + 1;
      nextRow++;
      if (row == null) {
        continue;
      }
      int last = Math.max(row.getLastCellNum(), 0);
      List<String> cells = new ArrayList<>(last);
      for (int i = 0; i < last; i++) {
        cells.add(text(row.getCell(i)));
      }
      while (!cells.isEmpty() && cells.get(cells.size() - 1).isEmpty()) {
        cells.remove(cells.size() - 1);
      }
      if (cells.isEmpty()) {
        continue;
      }
      if (width < 0) {
        width = cells.size();
      }
      // Trailing empty cells are not stored in xlsx; pad to the header's width so a short row is not
      // mistaken for one with missing fields.
      while (cells.size() < width) {
        cells.add("");
      }
      return new RawRecord(rowNumber, toCsv(cells), cells);
    }
    return null;
  }

  private String text(Cell cell) {
    if (cell == null) {
      return "";
    }
    CellType type = cell.getCellType() == CellType.FORMULA ? cell.getCachedFormulaResultType() : cell.getCellType();
    if (type == CellType.NUMERIC && DateUtil.isCellDateFormatted(cell)) {
      return cell.getLocalDateTimeCellValue().toLocalDate().format(ISO);
    }
    return formatter.formatCellValue(cell);
  }

  private static String toCsv(List<String> cells) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < cells.size(); i++) {
      if (i > 0) {
        sb.append(',');
      }
      String c = cells.get(i);
      if (c.indexOf(',') >= 0 || c.indexOf('"') >= 0 || c.indexOf('\n') >= 0 || c.indexOf('\r') >= 0) {
        sb.append('"').append(c.replace("\"", "\"\"")).append('"');
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  @Override
  public String encoding() {
    return "xlsx";
  }

  @Override
  public void close() throws IOException {
    workbook.close();
    pkg.revert();
  }
}
