package io.bulkroute.simulator;

import java.io.IOException;
import java.time.Clock;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.bulkroute.simulator.auth.OAuthEndpoint;
import io.bulkroute.simulator.auth.Sessions;
import io.bulkroute.simulator.bulkv1.BulkV1Api;
import io.bulkroute.simulator.bulkv2.BulkV2Api;
import io.bulkroute.simulator.fault.FaultInjector;
import io.bulkroute.simulator.http.SimException;
import io.bulkroute.simulator.http.SimExchange;
import io.bulkroute.simulator.org.OrgStore;
import io.bulkroute.simulator.org.SalesforceIds;
import io.bulkroute.simulator.org.Schema;
import io.bulkroute.simulator.processing.RecordPacer;
import io.bulkroute.simulator.processing.Spool;
import io.bulkroute.simulator.processing.Workers;
import org.eclipse.jetty.io.EofException;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Salesforce org on this machine that speaks the real wire protocol (OAuth, Bulk 1.0, Bulk 2.0
 * ingest, limits) over HTTP on Jetty, so the real camel-salesforce component, or any other client,
 * talks to it as to Salesforce. Faults are injected at the HTTP edge and in record processing.
 */
public final class Simulator implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Simulator.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SimulatorConfig config;
    private final SimulatedOrg org;
    private final Sessions sessions;
    private final OAuthEndpoint oauth;
    private final BulkV1Api v1;
    private final BulkV2Api v2;
    private final AdminApi admin;
    private final CallLog calls = new CallLog();
    private Server server;

    public Simulator(SimulatorConfig config) {
        this.config = config;
        OrgStore store = new OrgStore(Schema.load(config.schemaFile()));
        String orgId = SalesforceIds.normalize("00D" + "Dm0000000001");
        String userId = SalesforceIds.normalize("005" + "Dm0000000001");
        FaultInjector faults = new FaultInjector(config.faults());
        this.org = new SimulatedOrg(store, faults, new RecordPacer(config.recordsPerSecond()),
                new Workers(config.workers()), new Spool(), new ApiUsage(config.dailyApiRequests(), config.dailyBulkBatches()),
                orgId, userId, new JobIds());
        this.sessions = new Sessions(orgId, () -> faults.current().tokenLifetimeSeconds, Clock.systemUTC());
        this.oauth = new OAuthEndpoint(config.credentials(), sessions, orgId, userId);
        this.v1 = new BulkV1Api(org);
        this.v2 = new BulkV2Api(org);
        this.v2.listClassicJobs(v1::listedAsClassic);
        this.admin = new AdminApi(this, org, v1, v2);
    }

    public Simulator start() {
        QueuedThreadPool threads = new QueuedThreadPool(64, 4);
        threads.setName("simulator-http");
        threads.setDaemon(true);
        server = new Server(threads);
        ServerConnector connector = new ServerConnector(server);
        connector.setHost(config.host());
        connector.setPort(config.port());
        connector.setIdleTimeout(60_000);
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                Simulator.this.handle(request, response, callback);
                return true;
            }
        });
        try {
            server.start();
        } catch (Exception e) {
            throw new IllegalStateException("The Salesforce simulator cannot listen on " + config.host() + ":" + config.port()
                    + ": " + e.getMessage(), e);
        }
        LOG.info("Salesforce simulator listening at {} (faults: {})", baseUrl(), org.faults().current());
        return this;
    }

    public int port() {
        return ((ServerConnector) server.getConnectors()[0]).getLocalPort();
    }

    public String baseUrl() {
        return "http://" + config.host() + ":" + port();
    }

    /** The API calls answered so far, in order. */
    public CallLog calls() {
        return calls;
    }

    public SimulatedOrg org() {
        return org;
    }

    /** The access tokens issued so far, and the logins that got them. */
    public Sessions sessions() {
        return sessions;
    }

    /** Forgets every job, record, session and fault, as a fresh org. */
    public void reset() {
        v1.reset();
        v2.reset();
        org.store().reset();
        org.usage().reset();
        org.faults().set(config.faults());
        sessions.clear();
        org.spool().clear();
        calls.clear();
    }

    private void handle(Request request, Response response, Callback callback) {
        SimExchange ex = new SimExchange(request, response);
        Api api = apiOf(ex.path());
        try {
            if (api.salesforce) {
                org.faults().delay();
                if (org.faults().unavailable()) {
                    throw new SimException(503, api == Api.BULK_V1 ? "ServerUnavailable" : "SERVER_UNAVAILABLE",
                            "Service temporarily unavailable, please retry");
                }
                authenticate(ex, api);
                org.usage().countRequest(api != Api.BULK_V1);
                if (org.faults().dropConnection()) {
                    ex.markDropped();
                }
            }
            switch (api) {
                case TOKEN -> oauth.token(ex);
                case REVOKE -> oauth.revoke(ex);
                case ADMIN -> admin.handle(ex);
                case BULK_V1 -> v1.handle(ex);
                case BULK_V2 -> v2.handle(ex);
                case LIMITS -> limits(ex);
                default -> throw new SimException(404, "NOT_FOUND", "The requested resource does not exist");
            }
        } catch (SimException e) {
            answerError(ex, api, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            answerError(ex, api, new SimException(500, "UNKNOWN_EXCEPTION", "interrupted"));
        } catch (Exception e) {
            LOG.warn("Simulator failed on {} {}", ex.method(), ex.path(), e);
            answerError(ex, api, new SimException(500, api == Api.BULK_V1 ? "InternalServerError" : "UNKNOWN_EXCEPTION",
                    "An unexpected error occurred: " + e.getClass().getSimpleName()));
        }
        if (api.salesforce) {
            calls.add(new CallLog.Call(ex.method(), ex.path(), ex.dropped() ? 0 : response.getStatus()));
        }
        if (ex.dropped()) {
            // the call took effect; its answer is lost on the way back
            request.getConnectionMetaData().getConnection().getEndPoint().close();
            // a quiet exception: Jetty would otherwise log every simulated drop as a warning with its stack
            callback.failed(new EofException("simulated dropped connection"));
        } else {
            callback.succeeded();
        }
    }

    private void limits(SimExchange ex) throws IOException {
        if (!ex.method().equals("GET") && !ex.method().equals("HEAD")) {
            throw new SimException(405, "METHOD_NOT_ALLOWED", "HTTP Method '" + ex.method() + "' not allowed. Allowed are HEAD,GET");
        }
        ex.answer(200, "application/json;charset=UTF-8", JSON.writeValueAsString(org.usage().limits()));
    }

    private void authenticate(SimExchange ex, Api api) {
        String token = ex.header("X-SFDC-Session");
        String authorization = ex.header("Authorization");
        if (token == null && authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            token = authorization.substring(7).trim();
        }
        if (!sessions.valid(token)) {
            throw api == Api.BULK_V1
                    ? new SimException(400, "InvalidSessionId", "Invalid session id")
                    : new SimException(401, "INVALID_SESSION_ID", "Session expired or invalid");
        }
    }

    private void answerError(SimExchange ex, Api api, SimException e) {
        if (ex.answered() && !ex.dropped()) {
            LOG.warn("Simulator error after the answer was started: {}", e.getMessage());
            return;
        }
        try {
            switch (api) {
                case TOKEN, REVOKE -> ex.answer(e.status(), "application/json;charset=UTF-8",
                        JSON.writeValueAsString(Map.of("error", e.code(), "error_description", e.getMessage())));
                case BULK_V1 -> BulkV1Api.answerError(ex, e);
                case ADMIN -> ex.answer(e.status(), "application/json",
                        JSON.writeValueAsString(Map.of("error", e.code(), "message", e.getMessage())));
                default -> ex.answer(e.status(), "application/json;charset=UTF-8", BulkV2Api.errorBody(e));
            }
        } catch (IOException io) {
            LOG.debug("Could not send the error answer", io);
        }
    }

    private enum Api {
        TOKEN(false), REVOKE(false), ADMIN(false), BULK_V1(true), BULK_V2(true), LIMITS(true), UNKNOWN(false);

        final boolean salesforce;

        Api(boolean salesforce) {
            this.salesforce = salesforce;
        }
    }

    private static Api apiOf(String path) {
        if (path.equals("/services/oauth2/token")) {
            return Api.TOKEN;
        }
        if (path.equals("/services/oauth2/revoke")) {
            return Api.REVOKE;
        }
        if (path.startsWith("/simulator/")) {
            return Api.ADMIN;
        }
        if (BulkV1Api.handles(path)) {
            return Api.BULK_V1;
        }
        if (BulkV2Api.handles(path)) {
            return Api.BULK_V2;
        }
        if (path.matches("/services/data/v[0-9.]+/limits/?")) {
            return Api.LIMITS;
        }
        return Api.UNKNOWN;
    }

    @Override
    public void close() {
        try {
            if (server != null) {
                server.stop();
            }
        } catch (Exception e) {
            LOG.debug("Simulator stop", e);
        }
        org.workers().close();
        org.spool().close();
    }
}
