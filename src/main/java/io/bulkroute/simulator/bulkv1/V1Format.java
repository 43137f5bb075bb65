package io.bulkroute.simulator.bulkv1;

import java.util.Map;

import io.bulkroute.simulator.http.SimException;
import io.bulkroute.simulator.http.SimExchange;

/**
 * The format of one Bulk 1.0 answer. Salesforce answers in the format it was asked in, so the choice is made
 * per request, not per job: camel-salesforce always sends {@code Accept: application/xml} and reads XML back,
 * even from a JSON job, while a hand-written {@code curl} with {@code Content-Type: application/json} expects
 * JSON. What {@code Accept} names wins, then the request's {@code Content-Type}; a request naming neither (a
 * bare {@code GET}) is answered in the job's own content type, XML when there is no job.
 */
enum V1Format {
    XML(V1Xml.CONTENT_TYPE), JSON("application/json");

    private final String contentType;

    V1Format(String contentType) {
        this.contentType = contentType;
    }

    String contentType() {
        return contentType;
    }

    static V1Format of(SimExchange ex, V1Format fallback) {
        V1Format accepted = named(ex.header("Accept"));
        if (accepted != null) {
            return accepted;
        }
        V1Format sent = named(ex.contentType());
        return sent != null ? sent : fallback;
    }

    /** The format a job's batches, batch answers and results are in: JSON for a JSON job, else XML. */
    static V1Format ofJob(V1Job job) {
        return job != null && job.contentType.equals("JSON") ? JSON : XML;
    }

    /** JSON or XML when the media type (or list of them) names one of them only; null for {@code *}/{@code *} or both. */
    private static V1Format named(String mediaTypes) {
        if (mediaTypes == null) {
            return null;
        }
        String t = mediaTypes.toLowerCase();
        boolean json = t.contains("json");
        boolean xml = t.contains("xml");
        return json == xml ? null : json ? JSON : XML;
    }

    /** A request body naming a job's fields (create, close, abort), read in the format it was sent in. */
    static Map<String, String> readJobInfo(SimExchange ex, String body) {
        return ex.contentType().contains("json") ? V1Json.readJobInfo(body) : V1Xml.readJobInfo(body);
    }

    String jobInfo(V1Job job) {
        return this == JSON ? V1Json.jobInfo(job) : V1Xml.jobInfo(job);
    }

    String batchInfo(V1Batch batch) {
        return this == JSON ? V1Json.batchInfo(batch) : V1Xml.batchInfo(batch);
    }

    String batchInfoList(Iterable<V1Batch> batches) {
        return this == JSON ? V1Json.batchInfoList(batches) : V1Xml.batchInfoList(batches);
    }

    String error(SimException e) {
        return this == JSON ? V1Json.error(e.code(), e.getMessage()) : V1Xml.error(e.code(), e.getMessage());
    }
}
