package io.bulkroute.lifecycle;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.bulkroute.input.CsvBatcher;
import io.bulkroute.model.Batch;
import io.bulkroute.model.LoadRequest;
import io.bulkroute.model.SnapshotInput;
import io.bulkroute.model.SourceSnapshot;

/**
 * A new 2.0 load's input cut into its job spools on a thread of its own while the input check reads it: the
 * two passes over the file run at once instead of one after the other. No job is opened before the check
 * has passed, as before. The cut reads on bytes; its pieces are used only when they hold exactly the bytes the
 * check read (same size, same SHA-256) and the check read them on bytes too, so that they are what the load's own
 * cut would make. Otherwise (the file changed between, the cut failed, the check needed Jackson) they are dropped
 * and the load cuts its input as it always did, meeting any error where it always has.
 */
final class CutAhead {
    private final SnapshotInput input;
    private final Path spoolDir;
    private final List<Batch> pieces = new ArrayList<>();
    private final Thread thread;
    private volatile boolean cut;
    private volatile String sha256;

    private CutAhead(LoadRequest r) throws IOException {
        this.spoolDir = r.outDir().resolve(".work");
        this.input = SnapshotInput.taking(Files.newInputStream(r.source()), r.sourceName());
        this.thread = new Thread(() -> run(r), "cut-ahead");
        thread.setDaemon(true);
    }

    /** @return the cut under way, or null when the source cannot even be opened (the check will say why) */
    static CutAhead start(LoadRequest r) {
        try {
            CutAhead ahead = new CutAhead(r);
            ahead.thread.start();
            return ahead;
        } catch (IOException e) {
            return null;
        }
    }

    private void run(LoadRequest r) {
        try (CsvBatcher cutter = new CsvBatcher(input, r.sourceName(), Integer.MAX_VALUE, r.jobMaxBytes(), spoolDir, "job",
                true)) {
            while (cutter.hasNext()) {
                pieces.add(cutter.next());
            }
            sha256 = input.sha256();
            cut = true;
        } catch (RuntimeException e) {
            // dropped: the load cuts again, and meets the same error where it is reported
        }
    }

    /** The pieces when they hold exactly the {@code checked} bytes; else null, and their spools are gone. */
    List<Batch> await(SourceSnapshot checked) {
        join();
        // read on bytes, the pieces are what the load would cut only where the check read the input on bytes too
        if (cut && checked.bytewise() && input.bytesRead() == checked.size() && checked.sha256().equals(sha256)) {
            return List.copyOf(pieces);
        }
        deleteSpools();
        return null;
    }

    /** The check refused the input: the cut stops (its file is closed under it) and leaves nothing behind. */
    void cancel() {
        try {
            input.close();
        } catch (IOException ignored) {
            // the cut ends either way
        }
        join();
        deleteSpools();
    }

    private void join() {
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the input was cut", e);
        }
    }

    private void deleteSpools() {
        try (var spools = Files.newDirectoryStream(spoolDir, "job-*.csv")) {
            for (Path spool : spools) {
                Files.deleteIfExists(spool);
            }
        } catch (IOException ignored) {
            // a spool left behind is overwritten by the next cut and removed with .work when the load ends
        }
    }
}
