package org.fundcheck.report.dossier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.fundcheck.report.dossier.Dossier.ClueLine;
import org.fundcheck.report.dossier.Dossier.FindingLine;
import org.fundcheck.report.dossier.Dossier.ProjectLine;
import org.junit.jupiter.api.Test;

/** The dossier's headline arithmetic and its page, on a two-project village built in code. */
class DossierPageTest {

  private static final LocalDate AS_OF = LocalDate.parse("2019-03-20");

  /** The road gets twice the money of the goats; the goat project's name tries to inject markup. */
  private static final ProjectLine ROAD = new ProjectLine("XM-ROAD", "韩园村产业路", "630202-JTJ", "交通运输局",
      money("200000.00"), money("150000.50"), money("100000.00"), money("49999.50"), money("50000.50"));
  private static final ProjectLine GOATS = new ProjectLine("XM-GOAT", "<b>养殖</b>", "630202101", "碾伯镇",
      money("100000.00"), money("100000.00"), money("0.00"), money("0.00"), money("100000.00"));

  private static final ClueLine FAILED = clue("C-1", "rectification_failed", "12250.00", "F-1");
  private static final ClueLine NEW = clue("C-2", "new", "500.25", null);
  private static final ClueLine GONE = clue("C-3", "resolved", "9999.00", null);

  private static final FindingLine CONTRADICTED = finding("F-1", List.of("C-1"), "12250.00");
  private static final FindingLine CLEAN = finding("F-2", List.of(), "0.00");

  private static Dossier village(List<ClueLine> clues) {
    return new Dossier("630202101201", "韩园村", AS_OF, false, List.of(ROAD, GOATS), clues, List.of(),
        List.of(CONTRADICTED, CLEAN));
  }

  @Test
  void theHeadlineAddsTheLedgersAndTheCluesStillShown() {
    Dossier d = village(List.of(FAILED, NEW, GONE));
    assertEquals(money("300000.00"), d.allocated());
    assertEquals(money("250000.50"), d.disbursed());
    assertEquals(money("100000.00"), d.delivered());
    assertEquals(money("49999.50"), d.undisbursed());
    assertEquals(money("150000.50"), d.undelivered());
    // The resolved clue's money is no longer at stake.
    assertEquals(money("12750.25"), d.moneyAtStake());
    assertEquals(Map.of("rectification_failed", 1L, "new", 1L, "known", 0L, "resolved", 1L), d.cluesByStatus());
    assertEquals(List.of("rectification_failed", "new", "known", "resolved"), List.copyOf(d.cluesByStatus().keySet()));
    assertEquals(List.of(CONTRADICTED), d.contradictedFindings());
  }

  @Test
  void moneyIsShownToTheFenWithThousandsSeparators() {
    assertEquals("1,234,567.50", Labels.money(new BigDecimal("1234567.5")));
    assertEquals("-48,774.70", Labels.money(new BigDecimal("-48774.70")));
    assertEquals("0.00", Labels.money(BigDecimal.ZERO));
    assertEquals("", Labels.money(null));
  }

  @Test
  void thePageDrawsThreeBarsPerProjectOnOneScale() {
    String html = DossierPage.render(village(List.of(FAILED, NEW)));
    Matcher bar = Pattern.compile("<rect class=\"bar (\\w+)\" x=\"300\" y=\"(\\d+)\" width=\"([0-9.]+)\"").matcher(html);
    StringBuilder bars = new StringBuilder();
    while (bar.find()) {
      bars.append(bar.group(1)).append('@').append(bar.group(2)).append('=').append(bar.group(3)).append(' ');
    }
    // The largest amount (the road's 200,000 allocated) spans the whole plot, 840 px.
    assertEquals("allocated@40=840.0 disbursed@49=630.0 delivered@58=420.0 "
        + "allocated@77=420.0 disbursed@86=420.0 delivered@95=0.0 ", bars.toString());
    assertTrue(html.contains("&lt;b&gt;养殖&lt;/b&gt;"));
    assertFalse(html.contains("<b>养殖</b>"));
    assertFalse(html.contains("<script"), "the page runs no script");
    Matcher address = Pattern.compile("(?:https?:)?//[^\"\\s<]+|src=|href=").matcher(html);
    List<String> addresses = new java.util.ArrayList<>();
    while (address.find()) {
      addresses.add(address.group());
    }
    // The SVG namespace is a name, not something fetched: the page refers to nothing outside itself.
    assertEquals(List.of("http://www.w3.org/2000/svg"), addresses);
    assertTrue(html.contains("<p class=\"lookback\">回头看：以往轮次发现问题 2 个，其中 1 个数据显示整改不实，进驻后先核查这些问题的整改。</p>"));
    assertTrue(html.contains("<td class=\"money\">12,250.00</td>"));
  }

  @Test
  void aUnitWithoutCluesIsToldSoAndAnUnmaskedPackSaysToKeepItSecret() {
    String quiet = DossierPage.render(village(List.of()));
    assertTrue(quiet.contains("<p class=\"none\">本单位及下属单位暂无线索。</p>"));
    assertFalse(quiet.contains("前五条线索"));
    Dossier open = new Dossier("630202101201", "韩园村", AS_OF, true, List.of(), List.of(), List.of(), List.of());
    String html = DossierPage.render(open);
    assertTrue(html.contains("<strong>未脱敏，注意保密</strong>"));
    assertTrue(html.contains("<p class=\"none\">本单位及下属单位没有项目资金记录。</p>"));
    assertTrue(html.contains("<p>以往轮次未对本单位及下属单位发现问题。</p>"));
  }

  private static BigDecimal money(String s) {
    return new BigDecimal(s);
  }

  private static ClueLine clue(String id, String status, String amount, String findingId) {
    return new ClueLine(id, "VEHICLE_OWNER", "ineligible_beneficiary", status, "630202101", "碾伯镇", "household",
        "630202101201-048", null, "630202101201-048", money(amount), money("1.00"), findingId, AS_OF, AS_OF,
        "成员名下小汽车");
  }

  private static FindingLine finding(String id, List<String> failed, String failedAmount) {
    return new FindingLine(id, "2018-R3", "630202101", "碾伯镇", "ineligible_beneficiary", "有车户享受补助",
        null, null, null, LocalDate.parse("2018-06-01"), "rectified", LocalDate.parse("2018-09-01"), false, failed,
        money(failedAmount));
  }
}
