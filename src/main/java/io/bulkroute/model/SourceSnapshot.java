package io.bulkroute.model;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The source as its input check read it: its size, the SHA-256 of those bytes and when the file was
 * last written before the check began. Everything a load reads of its source afterwards (the cut into
 * batches or jobs, the rows it never cut) reads these bytes only, and is verified against them. {@code bytewise}: the
 * check read them all on bytes (a byte-level CSV reader), so the cut can read them so too.
 */
public record SourceSnapshot(long size, String sha256, long modifiedMillis, boolean bytewise) {

    public SourceSnapshot(long size, String sha256, long modifiedMillis) {
        this(size, sha256, modifiedMillis, false);
    }

    /** The checked bytes of {@code file} and no more, hashed as they are read. */
    public SnapshotInput open(Path file, String name) {
        try {
            return new SnapshotInput(Files.newInputStream(file), this, file, name);
        } catch (IOException e) {
            throw new SourceChangedException(name, "it can no longer be read: " + e.getMessage());
        }
    }

    /**
     * Fails unless the file still holds the checked bytes and no more. Costs a look at its size and
     * time, and a new reading only when it was written to since the check.
     */
    public void verifyUnchanged(Path file, String name) {
        if (modifiedMillis != verifySize(file, name) && !sha256.equals(fingerprint(file, name))) {
            // a touch changes the time, not the bytes: only the fingerprint tells them apart
            throw new SourceChangedException(name, "its content is not the content checked (SHA-256 " + sha256 + ")");
        }
    }

    /** Fails when the file is no longer the checked size; returns when it was last written. */
    public long verifySize(Path file, String name) {
        try {
            long now = Files.size(file);
            if (now != size) {
                throw new SourceChangedException(name, "it was " + size + " bytes when checked and is " + now + " bytes now");
            }
            return Files.getLastModifiedTime(file).toMillis();
        } catch (IOException e) {
            throw new SourceChangedException(name, "it can no longer be read: " + e.getMessage());
        }
    }

    private String fingerprint(Path file, String name) {
        try (SnapshotInput in = open(file, name)) {
            in.transferTo(OutputStream.nullOutputStream());
            return in.sha256();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + name, e);
        }
    }

    /** When the file was last written, taken before a check reads it: a write during the check then shows. */
    public static long modified(Path file, String name) {
        try {
            return Files.getLastModifiedTime(file).toMillis();
        } catch (IOException e) {
            throw new BadInputException(name, 0, "cannot be read: " + e.getMessage());
        }
    }
}
