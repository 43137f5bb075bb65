package io.bulkroute.load;

/** How a load ended (see docs/architecture.md#outcome-files-and-report), and its exit status on the command line. */
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
