package io.bulkroute.model;

import java.nio.file.Path;

/**
 * A cut of a load's input that goes to Salesforce in one piece (a 1.0 batch, a 2.0 job's upload): its
 * position among the load's pieces (from 1), how many records it holds from which line of the input, and
 * the spool file holding its exact bytes.
 */
public record Piece(int index, int records, long firstLine, Path spool) {
}
