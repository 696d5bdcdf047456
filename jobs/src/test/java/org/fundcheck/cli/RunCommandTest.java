package org.fundcheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.fundcheck.Drops;
import org.fundcheck.TestSpark;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The run command as a user meets it: exit status, one-line errors, the printed and JSON summaries. */
class RunCommandTest {

  @TempDir Path dir;

  /** What one invocation returned and printed. */
  record Outcome(int status, String out, String err) {}

  @BeforeAll
  static void sharedSession() {
    TestSpark.session();
  }

  static Outcome fundcheck(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int status = Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new Outcome(status, out.toString(), err.toString());
  }

  @Test
  void missingInputFolderIsAOneLineError() {
    Path missing = dir.resolve("no-such-drop");
    Outcome o = fundcheck("run", "--input", missing.toString(), "--warehouse", dir.resolve("wh").toString());
    assertEquals(2, o.status());
    assertEquals("fundcheck: input folder " + missing
        + " does not exist or is not a folder; pass the drop's folder with --input\n", o.err());
  }

  @Test
  void unknownEncodingAndBadAsOfAreRejectedBeforeAnythingRuns() {
    Outcome enc = fundcheck("run", "--input", dir.toString(), "--warehouse", dir.resolve("wh").toString(),
        "--encoding", "big5");
    assertEquals(2, enc.status());
    assertEquals("fundcheck: unknown --encoding 'big5': use auto (decide per file), utf-8 or gb18030\n", enc.err());
    Outcome date = fundcheck("run", "--input", dir.toString(), "--warehouse", dir.resolve("wh").toString(),
        "--as-of", "2019/03/20");
    assertEquals(2, date.status());
    assertEquals("fundcheck: --as-of '2019/03/20' is not a date; write it as yyyy-MM-dd, e.g. --as-of 2019-03-20\n",
        date.err());
    Outcome setting = fundcheck("run", "--input", dir.toString(), "--warehouse", dir.resolve("wh").toString(),
        "--set", "idle_dayz=3");
    assertEquals(2, setting.status());
    assertTrue(setting.err().startsWith("fundcheck: unknown setting 'idle_dayz': the rules know only tolerance, "), setting.err());
  }

  @Test
  void aWarehouseThatCannotBeCreatedIsAOneLineError() throws Exception {
    Path drop = dir.resolve("drop");
    Drops.write(drop, "units.csv", "unit_code,unit_name,unit_type,parent_code\n630200,海东市,city,\n");
    Path file = Files.writeString(dir.resolve("not-a-folder"), "x");
    Outcome o = fundcheck("run", "--input", drop.toString(), "--warehouse", file.resolve("wh").toString());
    assertEquals(2, o.status());
    assertTrue(o.err().startsWith("fundcheck: cannot write to warehouse " + file.resolve("wh") + ": "), o.err());
    assertTrue(o.err().endsWith("; choose a folder you can write to with --warehouse\n"), o.err());
    assertEquals(1, o.err().lines().count());
  }

  @Test
  void aHeaderWithoutTheContractsColumnsStopsTheRunAndSaysWhichAreMissing() {
    Path drop = dir.resolve("drop");
    Path units = Drops.write(drop, "units.csv", "unit_code,name,unit_type\n630200,海东市,city\n");
    Outcome o = fundcheck("run", "--input", drop.toString(), "--warehouse", dir.resolve("wh").toString());
    assertEquals(2, o.status());
    // Progress lines come first on stderr; the error is the last line.
    List<String> lines = o.err().lines().toList();
    assertEquals("fundcheck: " + units + " lacks the contract's column(s) unit_name, parent_code (its header is:"
        + " unit_code,name,unit_type); fix the header row and load it again", lines.get(lines.size() - 1));
  }

  @Test
  void aRunPrintsItsSummaryAndWritesTheJson() throws Exception {
    Path drop = dir.resolve("drop");
    Drops.write(drop, "units.csv", "unit_code,unit_name,unit_type,parent_code,extra\n630200,海东市,city,,x\n630222,民和县,county,630200,\n630222,民和县,county,630200,\n");
    Drops.write(drop, "README.txt", "not part of the contract\n");
    Path summary = dir.resolve("out/summary.json");
    Outcome o = fundcheck("run", "--input", drop.toString(), "--warehouse", dir.resolve("wh").toString(),
        "--as-of", "2019-03-20", "--summary", summary.toString());
    assertEquals(0, o.status(), o.err());
    assertTrue(o.out().contains("units.csv                UTF-8                 3          2            1"), o.out());
    JsonNode json = new ObjectMapper().readTree(summary.toFile());
    assertEquals("2019-03-20", json.get("as_of").asText());
    assertEquals("succeeded", json.get("status").asText());
    assertEquals(3, json.at("/files/units.csv/read").asLong());
    assertEquals(2, json.at("/files/units.csv/loaded").asLong());
    assertEquals(1, json.at("/files/units.csv/quarantined").asLong());
    assertEquals("1.00", json.at("/settings/tolerance").asText());
    assertTrue(json.get("seconds").isNumber());
    assertTrue(json.get("run_id").asText().matches("\\d{8}T\\d{6}Z-[0-9a-f]{8}"), json.get("run_id").asText());

    // Where the time went, part by part, and the heap the run needed.
    JsonNode t = json.get("timings");
    assertEquals(List.of("run_ledger", "load", "scope", "reconcile", "rules", "matching", "ledger_merge",
        "table_versions"), names(t));
    assertEquals(List.of("units.csv", "quarantine", "earlier_runs"), names(t.get("load")));
    assertEquals(List.of("staging", "loading"), names(t.at("/load/units.csv")));
    // A first run: what changed is looked up (scope: only the checks against the last run, as there is
    // none), then the ledgers are summed in full and every rule runs over the whole warehouse.
    assertEquals(List.of("checks"), names(t.get("scope")));
    List<String> ruleParts = new java.util.ArrayList<>();
    org.fundcheck.rules.Rules.all().forEach(r -> ruleParts.add(r.code()));
    assertEquals(ruleParts, names(t.get("rules")));
    assertEquals("every household", json.at("/scope/household_ledger_households_recomputed").asText());
    assertEquals("no earlier succeeded run", json.at("/scope/reason").asText());
    assertEquals("every clue", json.at("/scope/recomputed").asText());
    assertEquals(15, json.at("/scope/rule_catalog").size());
    assertEquals(64, json.at("/scope/rules_code_sha256").asText().length());
    assertTrue(o.out().contains("every clue recomputed: no earlier succeeded run"), o.out());
    assertEquals(List.of("tables", "history", "clues", "evidence", "counts"), names(t.get("ledger_merge")));
    assertEquals(List.of("project_ledger", "household_ledger", "totals"), names(t.get("reconcile")));
    long peak = json.get("peak_heap_mb").asLong();
    long live = json.get("peak_live_heap_mb").asLong();
    assertTrue(peak > 0 && live >= 0 && live <= peak, peak + " / " + live);
    assertTrue(o.out().contains("(peak heap " + String.format("%,d", peak) + " MiB)"), o.out());
  }

  private static List<String> names(JsonNode object) {
    List<String> names = new java.util.ArrayList<>();
    object.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
