package io.bulkroute.lifecycle;

import io.bulkroute.model.BulkHeaders;

import io.bulkroute.model.Api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.fasterxml.jackson.module.jakarta.xmlbind.JakartaXmlBindAnnotationModule;
import io.bulkroute.ledger.Ledger;
import org.apache.camel.Body;
import org.apache.camel.Header;

/**
 * Closing, aborting and reading a job by its id, Bulk 1.0 or 2.0, for whoever asks: the command line
 * ({@code close-job}, {@code abort-job}, {@code job}) and the HTTP API ({@code POST /api/jobs/{jobId}/close}).
 * Which component operation does it, the state it leaves the job in, the ledger told about it, the job
 * as JSON, and Salesforce's reason when it refuses.
 */
public final class JobActions {
    // the JAXB module prints Bulk 1.0 enums as Salesforce spells them (Closed, not CLOSED)
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .registerModule(new JakartaXmlBindAnnotationModule())
            .setSerializationInclusion(JsonInclude.Include.NON_NULL)
            .enable(SerializationFeature.INDENT_OUTPUT).disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private Ledger ledger;

    /** The salesforce component's operation for {@code close-job}, {@code abort-job} or {@code job}. */
    public static String operation(String action, String api) {
        boolean v1 = isV1(api);
        return switch (action) {
            case "close-job" -> v1 ? "closeJob" : "bulk2CloseJob";
            case "abort-job" -> v1 ? "abortJob" : "bulk2AbortJob";
            case "job" -> v1 ? "getJob" : "bulk2GetJob";
            default -> throw new IllegalArgumentException("Unknown job action " + action);
        };
    }

    /** The state a job is in once the action has been done, or null for one that only reads it. */
    public static String endState(String action, String api) {
        return switch (action) {
            case "close-job" -> isV1(api) ? "Closed" : "UploadComplete";
            case "abort-job" -> "Aborted";
            default -> null;
        };
    }

    /** {@code v1} (also when not given) or {@code v2}; anything else is refused. */
    public static boolean isV1(String api) {
        if (api == null || api.isBlank()) {
            return true;
        }
        Api named = Api.of(api);
        if (named != null) {
            return named == Api.V1;
        }
        throw new IllegalArgumentException("api must be v1 or v2, not " + api);
    }

    /** When the ledger knows the job, it learns what was done to it. */
    public static void record(Ledger ledger, String jobId, String state) {
        if (state != null && ledger.knowsJob(jobId)) {
            ledger.jobState(jobId, state);
        }
    }

    public static String json(Object job) throws JsonProcessingException {
        return JSON.writeValueAsString(job);
    }

    /**
     * For a route, after the component has answered: headers {@code jobId}, {@code bulkJobAction},
     * {@code api}; the body, the job as the component answered it, becomes its JSON.
     */
    public String done(@Header("jobId") String jobId, @Header(BulkHeaders.JOB_ACTION) String action, @Header("api") String api,
                       @Body Object job) throws JsonProcessingException {
        record(ledger, jobId, endState(action, api));
        return json(job);
    }

    public void setLedger(Ledger ledger) {
        this.ledger = ledger;
    }
}
