package org.fundcheck.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The input contract ({@code schemas/inputs.json}) as loaded at run time: the single description of
 * every file, used by the loader, the warehouse's table schemas and the tests.
 */
public final class InputContract {

  public static final String RESOURCE = "schemas/inputs.json";

  private static volatile InputContract instance;

  private final List<FileSpec> files;

  private InputContract(List<FileSpec> files) {
    this.files = List.copyOf(files);
  }

  /** The contract shipped with fundcheck (read once per JVM). */
  public static InputContract get() {
    InputContract c = instance;
    if (c == null) {
      synchronized (InputContract.class) {
        if (instance == null) {
          instance = load();
        }
        c = instance;
      }
    }
    return c;
  }

  /** Files in the order a drop is loaded: master data first, then the ledgers, findings, registries. */
  public List<FileSpec> files() {
    return files;
  }

  public FileSpec file(String name) {
    return files.stream()
        .filter(f -> f.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no file '" + name + "' in " + RESOURCE));
  }

  private static InputContract load() {
    try (InputStream in = InputContract.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is not on the class path; the build copies schemas/ there");
      }
      JsonNode root = new ObjectMapper().readTree(in);
      List<FileSpec> files = new ArrayList<>();
      for (JsonNode f : root.get("files")) {
        files.add(parseFile(f));
      }
      return new InputContract(files);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
  }

  private static FileSpec parseFile(JsonNode f) {
    List<String> key = new ArrayList<>();
    f.get("key").forEach(k -> key.add(k.asText()));
    List<ColumnSpec> columns = new ArrayList<>();
    for (JsonNode c : f.get("columns")) {
      List<String> values = new ArrayList<>();
      if (c.has("values")) {
        c.get("values").forEach(v -> values.add(v.asText()));
      }
      columns.add(
          new ColumnSpec(
              c.get("name").asText(),
              ColumnType.parse(c.get("type").asText()),
              c.path("required").asBoolean(false),
              values,
              decimal(c, "min"),
              decimal(c, "exclusiveMin"),
              c.path("nonZero").asBoolean(false),
              text(c, "pattern"),
              text(c, "patternText")));
    }
    List<RowRule> rules = new ArrayList<>();
    for (JsonNode r : f.path("rules")) {
      Optional<RowRule.Condition> when = Optional.empty();
      if (r.has("when")) {
        JsonNode w = r.get("when");
        List<String> in = new ArrayList<>();
        w.path("in").forEach(v -> in.add(v.asText()));
        Optional<RowRule.Sign> sign =
            text(w, "sign").map(s -> RowRule.Sign.valueOf(s.toUpperCase(Locale.ROOT)));
        when = Optional.of(new RowRule.Condition(w.get("column").asText(), in, sign));
      }
      rules.add(
          new RowRule(
              RowRule.Kind.valueOf(r.get("kind").asText().toUpperCase(Locale.ROOT)),
              r.get("column").asText(),
              text(r, "start"),
              when));
    }
    return new FileSpec(
        f.get("name").asText(), f.path("title").asText(""), key, text(f, "rowDate"), columns, rules);
  }

  private static Optional<String> text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v == null || v.isNull() ? Optional.empty() : Optional.of(v.asText());
  }

  private static Optional<BigDecimal> decimal(JsonNode node, String field) {
    return text(node, field).map(BigDecimal::new);
  }
}
