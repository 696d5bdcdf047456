package org.fundcheck.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;
import org.fundcheck.FundcheckErrors;
import org.fundcheck.warehouse.Storage;

/**
 * One run at a time on a warehouse: a lock file {@code _lock} in the warehouse folder, created atomically,
 * naming the run, its process and host. While the run goes on it refreshes the lock every minute. A lock
 * is stale, and taken over, when its process is gone (a run on this machine killed with kill -9) or when
 * it has not been refreshed for ten minutes (a driver on another machine that died, whose process cannot
 * be seen from here); a live one makes a second run refuse, or wait with {@code --wait}.
 *
 * <p>On this machine's disk the lock is a hard link, which the operating system creates atomically. On
 * HDFS it is a create that fails when the file exists, which the NameNode decides atomically. On an object
 * store it is atomic only where the store refuses to overwrite ({@code s3a://} with conditional writes,
 * which the S3A connector of Hadoop 3.5 sends and S3 honours); elsewhere two runs started at the same
 * moment could both believe they hold it, which {@link Acquired#atomic()} reports.
 */
public final class RunLock implements AutoCloseable {

  static final String FILE = "_lock";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** How often a holder refreshes its lock, how long an unrefreshed lock still counts, how often a waiter looks. */
  record Timing(Duration heartbeat, Duration expiry, Duration poll) {
    static final Timing DEFAULT = new Timing(Duration.ofMinutes(1), Duration.ofMinutes(10), Duration.ofMillis(500));
  }

  /**
   * What a lock file says about the run holding it; {@code runId} is null while its content is not yet
   * readable (an object store or HDFS shows a file being written as empty).
   */
  public record Holder(String runId, long pid, String host, Instant startedAt, Instant refreshedAt) {}

  /**
   * A lock taken, the stale holder it replaced (null when the warehouse was free), and whether the file
   * system guarantees that no other run took it at the same moment.
   */
  public record Acquired(RunLock lock, Holder staleHolder, boolean atomic) {}

  /** The lock file on one kind of file system: the few operations the protocol needs. */
  abstract static class Store {
    private final String warehouse;
    private final boolean atomic;

    /**
     * @param warehouse the warehouse as the user named it, for messages
     * @param atomic whether {@link #create} is atomic on this file system
     */
    Store(String warehouse, boolean atomic) {
      this.warehouse = warehouse;
      this.atomic = atomic;
    }

    final String warehouse() {
      return warehouse;
    }

    final boolean atomic() {
      return atomic;
    }

    /** Creates the lock with this content unless a lock is there; true when this run now holds it. */
    abstract boolean create(String runId, String content) throws IOException;

    /** The current holder, or null when there is no lock. */
    abstract Holder read() throws IOException;

    /** Moves the lock to {@code aside} and returns who held it, or null when it was gone already. */
    abstract Holder moveAside(String aside) throws IOException;

    /** Puts a lock moved aside back, unless a new one is there by now. */
    abstract void restore(String aside) throws IOException;

    abstract void deleteAside(String aside) throws IOException;

    /** Marks the lock as refreshed now. */
    abstract void refresh(String content) throws IOException;

    abstract void delete() throws IOException;
  }

  private final Store store;
  private final String runId;
  private final String content;
  private final ScheduledExecutorService heartbeat;
  private volatile String lostTo;
  private volatile boolean lost;

  private RunLock(Store store, String runId, String content, Timing timing) {
    this.store = store;
    this.runId = runId;
    this.content = content;
    this.heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "fundcheck-lock-heartbeat");
      t.setDaemon(true);
      return t;
    });
    long every = timing.heartbeat().toMillis();
    heartbeat.scheduleWithFixedDelay(this::beat, every, every, TimeUnit.MILLISECONDS);
  }

  /**
   * Takes the lock of a warehouse (local, HDFS, {@code s3a://}, …) for a run.
   *
   * @param wait how long to wait for a live holder to finish; zero to refuse at once
   */
  public static Acquired acquire(String warehouse, Configuration conf, String runId, Duration wait) {
    java.nio.file.Path local = Storage.localPath(warehouse, conf);
    Store store = local != null
        ? localStore(local, warehouse)
        : hadoopStore(Storage.fileSystem(warehouse, conf), Storage.path(warehouse), warehouse);
    return acquire(store, runId, wait, Timing.DEFAULT);
  }

  /** Takes the lock of a warehouse folder on this machine's disk. */
  public static Acquired acquire(java.nio.file.Path warehouseDir, String runId, Duration wait) {
    return acquire(localStore(warehouseDir, warehouseDir.toString()), runId, wait, Timing.DEFAULT);
  }

  static Acquired acquire(Store store, String runId, Duration wait, Timing timing) {
    Instant deadline = Instant.now().plus(wait);
    try {
      String content = describe(runId);
      String aside = FILE + ".stale-" + runId;
      Holder replaced = null;
      while (true) {
        if (store.create(runId, content)) {
          return new Acquired(new RunLock(store, runId, content, timing), replaced, store.atomic());
        }
        Holder holder = store.read();
        if (holder == null) {
          continue;
        }
        if (stale(holder, timing)) {
          // The holder is dead: its half-done work is invisible (every Delta commit is atomic) and this
          // run redoes it, so taking the lock over is safe. The lock is moved aside first and checked, so
          // a live lock another starter created in the meantime is put back rather than removed.
          Holder moved = store.moveAside(aside);
          if (moved != null) {
            try {
              if (Objects.equals(moved.runId(), holder.runId())) {
                replaced = holder.runId() == null ? replaced : holder;
              } else {
                store.restore(aside);
              }
            } finally {
              store.deleteAside(aside);
            }
          }
          continue;
        }
        if (holder.runId() != null && !Instant.now().isBefore(deadline)) {
          throw FundcheckErrors.warehouseBusy(store.warehouse(), holder.runId(), holder.pid(),
              holder.host(), holder.startedAt().toString());
        }
        sleep(timing.poll());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Dead for certain (its process is gone from this machine) or silent for longer than the expiry. */
  static boolean stale(Holder holder, Timing timing) throws IOException {
    if (holder.refreshedAt().plus(timing.expiry()).isBefore(Instant.now())) {
      return true;
    }
    return holder.runId() != null
        && holder.host().equals(InetAddress.getLocalHost().getHostName())
        && !ProcessHandle.of(holder.pid()).map(ProcessHandle::isAlive).orElse(false);
  }

  private static String describe(String runId) throws IOException {
    ObjectNode n = JSON.createObjectNode();
    n.put("run_id", runId);
    n.put("pid", ProcessHandle.current().pid());
    n.put("host", InetAddress.getLocalHost().getHostName());
    n.put("started_at", Instant.now().toString());
    return JSON.writeValueAsString(n);
  }

  /** The holder a lock file's text names; a text not yet written names nobody. */
  static Holder parse(String text, Instant refreshedAt) {
    try {
      JsonNode n = text.isBlank() ? null : JSON.readTree(text);
      if (n == null || !n.hasNonNull("run_id")) {
        return new Holder(null, -1, null, refreshedAt, refreshedAt);
      }
      return new Holder(n.get("run_id").asText(), n.get("pid").asLong(), n.get("host").asText(),
          Instant.parse(n.get("started_at").asText()), refreshedAt);
    } catch (IOException partial) {
      return new Holder(null, -1, null, refreshedAt, refreshedAt);
    }
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the warehouse lock", e);
    }
  }

  // Synchronized with ensureHeld and close, so this run never reads its own lock halfway through a refresh.
  private synchronized void beat() {
    try {
      Holder h = store.read();
      if (h == null || !runId.equals(h.runId())) {
        lostTo = h == null ? null : h.runId();
        lost = true;
        heartbeat.shutdown();
        return;
      }
      store.refresh(content);
    } catch (IOException | RuntimeException e) {
      // A file system that does not answer for a moment: the next beat tries again, and the lock stays
      // valid for several beats.
    }
  }

  /**
   * Fails the run when another run has taken its lock over (this run was silent for longer than the
   * expiry, e.g. a driver paused or cut off from the file system), before it writes any more.
   */
  public synchronized void ensureHeld() {
    if (!lost) {
      try {
        Holder h = store.read();
        if (h == null || !runId.equals(h.runId())) {
          lostTo = h == null ? null : h.runId();
          lost = true;
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    if (lost) {
      throw FundcheckErrors.lockLost(store.warehouse(), runId, lostTo);
    }
  }

  /** Whether another run has taken this lock over (found by a refresh or {@link #ensureHeld()}). */
  public boolean lost() {
    return lost;
  }

  public String runId() {
    return runId;
  }

  @Override
  public void close() {
    // A refresh under way finishes first: cut off, it could leave an empty lock behind.
    heartbeat.shutdown();
    try {
      heartbeat.awaitTermination(1, TimeUnit.MINUTES);
      Holder h = store.read();
      if (h != null && runId.equals(h.runId())) {
        store.delete();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The lock on this machine's disk (or a shared mount): a hard link, created atomically. */
  static Store localStore(java.nio.file.Path dir, String warehouse) {
    java.nio.file.Path file = dir.resolve(FILE);
    return new Store(warehouse, true) {

      @Override
      boolean create(String runId, String content) throws IOException {
        // The content is written before the lock is linked in place, so a reader never sees half of it.
        java.nio.file.Path mine = dir.resolve(FILE + "." + runId);
        Files.writeString(mine, content);
        try {
          return link(file, mine);
        } finally {
          Files.deleteIfExists(mine);
        }
      }

      @Override
      Holder read() throws IOException {
        return readAt(file);
      }

      @Override
      Holder moveAside(String aside) throws IOException {
        try {
          Files.move(file, dir.resolve(aside), StandardCopyOption.ATOMIC_MOVE);
        } catch (NoSuchFileException gone) {
          return null;
        }
        return readAt(dir.resolve(aside));
      }

      @Override
      void restore(String aside) throws IOException {
        link(file, dir.resolve(aside));
      }

      @Override
      void deleteAside(String aside) throws IOException {
        Files.deleteIfExists(dir.resolve(aside));
      }

      @Override
      void refresh(String content) throws IOException {
        Files.setLastModifiedTime(file, FileTime.from(Instant.now()));
      }

      @Override
      void delete() throws IOException {
        Files.deleteIfExists(file);
      }

      private Holder readAt(java.nio.file.Path p) throws IOException {
        try {
          Instant modified = Files.getLastModifiedTime(p).toInstant();
          return parse(Files.readString(p, StandardCharsets.UTF_8), modified);
        } catch (NoSuchFileException gone) {
          return null;
        }
      }
    };
  }

  /** Creates {@code file} as a hard link to {@code target}: atomic, and fails if the file exists. */
  private static boolean link(java.nio.file.Path file, java.nio.file.Path target) throws IOException {
    try {
      Files.createLink(file, target);
      return true;
    } catch (FileAlreadyExistsException held) {
      return false;
    }
  }

  /**
   * The lock on a Hadoop file system (HDFS, {@code s3a://}, …): a create that must not overwrite, asking
   * object stores for a conditional write, and read back to see who won.
   */
  static Store hadoopStore(FileSystem fs, Path dir, String warehouse) {
    Path file = new Path(dir, FILE);
    boolean atomic;
    try {
      atomic = "hdfs".equals(fs.getScheme())
          || fs.hasPathCapability(dir, Options.CreateFileOptionKeys.FS_OPTION_CREATE_CONDITIONAL_OVERWRITE);
    } catch (IOException | UnsupportedOperationException e) {
      atomic = false;
    }
    return new Store(warehouse, atomic) {

      @Override
      boolean create(String runId, String content) throws IOException {
        IOException refused = null;
        // createFile's builder is a raw type in Hadoop's API, so its build() needs the cast.
        try (FSDataOutputStream out = (FSDataOutputStream) fs.createFile(file).overwrite(false).recursive()
            .opt(Options.CreateFileOptionKeys.FS_OPTION_CREATE_CONDITIONAL_OVERWRITE, true).build()) {
          out.write(content.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
          // HDFS refuses at create, an object store at close (HTTP 412); either way the lock read back
          // tells whether another run holds it or the file system itself failed.
          refused = e;
        }
        Holder h = read();
        if (h == null) {
          if (refused != null) {
            throw refused;
          }
          return false;
        }
        return runId.equals(h.runId());
      }

      @Override
      Holder read() throws IOException {
        return readAt(file);
      }

      @Override
      Holder moveAside(String aside) throws IOException {
        Path to = new Path(dir, aside);
        try {
          if (!fs.rename(file, to)) {
            return null;
          }
        } catch (FileNotFoundException gone) {
          return null;
        }
        return readAt(to);
      }

      @Override
      void restore(String aside) throws IOException {
        try {
          fs.rename(new Path(dir, aside), file);
        } catch (IOException newLockThere) {
          // A new lock is in place: it stands, and the one moved aside is dropped.
        }
      }

      @Override
      void deleteAside(String aside) throws IOException {
        fs.delete(new Path(dir, aside), false);
      }

      @Override
      void refresh(String content) throws IOException {
        // Rewriting is the one refresh every store supports (S3 has no way to touch an object); the
        // replacement is atomic on HDFS and S3, and a reader seeing it mid-write waits a moment.
        try (OutputStream out = fs.create(file, true)) {
          out.write(content.getBytes(StandardCharsets.UTF_8));
        }
      }

      @Override
      void delete() throws IOException {
        fs.delete(file, false);
      }

      private Holder readAt(Path p) throws IOException {
        try {
          FileStatus status = fs.getFileStatus(p);
          try (InputStream in = fs.open(p)) {
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8),
                Instant.ofEpochMilli(status.getModificationTime()));
          }
        } catch (FileNotFoundException gone) {
          return null;
        }
      }
    };
  }
}
