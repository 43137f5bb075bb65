package io.bulkroute.simulator.auth;

/** The one connected app and user the simulated org knows. */
public record Credentials(String clientId, String clientSecret, String userName, String password, String refreshToken) {

    public static Credentials dev() {
        return new Credentials("bulkroute-dev", "dev-secret", "dev@bulkroute.local", "dev-password", "dev-refresh-token");
    }
}
