package io.bulkroute.trigger.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP API's bearer token ({@code bulk.api-token}). Without a configured token every call is
 * refused: an API that loads into Salesforce is never open by accident. The comparison takes the same
 * time whatever the token sent: both sides are hashed first, so neither their contents nor their
 * lengths show in how long a refusal takes.
 */
public final class ApiToken {
    private static final Logger LOG = LoggerFactory.getLogger(ApiToken.class);
    private static final String BEARER = "Bearer ";
    private byte[] expected;
    private volatile boolean warned;

    public void setToken(String token) {
        this.expected = token == null || token.isBlank() ? null : sha256(token.trim());
    }

    /**
     * Refuses a call without the token as a failure (401), so its answer goes the way of every other refusal,
     * through the route configuration's onException and onCompletion: none of the request's headers come back.
     */
    public void check(String authorization) {
        if (refuses(authorization)) {
            throw new ApiException(401, "a valid bearer token is required");
        }
    }

    /** Whether a call with this {@code Authorization} header is refused. */
    private boolean refuses(String authorization) {
        if (expected == null) {
            if (!warned) {
                warned = true;
                LOG.warn("The HTTP API refuses every call: bulk.api-token is not set");
            }
            return true;
        }
        String given = authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())
                ? authorization.substring(BEARER.length()).trim() : "";
        return !MessageDigest.isEqual(sha256(given), expected);
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
