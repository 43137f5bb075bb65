package io.bulkroute.outcome;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.MappedByteBuffer;

/**
 * Unmaps the join's memory maps as soon as a join is done with them, rather than when the collector happens to find
 * them: until then their pages count in the process's resident memory, and a long load's jobs would pile them up.
 * Java 17 has no public call for it; {@code sun.misc.Unsafe.invokeCleaner} is the one the JDK leaves for this
 * ({@code jdk.unsupported}). Where it is missing the maps are left to the collector, as before. A buffer unmapped
 * must never be read again: callers drop their references first.
 */
final class Unmap {
    private static final Object UNSAFE;
    private static final Method INVOKE_CLEANER;

    static {
        Object unsafe = null;
        Method invokeCleaner = null;
        try {
            Class<?> type = Class.forName("sun.misc.Unsafe");
            Field field = type.getDeclaredField("theUnsafe");
            field.setAccessible(true);
            unsafe = field.get(null);
            invokeCleaner = type.getMethod("invokeCleaner", java.nio.ByteBuffer.class);
        } catch (ReflectiveOperationException | RuntimeException e) {
            unsafe = null;
            invokeCleaner = null;
        }
        UNSAFE = unsafe;
        INVOKE_CLEANER = invokeCleaner;
    }

    private Unmap() {
    }

    static void now(MappedByteBuffer... maps) {
        if (INVOKE_CLEANER == null) {
            return;
        }
        for (MappedByteBuffer map : maps) {
            if (map == null) {
                continue;
            }
            try {
                INVOKE_CLEANER.invoke(UNSAFE, map);
            } catch (ReflectiveOperationException e) {
                return; // left to the collector
            }
        }
    }
}
