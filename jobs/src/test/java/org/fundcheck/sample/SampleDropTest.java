package org.fundcheck.sample;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.fundcheck.FundcheckException;
import org.fundcheck.schema.IdNumbers;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SampleDropTest {

  static final Path COMMITTED = Path.of("data-samples", "haidong-mini");
  static final int MINI_HOUSEHOLDS = 300;
  static final long MINI_SEED = 20190320L;

  static final Set<String> FILES = Set.of("units.csv", "households.csv", "household_members.csv", "projects.csv",
      "allocations.csv", "disbursements.csv", "deliveries.csv", "findings.csv", "deaths.csv",
      "public_payroll.csv", "vehicles.csv", "companies.csv", "village_cadres.csv");

  static final Set<String> RULE_CODES = Set.of("OVER_DISBURSED", "IDLE_FUNDS", "UNDELIVERED_HOUSEHOLD",
      "UNDELIVERED_PROJECT", "DECEASED_PAYEE", "PUBLIC_PAYROLL", "VEHICLE_OWNER", "COMPANY_OWNER",
      "UNREGISTERED_PAYEE", "DUPLICATE_PAYMENT", "SPLIT_PAYMENT", "SHARED_ACCOUNT", "ACCOUNT_MISMATCH",
      "CADRE_RELATIVE", "PAYMENT_OUT_OF_PERIOD");

  @TempDir static Path tmp;
  static Path mini;
  static SampleManifest miniManifest;

  @BeforeAll
  static void generateMini() throws IOException {
    mini = tmp.resolve("mini");
    miniManifest = SampleDrop.write(mini, MINI_HOUSEHOLDS, MINI_SEED);
  }

  @Test
  void committedSampleIsExactlyWhatTheGeneratorWrites() throws IOException {
    List<String> names = fileNames(mini);
    assertEquals(fileNames(COMMITTED), names);
    for (String name : names) {
      assertArrayEquals(Files.readAllBytes(mini.resolve(name)), Files.readAllBytes(COMMITTED.resolve(name)),
          "data-samples/haidong-mini/" + name + " drifted from the generator; regenerate it");
    }
  }

  @Test
  void sameScaleAndSeedGiveTheSameBytesAndAnotherSeedDoesNot() throws IOException {
    Path again = tmp.resolve("again");
    Path other = tmp.resolve("other");
    SampleDrop.write(again, MINI_HOUSEHOLDS, MINI_SEED);
    SampleDrop.write(other, MINI_HOUSEHOLDS, MINI_SEED + 1);
    for (String name : fileNames(mini)) {
      assertArrayEquals(Files.readAllBytes(mini.resolve(name)), Files.readAllBytes(again.resolve(name)), name);
    }
    assertFalse(java.util.Arrays.equals(Files.readAllBytes(mini.resolve("disbursements.csv")),
        Files.readAllBytes(other.resolve("disbursements.csv"))));
  }

  @Test
  void everyFileHasTheContractHeaderAndTheManifestCountsItsRows() throws IOException {
    assertEquals(FILES, miniManifest.files().keySet());
    assertEquals(List.of("household_id", "village_code", "head_id_number", "head_name", "members", "status",
        "registered_on", "exited_on", "bank_account"), CsvRecords.read(mini.resolve("households.csv")).header);
    assertEquals(List.of("payment_id", "project_id", "unit_code", "payee_type", "payee_id", "payee_name",
        "payee_account", "amount", "reversal_of", "paid_on", "voucher_no", "purpose"),
        CsvRecords.read(mini.resolve("disbursements.csv")).header);
    for (var e : miniManifest.files().entrySet()) {
      assertEquals(e.getValue().rows(), CsvRecords.read(mini.resolve(e.getKey())).rows.size(), e.getKey());
    }
    assertEquals("gb18030", miniManifest.files().get("households.csv").encoding());
    assertEquals("utf-8-bom", miniManifest.files().get("projects.csv").encoding());
    byte[] projects = Files.readAllBytes(mini.resolve("projects.csv"));
    assertArrayEquals(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, java.util.Arrays.copyOf(projects, 3));
    byte[] liuYan = "刘䶮".getBytes(java.nio.charset.Charset.forName("GB18030"));
    assertTrue(indexOf(Files.readAllBytes(mini.resolve("households.csv")), liuYan) > 0);
  }

  @Test
  void everyIdentityNumberIsValidExceptThePlantedBadIds() throws IOException {
    Map<String, List<String>> idColumns = new TreeMap<>(Map.of(
        "households.csv", List.of("head_id_number"),
        "household_members.csv", List.of("id_number"),
        "deaths.csv", List.of("id_number"),
        "public_payroll.csv", List.of("id_number"),
        "vehicles.csv", List.of("owner_id_number"),
        "companies.csv", List.of("legal_rep_id_number"),
        "village_cadres.csv", List.of("id_number")));
    Set<String> invalid = new TreeSet<>();
    int checked = 0;
    for (var e : idColumns.entrySet()) {
      CsvRecords csv = CsvRecords.read(mini.resolve(e.getKey()));
      int col = csv.column(e.getValue().get(0));
      for (CsvRecords.Rec r : csv.rows) {
        checked++;
        if (!IdNumbers.isValid(r.fields().get(col))) {
          invalid.add(e.getKey() + ":" + r.line());
        }
      }
    }
    CsvRecords pay = CsvRecords.read(mini.resolve("disbursements.csv"));
    for (CsvRecords.Rec r : pay.rows) {
      if (r.fields().size() == pay.header.size() && r.fields().get(pay.column("payee_type")).equals("individual")) {
        checked++;
        if (!IdNumbers.isValid(r.fields().get(pay.column("payee_id")))) {
          invalid.add("disbursements.csv:" + r.line());
        }
      }
    }
    Set<String> planted = new TreeSet<>();
    for (SampleManifest.Fault f : miniManifest.faults()) {
      if (f.reason().equals("bad_id")) {
        planted.add(f.file() + ":" + f.line());
      }
    }
    assertTrue(checked > 1000, "checked " + checked);
    assertEquals(planted, invalid);
  }

  @Test
  void everyRuleIsPlantedWithEveryStatus() {
    assertEquals(RULE_CODES, miniManifest.plantedByRule().keySet());
    for (long n : miniManifest.plantedByRule().values()) {
      assertEquals(2L, n);
    }
    Set<String> statuses = new TreeSet<>();
    for (SampleManifest.Planted p : miniManifest.planted()) {
      statuses.add(p.status());
      assertTrue(p.amountAtStake().matches("[0-9]+\\.[0-9]{2}"), p.amountAtStake());
      assertEquals(p.status().equals("new"), p.findingId() == null, p.toString());
    }
    assertEquals(Set.of("new", "known", "rectification_failed"), statuses);
    Set<String> reasons = new TreeSet<>();
    miniManifest.faults().forEach(f -> reasons.add(f.reason()));
    assertEquals(Set.of("bad_account", "bad_amount", "bad_bool", "bad_date", "bad_enum", "bad_id",
        "duplicate_key", "end_before_start", "field_count", "missing_required", "out_of_range",
        "reversal_missing", "reversal_on_positive", "set_when", "zero_amount"), reasons);
    Set<String> kinds = new TreeSet<>();
    miniManifest.variants().forEach(v -> kinds.add(v.variant()));
    assertEquals(Set.of("date_compact", "date_slashed", "gb18030_rare_char", "lowercase_x", "quoted_line_break",
        "thousands_separator", "yuan_suffix"), kinds);
  }

  @Test
  void faultAndVariantLinesPointAtTheRecordsWritten() throws IOException {
    for (SampleManifest.Fault f : miniManifest.faults()) {
      assertTrue(lineStarts(f.file()).contains(f.line()), f.toString());
    }
    for (SampleManifest.Variant v : miniManifest.variants()) {
      assertTrue(lineStarts(v.file()).contains(v.line()), v.toString());
    }
    long quarantined = miniManifest.files().values().stream().mapToLong(SampleManifest.FileEntry::quarantined).sum();
    assertEquals(miniManifest.faults().size(), quarantined);
    CsvRecords pay = CsvRecords.read(mini.resolve("disbursements.csv"));
    for (SampleManifest.Variant v : miniManifest.variants()) {
      if (v.variant().equals("thousands_separator")) {
        assertEquals("1,250.00", record(pay, v.line()).get(pay.column("amount")));
      }
      if (v.variant().equals("quoted_line_break")) {
        assertTrue(record(pay, v.line()).get(pay.column("purpose")).contains("\n"));
      }
    }
  }

  @Test
  void manifestReadsBackAsWritten() throws IOException {
    assertEquals(miniManifest, SampleManifest.read(mini.resolve("manifest.json")));
    assertEquals("2019-03-20", miniManifest.asOf());
    assertEquals(MINI_HOUSEHOLDS, miniManifest.scale());
  }

  @Test
  void twentyThousandHouseholdsStreamWithCountsThatAddUp() throws IOException {
    Path big = tmp.resolve("big");
    long before = usedHeap();
    SampleManifest m = SampleDrop.write(big, 20_000, 99L);
    long households = CsvRecords.read(big.resolve("households.csv")).rows.size();
    long faultRows = m.faults().stream().filter(f -> f.file().equals("households.csv")).count();
    // one household row per household, plus the rejected ones
    assertEquals(20_000 + faultRows, households);
    assertEquals(households, m.files().get("households.csv").rows());
    for (long n : m.plantedByRule().values()) {
      assertEquals(22L, n);
    }
    assertTrue(m.files().get("disbursements.csv").rows() > 10L * 20_000, m.files().toString());
    assertTrue(usedHeap() - before < 256L << 20, "heap grew by " + ((usedHeap() - before) >> 20) + " MB");
  }

  @Test
  void refusesADropTooSmallToPlantEveryRule() {
    FundcheckException e = assertThrows(FundcheckException.class, () -> SampleDrop.write(tmp.resolve("tiny"), 50, 1));
    assertEquals("cannot write a sample drop of 50 households: planting every rule with its near misses needs at"
        + " least 200 households; give --scale 200 or more", e.getMessage());
  }

  @Test
  void theNightlyIncrementPaysBaselineHouseholdsOnceMoreTheNextDay() throws IOException {
    Path next = tmp.resolve("mini-next");
    SampleManifest inc = SampleDrop.writeIncrement(next, MINI_HOUSEHOLDS, MINI_SEED, 1);
    assertEquals(List.of("allocations.csv", "deliveries.csv", "disbursements.csv", "manifest.json"), fileNames(next));
    assertEquals("2019-03-21", inc.asOf());
    // 1% of the drop's 3,153 payment rows
    assertEquals(new SampleManifest.Increment(1.0, "2019-03-20", 31), inc.increment());
    assertEquals(List.of(), inc.faults());
    assertEquals(List.of(), inc.variants());
    // one day later every planted clue has the same amount, status and finding
    assertEquals(miniManifest.planted(), inc.planted());
    assertEquals(inc, SampleManifest.read(next.resolve("manifest.json")));

    CsvRecords drop = CsvRecords.read(mini.resolve("disbursements.csv"));
    Set<String> dropIds = new TreeSet<>();
    drop.rows.forEach(r -> dropIds.add(r.fields().get(0)));
    CsvRecords registry = CsvRecords.read(mini.resolve("households.csv"));
    Map<String, List<String>> households = new TreeMap<>();
    registry.rows.forEach(r -> households.putIfAbsent(r.fields().get(0), r.fields()));

    CsvRecords pays = CsvRecords.read(next.resolve("disbursements.csv"));
    assertEquals(31, pays.rows.size());
    assertEquals(31, inc.files().get("disbursements.csv").rows());
    Map<String, java.math.BigDecimal> paidByProject = new TreeMap<>();
    Set<String> payees = new TreeSet<>();
    Map<String, String> paymentKeyAmount = new TreeMap<>();
    for (CsvRecords.Rec r : pays.rows) {
      List<String> f = r.fields();
      assertFalse(dropIds.contains(f.get(0)), "payment id " + f.get(0) + " is already in the drop");
      assertTrue(f.get(0).compareTo("FK0000003142") > 0, f.get(0));
      assertEquals("household", f.get(pays.column("payee_type")));
      assertEquals("2019-03-21", f.get(pays.column("paid_on")));
      assertEquals("", f.get(pays.column("reversal_of")));
      List<String> h = households.get(f.get(pays.column("payee_id")));
      assertTrue(h != null && !h.get(registry.column("status")).equals("cancelled"), f.toString());
      assertEquals(h.get(registry.column("bank_account")), f.get(pays.column("payee_account")));
      assertEquals(h.get(registry.column("head_name")), f.get(pays.column("payee_name")));
      assertTrue(payees.add(f.get(pays.column("payee_id"))), "paid twice: " + f);
      paidByProject.merge(f.get(pays.column("project_id")), new java.math.BigDecimal(f.get(pays.column("amount"))),
          java.math.BigDecimal::add);
      paymentKeyAmount.put(f.get(pays.column("project_id")) + "|" + f.get(pays.column("payee_id")),
          f.get(pays.column("amount")));
    }

    // each project paid gets one county allocation covering its new payments, rounded up to 100 yuan
    CsvRecords allocs = CsvRecords.read(next.resolve("allocations.csv"));
    Map<String, java.math.BigDecimal> allocated = new TreeMap<>();
    for (CsvRecords.Rec r : allocs.rows) {
      List<String> f = r.fields();
      assertEquals("county", f.get(allocs.column("source_level")));
      assertEquals("2019-03-21", f.get(allocs.column("allocated_on")));
      assertEquals(null, allocated.put(f.get(allocs.column("project_id")), new java.math.BigDecimal(f.get(allocs.column("amount")))));
    }
    assertEquals(paidByProject.keySet(), allocated.keySet());
    paidByProject.forEach((project, paid) -> assertEquals(
        paid.divide(java.math.BigDecimal.valueOf(100), 0, java.math.RoundingMode.CEILING).multiply(java.math.BigDecimal.valueOf(100)),
        allocated.get(project).stripTrailingZeros().setScale(0), project));

    // deliveries arrived the same day, each for one new payment in full
    CsvRecords delivered = CsvRecords.read(next.resolve("deliveries.csv"));
    assertEquals(9, delivered.rows.size());
    for (CsvRecords.Rec r : delivered.rows) {
      List<String> f = r.fields();
      assertEquals("2019-03-21", f.get(delivered.column("delivered_on")));
      assertEquals(paymentKeyAmount.get(f.get(delivered.column("project_id")) + "|" + f.get(delivered.column("household_id"))),
          f.get(delivered.column("amount")));
    }

    Path again = tmp.resolve("mini-next-again");
    SampleDrop.writeIncrement(again, MINI_HOUSEHOLDS, MINI_SEED, 1);
    for (String name : fileNames(next)) {
      assertArrayEquals(Files.readAllBytes(next.resolve(name)), Files.readAllBytes(again.resolve(name)), name);
    }
  }

  @Test
  void refusesAnIncrementOutsideZeroToAHundredPercent() {
    FundcheckException e = assertThrows(FundcheckException.class,
        () -> SampleDrop.writeIncrement(tmp.resolve("none"), MINI_HOUSEHOLDS, MINI_SEED, 0));
    assertEquals("--increment 0 is not a share of the drop's payments; give a percentage above 0 and at most 100,"
        + " e.g. --increment 1", e.getMessage());
  }

  private static long usedHeap() {
    Runtime r = Runtime.getRuntime();
    System.gc();
    return r.totalMemory() - r.freeMemory();
  }

  private final Map<String, Set<Long>> lineStarts = new TreeMap<>();

  private Set<Long> lineStarts(String file) throws IOException {
    Set<Long> lines = lineStarts.get(file);
    if (lines == null) {
      lines = new TreeSet<>();
      for (CsvRecords.Rec r : CsvRecords.read(mini.resolve(file)).rows) {
        lines.add(r.line());
      }
      lineStarts.put(file, lines);
    }
    return lines;
  }

  private static List<String> record(CsvRecords csv, long line) {
    return csv.rows.stream().filter(r -> r.line() == line).findFirst().orElseThrow().fields();
  }

  private static List<String> fileNames(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      List<String> names = new ArrayList<>();
      s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".csv") || n.equals("manifest.json"))
          .sorted().forEach(names::add);
      return names;
    }
  }

  private static int indexOf(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= hay.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
