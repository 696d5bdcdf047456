package org.fundcheck.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import org.fundcheck.FundcheckErrors;

/**
 * One run at a time on a warehouse: a lock file {@code _lock} in the warehouse folder, created atomically,
 * naming the run, its process and host. A lock whose process is gone (a run killed with kill -9) is stale
 * and is taken over; a live one makes a second run refuse, or wait with {@code --wait}.
 */
public final class RunLock implements AutoCloseable {

  static final String FILE = "_lock";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path file;
  private final String runId;

  private RunLock(Path file, String runId) {
    this.file = file;
    this.runId = runId;
  }

  /** What a lock file says about the run holding it. */
  public record Holder(String runId, long pid, String host, Instant startedAt) {}

  /**
   * Takes the lock of the warehouse folder for a run.
   *
   * @param wait how long to wait for a live holder to finish; zero to refuse at once
   * @return the lock and, if a stale lock was taken over, the run that left it
   */
  public static Acquired acquire(Path warehouseDir, String runId, Duration wait) {
    Path file = warehouseDir.resolve(FILE);
    Path mine = warehouseDir.resolve(FILE + "." + runId);
    Instant deadline = Instant.now().plus(wait);
    try {
      // The lock's content is written before it is linked in place, so a reader never sees half of it.
      Files.writeString(mine, describe(runId));
      try {
        Holder replaced = null;
        while (true) {
          if (link(file, mine)) {
            return new Acquired(new RunLock(file, runId), replaced);
          }
          Holder holder = read(file);
          if (holder == null) {
            continue;
          }
          if (!alive(holder)) {
            // The holder was killed: its half-done work is invisible (every Delta commit is atomic) and
            // this run redoes it, so taking the lock over is safe.
            if (takeOver(file, holder, warehouseDir.resolve(FILE + ".stale-" + runId))) {
              replaced = holder;
            }
            continue;
          }
          if (!Instant.now().isBefore(deadline)) {
            throw FundcheckErrors.warehouseBusy(warehouseDir.toString(), holder.runId(), holder.pid(),
                holder.host(), holder.startedAt().toString());
          }
          sleep();
        }
      } finally {
        Files.deleteIfExists(mine);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Creates {@code file} as a hard link to {@code target}: atomic, and fails if the file exists. */
  private static boolean link(Path file, Path target) throws IOException {
    try {
      Files.createLink(file, target);
      return true;
    } catch (FileAlreadyExistsException held) {
      return false;
    }
  }

  /**
   * Moves a stale lock aside. If another run took the lock over in the meantime, its live lock is put
   * back (at most one of two racing starters then holds it).
   */
  private static boolean takeOver(Path file, Holder stale, Path aside) throws IOException {
    try {
      Files.move(file, aside, StandardCopyOption.ATOMIC_MOVE);
    } catch (NoSuchFileException gone) {
      return false;
    }
    try {
      Holder moved = read(aside);
      if (moved != null && !moved.runId().equals(stale.runId())) {
        link(file, aside);
        return false;
      }
      return true;
    } finally {
      Files.deleteIfExists(aside);
    }
  }

  /** A lock taken, and the stale holder it replaced (null when the warehouse was free). */
  public record Acquired(RunLock lock, Holder staleHolder) {}

  private static String describe(String runId) throws IOException {
    ObjectNode n = JSON.createObjectNode();
    n.put("run_id", runId);
    n.put("pid", ProcessHandle.current().pid());
    n.put("host", InetAddress.getLocalHost().getHostName());
    n.put("started_at", Instant.now().toString());
    return JSON.writeValueAsString(n);
  }

  static Holder read(Path file) throws IOException {
    try {
      String text = Files.readString(file, StandardCharsets.UTF_8);
      if (text.isBlank()) {
        return null;
      }
      JsonNode n = JSON.readTree(text);
      return new Holder(n.get("run_id").asText(), n.get("pid").asLong(), n.get("host").asText(),
          Instant.parse(n.get("started_at").asText()));
    } catch (NoSuchFileException gone) {
      return null;
    }
  }

  /** A holder on another host is assumed alive: its process cannot be seen from here. */
  private static boolean alive(Holder holder) throws IOException {
    if (!holder.host().equals(InetAddress.getLocalHost().getHostName())) {
      return true;
    }
    return ProcessHandle.of(holder.pid()).map(ProcessHandle::isAlive).orElse(false);
  }

  private static void sleep() {
    try {
      Thread.sleep(500);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the warehouse lock", e);
    }
  }

  public String runId() {
    return runId;
  }

  @Override
  public void close() {
    try {
      Holder h = read(file);
      if (h != null && h.runId().equals(runId)) {
        Files.deleteIfExists(file);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
