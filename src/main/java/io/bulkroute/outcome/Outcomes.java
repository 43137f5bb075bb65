package io.bulkroute.outcome;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Each row's outcome in the 2.0 join, a long a row, in a memory-mapped file rather than on the heap: 8 bytes a row
 * for the whole job would be as much heap as the index of a partition, and the heap is what bounds a job.
 * Written at random as results claim rows, then read in row order.
 */
final class Outcomes implements AutoCloseable {
    private final Path file;
    private MappedByteBuffer map;

    Outcomes(Path file, int rows) throws IOException {
        if ((long) rows * Long.BYTES > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(rows + " rows");
        }
        this.file = file;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            map = channel.map(FileChannel.MapMode.READ_WRITE, 0, (long) rows * Long.BYTES);
            map.order(ByteOrder.nativeOrder());
        }
    }

    long get(int row) {
        return map.getLong(row << 3);
    }

    void set(int row, long outcome) {
        map.putLong(row << 3, outcome);
    }

    @Override
    public void close() throws IOException {
        MappedByteBuffer unmapped = map;
        map = null;
        Unmap.now(unmapped);
        Files.deleteIfExists(file);
    }
}
