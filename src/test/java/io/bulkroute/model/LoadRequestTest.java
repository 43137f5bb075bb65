package io.bulkroute.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import io.bulkroute.model.Api;
import io.bulkroute.model.LoadRequestException;
import io.bulkroute.model.Operation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** LoadRequest.parse: every refusal with its message, every form it takes. */
class LoadRequestTest {
    private static final Path SOURCE = Path.of("in", "accounts.csv");
    private static final LoadRequest.Defaults DEFAULTS = new LoadRequest.Defaults(SOURCE, Path.of("outbox", "L1"), Api.V1,
            10_000, 10_000_000, 100_000_000);

    private static LoadRequest parse(String... pairs) {
        return parse(DEFAULTS, pairs);
    }

    private static LoadRequest parse(LoadRequest.Defaults defaults, String... pairs) {
        Map<String, String> headers = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            headers.put(pairs[i], pairs[i + 1]);
        }
        return LoadRequest.parse(headers::get, defaults, LoadRequest.HEADERS);
    }

    private static void refused(String message, String... pairs) {
        assertThatThrownBy(() -> parse(pairs)).isInstanceOf(LoadRequestException.class).hasMessage(message);
    }

    @Test
    void refusesAMissingObjectOrOperation() {
        refused("a load needs the header bulkObject", "bulkOperation", "insert");
        refused("a load needs the header bulkObject", "bulkObject", " ", "bulkOperation", "insert");
        refused("a load needs the header bulkOperation", "bulkObject", "Account");
        refused("a load needs the header bulkOperation", "bulkObject", "Account", "bulkOperation", "");
    }

    @Test
    void refusesAnUnknownOperation() {
        refused("the header bulkOperation must be one of insert, update, upsert, delete, hardDelete, not merge",
                "bulkObject", "Account", "bulkOperation", "merge");
    }

    @Test
    void refusesAnUpsertWithoutExternalId() {
        refused("an upsert needs the header bulkExternalId", "bulkObject", "Account", "bulkOperation", "upsert");
        refused("an upsert needs the header bulkExternalId", "bulkObject", "Account", "bulkOperation", "UPSERT",
                "bulkExternalId", " ");
    }

    @Test
    void refusesNamesThatAreNoApiNames() {
        assertThatThrownBy(() -> parse("bulkObject", "Account/../x", "bulkOperation", "insert"))
                .isInstanceOf(LoadRequestException.class).hasMessageStartingWith("An object is a Salesforce API name")
                .hasMessageEndingWith("not Account/../x");
        assertThatThrownBy(() -> parse("bulkObject", "Account", "bulkOperation", "upsert", "bulkExternalId", "Ext__c/../x"))
                .isInstanceOf(LoadRequestException.class).hasMessageStartingWith("A field is a Salesforce API name")
                .hasMessageEndingWith("not Ext__c/../x");
    }

    @Test
    void refusesAnUnknownApi() {
        refused("the header bulkApi must be v1 or v2, not v3", "bulkObject", "Account", "bulkOperation", "insert",
                "bulkApi", "v3");
    }

    @Test
    void refusesSizesThatAreNoWholeNumbersOrOutOfRange() {
        refused("the header bulkBatchSize must be a whole number, not abc", "bulkObject", "Account", "bulkOperation",
                "insert", "bulkBatchSize", "abc");
        refused("the header bulkBatchSize must be between 1 and 10000, not 0", "bulkObject", "Account", "bulkOperation",
                "insert", "bulkBatchSize", "0");
        refused("the header bulkBatchSize must be between 1 and 10000, not 10001", "bulkObject", "Account",
                "bulkOperation", "insert", "bulkBatchSize", "10001");
        refused("the header bulkBatchMaxBytes must be a whole number, not 1MB", "bulkObject", "Account",
                "bulkOperation", "insert", "bulkBatchMaxBytes", "1MB");
        refused("the header bulkJobMaxBytes must be a whole number, not x", "bulkObject", "Account", "bulkOperation",
                "insert", "bulkJobMaxBytes", "x");
    }

    @Test
    void refusesALoadWithoutSource() {
        LoadRequest.Defaults noSource = new LoadRequest.Defaults(null, Path.of("out"), Api.V1, 10, 100, 100);
        assertThatThrownBy(() -> parse(noSource, "bulkObject", "Account", "bulkOperation", "insert"))
                .isInstanceOf(LoadRequestException.class).hasMessage("a load needs a source file (the header bulkSource)");
    }

    @Test
    void namesParametersAsTheCallerDoes() {
        Map<String, String> cli = Map.of("bulkExternalId", "--external-id");
        assertThatThrownBy(() -> LoadRequest.parse(Map.of("bulkObject", "Account", "bulkOperation", "upsert")::get,
                DEFAULTS, name -> cli.getOrDefault(name, name)))
                .isInstanceOf(LoadRequestException.class).hasMessage("an upsert needs --external-id");
    }

    @Test
    void takesTheDefaultsForWhatIsNotGiven() {
        LoadRequest r = parse("bulkObject", "Account", "bulkOperation", "insert", "bulkExternalId", "");
        assertThat(r.source()).isEqualTo(SOURCE);
        assertThat(r.sourceName()).isEqualTo(SOURCE.toString());
        assertThat(r.object()).isEqualTo("Account");
        assertThat(r.operation()).isEqualTo("insert");
        assertThat(r.operationKind()).isEqualTo(Operation.INSERT);
        assertThat(r.externalIdField()).isNull();
        assertThat(r.api()).isEqualTo("v1");
        assertThat(r.apiKind()).isEqualTo(Api.V1);
        assertThat(r.batchSize()).isEqualTo(10_000);
        assertThat(r.batchMaxBytes()).isEqualTo(10_000_000);
        assertThat(r.jobMaxBytes()).isEqualTo(100_000_000);
        assertThat(r.serial()).isFalse();
        assertThat(r.outDir()).isEqualTo(Path.of("outbox", "L1").toAbsolutePath());
        LoadRequest.Defaults v2 = new LoadRequest.Defaults(SOURCE, null, Api.V2, 5, 6, 7);
        LoadRequest noOut = parse(v2, "bulkObject", "Account", "bulkOperation", "delete");
        assertThat(noOut.api()).isEqualTo("v2");
        assertThat(noOut.outDir()).isNull();
        assertThat(noOut.batchSize()).isEqualTo(5);
    }

    @Test
    void takesEveryParameterGiven() {
        LoadRequest r = parse("bulkSource", "/data/a.csv", "bulkSourceName", "a\nb.csv", "bulkObject", "My_Obj__c",
                "bulkOperation", "Upsert", "bulkExternalId", "Ext_Id__c", "bulkApi", "V2", "bulkBatchSize", "250",
                "bulkBatchMaxBytes", "60000", "bulkJobMaxBytes", "70000", "bulkSerial", "true", "bulkOutDir", "out/x");
        assertThat(r.source()).isEqualTo(Path.of("/data/a.csv"));
        assertThat(r.sourceName()).as("made printable").isEqualTo("a\\nb.csv");
        assertThat(r.object()).isEqualTo("My_Obj__c");
        assertThat(r.operation()).as("kept as given").isEqualTo("Upsert");
        assertThat(r.operationKind()).isEqualTo(Operation.UPSERT);
        assertThat(r.externalIdField()).isEqualTo("Ext_Id__c");
        assertThat(r.api()).isEqualTo("v2");
        assertThat(r.batchSize()).isEqualTo(250);
        assertThat(r.batchMaxBytes()).isEqualTo(60_000);
        assertThat(r.jobMaxBytes()).isEqualTo(70_000);
        assertThat(r.serial()).isTrue();
        assertThat(r.outDir()).isEqualTo(Path.of("out/x").toAbsolutePath());
    }

    @ParameterizedTest
    @CsvSource({"insert,INSERT", "INSERT,INSERT", "update,UPDATE", "upsert,UPSERT", "delete,DELETE",
            "hardDelete,HARD_DELETE", "harddelete,HARD_DELETE", "HARDDELETE,HARD_DELETE"})
    void takesEveryOperationInAnyCase(String given, Operation operation) {
        LoadRequest r = parse("bulkObject", "Account", "bulkOperation", given, "bulkExternalId", "Ext__c");
        assertThat(r.operation()).isEqualTo(given);
        assertThat(r.operationKind()).isEqualTo(operation);
    }

    @Test
    void operationsHaveTheirWireNamesOnBothApis() {
        for (Api api : Api.values()) {
            assertThat(Operation.HARD_DELETE.wire(api)).isEqualTo("hardDelete");
            assertThat(Operation.UPSERT.wire(api)).isEqualTo("upsert");
        }
        assertThat(Operation.of("merge")).isNull();
        assertThat(Api.of("v2")).isEqualTo(Api.V2);
        assertThat(Api.of("2")).isNull();
        assertThat(Api.V1.is("V1")).isTrue();
    }
}
