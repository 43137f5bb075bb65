package io.bulkroute.lifecycle;

import io.bulkroute.model.BatchRef;
import io.bulkroute.model.LoadContext;
import io.bulkroute.model.V1Job;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import io.bulkroute.model.JobRef;
import io.bulkroute.ledger.JobEntry;
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

    /**
     * The pieces cut before the crash, with what became of them: a 1.0 batch accepted keeps its id, one whose
     * answer never came is looked for before it is sent again; a 2.0 piece keeps its latest job, whose real
     * state is asked for before its next step. A 1.0 load without a job may have had its createJob answer lost.
     */
    static void restore(LoadContext load, LoadEntry entry, Ledger ledger) {
        List<JobEntry> jobs = ledger.jobsOf(entry.loadId());
        if (Api.V1.is(entry.request().api())) {
            // the load's one job, as opened before the crash; without one, its createJob answer may have been lost
            jobs.stream().findFirst().ifPresentOrElse(
                    job -> load.addV1Job(new V1Job(job.jobId(), job.state(), job.openedAt())),
                    () -> load.getV1Job().createAnswerLost(entry.startedAt()));
        }
        for (PieceEntry piece : ledger.pieces(entry.loadId())) {
            Path spool = Path.of(piece.spoolPath());
            if (Api.V2.is(entry.request().api())) {
                // the piece's latest job (an earlier resume may have given up an Open one for a new one)
                JobEntry job = jobs.stream().filter(j -> j.piece() == piece.piece())
                        .reduce((earlier, later) -> later).orElse(null);
                load.addJob(JobRef.resumed(piece.piece(), piece.records(), piece.firstLine(), spool,
                        job == null ? null : job.jobId(), job == null ? null : job.state(), entry.startedAt()), false);
            } else {
                BatchRef batch = load.getV1Job().addBatch(load.addBatch(
                        new BatchRef(piece.piece(), piece.records(), piece.firstLine(), spool)));
                if (piece.batchId() != null) {
                    batch.setId(piece.batchId());
                    batch.update("Queued", null);
                } else {
                    batch.answerMayBeLost();
                }
            }
            load.cut(piece.records());
        }
        Instant lostCreate = ledger.lostCreateSince(entry.loadId());
        if (lostCreate != null) {
            if (Api.V1.is(entry.request().api())) {
                load.getV1Job().createAnswerLost(lostCreate);
            } else {
                load.createJobAnswerLost(lostCreate);
            }
        }
        if (entry.isFailing()) {
            load.failed(entry.error());
        }
    }
}
