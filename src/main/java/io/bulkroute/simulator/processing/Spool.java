package io.bulkroute.simulator.processing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Disk space for uploaded batches and their results, so that the simulator's heap does not grow
 * with the data it is sent: 150 MB uploads and their result sets live here, not in memory.
 */
public final class Spool implements AutoCloseable {
    private final Path dir;
    private final AtomicLong counter = new AtomicLong();

    public Spool() {
        try {
            dir = Files.createTempDirectory("bulkroute-simulator-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path newFile(String name) {
        return dir.resolve(counter.incrementAndGet() + "-" + name);
    }

    /** Forgets every file (on reset). */
    public void clear() {
        try (Stream<Path> files = Files.list(dir)) {
            files.forEach(Spool::deleteQuietly);
        } catch (IOException e) {
            // a file still open by a finishing worker is removed by close()
        }
    }

    public static void deleteQuietly(Path p) {
        try {
            if (p != null) {
                Files.deleteIfExists(p);
            }
        } catch (IOException ignored) {
            // best effort: the folder is removed on close
        }
    }

    @Override
    public void close() {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(Spool::deleteQuietly);
        } catch (IOException ignored) {
            // temporary folder: the OS cleans it up eventually
        }
    }
}
