package io.bulkroute.model;

import java.nio.file.Path;
import java.util.function.Function;
import java.util.function.UnaryOperator;

import io.bulkroute.model.Api;
import io.bulkroute.model.LoadRequestException;
import io.bulkroute.model.Operation;
import io.bulkroute.model.SalesforceNames;

/**
 * What to load and how: the parameters of one load, from the command line or a trigger. The ledger
 * keeps them, so a resumed load cuts its input into the same batches (or 2.0 jobs) again. The object and
 * external id field go into Salesforce's URLs and job requests: whichever trigger made the request, they must be
 * API names. {@code operation} is kept as it was given (report.json shows it so); {@code api} is v1 or v2.
 */
public record LoadRequest(Path source, String sourceName, String object, String operation, String externalIdField,
                          String api, int batchSize, long batchMaxBytes, boolean serial, long jobMaxBytes, Path outDir) {
    /** Bulk 1.0 takes at most this many records in a batch. */
    public static final int MAX_BATCH_SIZE = 10_000;
    /** How refusals name a parameter given as a {@code bulk*} header. */
    public static final UnaryOperator<String> HEADERS = header -> "the header " + header;

    public LoadRequest {
        SalesforceNames.object(object);
        if (externalIdField != null && !externalIdField.isBlank()) {
            SalesforceNames.field(externalIdField);
        }
    }

    /**
     * What a load takes when its parameters do not say: the source and output folder a trigger knows of (either may
     * be null), and the settings' API and sizes.
     */
    public record Defaults(Path source, Path outDir, Api api, int batchSize, long batchMaxBytes, long jobMaxBytes) {
    }

    /**
     * The one place a load's parameters are checked, whoever gives them: the command line, the HTTP API, a file,
     * SQL or message trigger, a record stream. Each is read from {@code param} by its header name ({@code bulkObject},
     * {@code bulkOperation}, {@code bulkExternalId}, {@code bulkApi}, {@code bulkBatchSize}, {@code bulkBatchMaxBytes},
     * {@code bulkJobMaxBytes}, {@code bulkSerial}, {@code bulkSource}, {@code bulkSourceName}, {@code bulkOutDir});
     * a blank value is none.
     *
     * @param naming how the caller names a parameter in a refusal, from its header name
     *               ({@link #HEADERS}, or {@code --external-id} for the command line)
     * @throws LoadRequestException naming the first parameter refused
     */
    public static LoadRequest parse(Function<String, String> param, Defaults defaults, UnaryOperator<String> naming) {
        Function<String, String> text = name -> {
            String v = param.apply(name);
            return v == null || v.isBlank() ? null : v;
        };
        String object = text.apply(BulkHeaders.OBJECT);
        if (object == null) {
            throw new LoadRequestException("a load needs " + naming.apply(BulkHeaders.OBJECT));
        }
        String operation = text.apply(BulkHeaders.OPERATION);
        if (operation == null) {
            throw new LoadRequestException("a load needs " + naming.apply(BulkHeaders.OPERATION));
        }
        named(SalesforceNames::object, object);
        Operation op = Operation.of(operation);
        if (op == null) {
            throw new LoadRequestException(naming.apply(BulkHeaders.OPERATION) + " must be one of " + Operation.NAMES
                    + ", not " + operation);
        }
        String externalId = text.apply(BulkHeaders.EXTERNAL_ID);
        if (externalId == null && op.needsExternalId()) {
            throw new LoadRequestException("an upsert needs " + naming.apply(BulkHeaders.EXTERNAL_ID));
        }
        if (externalId != null) {
            named(SalesforceNames::field, externalId);
        }
        String apiName = text.apply(BulkHeaders.API);
        Api api = apiName == null ? defaults.api() : Api.of(apiName);
        if (api == null) {
            throw new LoadRequestException(naming.apply(BulkHeaders.API) + " must be v1 or v2, not " + apiName);
        }
        long batchSize = whole(text.apply(BulkHeaders.BATCH_SIZE), defaults.batchSize(), naming.apply(BulkHeaders.BATCH_SIZE));
        if (batchSize < 1 || batchSize > MAX_BATCH_SIZE) {
            throw new LoadRequestException(naming.apply(BulkHeaders.BATCH_SIZE) + " must be between 1 and " + MAX_BATCH_SIZE
                    + ", not " + batchSize);
        }
        long batchMaxBytes = whole(text.apply(BulkHeaders.BATCH_MAX_BYTES), defaults.batchMaxBytes(), naming.apply(BulkHeaders.BATCH_MAX_BYTES));
        long jobMaxBytes = whole(text.apply(BulkHeaders.JOB_MAX_BYTES), defaults.jobMaxBytes(), naming.apply(BulkHeaders.JOB_MAX_BYTES));
        String sourceText = text.apply(BulkHeaders.SOURCE);
        Path source = sourceText == null ? defaults.source() : path(sourceText, naming.apply(BulkHeaders.SOURCE));
        if (source == null) {
            throw new LoadRequestException("a load needs a source file (" + naming.apply(BulkHeaders.SOURCE) + ")");
        }
        String sourceName = text.apply(BulkHeaders.SOURCE_NAME);
        String outDirText = text.apply(BulkHeaders.OUT_DIR);
        // absolute: the ledger keeps it (and the spools in it) for a resume, which may run elsewhere
        Path outDir = outDirText == null ? defaults.outDir() : path(outDirText, naming.apply(BulkHeaders.OUT_DIR));
        return new LoadRequest(source, Printable.of(sourceName == null ? source.toString() : sourceName), object, operation,
                externalId, api.configName(), (int) batchSize, batchMaxBytes, Boolean.parseBoolean(text.apply(BulkHeaders.SERIAL)),
                jobMaxBytes, outDir == null ? null : outDir.toAbsolutePath());
    }

    /** The operation, typed. */
    public Operation operationKind() {
        return Operation.of(operation);
    }

    /** The API, typed. */
    public Api apiKind() {
        return Api.of(api);
    }

    /** The object's or field's name, checked as an API name: it goes into Salesforce's URLs. */
    private static void named(UnaryOperator<String> check, String name) {
        try {
            check.apply(name);
        } catch (IllegalArgumentException e) {
            throw new LoadRequestException(e.getMessage());
        }
    }

    private static long whole(String value, long fallback, String name) {
        if (value == null) {
            return fallback;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new LoadRequestException(name + " must be a whole number, not " + value);
        }
    }

    private static Path path(String value, String name) {
        try {
            return Path.of(value);
        } catch (java.nio.file.InvalidPathException e) {
            throw new LoadRequestException(name + " is no path: " + e.getMessage());
        }
    }
}
