package io.bulkroute.simulator.processing;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

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
 *
 * <p>Both passes read with {@link CsvScanner} when it vouches for the whole file, and with Jackson
 * ({@link CsvFormat#rows}) otherwise: the rows, the results and the failure messages are the same
 * either way, only the time differs. In a large batch the second pass is a pipeline: rows are
 * parsed ahead on one thread, applied in order on this one, and their results written in order
 * on a third.
 */
public final class BatchRun {
    public static final int CHUNK = 200;
    /**
     * Batches of at least this many records (Bulk 2.0 jobs; a 1.0 batch has 10,000 at most) are
     * processed by three threads: one parses rows ahead, one applies them, one writes their results.
     */
    static final long READ_AHEAD_RECORDS = 50_000;

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
        String[] header = CsvScanner.supports(format.delimiter()) ? BatchCheck.fastHeader(csv, format) : null;
        boolean fast = header != null;
        if (!fast) {
            header = BatchCheck.readHeader(csv, format);
        }
        ColumnMap columns = ColumnMap.of(header, org, table.schema(), target.op(), target.externalIdField());
        BatchCheck.Checked checked = null;
        if (fast) {
            checked = BatchCheck.fastValidate(csv, format, header.length, target.maxRecords(), columns.externalIdColumn());
            fast = checked != null;
        }
        if (!fast) {
            checked = BatchCheck.validate(csv, format, header.length, target.maxRecords(), columns.externalIdColumn());
        }
        // the fault's random stream is only drawn from when lock failures are on, as before
        BooleanSupplier lockFailure = () -> faults.current().lockFailureRate > 0 && faults.lockFailure();
        RecordWriter writer = new RecordWriter(org, table, target.op(), columns, lockFailure, checked.repeatedKeys());
        sink.header(header);
        boolean large = checked.records() >= READ_AHEAD_RECORDS;
        BatchRows source = fast ? new BatchRows.ScannerRows(csv, format) : new BatchRows.JacksonRows(csv, format);
        try (BatchRows rows = large ? new BatchRows.ReadAhead(source) : source;
             BatchResults results = large ? new BatchResults.WriteBehind(sink, progress) : new BatchResults(sink, progress)) {
            rows.next();
            String[] row = rows.next();
            while (row != null) {
                List<String[]> chunk = new ArrayList<>(CHUNK);
                while (row != null && chunk.size() < CHUNK) {
                    chunk.add(row);
                    row = rows.next();
                }
                results.check();
                if (stopped.getAsBoolean()) {
                    results.add(chunk, null);
                    continue;
                }
                pacer.acquire(chunk.size());
                writer.prefetch(chunk);
                RecordResult[] applied = new RecordResult[chunk.size()];
                synchronized (table) {
                    for (int i = 0; i < applied.length; i++) {
                        applied[i] = writer.apply(chunk.get(i));
                    }
                }
                results.add(chunk, applied);
            }
            return results.finish();
        }
    }
}
