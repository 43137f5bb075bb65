package io.bulkroute.model;

import java.nio.file.Path;

/**
 * Where a load's rows go once Salesforce has answered for them: success.csv, failed.csv and unprocessed.csv,
 * with their counts for report.json. See docs/architecture.md#outcome-files-and-report.
 */
public interface OutcomeSink extends AutoCloseable {
    void succeeded(String id, boolean created, String[] row);

    void failed(String id, String error, String[] row);

    void unprocessed(String[] row);

    /** Appends a 2.0 job's outcome files, written apart while it ran, in input order. */
    void appendParts(Path success, Path failed, Path unprocessed);

    long succeeded();

    long failed();

    long unprocessed();

    /** The folder the files are in. */
    Path dir();

    @Override
    void close();
}
