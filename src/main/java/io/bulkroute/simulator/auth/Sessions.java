package io.bulkroute.simulator.auth;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/** Access tokens the simulator has issued, each with its expiry (the token-lifetime fault). */
public final class Sessions {
    private final Map<String, Long> expiresAt = new ConcurrentHashMap<>();
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
        byte[] bytes = new byte[48];
        random.nextBytes(bytes);
        String token = orgId.substring(0, 15) + "!" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        long lifetime = lifetimeSeconds.getAsLong();
        expiresAt.put(token, lifetime > 0 ? clock.millis() + lifetime * 1000 : Long.MAX_VALUE);
        return token;
    }

    public boolean valid(String token) {
        Long until = token == null ? null : expiresAt.get(token);
        return until != null && clock.millis() < until;
    }

    public void revoke(String token) {
        if (token != null) {
            expiresAt.remove(token);
        }
    }

    public void clear() {
        expiresAt.clear();
    }
}
