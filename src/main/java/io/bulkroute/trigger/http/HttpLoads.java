package io.bulkroute.trigger.http;

import io.bulkroute.model.BulkHeaders;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.bulkroute.ledger.Ledger;
import io.bulkroute.input.BadMessageException;
import io.bulkroute.ledger.LoadEntry;
import io.bulkroute.model.LoadContext;
import io.bulkroute.outcome.LoadReport;
import io.bulkroute.model.LoadRequest;
import io.bulkroute.lifecycle.Loads;
import io.bulkroute.model.Api;
import io.bulkroute.model.LoadRequestException;
import org.apache.camel.Exchange;

/**
 * Loads started over HTTP: the parameters a call gives ({@code object}, {@code operation},
 * {@code externalId}, {@code api}) checked before the body is read, and what {@code GET /api/loads/{id}}
 * answers at any time, in report.json's shape: a load accepted but not begun yet (RUNNING, nothing
 * counted), a running load's counts so far, the final report of a load that has ended.
 */
public final class HttpLoads {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The load's headers a call's query parameters give. */
    private static final Map<String, String> PARAMETER_OF = Map.of(BulkHeaders.OBJECT, "object", BulkHeaders.OPERATION, "operation",
            BulkHeaders.EXTERNAL_ID, "externalId", BulkHeaders.API, "api");
    /** Load ids as {@link Loads#newLoadId()} makes them, and nothing that could name another folder. */
    private static final Pattern LOAD_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,99}");
    /** Accepted until their load has ended: between the answer and the load's begin, only this knows them. */
    private final Map<String, Map<String, Object>> accepted = new ConcurrentHashMap<>();
    private Loads loads;
    private Ledger ledger;
    private Path outbox = Path.of("outbox");

    /** The call's query parameters become the load's {@code bulk*} headers, with a new load id. */
    public void accept(Exchange exchange) {
        BodyTypes.require(exchange, BodyTypes.CSV, "CSV");
        target(exchange);
        exchange.getIn().setHeader(BulkHeaders.LOAD_ID, Loads.newLoadId());
    }

    /**
     * {@code POST /api/loads/{id}/records}: the records are a record stream's messages (stream-load.camel.yaml)
     * for the load {@code id}; its first records start it, with the object and operation of the call.
     */
    public void streamed(Exchange exchange) {
        BodyTypes.require(exchange, BodyTypes.RECORDS, "JSON records, one per line");
        target(exchange);
        exchange.getIn().setHeader(BulkHeaders.LOAD_ID, loadId(exchange));
        exchange.getIn().setHeader(BulkHeaders.SOURCE_NAME, "HTTP records");
    }

    /** {@code POST /api/loads/{id}/complete}: the stream's completion signal, as a message with bulkLoadComplete. */
    public void completing(Exchange exchange) {
        var in = exchange.getIn();
        in.setHeader(BulkHeaders.LOAD_ID, loadId(exchange));
        in.setHeader(BulkHeaders.LOAD_COMPLETE, "true");
        in.setHeader(BulkHeaders.MESSAGE_KEY, "http-complete-" + exchange.getExchangeId());
        in.setBody("");
    }

    /** The signal was taken, or the stream it names is unknown (404) or over (409). */
    public Map<String, Object> completed(Exchange exchange) {
        Throwable refusal = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String reason = refusal == null ? null : refusal.getMessage();
        if (Boolean.TRUE.equals(exchange.getProperty(BadMessageException.REJECTED, Boolean.class))) {
            throw new ApiException(reason != null && reason.contains("unknown load") ? 404 : 409, reason);
        }
        return Map.of("loadId", exchange.getIn().getHeader(BulkHeaders.LOAD_ID, String.class), "complete", true);
    }

    private static String loadId(Exchange exchange) {
        String id = exchange.getIn().getHeader("id", String.class);
        if (id == null || !LOAD_ID.matcher(id).matches()) {
            throw new ApiException(400, "A load id is letters, digits, '.', '_' or '-', not " + id);
        }
        return id;
    }

    private static void target(Exchange exchange) {
        var in = exchange.getIn();
        Map<String, String> given = new HashMap<>();
        PARAMETER_OF.forEach((header, parameter) -> given.put(header, in.getHeader(parameter, String.class)));
        // checked before the body is read, as the load checks them once it begins: the body has no file yet
        LoadRequest request;
        try {
            request = LoadRequest.parse(given::get, new LoadRequest.Defaults(Path.of("HTTP upload"), null, Api.V1,
                    LoadRequest.MAX_BATCH_SIZE, 1, 0), header -> "the parameter " + PARAMETER_OF.get(header));
        } catch (LoadRequestException e) {
            throw new ApiException(400, e.getMessage());
        }
        in.setHeader(BulkHeaders.OBJECT, request.object());
        in.setHeader(BulkHeaders.OPERATION, request.operation());
        in.setHeader(BulkHeaders.EXTERNAL_ID, request.externalIdField());
        // none given: the load takes the setting bulk.api
        in.setHeader(BulkHeaders.API, given.get(BulkHeaders.API) == null ? null : request.api());
    }

    /** The body is staged: the load is accepted. The answer's body names it. */
    public Map<String, Object> queued(Exchange exchange) {
        var in = exchange.getIn();
        String loadId = in.getHeader(BulkHeaders.LOAD_ID, String.class);
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("loadId", loadId);
        report.put("source", in.getHeader(BulkHeaders.SOURCE_NAME));
        report.put("object", in.getHeader(BulkHeaders.OBJECT));
        report.put("operation", in.getHeader(BulkHeaders.OPERATION));
        report.put("api", in.getHeader(BulkHeaders.API));
        report.put("jobs", List.of());
        report.put("records", Map.of("total", 0, "succeeded", 0, "failed", 0, "unprocessed", 0));
        report.put("outcome", "RUNNING");
        accepted.put(loadId, report);
        return Map.of("loadId", loadId);
    }

    /** After the load, whatever its outcome: the ledger or its report.json knows it from now on. */
    public void ended(Exchange exchange) {
        accepted.remove(exchange.getIn().getHeader(BulkHeaders.LOAD_ID, String.class));
    }

    /** {@code GET /api/loads/{id}}: report.json's content, as it is now. */
    public Map<String, Object> status(Exchange exchange) throws IOException {
        String id = exchange.getIn().getHeader("id", String.class);
        if (id == null || !LOAD_ID.matcher(id).matches()) {
            throw new ApiException(404, "No load " + id);
        }
        LoadContext running = loads.running(id);
        if (running != null) {
            return LoadReport.of(running);
        }
        LoadEntry known = ledger.load(id);
        if (known != null) {
            Path report = known.request().outDir().resolve("report.json");
            return Files.exists(report) ? read(report) : fromLedger(known);
        }
        // a load that failed before the ledger heard of it (bad input) still wrote its report
        Path report = outbox.resolve(id).resolve("report.json");
        if (Files.exists(report)) {
            return read(report);
        }
        Map<String, Object> queued = accepted.get(id);
        if (queued != null) {
            return queued;
        }
        throw new ApiException(404, "No load " + id);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> read(Path report) throws IOException {
        return JSON.readValue(report.toFile(), Map.class);
    }

    /** A load the ledger knows whose report was not written (its process stopped while it ran). */
    private static Map<String, Object> fromLedger(LoadEntry load) {
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("loadId", load.loadId());
        report.put("source", load.request().sourceName());
        report.put("object", load.request().object());
        report.put("operation", load.request().operation());
        report.put("api", load.request().api());
        // a load a resume will finish still runs; one the ledger holds as failing has failed
        report.put("outcome", load.isFailing() ? "FAILED" : load.state());
        if (load.error() != null) {
            report.put("error", load.error());
        }
        report.put("startedAt", String.valueOf(load.startedAt()));
        report.put("outputFolder", load.request().outDir().toString());
        return report;
    }

    public void setLoads(Loads loads) {
        this.loads = loads;
    }

    public void setLedger(Ledger ledger) {
        this.ledger = ledger;
    }

    public void setOutbox(String outbox) {
        this.outbox = Path.of(outbox);
    }
}
