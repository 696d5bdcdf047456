package org.fundcheck.load;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.fundcheck.Drops;
import org.fundcheck.TestSpark;
import org.fundcheck.warehouse.Warehouse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One drop holding a row that breaks each row rule of inputs.md, and rows with each accepted variant,
 * loaded once: every rejected row is in the quarantine with its reason, every variant loads normalised,
 * and rows read = loaded + quarantined per file.
 */
class RowRulesTest {

  static final String HEAD_X = Drops.idEndingInX("630222", "19800101");
  static final String HEAD_2 = Drops.id("630222", "19750505", 2);
  static final String BAD_ID = Drops.withWrongCheck(Drops.id("630222", "19700101", 3));
  static final String PERSON_X = Drops.idEndingInX("630223", "19900909");

  static Warehouse warehouse;
  static Map<String, FileLoad> loads;
  /** Quarantine reasons by "file:line". */
  static Map<String, String> reasons;

  @BeforeAll
  static void loadOnce() throws Exception {
    Path root = Files.createTempDirectory("row-rules");
    Path drop = root.resolve("drop");
    Drops.write(drop, "units.csv", "\uFEFF" + """
        unit_code,unit_name,unit_type,parent_code
        630200,海东市,city,
        630222,民和县,county,630200
        630222001001,东垣村,village,630222001
        630222002,,township,630222
        630222003,某乡,district,630222
        630222,民和县重复,county,630200
        """);
    Drops.write(drop, "households.csv", """
        household_id,village_code,head_id_number,head_name,members,status,registered_on,exited_on,bank_account
        H001,630222001001,%s,刘䶮,4,registered,2016-03-01,,6228480000000000001
        H002,630222001001,%s,李某某,3,exited,2016/3/1,20181231,
        H003,630222001001,%s,张某某,2,registered,2016-03-01,,
        H004,630222001001,%s,赵某某,0,registered,2016-03-01,,
        H005,630222001001,%s,钱某某,2,exited,2016-03-01,,
        H006,630222001001,%s,孙某某,2,cancelled,2018-03-01,2017-01-01,
        H007,630222001001,%s,周某某,2,registered,2016-02-30,,
        H008,630222001001,%s,吴某某,2,registered,2016-03-01,,12345
        H009,630222001001,%s,郑某某,2
        """.formatted(HEAD_X.toLowerCase(), HEAD_2, BAD_ID, Drops.id("630222", "19600101", 4),
            Drops.id("630222", "19600101", 5), Drops.id("630222", "19600101", 6),
            Drops.id("630222", "19600101", 7), Drops.id("630222", "19600101", 8),
            Drops.id("630222", "19600101", 9)), Encodings.GB18030);
    Drops.write(drop, "projects.csv", """
        project_id,project_name,category,unit_code,village_code,start_date,end_date,budget,status
        P1,东垣村产业扶贫,industry,630222,630222001001,2018-01-01,2018-12-31,"120,000.00",completed
        P2,道路硬化,infrastructure,630222,,2018-06-01,2018-01-01,5000,planned
        P3,危房改造,housing,630222,,2018-01-01,2018-12-31,-1,planned
        """);
    Drops.write(drop, "allocations.csv", """
        allocation_id,project_id,source_level,doc_no,amount,allocated_on
        A1,P1,province,青财农〔2018〕12号,100000.00元,2018-01-15
        A2,P1,county,,0,2018-02-01
        A3,P1,township,,10.00,2018-02-01
        """);
    Drops.write(drop, "disbursements.csv", """
        payment_id,project_id,unit_code,payee_type,payee_id,payee_name,payee_account,amount,reversal_of,paid_on,voucher_no,purpose
        D1,P1,630222-FPB,household,H001,刘䶮,6228480000000000001,"12,345.60",,2018-05-01,V1,"产业补贴
        第二批"
        D2,P1,630222-FPB,household,H001,刘䶮,6228480000000000001,500元,,2018/6/1,V2,补贴
        D3,P1,630222-FPB,household,H001,刘䶮,6228480000000000001,-100.00,D1,20180610,V3,追回
        D4,P1,630222-FPB,household,H001,刘䶮,,-50.00,,2018-06-10,V4,
        D5,P1,630222-FPB,household,H001,刘䶮,,100.00,D1,2018-06-10,V5,
        D6,P1,630222-FPB,household,H001,刘䶮,,0,,2018-06-10,V6,
        D7,P1,630222-FPB,household,H001,刘䶮,,12.345,,2018-06-10,V7,
        D8,P1,630222-FPB,individual,%s,某人,,100.00,,2018-06-10,V8,
        D9,P1,630222-FPB,individual,%s,某人,,100.00,,2018-06-10,V9,
        D10,P1,630222-FPB,bank,H001,刘䶮,,100.00,,2018-06-10,V10,
        D1,P1,630222-FPB,household,H001,刘䶮,,200.00,,2018-07-01,V11,
        D12,P1,630222-FPB,household,,刘䶮,,200.00,,2018-07-01,V12,
        """.formatted(BAD_ID, PERSON_X.toLowerCase()));
    Drops.write(drop, "deliveries.csv", """
        delivery_id,project_id,household_id,amount,delivered_on,evidence,source
        L1,P1,H001,"12,245.60",2018-05-20,bank_credit,农商行
        L2,P1,,-5.00,2018-05-20,acceptance,验收组
        L3,P1,,5.00,2018-05-20,rumour,
        """);
    Drops.write(drop, "findings.csv", """
        finding_id,round,unit_code,category,description,project_id,household_id,amount,found_on,status,rectified_on,clue_transferred
        F1,2018-R3,630222,undelivered,补贴未落实,P1,,1000,2018-09-01,rectified,2018-10-01,TRUE
        F2,2018-R3,630222,undelivered,,,,,2018-09-01,rectified,,false
        F3,2018-R3,630222,undelivered,,,,,2018-09-01,rectified,2018-08-01,false
        F4,2018-R3,630222,undelivered,,,,,2018-09-01,open,,yes
        """);
    Drops.write(drop, "deaths.csv", """
        id_number,name,died_on,source
        %s,李某某,2017-05-03,民政
        """.formatted(HEAD_2));
    Drops.write(drop, "public_payroll.csv", """
        id_number,name,employer,on_payroll_since,on_payroll_until
        %s,王某,民和县教育局,2015-09-01,2015-08-31
        """.formatted(Drops.id("630222", "19850101", 10)));
    Drops.write(drop, "vehicles.csv", """
        plate_no,owner_id_number,vehicle_type,registered_on,deregistered_on
        青B12345,%s,car,2017-01-01,2016-01-01
        青B54321,%s,tractor,2017-01-01,
        """.formatted(HEAD_2, HEAD_2));
    Drops.write(drop, "companies.csv", """
        credit_code,company_name,legal_rep_id_number,registered_on,registered_capital
        91630222MA7000001X,民和某合作社,%s,2017-03-01,"500,000.00"
        """.formatted(HEAD_2));
    Drops.write(drop, "village_cadres.csv", """
        id_number,name,village_code,role,term_start,term_end
        %s,李某某,630222001001,村委会主任,2017-01-01,2016-12-31
        """.formatted(HEAD_2));

    warehouse = new Warehouse(TestSpark.session(), root.resolve("wh").toString());
    loads = new DropLoader(warehouse, Encodings.Choice.AUTO)
        .load(drop.toString(), "run-1", root.resolve("staging").toString()).stream()
        .collect(Collectors.toMap(FileLoad::file, f -> f, (a, b) -> a, TreeMap::new));
    reasons = new TreeMap<>();
    for (Row r : warehouse.read(Warehouse.QUARANTINE).collectAsList()) {
      reasons.put(r.<String>getAs("file") + ":" + r.<Long>getAs("line"), r.getAs("reason"));
    }
  }

  private static String reason(String file, int line) {
    return reasons.get(file + ":" + line);
  }

  private static Row silver(String file, String keyColumn, String key) {
    List<Row> rows = warehouse.read(Warehouse.silver(file)).filter(keyColumn + " = '" + key + "'").collectAsList();
    assertEquals(1, rows.size(), file + " " + key);
    return rows.get(0);
  }

  @Test
  void countsAddUpPerFile() {
    assertEquals(new FileLoad("units.csv", "UTF-8 (BOM)", loads.get("units.csv").sha256(), 6, 3, 3), loads.get("units.csv"));
    FileLoad households = loads.get("households.csv");
    assertEquals(List.of("GB18030", 9L, 2L, 7L),
        List.of(households.encoding(), households.read(), households.loaded(), households.quarantined()));
    FileLoad disbursements = loads.get("disbursements.csv");
    assertEquals(List.of(12L, 4L, 8L),
        List.of(disbursements.read(), disbursements.loaded(), disbursements.quarantined()));
    assertEquals(List.of(3L, 1L, 2L), counts("projects.csv"));
    assertEquals(List.of(3L, 1L, 2L), counts("allocations.csv"));
    assertEquals(List.of(3L, 1L, 2L), counts("deliveries.csv"));
    assertEquals(List.of(4L, 1L, 3L), counts("findings.csv"));
    assertEquals(List.of(2L, 1L, 1L), counts("vehicles.csv"));
    long quarantinedTotal = loads.values().stream().mapToLong(FileLoad::quarantined).sum();
    assertEquals(quarantinedTotal, reasons.size());
  }

  private static List<Long> counts(String file) {
    FileLoad f = loads.get(file);
    return List.of(f.read(), f.loaded(), f.quarantined());
  }

  @Test
  void requiredValuesEnumsAndDuplicateKeys() {
    assertEquals("missing required value: unit_name", reason("units.csv", 5));
    assertEquals("unit_type 'district' is not one of: city, county, township, village, department", reason("units.csv", 6));
    assertEquals("duplicate key unit_code=630222 (first at line 3)", reason("units.csv", 7));
    assertEquals("duplicate key payment_id=D1 (first at line 2)", reason("disbursements.csv", 13));
    assertEquals("missing required value: payee_id", reason("disbursements.csv", 14));
    assertEquals("payee_type 'bank' is not one of: household, company, individual", reason("disbursements.csv", 12));
    assertEquals("evidence 'rumour' is not one of: bank_credit, field_visit, acceptance, household_confirmation",
        reason("deliveries.csv", 4));
    assertEquals("clue_transferred 'yes' is not true or false", reason("findings.csv", 5));
  }

  @Test
  void badIdentityNumbersDatesAmountsAndPatterns() {
    String expectedCheck = Drops.id("630222", "19700101", 3).substring(17);
    assertEquals("head_id_number '" + BAD_ID + "' has a wrong check character (expected " + expectedCheck + ")",
        reason("households.csv", 4));
    assertEquals("payee_id '" + BAD_ID + "' has a wrong check character (expected " + expectedCheck
        + ") (payee_type is individual)", reason("disbursements.csv", 10));
    assertEquals("registered_on '2016-02-30' is not a date (yyyy-MM-dd, yyyy/M/d or yyyyMMdd)", reason("households.csv", 8));
    assertEquals("amount '12.345' is not an amount in yuan with at most 2 decimals", reason("disbursements.csv", 9));
    assertEquals("bank_account '12345' is not 16 to 19 digits", reason("households.csv", 9));
  }

  @Test
  void boundsSignsAndReversals() {
    assertEquals("members 0 must be ≥ 1", reason("households.csv", 5));
    assertEquals("budget -1 must be ≥ 0", reason("projects.csv", 4));
    assertEquals("amount 0 must be > 0", reason("allocations.csv", 3));
    assertEquals("amount -5.00 must be ≥ 0", reason("deliveries.csv", 3));
    assertEquals("amount must not be 0 (a reversal is negative and names reversal_of)", reason("disbursements.csv", 8));
    assertEquals("reversal_of is required when amount is negative", reason("disbursements.csv", 6));
    assertEquals("reversal_of must be empty when amount is positive", reason("disbursements.csv", 7));
    assertEquals("source_level 'township' is not one of: central, province, city, county", reason("allocations.csv", 4));
  }

  @Test
  void setWhenAndEndBeforeStart() {
    assertEquals("exited_on is required when status is exited", reason("households.csv", 6));
    assertEquals("exited_on 2017-01-01 is before registered_on 2018-03-01", reason("households.csv", 7));
    assertEquals("rectified_on is required when status is rectified", reason("findings.csv", 3));
    assertEquals("rectified_on 2018-08-01 is before found_on 2018-09-01", reason("findings.csv", 4));
    assertEquals("end_date 2018-01-01 is before start_date 2018-06-01", reason("projects.csv", 3));
    assertEquals("on_payroll_until 2015-08-31 is before on_payroll_since 2015-09-01", reason("public_payroll.csv", 2));
    assertEquals("deregistered_on 2016-01-01 is before registered_on 2017-01-01", reason("vehicles.csv", 2));
    assertEquals("term_end 2016-12-31 is before term_start 2017-01-01", reason("village_cadres.csv", 2));
  }

  @Test
  void wrongNumberOfFieldsKeepsTheRawLine() {
    assertEquals("wrong number of fields: expected 9, found 5", reason("households.csv", 10));
    Row q = warehouse.read(Warehouse.QUARANTINE).filter("file = 'households.csv' AND line = 10").first();
    assertEquals("H009,630222001001," + Drops.id("630222", "19600101", 9) + ",郑某某,2", q.getAs("raw_line"));
    assertEquals("run-1", q.getAs("run_id"));
  }

  @Test
  void acceptedVariantsLoadNormalised() {
    Row d1 = silver("disbursements", "payment_id", "D1");
    assertEquals(new BigDecimal("12345.60"), d1.getAs("amount"));
    assertEquals("产业补贴\n第二批", d1.getAs("purpose"));
    assertEquals(LocalDate.of(2018, 5, 1), d1.getAs("paid_on"));
    Row d2 = silver("disbursements", "payment_id", "D2");
    assertEquals(new BigDecimal("500.00"), d2.getAs("amount"));
    assertEquals(LocalDate.of(2018, 6, 1), d2.getAs("paid_on"));
    Row d3 = silver("disbursements", "payment_id", "D3");
    assertEquals(new BigDecimal("-100.00"), d3.getAs("amount"));
    assertEquals(LocalDate.of(2018, 6, 10), d3.getAs("paid_on"));
    assertEquals(PERSON_X, silver("disbursements", "payment_id", "D9").getAs("payee_id"));
    Row h1 = silver("households", "household_id", "H001");
    assertEquals(HEAD_X, h1.getAs("head_id_number"));
    assertEquals("刘䶮", h1.getAs("head_name"));
    Row h2 = silver("households", "household_id", "H002");
    assertEquals(LocalDate.of(2016, 3, 1), h2.getAs("registered_on"));
    assertEquals(LocalDate.of(2018, 12, 31), h2.getAs("exited_on"));
    assertEquals(new BigDecimal("100000.00"), silver("allocations", "allocation_id", "A1").getAs("amount"));
    assertEquals(new BigDecimal("120000.00"), silver("projects", "project_id", "P1").getAs("budget"));
    assertEquals(new BigDecimal("12245.60"), silver("deliveries", "delivery_id", "L1").getAs("amount"));
    assertEquals(Boolean.TRUE, silver("findings", "finding_id", "F1").getAs("clue_transferred"));
    assertEquals(new BigDecimal("500000.00"), silver("companies", "credit_code", "91630222MA7000001X").getAs("registered_capital"));
    assertEquals("disbursements.csv", d1.getAs(DropLoader.SOURCE_FILE));
    assertEquals(2L, (long) d1.getAs(DropLoader.SOURCE_LINE));
  }
}
