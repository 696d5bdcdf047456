package org.fundcheck.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import org.apache.hadoop.conf.Configuration;
import org.fundcheck.FundcheckException;
import org.fundcheck.warehouse.Storage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The warehouse lock on this machine's disk (a hard link) and on a Hadoop file system (a create that must
 * not overwrite; here Hadoop's local file system stands in for HDFS or S3): one run at a time, dead
 * holders taken over by process or by silence, live ones refreshed.
 */
class RunLockTest {

  static final RunLock.Timing QUICK = new RunLock.Timing(Duration.ofMillis(100), Duration.ofSeconds(2), Duration.ofMillis(50));

  @TempDir Path warehouse;

  private RunLock.Store store(String kind) {
    return switch (kind) {
      case "local" -> RunLock.localStore(warehouse, warehouse.toString());
      case "hadoop" -> RunLock.hadoopStore(Storage.fileSystem(warehouse.toString(), new Configuration()),
          new org.apache.hadoop.fs.Path(warehouse.toString()), warehouse.toString());
      default -> throw new IllegalArgumentException(kind);
    };
  }

  private void writeLock(String runId, long pid, String host, Instant modified) throws Exception {
    Path file = warehouse.resolve(RunLock.FILE);
    Files.writeString(file, "{\"run_id\":\"" + runId + "\",\"pid\":" + pid + ",\"host\":\"" + host
        + "\",\"started_at\":\"2019-03-20T01:00:00Z\"}");
    Files.setLastModifiedTime(file, FileTime.from(modified));
  }

  @ParameterizedTest
  @ValueSource(strings = {"local", "hadoop"})
  void aSecondRunRefusesWhileTheFirstHoldsTheWarehouse(String kind) {
    RunLock.Acquired first = RunLock.acquire(store(kind), "run-a", Duration.ZERO, RunLock.Timing.DEFAULT);
    assertNull(first.staleHolder());
    FundcheckException e = assertThrows(FundcheckException.class,
        () -> RunLock.acquire(store(kind), "run-b", Duration.ofMillis(600), RunLock.Timing.DEFAULT));
    assertTrue(e.getMessage().startsWith("warehouse " + warehouse + " is in use by run run-a (process "
        + ProcessHandle.current().pid() + " on "), e.getMessage());
    assertTrue(e.getMessage().endsWith("; wait for it to finish, or pass --wait to queue behind it"), e.getMessage());
    first.lock().close();
    assertFalse(Files.exists(warehouse.resolve(RunLock.FILE)));
    try (RunLock second = RunLock.acquire(store(kind), "run-b", Duration.ZERO, RunLock.Timing.DEFAULT).lock()) {
      assertEquals("run-b", second.runId());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"local", "hadoop"})
  void aLockLeftByAKilledProcessIsTakenOver(String kind) throws Exception {
    Process gone = new ProcessBuilder("true").start();
    gone.waitFor();
    writeLock("run-killed", gone.pid(), InetAddress.getLocalHost().getHostName(), Instant.now());
    RunLock.Acquired taken = RunLock.acquire(store(kind), "run-next", Duration.ZERO, RunLock.Timing.DEFAULT);
    assertEquals("run-killed", taken.staleHolder().runId());
    assertEquals("run-next", store(kind).read().runId());
    taken.lock().close();
    try (var left = Files.list(warehouse)) {
      assertEquals(java.util.List.of(), left.toList());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"local", "hadoop"})
  void aLockFromAnotherMachineCountsWhileRefreshedAndIsTakenOverOnceSilentPastTheExpiry(String kind)
      throws Exception {
    // Its process cannot be seen from here, so only its refreshes tell whether it lives.
    writeLock("run-elsewhere", 4242, "another-host", Instant.now());
    FundcheckException busy = assertThrows(FundcheckException.class,
        () -> RunLock.acquire(store(kind), "run-next", Duration.ZERO, QUICK));
    assertEquals("warehouse " + warehouse + " is in use by run run-elsewhere (process 4242 on another-host,"
        + " started 2019-03-20T01:00:00Z); wait for it to finish, or pass --wait to queue behind it", busy.getMessage());

    writeLock("run-elsewhere", 4242, "another-host", Instant.now().minus(Duration.ofSeconds(3)));
    RunLock.Acquired taken = RunLock.acquire(store(kind), "run-next", Duration.ZERO, QUICK);
    assertEquals("run-elsewhere", taken.staleHolder().runId());
    assertEquals("another-host", taken.staleHolder().host());
    taken.lock().close();
  }

  @ParameterizedTest
  @ValueSource(strings = {"local", "hadoop"})
  void theHolderRefreshesItsLockSoAWaitingRunDoesNotTakeItOver(String kind) throws Exception {
    RunLock.Acquired held = RunLock.acquire(store(kind), "run-a", Duration.ZERO, QUICK);
    Path file = warehouse.resolve(RunLock.FILE);
    Files.setLastModifiedTime(file, FileTime.from(Instant.now().minus(Duration.ofHours(1))));
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (Files.getLastModifiedTime(file).toInstant().isBefore(Instant.now().minus(Duration.ofMinutes(1)))) {
      assertTrue(System.nanoTime() < deadline, "the lock was not refreshed within 10 s");
      Thread.sleep(50);
    }
    // Longer than the expiry: a holder that keeps refreshing is never taken for dead.
    FundcheckException busy = assertThrows(FundcheckException.class,
        () -> RunLock.acquire(store(kind), "run-b", Duration.ofSeconds(3), QUICK));
    assertTrue(busy.getMessage().startsWith("warehouse " + warehouse + " is in use by run run-a "), busy.getMessage());
    held.lock().ensureHeld();
    held.lock().close();
    assertFalse(Files.exists(file));
  }

  @ParameterizedTest
  @ValueSource(strings = {"local", "hadoop"})
  void aRunWhoseLockWasTakenOverStopsAtItsNextCheckAndLeavesTheNewLockAlone(String kind) throws Exception {
    RunLock.Acquired held = RunLock.acquire(store(kind), "run-a", Duration.ZERO, RunLock.Timing.DEFAULT);
    writeLock("run-b", 4242, "another-host", Instant.now());
    FundcheckException e = assertThrows(FundcheckException.class, () -> held.lock().ensureHeld());
    assertEquals("run run-a lost the lock of warehouse " + warehouse + " to run run-b: its lock was not refreshed"
        + " in time (a stalled driver or a file system out of reach), so that run took it over; this run stopped"
        + " without writing more; run it again once the warehouse is free", e.getMessage());
    assertTrue(held.lock().lost());
    held.lock().close();
    assertEquals("run-b", store(kind).read().runId());
  }

  @Test
  void aLockBeingWrittenIsWaitedForAndTakenOverOnlyOnceSilentPastTheExpiry() throws Exception {
    // HDFS and object stores show a lock file as empty until its writer closes it.
    Path file = Files.writeString(warehouse.resolve(RunLock.FILE), "");
    long t0 = System.nanoTime();
    RunLock.Acquired taken = RunLock.acquire(store("hadoop"), "run-next", Duration.ZERO, QUICK);
    assertTrue(System.nanoTime() - t0 >= Duration.ofMillis(1900).toNanos(), "taken over before the expiry");
    assertNull(taken.staleHolder());
    assertEquals("run-next", store("hadoop").read().runId());
    taken.lock().close();
    assertFalse(Files.exists(file));
  }

  @Test
  void waitingQueuesBehindALiveRun() throws Exception {
    RunLock.Acquired first = RunLock.acquire(warehouse, "run-a", Duration.ZERO);
    Thread release = new Thread(() -> {
      try {
        Thread.sleep(700);
      } catch (InterruptedException ignored) {
        Thread.currentThread().interrupt();
      }
      first.lock().close();
    });
    release.start();
    try (RunLock second = RunLock.acquire(warehouse, "run-b", Duration.ofSeconds(30)).lock()) {
      assertEquals("run-b", second.runId());
    }
    release.join();
  }

  @Test
  void aWarehouseOnThisDiskIsLockedWithAHardLinkWhateverItsSpelling() throws Exception {
    Configuration conf = new Configuration();
    RunLock.Acquired byUri = RunLock.acquire(warehouse.toUri().toString(), conf, "run-a", Duration.ZERO);
    assertTrue(byUri.atomic());
    assertEquals("run-a", store("local").read().runId());
    byUri.lock().close();
    // Hadoop's local file system has no atomic create; HDFS and S3 with conditional writes do.
    assertFalse(store("hadoop").atomic());
    assertTrue(store("local").atomic());
  }
}
