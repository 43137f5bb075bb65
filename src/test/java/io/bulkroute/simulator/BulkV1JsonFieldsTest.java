package io.bulkroute.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.xml.parsers.DocumentBuilderFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bulkroute.testing.SimulatorExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.InputSource;

/**
 * The simulator's Bulk 1.0 JSON answers carry the fields of its XML ones, in the same order and with the same
 * values, for a job and a batch (and the batch list, and an error): the same resource asked for once with
 * {@code Accept: application/xml}, once with {@code Accept: application/json}. Counts, times and
 * {@code apiVersion} are JSON numbers, as in Salesforce's JSON examples.
 */
class BulkV1JsonFieldsTest {
    @RegisterExtension
    static final SimulatorExtension SIMULATOR = new SimulatorExtension();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String JOBS = "/services/async/62.0/job";
    private static final String NS = "http://www.force.com/2009/06/asyncapi/dataload";
    private static final List<String> NUMBERS = List.of("numberBatchesQueued", "numberBatchesInProgress",
            "numberBatchesCompleted", "numberBatchesFailed", "numberBatchesTotal", "numberRecordsProcessed", "numberRetries",
            "apiVersion", "numberRecordsFailed", "totalProcessingTime", "apiActiveProcessingTime", "apexProcessingTime");

    private HttpResponse<String> get(String token, String path, String accept) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(SIMULATOR.baseUrl() + path)).header("X-SFDC-Session", token)
                .header("Accept", accept).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void jobBatchBatchListAndErrorHaveTheSameFieldsInJsonAsInXml() throws Exception {
        String token = SIMULATOR.accessToken();
        String create = "{\"operation\":\"upsert\",\"object\":\"Account\",\"contentType\":\"JSON\","
                + "\"externalIdFieldName\":\"External_Id__c\",\"concurrencyMode\":\"Serial\"}";
        HttpResponse<String> created = SIMULATOR.raw("POST", JOBS, token, "application/json", create);
        String jobId = JSON.readTree(created.body()).get("id").asText();
        HttpResponse<String> batch = SIMULATOR.raw("POST", JOBS + "/" + jobId + "/batch", token, "application/json",
                "[{\"External_Id__c\":\"E-1\",\"Name\":\"Acme\"},{\"External_Id__c\":\"E-2\"}]");
        String batchId = JSON.readTree(batch.body()).get("id").asText();
        await().atMost(Duration.ofSeconds(20)).until(() -> JSON.readTree(get(token, JOBS + "/" + jobId, "application/json").body()),
                j -> j.get("numberBatchesCompleted").asInt() == 1);

        String job = JOBS + "/" + jobId;
        Map<String, String> jobXml = xml(get(token, job, "application/xml").body());
        JsonNode jobJson = JSON.readTree(get(token, job, "application/json").body());
        assertSameFields(jobXml, jobJson);
        assertThat(jobXml).containsKeys("externalIdFieldName", "concurrencyMode").containsEntry("contentType", "JSON");

        String one = job + "/batch/" + batchId;
        Map<String, String> batchXml = xml(get(token, one, "application/xml").body());
        JsonNode batchJson = JSON.readTree(get(token, one, "application/json").body());
        assertSameFields(batchXml, batchJson);
        assertThat(batchXml).containsEntry("numberRecordsProcessed", "2").containsEntry("numberRecordsFailed", "1");

        // the batch list: <batchInfoList><batchInfo>…</batchInfo></batchInfoList> and {"batchInfo":[{…}]}
        String listXml = get(token, job + "/batch", "application/xml").body();
        JsonNode listJson = JSON.readTree(get(token, job + "/batch", "application/json").body());
        assertThat(listJson.fieldNames()).toIterable().containsExactly("batchInfo");
        assertThat(listJson.get("batchInfo")).hasSize(1);
        Element listRoot = parse(listXml);
        assertThat(listRoot.getLocalName()).isEqualTo("batchInfoList");
        assertSameFields(children((Element) listRoot.getElementsByTagNameNS(NS, "batchInfo").item(0)), listJson.get("batchInfo").get(0));

        Map<String, String> errorXml = xml(get(token, JOBS + "/750Dm0000000000AAA", "application/xml").body());
        JsonNode errorJson = JSON.readTree(get(token, JOBS + "/750Dm0000000000AAA", "application/json").body());
        assertSameFields(errorXml, errorJson);
        assertThat(errorXml).containsEntry("exceptionCode", "InvalidJob");
    }

    private static void assertSameFields(Map<String, String> xml, JsonNode json) {
        List<String> names = new ArrayList<>();
        json.fieldNames().forEachRemaining(names::add);
        assertThat(names).as("the JSON's fields, in the XML's order").containsExactlyElementsOf(xml.keySet());
        for (Map.Entry<String, String> e : xml.entrySet()) {
            JsonNode value = json.get(e.getKey());
            assertThat(value.asText()).as(e.getKey()).isEqualTo(e.getValue());
            assertThat(value.isNumber()).as(e.getKey() + " is a number").isEqualTo(NUMBERS.contains(e.getKey()));
        }
    }

    /** The root's child elements, by local name, in document order. */
    private static Map<String, String> xml(String body) throws Exception {
        return children(parse(body));
    }

    private static Element parse(String body) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        return f.newDocumentBuilder().parse(new InputSource(new StringReader(body))).getDocumentElement();
    }

    /** Checks they are in Salesforce's namespace: the component reads children in any other as null. */
    private static Map<String, String> children(Element parent) {
        Map<String, String> children = new LinkedHashMap<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) {
                assertThat(e.getNamespaceURI()).isEqualTo(NS);
                children.put(e.getLocalName(), e.getTextContent());
            }
        }
        return children;
    }
}
