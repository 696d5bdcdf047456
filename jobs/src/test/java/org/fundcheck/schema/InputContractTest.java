package org.fundcheck.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * schemas/inputs.json and the prose contract (inputs.md) say the same thing: every file and column of
 * inputs.md is in the schema with its type, key, enum values and required flag, and nothing else is.
 * The contract is read from ../shared/contract/inputs.md (or -Dfundcheck.contract=PATH).
 */
class InputContractTest {

  /** What inputs.md says of one column. */
  record Described(String type, boolean key, boolean required, List<String> values) {}

  static Map<String, Map<String, Described>> described;

  @BeforeAll
  static void readInputsMd() throws IOException {
    Path md = Path.of(System.getProperty("fundcheck.contract", "../shared/contract/inputs.md"));
    assertTrue(Files.isRegularFile(md), "the input contract is not at " + md.toAbsolutePath());
    described = parse(Files.readString(md));
  }

  static Map<String, Map<String, Described>> parse(String text) {
    Map<String, Map<String, Described>> files = new LinkedHashMap<>();
    Pattern heading = Pattern.compile("^### (\\w+)\\.csv.*$", Pattern.MULTILINE);
    Matcher m = heading.matcher(text);
    List<int[]> spans = new ArrayList<>();
    List<String> names = new ArrayList<>();
    while (m.find()) {
      names.add(m.group(1));
      spans.add(new int[] {m.end(), 0});
    }
    for (int i = 0; i < names.size(); i++) {
      int end = i + 1 < names.size() ? text.lastIndexOf("###", text.indexOf("### " + names.get(i + 1) + ".csv")) : text.length();
      String body = text.substring(spans.get(i)[0], end);
      files.put(names.get(i), body.contains("| column |") ? table(body) : prose(body));
    }
    return files;
  }

  private static List<String> ticked(String s) {
    List<String> out = new ArrayList<>();
    Matcher m = Pattern.compile("`([^`]+)`").matcher(s);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  private static Map<String, Described> table(String body) {
    Map<String, Described> cols = new LinkedHashMap<>();
    for (String line : body.split("\n")) {
      if (!line.startsWith("| ") || line.startsWith("| column") || line.startsWith("|---")) {
        continue;
      }
      String[] cells = line.split("\\|");
      String name = cells[1].trim();
      String type = cells[2].trim();
      String rule = cells[3].trim();
      boolean key = rule.startsWith("key");
      boolean required = key || rule.contains("required") || type.equals("enum") || type.equals("id");
      cols.put(name, new Described(type, key, required, type.equals("enum") ? ticked(rule) : List.of()));
    }
    return cols;
  }

  /** Registry files are described in one paragraph: `col` (type, key), ... Key: a + b. */
  private static Map<String, Described> prose(String body) {
    String para = body.strip().split("\n\n")[0];
    String keyLine = para.contains("Key:") ? para.substring(para.indexOf("Key:")) : "";
    String cols = para.contains("Key:") ? para.substring(0, para.indexOf("Key:")) : para;
    List<String> keyParts = new ArrayList<>();
    for (String k : keyLine.replace("Key:", "").replace(".", "").split("\\+")) {
      if (!k.isBlank()) {
        keyParts.add(k.trim());
      }
    }
    Map<String, Described> out = new LinkedHashMap<>();
    Matcher m = Pattern.compile("`(\\w+)`(?: \\(([^)]*)\\))?").matcher(cols);
    while (m.find()) {
      String detail = m.group(2) == null ? "" : m.group(2);
      if (out.containsKey(m.group(1)) || isEnumValue(cols, m.start())) {
        continue;
      }
      String first = detail.isEmpty() ? "" : detail.split("[,:]")[0].trim();
      String type = first.isEmpty() || first.equals("key") ? "string" : first;
      boolean key = detail.contains("key") || keyParts.contains(m.group(1));
      out.put(m.group(1), new Described(type, key, key || type.equals("id"),
          type.equals("enum") ? ticked(detail) : List.of()));
    }
    return out;
  }

  /** Whether a backticked word stands inside an "(enum: ...)" list rather than naming a column. */
  private static boolean isEnumValue(String s, int at) {
    int open = s.lastIndexOf('(', at);
    int close = s.lastIndexOf(')', at);
    return open > close;
  }

  @Test
  void everyFileOfInputsMdIsInTheSchemaInTheSameOrder() {
    assertEquals(List.copyOf(described.keySet()),
        InputContract.get().files().stream().map(FileSpec::name).toList());
  }

  @Test
  void everyColumnHasTheDescribedTypeKeyEnumAndRequiredFlag() {
    for (FileSpec spec : InputContract.get().files()) {
      Map<String, Described> cols = described.get(spec.name());
      assertEquals(List.copyOf(cols.keySet()), spec.columnNames(), spec.name());
      List<String> key = new ArrayList<>();
      cols.forEach((name, d) -> {
        if (d.key()) {
          key.add(name);
        }
      });
      assertEquals(key, spec.key(), spec.name() + " key");
      for (ColumnSpec c : spec.columns()) {
        Described d = cols.get(c.name());
        String where = spec.name() + "." + c.name();
        String type = c.type() == ColumnType.REF ? "string" : c.type().name().toLowerCase();
        assertEquals(d.type(), type, where + " type");
        assertEquals(d.values(), c.values(), where + " enum values");
        if (d.required()) {
          assertTrue(c.required(), where + " is required in inputs.md");
        }
      }
    }
  }

  @Test
  void rowDatesAreTheDatesRulesMdCutsBy() {
    Map<String, String> expected = new LinkedHashMap<>();
    expected.put("allocations", "allocated_on");
    expected.put("disbursements", "paid_on");
    expected.put("deliveries", "delivered_on");
    expected.put("findings", "found_on");
    expected.put("deaths", "died_on");
    expected.put("public_payroll", "on_payroll_since");
    expected.put("vehicles", "registered_on");
    expected.put("companies", "registered_on");
    expected.put("village_cadres", "term_start");
    for (FileSpec spec : InputContract.get().files()) {
      assertEquals(java.util.Optional.ofNullable(expected.get(spec.name())), spec.rowDate(), spec.name());
    }
  }
}
