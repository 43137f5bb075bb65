package io.bulkroute.simulator.processing;

import java.io.IOException;

import io.bulkroute.simulator.org.RecordResult;

/** Where a batch run writes what became of each row: Bulk 1.0 and 2.0 keep results in different shapes. */
public interface ResultSink {
    void header(String[] header) throws IOException;

    void result(String[] row, RecordResult result) throws IOException;

    void unprocessed(String[] row) throws IOException;
}
