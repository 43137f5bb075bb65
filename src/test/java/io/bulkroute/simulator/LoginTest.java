package io.bulkroute.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;
import io.bulkroute.simulator.auth.Credentials;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.salesforce.AuthenticationType;
import org.apache.camel.component.salesforce.SalesforceComponent;
import org.apache.camel.component.salesforce.SalesforceEndpointConfig;
import org.apache.camel.component.salesforce.api.SalesforceException;
import org.apache.camel.component.salesforce.api.dto.Limits;
import org.apache.camel.component.salesforce.api.dto.bulk.BatchInfo;
import org.apache.camel.component.salesforce.api.dto.bulk.BatchStateEnum;
import org.apache.camel.component.salesforce.api.dto.bulk.ContentType;
import org.apache.camel.component.salesforce.api.dto.bulk.JobInfo;
import org.apache.camel.component.salesforce.api.dto.bulk.JobStateEnum;
import org.apache.camel.component.salesforce.api.dto.bulk.OperationEnum;
import org.apache.camel.component.salesforce.api.dto.bulkv2.ContentTypeEnum;
import org.apache.camel.component.salesforce.api.dto.bulkv2.Job;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.jsse.KeyStoreParameters;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every OAuth flow of the real component against the simulator's token endpoint, the token
 * endpoint's errors on the wire, revocation, and session expiry survived in the middle of a load.
 */
class LoginTest extends SimulatorTestSupport {
    private static final String TOKEN = "/services/oauth2/token";
    private static final String LIMITS = "/services/data/v62.0/limits";
    private static final Credentials DEV = Credentials.dev();

    @TempDir
    static Path keys;
    private static Path keystore;
    private static Process keytool;

    /** Generates the JWT flow's RSA key pair with the JDK's keytool, in a PKCS12 keystore. */
    @BeforeAll
    static void startKeytool() throws Exception {
        keystore = keys.resolve("bulkroute-dev.p12");
        Path bin = Path.of(System.getProperty("java.home"), "bin", "keytool");
        keytool = new ProcessBuilder(bin.toString(), "-J-XX:TieredStopAtLevel=1", "-J-XX:+UseSerialGC",
                "-genkeypair", "-alias", "bulkroute-dev", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=bulkroute-dev", "-storetype", "PKCS12", "-keystore", keystore.toString(),
                "-storepass", "changeit", "-keypass", "changeit", "-noprompt")
                .redirectErrorStream(true).start();
    }

    @AfterAll
    static void stopKeytool() {
        if (keytool != null && keytool.isAlive()) {
            keytool.destroy();
        }
    }

    /** A context whose salesforce component knows the login URL, client id and API version; {@code setup} adds the flow. */
    private static CamelContext context(Consumer<SalesforceComponent> setup) throws Exception {
        CamelContext context = new DefaultCamelContext();
        SalesforceComponent salesforce = new SalesforceComponent();
        salesforce.setLoginUrl(SIMULATOR.baseUrl());
        salesforce.setClientId(DEV.clientId());
        SalesforceEndpointConfig config = new SalesforceEndpointConfig();
        config.setApiVersion("62.0");
        salesforce.setConfig(config);
        setup.accept(salesforce);
        context.addComponent("salesforce", salesforce);
        context.addRoutes(operationRoutes());
        return context;
    }

    private static String tokenOf(CamelContext context) {
        return context.getComponent("salesforce", SalesforceComponent.class).getSession().getAccessToken();
    }

    /** Starts the context, makes a real API call through the component, checks the token works on the wire. */
    private static void assertLogsInAndWorks(CamelContext context, String grant) throws Exception {
        int before = SIMULATOR.sessions().logins(grant);
        context.start();
        try {
            assertThat(SIMULATOR.sessions().logins(grant)).as("logins with grant " + grant).isEqualTo(before + 1);
            ProducerTemplate t = context.createProducerTemplate();
            Limits limits = t.requestBody("direct:limits", null, Limits.class);
            assertThat(limits.getDailyApiRequests().getMax()).isPositive();
            String token = tokenOf(context);
            assertThat(token).isNotBlank();
            assertThat(SIMULATOR.raw("GET", LIMITS, token, null, null).statusCode()).isEqualTo(200);
            assertThat(context.getComponent("salesforce", SalesforceComponent.class).getSession().getOrgId())
                    .isEqualTo(SIMULATOR.org().orgId());
        } finally {
            context.stop();
        }
    }

    @Test
    void passwordFlow() throws Exception {
        assertLogsInAndWorks(context(sf -> {
            sf.setAuthenticationType(AuthenticationType.USERNAME_PASSWORD);
            sf.setClientSecret(DEV.clientSecret());
            sf.setUserName(DEV.userName());
            sf.setPassword(DEV.password());
        }), "password");
    }

    @Test
    void refreshTokenFlow() throws Exception {
        assertLogsInAndWorks(context(sf -> {
            sf.setAuthenticationType(AuthenticationType.REFRESH_TOKEN);
            sf.setClientSecret(DEV.clientSecret());
            sf.setRefreshToken("dev-refresh-token");
        }), "refresh_token");
        // the client secret is optional in the refresh token flow
        assertLogsInAndWorks(context(sf -> sf.setRefreshToken("dev-refresh-token")), "refresh_token");
    }

    @Test
    void clientCredentialsFlow() throws Exception {
        assertLogsInAndWorks(context(sf -> {
            sf.setAuthenticationType(AuthenticationType.CLIENT_CREDENTIALS);
            sf.setClientSecret(DEV.clientSecret());
        }), "client_credentials");
    }

    @Test
    void jwtBearerFlowWithAKeyFromKeytool() throws Exception {
        // keytool was started in @BeforeAll, so its JVM start overlaps the other tests
        String output = text(keytool.getInputStream());
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(keytool.exitValue()).as(output).isZero();

        KeyStoreParameters ks = new KeyStoreParameters();
        ks.setResource("file:" + keystore.toAbsolutePath());
        ks.setPassword("changeit");
        ks.setType("PKCS12");
        assertLogsInAndWorks(context(sf -> {
            sf.setAuthenticationType(AuthenticationType.JWT);
            sf.setUserName(DEV.userName());
            sf.setKeystore(ks);
        }), "urn:ietf:params:oauth:grant-type:jwt-bearer");

        // an assertion for a user the org does not know is refused
        CamelContext stranger = context(sf -> {
            sf.setAuthenticationType(AuthenticationType.JWT);
            sf.setUserName("stranger@bulkroute.local");
            sf.setKeystore(ks);
        });
        try {
            assertThatThrownBy(stranger::start).satisfies(t -> {
                SalesforceException e = salesforceCause(t);
                assertThat(e).as("a SalesforceException in the cause chain of " + t).isNotNull();
                assertThat(e.getErrors()).extracting(err -> err.getErrorCode()).containsExactly("invalid_grant");
            });
        } finally {
            stranger.stop();
        }
    }

    @Test
    void wrongPasswordFailsTheContextStart() throws Exception {
        CamelContext bad = context(sf -> {
            sf.setClientSecret(DEV.clientSecret());
            sf.setUserName(DEV.userName());
            sf.setPassword("not-the-password");
        });
        try {
            assertThatThrownBy(bad::start).satisfies(t -> {
                SalesforceException e = salesforceCause(t);
                assertThat(e).as("a SalesforceException in the cause chain of " + t).isNotNull();
                assertThat(e.getStatusCode()).isEqualTo(400);
                assertThat(e.getMessage()).contains("invalid_grant").contains("authentication failure");
                assertThat(e.getErrors()).extracting(err -> err.getErrorCode()).containsExactly("invalid_grant");
            });
        } finally {
            bad.stop();
        }
        assertThat(SIMULATOR.sessions().logins()).isEqualTo(1); // only the support class's own context
    }

    private static SalesforceException salesforceCause(Throwable t) {
        while (t != null && !(t instanceof SalesforceException)) {
            t = t.getCause();
        }
        return (SalesforceException) t;
    }

    // ---- session expiry in the middle of a sequence of calls --------------------------------------------------------

    /** Tokens live one second from now on, the component's current one included (set at run time). */
    private static void shortLivedTokens() throws Exception {
        assertThat(SIMULATOR.admin("PUT", "/simulator/faults", "{\"tokenLifetimeSeconds\":1}").statusCode()).isEqualTo(200);
    }

    @Test
    void bulkV1SurvivesSessionExpiry() throws Exception {
        String oldToken = tokenOf(camel);
        int logins = SIMULATOR.sessions().logins();
        shortLivedTokens();
        JobInfo job = new JobInfo();
        job.setObject("Account");
        job.setOperation(OperationEnum.INSERT);
        job.setContentType(ContentType.CSV);
        JobInfo created = call("createJob", job, JobInfo.class);

        String jobPath = "/services/async/62.0/job/" + created.getId();
        HttpResponse<String> expired = await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100))
                .until(() -> SIMULATOR.raw("GET", jobPath, oldToken, null, null), r -> r.statusCode() != 200);
        assertThat(expired.statusCode()).isEqualTo(400);
        assertThat(expired.body()).contains("<exceptionCode>InvalidSessionId</exceptionCode>")
                .contains("http://www.force.com/2009/06/asyncapi/dataload");

        // the component's next calls meet the expired session, log in again and replay
        BatchInfo batch = call("createBatch", "Name\nExpiry Co\n", Map.of("jobId", created.getId(), "contentType", "CSV"),
                BatchInfo.class);
        assertThat(batch.getState()).isEqualTo(BatchStateEnum.QUEUED);
        JobInfo closed = call("closeJob", null, Map.of("jobId", created.getId()), JobInfo.class);
        assertThat(closed.getState()).isEqualTo(JobStateEnum.CLOSED);
        assertThat(SIMULATOR.sessions().logins()).isGreaterThan(logins);
        assertThat(tokenOf(camel)).isNotEqualTo(oldToken);

        // and again after the new token has expired too
        String secondToken = tokenOf(camel);
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100))
                .until(() -> SIMULATOR.raw("GET", jobPath, secondToken, null, null).statusCode() == 400);
        BatchInfo done = await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).until(
                () -> call("getBatch", null, Map.of("jobId", created.getId(), "batchId", batch.getId()), BatchInfo.class),
                b -> b.getState() == BatchStateEnum.COMPLETED);
        assertThat(done.getNumberRecordsProcessed()).isEqualTo(1);
        assertThat(SIMULATOR.records("Account")).extracting(n -> n.get("Name").asText()).containsExactly("Expiry Co");
    }

    @Test
    void bulkV2SurvivesSessionExpiry() throws Exception {
        String oldToken = tokenOf(camel);
        int logins = SIMULATOR.sessions().logins();
        shortLivedTokens();
        Job job = new Job();
        job.setObject("Contact");
        job.setOperation(org.apache.camel.component.salesforce.api.dto.bulkv2.OperationEnum.INSERT);
        job.setContentType(ContentTypeEnum.CSV);
        Job created = call("bulk2CreateJob", job, Job.class);

        String jobPath = "/services/data/v62.0/jobs/ingest/" + created.getId();
        HttpResponse<String> expired = await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100))
                .until(() -> SIMULATOR.raw("GET", jobPath, oldToken, null, null), r -> r.statusCode() != 200);
        assertThat(expired.statusCode()).isEqualTo(401);
        JsonNode errors = JSON.readTree(expired.body());
        assertThat(errors.isArray()).isTrue();
        assertThat(errors.get(0).get("errorCode").asText()).isEqualTo("INVALID_SESSION_ID");

        call("bulk2CreateBatch", "LastName\nExpiry\n", Map.of("jobId", created.getId()), Object.class);
        Job closed = call("bulk2CloseJob", null, Map.of("jobId", created.getId()), Job.class);
        assertThat(closed.getState()).isEqualTo(org.apache.camel.component.salesforce.api.dto.bulkv2.JobStateEnum.UPLOAD_COMPLETE);
        assertThat(SIMULATOR.sessions().logins()).isGreaterThan(logins);
        assertThat(tokenOf(camel)).isNotEqualTo(oldToken);

        String secondToken = tokenOf(camel);
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100))
                .until(() -> SIMULATOR.raw("GET", jobPath, secondToken, null, null).statusCode() == 401);
        Job done = await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).until(
                () -> call("bulk2GetJob", null, Map.of("jobId", created.getId()), Job.class),
                j -> j.getState() == org.apache.camel.component.salesforce.api.dto.bulkv2.JobStateEnum.JOB_COMPLETE);
        assertThat(done.getNumberRecordsProcessed()).isEqualTo(1);
        assertThat(SIMULATOR.records("Contact")).extracting(n -> n.get("LastName").asText()).containsExactly("Expiry");
    }

    // ---- the token endpoint on the wire -----------------------------------------------------------------------------

    private static HttpResponse<String> token(String form) throws Exception {
        return SIMULATOR.raw("POST", TOKEN, null, "application/x-www-form-urlencoded", form);
    }

    private static String passwordForm(String clientId, String secret, String user, String password) {
        return "grant_type=password&format=json&client_id=" + enc(clientId) + "&client_secret=" + enc(secret)
                + "&username=" + enc(user) + "&password=" + enc(password);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static void assertOAuthError(HttpResponse<String> r, String error, String description) throws Exception {
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.size()).as(r.body()).isEqualTo(2);
        assertThat(body.get("error").asText()).isEqualTo(error);
        assertThat(body.get("error_description").asText()).isEqualTo(description);
    }

    @Test
    void tokenEndpointAnswersOAuthErrors() throws Exception {
        HttpResponse<String> ok = token(passwordForm(DEV.clientId(), DEV.clientSecret(), DEV.userName(), DEV.password()));
        assertThat(ok.statusCode()).isEqualTo(200);
        JsonNode login = JSON.readTree(ok.body());
        assertThat(login.get("token_type").asText()).isEqualTo("Bearer");
        assertThat(login.get("instance_url").asText()).isEqualTo(SIMULATOR.baseUrl());
        assertThat(login.get("id").asText()).matches(".*/id/00D\\w{15}/005\\w{15}");
        assertThat(login.fieldNames()).toIterable()
                .contains("access_token", "instance_url", "id", "token_type", "issued_at", "signature");

        assertOAuthError(token(passwordForm(DEV.clientId(), DEV.clientSecret(), DEV.userName(), "wrong")),
                "invalid_grant", "authentication failure");
        assertOAuthError(token(passwordForm(DEV.clientId(), DEV.clientSecret(), "nobody@bulkroute.local", DEV.password())),
                "invalid_grant", "authentication failure");
        assertOAuthError(token(passwordForm("someone-else", DEV.clientSecret(), DEV.userName(), DEV.password())),
                "invalid_client_id", "client identifier invalid");
        assertOAuthError(token(passwordForm(DEV.clientId(), "wrong-secret", DEV.userName(), DEV.password())),
                "invalid_client", "invalid client credentials");
        assertOAuthError(token("grant_type=client_credentials&client_id=bulkroute-dev&client_secret=nope"),
                "invalid_client", "invalid client credentials");
        assertOAuthError(token("grant_type=refresh_token&client_id=bulkroute-dev&refresh_token=stale"),
                "invalid_grant", "expired access/refresh token");
        assertOAuthError(token("grant_type=authorization_code&client_id=bulkroute-dev&code=x"),
                "unsupported_grant_type", "grant type not supported");
        assertOAuthError(token("client_id=bulkroute-dev"), "unsupported_grant_type", "grant type not supported");
        assertOAuthError(token("grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer&assertion=not.a-jwt"),
                "invalid_grant", "invalid assertion");
    }

    @Test
    void tokenEndpointAnswersOnTheInstanceUrlToo() throws Exception {
        // the component logs in again at {instance_url}/services/oauth2/token: here both are the same server
        String instance = JSON.readTree(token(passwordForm(DEV.clientId(), DEV.clientSecret(), DEV.userName(),
                DEV.password())).body()).get("instance_url").asText();
        assertThat(instance).isEqualTo(SIMULATOR.baseUrl());
        HttpResponse<String> refresh = token("grant_type=refresh_token&client_id=bulkroute-dev&client_secret=dev-secret"
                + "&refresh_token=dev-refresh-token&format=json");
        assertThat(refresh.statusCode()).isEqualTo(200);
        assertThat(SIMULATOR.raw("GET", LIMITS, JSON.readTree(refresh.body()).get("access_token").asText(), null, null).statusCode())
                .isEqualTo(200);
    }

    @Test
    void revokeAnswers200AndInvalidatesTheToken() throws Exception {
        String token = SIMULATOR.accessToken();
        assertThat(SIMULATOR.raw("GET", LIMITS, token, null, null).statusCode()).isEqualTo(200);
        HttpResponse<String> revoked = SIMULATOR.raw("GET", "/services/oauth2/revoke?token=" + enc(token), null, null, null);
        assertThat(revoked.statusCode()).isEqualTo(200);
        HttpResponse<String> after = SIMULATOR.raw("GET", LIMITS, token, null, null);
        assertThat(after.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(after.body()).get(0).get("errorCode").asText()).isEqualTo("INVALID_SESSION_ID");
        assertThat(SIMULATOR.raw("GET", "/services/async/62.0/job/750Dm0000000001AAA", token, null, null).body())
                .contains("InvalidSessionId");

        // a token it does not know (or knows no more) is an OAuth error, as on Salesforce
        assertOAuthError(SIMULATOR.raw("GET", "/services/oauth2/revoke?token=" + enc(token), null, null, null),
                "unsupported_token_type", "this token type is not supported");
        assertOAuthError(SIMULATOR.raw("GET", "/services/oauth2/revoke", null, null, null),
                "unsupported_token_type", "this token type is not supported");
        assertThat(SIMULATOR.raw("GET", "/services/oauth2/revoke?token=%C3%28%FF", null, null, null).statusCode()).isEqualTo(400);

        // the form-encoded POST variant
        String other = SIMULATOR.accessToken();
        assertThat(SIMULATOR.raw("POST", "/services/oauth2/revoke", null, "application/x-www-form-urlencoded",
                "token=" + enc(other)).statusCode()).isEqualTo(200);
        assertThat(SIMULATOR.raw("GET", LIMITS, other, null, null).statusCode()).isEqualTo(401);

        // the component revokes its token when it stops
        String componentToken = tokenOf(camel);
        assertThat(SIMULATOR.raw("GET", LIMITS, componentToken, null, null).statusCode()).isEqualTo(200);
        camel.stop();
        assertThat(SIMULATOR.raw("GET", LIMITS, componentToken, null, null).statusCode()).isEqualTo(401);
        camel = null;
    }

    /** As Salesforce, a refusal names no part of the request: a token in the query string does not come back as a header. */
    @Test
    void aRefusalCarriesNoneOfTheQueryParametersAsHeaders() throws Exception {
        String query = "?access_token=secret-" + System.nanoTime() + "&foo=bar";
        for (String path : new String[] {LIMITS, "/services/data/v62.0/jobs/ingest", "/services/async/62.0/job/750Dm0000000001AAA"}) {
            HttpResponse<String> refused = SIMULATOR.raw("GET", path + query, null, null, null);
            assertThat(refused.statusCode()).as(path).isIn(400, 401);
            assertThat(refused.headers().map().keySet()).as(path + " " + refused.headers().map())
                    .noneMatch(h -> h.equalsIgnoreCase("access_token") || h.equalsIgnoreCase("foo"));
            assertThat(String.join(",", refused.headers().map().values().stream().flatMap(java.util.List::stream).toList()))
                    .doesNotContain("secret-");
        }
    }
}
