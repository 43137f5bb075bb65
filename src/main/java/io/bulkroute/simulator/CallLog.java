package io.bulkroute.simulator;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The Salesforce API calls the simulator answered, in the order their answers were sent (the last
 * 100,000): what tests read to check the order of a load's calls, such as the close coming after
 * the last batch was accepted.
 */
public final class CallLog {
    private static final int CAPACITY = 100_000;
    private final Deque<Call> calls = new ArrayDeque<>();

    /** One answered call, and when its answer went; {@code status} is 0 when the connection was dropped instead. */
    public record Call(String method, String path, int status, Instant at) {
        public Call(String method, String path, int status) {
            this(method, path, status, Instant.now());
        }

        @Override
        public String toString() {
            return method + " " + path + " " + status;
        }
    }

    synchronized void add(Call call) {
        if (calls.size() == CAPACITY) {
            calls.removeFirst();
        }
        calls.addLast(call);
    }

    public synchronized List<Call> calls() {
        return new ArrayList<>(calls);
    }

    synchronized void clear() {
        calls.clear();
    }
}
