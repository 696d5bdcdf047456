package org.fundcheck.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.fundcheck.TestSpark;
import org.fundcheck.load.Encodings;
import org.fundcheck.rules.Settings;
import org.fundcheck.warehouse.Warehouse;

/**
 * The bundled sample delivered over two nights and over one (see {@link NightDrops}), run once per test
 * JVM and shared by the tests of nightly operation, which only read these warehouses or work on copies.
 *
 * <ul>
 *   <li>{@link #afterFirstNight}: the first night's drop run at {@link #FIRST};
 *   <li>{@link #twoNights}: a copy of it, then the second night's drop run at {@link #SECOND};
 *   <li>{@link #oneRun}: the union of both nights run once at {@link #SECOND}.
 * </ul>
 */
final class TwoNights {

  static final LocalDate FIRST = LocalDate.of(2018, 3, 31);
  static final LocalDate SECOND = LocalDate.of(2019, 3, 20);

  /**
   * What the second night corrects: a household's card account mistyped on the first night, a payment
   * amount booked short, and the voucher number of a make-up payment first booked under the voucher of
   * the payment it tops up.
   */
  static final List<NightDrops.Correction> CORRECTIONS = List.of(
      new NightDrops.Correction("households.csv", "630202101201-001", "bank_account",
          "6230950000000000001", "6230590000000000001"),
      new NightDrops.Correction("disbursements.csv", "FK0000000001", "amount", "900.00", "1400.00"),
      new NightDrops.Correction("disbursements.csv", "FK0000002730", "voucher_no",
          "记201706-0000252", "记201707-0000259"));

  private static TwoNights shared;

  final Path root;
  final Path firstNight;
  final Path secondNight;
  final Path union;
  final Path afterFirstNight;
  final Warehouse twoNights;
  final Warehouse oneRun;
  final RunSummary first;
  final RunSummary second;
  final RunSummary unionRun;

  private TwoNights() throws IOException {
    root = Files.createTempDirectory("two-nights");
    Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(root)));
    firstNight = root.resolve("night1");
    secondNight = root.resolve("night2");
    union = root.resolve("union");
    NightDrops.write(Path.of("data-samples/haidong-mini"), FIRST, CORRECTIONS, firstNight, secondNight, union);
    afterFirstNight = root.resolve("after-first-night");
    first = run(firstNight, warehouse(afterFirstNight), FIRST);
    twoNights = warehouse(copy(afterFirstNight, "two-nights"));
    second = run(secondNight, twoNights, SECOND);
    oneRun = warehouse(root.resolve("one-run"));
    unionRun = run(union, oneRun, SECOND);
  }

  static synchronized TwoNights get() {
    if (shared == null) {
      try {
        shared = new TwoNights();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return shared;
  }

  static RunSummary run(Path drop, Warehouse warehouse, LocalDate asOf) {
    return run(drop, warehouse, asOf, line -> { });
  }

  static RunSummary run(Path drop, Warehouse warehouse, LocalDate asOf, Consumer<String> progress) {
    return new NightlyRun(TestSpark.session(), new NightlyRun.Options(
        drop.toString(), warehouse.root(), asOf, Encodings.Choice.AUTO, Settings.defaults()), progress).execute();
  }

  private static void deleteTree(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // A temporary folder left behind at exit is harmless.
    }
  }

  static Warehouse warehouse(Path dir) {
    return new Warehouse(TestSpark.session(), dir.toString());
  }

  /** A copy of a warehouse folder under the fixture's folder (Delta logs name files relative to their table). */
  Path copy(Path warehouseDir, String name) {
    Path to = root.resolve(name);
    try (Stream<Path> paths = Files.walk(warehouseDir)) {
      for (Path p : paths.toList()) {
        Files.copy(p, to.resolve(warehouseDir.relativize(p).toString()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return to;
  }
}
