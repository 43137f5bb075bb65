package io.bulkroute.simulator.auth;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * Access tokens the simulator has issued, each with the time it was issued. A token expires once it is
 * older than the token-lifetime fault <em>as it is now</em>: setting the fault at run time expires the
 * sessions a running client already holds, which is what a test of session expiry needs.
 */
public final class Sessions {
    private final Map<String, Long> issuedAt = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> logins = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final String orgId;
    private final LongSupplier lifetimeSeconds;
    private final Clock clock;

    public Sessions(String orgId, LongSupplier lifetimeSeconds, Clock clock) {
        this.orgId = orgId;
        this.lifetimeSeconds = lifetimeSeconds;
        this.clock = clock;
    }

    public String issue() {
        return issue("other");
    }

    /** Issues a token for a login with {@code grant} (the OAuth grant type), and counts the login. */
    public String issue(String grant) {
        logins.computeIfAbsent(grant, g -> new AtomicInteger()).incrementAndGet();
        byte[] bytes = new byte[48];
        random.nextBytes(bytes);
        String token = orgId.substring(0, 15) + "!" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        issuedAt.put(token, clock.millis());
        return token;
    }

    public boolean valid(String token) {
        Long issued = token == null ? null : issuedAt.get(token);
        if (issued == null) {
            return false;
        }
        long lifetime = lifetimeSeconds.getAsLong();
        return lifetime <= 0 || clock.millis() - issued < lifetime * 1000;
    }

    /** Forgets {@code token}; false when it was not a token issued here (or was revoked already). */
    public boolean revoke(String token) {
        return token != null && issuedAt.remove(token) != null;
    }

    /** How many logins succeeded with {@code grant} since the last {@link #clear()}. */
    public int logins(String grant) {
        AtomicInteger n = logins.get(grant);
        return n == null ? 0 : n.get();
    }

    /** How many logins succeeded, with any grant, since the last {@link #clear()}. */
    public int logins() {
        return logins.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    public void clear() {
        issuedAt.clear();
        logins.clear();
    }
}
