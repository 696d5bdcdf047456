package org.fundcheck.report.dossier;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import javax.imageio.ImageIO;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFChart;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.apache.poi.xddf.usermodel.chart.XDDFBarChartData;
import org.apache.spark.sql.Dataset;
import org.fundcheck.TestSpark;
import org.fundcheck.cli.Main;
import org.fundcheck.clues.ClueFilter;
import org.fundcheck.clues.ClueList;
import org.fundcheck.load.Encodings;
import org.fundcheck.rules.Settings;
import org.fundcheck.run.NightlyRun;
import org.fundcheck.sample.SampleManifest;
import org.fundcheck.warehouse.Warehouse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dossier of units of the bundled sample drop, as a team opens it: the workbook read back with POI,
 * the page rendered by a headless Chromium, and every identity and account number of the drop searched
 * for in both files.
 */
class DossierTest {

  private static final Path DROP = Path.of("data-samples/haidong-mini");
  /** 乐都区: a county with projects, clues of every status and findings, one of them contradicted. */
  private static final String COUNTY = "630202";
  private static final String CITY = "630200";

  @TempDir static Path dir;
  static Warehouse warehouse;

  @BeforeAll
  static void runTheSample() throws IOException {
    warehouse = new Warehouse(TestSpark.session(), dir.resolve("wh").toString());
    SampleManifest manifest = SampleManifest.read(DROP.resolve("manifest.json"));
    new NightlyRun(TestSpark.session(), new NightlyRun.Options(
        DROP.toString(), warehouse.root(), LocalDate.parse(manifest.asOf()), Encodings.Choice.AUTO, Settings.defaults()))
        .execute();
  }

  /** What one invocation of the command line returned and printed. */
  record Outcome(int status, String out, String err) {}

  static Outcome fundcheck(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int status = Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new Outcome(status, out.toString(), err.toString());
  }

  private static Path pack(String unit, String folder, boolean unmasked) {
    Path out = dir.resolve(folder);
    List<String> args = new ArrayList<>(List.of(
        "dossier", "--warehouse", warehouse.root(), "--unit", unit, "--out", out.toString()));
    if (unmasked) {
      args.add("--unmasked");
    }
    Outcome o = fundcheck(args.toArray(String[]::new));
    assertEquals("", o.err());
    assertEquals(0, o.status());
    return out;
  }

  @Test
  void theWorkbookHoldsTheCountysLedgersCluesEvidenceAndFindings() throws IOException {
    Path out = pack(COUNTY, "county", false);
    Dataset<org.apache.spark.sql.Row> list = new ClueList(warehouse).current(ClueFilter.all().withUnit(COUNTY));
    List<String> clueIds = list.select("clue_id").collectAsList().stream().map(r -> r.getString(0)).toList();
    List<BigDecimal> amounts =
        list.select("amount_at_stake").collectAsList().stream().map(r -> r.getDecimal(0)).toList();
    assertTrue(clueIds.size() >= 5, "the county has clues: " + clueIds);

    try (XSSFWorkbook book = new XSSFWorkbook(Files.newInputStream(out.resolve("dossier-630202.xlsx")))) {
      assertEquals(List.of("概况", "项目资金", "线索清单", "证据明细", "回头看"),
          List.of(book.getSheetName(0), book.getSheetName(1), book.getSheetName(2), book.getSheetName(3),
              book.getSheetName(4)));

      // 线索清单: the unit's list, highest score first, money as numbers.
      XSSFSheet clues = book.getSheet("线索清单");
      assertEquals(DossierWorkbook.CLUE_HEADERS, header(clues));
      assertEquals(clueIds.size(), clues.getLastRowNum());
      assertEquals(clueIds, column(clues, 0));
      for (int i = 0; i < amounts.size(); i++) {
        Cell money = clues.getRow(i + 1).getCell(10);
        assertEquals(CellType.NUMERIC, money.getCellType());
        assertEquals("#,##0.00", money.getCellStyle().getDataFormatString());
        assertEquals(amounts.get(i), BigDecimal.valueOf(money.getNumericCellValue()).setScale(2));
        assertEquals(CellType.NUMERIC, clues.getRow(i + 1).getCell(13).getCellType(), "first_seen_on is a date");
      }
      assertTableShape(clues, clueIds.size(), "P");
      assertTrue(column(clues, 4).stream().allMatch(u -> u.startsWith(COUNTY)), column(clues, 4).toString());

      // 项目资金: every project of a unit under the county, and nothing else.
      Dataset<org.apache.spark.sql.Row> ledger =
          warehouse.read(Warehouse.PROJECT_LEDGER).filter(col("unit_code").startsWith(COUNTY));
      XSSFSheet projects = book.getSheet("项目资金");
      assertEquals(DossierWorkbook.PROJECT_HEADERS, header(projects));
      assertEquals(
          new TreeSet<>(ledger.select("project_id").collectAsList().stream().map(r -> r.getString(0)).toList()),
          new TreeSet<>(column(projects, 0)));
      assertEquals(ledger.count(), projects.getLastRowNum());
      assertTrue(column(projects, 2).stream().allMatch(u -> u.startsWith(COUNTY)), column(projects, 2).toString());
      assertTableShape(projects, projects.getLastRowNum(), "I");
      List<XSSFChart> charts = projects.getDrawingPatriarch().getCharts();
      assertEquals(1, charts.size());
      XDDFBarChartData bars = (XDDFBarChartData) charts.get(0).getChartSeries().get(0);
      assertEquals(3, bars.getSeriesCount());
      String chartXml = charts.get(0).getCTChart().xmlText();
      for (String series : List.of("上级下达", "单位支出", "实际到位")) {
        assertTrue(chartXml.contains("<c:v>" + series + "</c:v>"), series + " in " + chartXml);
      }
      assertEquals(projects.getLastRowNum(), bars.getSeries(0).getCategoryData().getPointCount());

      // 概况: the totals are the ledger's, to the fen.
      org.apache.spark.sql.Row totals =
          ledger.agg(sum("allocated"), sum("disbursed"), sum("delivered")).collectAsList().get(0);
      Sheet summary = book.getSheet("概况");
      assertEquals("巡察进驻前线索包：乐都区（630202）", summary.getRow(0).getCell(0).getStringCellValue());
      assertEquals(totals.getDecimal(0), labelled(summary, "上级下达"));
      assertEquals(totals.getDecimal(1), labelled(summary, "单位支出"));
      assertEquals(totals.getDecimal(2), labelled(summary, "实际到位"));

      // 证据明细: every evidence row of the listed clues.
      Dataset<org.apache.spark.sql.Row> evidence = warehouse.read(Warehouse.CLUE_EVIDENCE)
          .filter(col("clue_id").isin(clueIds.toArray()));
      XSSFSheet evidenceSheet = book.getSheet("证据明细");
      assertEquals(DossierWorkbook.EVIDENCE_HEADERS, header(evidenceSheet));
      assertEquals(evidence.count(), evidenceSheet.getLastRowNum());
      assertTableShape(evidenceSheet, evidenceSheet.getLastRowNum(), "G");

      // 回头看: the county's findings, those the data contradicts first and marked so.
      List<String> failedFindings = list.filter(col("status").equalTo(lit("rectification_failed")))
          .select("finding_id").distinct().collectAsList().stream().map(r -> r.getString(0)).sorted().toList();
      assertFalse(failedFindings.isEmpty(), "the sample plants a failed rectification in the county");
      Dataset<org.apache.spark.sql.Row> findings = warehouse.read(Warehouse.silver("findings"))
          .filter(col("unit_code").startsWith(COUNTY).and(col("found_on").leq(lit(LocalDate.parse("2019-03-20")))));
      XSSFSheet lookback = book.getSheet("回头看");
      assertEquals(DossierWorkbook.FINDING_HEADERS, header(lookback));
      assertEquals(findings.count(), lookback.getLastRowNum());
      List<String> marked = new ArrayList<>();
      for (int r = 1; r <= failedFindings.size(); r++) {
        assertEquals("整改不实", lookback.getRow(r).getCell(13).getStringCellValue());
        marked.add(lookback.getRow(r).getCell(0).getStringCellValue());
      }
      assertEquals(failedFindings, marked.stream().sorted().toList());
      assertEquals("未见矛盾", lookback.getRow(failedFindings.size() + 1).getCell(13).getStringCellValue());
      assertTrue(column(lookback, 2).stream().allMatch(u -> u.startsWith(COUNTY)), column(lookback, 2).toString());
    }

    // Nothing of the other counties: their codes begin every unit, village and household id of theirs (their
    // names may appear, e.g. a company registered there named in a clue's evidence).
    List<String> texts = packTexts(out.resolve("dossier-630202.xlsx"), out.resolve("dossier-630202.html"));
    for (String other : List.of("630203", "630222", "630223", "630224", "630225")) {
      assertTrue(texts.stream().noneMatch(t -> t.contains(other)), other + " in the pack of " + COUNTY);
    }
  }

  @Test
  void noIdentityOrAccountNumberOfTheDropAppearsUnmaskedInEitherFile() throws IOException {
    Set<String> numbers = sensitiveNumbers();
    assertTrue(numbers.size() > 1000, "the drop holds identity and account numbers: " + numbers.size());
    Path masked = pack(CITY, "city", false);
    List<String> texts = packTexts(masked.resolve("dossier-630200.xlsx"), masked.resolve("dossier-630200.html"));
    for (String text : texts) {
      for (String n : numbers) {
        assertFalse(text.contains(n), "unmasked " + n + " in the pack");
      }
    }
    // The same scan finds them when the pack is asked for unmasked, so it would catch a leak.
    Path unmasked = pack(CITY, "city-unmasked", true);
    String html = Files.readString(unmasked.resolve("dossier-630200.html"));
    assertTrue(numbers.stream().anyMatch(html::contains), "an unmasked pack shows the numbers");
    assertTrue(texts.get(texts.size() - 1).contains("已脱敏（保留前 6 位和后 4 位）"));
  }

  @Test
  void aUnitWithoutCluesGetsAPackSayingSo() throws IOException {
    Path out = pack("630202-WJJ", "quiet", false);
    String html = Files.readString(out.resolve("dossier-630202-WJJ.html"));
    assertTrue(html.contains("<p class=\"none\">本单位及下属单位暂无线索。</p>"), html);
    try (XSSFWorkbook book = new XSSFWorkbook(Files.newInputStream(out.resolve("dossier-630202-WJJ.xlsx")))) {
      assertEquals(0, book.getSheet("线索清单").getLastRowNum());
      assertEquals(DossierWorkbook.CLUE_HEADERS, header(book.getSheet("线索清单")));
      Sheet summary = book.getSheet("概况");
      Row last = summary.getRow(summary.getLastRowNum());
      assertEquals("本单位及下属单位暂无线索。", last.getCell(0).getStringCellValue());
    }
  }

  @Test
  void anUnknownUnitIsAOneLineError() {
    Outcome o = fundcheck("dossier", "--warehouse", warehouse.root(), "--unit", "639999", "--out",
        dir.resolve("none").toString());
    assertEquals(2, o.status());
    assertEquals("fundcheck: unknown unit '639999': the units table of warehouse " + warehouse.root()
        + " has no such unit_code; give a unit_code from units.csv, e.g. --unit 630222\n", o.err());
    assertFalse(Files.exists(dir.resolve("none")));
  }

  @Test
  void thePageRendersInAHeadlessBrowserWithItsChart() throws Exception {
    Path out = pack(COUNTY, "browser", false);
    Path html = out.resolve("dossier-630202.html").toAbsolutePath();
    int projects;
    try (XSSFWorkbook book = new XSSFWorkbook(Files.newInputStream(out.resolve("dossier-630202.xlsx")))) {
      projects = book.getSheet("项目资金").getLastRowNum();
    }
    int shown = Math.min(DossierPage.CHART_PROJECTS, projects);

    String dom = chromium(List.of("--dump-dom", html.toUri().toString()), null);
    Matcher bar = Pattern.compile("<rect class=\"bar (allocated|disbursed|delivered)\"[^>]*width=\"([0-9.]+)\"")
        .matcher(dom);
    int bars = 0;
    int wideAllocated = 0;
    while (bar.find()) {
      bars++;
      if (bar.group(1).equals("allocated") && new BigDecimal(bar.group(2)).signum() > 0) {
        wideAllocated++;
      }
    }
    assertEquals(3 * shown, bars);
    assertEquals(shown, wideAllocated, "every project shown was allocated money, so its bar has a width");
    assertTrue(dom.contains("<svg id=\"ledger-chart\""));

    Path png = Path.of("target", "dossier-630202.png").toAbsolutePath();
    Files.createDirectories(png.getParent());
    Files.deleteIfExists(png);
    chromium(List.of("--screenshot=" + png, "--window-size=1280,2000", html.toUri().toString()), png);
    BufferedImage image = ImageIO.read(png.toFile());
    assertNotNull(image, "the screenshot is a PNG");
    assertEquals(1280, image.getWidth());
    // The disbursed bars' orange appears nowhere else on the page but in the legend's small square.
    int orange = 0;
    int nonWhite = 0;
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        int rgb = image.getRGB(x, y) & 0xffffff;
        if (rgb != 0xffffff) {
          nonWhite++;
        }
        if (near(rgb, 0xe08a1e)) {
          orange++;
        }
      }
    }
    assertTrue(nonWhite > 50_000, "the page is not blank: " + nonWhite + " non-white pixels");
    assertTrue(orange > 1_000, "the chart's bars are drawn: " + orange + " orange pixels");
  }

  // ---- helpers ----

  private static boolean near(int rgb, int target) {
    for (int shift = 0; shift <= 16; shift += 8) {
      if (Math.abs(((rgb >> shift) & 0xff) - ((target >> shift) & 0xff)) > 12) {
        return false;
      }
    }
    return true;
  }

  /** Runs Chromium headless on its own profile; returns what it printed on stdout. */
  private static String chromium(List<String> args, Path expectedFile) throws Exception {
    Path binary = Path.of("/usr/bin/chromium");
    if (!Files.isExecutable(binary)) {
      fail("the dossier page is checked in a headless Chromium, and /usr/bin/chromium is missing: install it "
          + "with `apt-get install -y chromium` (as .ci/run does)");
    }
    Path profile = Files.createTempDirectory(dir, "chromium-profile");
    List<String> command = new ArrayList<>(List.of(binary.toString(), "--headless", "--no-sandbox",
        "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--user-data-dir=" + profile));
    command.addAll(args);
    Path stdout = dir.resolve("chromium-" + System.nanoTime() + ".out");
    Process p = new ProcessBuilder(command).redirectOutput(stdout.toFile())
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      fail("chromium did not finish within 120 s: " + command);
    }
    assertEquals(0, p.exitValue(), "chromium failed: " + command);
    if (expectedFile != null) {
      assertTrue(Files.size(expectedFile) > 0, "chromium wrote " + expectedFile);
    }
    return Files.readString(stdout);
  }

  /**
   * Every identity number and bank account in the drop's files: tokens of an 18-character identity
   * number or 15–19 digits standing on their own (ASCII, so any encoding of the file reads them).
   */
  private static Set<String> sensitiveNumbers() throws IOException {
    Pattern number = Pattern.compile("(?<![0-9A-Za-z])(?:\\d{17}[0-9Xx]|\\d{15,19})(?![0-9A-Za-z])");
    Set<String> found = new TreeSet<>();
    try (Stream<Path> files = Files.list(DROP)) {
      for (Path f : files.filter(f -> f.toString().endsWith(".csv")).toList()) {
        Matcher m = number.matcher(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1));
        while (m.find()) {
          found.add(m.group());
        }
      }
    }
    return found;
  }

  /** The text of every part of the workbook (cells, shared strings, chart XML) and, last, the page. */
  private static List<String> packTexts(Path xlsx, Path html) throws IOException {
    List<String> texts = new ArrayList<>();
    try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(xlsx))) {
      ZipEntry e;
      while ((e = zip.getNextEntry()) != null) {
        texts.add(new String(readAll(zip), StandardCharsets.UTF_8));
      }
    }
    assertTrue(texts.size() > 10, "the workbook's parts");
    try (XSSFWorkbook book = new XSSFWorkbook(Files.newInputStream(xlsx))) {
      StringBuilder cells = new StringBuilder();
      for (Sheet s : book) {
        for (Row r : s) {
          for (Cell c : r) {
            cells.append(c.toString()).append('\n');
          }
        }
      }
      texts.add(cells.toString());
    }
    texts.add(Files.readString(html));
    return texts;
  }

  private static byte[] readAll(InputStream in) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    in.transferTo(b);
    return b.toByteArray();
  }

  private static List<String> header(Sheet sheet) {
    List<String> h = new ArrayList<>();
    for (Cell c : sheet.getRow(0)) {
      h.add(c.getStringCellValue());
    }
    return h;
  }

  private static List<String> column(Sheet sheet, int column) {
    List<String> values = new ArrayList<>();
    for (int r = 1; r <= sheet.getLastRowNum(); r++) {
      values.add(sheet.getRow(r).getCell(column).getStringCellValue());
    }
    return values;
  }

  /** The money in column B of the summary row whose label is in column A. */
  private static BigDecimal labelled(Sheet summary, String label) {
    for (Row r : summary) {
      Cell c = r.getCell(0);
      if (c != null && c.getCellType() == CellType.STRING && c.getStringCellValue().equals(label)) {
        return BigDecimal.valueOf(r.getCell(1).getNumericCellValue()).setScale(2);
      }
    }
    throw new AssertionError("no summary row " + label);
  }

  /** A frozen header row and a filter over the header and every row. */
  private static void assertTableShape(XSSFSheet sheet, int rows, String lastColumn) {
    assertEquals(1, sheet.getPaneInformation().getHorizontalSplitTopRow());
    assertTrue(sheet.getPaneInformation().isFreezePane());
    assertEquals("A1:" + lastColumn + (rows + 1), sheet.getCTWorksheet().getAutoFilter().getRef());
  }
}
