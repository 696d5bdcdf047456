package org.fundcheck.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.fundcheck.FundcheckException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunLockTest {

  @TempDir Path warehouse;

  @Test
  void aSecondRunRefusesWhileTheFirstHoldsTheWarehouse() {
    RunLock.Acquired first = RunLock.acquire(warehouse, "run-a", Duration.ZERO);
    assertNull(first.staleHolder());
    FundcheckException e = assertThrows(FundcheckException.class,
        () -> RunLock.acquire(warehouse, "run-b", Duration.ofMillis(600)));
    assertTrue(e.getMessage().startsWith("warehouse " + warehouse + " is in use by run run-a (process "
        + ProcessHandle.current().pid() + " on "), e.getMessage());
    assertTrue(e.getMessage().endsWith("; wait for it to finish, or pass --wait to queue behind it"), e.getMessage());
    first.lock().close();
    assertFalse(Files.exists(warehouse.resolve(RunLock.FILE)));
    try (RunLock second = RunLock.acquire(warehouse, "run-b", Duration.ZERO).lock()) {
      assertEquals("run-b", second.runId());
    }
  }

  @Test
  void aLockLeftByAKilledProcessIsTakenOver() throws Exception {
    Process gone = new ProcessBuilder("true").start();
    gone.waitFor();
    Files.writeString(warehouse.resolve(RunLock.FILE), "{\"run_id\":\"run-killed\",\"pid\":" + gone.pid()
        + ",\"host\":\"" + InetAddress.getLocalHost().getHostName() + "\",\"started_at\":\"2019-03-20T01:00:00Z\"}");
    RunLock.Acquired taken = RunLock.acquire(warehouse, "run-next", Duration.ZERO);
    assertEquals("run-killed", taken.staleHolder().runId());
    assertEquals("run-next", RunLock.read(warehouse.resolve(RunLock.FILE)).runId());
    taken.lock().close();
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
}
