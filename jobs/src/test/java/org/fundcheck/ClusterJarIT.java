package org.fundcheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import org.fundcheck.sample.SampleManifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cluster jar run the way spark-submit runs it: a JVM with only Spark's and Delta's jars on its class
 * path (as a cluster's Spark installation and {@code --packages} give), SparkSubmit as its main class and
 * the jar as the application, the drop and the warehouse named by {@code file://} URIs so that every file
 * goes through Hadoop's FileSystem as it would on HDFS or S3. Runs in {@code mvn verify}, after the jar is
 * built.
 */
class ClusterJarIT {

  static final Path SAMPLE = Path.of("data-samples/haidong-mini");

  @TempDir Path dir;

  private static Path property(String name) {
    String value = System.getProperty(name);
    assertTrue(value != null, name + " is not set: run this test with mvn verify");
    return Path.of(value);
  }

  @Test
  void theJarHoldsTheProjectAndItsOwnLibrariesButNotSparkDeltaOrWhatSparkShips() throws Exception {
    try (JarFile jar = new JarFile(property("fundcheck.cluster.jar").toFile())) {
      assertEquals("org.fundcheck.cli.Main", jar.getManifest().getMainAttributes().getValue("Main-Class"));
      for (String present : List.of("org/fundcheck/cli/Main.class", "schemas/inputs.json", "log4j2.properties",
          "picocli/CommandLine.class", "org/apache/poi/xssf/usermodel/XSSFWorkbook.class",
          "org/apache/xmlbeans/XmlObject.class")) {
        assertTrue(jar.getEntry(present) != null, present + " is missing from the jar");
      }
      List<String> foreign = jar.stream().map(e -> e.getName())
          .filter(n -> n.startsWith("org/apache/spark/") || n.startsWith("io/delta/") || n.startsWith("org/apache/arrow/")
              || n.startsWith("com/fasterxml/jackson/") || n.startsWith("org/apache/hadoop/") || n.startsWith("scala/")
              || n.startsWith("org/apache/commons/") || n.startsWith("org/apache/logging/")
              || n.matches("META-INF/[^/]+\\.(SF|DSA|RSA|EC)") || n.endsWith("module-info.class"))
          .toList();
      assertEquals(List.of(), foreign);
      // POI's .xls and .xlsx workbooks are found through one services file that two of its jars declare.
      List<String> providers = new String(jar.getInputStream(
          jar.getEntry("META-INF/services/org.apache.poi.ss.usermodel.WorkbookProvider")).readAllBytes(), StandardCharsets.UTF_8)
          .lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).sorted().toList();
      assertEquals(List.of("org.apache.poi.hssf.usermodel.HSSFWorkbookFactory", "org.apache.poi.xssf.usermodel.XSSFWorkbookFactory"),
          providers);
    }
  }

  @Test
  void theSampleDropRunsUnderSparkSubmitWithTheWarehouseReachedThroughHadoop() throws Exception {
    String sparkClasspath = Files.readString(property("fundcheck.spark.classpath"), StandardCharsets.UTF_8).strip();
    // Spark and Delta only: the project's classes and its other libraries must come from the jar.
    assertTrue(sparkClasspath.contains("delta-spark_2.13"), sparkClasspath);
    for (String entry : sparkClasspath.split(File.pathSeparator)) {
      assertFalse(entry.contains("/info/picocli/") || entry.contains("/org/apache/poi/") || entry.contains("target/classes"),
          entry);
    }
    Path warehouse = dir.resolve("wh");
    Path summary = dir.resolve("summary.json");
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx2g"));
    command.addAll(Arrays.asList(System.getProperty("fundcheck.jvm.flags").strip().split("\\s+")));
    // Warnings only, as a Spark installation's conf/log4j2.properties would say; Spark's default is every INFO line.
    command.add("-Dlog4j2.configurationFile=" + Path.of("jobs/src/main/resources/log4j2.properties").toAbsolutePath());
    command.addAll(List.of("-cp", sparkClasspath, "org.apache.spark.deploy.SparkSubmit",
        "--master", "local[2]",
        "--class", "org.fundcheck.cli.Main",
        "--conf", "spark.sql.shuffle.partitions=2",
        "--conf", "spark.default.parallelism=2",
        "--conf", "spark.databricks.delta.snapshotPartitions=2",
        "--conf", "spark.ui.enabled=false",
        property("fundcheck.cluster.jar").toString(),
        "run",
        "--input", SAMPLE.toAbsolutePath().toUri().toString(),
        "--warehouse", warehouse.toUri().toString(),
        "--as-of", "2019-03-20",
        "--summary", summary.toString()));
    ProcessBuilder pb = new ProcessBuilder(command)
        .redirectOutput(dir.resolve("stdout.txt").toFile())
        .redirectError(dir.resolve("stderr.txt").toFile());
    pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    Process child = pb.start();
    boolean ended = child.waitFor(30, TimeUnit.MINUTES);
    if (!ended) {
      child.destroyForcibly();
    }
    String out = Files.readString(dir.resolve("stdout.txt"));
    String err = Files.readString(dir.resolve("stderr.txt"));
    assertTrue(ended, "spark-submit did not finish in 30 minutes; stderr:\n" + tail(err));
    assertEquals(0, child.exitValue(), "stderr:\n" + tail(err));

    SampleManifest manifest = SampleManifest.read(SAMPLE.resolve("manifest.json"));
    JsonNode json = new ObjectMapper().readTree(summary.toFile());
    assertEquals("succeeded", json.get("status").asText());
    assertEquals("2019-03-20", json.get("as_of").asText());
    assertTrue(out.startsWith("fundcheck run " + json.get("run_id").asText() + "  as_of 2019-03-20  succeeded"), out);
    Map<String, List<Long>> expectedFiles = new TreeMap<>();
    manifest.files().forEach((file, e) -> expectedFiles.put(file, List.of(e.rows(), e.rows() - e.quarantined(), (long) e.quarantined())));
    Map<String, List<Long>> files = new TreeMap<>();
    json.get("files").properties().forEach(f -> files.put(f.getKey(),
        List.of(f.getValue().get("read").asLong(), f.getValue().get("loaded").asLong(), f.getValue().get("quarantined").asLong())));
    assertEquals(expectedFiles, files);
    Map<String, Long> byRule = new TreeMap<>();
    json.at("/clues/by_rule").properties().forEach(f -> byRule.put(f.getKey(), f.getValue().asLong()));
    assertEquals(manifest.plantedByRule(), byRule);
    assertEquals(manifest.planted().size(), byRule.values().stream().mapToLong(Long::longValue).sum());

    // The run left its warehouse free and nothing staged: CSV files are read by the tasks themselves, so the
    // staging folder is made only when a workbook or a driver-local file had to be staged, and emptied after.
    assertFalse(Files.exists(warehouse.resolve("_lock")));
    if (Files.exists(warehouse.resolve("_staging"))) {
      try (var staged = Files.list(warehouse.resolve("_staging"))) {
        assertNull(staged.findAny().orElse(null));
      }
    }
    assertTrue(Files.isDirectory(warehouse.resolve("clues/clues/_delta_log")));
  }

  /** What tells why a run failed among Spark's log lines: progress lines, the error, exceptions and their causes. */
  private static String tail(String text) {
    List<String> lines = text.lines()
        .filter(l -> l.startsWith("[") || l.startsWith("fundcheck:") || l.startsWith("Caused by")
            || l.matches("^[\\w.$]+(Exception|Error)\\b.*"))
        .toList();
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 80), lines.size()));
  }
}
