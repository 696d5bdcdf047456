package org.fundcheck.sample;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.fundcheck.FundcheckErrors;

/**
 * Writes a synthetic drop for a Haidong-like region (海东市 and its six counties): every file of inputs.md
 * plus {@code manifest.json} naming the clues a correct run must report at the manifest's as_of
 * (2019-03-20), the rows it must quarantine and the accepted variants it must load.
 *
 * <p>The same (households, seed) gives byte-identical files: one {@link java.util.SplittableRandom} drives
 * everything and nothing is produced by iterating a hash container. Rows are streamed village by village;
 * only the current village's project totals and the (few) planted clues and their findings are held.
 *
 * <p><b>Planting.</b> For each of the 15 rules, {@code 2 + households/1000} clues are planted at evenly
 * spread "slot" households; {@code 1 + households/2000} of each near miss, one fault batch per 100,000
 * households and one set of format variants. A slot household's people all get identity numbers from a
 * counter (seq 800–899, never drawn for anybody else), so a registry row written for one of them can touch
 * no other household. Every fourth planted clue is left alone (status new), every fourth gets an open or
 * in-progress finding (known), every fourth a rectified one (rectification_failed), and every fourth a
 * finding that must not match (a unit below or beside, category {@code other}, a broad finding dated before
 * the evidence, another project or household). Status and finding of every planted clue are then computed
 * by the matching rules of rules.md over all planted findings, so accidental overlaps stay exact.
 *
 * <p><b>Invariants of the baseline</b> (everything not planted), which keep every rule silent:
 * <ul>
 *   <li>Each household payment is delivered in full by a {@code bank_credit} (or, for a household without
 *       a card, {@code household_confirmation}) delivery 1–3 days later under the same project and household.
 *   <li>Household payments go to the household's registered {@code bank_account} (or in cash when it has
 *       none); each account belongs to one household; cancelled households are paid only up to their
 *       exited_on, exited ones keep being paid; no payment names an unregistered household.
 *   <li>A payee gets the same amount under one project at most once per 30 days (half-yearly subsidies,
 *       yearly school aid, monthly public-welfare jobs on the 15th); vouchers are unique per payment except
 *       village batch vouchers, which name each household once.
 *   <li>Company and individual payees get one company or person per project: company instalments are at
 *       least 30% of at least 300,000 yuan and months apart, individual grants single, so the split threshold
 *       is never approached; completed/accepted projects have an acceptance delivery covering at least 97%
 *       of what was paid to companies and individuals.
 *   <li>Allocations equal the project's net disbursed rounded up to 100 yuan, dated 15–45 days before the
 *       project starts: no project is over-disbursed or idle, and every payment falls inside the project
 *       period and after its first allocation.
 *   <li>Deaths, public payroll, vehicles, company legal representatives and village cadres of the baseline
 *       are people with counter-made identity numbers who belong to no household.
 *   <li>Baseline findings name a baseline household and its subsidy project (or category {@code other}),
 *       so they can never match a planted clue.
 * </ul>
 * Near misses planted next to the clues: an exited household still paid; tractor and motorcycle owners; a car
 * deregistered before any payment; a payment reversed in full and paid again six days later; two households
 * sharing one card; a delivery short by exactly the 1.00 tolerance; an undelivered payment inside the 30-day
 * grace period; payroll that ended before any payment; a cadre of another village; a household member (not
 * the head) who died; a company registered after as_of; the same amount paid 11 days apart; and a duplicate
 * payment recovered by a reversal (追回) with its rectified finding, which no longer fires.
 *
 * <p>Faults: each row rule of inputs.md broken at least once, in rows nothing else depends on (keys of their
 * own; a repeated key always comes after the row it repeats). households.csv is GB18030 (with the head
 * name 刘䶮), projects.csv UTF-8 with BOM, the rest UTF-8.
 */
public final class SampleDrop {

  /** The smallest drop that holds every planted clue and near miss with room between them. */
  public static final int MIN_HOUSEHOLDS = 200;

  private SampleDrop() {}

  public static SampleManifest write(Path outDir, int households, long seed) throws IOException {
    if (households < MIN_HOUSEHOLDS) {
      throw FundcheckErrors.sampleTooSmall(households, MIN_HOUSEHOLDS);
    }
    Files.createDirectories(outDir);
    SampleManifest manifest;
    try (Generator g = new Generator(outDir, households, seed)) {
      g.run();
      manifest = g.manifest();
    }
    manifest.write(outDir.resolve("manifest.json"));
    return manifest;
  }

  /**
   * Writes the nightly increment that follows the drop {@link #write} makes of (households, seed): new
   * payments numbering {@code percent} of the drop's payment rows, to households of the drop's baseline,
   * paid the day after its as_of, with the deliveries that arrived that day and the allocations that cover
   * them, plus a {@code manifest.json} whose as_of is that day and whose planted clues are what a run over
   * the drop and then the increment must report. Every row is valid and no new clue arises. The drop is
   * replayed in memory, not read: the increment needs nothing but the same (households, seed).
   */
  public static SampleManifest writeIncrement(Path outDir, int households, long seed, double percent)
      throws IOException {
    if (households < MIN_HOUSEHOLDS) {
      throw FundcheckErrors.sampleTooSmall(households, MIN_HOUSEHOLDS);
    }
    if (!(percent > 0 && percent <= 100)) {
      throw FundcheckErrors.badIncrement(Double.isFinite(percent)
          ? java.math.BigDecimal.valueOf(percent).stripTrailingZeros().toPlainString() : String.valueOf(percent));
    }
    Files.createDirectories(outDir);
    SampleManifest manifest;
    try (Generator g = new Generator(outDir, households, seed, new Generator.Increment(percent, seed))) {
      g.run();
      manifest = g.writeIncrement(outDir);
    }
    manifest.write(outDir.resolve("manifest.json"));
    return manifest;
  }
}
