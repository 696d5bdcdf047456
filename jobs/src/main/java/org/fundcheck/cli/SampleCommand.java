package org.fundcheck.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.fundcheck.sample.SampleDrop;
import org.fundcheck.sample.SampleManifest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "sample",
    description = "Write a synthetic Haidong-like drop with planted anomalies and input faults (listed in manifest.json).")
final class SampleCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--out", required = true, description = "the folder to write the drop to")
  Path out;

  @Option(names = "--scale", defaultValue = "2000", description = "number of households (default 2000)")
  int scale;

  @Option(names = "--seed", defaultValue = "20190320", description = "random seed; the same seed gives the same files")
  long seed;

  @Option(names = "--increment", paramLabel = "PCT",
      description = "write instead the nightly increment on top of the drop of this scale and seed: new payments"
          + " numbering PCT percent of its payments, paid the day after its as_of, with their deliveries and allocations")
  Double increment;

  @Override
  public Integer call() throws IOException {
    long t0 = System.nanoTime();
    if (increment != null) {
      SampleManifest manifest = SampleDrop.writeIncrement(out, scale, seed, increment);
      spec.commandLine().getOut().printf(
          "wrote %s: nightly increment of %,d households, seed %d, as_of %s: %,d new payments (%s%% of the drop's),"
              + " %,d deliveries, %,d allocations (%.1f s)%n",
          out, scale, seed, manifest.asOf(), manifest.increment().payments(),
          java.math.BigDecimal.valueOf(increment).stripTrailingZeros().toPlainString(),
          manifest.files().get("deliveries.csv").rows(), manifest.files().get("allocations.csv").rows(),
          (System.nanoTime() - t0) / 1e9);
      spec.commandLine().getOut().flush();
      return 0;
    }
    SampleManifest manifest = SampleDrop.write(out, scale, seed);
    spec.commandLine().getOut().printf(
        "wrote %s: %,d households, seed %d, as_of %s, %d planted clues, %d faulty rows (%.1f s)%n",
        out, scale, seed, manifest.asOf(), manifest.planted().size(), manifest.faults().size(),
        (System.nanoTime() - t0) / 1e9);
    spec.commandLine().getOut().flush();
    return 0;
  }
}
