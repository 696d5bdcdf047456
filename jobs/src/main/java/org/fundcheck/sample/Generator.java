package org.fundcheck.sample;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.IntPredicate;
import org.fundcheck.schema.IdNumbers;

/**
 * Streams one synthetic drop: counties, townships and villages one after the other, each village's
 * households with their payments and deliveries written as they are made; only the current village's
 * project totals, the planted clues and the findings written about them are kept. See {@link SampleDrop}
 * for the invariants that keep the baseline clean.
 */
final class Generator implements AutoCloseable {

  static final int AS_OF = Values.day(2019, 3, 20);
  /** Payments after this day are inside the delivery grace period (delivery_grace_days = 30). */
  static final int GRACE_CUT = AS_OF - 30;
  /** Allocations on or before this day are old enough for IDLE_FUNDS (idle_days = 180). */
  static final int IDLE_CUT = AS_OF - 180;

  private static final int BIRTH0 = Values.day(1950, 1, 1);
  /** Registry and planted people get numbers from a counter: seq 800-899, a birth day stepped by a prime. */
  private static final int SPECIAL_DAYS = 16381;

  enum Kind {
    OVER_DISBURSED("over_disbursed"),
    IDLE_FUNDS("idle_funds"),
    UNDELIVERED_HOUSEHOLD("undelivered"),
    UNDELIVERED_PROJECT("undelivered"),
    DECEASED_PAYEE("ineligible_beneficiary"),
    PUBLIC_PAYROLL("ineligible_beneficiary"),
    VEHICLE_OWNER("ineligible_beneficiary"),
    COMPANY_OWNER("ineligible_beneficiary"),
    UNREGISTERED_PAYEE("ineligible_beneficiary"),
    DUPLICATE_PAYMENT("duplicate_payment"),
    SPLIT_PAYMENT("duplicate_payment"),
    SHARED_ACCOUNT("account_irregularity"),
    ACCOUNT_MISMATCH("account_irregularity"),
    CADRE_RELATIVE("favoritism"),
    PAYMENT_OUT_OF_PERIOD("timing"),
    // near misses that must not fire
    EXITED_PAID(null),
    TRACTOR(null),
    CAR_GONE(null),
    REVERSED(null),
    SHARE2(null),
    SMALL_GAP(null),
    GRACE(null),
    PAYROLL_ENDED(null),
    OTHER_CADRE(null),
    MEMBER_DIED(null),
    COMPANY_LATER(null),
    DUP_11(null),
    RECOVERED(null),
    FAULTS(null),
    VARIANTS(null);

    final String category;

    Kind(String category) {
      this.category = category;
    }

    boolean isRule() {
      return category != null;
    }
  }

  static final class Person {
    final String id;
    String name;
    final String relation;

    Person(String id, String name, String relation) {
      this.id = id;
      this.name = name;
      this.relation = relation;
    }
  }

  static final class Village {
    String code;
    String name;
    String township;
    String county;
    int countyIndex;
    final ProjectAcc[] projects = new ProjectAcc[5];
    final int[] sDay = new int[6];
    final String[] sVoucher = new String[6];
    final int[] eDay = new int[3];
    final String[] eVoucher = new String[3];
    final String[] mVoucher = new String[12];
    final int[] hDay = new int[2];
    int ghosts;
    boolean allocationVariant;
  }

  static final class Household {
    String id;
    Village village;
    final List<Person> members = new ArrayList<>(6);
    String status = "registered";
    int registeredOn;
    int exitedOn = -1;
    String account;
    int children;
    boolean monthly;
    boolean housing;
    boolean health;
    int healthDay;
    long healthFen;
    long housingFen;
    final long[] sFen = new long[3];

    Person head() {
      return members.get(0);
    }
  }

  static final class ProjectAcc {
    String id;
    String name;
    String category;
    String unit;
    String village;
    int start;
    int end;
    String status;
    long budgetFen = -1;
    int allocDay;
    long netFen;
    boolean used;
  }

  static final class Pay {
    String id;
    ProjectAcc project;
    String unit;
    String payeeType;
    String payeeId;
    String payeeName;
    String account;
    long fen;
    String reversalOf;
    int day;
    String voucher;
    String purpose;
    long deliverFen = -1;
    int deliverDay;
    String evidence;
    String source;
    String deliverHousehold;
    String amountText;
    String amountVariant;
    String deliverDateText;
    String deliverVariant;
    long net;

    boolean isReversal() {
      return reversalOf != null;
    }
  }

  record Alloc(String level, long fen, int day) {}

  static final class Clue {
    Kind rule;
    String entityType;
    String entityId;
    String projectId;
    String householdId;
    String unit;
    long fen;
    int evidence = Integer.MAX_VALUE;
    String note;
    /** The village the anomaly sits in, for findings written one level below. */
    String villageCode;
    final TreeMap<String, Long> byUnit = new TreeMap<>();
  }

  record PlantedFinding(String id, String unit, String category, String projectId, String householdId,
      int found, String status, int rectified) {}

  private final SplittableRandom rng;
  private final int households;
  private final long seed;
  private final Increment increment;
  private final Map<String, CsvSink> sinks = new LinkedHashMap<>();
  private final CsvSink units, householdsOut, members, projects, allocations, disbursements, deliveries,
      findings, deaths, payroll, vehicles, companies, cadres;

  private final Kind[] slotKind;
  private final int[] slotAt;
  private int nextSlot;
  private int householdIndex;

  private long paySeq, deliverySeq, allocationSeq, projectSeq, findingSeq, voucherSeq, specialSeq, accountSeq,
      plateSeq, companySeq, docSeq;
  private int plantCounter;
  private final List<Clue> clues = new ArrayList<>();
  private final List<PlantedFinding> plantedFindings = new ArrayList<>();
  private final List<SampleManifest.Fault> faults = new ArrayList<>();
  private final List<SampleManifest.Variant> variants = new ArrayList<>();
  private String lastProjectId = "";

  /** The account shared by the next households, while a SHARED_ACCOUNT or SHARE2 slot is in progress. */
  private Clue shared;
  private String sharedAccount;
  private int sharedLeft;

  Generator(Path dir, int households, long seed) throws IOException {
    this(dir, households, seed, null);
  }

  /**
   * @param increment null to write the drop to {@code dir}; else the drop is only replayed (its files
   *     discarded) and {@link #writeIncrement} writes the nightly increment on top of it to {@code dir}
   */
  Generator(Path dir, int households, long seed, Increment increment) throws IOException {
    this.rng = new SplittableRandom(seed);
    this.households = households;
    this.seed = seed;
    this.increment = increment;
    Charset utf8 = StandardCharsets.UTF_8;
    units = open(dir, "units.csv", utf8, false, "unit_code", "unit_name", "unit_type", "parent_code");
    householdsOut = open(dir, "households.csv", Charset.forName("GB18030"), false, "household_id",
        "village_code", "head_id_number", "head_name", "members", "status", "registered_on", "exited_on",
        "bank_account");
    members = open(dir, "household_members.csv", utf8, false, "household_id", "id_number", "name", "relation");
    projects = open(dir, "projects.csv", utf8, true, "project_id", "project_name", "category", "unit_code",
        "village_code", "start_date", "end_date", "budget", "status");
    allocations = open(dir, "allocations.csv", utf8, false, "allocation_id", "project_id", "source_level",
        "doc_no", "amount", "allocated_on");
    disbursements = open(dir, "disbursements.csv", utf8, false, "payment_id", "project_id", "unit_code",
        "payee_type", "payee_id", "payee_name", "payee_account", "amount", "reversal_of", "paid_on",
        "voucher_no", "purpose");
    deliveries = open(dir, "deliveries.csv", utf8, false, "delivery_id", "project_id", "household_id", "amount",
        "delivered_on", "evidence", "source");
    findings = open(dir, "findings.csv", utf8, false, "finding_id", "round", "unit_code", "category",
        "description", "project_id", "household_id", "amount", "found_on", "status", "rectified_on",
        "clue_transferred");
    deaths = open(dir, "deaths.csv", utf8, false, "id_number", "name", "died_on", "source");
    payroll = open(dir, "public_payroll.csv", utf8, false, "id_number", "name", "employer", "on_payroll_since",
        "on_payroll_until");
    vehicles = open(dir, "vehicles.csv", utf8, false, "plate_no", "owner_id_number", "vehicle_type",
        "registered_on", "deregistered_on");
    companies = open(dir, "companies.csv", utf8, false, "credit_code", "company_name", "legal_rep_id_number",
        "registered_on", "registered_capital");
    cadres = open(dir, "village_cadres.csv", utf8, false, "id_number", "name", "village_code", "role",
        "term_start", "term_end");

    List<Kind> order = slotOrder(households);
    slotKind = order.toArray(new Kind[0]);
    if ((long) slotKind.length * 4 > households) {
      // a SHARED_ACCOUNT slot takes the two households after it, which must not be slots themselves
      throw new IllegalStateException(slotKind.length + " slots do not fit in " + households + " households");
    }
    slotAt = new int[slotKind.length];
    for (int j = 0; j < slotKind.length; j++) {
      slotAt[j] = (int) ((long) j * households / slotKind.length) + 1;
    }
  }

  /** How many slots a drop of {@code households} needs; each slot takes a household and the SHARED ones two more. */
  static List<Kind> slotOrder(int households) {
    int perRule = 2 + households / 1000;
    int perEdge = 1 + households / 2000;
    int faultBatches = 1 + households / 100_000;
    List<Kind> order = new ArrayList<>();
    int rounds = Math.max(perRule, Math.max(perEdge, faultBatches));
    for (int i = 0; i < rounds; i++) {
      if (i == 0) {
        order.add(Kind.VARIANTS);
      }
      for (Kind k : Kind.values()) {
        if (k.isRule() && i < perRule) {
          order.add(k);
        } else if (!k.isRule() && k != Kind.FAULTS && k != Kind.VARIANTS && i < perEdge) {
          order.add(k);
        } else if (k == Kind.FAULTS && i < faultBatches) {
          order.add(k);
        }
      }
    }
    return order;
  }

  private CsvSink open(Path dir, String name, Charset cs, boolean bom, String... header) throws IOException {
    String label = cs.equals(StandardCharsets.UTF_8) ? (bom ? "utf-8-bom" : "utf-8") : "gb18030";
    CsvSink s = increment != null ? CsvSink.discarding(name, label) : CsvSink.open(dir, name, cs, bom, label, header);
    sinks.put(name, s);
    return s;
  }

  // ---------------------------------------------------------------- the region

  void run() throws IOException {
    units.f(Names.CITY_CODE).f(Names.CITY_NAME).f("city").f("").end();
    for (int c = 0; c < 6; c++) {
      int quota = households / 6 + (c < households % 6 ? 1 : 0);
      String county = Names.COUNTY_CODES.get(c);
      String countyName = Names.COUNTY_NAMES.get(c);
      units.f(county).f(countyName).f("county").f(Names.CITY_CODE).end();
      for (String[] d : DEPARTMENTS) {
        units.f(county + "-" + d[0]).q(countyName + d[1]).f("department").f(county).end();
      }
      countyFindings(county, countyName);
      int t = 0;
      while (quota > 0) {
        String township = county + Values.pad(101 + t, 3);
        String townshipName = Names.township(c, t, rng);
        units.f(township).q(townshipName).f("township").f(county).end();
        int villages = 8 + rng.nextInt(9);
        for (int vi = 0; vi < villages && quota > 0; vi++) {
          int size = 40 + rng.nextInt(121);
          if (quota - size < 40) {
            size = quota;
          }
          Village v = new Village();
          v.code = township + Values.pad(201 + vi, 3);
          v.name = Names.village(rng);
          v.township = township;
          v.county = county;
          v.countyIndex = c;
          units.f(v.code).q(v.name).f("village").f(township).end();
          village(v, size);
          quota -= size;
        }
        t++;
      }
    }
    if (nextSlot != slotKind.length || sharedLeft > 0) {
      throw new IllegalStateException("slots left unplaced: " + (slotKind.length - nextSlot));
    }
  }

  static final String[][] DEPARTMENTS = {
    {"FPB", "扶贫开发局"}, {"JYJ", "教育局"}, {"JTJ", "交通运输局"}, {"NYJ", "农牧局"}, {"ZJJ", "住房和城乡建设局"},
    {"WJJ", "卫生健康局"}
  };

  private void countyFindings(String county, String countyName) throws IOException {
    int found = Values.day(2017, 5, 10) + rng.nextInt(400);
    writeFinding(round(found), county, "other", countyName + "扶贫项目库动态管理不到位，部分项目入库论证不充分", null, null,
        -1, found, "rectified", found + 60 + rng.nextInt(90), false);
    found = Values.day(2018, 4, 1) + rng.nextInt(200);
    writeFinding(round(found), county + "-FPB", "other", "扶贫资金公告公示不及时、不规范", null, null, -1, found,
        "long_term", -1, false);
  }

  private void village(Village v, int size) throws IOException {
    for (int r = 0; r < 6; r++) {
      int year = 2016 + r / 2;
      v.sDay[r] = Values.day(year, r % 2 == 0 ? 6 : 12, 5 + rng.nextInt(10));
      v.sVoucher[r] = voucher(v.sDay[r]);
    }
    for (int y = 0; y < 3; y++) {
      v.eDay[y] = Values.day(2016 + y, 9, 10 + rng.nextInt(10));
      v.eVoucher[y] = voucher(v.eDay[y]);
    }
    for (int m = 0; m < 12; m++) {
      v.mVoucher[m] = voucher(Values.day(2018, m + 1, 15));
    }
    v.hDay[0] = Values.day(2017, 5, 1 + rng.nextInt(28));
    v.hDay[1] = Values.day(2017, 10, 1 + rng.nextInt(28));
    villageCadres(v);
    for (int seq = 1; seq <= size; seq++) {
      household(v, seq);
    }
    for (ProjectAcc p : v.projects) {
      if (p != null && p.used) {
        List<Alloc> allocs = defaultAllocs(p);
        writeProject(p, allocs, v.allocationVariant && p == v.projects[0]);
      }
    }
    if (rng.nextInt(3) == 0) {
      infrastructure(v);
    }
    // other departments' registries: people who never appear in a paid household
    String who = specialId(v.county);
    int since = Values.day(2009, 9, 1) + rng.nextInt(2500);
    payroll.f(who).q(Names.person(rng)).q(Names.pick(EMPLOYERS, rng)).f(Values.iso(since)).f("").end();
    for (int i = 0; i < 2; i++) {
      int reg = Values.day(2012, 1, 1) + rng.nextInt(2400);
      vehicles.f(plate()).f(specialId(v.county)).f(Names.pick(VEHICLE_TYPES, rng)).f(Values.iso(reg)).f("").end();
    }
    int died = Values.day(2016, 1, 1) + rng.nextInt(1100);
    deaths.f(specialId(v.county)).q(Names.person(rng)).f(Values.iso(died)).q(Names.pick(DEATH_SOURCES, rng)).end();
  }

  private static final String[] EMPLOYERS = {
    "县人民医院", "县第一中学", "镇中心学校", "县财政局", "镇人民政府", "县公安局", "县林业站", "县疾控中心"
  };
  private static final String[] VEHICLE_TYPES = {"car", "car", "truck", "motorcycle", "tractor", "other"};
  private static final String[] DEATH_SOURCES = {"民政局殡葬管理系统", "公安户籍注销", "卫健委死亡医学证明"};

  private void villageCadres(Village v) throws IOException {
    String[] roles = {"村党支部书记", "村委会主任", "村文书"};
    for (String role : roles) {
      String id = specialId(v.county);
      String name = Names.person(rng);
      if (rng.nextInt(3) == 0) {
        cadres.f(id).q(name).f(v.code).q(role).f(Values.iso(Values.day(2014, 1, 10))).f(Values.iso(Values.day(2017, 1, 9))).end();
        id = specialId(v.county);
        name = Names.person(rng);
      }
      cadres.f(id).q(name).f(v.code).q(role).f(Values.iso(Values.day(2017, 1, 10))).f("").end();
    }
  }

  // ---------------------------------------------------------------- households

  private ProjectAcc villageProject(Village v, int which) {
    ProjectAcc p = v.projects[which];
    if (p == null) {
      p = new ProjectAcc();
      p.id = projectId(v.county);
      p.village = v.code;
      switch (which) {
        case 0 -> {
          p.name = v.name + "2016-2018年到户产业扶持及生活补助";
          p.category = "subsidy";
          p.unit = v.township;
          p.start = Values.day(2016, 3, 1);
          p.end = Values.day(2018, 12, 31);
          p.status = "completed";
        }
        case 1 -> {
          p.name = v.name + "雨露计划教育资助";
          p.category = "education";
          p.unit = v.county + "-JYJ";
          p.start = Values.day(2016, 9, 1);
          p.end = Values.day(2018, 12, 31);
          p.status = "completed";
        }
        case 2 -> {
          p.name = v.name + "2018年公益性岗位补贴";
          p.category = "employment";
          p.unit = v.township;
          p.start = Values.day(2018, 1, 1);
          p.end = Values.day(2018, 12, 31);
          p.status = "completed";
        }
        case 3 -> {
          p.name = v.name + "2017年农村危房改造";
          p.category = "housing";
          p.unit = v.county + "-ZJJ";
          p.start = Values.day(2017, 3, 1);
          p.end = Values.day(2017, 12, 31);
          p.status = "accepted";
        }
        default -> {
          p.name = v.name + "建档立卡户大病医疗救助";
          p.category = "health";
          p.unit = v.county + "-WJJ";
          p.start = Values.day(2017, 1, 1);
          p.end = Values.day(2018, 12, 31);
          p.status = "completed";
        }
      }
      v.projects[which] = p;
    }
    return p;
  }

  private Household newHousehold(Village v, int seq, boolean special) {
    Household h = new Household();
    h.id = v.code + "-" + Values.pad(seq, 3);
    h.village = v;
    boolean male = rng.nextInt(10) < 8;
    int headBirth = Values.day(1940, 1, 1) + rng.nextInt(16000);
    String headName = Names.person(rng);
    addMember(h, special, headBirth, male, headName, "head");
    if (special || rng.nextInt(10) < 7) {
      addMember(h, special, headBirth - 1800 + rng.nextInt(3600), !male, Names.person(rng), "spouse");
    }
    int kids = rng.nextInt(4);
    for (int i = 0; i < kids; i++) {
      addMember(h, special, Values.day(1995, 1, 1) + rng.nextInt(6500), rng.nextBoolean(),
          Names.relative(headName, rng), "child");
    }
    h.children = kids;
    if (rng.nextInt(5) == 0) {
      addMember(h, special, Values.day(1928, 1, 1) + rng.nextInt(8000), rng.nextBoolean(),
          Names.relative(headName, rng), "parent");
    }
    h.registeredOn = Values.day(2014, 3, 1) + rng.nextInt(640);
    int r = rng.nextInt(100);
    if (!special && r < 17) {
      h.status = "exited";
      h.exitedOn = Values.day(2016 + rng.nextInt(3), 12, 10 + rng.nextInt(15));
    } else if (!special && r < 20) {
      h.status = "cancelled";
      h.exitedOn = Values.day(2016, 6, 1) + rng.nextInt(730);
    }
    h.account = special || rng.nextInt(100) >= 3 ? account("623059" + v.countyIndex) : null;
    h.monthly = rng.nextInt(5) == 0;
    h.housing = rng.nextInt(100) < 8;
    h.health = rng.nextInt(100) < 5;
    h.healthDay = Values.day(2017, 3, 1) + rng.nextInt(600);
    h.healthFen = (2000 + rng.nextInt(61) * 100) * 100L;
    h.housingFen = (15000 + rng.nextInt(21) * 500) * 100L;
    for (int y = 0; y < 3; y++) {
      h.sFen[y] = (h.members.size() * 300L + rng.nextInt(11) * 50L) * 100L;
    }
    return h;
  }

  private void addMember(Household h, boolean special, int birth, boolean male, String name, String relation) {
    String county = h.village.county;
    String id;
    if (special) {
      id = specialId(county);
    } else {
      do {
        id = memberId(county, birth, male);
      } while (hasMember(h, id));
    }
    h.members.add(new Person(id, name, relation));
  }

  private static boolean hasMember(Household h, String id) {
    for (Person p : h.members) {
      if (p.id.equals(id)) {
        return true;
      }
    }
    return false;
  }

  private static final String[] S_PURPOSE = {
    "2016年上半年到户产业扶持", "2016年下半年生活补助", "2017年上半年到户产业扶持", "2017年下半年生活补助",
    "2018年上半年到户产业扶持", "2018年下半年生活补助"
  };

  private List<Pay> basePays(Village v, Household h) {
    List<Pay> pays = new ArrayList<>(16);
    for (int r = 0; r < 6; r++) {
      addHouseholdPay(pays, h, villageProject(v, 0), v.township, h.sFen[r / 2], v.sDay[r], v.sVoucher[r],
          S_PURPOSE[r]);
    }
    for (int y = 0; y < 3 && h.children > 0; y++) {
      addHouseholdPay(pays, h, villageProject(v, 1), v.county + "-JYJ", Math.min(h.children, 3) * 150_000L,
          v.eDay[y], v.eVoucher[y], (2016 + y) + "年秋季学期雨露计划");
    }
    if (h.monthly) {
      for (int m = 0; m < 12; m++) {
        addHouseholdPay(pays, h, villageProject(v, 2), v.township, 80_000L, Values.day(2018, m + 1, 15),
            v.mVoucher[m], "2018年" + (m + 1) + "月公益岗位补贴");
      }
    }
    if (h.housing) {
      long first = h.housingFen * 6 / 10;
      addHouseholdPay(pays, h, villageProject(v, 3), v.county + "-ZJJ", first, v.hDay[0], voucher(v.hDay[0]),
          "危房改造补助首期");
      addHouseholdPay(pays, h, villageProject(v, 3), v.county + "-ZJJ", h.housingFen - first, v.hDay[1],
          voucher(v.hDay[1]), "危房改造补助尾款");
    }
    if (h.health) {
      addHouseholdPay(pays, h, villageProject(v, 4), v.county + "-WJJ", h.healthFen, h.healthDay,
          voucher(h.healthDay), "大病医疗救助");
    }
    return pays;
  }

  /** A household payment delivered in full to the card shortly after; skipped past a cancellation. */
  private Pay addHouseholdPay(List<Pay> pays, Household h, ProjectAcc p, String unit, long fen, int day,
      String voucher, String purpose) {
    if ("cancelled".equals(h.status) && day > h.exitedOn) {
      return null;
    }
    Pay pay = householdPay(h.id, h.head().name, h.account, p, unit, fen, day, voucher, purpose);
    pays.add(pay);
    return pay;
  }

  private Pay householdPay(String householdId, String name, String account, ProjectAcc p, String unit, long fen,
      int day, String voucher, String purpose) {
    Pay pay = new Pay();
    pay.id = "FK" + Values.pad(++paySeq, 10);
    pay.project = p;
    pay.unit = unit;
    pay.payeeType = "household";
    pay.payeeId = householdId;
    pay.payeeName = name;
    pay.account = account;
    pay.fen = fen;
    pay.day = day;
    pay.voucher = voucher;
    pay.purpose = purpose;
    pay.deliverFen = fen;
    pay.deliverDay = day + 1 + rng.nextInt(3);
    pay.evidence = account == null ? "household_confirmation" : "bank_credit";
    pay.source = account == null ? "村委会入户核实" : "农商银行一卡通代发";
    pay.deliverHousehold = householdId;
    return pay;
  }

  private Pay payeePay(ProjectAcc p, String unit, String type, String payeeId, String name, String account,
      long fen, int day, String purpose) {
    Pay pay = new Pay();
    pay.id = "FK" + Values.pad(++paySeq, 10);
    pay.project = p;
    pay.unit = unit;
    pay.payeeType = type;
    pay.payeeId = payeeId;
    pay.payeeName = name;
    pay.account = account;
    pay.fen = fen;
    pay.day = day;
    pay.voucher = voucher(day);
    pay.purpose = purpose;
    return pay;
  }

  private Pay reversal(Pay of, int day, String purpose) {
    Pay r = new Pay();
    r.id = "FK" + Values.pad(++paySeq, 10);
    r.project = of.project;
    r.unit = of.unit;
    r.payeeType = of.payeeType;
    r.payeeId = of.payeeId;
    r.payeeName = of.payeeName;
    r.account = of.account;
    r.fen = -of.fen;
    r.reversalOf = of.id;
    r.day = day;
    r.voucher = voucher(day);
    r.purpose = purpose;
    return r;
  }

  private void household(Village v, int seq) throws IOException {
    int n = householdIndex++;
    Kind kind = null;
    if (nextSlot < slotAt.length && slotAt[nextSlot] == n) {
      kind = slotKind[nextSlot++];
    }
    boolean special = kind != null;
    boolean follower = kind == null && sharedLeft > 0;
    Household h = newHousehold(v, seq, special);
    if (kind == Kind.VARIANTS) {
      h.head().name = "刘䶮";
      h.sFen[0] = h.sFen[1] = h.sFen[2] = 125_000L;
    }
    if (follower) {
      h.account = sharedAccount;
    }
    List<Pay> pays = basePays(v, h);
    Clue clue = kind != null && kind.isRule() ? newClue(kind, v) : null;
    Pay firing = null;
    ProjectAcc s = villageProject(v, 0);
    int i = kind == null ? 0 : plantInstance(kind);

    // before the rows are written: change the household and its payments
    if (kind != null) {
      switch (kind) {
        case UNDELIVERED_HOUSEHOLD -> {
          if (i % 2 == 0) {
            pays.get(3).deliverFen = -1;
            clue.note = "2017年下半年补助未到账（无银行入账记录）";
          } else {
            Pay p = pays.get(4);
            p.deliverFen = p.fen * 4 / 10;
            clue.note = "2018年上半年补助仅到账四成";
          }
        }
        case DUPLICATE_PAYMENT -> {
          Pay base = pays.get(2);
          if (i % 2 == 0) {
            firing = householdPay(h.id, h.head().name, h.account, s, v.township, base.fen, base.day + 3 + rng.nextInt(6),
                voucher(base.day), base.purpose + "（重复）");
            clue.note = "同一项目同一金额" + Values.money(base.fen) + "元在10日内重复发放";
          } else {
            firing = householdPay(h.id, h.head().name, h.account, s, v.township, 30_000L + rng.nextInt(500) * 100L,
                base.day + 45, base.voucher, "补发差额");
            clue.note = "凭证号" + base.voucher + "重复记账";
          }
          pays.add(firing);
        }
        case PAYMENT_OUT_OF_PERIOD -> {
          if (i % 3 == 0) {
            int day = Values.day(2016, 2, 5) + rng.nextInt(16);
            firing = householdPay(h.id, h.head().name, h.account, s, v.township, 50_000L + rng.nextInt(100_000),
                day, voucher(day), "预拨产业扶持资金");
            pays.add(firing);
            clue.note = "项目开始前支付";
          } else {
            firing = outOfPeriodProject(v, h, pays, i % 3 == 1);
            clue.note = i % 3 == 1 ? "项目结束180天后仍支付" : "资金下达前先行支付";
          }
        }
        case ACCOUNT_MISMATCH -> {
          if (i % 2 == 0) {
            String other = account("621799");
            pays.get(4).account = other;
            pays.get(5).account = other;
            clue.note = "2018年补助打入非本户账户" + other;
          } else {
            for (int r = 2; r <= 3; r++) {
              Pay p = pays.get(r);
              p.account = null;
              p.evidence = "field_visit";
              p.source = "乡镇干部现金发放";
            }
            clue.note = "2017年补助以现金发放，未打卡";
          }
        }
        case UNREGISTERED_PAYEE -> {
          if (i % 2 == 1) {
            h.status = "cancelled";
            h.exitedOn = Values.day(2017, 3, 31) + rng.nextInt(60);
            clue.note = "清退后仍发放";
          }
        }
        case SHARED_ACCOUNT, SHARE2 -> {
          sharedAccount = account("622848");
          h.account = sharedAccount;
          for (Pay p : pays) {
            p.account = sharedAccount;
          }
          sharedLeft = kind == Kind.SHARED_ACCOUNT ? 2 : 1;
          shared = clue;
          if (clue != null) {
            clue.entityType = "account";
            clue.entityId = sharedAccount;
            clue.note = "3户补助打入同一账户";
          }
        }
        case EXITED_PAID -> {
          h.status = "exited";
          h.exitedOn = Values.day(2017, 6, 30) + rng.nextInt(200);
        }
        case REVERSED -> {
          Pay wrong = pays.get(2);
          String old = account("621799");
          wrong.account = old;
          wrong.deliverFen = -1;
          pays.add(reversal(wrong, wrong.day + 3, "账户已销户退回"));
          pays.add(householdPay(h.id, h.head().name, h.account, s, v.township, wrong.fen, wrong.day + 6,
              voucher(wrong.day + 6), wrong.purpose + "（重新发放）"));
        }
        case SMALL_GAP -> pays.get(3).deliverFen = pays.get(3).fen - 100;
        case GRACE -> {
          Pay late = householdPay(h.id, h.head().name, h.account, s, v.township, 60_000L, AS_OF - 20,
              voucher(AS_OF - 20), "2018年度补助尾款");
          late.deliverFen = -1;
          pays.add(late);
        }
        case DUP_11 -> {
          Pay base = pays.get(2);
          pays.add(householdPay(h.id, h.head().name, h.account, s, v.township, base.fen, base.day + 11,
              voucher(base.day + 11), base.purpose + "（二次）"));
        }
        case RECOVERED -> {
          Pay base = pays.get(1);
          Pay dup = householdPay(h.id, h.head().name, h.account, s, v.township, base.fen, base.day + 4,
              voucher(base.day + 4), base.purpose + "（重复）");
          Pay back = reversal(dup, dup.day + 120, "追回重复发放资金");
          pays.add(dup);
          pays.add(back);
          int found = dup.day + 60;
          writeFinding(round(found), v.township, "duplicate_payment", "该户" + base.purpose + "重复发放，已责令追回",
              s.id, h.id, dup.fen, found, "rectified", back.day + 10, false);
        }
        case VARIANTS -> {
          pays.get(0).amountText = Values.grouped(pays.get(0).fen);
          pays.get(0).amountVariant = "thousands_separator";
          pays.get(1).amountText = Values.money(pays.get(1).fen) + "元";
          pays.get(1).amountVariant = "yuan_suffix";
          pays.get(2).purpose = pays.get(2).purpose + "\n（村两委研究同意）";
          pays.get(2).amountVariant = "quoted_line_break";
          pays.get(0).deliverDateText = Values.slashed(pays.get(0).deliverDay);
          pays.get(0).deliverVariant = "date_slashed";
          pays.get(1).deliverDateText = Values.compact(pays.get(1).deliverDay);
          pays.get(1).deliverVariant = "date_compact";
          v.allocationVariant = true;
          String x;
          do {
            x = memberId(v.county, Values.day(1960, 1, 1) + rng.nextInt(9000), rng.nextBoolean());
          } while (x.charAt(17) != 'X' || hasMember(h, x));
          h.members.add(new Person(x.substring(0, 17) + "x", Names.relative(h.head().name, rng), "other"));
        }
        default -> {}
      }
    }

    long hhLine = writeHousehold(h);
    long memberLine = writeMembers(h);
    writePays(pays);
    if (kind == Kind.VARIANTS) {
      variants.add(new SampleManifest.Variant("households.csv", hhLine, "gb18030_rare_char"));
      variants.add(new SampleManifest.Variant("household_members.csv", memberLine + h.members.size() - 1,
          "lowercase_x"));
    }

    // after: registry rows and the clue computed from the net payments as written
    if (kind != null) {
      Person head = h.head();
      Person spouse = h.members.size() > 1 ? h.members.get(1) : head;
      switch (kind) {
        case UNDELIVERED_HOUSEHOLD -> {
          long paid = 0;
          long delivered = 0;
          int first = Integer.MAX_VALUE;
          for (Pay p : pays) {
            if (p.project == s && !p.isReversal() && p.net > 0 && p.day <= GRACE_CUT) {
              paid += p.net;
              first = Math.min(first, p.day);
            }
            if (p.project == s && p.deliverFen >= 0) {
              delivered += p.deliverFen;
            }
          }
          householdClue(clue, h, "household", h.id);
          clue.projectId = s.id;
          clue.fen = paid - delivered;
          clue.unit = s.unit;
          clue.evidence = first;
        }
        case DUPLICATE_PAYMENT, PAYMENT_OUT_OF_PERIOD -> {
          clue.entityType = "payment";
          clue.entityId = firing.id;
          clue.projectId = firing.project.id;
          clue.householdId = h.id;
          clue.unit = firing.unit;
          clue.fen = firing.net;
          clue.evidence = firing.day;
        }
        case DECEASED_PAYEE -> {
          if (i % 2 == 0) {
            int died = Values.day(2017, 8, 1) + rng.nextInt(60);
            deaths.f(head.id).q(head.name).f(Values.iso(died)).q("公安户籍注销").end();
            householdClue(clue, h, "household", h.id);
            sumPays(clue, pays, d -> d > died);
            clue.note = "户主" + head.name + "于" + Values.iso(died) + "死亡后仍领取补助";
          } else {
            deceasedPerson(v, clue);
          }
        }
        case PUBLIC_PAYROLL -> {
          int since = Values.day(2017, 9, 1) + rng.nextInt(200);
          int until = i % 2 == 0 ? -1 : since + 300;
          payroll.f(spouse.id).q(spouse.name).q(Names.pick(EMPLOYERS, rng)).f(Values.iso(since))
              .f(until < 0 ? "" : Values.iso(until)).end();
          householdClue(clue, h, "household", h.id);
          sumPays(clue, pays, d -> d >= since && (until < 0 || d <= until));
          clue.note = "家庭成员" + spouse.name + "自" + Values.iso(since) + "起为财政供养人员";
        }
        case VEHICLE_OWNER -> {
          int reg = Values.day(2017, 5, 1) + rng.nextInt(300);
          String type = i % 2 == 0 ? "car" : "truck";
          vehicles.f(plate()).f(spouse.id).f(type).f(Values.iso(reg)).f("").end();
          householdClue(clue, h, "household", h.id);
          sumPays(clue, pays, d -> d >= reg);
          clue.note = "家庭成员" + spouse.name + "名下登记" + ("car".equals(type) ? "小汽车" : "货车");
        }
        case COMPANY_OWNER -> {
          int reg = Values.day(2017, 3, 1) + rng.nextInt(400);
          companies.f(creditCode(v.county)).q(h.village.name.substring(0, 2) + "商贸有限公司").f(spouse.id)
              .f(Values.iso(reg)).f(Values.money((100_000L + rng.nextInt(50) * 10_000L) * 100)).end();
          householdClue(clue, h, "household", h.id);
          sumPays(clue, pays, d -> d >= reg);
          clue.note = "家庭成员" + spouse.name + "为企业法定代表人";
        }
        case CADRE_RELATIVE -> {
          Person cadre = i % 2 == 0 ? spouse : head;
          int start = Values.day(2017, 1, 10);
          int end = i % 2 == 0 ? -1 : Values.day(2018, 3, 1) + rng.nextInt(100);
          cadres.f(cadre.id).q(cadre.name).f(v.code).q("村委会委员").f(Values.iso(start))
              .f(end < 0 ? "" : Values.iso(end)).end();
          householdClue(clue, h, "household", h.id);
          sumPays(clue, pays, d -> d >= start && (end < 0 || d <= end));
          clue.note = cadre.name + "为本村村干部，其家庭享受补助";
        }
        case UNREGISTERED_PAYEE -> {
          if (i % 2 == 1) {
            householdClue(clue, h, "household", h.id);
            int exited = h.exitedOn;
            sumPays(clue, pays, d -> d > exited);
          } else {
            ghost(v, clue);
          }
        }
        case SHARED_ACCOUNT -> sumPays(clue, pays, d -> true);
        case ACCOUNT_MISMATCH -> {
          householdClue(clue, h, "household", h.id);
          String registered = h.account;
          clue.fen = 0;
          for (Pay p : pays) {
            if (!p.isReversal() && p.net > 0 && !registered.equals(p.account)) {
              addToClue(clue, p);
            }
          }
        }
        case OVER_DISBURSED -> overDisbursed(v, clue, i);
        case IDLE_FUNDS -> idleFunds(v, clue, i);
        case UNDELIVERED_PROJECT -> undeliveredProject(v, clue, i);
        case SPLIT_PAYMENT -> splitPayment(v, clue, i);
        case TRACTOR -> {
          vehicles.f(plate()).f(spouse.id).f("tractor").f(Values.iso(Values.day(2015, 4, 2))).f("").end();
          vehicles.f(plate()).f(head.id).f("motorcycle").f(Values.iso(Values.day(2016, 8, 9))).f("").end();
        }
        case CAR_GONE -> vehicles.f(plate()).f(spouse.id).f("car").f(Values.iso(Values.day(2012, 4, 1)))
            .f(Values.iso(Values.day(2015, 11, 20))).end();
        case PAYROLL_ENDED -> payroll.f(spouse.id).q(spouse.name).q("县第二中学（代课）")
            .f(Values.iso(Values.day(2008, 9, 1))).f(Values.iso(Values.day(2015, 12, 31))).end();
        case OTHER_CADRE -> {
          String other = v.code.endsWith("201") ? v.township + "202" : v.township + "201";
          cadres.f(spouse.id).q(spouse.name).f(other).q("村文书").f(Values.iso(Values.day(2014, 1, 10))).f("").end();
        }
        case MEMBER_DIED -> deaths.f(spouse.id).q(spouse.name).f(Values.iso(Values.day(2017, 2, 14)))
            .q("卫健委死亡医学证明").end();
        case COMPANY_LATER -> companies.f(creditCode(v.county)).q(v.name.substring(0, 2) + "农牧专业合作社")
            .f(spouse.id).f(Values.iso(Values.day(2019, 5, 6))).f(Values.money(50_000_000L)).end();
        case FAULTS -> faults(v, h, pays);
        default -> {}
      }
      if (clue != null && kind != Kind.SHARED_ACCOUNT) {
        finishClue(clue, kind, v);
      }
    }
    if (follower) {
      if (shared != null) {
        sumPays(shared, pays, d -> true);
      }
      if (--sharedLeft == 0) {
        if (shared != null) {
          finishClue(shared, Kind.SHARED_ACCOUNT, null);
        }
        shared = null;
      }
    } else if (kind == null && rng.nextInt(100) == 0) {
      baselineFinding(v, h, s);
    }
    // Only baseline households, which no registry, planted fact or shared card touches, are paid again;
    // a cancelled one would be an unregistered payee.
    if (increment != null && kind == null && !follower && !"cancelled".equals(h.status)) {
      increment.offer(s, h, disbursements.records());
    }
  }

  private final int[] instances = new int[Kind.values().length];

  /** How many slots of this kind came before: variants of a plant alternate by it. */
  private int plantInstance(Kind kind) {
    return instances[kind.ordinal()]++;
  }

  private Clue newClue(Kind kind, Village v) {
    Clue c = new Clue();
    c.rule = kind;
    c.villageCode = v.code;
    return c;
  }

  private static void householdClue(Clue c, Household h, String type, String id) {
    c.entityType = type;
    c.entityId = id;
    c.householdId = h.id;
  }

  private static void sumPays(Clue c, List<Pay> pays, IntPredicate day) {
    for (Pay p : pays) {
      if (!p.isReversal() && p.net > 0 && p.day <= AS_OF && day.test(p.day)) {
        addToClue(c, p);
      }
    }
  }

  private static void addToClue(Clue c, Pay p) {
    c.fen += p.net;
    c.byUnit.merge(p.unit, p.net, Long::sum);
    c.evidence = Math.min(c.evidence, p.day);
  }

  /** The unit of a household, person, payee or account clue: the largest net amount, ties to the smallest code. */
  private static void unitFromPayments(Clue c) {
    if (c.unit != null) {
      return;
    }
    long best = -1;
    for (Map.Entry<String, Long> e : c.byUnit.entrySet()) {
      if (e.getValue() > best) {
        best = e.getValue();
        c.unit = e.getKey();
      }
    }
  }

  private void finishClue(Clue c, Kind kind, Village v) throws IOException {
    unitFromPayments(c);
    if (c.fen <= 0 || c.unit == null) {
      throw new IllegalStateException("planted " + kind + " at " + c.entityId + " has nothing at stake");
    }
    clues.add(c);
    plantFindings(c, v == null ? c.villageCode : v.code);
  }

  // ---------------------------------------------------------------- planted projects and payees

  /** A company registered well before it is paid, its legal representative nobody in a poor household. */
  private String[] company(String county, int registeredBefore) throws IOException {
    String code = creditCode(county);
    String name = Names.company(rng);
    int reg = registeredBefore - 400 - rng.nextInt(3000);
    companies.f(code).q(name).f(specialId(county)).f(Values.iso(reg))
        .f(Values.money((1_000_000L + rng.nextInt(100) * 100_000L) * 100)).end();
    return new String[] {code, name};
  }

  private ProjectAcc project(Village v, String name, String category, String unit, int start, int end,
      String status) {
    ProjectAcc p = new ProjectAcc();
    p.id = projectId(v.county);
    p.name = name;
    p.category = category;
    p.unit = unit;
    p.village = v.code;
    p.start = start;
    p.end = end;
    p.status = status;
    return p;
  }

  private void overDisbursed(Village v, Clue c, int i) throws IOException {
    int start = Values.day(2017, 4, 1) + rng.nextInt(300);
    ProjectAcc p = project(v, v.name + "产业路硬化工程", "infrastructure", v.county + "-JTJ", start, start + 240,
        "in_progress");
    long alloc = (300_000L + rng.nextInt(50) * 10_000L) * 100;
    long excess = 1_000_000L + rng.nextInt(7_000_000);
    String[] co = company(v.county, start);
    List<Pay> pays = new ArrayList<>();
    pays.add(payeePay(p, p.unit, "company", co[0], co[1], account("510100"), alloc * 6 / 10, start + 20, "工程进度款"));
    pays.add(payeePay(p, p.unit, "company", co[0], co[1], pays.get(0).account, alloc - alloc * 6 / 10 + excess,
        start + 120, "工程进度款"));
    writePays(pays);
    writeProject(p, List.of(new Alloc("central", alloc, start - 20)), false);
    projectClue(c, p);
    c.fen = excess;
    c.evidence = start + 20;
    c.note = "支出超过下达资金" + Values.money(excess) + "元";
  }

  private void idleFunds(Village v, Clue c, int i) throws IOException {
    int start = Values.day(2018, 3, 1) + rng.nextInt(60);
    ProjectAcc p = project(v, v.name + "牦牛藏羊养殖产业项目", "industry", v.county + "-NYJ", start, start + 365,
        "in_progress");
    long old = (400_000L + rng.nextInt(60) * 10_000L) * 100;
    long spent = 0;
    List<Pay> pays = new ArrayList<>();
    if (i % 2 == 0) {
      spent = old / 5;
      String[] co = company(v.county, start);
      pays.add(payeePay(p, p.unit, "company", co[0], co[1], account("510100"), spent,
          start + 60, "项目预付款"));
    }
    writePays(pays);
    writeProject(p, List.of(new Alloc("central", old, start - 10),
        new Alloc("county", 5_000_000L, Values.day(2018, 12, 20))), false);
    projectClue(c, p);
    c.fen = old - spent;
    c.evidence = start - 10;
    c.note = "资金下达超过180天，支出不足一半";
  }

  private void undeliveredProject(Village v, Clue c, int i) throws IOException {
    int start = Values.day(2016, 5, 1) + rng.nextInt(500);
    int end = start + 200;
    ProjectAcc p = project(v, v.name + "人饮安全巩固提升工程", "infrastructure", v.county + "-JTJ", start, end,
        i % 2 == 0 ? "completed" : "accepted");
    long total = (600_000L + rng.nextInt(90) * 10_000L) * 100;
    String[] co = company(v.county, start);
    String acct = account("510100");
    List<Pay> pays = new ArrayList<>();
    pays.add(payeePay(p, p.unit, "company", co[0], co[1], acct, total * 3 / 10, start + 15, "预付款"));
    pays.add(payeePay(p, p.unit, "company", co[0], co[1], acct, total / 2, start + 100, "进度款"));
    pays.add(payeePay(p, p.unit, "company", co[0], co[1], acct, total - total * 3 / 10 - total / 2, end - 5,
        "结算款"));
    writePays(pays);
    long delivered = i % 2 == 0 ? total * 6 / 10 : 0;
    if (delivered > 0) {
      deliveries.f(deliveryId()).f(p.id).f("").f(Values.money(delivered)).f(Values.iso(end + 20)).f("acceptance")
          .q("县交通运输局验收组").end();
    }
    writeProject(p, defaultAllocs(p), false);
    projectClue(c, p);
    c.fen = total - delivered;
    c.evidence = start + 15;
    c.note = delivered > 0 ? "验收确认工程量仅为支付额的六成" : "已完工项目无验收记录";
  }

  private void splitPayment(Village v, Clue c, int i) throws IOException {
    int start = Values.day(2017, 3, 1) + rng.nextInt(400);
    ProjectAcc p = project(v, v.name + "扶贫车间建设", "industry", v.county + "-FPB", start, start + 180,
        "in_progress");
    String type;
    String payee;
    String name;
    if (i % 2 == 0) {
      type = "company";
      String[] co = company(v.county, start);
      payee = co[0];
      name = co[1];
    } else {
      type = "individual";
      payee = specialId(v.county);
      name = Names.person(rng);
    }
    String acct = account("621700");
    long a1 = 1_700_000L + rng.nextInt(700_000);
    long a2 = a1 + 123_456;
    long a3 = 1_800_000L + rng.nextInt(500_000);
    List<Pay> pays = new ArrayList<>();
    pays.add(payeePay(p, p.unit, type, payee, name, acct, a1, start + 30, "设备购置款"));
    pays.add(payeePay(p, p.unit, type, payee, name, acct, a2, start + 32, "材料款"));
    pays.add(payeePay(p, p.unit, type, payee, name, acct, a3, start + 35, "劳务款"));
    writePays(pays);
    writeProject(p, List.of(new Alloc("province", roundUp(a1 + a2 + a3, 1_000_000L), start - 10)), false);
    c.entityType = "payee";
    c.entityId = payee;
    c.unit = p.unit;
    c.fen = a1 + a2 + a3;
    c.evidence = start + 30;
    c.note = "5日内分3笔支付，合计超过5万元";
  }

  private Pay outOfPeriodProject(Village v, Household h, List<Pay> pays, boolean late) {
    int start;
    int end;
    int alloc;
    int onTime;
    int firingDay;
    if (late) {
      start = Values.day(2016, 4, 1) + rng.nextInt(120);
      end = start + 150;
      alloc = start - 15;
      onTime = start + 30;
      firingDay = end + 181 + rng.nextInt(120);
    } else {
      start = Values.day(2017, 3, 1) + rng.nextInt(60);
      end = start + 270;
      alloc = start + 40;
      onTime = start + 60;
      firingDay = start + 20;
    }
    ProjectAcc p = project(v, v.name + Values.date(start).getYear() + "年到户产业发展资金", "industry", v.township,
        start, end, "completed");
    p.allocDay = alloc;
    pays.add(householdPay(h.id, h.head().name, h.account, p, v.township, 200_000L, onTime, voucher(onTime),
        "到户产业发展资金"));
    Pay firing = householdPay(h.id, h.head().name, h.account, p, v.township, 150_000L + rng.nextInt(100) * 100L,
        firingDay, voucher(firingDay), late ? "到户产业发展资金（补发）" : "到户产业发展资金（预支）");
    pays.add(firing);
    pendingProjects.add(p);
    return firing;
  }

  /** Planted projects whose payments sit in a household's list: written once those payments are. */
  private final List<ProjectAcc> pendingProjects = new ArrayList<>();

  private void deceasedPerson(Village v, Clue c) throws IOException {
    ProjectAcc p = project(v, v.name + "生态护林员", "employment", v.county + "-FPB", Values.day(2017, 1, 1),
        Values.day(2019, 12, 31), "in_progress");
    String id = specialId(v.county);
    String name = Names.person(rng);
    String acct = account("623059" + v.countyIndex);
    int died = Values.day(2018, 4, 20) + rng.nextInt(60);
    deaths.f(id).q(name).f(Values.iso(died)).q("民政局殡葬管理系统").end();
    List<Pay> pays = new ArrayList<>();
    for (int m = 0; m < 24; m++) {
      int day = Values.day(2017 + m / 12, m % 12 + 1, 10);
      pays.add(payeePay(p, p.unit, "individual", id, name, acct, 100_000L, day, "护林员工资"));
    }
    writePays(pays);
    writeProject(p, defaultAllocs(p), false);
    c.entityType = "person";
    c.entityId = id;
    sumPays(c, pays, d -> d > died);
    c.note = "护林员" + name + "于" + Values.iso(died) + "死亡后仍领取工资";
  }

  private void ghost(Village v, Clue c) throws IOException {
    String id = v.code + "-" + (901 + v.ghosts++);
    String name = Names.person(rng);
    String acct = account("623059" + v.countyIndex);
    ProjectAcc s = villageProject(v, 0);
    long fen = (600L + rng.nextInt(10) * 50L) * 100;
    List<Pay> pays = new ArrayList<>();
    for (int r = 2; r < 6; r++) {
      pays.add(householdPay(id, name, acct, s, v.township, fen, v.sDay[r] + rng.nextInt(3), v.sVoucher[r],
          S_PURPOSE[r]));
    }
    writePays(pays);
    c.entityType = "household";
    c.entityId = id;
    c.householdId = id;
    sumPays(c, pays, d -> true);
    c.note = "户编号" + id + "不在建档立卡名册中";
  }

  private static void projectClue(Clue c, ProjectAcc p) {
    c.entityType = "project";
    c.entityId = p.id;
    c.projectId = p.id;
    c.unit = p.unit;
  }

  private void infrastructure(Village v) throws IOException {
    int kindOf = rng.nextInt(3);
    String[] names = {"村道硬化工程", "牛羊养殖合作社产业项目", "易地扶贫搬迁安置点建设"};
    String[] cats = {"infrastructure", "industry", "relocation"};
    String[] depts = {"-JTJ", "-NYJ", "-FPB"};
    int start = Values.day(2016, 3, 1) + rng.nextInt(730);
    int dur = 120 + rng.nextInt(180);
    int end = start + dur;
    boolean done = end < AS_OF - 60;
    ProjectAcc p = project(v, v.name + names[kindOf], cats[kindOf], v.county + depts[kindOf], start,
        done ? end : Values.day(2019, 10, 31), done ? (rng.nextBoolean() ? "completed" : "accepted") : "in_progress");
    long total = (kindOf == 1 ? 300_000L + rng.nextInt(50) * 10_000L : 500_000L + rng.nextInt(150) * 10_000L) * 100;
    p.budgetFen = total;
    String[] co = company(v.county, start);
    String acct = account("510100");
    List<Pay> pays = new ArrayList<>();
    long first = total * 3 / 10;
    long second = total / 2;
    pays.add(payeePay(p, p.unit, "company", co[0], co[1], acct, first, start + 10 + rng.nextInt(20), "预付款"));
    pays.add(payeePay(p, p.unit, "company", co[0], co[1], acct, second, start + dur / 2, "进度款"));
    if (done) {
      pays.add(payeePay(p, p.unit, "company", co[0], co[1], acct, total - first - second, end - 5, "结算款"));
    }
    if (kindOf == 1) {
      for (int k = 0; k < 2; k++) {
        pays.add(payeePay(p, p.unit, "individual", specialId(v.county), Names.person(rng), account("623059"
            + v.countyIndex), (20_000L + rng.nextInt(25) * 1000L) * 100, start + dur / 2 + 3 + 37 * k, "致富带头人奖补"));
      }
    }
    writePays(pays);
    if (done) {
      long paid = p.netFen;
      long confirmed = projectSeq % 5 == 0 ? paid - paid * 3 / 100 : paid;
      deliveries.f(deliveryId()).f(p.id).f("").f(Values.money(confirmed)).f(Values.iso(end + 10 + rng.nextInt(30)))
          .f("acceptance").q("县级验收组").end();
    }
    writeProject(p, defaultAllocs(p), false);
  }

  // ---------------------------------------------------------------- rows

  private long writeHousehold(Household h) throws IOException {
    return householdsOut.f(h.id).f(h.village.code).f(h.head().id).q(h.head().name).f(h.members.size())
        .f(h.status).f(Values.iso(h.registeredOn)).f(h.exitedOn < 0 ? "" : Values.iso(h.exitedOn))
        .f(h.account).end();
  }

  private long writeMembers(Household h) throws IOException {
    long first = -1;
    for (Person p : h.members) {
      long line = members.f(h.id).f(p.id).q(p.name).f(p.relation).end();
      if (first < 0) {
        first = line;
      }
    }
    return first;
  }

  private void writePays(List<Pay> pays) throws IOException {
    for (Pay p : pays) {
      if (!p.isReversal()) {
        p.net = p.fen;
      }
    }
    for (Pay r : pays) {
      if (r.isReversal()) {
        for (Pay p : pays) {
          if (p.id.equals(r.reversalOf)) {
            p.net += r.fen;
          }
        }
      }
    }
    for (Pay p : pays) {
      if (!p.isReversal()) {
        p.net = Math.max(0, p.net);
        p.project.netFen += p.net;
        p.project.used = true;
      }
      long line = disbursements.f(p.id).f(p.project.id).f(p.unit).f(p.payeeType).f(p.payeeId).q(p.payeeName)
          .f(p.account).q(p.amountText != null ? p.amountText : Values.money(p.fen)).f(p.reversalOf)
          .f(Values.iso(p.day)).f(p.voucher).q(p.purpose).end();
      if (p.amountVariant != null) {
        variants.add(new SampleManifest.Variant("disbursements.csv", line, p.amountVariant));
      }
      if (p.deliverFen >= 0) {
        long dl = deliveries.f(deliveryId()).f(p.project.id).f(p.deliverHousehold).f(Values.money(p.deliverFen))
            .f(p.deliverDateText != null ? p.deliverDateText : Values.iso(p.deliverDay)).f(p.evidence).q(p.source)
            .end();
        if (p.deliverVariant != null) {
          variants.add(new SampleManifest.Variant("deliveries.csv", dl, p.deliverVariant));
        }
      }
    }
    if (!pendingProjects.isEmpty()) {
      for (ProjectAcc p : pendingProjects) {
        List<Alloc> allocs = new ArrayList<>();
        long total = roundUp(p.netFen, 10_000L);
        allocs.add(new Alloc("county", total, p.allocDay));
        writeProject(p, allocs, false);
      }
      pendingProjects.clear();
    }
  }

  /** Allocations covering the net disbursed, rounded up to 100 yuan, all before the project starts. */
  private List<Alloc> defaultAllocs(ProjectAcc p) {
    List<Alloc> out = new ArrayList<>(3);
    if (p.netFen == 0) {
      return out;
    }
    long total = roundUp(p.netFen, 10_000L);
    long central = total * 6 / 10 / 10_000L * 10_000L;
    long province = total / 4 / 10_000L * 10_000L;
    long county = total - central - province;
    if (central > 0) {
      out.add(new Alloc("central", central, p.start - 45));
    }
    if (province > 0) {
      out.add(new Alloc("province", province, p.start - 30));
    }
    out.add(new Alloc("county", county, p.start - 15));
    return out;
  }

  private void writeProject(ProjectAcc p, List<Alloc> allocs, boolean variant) throws IOException {
    long sum = 0;
    for (Alloc a : allocs) {
      sum += a.fen();
    }
    long budget = p.budgetFen >= 0 ? Math.max(p.budgetFen, sum) : sum;
    projects.f(p.id).q(p.name).f(p.category).f(p.unit).f(p.village).f(Values.iso(p.start)).f(Values.iso(p.end))
        .f(Values.money(budget)).f(p.status).end();
    lastProjectId = p.id;
    boolean first = true;
    for (Alloc a : allocs) {
      boolean v = variant && first;
      long line = allocations.f("BK" + Values.pad(++allocationSeq, 9)).f(p.id).f(a.level()).q(docNo(a))
          .q(v ? Values.money(a.fen()) + "元" : Values.money(a.fen()))
          .f(v ? Values.compact(a.day()) : Values.iso(a.day())).end();
      if (v) {
        variants.add(new SampleManifest.Variant("allocations.csv", line, "yuan_suffix"));
        variants.add(new SampleManifest.Variant("allocations.csv", line, "date_compact"));
      }
      first = false;
    }
  }

  private String docNo(Alloc a) {
    int year = Values.date(a.day()).getYear();
    long n = ++docSeq % 900 + 10;
    return switch (a.level()) {
      case "central" -> "财农〔" + year + "〕" + n + "号";
      case "province" -> "青财农字〔" + year + "〕" + n + "号";
      case "city" -> "东财农〔" + year + "〕" + n + "号";
      default -> "县财预〔" + year + "〕" + n + "号";
    };
  }

  // ---------------------------------------------------------------- findings

  private static final String[] STATUS_KNOWN = {"open", "in_progress", "long_term", "rectified"};

  /** The findings planted next to a clue: none, one that makes it known, a rectification that failed, or a near miss. */
  private void plantFindings(Clue c, String villageCode) throws IOException {
    int j = plantCounter++;
    int mode = j % 4;
    int variant = (j / 4) % 4;
    String category = c.rule.category;
    if (mode == 0) {
      return;
    }
    int found = Math.min(AS_OF - 7, c.evidence + 45 + rng.nextInt(60));
    found = Math.max(found, c.evidence);
    String desc = describe(c);
    if (mode == 1 || mode == 2) {
      String unit = variant % 2 == 0 ? c.unit : parentOf(c.unit);
      String status = mode == 2 ? "rectified" : STATUS_KNOWN[variant];
      int rectified = -1;
      if (mode == 2) {
        rectified = Math.min(AS_OF, found + 30 + rng.nextInt(60));
      } else if ("rectified".equals(status)) {
        rectified = AS_OF + 41;
      }
      plantFinding(round(found), unit, category, desc, c.projectId, c.householdId, c.fen, found, status,
          rectified, rng.nextBoolean());
      return;
    }
    switch (variant) {
      case 0 -> plantFinding(round(found), below(c.unit, villageCode), category, desc, c.projectId, c.householdId,
          c.fen, found, "open", -1, false);
      case 1 -> plantFinding(round(found), c.unit, "other", desc, c.projectId, c.householdId, c.fen, found,
          "in_progress", -1, false);
      case 2 -> {
        int older = c.evidence - 20;
        plantFinding(round(older), c.unit, category, "专项检查发现" + categoryText(category) + "问题，要求举一反三全面自查",
            null, null, -1, older, "open", -1, false);
      }
      default -> {
        if (c.projectId != null) {
          String other = lastProjectId.equals(c.projectId) ? c.projectId + "-2" : lastProjectId;
          plantFinding(round(found), c.unit, category, desc, other, null, -1, found, "open", -1, false);
        } else if (c.householdId != null) {
          String other = c.householdId.endsWith("-001") ? c.householdId.substring(0, c.householdId.length() - 3)
              + "002" : c.householdId.substring(0, c.householdId.length() - 3) + "001";
          plantFinding(round(found), c.unit, category, desc, null, other, -1, found, "open", -1, false);
        } else {
          plantFinding(round(found), beside(c.unit), category, desc, null, null, -1, found, "open", -1, false);
        }
      }
    }
  }

  private void plantFinding(String round, String unit, String category, String desc, String projectId,
      String householdId, long fen, int found, String status, int rectified, boolean transferred) throws IOException {
    String id = writeFinding(round, unit, category, desc, projectId, householdId, fen, found, status, rectified,
        transferred);
    plantedFindings.add(new PlantedFinding(id, unit, category, projectId, householdId, found, status, rectified));
  }

  private String writeFinding(String round, String unit, String category, String desc, String projectId,
      String householdId, long fen, int found, String status, int rectified, boolean transferred) throws IOException {
    String id = "XCWT" + Values.pad(++findingSeq, 7);
    findings.f(id).f(round).f(unit).f(category).q(desc).f(projectId).f(householdId)
        .f(fen < 0 ? "" : Values.money(fen)).f(Values.iso(found)).f(status)
        .f(rectified < 0 ? "" : Values.iso(rectified)).f(transferred ? "true" : "false").end();
    return id;
  }

  private void baselineFinding(Village v, Household h, ProjectAcc s) throws IOException {
    String[] cats = {"undelivered", "ineligible_beneficiary", "account_irregularity", "other"};
    String[] texts = {"该户补助资金发放台账与银行流水不一致", "该户识别程序不规范，入户核查记录缺失",
      "该户一卡通由村干部代管", "该户帮扶手册填写不实"};
    int k = rng.nextInt(4);
    int found = Values.day(2016, 10, 1) + rng.nextInt(860);
    int st = rng.nextInt(4);
    int rectified = st == 3 ? Math.min(AS_OF, found + 20 + rng.nextInt(120)) : -1;
    writeFinding(round(found), rng.nextBoolean() ? v.township : v.county, cats[k], texts[k], s.id, h.id, -1, found,
        STATUS_KNOWN[st], rectified, false);
  }

  private static String round(int day) {
    var d = Values.date(day);
    int m = d.getMonthValue();
    return d.getYear() + "-R" + (m <= 4 ? 1 : m <= 8 ? 2 : 3);
  }

  private static String describe(Clue c) {
    return "巡察发现" + categoryText(c.rule.category) + "问题：" + c.note;
  }

  private static String categoryText(String category) {
    return switch (category) {
      case "over_disbursed" -> "超额拨付";
      case "idle_funds" -> "资金闲置";
      case "undelivered" -> "资金未落地";
      case "ineligible_beneficiary" -> "违规享受政策";
      case "duplicate_payment" -> "重复发放";
      case "account_irregularity" -> "账户管理不规范";
      case "favoritism" -> "优亲厚友";
      case "timing" -> "资金支付时序不合规";
      default -> "其他";
    };
  }

  static String parentOf(String unit) {
    int dash = unit.indexOf('-');
    if (dash > 0) {
      return unit.substring(0, dash);
    }
    return switch (unit.length()) {
      case 12 -> unit.substring(0, 9);
      case 9 -> unit.substring(0, 6);
      default -> unit.equals(Names.CITY_CODE) ? null : Names.CITY_CODE;
    };
  }

  /** A unit one level below, or beside where nothing is below (a department). */
  private static String below(String unit, String villageCode) {
    if (unit.length() == 9) {
      return villageCode.startsWith(unit) ? villageCode : unit + "201";
    }
    if (unit.length() == 6) {
      return unit + "101";
    }
    return beside(unit);
  }

  private static String beside(String unit) {
    int dash = unit.indexOf('-');
    if (dash > 0) {
      return unit.endsWith("-FPB") ? unit.substring(0, dash) + "-JYJ" : unit.substring(0, dash) + "-FPB";
    }
    String parent = unit.substring(0, unit.length() - 3);
    String tail = unit.substring(unit.length() - 3);
    String other = tail.endsWith("1") ? Values.pad(Integer.parseInt(tail) + 1, 3) : Values.pad(Integer.parseInt(tail) - 1, 3);
    return parent + other;
  }

  /** rules.md "Matching": the status and finding each planted clue gets at {@code asOf}. */
  private SampleManifest.Planted resolve(Clue c, int asOf) {
    List<String> scope = new ArrayList<>();
    for (String u = c.unit; u != null; u = parentOf(u)) {
      scope.add(u);
    }
    PlantedFinding named = null;
    boolean known = false;
    for (PlantedFinding f : plantedFindings) {
      if (f.found() > asOf || !f.category().equals(c.rule.category) || !scope.contains(f.unit())) {
        continue;
      }
      if (f.projectId() != null && !f.projectId().equals(c.projectId)) {
        continue;
      }
      if (f.householdId() != null && !f.householdId().equals(c.householdId)) {
        continue;
      }
      if (f.projectId() == null && f.householdId() == null && c.evidence > f.found()) {
        continue;
      }
      if (!"rectified".equals(f.status()) || f.rectified() > asOf) {
        known = true;
      }
      if (named == null || f.found() > named.found()
          || (f.found() == named.found() && f.id().compareTo(named.id()) < 0)) {
        named = f;
      }
    }
    String status = named == null ? "new" : known ? "known" : "rectification_failed";
    return new SampleManifest.Planted(c.rule.name(), c.entityType, c.entityId, c.projectId, c.householdId, c.unit,
        Values.money(c.fen), status, named == null ? null : named.id(), c.note);
  }

  // ---------------------------------------------------------------- faults

  private void fault(CsvSink sink, long line, String reason) {
    sink.countFault();
    faults.add(new SampleManifest.Fault(sink.fileName(), line, reason));
  }

  private String badId(String county) {
    String good = specialId(county);
    char wrong = good.charAt(17) == '0' ? '1' : '0';
    return good.substring(0, 17) + wrong;
  }

  /** Rows that break each row rule of inputs.md; none of them touches anything a rule reads once quarantined. */
  private void faults(Village v, Household h, List<Pay> pays) throws IOException {
    String reg = Values.iso(Values.day(2014, 6, 1));
    String hid = v.code + "-E";
    String id = specialId(v.county);
    fault(householdsOut, householdsOut.f(hid + "01").f(v.code).f(badId(v.county)).q("马福海").f(3).f("registered")
        .f(reg).f("").f(account("623059" + v.countyIndex)).end(), "bad_id");
    fault(householdsOut, householdsOut.f(hid + "02").f(v.code).f(specialId(v.county)).f("").f(2).f("registered")
        .f(reg).f("").f("").end(), "missing_required");
    fault(householdsOut, householdsOut.f(hid + "03").f(v.code).f(specialId(v.county)).q("韩有录").f(4).f("脱贫户")
        .f(reg).f("").f("").end(), "bad_enum");
    fault(householdsOut, householdsOut.f(hid + "04").f(v.code).f(specialId(v.county)).q("祁生秀").f(2).f("exited")
        .f(reg).f("").f("").end(), "set_when");
    fault(householdsOut, householdsOut.f(hid + "05").f(v.code).f(specialId(v.county)).q("李德全").f(1).f("cancelled")
        .f(reg).f(Values.iso(Values.day(2013, 12, 1))).f("").end(), "end_before_start");
    fault(householdsOut, householdsOut.f(hid + "06").f(v.code).f(specialId(v.county)).q("冶国成").f(0)
        .f("registered").f(reg).f("").f("").end(), "out_of_range");
    fault(householdsOut, householdsOut.f(hid + "07").f(v.code).f(specialId(v.county)).q("赵玉兰").f(2)
        .f("registered").f(reg).f("").f("62284801234567").end(), "bad_account");
    fault(householdsOut, householdsOut.f(hid + "08").f(v.code).f(specialId(v.county)).q("孔发财").f(2)
        .f("registered").f("2015-02-30").f("").f("").end(), "bad_date");
    fault(householdsOut, householdsOut.f(h.id).f(v.code).f(h.head().id).q(h.head().name).f(h.members.size())
        .f("registered").f(Values.iso(h.registeredOn)).f("").f(account("623059" + v.countyIndex)).end(),
        "duplicate_key");

    fault(members, members.f(h.id).f(specialId(v.county)).q("马秀英").f("配偶").end(), "bad_enum");
    fault(members, members.f(h.id).f(badId(v.county)).q("马有福").f("child").end(), "bad_id");
    fault(members, members.f(h.id).f(h.head().id).q(h.head().name).f("head").end(), "duplicate_key");

    String pid = projectId(v.county);
    fault(projects, projects.f(pid + "A").q(v.name + "小型水利工程").f("infrastructure").f(v.county + "-JTJ")
        .f(v.code).f("2018-06-01").f("2018-03-01").f("100000.00").f("planned").end(), "end_before_start");
    fault(projects, projects.f(pid + "B").q(v.name + "光伏扶贫电站").f("industry").f(v.county + "-FPB").f(v.code)
        .f("2017-13-01").f("2018-06-30").f("800000.00").f("planned").end(), "bad_date");
    fault(projects, projects.f(pid + "C").q(v.name + "乡村旅游项目").f("industry").f(v.county + "-NYJ").f(v.code)
        .f("2018-01-01").f("2018-12-31").f("12.345").f("planned").end(), "bad_amount");

    ProjectAcc s = villageProject(v, 0);
    String aid = "BK" + v.code + "E";
    fault(allocations, allocations.f(aid + "1").f(s.id).f("central").q("财农〔2016〕1号").f("0.00")
        .f("2016-01-20").end(), "out_of_range");
    fault(allocations, allocations.f(aid + "2").f(s.id).f("省级").q("青财农字〔2016〕2号").f("10000.00")
        .f("2016-01-20").end(), "bad_enum");
    fault(allocations, allocations.f(aid + "3").f(s.id).f("county").q("县财预〔2016〕3号").f("1O000.00")
        .f("2016-01-20").end(), "bad_amount");

    String fid = "FK" + v.code + "E";
    Pay first = pays.get(0);
    String day = Values.iso(Values.day(2018, 7, 2));
    fault(disbursements, payRow(fid + "01", s.id, v.township, "household", h.id, h.head().name, h.account, "0.00", "",
        day), "zero_amount");
    fault(disbursements, payRow(fid + "02", s.id, v.township, "household", h.id, h.head().name, h.account, "300.00",
        first.id, day), "reversal_on_positive");
    fault(disbursements, payRow(fid + "03", s.id, v.township, "household", h.id, h.head().name, h.account, "-300.00",
        "", day), "reversal_missing");
    fault(disbursements, disbursements.raw(fid + "04," + s.id + "," + v.township + ",household," + h.id + ","
        + h.head().name + "," + "500.00," + day), "field_count");
    fault(disbursements, payRow(fid + "05", s.id, v.township, "household", h.id, h.head().name, h.account, "500.00",
        "", "2018/02/30"), "bad_date");
    fault(disbursements, payRow(fid + "06", s.id, v.township, "household", h.id, h.head().name, h.account, "123.456",
        "", day), "bad_amount");
    fault(disbursements, payRow(fid + "07", s.id, v.township, "household", h.id, h.head().name, h.account, "12O.00",
        "", day), "bad_amount");
    fault(disbursements, payRow(fid + "08", s.id, v.township, "individual", badId(v.county), "马尔沙", null,
        "2000.00", "", day), "bad_id");
    fault(disbursements, payRow(fid + "09", s.id, v.township, "household", h.id, "", h.account, "400.00", "", day),
        "missing_required");
    fault(disbursements, payRow(fid + "10", s.id, v.township, "单位", h.id, h.head().name, h.account, "400.00", "",
        day), "bad_enum");
    fault(disbursements, payRow(first.id, s.id, v.township, "household", h.id, h.head().name, h.account, "999.00", "",
        day), "duplicate_key");

    String did = "LD" + v.code + "E";
    fault(deliveries, deliveries.f(did + "1").f(s.id).f(h.id).f("300.00").f(day).f("银行回单").q("农商银行").end(),
        "bad_enum");
    fault(deliveries, deliveries.f(did + "2").f(s.id).f(h.id).f("-50.00").f(day).f("bank_credit").q("农商银行").end(),
        "out_of_range");

    String wid = "XCWT" + v.code + "E";
    fault(findings, findings.f(wid + "1").f("2018-R2").f(v.township).f("ineligible_beneficiary").q("清退不及时")
        .f("").f("").f("").f("2018-06-10").f("rectified").f("").f("false").end(), "set_when");
    fault(findings, findings.f(wid + "2").f("2018-R2").f(v.township).f("other").q("档案不全").f("").f("").f("")
        .f("2018-06-10").f("rectified").f("2018-05-01").f("false").end(), "end_before_start");
    fault(findings, findings.f(wid + "3").f("2018-R2").f(v.township).f("other").q("公示不到位").f("").f("").f("")
        .f("2018-06-10").f("open").f("").f("是").end(), "bad_bool");
    fault(findings, findings.f(wid + "4").f("2018-R2").f(v.township).f("违纪").q("吃拿卡要").f("").f("").f("")
        .f("2018-06-10").f("open").f("").f("true").end(), "bad_enum");

    fault(deaths, deaths.f(badId(v.county)).q("韩尕奴").f("2017-03-03").q("公安户籍注销").end(), "bad_id");
    fault(deaths, deaths.f(specialId(v.county)).q("马哈麦").f("2017-02-29").q("公安户籍注销").end(), "bad_date");
    fault(payroll, payroll.f(id).q("何春梅").q("县人民医院").f("2016-09-01").f("2016-03-31").end(), "end_before_start");
    fault(vehicles, vehicles.f(plate()).f(specialId(v.county)).f("car").f("2016-05-01").f("2015-05-01").end(),
        "end_before_start");
    fault(vehicles, vehicles.f(plate()).f(specialId(v.county)).f("三轮车").f("2016-05-01").f("").end(), "bad_enum");
    fault(companies, companies.f(creditCode(v.county)).q(Names.company(rng)).f(badId(v.county)).f("2015-03-01")
        .f("1000000.00").end(), "bad_id");
    fault(cadres, cadres.f(specialId(v.county)).q("才让").f(v.code).q("村监委会主任").f("2017-01-10")
        .f("2016-01-09").end(), "end_before_start");
    fault(cadres, cadres.f(specialId(v.county)).q("卓玛").f("").q("妇联主席").f("2017-01-10").f("").end(),
        "missing_required");
    fault(units, units.f(v.code + "-E1").q("扶贫互助协会").f("协会").f(v.county).end(), "bad_enum");
    fault(units, units.f(v.code + "-E2").f("").f("department").f(v.county).end(), "missing_required");
  }

  private long payRow(String id, String project, String unit, String type, String payee, String name,
      String account, String amount, String reversalOf, String day) throws IOException {
    return disbursements.f(id).f(project).f(unit).f(type).f(payee).q(name).f(account).q(amount).f(reversalOf)
        .f(day).f(voucher(Values.day(2018, 7, 2))).q("补助").end();
  }

  // ---------------------------------------------------------------- numbers

  private String specialId(String county) {
    long k = specialSeq++;
    if (k / 100 >= SPECIAL_DAYS) {
      throw new IllegalStateException("too many registry people for unique identity numbers: " + k);
    }
    int birth = BIRTH0 + (int) ((k / 100) * 37 % SPECIAL_DAYS);
    return IdNumbers.complete(county + Values.compact(birth) + (800 + k % 100));
  }

  private String memberId(String county, int birth, boolean male) {
    int seq = rng.nextInt(400) * 2 + (male ? 1 : 0);
    return IdNumbers.complete(county + Values.compact(birth) + Values.pad(seq, 3));
  }

  private String account(String prefix) {
    return prefix + Values.pad(++accountSeq, 19 - prefix.length());
  }

  private String voucher(int day) {
    var d = Values.date(day);
    return "记" + (d.getYear() * 100 + d.getMonthValue()) + "-" + Values.pad(++voucherSeq, 7);
  }

  private String projectId(String county) {
    return "XM" + county + "-" + Values.pad(++projectSeq, 6);
  }

  private String deliveryId() {
    return "LD" + Values.pad(++deliverySeq, 10);
  }

  private String plate() {
    long n = ++plateSeq;
    String letters = "ABCDEFGHJKLMNPQRSTUVWXYZ";
    return "青B" + letters.charAt((int) (n / 10000 % letters.length())) + Values.pad(n % 10000, 4)
        + (n / 240000 > 0 ? letters.charAt((int) (n / 240000 % letters.length())) : "");
  }

  private String creditCode(String county) {
    return "91" + county + "MA" + Values.pad(++companySeq, 7) + "X";
  }

  private static long roundUp(long fen, long step) {
    return (fen + step - 1) / step * step;
  }

  // ---------------------------------------------------------------- manifest

  SampleManifest manifest() {
    Map<String, SampleManifest.FileEntry> files = new LinkedHashMap<>();
    for (CsvSink s : sinks.values()) {
      files.put(s.fileName(), new SampleManifest.FileEntry(s.encoding(), s.records(), s.quarantined()));
    }
    List<SampleManifest.Planted> planted = new ArrayList<>(clues.size());
    for (Clue c : clues) {
      planted.add(resolve(c, AS_OF));
    }
    return new SampleManifest(households, seed, Values.iso(AS_OF), files, planted, faults, variants, null);
  }

  // ---------------------------------------------------------------- nightly increment

  /** The day after the drop's as_of: the nightly increment's payments, deliveries, allocations and as_of. */
  static final int NEXT_DAY = AS_OF + 1;

  /**
   * The new payments of a nightly increment, chosen while the drop is replayed: a baseline household is
   * paid once more whenever the increment falls behind {@code percent} of the drop's payment rows so far,
   * so the increment is that share of the drop's payments, spread evenly over the region. Amounts and
   * which payments have already arrived come from a generator of their own, so choosing them leaves the
   * drop's own random sequence, and thus every byte of the drop, as it is.
   */
  static final class Increment {
    final double percent;
    private final SplittableRandom rng;
    private final List<Pay> payments = new ArrayList<>();

    Increment(double percent, long seed) {
      if (!(percent > 0 && percent <= 100)) {
        throw new IllegalArgumentException("increment percent " + percent + " is not in (0, 100]");
      }
      this.percent = percent;
      this.rng = new SplittableRandom(seed ^ 0x6E696768746C79L);
    }

    void offer(ProjectAcc subsidy, Household h, long paymentRows) {
      if ((payments.size() + 1) * 100.0 > percent * paymentRows) {
        return;
      }
      Pay p = new Pay();
      p.project = subsidy;
      p.unit = subsidy.unit;
      p.payeeType = "household";
      p.payeeId = h.id;
      p.payeeName = h.head().name;
      p.account = h.account;
      p.fen = (h.members.size() * 200L + rng.nextInt(5) * 50L) * 100L;
      p.day = NEXT_DAY;
      p.purpose = "2019年一季度生活补助";
      // Card credits of the same day are often already confirmed by the bank; the rest arrive in a later drop.
      if (h.account != null && rng.nextBoolean()) {
        p.deliverFen = p.fen;
        p.deliverDay = NEXT_DAY;
        p.evidence = "bank_credit";
        p.source = "农商银行一卡通代发";
        p.deliverHousehold = h.id;
      }
      payments.add(p);
    }
  }

  /**
   * Writes the nightly increment after the drop has been replayed: the new payments (ids, vouchers and
   * delivery ids continuing the drop's own sequences, one batch voucher per village), the deliveries that
   * arrived the same day and, per project paid, a county allocation covering the new payments, so no
   * project is over-disbursed. Every rule stays as silent about the new rows as about the baseline.
   */
  SampleManifest writeIncrement(Path dir) throws IOException {
    if (increment == null) {
      throw new IllegalStateException("not replaying for an increment");
    }
    Charset utf8 = StandardCharsets.UTF_8;
    Map<String, CsvSink> out = new LinkedHashMap<>();
    try (CsvSink allocs = CsvSink.open(dir, "allocations.csv", utf8, false, "utf-8", "allocation_id", "project_id",
            "source_level", "doc_no", "amount", "allocated_on");
        CsvSink pays = CsvSink.open(dir, "disbursements.csv", utf8, false, "utf-8", "payment_id", "project_id",
            "unit_code", "payee_type", "payee_id", "payee_name", "payee_account", "amount", "reversal_of",
            "paid_on", "voucher_no", "purpose");
        CsvSink delivered = CsvSink.open(dir, "deliveries.csv", utf8, false, "utf-8", "delivery_id", "project_id",
            "household_id", "amount", "delivered_on", "evidence", "source")) {
      Map<ProjectAcc, Long> byProject = new LinkedHashMap<>();
      String batchVoucher = null;
      ProjectAcc batchProject = null;
      for (Pay p : increment.payments) {
        if (p.project != batchProject) {
          batchProject = p.project;
          batchVoucher = voucher(NEXT_DAY);
        }
        p.id = "FK" + Values.pad(++paySeq, 10);
        pays.f(p.id).f(p.project.id).f(p.unit).f(p.payeeType).f(p.payeeId).q(p.payeeName).f(p.account)
            .q(Values.money(p.fen)).f("").f(Values.iso(p.day)).f(batchVoucher).q(p.purpose).end();
        if (p.deliverFen >= 0) {
          delivered.f(deliveryId()).f(p.project.id).f(p.deliverHousehold).f(Values.money(p.deliverFen))
              .f(Values.iso(p.deliverDay)).f(p.evidence).q(p.source).end();
        }
        byProject.merge(p.project, p.fen, Long::sum);
      }
      for (Map.Entry<ProjectAcc, Long> e : byProject.entrySet()) {
        Alloc a = new Alloc("county", roundUp(e.getValue(), 10_000L), NEXT_DAY);
        allocs.f("BK" + Values.pad(++allocationSeq, 9)).f(e.getKey().id).f(a.level()).q(docNo(a))
            .q(Values.money(a.fen())).f(Values.iso(a.day())).end();
      }
      out.put(allocs.fileName(), allocs);
      out.put(pays.fileName(), pays);
      out.put(delivered.fileName(), delivered);
    }
    Map<String, SampleManifest.FileEntry> files = new LinkedHashMap<>();
    out.forEach((name, sink) -> files.put(name, new SampleManifest.FileEntry(sink.encoding(), sink.records(), 0)));
    List<SampleManifest.Planted> planted = new ArrayList<>(clues.size());
    for (Clue c : clues) {
      planted.add(resolve(c, NEXT_DAY));
    }
    return new SampleManifest(households, seed, Values.iso(NEXT_DAY), files, planted, List.of(), List.of(),
        new SampleManifest.Increment(increment.percent, Values.iso(AS_OF), increment.payments.size()));
  }

  @Override
  public void close() throws IOException {
    IOException first = null;
    for (CsvSink s : sinks.values()) {
      try {
        s.close();
      } catch (IOException e) {
        if (first == null) {
          first = e;
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }
}
