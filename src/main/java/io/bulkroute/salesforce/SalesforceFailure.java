package io.bulkroute.salesforce;

import java.io.IOException;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.bulkroute.model.BadInputException;
import io.bulkroute.model.LoadFailedException;
import org.apache.camel.component.salesforce.api.SalesforceException;
import org.apache.camel.component.salesforce.api.dto.RestError;

/**
 * What a failed call means, read once from its exception's cause chain: whether Salesforce answered and
 * with what ({@link #status}, {@link #code}), whether trying again may help ({@link #isTransient}), whether
 * the call may have taken effect although no answer came ({@link #answerMayBeLost}), and how the failure
 * reads in reports and logs ({@link #describe}). Salesforce's refusals that name a job's state ("Closing
 * already Aborted Job not allowed", "Job is not in Open state: Aborted") are read into {@link #jobState}.
 *
 * <p>camel-salesforce wraps Salesforce's own exception (its status and errors) in one of status 0 that
 * says which operation failed; the chain is read down to the first one that says something.
 */
public final class SalesforceFailure {
    /** The state Salesforce names when it refuses a change because of the job's state. */
    private static final Pattern JOB_STATE = Pattern.compile("already (\\w+)|not in Open state: (\\w+)");
    /** Salesforce's (misspelt) answer to a second upload to one 2.0 job. */
    private static final String SECOND_UPLOAD = "multipe contents";

    private final Throwable failure;
    private final int status;
    private final String code;
    private final boolean notFound;
    private final boolean isTransient;
    private final String reason;
    private final String rootMessage;
    private final SalesforceException answered;
    private final String jobState;
    private final boolean secondUpload;

    private SalesforceFailure(Throwable failure) {
        this.failure = failure;
        int firstStatus = 0;
        String firstCode = null;
        boolean seenNotFound = false;
        Boolean transientSoFar = null;
        String reasonSoFar = null;
        SalesforceException firstAnswer = null;
        Throwable root = failure;
        boolean rootFound = false;
        StringBuilder messages = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            messages.append(t.getMessage()).append(' ');
            if (!rootFound) {
                root = t;
            }
            if (t instanceof LoadFailedException) {
                // the step that failed has had its retries already
                transientSoFar = transientSoFar == null ? Boolean.FALSE : transientSoFar;
            }
            if (reasonSoFar == null && (t instanceof BadInputException || t instanceof LoadFailedException)) {
                // our own words; a refusal of ours without a cause (AlreadyLoadedException) is the root, read below
                reasonSoFar = t.getMessage();
            }
            if (t instanceof SalesforceException se) {
                rootFound = true;
                firstAnswer = firstAnswer == null ? se : firstAnswer;
                firstStatus = firstStatus == 0 && se.getStatusCode() > 0 ? se.getStatusCode() : firstStatus;
                seenNotFound |= se.getStatusCode() == 404;
                if (se.getErrors() != null) {
                    for (RestError error : se.getErrors()) {
                        firstCode = firstCode == null ? error.getErrorCode() : firstCode;
                        messages.append(error.getMessage()).append(' ');
                    }
                    if (reasonSoFar == null && !se.getErrors().isEmpty() && se.getErrors().get(0).getErrorCode() != null) {
                        RestError first = se.getErrors().get(0);
                        reasonSoFar = first.getErrorCode() + " : " + first.getMessage();
                    }
                }
                if (transientSoFar == null) {
                    transientSoFar = transientAnswer(se);
                }
            }
            if (transientSoFar == null && t instanceof java.nio.file.FileSystemException) {
                // this machine's disk (a folder that cannot be made, a file in the way): no retry changes it
                transientSoFar = Boolean.FALSE;
            }
            if (transientSoFar == null && (t instanceof IOException || t instanceof TimeoutException)) {
                transientSoFar = !(t.getMessage() != null && t.getMessage().contains("Buffering capacity"));
            }
        }
        this.status = firstStatus;
        this.code = firstCode;
        this.notFound = seenNotFound;
        this.isTransient = Boolean.TRUE.equals(transientSoFar);
        this.reason = reasonSoFar;
        this.rootMessage = root == null ? null : root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        this.answered = firstAnswer;
        Matcher state = JOB_STATE.matcher(messages);
        this.jobState = state.find() ? (state.group(1) != null ? state.group(1) : state.group(2)) : null;
        this.secondUpload = messages.indexOf(SECOND_UPLOAD) >= 0;
    }

    public static SalesforceFailure of(Throwable failure) {
        return new SalesforceFailure(failure);
    }

    /**
     * Transient: HTTP 5xx, {@code ServerUnavailable}. Any other answer of Salesforce's (4xx) is permanent;
     * an exception without a status (the component's wrapper) leaves it to what it wraps.
     */
    private static Boolean transientAnswer(SalesforceException se) {
        if (se.getStatusCode() >= 500) {
            return true;
        }
        if (se.getErrors() != null) {
            for (RestError e : se.getErrors()) {
                if ("ServerUnavailable".equals(e.getErrorCode()) || "SERVER_UNAVAILABLE".equals(e.getErrorCode())) {
                    return true;
                }
            }
        }
        return se.getStatusCode() >= 400 ? Boolean.FALSE : null;
    }

    /** Salesforce's error code ({@code InvalidJobState}, {@code NOT_FOUND}, …), or null. */
    public String code() {
        return code;
    }

    /** The HTTP status of Salesforce's answer, or 0 when none came. */
    public int status() {
        return status;
    }

    /** Whether Salesforce answered at all (its refusal is in the chain). */
    public boolean isAnswered() {
        return answered != null;
    }

    /**
     * Worth trying again: I/O errors (but not the local file system's), timeouts, HTTP 5xx and {@code ServerUnavailable}. Everything else
     * (InvalidJob, InvalidBatch, ClientInputError, a refused login, bad input, a step that already had its
     * retries) is permanent.
     */
    public boolean isTransient() {
        return isTransient;
    }

    /**
     * Whether the call may have taken effect although its answer never came: no answer at all (a dropped
     * connection, a timeout), or an answer that is not Salesforce's own (500, 502, 504 from the way in
     * between). An error Salesforce answered (4xx, 503 ServerUnavailable) means nothing was done.
     */
    public boolean answerMayBeLost() {
        return status == 0 || !(status >= 400 && status < 500) && status != 503;
    }

    /** Salesforce no longer knows the job (404): deleted by someone else. */
    public boolean isNotFound() {
        return notFound;
    }

    /** The state Salesforce said the job was in when it refused to change it, or null. */
    public String jobState() {
        return jobState;
    }

    /** Refused because the job was already in {@code state} ("Closing already Closed Job not allowed"). */
    public boolean jobAlreadyIn(String state) {
        return state.equals(jobState);
    }

    /** Refused because of the job's state: an earlier call (ours or someone else's) changed it already. */
    public boolean jobStateRefused() {
        return jobState != null;
    }

    /** A second upload to one 2.0 job: the first one is there. */
    public boolean isSecondUpload() {
        return secondUpload;
    }

    /**
     * The reason to report: our own message for bad input and load failures, Salesforce's words when it
     * answered an error ({@code ExceededQuota : Exceeded the daily limit of Bulk API batches}), else the root
     * cause's message.
     */
    public String describe() {
        return reason != null ? reason : rootMessage;
    }

    /**
     * Salesforce's refusal as the job commands show it ({@code InvalidJobState: … (HTTP 400)}), else the
     * failure's own message.
     */
    public String refusal() {
        if (answered == null) {
            return failure.getMessage();
        }
        if (answered.getErrors() != null && !answered.getErrors().isEmpty()) {
            RestError first = answered.getErrors().get(0);
            return first.getErrorCode() + ": " + first.getMessage() + " (HTTP " + answered.getStatusCode() + ")";
        }
        return answered.getMessage();
    }

    /** The status of Salesforce's refusal as the job commands read it (0 when none came back). */
    public int refusalStatus() {
        return answered == null ? 0 : answered.getStatusCode();
    }
}
