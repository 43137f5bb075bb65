package io.bulkroute.app.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.bulkroute.lifecycle.OutputFolder;
import io.bulkroute.model.Printable;

/** The few lines a person reads after a load: what happened, the counts, where the files are. */
final class Summary {
    private Summary() {
    }

    @SuppressWarnings("unchecked")
    static void print(Map<String, Object> report, PrintStream out) {
        Map<String, Object> records = (Map<String, Object>) report.get("records");
        List<Map<String, Object>> jobs = (List<Map<String, Object>>) report.get("jobs");
        out.println();
        out.println(report.get("loadId") == null ? "Load " + report.get("outcome") + " before it began"
                : "Load " + report.get("loadId") + ": " + report.get("outcome"));
        if (report.get("object") != null) {
            out.println("  " + report.get("operation") + " " + report.get("object") + " from " + text(report.get("source"))
                    + " through Bulk API " + report.get("api"));
        }
        for (Map<String, Object> job : jobs) {
            out.println("  job " + job.get("id") + " " + job.get("state")
                    + (job.containsKey("batches") ? ", " + job.get("batches") + " batches" : ", " + job.get("records") + " records")
                    + (job.get("errorMessage") != null ? ": " + text(job.get("errorMessage")) : ""));
        }
        out.println("  records: " + records.get("total") + " total, " + records.get("succeeded") + " succeeded, "
                + records.get("failed") + " failed, " + records.get("unprocessed") + " unprocessed");
        if (report.get("error") != null) {
            out.println("  error: " + text(report.get("error")));
        }
        out.println("  API calls: " + report.get("apiCalls"));
        String files = outcomeFiles(report.get("outputFolder"));
        if (files != null) {
            out.println("  outcome files: " + files);
        }
    }

    /** The outcome files the load wrote, or null: a load refused early writes some of them, or none. */
    private static String outcomeFiles(Object folder) {
        if (folder == null) {
            return null;
        }
        Path dir = Path.of(folder.toString());
        List<String> written = OutputFolder.OUTCOME_FILES.stream().filter(name -> Files.isRegularFile(dir.resolve(name))).toList();
        if (written.isEmpty()) {
            return null;
        }
        String where = Printable.of(dir.toString());
        return written.size() == 1 ? where + "/" + written.get(0) : where + "/{" + String.join(", ", written) + "}";
    }

    private static String text(Object value) {
        return Printable.of(String.valueOf(value));
    }
}
