package org.fundcheck.report.dossier;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.FillPatternType;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.IndexedColors;
import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.xddf.usermodel.chart.AxisCrosses;
import org.apache.poi.xddf.usermodel.chart.AxisOrientation;
import org.apache.poi.xddf.usermodel.chart.AxisPosition;
import org.apache.poi.xddf.usermodel.XDDFColor;
import org.apache.poi.xddf.usermodel.XDDFShapeProperties;
import org.apache.poi.xddf.usermodel.XDDFSolidFillProperties;
import org.apache.poi.xddf.usermodel.chart.BarDirection;
import org.apache.poi.xddf.usermodel.chart.BarGrouping;
import org.apache.poi.xddf.usermodel.chart.ChartTypes;
import org.apache.poi.xddf.usermodel.chart.LegendPosition;
import org.apache.poi.xddf.usermodel.chart.XDDFBarChartData;
import org.apache.poi.xddf.usermodel.chart.XDDFCategoryAxis;
import org.apache.poi.xddf.usermodel.chart.XDDFChartData;
import org.apache.poi.xddf.usermodel.chart.XDDFDataSource;
import org.apache.poi.xddf.usermodel.chart.XDDFDataSourcesFactory;
import org.apache.poi.xddf.usermodel.chart.XDDFNumericalDataSource;
import org.apache.poi.xddf.usermodel.chart.XDDFValueAxis;
import org.apache.poi.xssf.usermodel.XSSFChart;
import org.apache.poi.xssf.usermodel.XSSFClientAnchor;
import org.apache.poi.xssf.usermodel.XSSFDrawing;
import org.apache.poi.xssf.usermodel.XSSFRow;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.fundcheck.report.dossier.Dossier.ClueLine;
import org.fundcheck.report.dossier.Dossier.EvidenceLine;
import org.fundcheck.report.dossier.Dossier.FindingLine;
import org.fundcheck.report.dossier.Dossier.ProjectLine;

/**
 * The dossier as an Excel workbook: 概况 (headline figures and the top clues), 项目资金 (the three
 * ledgers per project with a native bar chart), 线索清单, 证据明细 and 回头看. Every table has a frozen
 * header row and a filter, so a team sorts and narrows it in Excel or WPS; money is numeric with
 * {@code #,##0.00}, dates are dates.
 */
public final class DossierWorkbook {

  public static final String SUMMARY = "概况";
  public static final String PROJECTS = "项目资金";
  public static final String CLUES = "线索清单";
  public static final String EVIDENCE = "证据明细";
  public static final String LOOKBACK = "回头看";

  public static final List<String> PROJECT_HEADERS = List.of(
      "项目编号", "项目名称", "实施单位代码", "实施单位", "上级下达（元）", "单位支出（元）", "实际到位（元）",
      "下达未支出（元）", "支出未到位（元）");

  public static final List<String> CLUE_HEADERS = List.of(
      "线索编号", "规则", "问题类别", "状态", "责任单位代码", "责任单位", "对象类型", "对象", "项目编号", "户编号",
      "涉及金额（元）", "排序分", "对应问题编号", "首次发现", "最近发现", "证据");

  public static final List<String> EVIDENCE_HEADERS = List.of(
      "线索编号", "规则", "证据类别", "记录编号", "日期", "金额（元）", "说明");

  public static final List<String> FINDING_HEADERS = List.of(
      "问题编号", "巡察轮次", "单位代码", "单位", "问题类别", "问题描述", "项目编号", "户编号", "金额（元）",
      "发现日期", "整改状态", "整改日期", "移交线索", "数据印证", "整改不实线索", "整改不实涉及金额（元）");

  /** Projects the chart shows; the table holds them all. */
  public static final int CHART_PROJECTS = DossierPage.CHART_PROJECTS;

  private final Dossier dossier;
  private XSSFWorkbook book;
  private CellStyle header;
  private CellStyle title;
  private CellStyle money;
  private CellStyle date;
  private CellStyle wrap;

  private DossierWorkbook(Dossier dossier) {
    this.dossier = dossier;
  }

  /** Writes the workbook to a file. */
  public static void write(Dossier dossier, Path out) throws IOException {
    new DossierWorkbook(dossier).writeTo(out);
  }

  private void writeTo(Path out) throws IOException {
    try (XSSFWorkbook wb = new XSSFWorkbook()) {
      book = wb;
      styles();
      summarySheet();
      projectSheet();
      clueSheet();
      evidenceSheet();
      lookbackSheet();
      try (OutputStream os = Files.newOutputStream(out)) {
        wb.write(os);
      }
    }
  }

  private void styles() {
    Font bold = book.createFont();
    bold.setBold(true);
    header = book.createCellStyle();
    header.setFont(bold);
    header.setFillForegroundColor(IndexedColors.GREY_25_PERCENT.getIndex());
    header.setFillPattern(FillPatternType.SOLID_FOREGROUND);
    header.setWrapText(true);
    Font big = book.createFont();
    big.setBold(true);
    big.setFontHeightInPoints((short) 14);
    title = book.createCellStyle();
    title.setFont(big);
    money = book.createCellStyle();
    money.setDataFormat(book.createDataFormat().getFormat(Labels.MONEY_FORMAT));
    date = book.createCellStyle();
    date.setDataFormat(book.createDataFormat().getFormat(Labels.DATE_FORMAT));
    wrap = book.createCellStyle();
    wrap.setWrapText(true);
  }

  // ---- 概况 ----

  private void summarySheet() {
    XSSFSheet sheet = book.createSheet(SUMMARY);
    sheet.setColumnWidth(0, 256 * 22);
    sheet.setColumnWidth(1, 256 * 20);
    for (int c = 2; c <= 4; c++) {
      sheet.setColumnWidth(c, 256 * 18);
    }
    sheet.setColumnWidth(5, 256 * 80);
    int r = 0;
    text(sheet.createRow(r++), 0, "巡察进驻前线索包：" + unitTitle(dossier), title);
    XSSFRow asOf = sheet.createRow(r++);
    text(asOf, 0, "数据截至", header);
    dateCell(asOf, 1, dossier.asOf());
    XSSFRow masking = sheet.createRow(r++);
    text(masking, 0, "证件号码和银行账号", header);
    text(masking, 1, dossier.unmasked() ? "未脱敏（--unmasked），注意保密" : "已脱敏（保留前 6 位和后 4 位）", null);
    r++;
    XSSFRow figures = sheet.createRow(r++);
    text(figures, 0, "资金", header);
    text(figures, 1, "金额（元）", header);
    r = moneyLine(sheet, r, "上级下达", dossier.allocated());
    r = moneyLine(sheet, r, "单位支出", dossier.disbursed());
    r = moneyLine(sheet, r, "实际到位", dossier.delivered());
    r = moneyLine(sheet, r, "下达未支出", dossier.undisbursed());
    r = moneyLine(sheet, r, "支出未到位", dossier.undelivered());
    r = moneyLine(sheet, r, "线索涉及金额（已消除的除外）", dossier.moneyAtStake());
    r++;
    XSSFRow counts = sheet.createRow(r++);
    text(counts, 0, "线索状态", header);
    text(counts, 1, "条数", header);
    for (Map.Entry<String, Long> e : dossier.cluesByStatus().entrySet()) {
      XSSFRow row = sheet.createRow(r++);
      text(row, 0, Labels.clueStatus(e.getKey()), null);
      row.createCell(1).setCellValue(e.getValue());
    }
    XSSFRow total = sheet.createRow(r++);
    text(total, 0, "合计", null);
    total.createCell(1).setCellValue(dossier.clues().size());
    r++;
    XSSFRow lookback = sheet.createRow(r++);
    text(lookback, 0, "回头看", header);
    text(lookback, 1, DossierPage.lookbackSentence(dossier), null);
    r++;
    text(sheet.createRow(r++), 0, "前五条线索", header);
    if (dossier.clues().isEmpty()) {
      text(sheet.createRow(r), 0, DossierPage.NO_CLUES, title);
      return;
    }
    List<String> topHeaders = List.of("序号", "状态", "规则", "责任单位", "涉及金额（元）", "证据");
    XSSFRow th = sheet.createRow(r++);
    for (int i = 0; i < topHeaders.size(); i++) {
      text(th, i, topHeaders.get(i), header);
    }
    int n = 1;
    for (ClueLine c : dossier.topClues()) {
      XSSFRow row = sheet.createRow(r++);
      row.createCell(0).setCellValue(n++);
      text(row, 1, Labels.clueStatus(c.status()), null);
      text(row, 2, Labels.rule(c.ruleCode()), null);
      text(row, 3, c.unitName() == null ? c.unitCode() : c.unitName(), null);
      moneyCell(row, 4, c.amountAtStake());
      text(row, 5, c.evidence(), wrap);
    }
  }

  private int moneyLine(XSSFSheet sheet, int r, String label, BigDecimal amount) {
    XSSFRow row = sheet.createRow(r);
    text(row, 0, label, null);
    moneyCell(row, 1, amount);
    return r + 1;
  }

  // ---- 项目资金 ----

  private void projectSheet() {
    XSSFSheet sheet = book.createSheet(PROJECTS);
    headerRow(sheet, PROJECT_HEADERS, new int[] {18, 30, 14, 24, 16, 16, 16, 16, 16});
    int r = 1;
    for (ProjectLine p : dossier.projects()) {
      XSSFRow row = sheet.createRow(r++);
      text(row, 0, p.projectId(), null);
      text(row, 1, p.projectName(), null);
      text(row, 2, p.unitCode(), null);
      text(row, 3, p.unitName(), null);
      moneyCell(row, 4, p.allocated());
      moneyCell(row, 5, p.disbursed());
      moneyCell(row, 6, p.delivered());
      moneyCell(row, 7, p.undisbursed());
      moneyCell(row, 8, p.undelivered());
    }
    finishTable(sheet, dossier.projects().size(), PROJECT_HEADERS.size());
    if (!dossier.projects().isEmpty()) {
      chart(sheet, Math.min(CHART_PROJECTS, dossier.projects().size()));
    }
  }

  /** Horizontal clustered bars, one group per project, drawn from the table's first rows. */
  private void chart(XSSFSheet sheet, int shown) {
    XSSFDrawing drawing = sheet.createDrawingPatriarch();
    int height = Math.max(16, 4 + shown * 2);
    XSSFClientAnchor anchor = drawing.createAnchor(0, 0, 0, 0, PROJECT_HEADERS.size() + 1, 1,
        PROJECT_HEADERS.size() + 13, 1 + height);
    XSSFChart chart = drawing.createChart(anchor);
    chart.setTitleText(shown < dossier.projects().size()
        ? "各项目资金（上级下达最多的 " + shown + " 个项目）"
        : "各项目资金：上级下达、单位支出、实际到位");
    chart.setTitleOverlay(false);
    chart.getOrAddLegend().setPosition(LegendPosition.TOP);
    XDDFCategoryAxis projects = chart.createCategoryAxis(AxisPosition.LEFT);
    // The first project of the table at the top, as it is read.
    projects.setOrientation(AxisOrientation.MAX_MIN);
    XDDFValueAxis amounts = chart.createValueAxis(AxisPosition.BOTTOM);
    amounts.setCrosses(AxisCrosses.AUTO_ZERO);
    amounts.setNumberFormat(Labels.MONEY_FORMAT);
    XDDFDataSource<String> names =
        XDDFDataSourcesFactory.fromStringCellRange(sheet, new CellRangeAddress(1, shown, 1, 1));
    XDDFBarChartData data = (XDDFBarChartData) chart.createData(ChartTypes.BAR, projects, amounts);
    data.setBarDirection(BarDirection.BAR);
    data.setBarGrouping(BarGrouping.CLUSTERED);
    data.setVaryColors(false);
    String[] series = {"上级下达", "单位支出", "实际到位"};
    for (int i = 0; i < series.length; i++) {
      XDDFNumericalDataSource<Double> values =
          XDDFDataSourcesFactory.fromNumericCellRange(sheet, new CellRangeAddress(1, shown, 4 + i, 4 + i));
      XDDFChartData.Series s = data.addSeries(names, values);
      s.setTitle(series[i], null);
      XDDFShapeProperties fill = new XDDFShapeProperties();
      fill.setFillProperties(new XDDFSolidFillProperties(XDDFColor.from(DossierPage.SERIES_RGB[i])));
      s.setShapeProperties(fill);
    }
    chart.plot(data);
  }

  // ---- 线索清单 ----

  private void clueSheet() {
    XSSFSheet sheet = book.createSheet(CLUES);
    headerRow(sheet, CLUE_HEADERS, new int[] {26, 22, 14, 10, 14, 22, 10, 24, 18, 18, 16, 22, 14, 12, 12, 80});
    int r = 1;
    for (ClueLine c : dossier.clues()) {
      XSSFRow row = sheet.createRow(r++);
      text(row, 0, c.clueId(), null);
      text(row, 1, Labels.rule(c.ruleCode()), null);
      text(row, 2, Labels.category(c.category()), null);
      text(row, 3, Labels.clueStatus(c.status()), null);
      text(row, 4, c.unitCode(), null);
      text(row, 5, c.unitName(), null);
      text(row, 6, c.entityType(), null);
      text(row, 7, c.entityId(), null);
      text(row, 8, c.projectId(), null);
      text(row, 9, c.householdId(), null);
      moneyCell(row, 10, c.amountAtStake());
      moneyCell(row, 11, c.score());
      text(row, 12, c.findingId(), null);
      dateCell(row, 13, c.firstSeenOn());
      dateCell(row, 14, c.lastSeenOn());
      text(row, 15, c.evidence(), null);
    }
    finishTable(sheet, dossier.clues().size(), CLUE_HEADERS.size());
  }

  // ---- 证据明细 ----

  private void evidenceSheet() {
    XSSFSheet sheet = book.createSheet(EVIDENCE);
    headerRow(sheet, EVIDENCE_HEADERS, new int[] {26, 22, 12, 24, 12, 16, 80});
    int r = 1;
    for (EvidenceLine e : dossier.evidence()) {
      XSSFRow row = sheet.createRow(r++);
      text(row, 0, e.clueId(), null);
      text(row, 1, Labels.rule(e.ruleCode()), null);
      text(row, 2, Labels.evidenceKind(e.kind()), null);
      text(row, 3, e.refId(), null);
      dateCell(row, 4, e.refDate());
      moneyCell(row, 5, e.amount());
      text(row, 6, e.detail(), null);
    }
    finishTable(sheet, dossier.evidence().size(), EVIDENCE_HEADERS.size());
  }

  // ---- 回头看 ----

  private void lookbackSheet() {
    XSSFSheet sheet = book.createSheet(LOOKBACK);
    headerRow(sheet, FINDING_HEADERS, new int[] {14, 10, 14, 22, 12, 50, 18, 18, 14, 12, 12, 12, 8, 12, 40, 16});
    int r = 1;
    for (FindingLine f : dossier.findings()) {
      XSSFRow row = sheet.createRow(r++);
      text(row, 0, f.findingId(), null);
      text(row, 1, f.round(), null);
      text(row, 2, f.unitCode(), null);
      text(row, 3, f.unitName(), null);
      text(row, 4, Labels.category(f.category()), null);
      text(row, 5, f.description(), null);
      text(row, 6, f.projectId(), null);
      text(row, 7, f.householdId(), null);
      moneyCell(row, 8, f.amount());
      dateCell(row, 9, f.foundOn());
      text(row, 10, Labels.findingStatus(f.status()), null);
      dateCell(row, 11, f.rectifiedOn());
      text(row, 12, f.clueTransferred() == null ? null : f.clueTransferred() ? "是" : "否", null);
      text(row, 13, f.contradicted() ? "整改不实" : "未见矛盾", null);
      text(row, 14, String.join("、", f.failedClueIds()), null);
      moneyCell(row, 15, f.failedAmount());
    }
    finishTable(sheet, dossier.findings().size(), FINDING_HEADERS.size());
  }

  // ---- cells ----

  private void headerRow(XSSFSheet sheet, List<String> headers, int[] widths) {
    XSSFRow row = sheet.createRow(0);
    for (int i = 0; i < headers.size(); i++) {
      text(row, i, headers.get(i), header);
      sheet.setColumnWidth(i, 256 * widths[i]);
    }
  }

  /** Frozen header and a filter over the whole table (the header alone when it is empty). */
  private static void finishTable(XSSFSheet sheet, int rows, int columns) {
    sheet.createFreezePane(0, 1);
    sheet.setAutoFilter(new CellRangeAddress(0, rows, 0, columns - 1));
  }

  private static void text(XSSFRow row, int column, String value, CellStyle style) {
    if (value == null) {
      return;
    }
    Cell c = row.createCell(column);
    c.setCellValue(value);
    if (style != null) {
      c.setCellStyle(style);
    }
  }

  private void moneyCell(XSSFRow row, int column, BigDecimal amount) {
    if (amount == null) {
      return;
    }
    Cell c = row.createCell(column);
    // A spreadsheet number is a double; the exact amount is what Excel shows at 2 decimals.
    c.setCellValue(amount.doubleValue());
    c.setCellStyle(money);
  }

  private void dateCell(XSSFRow row, int column, LocalDate value) {
    if (value == null) {
      return;
    }
    Cell c = row.createCell(column);
    c.setCellValue(value);
    c.setCellStyle(date);
  }

  static String unitTitle(Dossier d) {
    return (d.unitName() == null || d.unitName().isBlank() ? d.unitCode() : d.unitName())
        + "（" + d.unitCode() + "）";
  }
}
