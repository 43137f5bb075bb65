package io.bulkroute.outcome;

import java.io.InputStream;

import io.bulkroute.input.CsvRows;
import io.bulkroute.model.BatchRef;
import io.bulkroute.model.LoadContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Joins a Bulk 1.0 batch's results to the rows that were submitted in it. Salesforce answers one
 * result line per submitted record, in submission order, so the n-th result belongs to the n-th
 * row of the batch's spool file, which holds the exact bytes uploaded.
 */
public final class ResultJoiner {
    private static final Logger LOG = LoggerFactory.getLogger(ResultJoiner.class);

    private ResultJoiner() {
    }

    public static void join(LoadContext load, BatchRef batch, InputStream results) {
        var out = load.getOutcomes();
        try (CsvRows rows = new CsvRows(batch.getSpool()); CsvRows answers = new CsvRows("results of batch " + batch.getId(), results)) {
            rows.next();
            String[] head = answers.next();
            int id = indexOf(head, "Id");
            int success = indexOf(head, "Success");
            int created = indexOf(head, "Created");
            int error = indexOf(head, "Error");
            String[] row;
            long joined = 0;
            while ((row = rows.next()) != null) {
                String[] result = answers.next();
                if (result == null) {
                    out.unprocessed(row);
                    batch.rowWritten();
                    continue;
                }
                joined++;
                if (Boolean.parseBoolean(result[success])) {
                    out.succeeded(result[id], Boolean.parseBoolean(result[created]), row);
                } else {
                    out.failed(result[id], result[error], row);
                }
                batch.rowWritten();
            }
            if (joined < batch.getRecords()) {
                LOG.warn("Load {}: batch {} answered {} results for {} records; the rest are unprocessed",
                        load.getLoadId(), batch.getId(), joined, batch.getRecords());
            }
        }
    }

    /** Every row of a batch that Salesforce did not process (Failed, NotProcessed, never submitted). */
    public static void unprocessed(LoadContext load, BatchRef batch) {
        unprocessedFrom(load, batch, 0);
    }

    /** The rows of a batch from the {@code first}-th on (0-based) are unprocessed: those not yet written. */
    public static void unprocessedFrom(LoadContext load, BatchRef batch, long first) {
        try (CsvRows rows = new CsvRows(batch.getSpool())) {
            rows.next();
            String[] row;
            long index = 0;
            while ((row = rows.next()) != null) {
                if (index++ >= first) {
                    load.getOutcomes().unprocessed(row);
                    batch.rowWritten();
                }
            }
        }
    }

    private static int indexOf(String[] header, String name) {
        for (int i = 0; header != null && i < header.length; i++) {
            if (header[i].equalsIgnoreCase(name)) {
                return i;
            }
        }
        throw new IllegalStateException("Batch results have no column " + name);
    }
}
