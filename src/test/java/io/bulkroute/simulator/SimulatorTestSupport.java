package io.bulkroute.simulator;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.bulkroute.simulator.auth.Credentials;
import io.bulkroute.testing.SimulatorExtension;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.salesforce.SalesforceComponent;
import org.apache.camel.component.salesforce.api.SalesforceException;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The simulator of a {@link SimulatorExtension} and, for each test, a Camel context whose real salesforce
 * component logs in to it over HTTP. Every component operation is reached through a route {@code direct:<operation>}.
 */
public abstract class SimulatorTestSupport {
    public static final List<String> OPERATIONS = List.of(
            "createJob", "getJob", "closeJob", "abortJob", "createBatch", "getBatch", "getAllBatches", "getRequest",
            "getResults", "bulk2CreateJob", "bulk2CreateBatch", "bulk2CloseJob", "bulk2AbortJob", "bulk2DeleteJob",
            "bulk2GetJob", "bulk2GetAllJobs", "bulk2GetSuccessfulResults", "bulk2GetFailedResults",
            "bulk2GetUnprocessedRecords", "limits");
    protected static final ObjectMapper JSON = new ObjectMapper();
    @RegisterExtension
    protected static final SimulatorExtension SIMULATOR = new SimulatorExtension();
    protected CamelContext camel;
    protected ProducerTemplate template;

    @BeforeEach
    void startCamel() throws Exception {
        camel = newCamel(SIMULATOR.baseUrl(), Credentials.dev());
        camel.start();
        template = camel.createProducerTemplate();
    }

    @AfterEach
    void stopCamel() {
        // what the test injected must not reach the component's logout
        SIMULATOR.calm();
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
}
