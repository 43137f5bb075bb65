package io.bulkroute.model;

/**
 * The source is no longer the file its input check read: rows were appended, cut off or rewritten
 * after the check. Loading on would send rows nobody checked, or leave rows out that nobody would
 * miss, so the load fails instead; the message names the file and what changed.
 */
public final class SourceChangedException extends BadInputException {
    private static final long serialVersionUID = 1L;

    public SourceChangedException(String file, String what) {
        super(file, 0, "the file changed during the load: " + what + ". Only the file as it was checked is loaded;"
                + " load it again once it is complete");
    }
}
