package io.bulkroute.cli;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/** The few lines a person reads after a load: what happened, the counts, where the files are. */
final class Summary {
    private Summary() {
    }

    @SuppressWarnings("unchecked")
    static void print(Map<String, Object> report, PrintStream out) {
        Map<String, Object> records = (Map<String, Object>) report.get("records");
        List<Map<String, Object>> jobs = (List<Map<String, Object>>) report.get("jobs");
        out.println();
        out.println("Load " + report.get("loadId") + ": " + report.get("outcome"));
        out.println("  " + report.get("operation") + " " + report.get("object") + " from " + report.get("source")
                + " through Bulk API " + report.get("api"));
        for (Map<String, Object> job : jobs) {
            out.println("  job " + job.get("id") + " " + job.get("state")
                    + (job.containsKey("batches") ? ", " + job.get("batches") + " batches" : ", " + job.get("records") + " records")
                    + (job.get("errorMessage") != null ? ": " + job.get("errorMessage") : ""));
        }
        out.println("  records: " + records.get("total") + " total, " + records.get("succeeded") + " succeeded, "
                + records.get("failed") + " failed, " + records.get("unprocessed") + " unprocessed");
        if (report.get("error") != null) {
            out.println("  error: " + report.get("error"));
        }
        out.println("  API calls: " + report.get("apiCalls"));
        out.println("  outcome files: " + report.get("outputFolder")
                + "/{success.csv, failed.csv, unprocessed.csv, report.json}");
    }
}
