package io.bulkroute.simulator;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bulkroute.simulator.auth.Credentials;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.salesforce.SalesforceComponent;
import org.apache.camel.component.salesforce.api.SalesforceException;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * Runs the simulator on a free port and a Camel context whose real salesforce component logs in
 * to it over HTTP. Every component operation is reached through a route {@code direct:<operation>}.
 */
public abstract class SimulatorTestSupport {
    public static final List<String> OPERATIONS = List.of(
            "createJob", "getJob", "closeJob", "abortJob", "createBatch", "getBatch", "getAllBatches", "getRequest",
            "getResults", "bulk2CreateJob", "bulk2CreateBatch", "bulk2CloseJob", "bulk2AbortJob", "bulk2DeleteJob",
            "bulk2GetJob", "bulk2GetAllJobs", "bulk2GetSuccessfulResults", "bulk2GetFailedResults",
            "bulk2GetUnprocessedRecords", "limits");
    protected static final ObjectMapper JSON = new ObjectMapper();
    protected static Simulator simulator;
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    protected CamelContext camel;
    protected ProducerTemplate template;

    @BeforeAll
    static void startSimulator() {
        simulator = new Simulator(SimulatorConfig.defaults()).start();
    }

    @AfterAll
    static void stopSimulator() {
        simulator.close();
    }

    @BeforeEach
    void startCamel() throws Exception {
        simulator.reset();
        camel = newCamel(simulator.baseUrl(), Credentials.dev());
        camel.start();
        template = camel.createProducerTemplate();
    }

    @AfterEach
    void stopCamel() {
        if (camel != null) {
            camel.stop();
        }
    }

    /** A context with a salesforce component logging in with the password flow. */
    public static CamelContext newCamel(String loginUrl, Credentials credentials) throws Exception {
        CamelContext context = new DefaultCamelContext();
        SalesforceComponent salesforce = new SalesforceComponent();
        salesforce.setLoginUrl(loginUrl);
        salesforce.setClientId(credentials.clientId());
        salesforce.setClientSecret(credentials.clientSecret());
        salesforce.setUserName(credentials.userName());
        salesforce.setPassword(credentials.password());
        org.apache.camel.component.salesforce.SalesforceEndpointConfig config = new org.apache.camel.component.salesforce.SalesforceEndpointConfig();
        config.setApiVersion("62.0");
        salesforce.setConfig(config);
        context.addComponent("salesforce", salesforce);
        context.addRoutes(operationRoutes());
        return context;
    }

    public static RouteBuilder operationRoutes() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                for (String op : OPERATIONS) {
                    from("direct:" + op).routeId(op).to("salesforce:" + op);
                }
            }
        };
    }

    protected <T> T call(String operation, Object body, Map<String, Object> headers, Class<T> type) {
        return template.requestBodyAndHeaders("direct:" + operation, body, headers, type);
    }

    protected <T> T call(String operation, Object body, Class<T> type) {
        return call(operation, body, Map.of(), type);
    }

    /** The SalesforceException a call ends with. */
    protected SalesforceException failure(String operation, Object body, Map<String, Object> headers) {
        try {
            template.requestBodyAndHeaders("direct:" + operation, body, headers);
        } catch (CamelExecutionException e) {
            Throwable t = e;
            while (t != null && !(t instanceof SalesforceException)) {
                t = t.getCause();
            }
            if (t != null) {
                return (SalesforceException) t;
            }
            throw new AssertionError("expected a SalesforceException from " + operation + ", got " + e.getCause(), e);
        }
        throw new AssertionError("expected " + operation + " to fail");
    }

    protected static String text(InputStream in) throws IOException {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    protected static JsonNode state() throws Exception {
        return JSON.readTree(admin("GET", "/simulator/state", null).body());
    }

    protected static HttpResponse<String> admin(String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(simulator.baseUrl() + path));
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The records the org holds for {@code object}, one JSON object each. */
    protected static List<JsonNode> records(String object) throws Exception {
        String body = admin("GET", "/simulator/objects/" + object, null).body();
        return body.lines().filter(l -> !l.isBlank()).map(l -> {
            try {
                return JSON.readTree(l);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    protected static HttpResponse<String> raw(String method, String path, String token, String contentType, String body)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(simulator.baseUrl() + path));
        if (token != null) {
            b.header("Authorization", "Bearer " + token).header("X-SFDC-Session", token);
        }
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Logs in over plain HTTP with the password flow and returns the access token. */
    protected static String login() throws Exception {
        Credentials c = Credentials.dev();
        String form = "grant_type=password&client_id=" + c.clientId() + "&client_secret=" + c.clientSecret()
                + "&username=" + java.net.URLEncoder.encode(c.userName(), StandardCharsets.UTF_8) + "&password=" + c.password();
        HttpResponse<String> r = raw("POST", "/services/oauth2/token", null, "application/x-www-form-urlencoded", form);
        return JSON.readTree(r.body()).get("access_token").asText();
    }
}
