package org.fundcheck;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Wall seconds of the parts of a run, nested by name ({@code load → households.csv → staging}), in the
 * order the parts first ran. The stages hand a part of it ({@link #within}) to the code they call, so the
 * loader and the clue ledger time their own steps without knowing where the figures end up. Times are
 * kept in nanoseconds and rounded only when read, so parts timed in several pieces add up exactly.
 */
public final class Timings {

  /** Name → Long (nanoseconds) or a nested Timings. */
  private final Map<String, Object> parts;
  private final boolean recording;

  private Timings(boolean recording) {
    this.recording = recording;
    this.parts = recording ? new LinkedHashMap<>() : Collections.emptyMap();
  }

  /** An empty record of timings. */
  public Timings() {
    this(true);
  }

  /** Timings that keep nothing, for callers that do not ask. */
  public static Timings none() {
    return new Timings(false);
  }

  /** The nested part {@code name}, created on first use. */
  public Timings within(String name) {
    if (!recording) {
      return this;
    }
    Object part = parts.computeIfAbsent(name, n -> new Timings());
    if (!(part instanceof Timings nested)) {
      throw new IllegalStateException("timing " + name + " is a leaf, not a group");
    }
    return nested;
  }

  /** Adds {@code nanos} to the leaf {@code name}. */
  public void add(String name, long nanos) {
    if (!recording) {
      return;
    }
    Object before = parts.get(name);
    if (before instanceof Timings) {
      throw new IllegalStateException("timing " + name + " is a group, not a leaf");
    }
    parts.put(name, (before == null ? 0L : (Long) before) + nanos);
  }

  /** Runs {@code work}, adds its wall time to the leaf {@code name} and returns its result. */
  public <T> T time(String name, Supplier<T> work) {
    long t0 = System.nanoTime();
    try {
      return work.get();
    } finally {
      add(name, System.nanoTime() - t0);
    }
  }

  /** Runs {@code work} and adds its wall time to the leaf {@code name}. */
  public void time(String name, Runnable work) {
    time(name, () -> {
      work.run();
      return null;
    });
  }

  /** The nanoseconds of a leaf, or of every leaf under a group; 0 when never timed. */
  public long nanos(String name) {
    Object part = parts.get(name);
    if (part == null) {
      return 0;
    }
    return part instanceof Timings nested ? nested.totalNanos() : (Long) part;
  }

  private long totalNanos() {
    long sum = 0;
    for (String name : parts.keySet()) {
      sum += nanos(name);
    }
    return sum;
  }

  /**
   * The timings as nested maps of part name to seconds (a {@link Double} rounded to tenths) or to a
   * nested map, in the order the parts first ran.
   */
  public Map<String, Object> seconds() {
    Map<String, Object> out = new LinkedHashMap<>();
    parts.forEach((name, part) -> out.put(name,
        part instanceof Timings nested ? nested.seconds() : Math.round((Long) part / 1e8) / 10.0));
    return out;
  }
}
