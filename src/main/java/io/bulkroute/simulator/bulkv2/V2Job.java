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
    /** Deleted by a client: gone from the job list, and never processed if it had not started. */
    volatile boolean deleted;
    volatile long recordsProcessed;
    volatile long recordsFailed;
    volatile long processingMillis;
    /** True while a worker runs the upload; guarded by this. */
    private boolean running;

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

    synchronized void runningStarted() {
        running = true;
    }

    synchronized void runningFinished() {
        running = false;
        notifyAll();
    }

    /**
     * Waits until no worker is running the upload any more (an aborted job still finishes the chunk in hand
     * and writes its remaining rows as unprocessed); true once settled, false if still running after the wait.
     */
    synchronized boolean awaitSettled(long millis) {
        long deadline = System.nanoTime() + millis * 1_000_000;
        try {
            while (running) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    return false;
                }
                wait(left);
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !running;
        }
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
