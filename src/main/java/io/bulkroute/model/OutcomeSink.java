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

    /**
     * Appends outcome rows written apart (a 2.0 job's, a 1.0 batch's), in input order; {@code counts} are the rows
     * of each part, succeeded, failed and unprocessed.
     */
    void appendParts(Path success, Path failed, Path unprocessed, long[] counts);

    long succeeded();

    long failed();

    long unprocessed();

    /** The folder the files are in. */
    Path dir();

    @Override
    void close();
}
