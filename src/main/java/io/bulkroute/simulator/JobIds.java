package io.bulkroute.simulator;

import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicLong;

import io.bulkroute.simulator.org.SalesforceIds;

/**
 * Ids of jobs (750) and batches (751). Each simulator run draws its own three characters for them,
 * so jobs of successive runs never share an id, as in a real org: a ledger that outlives a simulator
 * (the dev profile's H2 file) never sees the same job id twice.
 */
public final class JobIds {
    private static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private final String run;
    private final AtomicLong sequence = new AtomicLong(1);

    public JobIds() {
        SecureRandom random = new SecureRandom();
        StringBuilder r = new StringBuilder(3);
        for (int i = 0; i < 3; i++) {
            r.append(BASE62.charAt(random.nextInt(62)));
        }
        this.run = r.toString();
    }

    public String next(String keyPrefix) {
        long n = sequence.getAndIncrement();
        char[] digits = new char[9];
        for (int i = 8; i >= 0; i--) {
            digits[i] = BASE62.charAt((int) (n % 62));
            n /= 62;
        }
        return SalesforceIds.normalize(keyPrefix + run + new String(digits));
    }
}
