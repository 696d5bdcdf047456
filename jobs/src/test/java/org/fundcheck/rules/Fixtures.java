package org.fundcheck.rules;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.fundcheck.TestSpark;
import org.fundcheck.schema.InputContract;

/**
 * Small typed input tables for rule tests, written as compact comma-separated rows under a header naming
 * some of the file's columns (the others are null). Empty values are null, money BigDecimal, dates
 * LocalDate, as the warehouse stores them.
 */
public final class Fixtures {

  public static final String PAYMENTS =
      "payment_id,project_id,unit_code,payee_type,payee_id,payee_name,payee_account,amount,reversal_of,paid_on,voucher_no";
  public static final String HOUSEHOLDS =
      "household_id,village_code,head_id_number,head_name,members,status,registered_on,exited_on,bank_account";
  public static final String PROJECTS =
      "project_id,project_name,category,unit_code,village_code,start_date,end_date,budget,status";
  public static final String ALLOCATIONS = "allocation_id,project_id,source_level,doc_no,amount,allocated_on";
  public static final String DELIVERIES = "delivery_id,project_id,household_id,amount,delivered_on,evidence,source";

  private Fixtures() {}

  public static Dataset<Row> table(String name, String header, String... rows) {
    StructType schema = InputContract.get().file(name).sparkSchema();
    List<String> columns = Arrays.asList(header.split(","));
    for (String c : columns) {
      schema.fieldIndex(c);
    }
    List<Row> parsed = new ArrayList<>();
    for (String line : rows) {
      String[] values = line.split(",", -1);
      if (values.length != columns.size()) {
        throw new IllegalArgumentException(name + ": " + columns.size() + " columns expected in '" + line + "'");
      }
      Object[] out = new Object[schema.size()];
      for (int i = 0; i < values.length; i++) {
        int at = schema.fieldIndex(columns.get(i));
        out[at] = value(schema.fields()[at].dataType(), values[i]);
      }
      parsed.add(RowFactory.create(out));
    }
    return TestSpark.session().createDataFrame(parsed, schema);
  }

  private static Object value(DataType type, String text) {
    if (text.isEmpty()) {
      return null;
    }
    if (type instanceof DecimalType) {
      return new BigDecimal(text).setScale(2);
    }
    if (type.equals(DataTypes.DateType)) {
      return LocalDate.parse(text);
    }
    if (type.equals(DataTypes.IntegerType)) {
      return Integer.valueOf(text);
    }
    if (type.equals(DataTypes.BooleanType)) {
      return Boolean.valueOf(text);
    }
    return text;
  }

  /** A context over the given tables (name, dataset, name, dataset, …) with default settings. */
  public static RuleContext context(String asOf, Object... namesAndTables) {
    return context(asOf, Settings.defaults(), namesAndTables);
  }

  public static RuleContext context(String asOf, Settings settings, Object... namesAndTables) {
    Map<String, Dataset<Row>> tables = new LinkedHashMap<>();
    for (int i = 0; i < namesAndTables.length; i += 2) {
      @SuppressWarnings("unchecked")
      Dataset<Row> t = (Dataset<Row>) namesAndTables[i + 1];
      tables.put((String) namesAndTables[i], t);
    }
    return new RuleContext(TestSpark.session(), LocalDate.parse(asOf), settings, tables);
  }

  /** The clues found, by entity_id (and project_id when set, as {@code entity|project}). */
  public static Map<String, Row> cluesByEntity(Detection d) {
    Map<String, Row> out = new LinkedHashMap<>();
    for (Row r : d.clues().collectAsList()) {
      String key = r.getAs("entity_id");
      String project = r.getAs("project_id");
      String entityType = r.getAs("entity_type");
      if (project != null && !"project".equals(entityType) && !"payment".equals(entityType)) {
        key = key + "|" + project;
      }
      if (out.put(key, r) != null) {
        throw new AssertionError("two clues for " + key);
      }
    }
    return out;
  }

  /** Evidence rows by clue_id, each list ordered by (kind, ref_id). */
  public static Map<String, List<Row>> evidenceByClue(Detection d) {
    Map<String, List<Row>> out = new LinkedHashMap<>();
    for (Row r : d.evidence().collectAsList()) {
      out.computeIfAbsent(r.getAs("clue_id"), k -> new ArrayList<>()).add(r);
    }
    Comparator<Row> order =
        Comparator.<Row, String>comparing(r -> r.getAs("kind")).thenComparing(r -> r.<String>getAs("ref_id"));
    out.values().forEach(l -> l.sort(order));
    return out;
  }

  /** "kind:ref_id" of each evidence row, for compact assertions. */
  public static List<String> refs(List<Row> evidence) {
    return evidence.stream().map(r -> r.<String>getAs("kind") + ":" + r.<String>getAs("ref_id")).toList();
  }

  public static BigDecimal money(String text) {
    return new BigDecimal(text);
  }

  public static LocalDate date(String text) {
    return LocalDate.parse(text);
  }

  /** Asserts a detection has exactly the column names and types of {@link Detection}. */
  public static void assertShape(Detection d) {
    assertSameColumns(Detection.CLUE_SCHEMA, d.clues().schema());
    assertSameColumns(Detection.EVIDENCE_SCHEMA, d.evidence().schema());
  }

  private static void assertSameColumns(StructType expected, StructType actual) {
    List<String> e = Arrays.stream(expected.fields()).map(Fixtures::describe).toList();
    List<String> a = Arrays.stream(actual.fields()).map(Fixtures::describe).toList();
    if (!e.equals(a)) {
      throw new AssertionError("columns " + a + " differ from " + e);
    }
  }

  private static String describe(StructField f) {
    return f.name() + ":" + f.dataType().simpleString();
  }
}
