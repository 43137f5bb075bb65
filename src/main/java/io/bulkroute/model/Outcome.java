package io.bulkroute.model;

/** How a load ended (docs/architecture.md#outcome), and its exit status on the command line. */
public enum Outcome {
    RUNNING(-1), COMPLETED(0), COMPLETED_WITH_ERRORS(2), FAILED(1);

    private final int exitStatus;

    Outcome(int exitStatus) {
        this.exitStatus = exitStatus;
    }

    public int exitStatus() {
        return exitStatus;
    }
}
