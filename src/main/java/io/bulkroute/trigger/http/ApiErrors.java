package io.bulkroute.trigger.http;

import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bulkroute.salesforce.SalesforceFailure;
import org.apache.camel.Exchange;
import org.apache.camel.RuntimeCamelException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the HTTP API answers a failure: {@code {"error": reason}} with the status that fits. A refusal of
 * Salesforce's (closing a job that is not open, an unknown job) keeps Salesforce's 4xx and reason; a
 * Salesforce that cannot be reached is a 502; anything unexpected a 500, logged.
 */
public final class ApiErrors {
    private static final Logger LOG = LoggerFactory.getLogger(ApiErrors.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    public void answer(Exchange exchange) throws JsonProcessingException {
        Throwable e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        // a check in an expression (setHeader: method) fails wrapped in Camel's exception
        while (e instanceof RuntimeCamelException && e.getCause() != null) {
            e = e.getCause();
        }
        int status;
        String reason;
        SalesforceFailure refusal = SalesforceFailure.of(e);
        if (e instanceof ApiException api) {
            status = api.status();
            reason = api.getMessage();
        } else if (refusal.isAnswered()) {
            int sf = refusal.refusalStatus();
            status = sf >= 400 && sf < 500 ? sf : 502;
            reason = refusal.refusal();
        } else if (e instanceof IllegalArgumentException) {
            status = 400;
            reason = e.getMessage();
        } else {
            status = 500;
            reason = "internal error";
            LOG.error("HTTP API call {} {} failed", exchange.getIn().getHeader(Exchange.HTTP_METHOD),
                    exchange.getIn().getHeader(Exchange.HTTP_URI), e);
        }
        // headers of the request's (its query parameters among them) are none of the answer's, whichever step failed
        exchange.getMessage().removeHeaders("*");
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        if (status == 401) {
            exchange.getMessage().setHeader("WWW-Authenticate", "Bearer");
        }
        exchange.getMessage().setBody(JSON.writeValueAsString(Map.of("error", reason == null ? "" : reason)));
    }
}
