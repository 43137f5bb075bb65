package io.bulkroute.simulator.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bulkroute.simulator.http.SimException;
import io.bulkroute.simulator.http.SimExchange;
import org.eclipse.jetty.util.Fields;
import org.eclipse.jetty.util.UrlEncoded;

/**
 * {@code /services/oauth2/token} and {@code /revoke}: the password, refresh token, client
 * credentials and JWT bearer flows. Errors are 400 with Salesforce's {@code error} /
 * {@code error_description} object (never 401: the component's login would wait for its timeout).
 */
public final class OAuthEndpoint {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String JWT_GRANT = "urn:ietf:params:oauth:grant-type:jwt-bearer";
    private final Credentials credentials;
    private final Sessions sessions;
    private final String orgId;
    private final String userId;

    public OAuthEndpoint(Credentials credentials, Sessions sessions, String orgId, String userId) {
        this.credentials = credentials;
        this.sessions = sessions;
        this.orgId = orgId;
        this.userId = userId;
    }

    public void token(SimExchange ex) throws IOException {
        if (!"POST".equals(ex.method())) {
            throw new SimException(405, "invalid_request", "must use HTTP POST");
        }
        Fields form = form(ex);
        String grant = value(form, "grant_type");
        if (grant == null) {
            throw new SimException(400, "unsupported_grant_type", "grant type not supported");
        }
        if (!credentials.clientId().equals(value(form, "client_id")) && !JWT_GRANT.equals(grant)) {
            throw new SimException(400, "invalid_client_id", "client identifier invalid");
        }
        switch (grant) {
            case "password" -> {
                requireSecret(form);
                if (!credentials.userName().equals(value(form, "username"))
                        || !credentials.password().equals(value(form, "password"))) {
                    throw new SimException(400, "invalid_grant", "authentication failure");
                }
            }
            case "refresh_token" -> {
                String secret = value(form, "client_secret");
                if (secret != null && !credentials.clientSecret().equals(secret)) {
                    throw new SimException(400, "invalid_client", "invalid client credentials");
                }
                if (!credentials.refreshToken().equals(value(form, "refresh_token"))) {
                    throw new SimException(400, "invalid_grant", "expired access/refresh token");
                }
            }
            case "client_credentials" -> requireSecret(form);
            case JWT_GRANT -> checkJwt(value(form, "assertion"));
            default -> throw new SimException(400, "unsupported_grant_type", "grant type not supported");
        }
        String token = sessions.issue(grant);
        String base = ex.baseUrl();
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("access_token", token);
        answer.put("instance_url", base);
        answer.put("id", base + "/id/" + orgId + "/" + userId);
        answer.put("token_type", "Bearer");
        answer.put("issued_at", String.valueOf(Instant.now().toEpochMilli()));
        answer.put("signature", Base64.getEncoder().encodeToString(token.substring(0, 16).getBytes(StandardCharsets.UTF_8)));
        ex.answer(200, "application/json;charset=UTF-8", JSON.writeValueAsString(answer));
    }

    /**
     * Revokes an access token given as {@code token} in the query or the form. As Salesforce, a token
     * it does not know answers 400 {@code unsupported_token_type}.
     */
    public void revoke(SimExchange ex) throws IOException {
        String token = ex.query("token");
        if (token == null && "POST".equals(ex.method())) {
            token = value(form(ex), "token");
        }
        if (!sessions.revoke(token)) {
            throw new SimException(400, "unsupported_token_type", "this token type is not supported");
        }
        ex.answerEmpty(200);
    }

    /** The form-encoded body; one that cannot be decoded is a 400, as any other bad request to the endpoint. */
    private static Fields form(SimExchange ex) throws IOException {
        Fields form = new Fields();
        try {
            UrlEncoded.decodeUtf8To(ex.bodyText(64 * 1024), form);
        } catch (IllegalArgumentException e) {
            throw new SimException(400, "invalid_request", "malformed request body: " + e.getMessage());
        }
        return form;
    }

    private void requireSecret(Fields form) {
        if (!credentials.clientSecret().equals(value(form, "client_secret"))) {
            throw new SimException(400, "invalid_client", "invalid client credentials");
        }
    }

    /**
     * Checks the assertion's shape and claims (issuer is the client id, subject the user, not
     * expired). The signature is not verified: the simulator holds no certificate of the app.
     */
    private void checkJwt(String assertion) {
        String[] parts = assertion == null ? new String[0] : assertion.split("\\.");
        if (parts.length != 3) {
            throw new SimException(400, "invalid_grant", "invalid assertion");
        }
        JsonNode claims;
        try {
            claims = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
        } catch (IOException | IllegalArgumentException e) {
            throw new SimException(400, "invalid_grant", "invalid assertion");
        }
        if (!credentials.clientId().equals(claims.path("iss").asText())) {
            throw new SimException(400, "invalid_client_id", "client identifier invalid");
        }
        if (!credentials.userName().equals(claims.path("sub").asText())) {
            throw new SimException(400, "invalid_grant", "user hasn't approved this consumer");
        }
        long exp = claims.path("exp").asLong(Long.MAX_VALUE);
        if (exp < Instant.now().getEpochSecond()) {
            throw new SimException(400, "invalid_grant", "expired authorization code");
        }
    }

    private static String value(Fields form, String name) {
        Fields.Field f = form.get(name);
        return f == null ? null : f.getValue();
    }
}
