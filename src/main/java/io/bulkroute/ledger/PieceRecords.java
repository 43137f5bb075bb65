package io.bulkroute.ledger;

import java.util.List;

/**
 * The {@code bulk_batch} table: the pieces a load's input was cut into (1.0 batches, 2.0 uploads), written when a
 * piece's spool is complete and before it is sent, and the batch id Salesforce gave a 1.0 piece.
 */
public final class PieceRecords {
    private static final String CUT = "insert into bulk_batch (load_id, piece, records, first_line, spool_path, state)"
            + " values (?,?,?,?,?,'Cut')";

    private final LedgerDb db;

    PieceRecords(LedgerDb db) {
        this.db = db;
    }

    public void cut(String loadId, int piece, int records, long firstLine, String spool) {
        db.update(CUT, loadId, piece, records, firstLine, spool);
    }

    /** Several pieces at once, in one transaction: all of them are written down, or none. */
    public void cut(String loadId, List<PieceEntry> pieces) {
        db.updateAll(CUT, pieces.stream()
                .map(p -> new Object[] {loadId, p.piece(), p.records(), p.firstLine(), p.spoolPath()}).toList());
    }

    public void submitted(String loadId, int piece, String jobId, String batchId) {
        db.update("update bulk_batch set job_id = ?, batch_id = ?, state = 'Submitted' where load_id = ? and piece = ?",
                jobId, batchId, loadId, piece);
    }

    /** The pieces of a load cut so far, in input order, with the batch ids Salesforce gave the 1.0 ones. */
    public List<PieceEntry> of(String loadId) {
        return db.all("select piece, records, first_line, spool_path, job_id, batch_id, state from bulk_batch"
                + " where load_id = ? order by piece", r -> new PieceEntry(r.getInt("piece"), r.getInt("records"),
                        r.getLong("first_line"), r.getString("spool_path"), r.getString("job_id"), r.getString("batch_id"),
                        r.getString("state")), loadId);
    }
}
