package org.fundcheck.report.dossier;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.Locale;
import java.util.Map;

/** The Chinese words a team reads in the pack, and money as the workbook's {@code #,##0.00} shows it. */
final class Labels {

  static final String MONEY_FORMAT = "#,##0.00";
  static final String DATE_FORMAT = "yyyy-MM-dd";

  private static final Map<String, String> CLUE_STATUS = Map.of(
      "new", "新线索",
      "known", "已掌握",
      "rectification_failed", "整改不实",
      "resolved", "已消除");

  private static final Map<String, String> FINDING_STATUS = Map.of(
      "open", "未整改",
      "in_progress", "整改中",
      "rectified", "已整改",
      "long_term", "需长期整改");

  private static final Map<String, String> CATEGORY = Map.of(
      "over_disbursed", "超额拨付",
      "idle_funds", "资金闲置",
      "undelivered", "未落实到位",
      "ineligible_beneficiary", "违规享受",
      "duplicate_payment", "重复发放",
      "account_irregularity", "账户异常",
      "favoritism", "优亲厚友",
      "timing", "时限违规",
      "other", "其他");

  private static final Map<String, String> EVIDENCE_KIND = Map.of(
      "payment", "支付",
      "allocation", "下达",
      "delivery", "到位",
      "death", "死亡登记",
      "public_payroll", "财政供养",
      "vehicle", "车辆登记",
      "company", "工商登记",
      "village_cadre", "村干部",
      "household", "建档立卡户");

  private static final Map<String, String> RULE = Map.ofEntries(
      Map.entry("OVER_DISBURSED", "超拨付"),
      Map.entry("IDLE_FUNDS", "资金闲置"),
      Map.entry("UNDELIVERED_HOUSEHOLD", "到户资金未到位"),
      Map.entry("UNDELIVERED_PROJECT", "项目资金未落地"),
      Map.entry("DECEASED_PAYEE", "死亡人员领取"),
      Map.entry("PUBLIC_PAYROLL", "财政供养人员领取"),
      Map.entry("VEHICLE_OWNER", "有车户领取"),
      Map.entry("COMPANY_OWNER", "办企业户领取"),
      Map.entry("UNREGISTERED_PAYEE", "非建档立卡户领取"),
      Map.entry("DUPLICATE_PAYMENT", "重复支付"),
      Map.entry("SPLIT_PAYMENT", "拆分支付"),
      Map.entry("SHARED_ACCOUNT", "多户共用账户"),
      Map.entry("ACCOUNT_MISMATCH", "非本户账户入账"),
      Map.entry("CADRE_RELATIVE", "村干部亲属领取"),
      Map.entry("PAYMENT_OUT_OF_PERIOD", "超期限支付"));

  private Labels() {}

  /** "死亡人员领取（DECEASED_PAYEE）": the words a team reads, with the code the clue list files use. */
  static String rule(String code) {
    if (code == null) {
      return "";
    }
    String name = RULE.get(code);
    return name == null ? code : name + "（" + code + "）";
  }

  static String clueStatus(String status) {
    return label(CLUE_STATUS, status);
  }

  static String findingStatus(String status) {
    return label(FINDING_STATUS, status);
  }

  static String category(String category) {
    return label(CATEGORY, category);
  }

  static String evidenceKind(String kind) {
    return label(EVIDENCE_KIND, kind);
  }

  /** An unknown code is shown as it is rather than hidden: the team can still look it up. */
  private static String label(Map<String, String> labels, String code) {
    return code == null ? "" : labels.getOrDefault(code, code);
  }

  /** 1234567.5 → "1,234,567.50", exactly (DecimalFormat formats a BigDecimal without a double). */
  static String money(BigDecimal amount) {
    if (amount == null) {
      return "";
    }
    DecimalFormat f = new DecimalFormat(MONEY_FORMAT, DecimalFormatSymbols.getInstance(Locale.ROOT));
    f.setRoundingMode(RoundingMode.HALF_UP);
    return f.format(amount.setScale(2, RoundingMode.HALF_UP));
  }
}
