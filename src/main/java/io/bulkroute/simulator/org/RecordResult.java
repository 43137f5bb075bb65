package io.bulkroute.simulator.org;

/** What happened to one record: Salesforce's id (when there is one), whether it was created, or why it failed. */
public record RecordResult(String id, boolean success, boolean created, String error) {

    public static RecordResult ok(String id, boolean created) {
        return new RecordResult(id, true, created, "");
    }

    public static RecordResult failed(String id, String error) {
        return new RecordResult(id == null ? "" : id, false, false, error);
    }
}
