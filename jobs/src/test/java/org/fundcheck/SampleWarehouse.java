package org.fundcheck;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.stream.Stream;
import org.fundcheck.load.Encodings;
import org.fundcheck.rules.Settings;
import org.fundcheck.run.NightlyRun;
import org.fundcheck.run.RunSummary;
import org.fundcheck.sample.SampleManifest;
import org.fundcheck.warehouse.Warehouse;

/**
 * The bundled sample drop run once per JVM by the nightly job at its manifest's as_of, with default
 * settings. Several test classes only read what that run left (clue list, dossier, notebook API); a full
 * run costs most of a minute, so they share one warehouse and must not write to it.
 */
public final class SampleWarehouse {

  public static final Path DROP = Path.of("data-samples/haidong-mini");
  private static final Path ROOT = Path.of("target", "test-sample-warehouse").toAbsolutePath();

  private static SampleWarehouse built;

  private final SampleManifest manifest;
  private final RunSummary run;

  private SampleWarehouse(SampleManifest manifest, RunSummary run) {
    this.manifest = manifest;
    this.run = run;
  }

  public static synchronized SampleWarehouse get() {
    if (built == null) {
      try {
        deleteTree(ROOT);
        SampleManifest manifest = SampleManifest.read(DROP.resolve("manifest.json"));
        RunSummary run = new NightlyRun(TestSpark.session(), new NightlyRun.Options(
            DROP.toString(), ROOT.toString(), LocalDate.parse(manifest.asOf()), Encodings.Choice.AUTO, Settings.defaults()))
            .execute();
        built = new SampleWarehouse(manifest, run);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return built;
  }

  public SampleManifest manifest() {
    return manifest;
  }

  /** The summary of the one run that built the warehouse. */
  public RunSummary run() {
    return run;
  }

  public String root() {
    return ROOT.toString();
  }

  public Warehouse warehouse() {
    return new Warehouse(TestSpark.session(), root());
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
