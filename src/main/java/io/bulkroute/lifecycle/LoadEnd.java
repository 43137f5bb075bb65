package io.bulkroute.lifecycle;

import io.bulkroute.outcome.Bulk2Join;
import io.bulkroute.model.LoadContext;
import io.bulkroute.model.LoadRequest;
import io.bulkroute.outcome.LoadReport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import io.bulkroute.input.CsvRows;
import io.bulkroute.model.JobRef;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A load's end: the rows no batch or job carried are unprocessed, the outcome files are closed, report.json
 * is written and the ledger hears of it. See docs/architecture.md#ledger-and-crash-resume for why the spools go last.
 */
final class LoadEnd {
    private static final Logger LOG = LoggerFactory.getLogger(LoadEnd.class);
    /** The ledger's error column holds this much. */
    private static final int MAX_ERROR = 4000;

    private LoadEnd() {
    }

    /**
     * @param ended whether the load's jobs were followed to their end: only then is the load finished in the
     *              ledger and are its spools deleted; otherwise it stays there for {@code resume} to follow
     *              its jobs and write its outcome again
     * @param forget called once the load is over here, before the ledger lets another process take it up
     */
    static Map<String, Object> finish(LoadContext load, boolean ended, Runnable forget) {
        if (load.getOutcomes() != null) {
            writeOutcomes(load);
        }
        load.finished();
        Path report = LoadReport.write(load);
        if (ended) {
            if (load.ledger() != null) {
                load.ledger().loadFinished(load.getLoadId(), load.getOutcome().name(), truncate(load.getError()));
            }
            // only once the ledger says finished: until then a crash resumes the load, which needs the spools
            deleteWork(load.getOutDir().resolve(".work"));
            if (load.isResumed()) {
                SourceFiles.settle(load.getRequest().source(), load.getOutcome());
            }
        }
        forget.run();
        if (!ended) {
            if (load.ledger() != null) {
                // given up, so the service's resume sweep (or the resume command) takes it up
                load.ledger().release(load.getLoadId());
            }
            LOG.warn("Load {}: not everything Salesforce did could be read; the load stays unfinished in the ledger: "
                    + "resume it (resume --load {}) to read it and write its outcome again", load.getLoadId(), load.getLoadId());
        }
        var counts = load.getOutcomes();
        LOG.info("Load {} {}: {} records, {} succeeded, {} failed, {} unprocessed; {} API calls; report {}",
                load.getLoadId(), load.getOutcome(), load.getTotalRecords(), counts == null ? 0 : counts.succeeded(),
                counts == null ? 0 : counts.failed(), counts == null ? 0 : counts.unprocessed(), load.getApiCalls(), report);
        return LoadReport.of(load);
    }

    /**
     * A 2.0 job whose results were never joined (its join failed for good: a full disk, an error of the JVM) would
     * leave its rows in no outcome file: they are written as unprocessed, and where Salesforce may have processed
     * them the load stays unfinished, so that resume reads the results and writes the outcome again.
     */
    static void settleUnjoined(LoadContext load) {
        for (JobRef job : load.getJobs()) {
            if (job.isCollected()) {
                continue;
            }
            boolean mayHaveRun = job.getId() != null && job.isUploaded();
            if (job.getErrorMessage() == null) {
                job.setErrorMessage(mayHaveRun ? "its results were not joined: resume the load to read them"
                        : "its rows were not sent");
            }
            try {
                long[] counts = Bulk2Join.allUnprocessed(job.getSpool(), job.part("success"), job.part("failed"), job.part("unprocessed"));
                job.setOutcomeCounts(counts[0], counts[1], counts[2]);
            } catch (Exception e) {
                throw new IllegalStateException("Load " + load.getLoadId() + ": the rows of job " + job.getId()
                        + " could not be written as unprocessed", e);
            }
            if (mayHaveRun) {
                LOG.warn("Load {}: the results of job {} were not joined; its {} rows are unprocessed until the load is resumed",
                        load.getLoadId(), job.getId(), job.getRecords());
                load.leaveForResume();
            }
        }
    }

    private static void writeOutcomes(LoadContext load) {
        for (JobRef job : load.getJobs()) {
            load.getOutcomes().appendParts(job.part("success"), job.part("failed"), job.part("unprocessed"),
                    job.getOutcomeCounts());
        }
        long cut = load.getRecordsCut();
        if (cut < load.getTotalRecords()) {
            try (CsvRows rows = uncut(load)) {
                rows.next();
                long index = 0;
                String[] row;
                while ((row = rows.next()) != null) {
                    if (index++ >= cut) {
                        load.getOutcomes().unprocessed(row);
                    }
                }
            }
        }
        load.getOutcomes().close();
    }

    /** The source's rows as checked (no more, if rows were appended since), for the rows no batch carried. */
    private static CsvRows uncut(LoadContext load) {
        LoadRequest r = load.getRequest();
        return load.getSnapshot() == null ? new CsvRows(r.source())
                : new CsvRows(r.sourceName(), load.getSnapshot().open(r.source(), r.sourceName()));
    }

    /** Batch spools are needed only until the results are joined. */
    /** The spools and whatever the joins left (a process killed in a join leaves its files behind), folders included. */
    private static void deleteWork(Path work) {
        if (!Files.exists(work)) {
            return;
        }
        try (var files = Files.walk(work)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException | java.io.UncheckedIOException e) {
            LOG.debug("Could not remove {}", work, e);
        }
    }

    static String truncate(String s) {
        return s == null || s.length() <= MAX_ERROR ? s : s.substring(0, MAX_ERROR);
    }
}
