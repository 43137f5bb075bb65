package io.bulkroute.outcome;

import io.bulkroute.model.BatchRef;
import io.bulkroute.model.LoadContext;
import io.bulkroute.model.LoadRequest;
import io.bulkroute.model.V1Job;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/** {@code report.json} (docs/architecture.md#outcome): what was loaded, the jobs, the counts, the outcome. */
public final class LoadReport {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private LoadReport() {
    }

    public static Map<String, Object> of(LoadContext load) {
        Map<String, Object> report = new LinkedHashMap<>();
        LoadRequest request = load.getRequest();
        report.put("loadId", load.getLoadId());
        report.put("source", request.sourceName());
        report.put("object", request.object());
        report.put("operation", request.operation());
        report.put("api", request.api());
        List<Map<String, Object>> jobs = new ArrayList<>();
        // Bulk 1.0: the job a file's load opened, or each job a record stream opened
        for (V1Job v1Job : load.getV1Jobs()) {
            if (v1Job.getId() != null) {
                Map<String, Object> job = new LinkedHashMap<>();
                job.put("id", v1Job.getId());
                job.put("state", v1Job.getState());
                job.put("batches", v1Job.getBatches().stream().filter(BatchRef::isSubmitted).count());
                jobs.add(job);
            }
        }
        for (io.bulkroute.model.JobRef j : load.getJobs()) {
            Map<String, Object> job = new LinkedHashMap<>();
            job.put("id", j.getId());
            job.put("state", j.getState());
            job.put("records", j.getRecords());
            job.put("firstLine", j.getFirstLine());
            if (j.getErrorMessage() != null) {
                job.put("errorMessage", j.getErrorMessage());
            }
            jobs.add(job);
        }
        report.put("jobs", jobs);
        Map<String, Object> records = new LinkedHashMap<>();
        records.put("total", load.getTotalRecords());
        records.put("succeeded", load.getOutcomes() == null ? 0 : load.getOutcomes().succeeded());
        records.put("failed", load.getOutcomes() == null ? 0 : load.getOutcomes().failed());
        records.put("unprocessed", load.getOutcomes() == null ? 0 : load.getOutcomes().unprocessed());
        report.put("records", records);
        List<Map<String, Object>> failedBatches = new ArrayList<>();
        for (BatchRef b : load.getBatches()) {
            if (b.getState().equals("Failed") || b.getState().equals("NotProcessed") || !b.isSubmitted()) {
                Map<String, Object> f = new LinkedHashMap<>();
                f.put("batch", b.getIndex());
                f.put("id", b.getId());
                f.put("state", b.getState());
                f.put("records", b.getRecords());
                f.put("firstLine", b.getFirstLine());
                f.put("reason", b.getStateMessage() != null ? b.getStateMessage()
                        : b.isSubmitted() ? "the job was aborted before the batch was processed" : "never submitted");
                failedBatches.add(f);
            }
        }
        long cut = load.getRecordsCut();
        if (load.getFinishedAt() != null && cut < load.getTotalRecords()) {
            // the load stopped before the rest of the input was cut into batches (or jobs)
            Map<String, Object> rest = new LinkedHashMap<>();
            rest.put("batch", null);
            rest.put("id", null);
            rest.put("state", "NotCut");
            rest.put("records", load.getTotalRecords() - cut);
            rest.put("firstLine", null);
            rest.put("reason", "never submitted: the load stopped before reading this part of the input");
            failedBatches.add(rest);
        }
        if (!failedBatches.isEmpty()) {
            report.put("unprocessedBatches", failedBatches);
        }
        report.put("outcome", load.getOutcome().name());
        if (load.getError() != null) {
            report.put("error", load.getError());
        }
        report.put("startedAt", load.getStartedAt().toString());
        report.put("submittedAt", load.getSubmittedAt() == null ? null : load.getSubmittedAt().toString());
        report.put("finishedAt", load.getFinishedAt() == null ? null : load.getFinishedAt().toString());
        report.put("apiCalls", load.getApiCalls());
        report.put("outputFolder", load.getOutDir().toAbsolutePath().toString());
        return report;
    }

    public static Path write(LoadContext load) {
        try {
            Files.createDirectories(load.getOutDir());
            Path file = load.getOutDir().resolve("report.json");
            Path tmp = load.getOutDir().resolve("report.json.tmp");
            JSON.writeValue(tmp.toFile(), of(load));
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the report of load " + load.getLoadId(), e);
        }
    }
}
