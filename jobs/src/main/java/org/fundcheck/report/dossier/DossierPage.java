package org.fundcheck.report.dossier;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.fundcheck.report.dossier.Dossier.ClueLine;
import org.fundcheck.report.dossier.Dossier.EvidenceLine;
import org.fundcheck.report.dossier.Dossier.FindingLine;
import org.fundcheck.report.dossier.Dossier.ProjectLine;

/**
 * The dossier as one self-contained HTML page: styles inline, the chart an inline SVG, no script and no
 * reference to anything outside the file, so it opens on a laptop without a network (巡察 teams often
 * work on machines kept off the internet).
 */
public final class DossierPage {

  /** Projects the chart shows (those with the most money); the table below it holds them all. */
  public static final int CHART_PROJECTS = 30;

  /** What the pack says when the unit and everything under it have no clue. */
  public static final String NO_CLUES = "本单位及下属单位暂无线索。";

  /** Allocated, disbursed, delivered: the same colours in the page and the workbook. */
  static final byte[][] SERIES_RGB = {
    {(byte) 0x1f, (byte) 0x4e, (byte) 0x79}, {(byte) 0xe0, (byte) 0x8a, (byte) 0x1e}, {(byte) 0x3a, (byte) 0x9a, (byte) 0x4b}
  };
  static final String[] SERIES_CLASS = {"allocated", "disbursed", "delivered"};
  static final String[] SERIES_LABEL = {"上级下达", "单位支出", "实际到位"};

  private static final int CHART_WIDTH = 1180;
  private static final int LABEL_WIDTH = 300;
  private static final int PLOT_WIDTH = CHART_WIDTH - LABEL_WIDTH - 40;
  private static final int TOP = 40;
  private static final int BAR = 9;
  private static final int GROUP = 3 * BAR + 10;

  private final Dossier d;
  private final StringBuilder out = new StringBuilder(64 * 1024);

  private DossierPage(Dossier dossier) {
    this.d = dossier;
  }

  /** Writes the page to a file (UTF-8). */
  public static void write(Dossier dossier, Path file) throws IOException {
    Files.writeString(file, render(dossier), StandardCharsets.UTF_8);
  }

  /** The page's text. */
  public static String render(Dossier dossier) {
    return new DossierPage(dossier).page();
  }

  /** One sentence on the last rounds' findings, shared by the page and the workbook. */
  static String lookbackSentence(Dossier d) {
    long contradicted = d.contradictedFindings().size();
    if (d.findings().isEmpty()) {
      return "以往轮次未对本单位及下属单位发现问题。";
    }
    return "以往轮次发现问题 " + d.findings().size() + " 个，其中 " + contradicted + " 个数据显示整改不实"
        + (contradicted > 0 ? "，进驻后先核查这些问题的整改。" : "。");
  }

  private String page() {
    out.append("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<title>巡察进驻前线索包 ").append(esc(DossierWorkbook.unitTitle(d))).append("</title>\n")
        .append("<style>").append(CSS).append("</style>\n</head>\n<body>\n");
    out.append("<h1>巡察进驻前线索包：").append(esc(DossierWorkbook.unitTitle(d))).append("</h1>\n")
        .append("<p class=\"meta\">数据截至 ").append(date(d.asOf())).append(" · 含下属单位 · 证件号码和银行账号")
        .append(d.unmasked() ? "<strong>未脱敏，注意保密</strong>" : "已脱敏（保留前 6 位和后 4 位）").append("</p>\n");
    headline();
    ledgers();
    clues();
    evidence();
    lookback();
    out.append("</body>\n</html>\n");
    return out.toString();
  }

  // ---- 一、概况 ----

  private void headline() {
    out.append("<section id=\"headline\">\n<h2>一、概况</h2>\n<div class=\"figures\">\n");
    figure("上级下达", d.allocated(), "");
    figure("单位支出", d.disbursed(), "");
    figure("实际到位", d.delivered(), "");
    figure("下达未支出", d.undisbursed(), "gap");
    figure("支出未到位", d.undelivered(), "gap");
    figure("线索涉及金额", d.moneyAtStake(), "stake");
    out.append("</div>\n<table class=\"counts\"><tr>");
    for (Map.Entry<String, Long> e : d.cluesByStatus().entrySet()) {
      out.append("<th>").append(Labels.clueStatus(e.getKey())).append("</th>");
    }
    out.append("<th>合计</th></tr>\n<tr>");
    for (Map.Entry<String, Long> e : d.cluesByStatus().entrySet()) {
      out.append("<td class=\"status-").append(e.getKey()).append("\">").append(e.getValue()).append("</td>");
    }
    out.append("<td>").append(d.clues().size()).append("</td></tr></table>\n");
    out.append("<p class=\"lookback\">回头看：").append(esc(lookbackSentence(d))).append("</p>\n");
    if (d.clues().isEmpty()) {
      out.append("<p class=\"none\">").append(NO_CLUES).append("</p>\n");
    } else {
      out.append("<h3>前五条线索</h3>\n<ol class=\"top\">\n");
      for (ClueLine c : d.topClues()) {
        out.append("<li><span class=\"tag status-").append(esc(c.status())).append("\">")
            .append(Labels.clueStatus(c.status())).append("</span> <b>").append(Labels.money(c.amountAtStake()))
            .append(" 元</b> ").append(esc(Labels.rule(c.ruleCode()))).append(" · ")
            .append(esc(c.unitName() == null ? c.unitCode() : c.unitName())).append(" · ")
            .append(esc(c.evidence())).append("</li>\n");
      }
      out.append("</ol>\n");
    }
    out.append("</section>\n");
  }

  private void figure(String label, BigDecimal amount, String kind) {
    out.append("<div class=\"figure ").append(kind).append("\"><div class=\"label\">").append(label)
        .append("</div><div class=\"amount\">").append(Labels.money(amount)).append("</div><div class=\"unit\">元</div></div>\n");
  }

  // ---- 二、项目资金 ----

  private void ledgers() {
    out.append("<section id=\"ledgers\">\n<h2>二、项目资金：上级下达、单位支出、实际到位</h2>\n");
    List<ProjectLine> projects = d.projects();
    if (projects.isEmpty()) {
      out.append("<p class=\"none\">本单位及下属单位没有项目资金记录。</p>\n</section>\n");
      return;
    }
    chart(projects.subList(0, Math.min(CHART_PROJECTS, projects.size())));
    table(DossierWorkbook.PROJECT_HEADERS, "projects");
    for (ProjectLine p : projects) {
      out.append("<tr>");
      cell(p.projectId());
      named(p.projectName());
      cell(p.unitCode());
      named(p.unitName());
      money(p.allocated());
      money(p.disbursed());
      money(p.delivered());
      money(p.undisbursed());
      money(p.undelivered());
      out.append("</tr>\n");
    }
    out.append("<tr class=\"total\"><td colspan=\"4\">合计</td>");
    money(d.allocated());
    money(d.disbursed());
    money(d.delivered());
    money(d.undisbursed());
    money(d.undelivered());
    out.append("</tr>\n</tbody></table>\n</section>\n");
  }

  /** Horizontal grouped bars: per project, allocated, disbursed and delivered on one money scale. */
  private void chart(List<ProjectLine> shown) {
    BigDecimal max = BigDecimal.ONE;
    for (ProjectLine p : shown) {
      for (BigDecimal v : amounts(p)) {
        max = max.max(v);
      }
    }
    int height = TOP + shown.size() * GROUP + 30;
    if (shown.size() < d.projects().size()) {
      out.append("<p class=\"note\">图中为上级下达金额最多的 ").append(shown.size()).append(" 个项目，共 ")
          .append(d.projects().size()).append(" 个项目见下表。</p>\n");
    }
    out.append("<svg id=\"ledger-chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(CHART_WIDTH)
        .append("\" height=\"").append(height).append("\" viewBox=\"0 0 ").append(CHART_WIDTH).append(' ')
        .append(height).append("\" role=\"img\" aria-label=\"各项目资金\">\n");
    for (int i = 0; i < 3; i++) {
      int x = LABEL_WIDTH + i * 120;
      out.append("<rect class=\"legend ").append(SERIES_CLASS[i]).append("\" x=\"").append(x)
          .append("\" y=\"10\" width=\"14\" height=\"14\"/><text x=\"").append(x + 20)
          .append("\" y=\"22\">").append(SERIES_LABEL[i]).append("</text>\n");
    }
    int axisY = TOP + shown.size() * GROUP;
    for (int t = 0; t <= 4; t++) {
      BigDecimal value = max.multiply(BigDecimal.valueOf(t)).divide(BigDecimal.valueOf(4), 0, RoundingMode.HALF_UP);
      int x = LABEL_WIDTH + PLOT_WIDTH * t / 4;
      out.append("<line class=\"grid\" x1=\"").append(x).append("\" y1=\"").append(TOP - 4).append("\" x2=\"")
          .append(x).append("\" y2=\"").append(axisY).append("\"/><text class=\"tick\" x=\"").append(x)
          .append("\" y=\"").append(axisY + 16).append("\">").append(Labels.money(value).replaceAll("\\.00$", ""))
          .append("</text>\n");
    }
    for (int g = 0; g < shown.size(); g++) {
      ProjectLine p = shown.get(g);
      int y = TOP + g * GROUP;
      out.append("<g class=\"project\"><text class=\"name\" x=\"").append(LABEL_WIDTH - 8).append("\" y=\"")
          .append(y + BAR + BAR / 2 + 4).append("\">").append(esc(shorten(p.projectName(), 20))).append("</text>\n");
      BigDecimal[] values = amounts(p);
      for (int i = 0; i < 3; i++) {
        BigDecimal width = values[i].multiply(BigDecimal.valueOf(PLOT_WIDTH)).divide(max, 1, RoundingMode.HALF_UP);
        out.append("<rect class=\"bar ").append(SERIES_CLASS[i]).append("\" x=\"").append(LABEL_WIDTH)
            .append("\" y=\"").append(y + i * BAR).append("\" width=\"").append(width.toPlainString())
            .append("\" height=\"").append(BAR - 1).append("\"><title>").append(esc(p.projectName())).append(' ')
            .append(SERIES_LABEL[i]).append(' ').append(Labels.money(values[i])).append(" 元</title></rect>\n");
      }
      out.append("</g>\n");
    }
    out.append("</svg>\n");
  }

  private static BigDecimal[] amounts(ProjectLine p) {
    return new BigDecimal[] {
      nonNegative(p.allocated()), nonNegative(p.disbursed()), nonNegative(p.delivered())
    };
  }

  private static BigDecimal nonNegative(BigDecimal v) {
    return v == null ? BigDecimal.ZERO : v.max(BigDecimal.ZERO);
  }

  // ---- 三、线索清单 ----

  private void clues() {
    out.append("<section id=\"clues\">\n<h2>三、线索清单（按排序分从高到低）</h2>\n");
    if (d.clues().isEmpty()) {
      out.append("<p class=\"none\">").append(NO_CLUES).append("</p>\n</section>\n");
      return;
    }
    table(List.of("序号", "状态", "规则", "问题类别", "责任单位", "对象", "项目编号", "户编号", "涉及金额（元）",
        "对应问题编号", "首次发现", "证据", "线索编号"), "clues");
    int n = 1;
    for (ClueLine c : d.clues()) {
      out.append("<tr class=\"status-").append(esc(c.status())).append("\">");
      cell(Integer.toString(n++));
      cell(Labels.clueStatus(c.status()));
      cell(Labels.rule(c.ruleCode()));
      cell(Labels.category(c.category()));
      cell(c.unitName() == null ? c.unitCode() : c.unitName());
      cell(c.entityId());
      cell(c.projectId());
      cell(c.householdId());
      money(c.amountAtStake());
      cell(c.findingId());
      cell(date(c.firstSeenOn()));
      prose(c.evidence());
      cell(c.clueId());
      out.append("</tr>\n");
    }
    out.append("</tbody></table>\n</section>\n");
  }

  // ---- 四、证据明细 ----

  private void evidence() {
    out.append("<section id=\"evidence\">\n<h2>四、证据明细</h2>\n");
    if (d.evidence().isEmpty()) {
      out.append("<p class=\"none\">没有证据记录。</p>\n</section>\n");
      return;
    }
    table(DossierWorkbook.EVIDENCE_HEADERS, "evidence");
    for (EvidenceLine e : d.evidence()) {
      out.append("<tr>");
      cell(e.clueId());
      cell(Labels.rule(e.ruleCode()));
      cell(Labels.evidenceKind(e.kind()));
      cell(e.refId());
      cell(date(e.refDate()));
      money(e.amount());
      prose(e.detail());
      out.append("</tr>\n");
    }
    out.append("</tbody></table>\n</section>\n");
  }

  // ---- 五、回头看 ----

  private void lookback() {
    out.append("<section id=\"lookback\">\n<h2>五、回头看：以往发现问题及整改情况</h2>\n")
        .append("<p>").append(esc(lookbackSentence(d))).append("</p>\n");
    if (d.findings().isEmpty()) {
      out.append("</section>\n");
      return;
    }
    table(List.of("问题编号", "巡察轮次", "单位", "问题类别", "问题描述", "发现日期", "整改状态", "整改日期",
        "数据印证", "整改不实线索", "整改不实涉及金额（元）"), "findings");
    for (FindingLine f : d.findings()) {
      out.append("<tr").append(f.contradicted() ? " class=\"contradicted\"" : "").append(">");
      cell(f.findingId());
      cell(f.round());
      cell(f.unitName() == null ? f.unitCode() : f.unitName());
      cell(Labels.category(f.category()));
      prose(f.description());
      cell(date(f.foundOn()));
      cell(Labels.findingStatus(f.status()));
      cell(date(f.rectifiedOn()));
      cell(f.contradicted() ? "整改不实" : "未见矛盾");
      cell(String.join("、", f.failedClueIds()));
      money(f.contradicted() ? f.failedAmount() : null);
      out.append("</tr>\n");
    }
    out.append("</tbody></table>\n</section>\n");
  }

  // ---- pieces ----

  private void table(List<String> headers, String id) {
    out.append("<table class=\"list\" id=\"").append(id).append("-table\"><thead><tr>");
    for (String h : headers) {
      out.append("<th>").append(esc(h)).append("</th>");
    }
    out.append("</tr></thead><tbody>\n");
  }

  private void cell(String value) {
    out.append("<td>").append(esc(value)).append("</td>");
  }

  /** A name: may wrap in a narrow window, so the money columns stay in view. */
  private void named(String value) {
    out.append("<td class=\"name\">").append(esc(value)).append("</td>");
  }

  /** A sentence: wraps within its column, where codes and amounts stay on one line. */
  private void prose(String value) {
    out.append("<td class=\"prose\">").append(esc(value)).append("</td>");
  }

  private void money(BigDecimal value) {
    out.append("<td class=\"money\">").append(Labels.money(value)).append("</td>");
  }

  private static String date(LocalDate value) {
    return value == null ? "" : value.toString();
  }

  private static String shorten(String s, int max) {
    if (s == null) {
      return "";
    }
    return s.codePointCount(0, s.length()) <= max ? s : s.substring(0, s.offsetByCodePoints(0, max - 1)) + "…";
  }

  static String esc(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder b = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> b.append("&amp;");
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }

  private static String hex(byte[] rgb) {
    return String.format("#%02x%02x%02x", rgb[0] & 0xff, rgb[1] & 0xff, rgb[2] & 0xff);
  }

  private static final String CSS = """
      body{font-family:"Noto Sans CJK SC","Source Han Sans SC","Microsoft YaHei","PingFang SC",sans-serif;\
      margin:24px 32px;color:#222;font-size:14px}
      h1{font-size:24px;margin:0 0 4px}h2{font-size:19px;border-bottom:2px solid #1f4e79;padding-bottom:4px;\
      margin-top:32px}h3{font-size:16px}
      .meta{color:#555}
      .figures{display:flex;flex-wrap:wrap;gap:12px}
      .figure{border:1px solid #ccd;border-radius:6px;padding:10px 14px;min-width:160px;background:#f7f9fc}
      .figure .label{color:#555}.figure .amount{font-size:20px;font-weight:bold}.figure .unit{color:#777;font-size:12px}
      .figure.gap{background:#fff6e8}.figure.stake{background:#fdecec}
      table{border-collapse:collapse;margin:10px 0}
      th,td{border:1px solid #ccd;padding:3px 6px;vertical-align:top;white-space:nowrap}
      td.prose{white-space:normal;min-width:360px}td.name{white-space:normal;min-width:10em}
      th{background:#e8edf3}
      td.money{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}
      tr.total td{font-weight:bold;background:#f3f3f3}
      tr.contradicted td{background:#fdecec}
      .tag{display:inline-block;padding:0 6px;border-radius:3px;background:#e8edf3}
      .status-rectification_failed .tag,.tag.status-rectification_failed{background:#c0392b;color:#fff}
      .tag.status-new{background:#1f4e79;color:#fff}
      .none{font-size:18px;font-weight:bold;color:#1f4e79}
      .note{color:#555}
      svg text{font-size:12px;fill:#333}
      svg text.name{text-anchor:end}svg text.tick{text-anchor:middle;fill:#666}
      svg line.grid{stroke:#ddd}
      """
      + "svg .allocated{fill:" + hex(SERIES_RGB[0]) + "}svg .disbursed{fill:" + hex(SERIES_RGB[1])
      + "}svg .delivered{fill:" + hex(SERIES_RGB[2]) + "}\n"
      + "@media print{body{margin:10mm}section{page-break-inside:auto}}\n";
}
