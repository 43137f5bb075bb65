package io.bulkroute.simulator.bulkv1;

import java.io.StringReader;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Map;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

import io.bulkroute.simulator.http.SimException;

/**
 * Bulk 1.0's XML: JobInfo, BatchInfo and errors written with namespace-qualified children in
 * Salesforce's element order (the component reads unqualified children as null), and JobInfo
 * requests read with a secure StAX parser.
 */
final class V1Xml {
    static final String NS = "http://www.force.com/2009/06/asyncapi/dataload";
    static final String CONTENT_TYPE = "application/xml";
    private static final DateTimeFormatter DATE =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final XMLInputFactory INPUT = XMLInputFactory.newFactory();

    static {
        INPUT.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        INPUT.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        INPUT.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
    }

    private V1Xml() {
    }

    /** The child elements of a {@code jobInfo} request, by local name. */
    static Map<String, String> readJobInfo(String xml) {
        Map<String, String> values = new HashMap<>();
        try {
            XMLStreamReader r = INPUT.createXMLStreamReader(new StringReader(xml));
            int depth = 0;
            String root = null;
            while (r.hasNext()) {
                int event = r.next();
                if (event == XMLStreamConstants.START_ELEMENT) {
                    depth++;
                    if (depth == 1) {
                        root = r.getLocalName();
                    } else if (depth == 2) {
                        values.put(r.getLocalName(), r.getElementText().trim());
                        depth--;
                    }
                } else if (event == XMLStreamConstants.END_ELEMENT) {
                    depth--;
                }
            }
            if (!"jobInfo".equals(root)) {
                throw new SimException(400, "InvalidJob", "Unable to parse Job");
            }
            return values;
        } catch (XMLStreamException e) {
            throw new SimException(400, "InvalidXML", "Unable to parse XML: " + e.getMessage().replace('\n', ' '));
        }
    }

    static String error(String code, String message) {
        StringBuilder x = start("error");
        element(x, "exceptionCode", code);
        element(x, "exceptionMessage", message);
        return x.append("</error>").toString();
    }

    static String jobInfo(V1Job job) {
        StringBuilder x = start("jobInfo");
        element(x, "id", job.id);
        element(x, "operation", job.operation.wire());
        element(x, "object", job.object);
        element(x, "createdById", job.createdById);
        element(x, "createdDate", DATE.format(job.created));
        element(x, "systemModstamp", DATE.format(job.modified));
        element(x, "state", job.state);
        if (job.externalIdFieldName != null) {
            element(x, "externalIdFieldName", job.externalIdFieldName);
        }
        element(x, "concurrencyMode", job.concurrencyMode);
        element(x, "contentType", job.contentType);
        element(x, "numberBatchesQueued", job.count("Queued"));
        element(x, "numberBatchesInProgress", job.count("InProgress"));
        element(x, "numberBatchesCompleted", job.count("Completed"));
        element(x, "numberBatchesFailed", job.count("Failed"));
        element(x, "numberBatchesTotal", job.batches.size());
        element(x, "numberRecordsProcessed", job.recordsProcessed());
        element(x, "numberRetries", 0);
        element(x, "apiVersion", job.apiVersion);
        element(x, "numberRecordsFailed", job.recordsFailed());
        element(x, "totalProcessingTime", job.processingMillis());
        element(x, "apiActiveProcessingTime", job.processingMillis());
        element(x, "apexProcessingTime", 0);
        return x.append("</jobInfo>").toString();
    }

    static String batchInfo(V1Batch batch) {
        return batchInfo(start("batchInfo"), batch).append("</batchInfo>").toString();
    }

    static String batchInfoList(Iterable<V1Batch> batches) {
        StringBuilder x = start("batchInfoList");
        for (V1Batch b : batches) {
            batchInfo(x.append("<batchInfo>"), b).append("</batchInfo>");
        }
        return x.append("</batchInfoList>").toString();
    }

    private static StringBuilder batchInfo(StringBuilder x, V1Batch b) {
        element(x, "id", b.id);
        element(x, "jobId", b.job.id);
        element(x, "state", b.state);
        if (b.stateMessage != null) {
            element(x, "stateMessage", b.stateMessage);
        }
        element(x, "createdDate", DATE.format(b.created));
        element(x, "systemModstamp", DATE.format(b.modified));
        element(x, "numberRecordsProcessed", b.processed);
        element(x, "numberRecordsFailed", b.failed);
        element(x, "totalProcessingTime", b.processingMillis);
        element(x, "apiActiveProcessingTime", b.processingMillis);
        element(x, "apexProcessingTime", 0);
        return x;
    }

    private static StringBuilder start(String root) {
        return new StringBuilder(512).append("<?xml version=\"1.0\" encoding=\"UTF-8\"?><").append(root)
                .append(" xmlns=\"").append(NS).append("\">");
    }

    private static void element(StringBuilder x, String name, Object value) {
        x.append('<').append(name).append('>');
        String s = String.valueOf(value);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> x.append("&lt;");
                case '>' -> x.append("&gt;");
                case '&' -> x.append("&amp;");
                case '"' -> x.append("&quot;");
                default -> x.append(c);
            }
        }
        x.append("</").append(name).append('>');
    }
}
