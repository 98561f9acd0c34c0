package se.relaybridge.overload;

import com.sun.management.GarbageCollectionNotificationInfo;

import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

/**
 * Whether the heap left after the last collection is above a share of the maximum. Only the heap after a
 * collection says how much is live; the heap in use between collections rises and falls with every call. Told by
 * the JVM after each collection, so that the check on the SIP thread is one volatile read.
 */
public final class HeapWatch implements BooleanSupplier, NotificationListener, AutoCloseable {

    private final int maxPercent;
    private final long maxBytes = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getMax();
    private final Set<String> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(p -> p.getType() == MemoryType.HEAP).map(MemoryPoolMXBean::getName).collect(Collectors.toSet());
    private final List<GarbageCollectorMXBean> collectors = ManagementFactory.getGarbageCollectorMXBeans();
    private volatile boolean high;
    private volatile int percent;

    public HeapWatch(int maxPercent) {
        this.maxPercent = maxPercent;
        for (GarbageCollectorMXBean collector : collectors) {
            if (collector instanceof NotificationEmitter emitter) {
                emitter.addNotificationListener(this, null, null);
            }
        }
    }

    @Override
    public void handleNotification(Notification notification, Object handback) {
        if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())
                || maxBytes <= 0) {
            return;
        }
        GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
        long used = 0;
        for (Map.Entry<String, MemoryUsage> pool : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
            if (heapPools.contains(pool.getKey())) {
                used += pool.getValue().getUsed();
            }
        }
        percent = (int) (100 * used / maxBytes);
        high = percent > maxPercent;
    }

    /** The heap after the last collection, in percent of the maximum. */
    public int percentAfterCollection() {
        return percent;
    }

    @Override
    public boolean getAsBoolean() {
        return high;
    }

    /** Stops listening: a redeployed application must not leave its listener on the JVM's collectors. */
    @Override
    public void close() {
        for (GarbageCollectorMXBean collector : collectors) {
            if (collector instanceof NotificationEmitter emitter) {
                try {
                    emitter.removeNotificationListener(this);
                } catch (ListenerNotFoundException e) {
                    // never added
                }
            }
        }
    }
}
