package io.bulkroute.simulator.processing;

import java.io.CharConversionException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MappingIterator;
import io.bulkroute.simulator.fault.FaultInjector;
import io.bulkroute.simulator.org.BatchFailure;
import io.bulkroute.simulator.org.ColumnMap;
import io.bulkroute.simulator.org.ObjectTable;
import io.bulkroute.simulator.org.Operation;
import io.bulkroute.simulator.org.OrgStore;
import io.bulkroute.simulator.org.RecordResult;
import io.bulkroute.simulator.org.RecordWriter;

/**
 * Processes one spooled CSV upload against the org: a first streaming pass checks the whole batch
 * (header, row shape, record limit, encoding, repeated upsert keys) so a bad batch fails before any
 * record is touched, as Salesforce does; a second pass applies the rows in chunks of 200 and
 * writes each result.
 */
public final class BatchRun {
    public static final int CHUNK = 200;

    public record Counts(long processed, long failed) {
    }

    /** What a batch run needs to know about its job. */
    public record Target(String objectName, Operation op, String externalIdField, long maxRecords) {
    }

    private final OrgStore org;
    private final FaultInjector faults;
    private final RecordPacer pacer;

    public BatchRun(OrgStore org, FaultInjector faults, RecordPacer pacer) {
        this.org = org;
        this.faults = faults;
        this.pacer = pacer;
    }

    /**
     * @param stopped checked before each chunk: once true (the job was aborted) the remaining rows are unprocessed
     * @param progress told the running counts after each chunk, so job status moves while a batch runs
     */
    public Counts run(Path csv, CsvFormat format, Target target, BooleanSupplier stopped, ResultSink sink,
                      Consumer<Counts> progress) throws BatchFailure, IOException {
        ObjectTable table = org.table(target.objectName());
        String[] header = readHeader(csv, format);
        ColumnMap columns = ColumnMap.of(header, org, table.schema(), target.op(), target.externalIdField());
        Set<String> duplicateKeys = validate(csv, format, header.length, target.maxRecords(), columns.externalIdColumn());
        RecordWriter writer = new RecordWriter(org, table, target.op(), columns, faults::lockFailure, duplicateKeys);
        sink.header(header);
        long processed = 0;
        long failed = 0;
        try (InputStream in = Files.newInputStream(csv); MappingIterator<String[]> rows = format.rows(in)) {
            rows.next();
            List<String[]> chunk = new ArrayList<>(CHUNK);
            List<RecordResult> results = new ArrayList<>(CHUNK);
            while (rows.hasNext()) {
                chunk.clear();
                results.clear();
                while (chunk.size() < CHUNK && rows.hasNext()) {
                    chunk.add(rows.next());
                }
                if (stopped.getAsBoolean()) {
                    for (String[] row : chunk) {
                        sink.unprocessed(row);
                    }
                    continue;
                }
                pacer.acquire(chunk.size());
                synchronized (table) {
                    for (String[] row : chunk) {
                        results.add(writer.apply(row));
                    }
                }
                for (int i = 0; i < chunk.size(); i++) {
                    RecordResult r = results.get(i);
                    sink.result(chunk.get(i), r);
                    processed++;
                    if (!r.success()) {
                        failed++;
                    }
                }
                progress.accept(new Counts(processed, failed));
            }
        }
        return new Counts(processed, failed);
    }

    private static String[] readHeader(Path csv, CsvFormat format) throws BatchFailure, IOException {
        try (InputStream in = Files.newInputStream(csv); MappingIterator<String[]> rows = format.rows(in)) {
            if (!rows.hasNext()) {
                throw new BatchFailure("InvalidBatch : Empty batch");
            }
            String[] header = rows.next();
            if (header.length > 0 && header[0].startsWith("\uFEFF")) {
                header[0] = header[0].substring(1);
            }
            return header;
        } catch (RuntimeException | JsonProcessingException | CharConversionException e) {
            throw parseFailure(e, 1);
        }
    }

    /** Reads the whole upload once without keeping it; returns the upsert keys that occur more than once. */
    private static Set<String> validate(Path csv, CsvFormat format, int width, long maxRecords, int keyColumn)
            throws BatchFailure, IOException {
        Set<String> seen = keyColumn < 0 ? Set.of() : new HashSet<>();
        Set<String> repeated = new HashSet<>();
        long line = 1;
        try (InputStream in = Files.newInputStream(csv); MappingIterator<String[]> rows = format.rows(in)) {
            rows.next();
            long count = 0;
            while (rows.hasNext()) {
                String[] row = rows.next();
                line++;
                count++;
                if (row.length != width) {
                    throw new BatchFailure("InvalidBatch : Record " + count + " has " + row.length
                            + " values but the header has " + width + " columns");
                }
                if (keyColumn >= 0 && !row[keyColumn].isEmpty() && !seen.add(row[keyColumn])) {
                    repeated.add(row[keyColumn]);
                }
            }
            if (count > maxRecords) {
                // Salesforce counts the header line too
                throw new BatchFailure("InvalidBatch : Exceeded number of records: " + (count + 1)
                        + ". Number of records should be less than or equal to " + (maxRecords + 1));
            }
            return repeated;
        } catch (RuntimeException | JsonProcessingException | CharConversionException e) {
            throw parseFailure(e, line + 1);
        }
    }

    private static BatchFailure parseFailure(Exception e, long line) {
        Throwable cause = e;
        while (cause != null) {
            if (cause instanceof CharConversionException) {
                return new BatchFailure("InvalidBatch : Invalid UTF-8 byte sequence near line " + line);
            }
            cause = cause.getCause();
        }
        String message = e.getMessage() == null ? "" : e.getMessage();
        if (message.contains("Missing closing quote")) {
            return new BatchFailure("InvalidBatch : EOF reached before closing an opened quote");
        }
        if (message.contains("Expected separator")) {
            return new BatchFailure("InvalidBatch : Not expecting more text after end quote");
        }
        int nl = message.indexOf('\n');
        return new BatchFailure("InvalidBatch : Failed to parse CSV near line " + line + ": "
                + (nl < 0 ? message : message.substring(0, nl)));
    }
}
