package io.bulkroute.lifecycle;

/** The output folder cannot take a load's outcome: refused before anything is written or opened. */
public class OutputFolderException extends IllegalStateException {
    public OutputFolderException(String message) {
        super(message);
    }
}
