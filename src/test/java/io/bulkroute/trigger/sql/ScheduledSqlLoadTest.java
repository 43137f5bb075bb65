package io.bulkroute.trigger.sql;

import static io.bulkroute.testing.OutcomeAssertions.assertNoJobLeftOpen;
import static io.bulkroute.testing.OutcomeAssertions.counts;
import static io.bulkroute.testing.OutcomeAssertions.originalRows;
import static io.bulkroute.testing.OutcomeAssertions.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bulkroute.app.config.Settings;
import io.bulkroute.app.CamelRuntime;
import io.bulkroute.testing.AppExtension;
import io.bulkroute.testing.PostgresServer;
import io.bulkroute.testing.SimulatorExtension;
import org.apache.camel.CamelContext;
import org.apache.camel.component.quartz.QuartzComponent;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.quartz.CronTrigger;
import org.quartz.Trigger;
import org.quartz.TriggerKey;

/**
 * The scheduled-sql-load template (routes/scheduled-sql-load.camel.yaml) as an operator declares it:
 * 100,000 rows of a real PostgreSQL table, read through a cursor when the cron fires, loaded into the
 * simulator; every row of the table ends in exactly one outcome file.
 */
class ScheduledSqlLoadTest {
    @RegisterExtension
    @Order(1)
    static final SimulatorExtension SIMULATOR = new SimulatorExtension();
    @RegisterExtension
    @Order(2)
    static final AppExtension APP = new AppExtension(SIMULATOR).withoutRuntime();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int ROWS = 100_000;
    /** rows without a Name: Salesforce refuses them one by one */
    private static final int NAMELESS = 50;
    @RegisterExtension
    static final PostgresServer POSTGRES = new PostgresServer();
    private static CamelRuntime service;
    private static Path outbox;
    private static Path staging;

    @BeforeAll
    static void startDatabaseAndService() throws Exception {
        try (Connection c = POSTGRES.dataSource().getConnection(); Statement st = c.createStatement()) {
            st.execute("create table crm_account (id integer primary key, external_id text not null, name text,"
                    + " industry text, employees integer, description text)");
            st.execute("insert into crm_account select i, 'EXT-' || i, case when i % " + (ROWS / NAMELESS)
                    + " = 0 then null else 'Account ' || i end, 'Energy', i % 500,"
                    + " 'row ' || i || ', with \"quotes\"' || chr(10) || 'and a newline' from generate_series(1, " + ROWS + ") i");
        }
        outbox = Files.createTempDirectory("bulkroute-outbox");
        staging = Files.createTempDirectory("bulkroute-staging");
        Settings s = APP.settings();
        s.set("bulk.outbox", outbox.toString());
        s.set("bulk.staging", staging.toString());
        s.set("test.sql.url", POSTGRES.url());
        service = new CamelRuntime(s);
        service.context();
    }

    @AfterAll
    static void stop() throws Exception {
        service.close();
    }

    @Test
    void theShippedExampleIsNotCreatedWithoutADatabase() throws Exception {
        assertThat(service.context().getRoute("load-accounts-from-sql")).isNull();
    }

    @Test
    void aCronTriggerLoadsEveryRowOfATableAndEachRowEndsInOneOutcomeFile() throws Exception {
        CamelContext context = service.context();
        // a cron that fires once: at one second of one year, a few seconds from now (once the route has started)
        LocalDateTime at = LocalDateTime.now().plusSeconds(5);
        String cron = at.format(DateTimeFormatter.ofPattern("s m H d M '?' yyyy"));
        String yaml = """
                - beans:
                    - name: crmDatabase
                      type: io.bulkroute.trigger.sql.SqlDataSource
                      properties:
                        url: "{{test.sql.url}}"
                - templatedRoute:
                    routeTemplateRef: scheduled-sql-load
                    routeId: accounts-from-crm
                    parameters:
                      - {name: name, value: accounts-from-crm}
                      - {name: cron, value: "%s"}
                      - {name: dataSource, value: crmDatabase}
                      - name: query
                        value: >-
                          select external_id as "External_Id__c", name as "Name", industry as "Industry",
                          employees as "NumberOfEmployees", description as "Description" from crm_account
                      - {name: object, value: Account}
                      - {name: operation, value: upsert}
                      - {name: externalId, value: External_Id__c}
                      - {name: fetchSize, value: "500"}
                """.formatted(cron);
        PluginHelper.getRoutesLoader(context).loadRoutes(ResourceHelper.fromString("crm.camel.yaml", yaml));
        // the test's runtime starts no trigger by itself (bulk.triggers.enabled=false); the service would
        context.getRouteController().startRoute("accounts-from-crm");

        Trigger trigger = context.getComponent("quartz", QuartzComponent.class).getScheduler()
                .getTrigger(TriggerKey.triggerKey("accounts-from-crm", "bulk-sql"));
        assertThat(trigger).isInstanceOf(CronTrigger.class);
        assertThat(trigger.getMisfireInstruction()).as("a missed fire is dropped").isEqualTo(CronTrigger.MISFIRE_INSTRUCTION_DO_NOTHING);

        Path out = await().atMost(Duration.ofSeconds(50)).until(ScheduledSqlLoadTest::finishedLoad, p -> p != null);
        Map<String, Object> report = JSON.readValue(out.resolve("report.json").toFile(), Map.class);
        assertThat(report.get("outcome")).isEqualTo("COMPLETED_WITH_ERRORS");
        assertThat(report.get("object")).isEqualTo("Account");
        assertThat(report.get("operation")).isEqualTo("upsert");
        assertThat((String) report.get("source")).startsWith("accounts-from-crm-").endsWith(".csv");
        assertThat(counts(report)).containsEntry("total", ROWS).containsEntry("succeeded", ROWS - NAMELESS)
                .containsEntry("failed", NAMELESS).containsEntry("unprocessed", 0);

        // every row of the table is in exactly one outcome file, with its values as they are in the table
        List<String> table = tableRows();
        List<List<String>> succeeded = originalRows(out.resolve("success.csv"));
        List<List<String>> failed = originalRows(out.resolve("failed.csv"));
        List<String> outcomes = new ArrayList<>();
        Stream.of(succeeded, failed, originalRows(out.resolve("unprocessed.csv")))
                .flatMap(List::stream).forEach(r -> outcomes.add(String.join("\u0001", r)));
        outcomes.sort(null);
        assertThat(outcomes).hasSize(ROWS).isEqualTo(table);
        assertThat(failed).allSatisfy(r -> assertThat(r.get(1)).isEmpty());
        assertThat(rows(out.resolve("failed.csv"))).allSatisfy(r -> assertThat(r.get(1)).contains("Name"));

        // the succeeded rows are the org's Accounts, by id and by external id
        Set<String> ids = new HashSet<>();
        Set<String> externalIds = new HashSet<>();
        for (List<String> r : rows(out.resolve("success.csv"))) {
            ids.add(r.get(0));
            externalIds.add(r.get(2));
        }
        Set<String> orgIds = new HashSet<>();
        Set<String> orgExternalIds = new HashSet<>();
        for (JsonNode account : SIMULATOR.records("Account")) {
            orgIds.add(account.get("Id").asText());
            orgExternalIds.add(account.get("External_Id__c").asText());
        }
        assertThat(orgIds).hasSize(ROWS - NAMELESS).isEqualTo(ids);
        assertThat(orgExternalIds).isEqualTo(externalIds);
        assertNoJobLeftOpen(SIMULATOR);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            try (Stream<Path> staged = Files.walk(staging)) {
                assertThat(staged.filter(Files::isRegularFile)).as("the staged rows are removed once loaded").isEmpty();
            }
        });
    }

    @Test
    void aQueryThatFailsSendsADeadLetterWithItsReasonAndLoadsNothing() throws Exception {
        CamelContext context = service.context();
        String cron = LocalDateTime.now().plusSeconds(4).format(DateTimeFormatter.ofPattern("s m H d M '?' yyyy"));
        String yaml = """
                - beans:
                    - name: crmDatabaseAgain
                      type: io.bulkroute.trigger.sql.SqlDataSource
                      properties:
                        url: "{{test.sql.url}}"
                - templatedRoute:
                    routeTemplateRef: scheduled-sql-load
                    routeId: accounts-from-nowhere
                    parameters:
                      - {name: name, value: accounts-from-nowhere}
                      - {name: cron, value: "%s"}
                      - {name: dataSource, value: crmDatabaseAgain}
                      - {name: query, value: select name as "Name" from no_such_table}
                      - {name: object, value: Account}
                      - {name: operation, value: insert}
                """.formatted(cron);
        PluginHelper.getRoutesLoader(context).loadRoutes(ResourceHelper.fromString("nowhere.camel.yaml", yaml));
        context.getRouteController().startRoute("accounts-from-nowhere");

        JsonNode envelope = await().atMost(Duration.ofSeconds(30)).until(() -> APP.deadLetters(
                n -> n.path("routeId").asText().equals("accounts-from-nowhere")).stream().findFirst().orElse(null), e -> e != null);
        assertThat(envelope.path("exception").path("message").asText()).contains("no_such_table");
        assertThat(SIMULATOR.state().get("jobs")).as("no job opened").isEmpty();
        assertThat(context.getRouteController().getRouteStatus("accounts-from-nowhere").isStarted()).as("the schedule goes on").isTrue();
    }

    /** The output folder of a load that has written its final report, or null. */
    private static Path finishedLoad() throws Exception {
        try (Stream<Path> dirs = Files.list(outbox)) {
            for (Path dir : dirs.toList()) {
                Path report = dir.resolve("report.json");
                if (Files.exists(report) && !JSON.readTree(report.toFile()).path("finishedAt").isNull()) {
                    return dir;
                }
            }
        }
        return null;
    }

    /** The table's rows as the query gives them, sorted: CSV has no NULL, so NULL is the empty field. */
    private static List<String> tableRows() throws Exception {
        List<String> rows = new ArrayList<>(ROWS);
        try (Connection c = POSTGRES.dataSource().getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select external_id, name, industry, employees, description from crm_account")) {
            while (rs.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= 5; i++) {
                    String v = rs.getString(i);
                    row.add(v == null ? "" : v);
                }
                rows.add(String.join("\u0001", row));
            }
        }
        rows.sort(null);
        return rows;
    }
}
