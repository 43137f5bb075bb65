package io.bulkroute.simulator.bulkv2;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.MappingIterator;
import io.bulkroute.simulator.http.SimException;
import io.bulkroute.simulator.http.SimExchange;
import io.bulkroute.simulator.processing.CsvFormat;

/** A 2.0 job's result files ({@code successfulResults}, {@code failedResults}, {@code unprocessedrecords}), once it has ended. */
final class V2Results {
    private V2Results() {
    }

    static void answer(SimExchange ex, V2Job job, String which) throws IOException {
        if (!job.ended()) {
            throw new SimException(409, "INVALIDJOBSTATE", "Results are available once the job has ended; it is " + job.state);
        }
        // a job aborted while a worker runs it is still writing its result files
        if (!job.awaitSettled(BulkV2Api.SETTLE_MILLIS)) {
            throw new SimException(409, "INVALIDJOBSTATE", "The job is still being aborted; try again shortly");
        }
        Path file = switch (which) {
            case "successfulResults" -> job.successful;
            case "failedResults" -> job.failed;
            default -> job.unprocessed;
        };
        if (which.equals("unprocessedrecords") && !job.processingStarted) {
            // never processed (aborted before, or failed whole): every uploaded row, as uploaded
            file = job.upload;
        }
        Path body = file;
        String[] sfColumns = switch (which) {
            case "successfulResults" -> new String[] {"sf__Id", "sf__Created"};
            case "failedResults" -> new String[] {"sf__Id", "sf__Error"};
            default -> new String[0];
        };
        ex.answerStream(200, "text/csv", out -> {
            if (body != null && Files.exists(body) && Files.size(body) > 0) {
                Files.copy(body, out);
            } else if (sfColumns.length > 0) {
                // nothing was written (never processed, or failed before the first row): the header alone,
                // with the uploaded columns after the sf__ ones
                StringBuilder line = new StringBuilder();
                for (String column : sfColumns) {
                    CsvFormat.appendQuoted(line, column);
                    line.append(job.delimiter());
                }
                for (String column : uploadedColumns(job)) {
                    CsvFormat.appendQuoted(line, column);
                    line.append(job.delimiter());
                }
                line.setLength(line.length() - 1);
                out.write((line + job.newline()).getBytes(StandardCharsets.UTF_8));
            }
        });
    }

    /** The header of the job's upload, or none when there is no readable upload. */
    private static String[] uploadedColumns(V2Job job) {
        Path upload = job.upload;
        if (upload == null || !Files.exists(upload)) {
            return new String[0];
        }
        try (InputStream in = Files.newInputStream(upload);
             MappingIterator<String[]> rows = new CsvFormat(job.delimiter()).rows(in)) {
            if (!rows.hasNext()) {
                return new String[0];
            }
            String[] header = rows.next();
            if (header.length > 0 && header[0].startsWith("\uFEFF")) {
                header[0] = header[0].substring(1);
            }
            return header;
        } catch (IOException | RuntimeException unreadable) {
            return new String[0];
        }
    }
}
