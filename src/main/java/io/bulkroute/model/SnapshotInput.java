package io.bulkroute.model;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A source read as a snapshot: at most the checked number of bytes (rows appended later are never
 * read), counted and hashed on the way, so that the reader can tell at any row boundary whether the
 * file is still the one checked, and at its end whether it read exactly that.
 */
public final class SnapshotInput extends FilterInputStream {
    private final MessageDigest sha256;
    private final SourceSnapshot expected;
    private final Path file;
    private final String name;
    private final long limit;
    private long read;
    private long modifiedSeen;

    /** The whole file, as the check reads it to take the snapshot. */
    public static SnapshotInput taking(InputStream in, String name) {
        return new SnapshotInput(in, null, null, name);
    }

    SnapshotInput(InputStream in, SourceSnapshot expected, Path file, String name) {
        super(in);
        this.expected = expected;
        this.file = file;
        this.name = name;
        this.limit = expected == null ? Long.MAX_VALUE : expected.size();
        this.modifiedSeen = expected == null ? 0 : expected.modifiedMillis();
        try {
            this.sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public int read() throws IOException {
        if (read >= limit) {
            return -1;
        }
        int b = in.read();
        if (b >= 0) {
            sha256.update((byte) b);
            read++;
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (read >= limit) {
            return -1;
        }
        int n = in.read(buffer, off, (int) Math.min(len, limit - read));
        if (n > 0) {
            sha256.update(buffer, off, n);
            read += n;
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        // every byte must pass the digest
        byte[] sink = new byte[8192];
        long skipped = 0;
        int got;
        while (skipped < n && (got = read(sink, 0, (int) Math.min(sink.length, n - skipped))) > 0) {
            skipped += got;
        }
        return skipped;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    @Override
    public synchronized void mark(int readlimit) {
    }

    @Override
    public synchronized void reset() throws IOException {
        throw new IOException("mark/reset not supported");
    }

    public long bytesRead() {
        return read;
    }

    /** The SHA-256 of the bytes read so far; call once, at the end. */
    public String sha256() {
        return HexFormat.of().formatHex(sha256.digest());
    }

    /**
     * At a row boundary, before what was read is handed on: the file has its checked size, and was not
     * written to since, or still holds the checked bytes. Looks at the file's size and time; reads it
     * again only when the time moved.
     */
    public void checkUnchanged() {
        long modified = expected.verifySize(file, name);
        if (modified != modifiedSeen) {
            expected.verifyUnchanged(file, name);
            modifiedSeen = modified;
        }
    }

    /** At the end of the reading: exactly the checked bytes were read, and the file has not grown since. */
    public void verifyComplete() {
        try {
            transferTo(java.io.OutputStream.nullOutputStream());
        } catch (IOException e) {
            throw new SourceChangedException(name, "it can no longer be read: " + e.getMessage());
        }
        if (read != expected.size()) {
            throw new SourceChangedException(name, "it was " + expected.size() + " bytes when checked, " + read + " bytes were read");
        }
        String got = sha256();
        if (!got.equals(expected.sha256())) {
            throw new SourceChangedException(name, "the content read (SHA-256 " + got + ") is not the content checked (SHA-256 "
                    + expected.sha256() + ")");
        }
        expected.verifySize(file, name);
    }
}
