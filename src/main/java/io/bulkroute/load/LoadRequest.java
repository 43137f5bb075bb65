package io.bulkroute.load;

import java.nio.file.Path;

import io.bulkroute.salesforce.SalesforceNames;

/**
 * What to load and how: the parameters of one load, from the command line or a trigger. The ledger
 * keeps them, so a resumed load cuts its input into the same batches (or 2.0 jobs) again. The object and
 * external id field go into Salesforce's URLs and job requests: whichever trigger made the request, they must be
 * API names.
 */
public record LoadRequest(Path source, String sourceName, String object, String operation, String externalIdField,
                          String api, int batchSize, long batchMaxBytes, boolean serial, long jobMaxBytes, Path outDir) {
    public LoadRequest {
        SalesforceNames.object(object);
        if (externalIdField != null && !externalIdField.isBlank()) {
            SalesforceNames.field(externalIdField);
        }
    }
}
