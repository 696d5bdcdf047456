package org.fundcheck.run;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * The JVM heap a run needed, watched from inside the JVM while the run goes.
 *
 * <p>The heap is fullest just before a collection, so the collector's own notifications give the peak
 * without sampling: {@link #peakBytes()} is the most heap ever in use (the largest occupancy a collection
 * found, or the occupancy now if larger). How full the heap gets depends on how lazily the collector
 * works, so {@link #peakLiveBytes()} adds the most heap still in use right after a collection: an upper
 * bound of what the run really held (a young collection leaves the old generation's garbage in place),
 * the figure that must stay flat as the number of payments grows.
 */
final class HeapWatch implements AutoCloseable {

  private final List<NotificationEmitter> emitters = new ArrayList<>();
  private final List<String> heapPools = new ArrayList<>();
  private final NotificationListener listener = this::collected;
  private long peak;
  private long peakLive;

  HeapWatch() {
    peak = heapUsedNow();
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        heapPools.add(pool.getName());
      }
    }
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      if (gc instanceof NotificationEmitter emitter) {
        emitter.addNotificationListener(listener, null, null);
        emitters.add(emitter);
      }
    }
  }

  private void collected(Notification n, Object handback) {
    if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
      return;
    }
    var info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData()).getGcInfo();
    long before = heapUsed(info.getMemoryUsageBeforeGc());
    long after = heapUsed(info.getMemoryUsageAfterGc());
    synchronized (this) {
      peak = Math.max(peak, before);
      peakLive = Math.max(peakLive, after);
    }
  }

  /** The most heap in use since the watch started, in bytes. */
  synchronized long peakBytes() {
    return Math.max(peak, heapUsedNow());
  }

  /** The most heap in use right after a collection since the watch started, in bytes (0 before any collection). */
  synchronized long peakLiveBytes() {
    return peakLive;
  }

  /** Bytes as whole mebibytes, rounded up so a small heap never shows as 0. */
  static long mebibytes(long bytes) {
    return (bytes + (1 << 20) - 1) >> 20;
  }

  private static long heapUsedNow() {
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  /** The heap pools' total in a collection's per-pool figures; the non-heap pools (code cache, metaspace) are left out. */
  private long heapUsed(Map<String, MemoryUsage> byPool) {
    long sum = 0;
    for (String pool : heapPools) {
      MemoryUsage u = byPool.get(pool);
      if (u != null) {
        sum += u.getUsed();
      }
    }
    return sum;
  }

  @Override
  public void close() {
    for (NotificationEmitter emitter : emitters) {
      try {
        emitter.removeNotificationListener(listener);
      } catch (ListenerNotFoundException e) {
        // already gone: nothing to undo
      }
    }
  }
}
