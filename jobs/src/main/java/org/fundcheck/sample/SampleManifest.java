package org.fundcheck.sample;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a synthetic drop holds and what a correct run over it must report (manifest.json): the clues planted
 * with their exact unit, amount, status and finding at {@code as_of}, every row the loader must quarantine
 * (file, physical line, kind of fault) and the accepted format variants that must load.
 *
 * <p>A nightly increment's manifest has {@code increment} set: its files are the increment's, its as_of the
 * increment's, and its planted clues what the whole warehouse (the drop, then the increment) must report at
 * that as_of; it plants no faults and no variants.
 */
public record SampleManifest(
    @JsonProperty("scale") int scale,
    @JsonProperty("seed") long seed,
    @JsonProperty("as_of") String asOf,
    @JsonProperty("files") Map<String, FileEntry> files,
    @JsonProperty("planted") List<Planted> planted,
    @JsonProperty("faults") List<Fault> faults,
    @JsonProperty("variants") List<Variant> variants,
    @JsonProperty("increment") @JsonInclude(JsonInclude.Include.NON_NULL) Increment increment) {

  public SampleManifest {
    files = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(files));
    planted = List.copyOf(planted);
    faults = List.copyOf(faults);
    variants = List.copyOf(variants);
  }

  /**
   * What makes a drop a nightly increment.
   *
   * @param percent the new payments as a share of the base drop's payment rows, in percent
   * @param baseAsOf the as_of of the drop it goes on top of
   * @param payments how many new payments it holds
   */
  public record Increment(
      @JsonProperty("percent") double percent,
      @JsonProperty("base_as_of") String baseAsOf,
      @JsonProperty("payments") long payments) {}

  /** One file of the drop: its encoding, records written (header excluded) and how many must be quarantined. */
  public record FileEntry(
      @JsonProperty("encoding") String encoding,
      @JsonProperty("rows") long rows,
      @JsonProperty("quarantined") int quarantined) {}

  /** One clue a correct run must report. */
  @JsonInclude(JsonInclude.Include.ALWAYS)
  public record Planted(
      @JsonProperty("rule_code") String ruleCode,
      @JsonProperty("entity_type") String entityType,
      @JsonProperty("entity_id") String entityId,
      @JsonProperty("project_id") String projectId,
      @JsonProperty("household_id") String householdId,
      @JsonProperty("unit_code") String unitCode,
      @JsonProperty("amount_at_stake") String amountAtStake,
      @JsonProperty("status") String status,
      @JsonProperty("finding_id") String findingId,
      @JsonProperty("note") String note) {}

  /** One row the loader must quarantine. */
  public record Fault(
      @JsonProperty("file") String file,
      @JsonProperty("line") long line,
      @JsonProperty("reason") String reason) {}

  /** One row written in an accepted but unusual form, which must load. */
  public record Variant(
      @JsonProperty("file") String file,
      @JsonProperty("line") long line,
      @JsonProperty("variant") String variant) {}

  private static ObjectMapper mapper() {
    return new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
  }

  public static SampleManifest read(Path file) throws IOException {
    return mapper().readValue(Files.readAllBytes(file), SampleManifest.class);
  }

  /** Writes the manifest as UTF-8 JSON with LF line ends, the same bytes on every platform. */
  public void write(Path file) throws IOException {
    DefaultIndenter lf = new DefaultIndenter("  ", "\n");
    DefaultPrettyPrinter printer = new DefaultPrettyPrinter().withObjectIndenter(lf).withArrayIndenter(lf);
    String json = mapper().writer(printer).writeValueAsString(this) + "\n";
    Files.write(file, json.getBytes(StandardCharsets.UTF_8));
  }

  /** Planted clues by rule code, in the manifest's order. */
  public Map<String, Long> plantedByRule() {
    Map<String, Long> counts = new java.util.TreeMap<>();
    for (Planted p : planted) {
      counts.merge(p.ruleCode(), 1L, Long::sum);
    }
    return counts;
  }
}
