package io.bulkroute.simulator.bulkv2;

import java.nio.file.Path;
import java.time.Instant;

import io.bulkroute.simulator.org.Operation;

/** A Bulk 2.0 ingest job: one upload, then UploadComplete, processing, and three result sets. */
final class V2Job {
    final String id;
    final String object;
    final Operation operation;
    final String externalIdFieldName;
    final String lineEnding;
    final String columnDelimiter;
    final String apiVersion;
    final String createdById;
    final Instant created = Instant.now();
    volatile Instant modified = created;
    volatile String state = "Open";
    volatile String errorMessage;
    volatile Path upload;
    final Path successful;
    final Path failed;
    final Path unprocessed;
    volatile boolean processingStarted;
    volatile long recordsProcessed;
    volatile long recordsFailed;
    volatile long processingMillis;

    V2Job(String id, String object, Operation operation, String externalIdFieldName, String lineEnding,
          String columnDelimiter, String apiVersion, String createdById, Path successful, Path failed, Path unprocessed) {
        this.id = id;
        this.object = object;
        this.operation = operation;
        this.externalIdFieldName = externalIdFieldName;
        this.lineEnding = lineEnding;
        this.columnDelimiter = columnDelimiter;
        this.apiVersion = apiVersion;
        this.createdById = createdById;
        this.successful = successful;
        this.failed = failed;
        this.unprocessed = unprocessed;
    }

    synchronized void moveTo(String newState) {
        state = newState;
        modified = Instant.now();
    }

    boolean ended() {
        return state.equals("JobComplete") || state.equals("Failed") || state.equals("Aborted");
    }

    char delimiter() {
        return switch (columnDelimiter) {
            case "TAB" -> '\t';
            case "PIPE" -> '|';
            case "SEMICOLON" -> ';';
            case "CARET" -> '^';
            case "BACKQUOTE" -> '`';
            default -> ',';
        };
    }

    String newline() {
        return lineEnding.equals("CRLF") ? "\r\n" : "\n";
    }
}
