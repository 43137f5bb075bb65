package io.bulkroute.simulator;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import io.bulkroute.simulator.http.SimException;

/** The org's daily allowances, really counted: every API call, and every Bulk batch (2.0: per 10,000 records). */
public final class ApiUsage {
    private final long maxApiRequests;
    private final long maxBulkBatches;
    private final AtomicLong apiRequests = new AtomicLong();
    private final AtomicLong bulkBatches = new AtomicLong();

    public ApiUsage(long maxApiRequests, long maxBulkBatches) {
        this.maxApiRequests = maxApiRequests;
        this.maxBulkBatches = maxBulkBatches;
    }

    /** Counts one API call; past the daily allowance the call is refused as Salesforce refuses it. */
    public void countRequest(boolean restStyle) {
        if (apiRequests.incrementAndGet() > maxApiRequests) {
            throw restStyle
                    ? new SimException(403, "REQUEST_LIMIT_EXCEEDED", "TotalRequests Limit exceeded.")
                    : new SimException(400, "ExceededQuota", "TotalRequests Limit exceeded.");
        }
    }

    public boolean takeBatches(long n) {
        if (bulkBatches.addAndGet(n) > maxBulkBatches) {
            bulkBatches.addAndGet(-n);
            return false;
        }
        return true;
    }

    public Map<String, Map<String, Long>> limits() {
        Map<String, Map<String, Long>> limits = new LinkedHashMap<>();
        limits.put("DailyApiRequests", usage(maxApiRequests, apiRequests.get()));
        limits.put("DailyBulkApiBatches", usage(maxBulkBatches, bulkBatches.get()));
        limits.put("DailyBulkV2QueryFileStorageMB", usage(976562, 0));
        limits.put("DailyBulkV2QueryJobs", usage(10000, 0));
        limits.put("DataStorageMB", usage(1024, 0));
        limits.put("FileStorageMB", usage(1024, 0));
        return limits;
    }

    public void reset() {
        apiRequests.set(0);
        bulkBatches.set(0);
    }

    private static Map<String, Long> usage(long max, long used) {
        Map<String, Long> u = new LinkedHashMap<>();
        u.put("Max", max);
        u.put("Remaining", Math.max(0, max - used));
        return u;
    }
}
