package io.bulkroute.outcome;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import io.bulkroute.input.CsvScanner;

/**
 * The Bulk 1.0 join of one batch on bytes: the n-th result answers the n-th row of the spool, and each row is copied
 * into its outcome part field by field, with no String made for it. The parts are CSV as {@link OutcomeFiles} writes it
 * (no header), for {@link io.bulkroute.model.OutcomeSink#appendParts}. Input it cannot read as Jackson would ends it
 * with {@link CsvScanner.Unsupported}, before anything reached the outcome files.
 */
final class BatchResultJoin {
    private static final byte[] TRUE = "true".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] FALSE = "false".getBytes(StandardCharsets.US_ASCII);

    private BatchResultJoin() {
    }

    /** @return the rows that took a result, then the counts of succeeded, failed and unprocessed rows */
    static long[] join(Path spool, InputStream results, Path success, Path failed, Path unprocessed) throws IOException {
        long[] counts = new long[4];
        try (CsvScanner rows = new CsvScanner(Files.newInputStream(spool));
             CsvScanner answers = new CsvScanner(results);
             CsvPartWriter s = new CsvPartWriter(success);
             CsvPartWriter f = new CsvPartWriter(failed);
             CsvPartWriter u = new CsvPartWriter(unprocessed)) {
            rows.next();
            int[] columns = columns(answers.next() ? answers.texts() : null);
            int id = columns[0];
            int ok = columns[1];
            int created = columns[2];
            int error = columns[3];
            int needed = Math.max(Math.max(id, ok), Math.max(created, error)) + 1;
            boolean answered = true;
            while (rows.next()) {
                answered = answered && answers.next();
                CsvPartWriter out;
                if (!answered) {
                    out = u;
                    counts[3]++;
                } else {
                    if (answers.fields() < needed) {
                        throw new CsvScanner.Unsupported("a result line with too few fields");
                    }
                    byte[] a = answers.bytes();
                    counts[0]++;
                    if (isTrue(a, answers.start(ok), answers.end(ok))) {
                        out = s;
                        s.value(a, answers.start(id), answers.end(id));
                        byte[] flag = isTrue(a, answers.start(created), answers.end(created)) ? TRUE : FALSE;
                        s.value(flag, 0, flag.length);
                        counts[1]++;
                    } else {
                        out = f;
                        f.value(a, answers.start(id), answers.end(id));
                        f.value(a, answers.start(error), answers.end(error));
                        counts[2]++;
                    }
                }
                byte[] bytes = rows.bytes();
                for (int field = 0; field < rows.fields(); field++) {
                    out.value(bytes, rows.start(field), rows.end(field));
                }
                out.endRow();
            }
        }
        return counts;
    }

    /**
     * Where Id, Success, Created and Error are among the results' columns ({@code header}, null for no results),
     * found by name in any case: for both joins.
     */
    static int[] columns(String[] header) {
        String[] names = {"Id", "Success", "Created", "Error"};
        int[] at = {-1, -1, -1, -1};
        for (int field = 0; header != null && field < header.length; field++) {
            for (int i = 0; i < names.length; i++) {
                if (at[i] < 0 && names[i].equalsIgnoreCase(header[field])) {
                    at[i] = field;
                }
            }
        }
        for (int i = 0; i < names.length; i++) {
            if (at[i] < 0) {
                throw new IllegalStateException("Batch results have no column " + names[i]);
            }
        }
        return at;
    }

    /** As {@link Boolean#parseBoolean}: "true" in any case. */
    private static boolean isTrue(byte[] b, int start, int end) {
        if (end - start != 4) {
            return false;
        }
        for (int i = 0; i < 4; i++) {
            if ((b[start + i] | 0x20) != TRUE[i]) {
                return false;
            }
        }
        return true;
    }
}
