package io.bulkroute.ledger;

/**
 * One piece of a load's input as the ledger holds it: a Bulk 1.0 batch or the upload of a Bulk 2.0 job.
 * Written when the piece is cut (its spool complete), before it is sent; {@code batchId} once Salesforce
 * accepted a 1.0 batch. A 2.0 piece's job is in {@code bulk_job} under the same piece number.
 */
public record PieceEntry(int piece, int records, long firstLine, String spoolPath, String jobId, String batchId,
                         String state) {
}
