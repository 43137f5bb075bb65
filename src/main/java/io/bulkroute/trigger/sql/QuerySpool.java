package io.bulkroute.trigger.sql;

import io.bulkroute.model.BulkHeaders;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.bulkroute.input.CsvRows;
import io.bulkroute.lifecycle.Loads;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a scheduled load's query and writes its rows, as they arrive, to a CSV file in the staging
 * folder: the load then reads that file as it reads a dropped one. The result set is read through a
 * cursor ({@code fetchSize} rows at a time, in a read-only transaction: PostgreSQL only keeps a cursor
 * with autocommit off), so only one fetch is ever in memory. The connection is closed as soon as the
 * last row is written, not held for the whole load. Column labels become the CSV header: they are the
 * Salesforce field names.
 */
public final class QuerySpool {
    private static final Logger LOG = LoggerFactory.getLogger(QuerySpool.class);
    private static final CsvSchema CSV = CsvSchema.emptySchema().withLineSeparator("\n");
    private Path staging = Path.of("staging");

    /**
     * Headers in: {@code bulkDataSource} (a DataSource bean's name), {@code bulkQuery}, {@code bulkFetchSize}.
     * Headers out: {@code bulkSource} and {@code bulkSourceName} (the spooled file), {@code bulkLoadId}
     * (the file carries it, so each run's file is new to the fingerprint) and {@code bulkQueryRows}.
     */
    public void spool(Exchange exchange) throws SQLException {
        var in = exchange.getIn();
        String name = in.getHeader(BulkHeaders.DATA_SOURCE, String.class);
        DataSource dataSource = exchange.getContext().getRegistry().lookupByNameAndType(name, DataSource.class);
        if (dataSource == null) {
            throw new IllegalArgumentException("No data source bean named " + name);
        }
        String query = in.getHeader(BulkHeaders.QUERY, String.class);
        int fetchSize = in.getHeader(BulkHeaders.FETCH_SIZE, 1000, Integer.class);
        String loadId = Loads.newLoadId();
        Path file = staging.resolve(exchange.getFromRouteId() + "-" + loadId + ".csv");
        long rows = write(dataSource, query, fetchSize, file);
        LOG.info("Query of {} returned {} rows, spooled to {}", exchange.getFromRouteId(), rows, file);
        in.setHeader(BulkHeaders.LOAD_ID, loadId);
        in.setHeader(BulkHeaders.SOURCE, file.toAbsolutePath().toString());
        in.setHeader(BulkHeaders.SOURCE_NAME, file.getFileName().toString());
        in.setHeader(BulkHeaders.QUERY_ROWS, rows);
    }

    static long write(DataSource dataSource, String query, int fetchSize, Path file) throws SQLException {
        try {
            Files.createDirectories(file.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the staging folder " + file.getParent(), e);
        }
        Path part = file.resolveSibling(file.getFileName() + ".part");
        long rows = 0;
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            c.setReadOnly(true);
            try (Statement st = c.createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
                st.setFetchSize(fetchSize);
                try (ResultSet rs = st.executeQuery(query);
                     Writer out = Files.newBufferedWriter(part, StandardCharsets.UTF_8);
                     SequenceWriter csv = CsvRows.MAPPER.writerFor(String[].class).with(CSV).writeValues(out)) {
                    ResultSetMetaData meta = rs.getMetaData();
                    String[] row = new String[meta.getColumnCount()];
                    for (int i = 0; i < row.length; i++) {
                        row[i] = meta.getColumnLabel(i + 1);
                    }
                    csv.write(row);
                    while (rs.next()) {
                        for (int i = 0; i < row.length; i++) {
                            row[i] = text(rs.getObject(i + 1));
                        }
                        csv.write(row);
                        rows++;
                    }
                }
            } finally {
                // the transaction only read: nothing to keep
                c.rollback();
            }
            Files.move(part, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the query's rows to " + part, e);
        } finally {
            try {
                Files.deleteIfExists(part);
            } catch (IOException e) {
                LOG.debug("Could not remove {}", part, e);
            }
        }
    }

    /**
     * A value as Salesforce reads it from a CSV: NULL is an empty field, numbers in plain notation,
     * timestamps in ISO 8601 with their offset (a timestamp without a zone is read in this JVM's zone).
     */
    static String text(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof BigDecimal d) {
            return d.toPlainString();
        }
        if ((value instanceof Double d && Double.isFinite(d)) || (value instanceof Float f && Float.isFinite(f))) {
            return new BigDecimal(value.toString()).toPlainString();
        }
        if (value instanceof Timestamp t) {
            return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(t.toInstant().atZone(java.time.ZoneId.systemDefault()));
        }
        if (value instanceof OffsetDateTime t) {
            return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(t);
        }
        return value.toString();
    }

    public void setStaging(String staging) {
        this.staging = Path.of(staging);
    }
}
