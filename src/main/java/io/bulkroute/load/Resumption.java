package io.bulkroute.load;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.bulkroute.bulk2.JobRef;
import io.bulkroute.ledger.Ledger;
import io.bulkroute.ledger.LoadEntry;
import io.bulkroute.ledger.PieceEntry;
import io.bulkroute.model.Api;

/**
 * A load picked up after a crash, rebuilt from what the ledger holds of it: its parameters, the job(s) it
 * opened and the pieces it cut, with the batches Salesforce accepted. Its lifecycle then runs again, each
 * step skipping what was done (see {@link Loads#resume}).
 */
final class Resumption {
    private Resumption() {
    }

    /** The load's parameters as it began with them, so its input is cut into the same pieces again. */
    static LoadRequest request(LoadEntry entry) {
        return new LoadRequest(Path.of(entry.sourcePath()), entry.displayName() == null ? entry.sourceName() : entry.displayName(),
                entry.object(), entry.operation(), entry.externalId(), entry.api(), entry.batchSize(), entry.batchMaxBytes(),
                entry.serial(), entry.jobMaxBytes(), Path.of(entry.outDir()));
    }

    /**
     * The pieces cut before the crash, with what became of them: a 1.0 batch accepted keeps its id, one whose
     * answer never came is looked for before it is sent again; a 2.0 piece keeps its latest job, whose real
     * state is asked for before its next step. A 1.0 load without a job may have had its createJob answer lost.
     */
    static void restore(LoadContext load, LoadEntry entry, Ledger ledger) {
        List<Map<String, Object>> jobs = ledger.jobsOf(entry.loadId());
        for (PieceEntry piece : ledger.pieces(entry.loadId())) {
            Path spool = Path.of(piece.spoolPath());
            if (Api.V2.is(entry.api())) {
                // the piece's latest job (an earlier resume may have given up an Open one for a new one)
                Map<String, Object> job = jobs.stream().filter(j -> ((Number) j.get("piece")).intValue() == piece.piece())
                        .reduce((earlier, later) -> later).orElse(null);
                load.addJob(JobRef.resumed(piece.piece(), piece.records(), piece.firstLine(), spool,
                        job == null ? null : (String) job.get("job_id"), job == null ? null : (String) job.get("state"),
                        entry.startedAt()), false);
            } else {
                BatchRef batch = load.addBatch(new BatchRef(piece.piece(), piece.records(), piece.firstLine(), spool));
                if (piece.batchId() != null) {
                    batch.setId(piece.batchId());
                    batch.update("Queued", null);
                } else {
                    batch.answerMayBeLost();
                }
            }
            load.cut(piece.records());
        }
        if (Api.V1.is(entry.api())) {
            jobs.stream().findFirst().ifPresentOrElse(job -> {
                load.setJobId((String) job.get("job_id"));
                load.setJobState((String) job.get("state"));
            }, () -> load.createJobAnswerLost(entry.startedAt()));
        }
        Instant lostCreate = ledger.lostCreateSince(entry.loadId());
        if (lostCreate != null) {
            load.createJobAnswerLost(lostCreate);
        }
        if (entry.isFailing()) {
            load.failed(entry.error());
        }
    }
}
