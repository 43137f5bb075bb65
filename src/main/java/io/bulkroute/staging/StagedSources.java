package io.bulkroute.staging;

import io.bulkroute.load.Printable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sources that a trigger made itself (a query's rows, an uploaded body) wait in the staging folder
 * until their load has ended. A load that ran to its end has every row in its outcome files, so its
 * source goes; the source of a FAILED load stays, named in its dead letter, to be loaded again.
 */
public final class StagedSources {
    private static final Logger LOG = LoggerFactory.getLogger(StagedSources.class);

    /** After {@code direct:bulk-load}: headers {@code bulkSource} and {@code bulkOutcome}. */
    public void release(Exchange exchange) {
        String source = exchange.getIn().getHeader("bulkSource", String.class);
        if (source == null) {
            return;
        }
        Path file = Path.of(source);
        if ("FAILED".equals(exchange.getIn().getHeader("bulkOutcome", String.class))) {
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
