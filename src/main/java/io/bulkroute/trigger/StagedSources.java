package io.bulkroute.trigger;

import io.bulkroute.model.BulkHeaders;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.bulkroute.model.Printable;
import org.apache.camel.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one rule for sources that a trigger stages itself (a query's rows, an uploaded body, a message's payload):
 * each waits in its staging folder until its load has ended. A load that ran to its end has every row in its
 * outcome files, so its source goes; so does one no load was started for (a query without rows). The source of
 * a FAILED load stays, named in its dead letter, to be loaded again; a message's copy delivered again after a
 * crash is refused as a duplicate while the first load (still to be resumed) needs the file.
 */
public final class StagedSources {
    private static final Logger LOG = LoggerFactory.getLogger(StagedSources.class);

    /** After {@code direct:bulk-load}: headers {@code bulkSource} and {@code bulkOutcome}. */
    public void release(@Header(BulkHeaders.SOURCE) String source, @Header(BulkHeaders.OUTCOME) String outcome) {
        if (source == null) {
            return;
        }
        Path file = Path.of(source);
        if ("FAILED".equals(outcome)) {
            LOG.warn("The load of {} failed: its source stays in {}", Printable.of(file.getFileName().toString()),
                    Printable.of(file.toString()));
            return;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("Could not remove the staged source {}: {}", file, e.getMessage());
        }
    }
}
