package io.bulkroute.simulator.org;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** The packed table behaves as a plain map of id to values, with an external id index, would. */
class ObjectTableTest {
    private static final String[] WORDS = {"a", "", "Ünïcödé", "€uro", "😀", "x".repeat(300), "x".repeat(70_000), "\"q\"", "B-1", "B-2"};

    @Test
    void behavesAsAMapWithAnIndex() {
        ObjectSchema schema = Schema.builtIn().object("Account");
        int width = schema.fields().size();
        int ext = schema.indexOf("External_Id__c");
        ObjectTable table = new ObjectTable(schema);
        SalesforceIds ids = new SalesforceIds();
        Map<String, String[]> model = new LinkedHashMap<>();
        Map<String, String> byExternalId = new HashMap<>();
        List<String> known = new ArrayList<>();
        List<String> deleted = new ArrayList<>();
        Random random = new Random(3);
        for (int step = 0; step < 15_000; step++) {
            int op = random.nextInt(10);
            if (op < 5 || known.isEmpty()) {
                String[] values = randomValues(random, width);
                values[ext] = random.nextInt(3) == 0 ? null : "K" + random.nextInt(5_000);
                if (values[ext] != null && byExternalId.containsKey(values[ext])) {
                    values[ext] = null; // the writer refuses duplicates before they reach the table
                }
                long seq = ids.nextSequence();
                if (random.nextInt(20) == 0) {
                    ids.next("750"); // a job id in between
                }
                String id = SalesforceIds.format(schema.keyPrefix(), seq);
                table.insert(seq, values.clone());
                model.put(id, values);
                known.add(id);
                if (values[ext] != null) {
                    byExternalId.put(values[ext], id);
                }
            } else if (op < 8) {
                String id = known.get(random.nextInt(known.size()));
                String[] values = model.get(id).clone();
                values[random.nextInt(width)] = WORDS[random.nextInt(WORDS.length)];
                String oldKey = model.get(id)[ext];
                String newKey = random.nextBoolean() ? oldKey : (random.nextInt(4) == 0 ? null : "K" + random.nextInt(5_000));
                if (newKey != null && !newKey.equals(oldKey) && byExternalId.containsKey(newKey)) {
                    newKey = oldKey;
                }
                values[ext] = newKey;
                table.put(id, values.clone());
                if (oldKey != null && !oldKey.equals(newKey)) {
                    byExternalId.remove(oldKey);
                }
                if (newKey != null) {
                    byExternalId.put(newKey, id);
                }
                model.put(id, values);
            } else {
                String id = known.remove(random.nextInt(known.size()));
                String key = model.remove(id)[ext];
                if (key != null) {
                    byExternalId.remove(key);
                }
                table.remove(id);
                deleted.add(id);
            }
            if (step % 997 == 0) {
                check(table, model, byExternalId, deleted, ext);
            }
        }
        check(table, model, byExternalId, deleted, ext);
    }

    private static void check(ObjectTable table, Map<String, String[]> model, Map<String, String> byExternalId,
                              List<String> deleted, int ext) {
        assertThat(table.size()).isEqualTo(model.size());
        for (Map.Entry<String, String[]> e : model.entrySet()) {
            assertThat(table.get(e.getKey())).as(e.getKey()).containsExactly(e.getValue());
            assertThat(table.wasDeleted(e.getKey())).isFalse();
        }
        for (String id : deleted) {
            assertThat(table.get(id)).isNull();
            assertThat(table.wasDeleted(id)).isTrue();
        }
        for (int k = 0; k < 5_000; k += 7) {
            assertThat(table.idByExternalId(ext, "K" + k)).isEqualTo(byExternalId.get("K" + k));
        }
        Map<String, String[]> listed = new LinkedHashMap<>();
        for (Map.Entry<String, String[]> e : table.entries()) {
            listed.put(e.getKey(), e.getValue());
        }
        assertThat(listed.keySet()).containsExactlyInAnyOrderElementsOf(model.keySet());
    }

    private static String[] randomValues(Random random, int width) {
        String[] values = new String[width];
        for (int i = 0; i < width; i++) {
            values[i] = random.nextInt(3) == 0 ? null : WORDS[random.nextInt(WORDS.length)];
        }
        return values;
    }

    @Test
    void idsAndTheirSequencesRoundTrip() {
        SalesforceIds ids = new SalesforceIds();
        for (int i = 0; i < 5_000; i++) {
            String id = ids.next("001");
            long seq = SalesforceIds.sequenceOf(id, "001");
            assertThat(SalesforceIds.format("001", seq)).isEqualTo(id);
            assertThat(SalesforceIds.normalize(id)).isEqualTo(id);
            assertThat(SalesforceIds.sequenceOf(id.substring(0, 15), "001")).isEqualTo(-1);
            assertThat(SalesforceIds.sequenceOf(id.toLowerCase(), "001")).isEqualTo(-1);
            assertThat(SalesforceIds.sequenceOf(id, "003")).isEqualTo(-1);
        }
        assertThat(SalesforceIds.format("001", 1)).isEqualTo("001Dm0000000001" + "IAA");
    }

    @Test
    void unknownIdsAreNotFound() {
        ObjectTable table = new ObjectTable(Schema.builtIn().object("Account"));
        for (String id : new String[] {null, "", "001Dm0000zzzzzz", "001Dm0000zzzzzzAAA", "not-an-id", "003Dm0000000001IAA"}) {
            assertThat(table.get(id)).isNull();
            assertThat(table.wasDeleted(id)).isFalse();
        }
    }
}
