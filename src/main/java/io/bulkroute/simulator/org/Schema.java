package io.bulkroute.simulator.org;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The org's objects. The built-in schema ships as {@code simulator/schema.json}; a file of the same
 * shape (for example {@code config/simulator-schema.json}) adds objects or fields to it.
 */
public final class Schema {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Map<String, ObjectSchema> objects = new LinkedHashMap<>();

    record ObjectSpec(String name, String keyPrefix, List<FieldDef> fields) {
    }

    record SchemaSpec(List<ObjectSpec> objects) {
    }

    public static Schema builtIn() {
        try (InputStream in = Schema.class.getResourceAsStream("/simulator/schema.json")) {
            Schema schema = new Schema();
            schema.merge(JSON.readValue(in, SchemaSpec.class));
            return schema;
        } catch (IOException e) {
            throw new IllegalStateException("The simulator's built-in schema cannot be read", e);
        }
    }

    /** The built-in schema plus the objects and fields of {@code file}, when it is given and exists. */
    public static Schema load(Path file) {
        Schema schema = builtIn();
        if (file != null && Files.isRegularFile(file)) {
            try (InputStream in = Files.newInputStream(file)) {
                schema.merge(JSON.readValue(in, SchemaSpec.class));
            } catch (IOException e) {
                throw new IllegalArgumentException("Invalid simulator schema file " + file + ": " + e.getMessage(), e);
            }
        }
        return schema;
    }

    private void merge(SchemaSpec spec) {
        for (ObjectSpec o : spec.objects()) {
            ObjectSchema existing = object(o.name());
            List<FieldDef> fields = o.fields() == null ? List.of() : o.fields();
            if (existing != null) {
                objects.put(key(o.name()), existing.withFields(fields));
            } else {
                if (o.keyPrefix() == null || o.keyPrefix().length() != 3) {
                    throw new IllegalArgumentException("Object " + o.name() + " needs a 3-character keyPrefix");
                }
                objects.put(key(o.name()), new ObjectSchema(o.name(), o.keyPrefix(), fields));
            }
        }
    }

    public ObjectSchema object(String name) {
        return name == null ? null : objects.get(key(name));
    }

    public Iterable<ObjectSchema> objects() {
        return objects.values();
    }

    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
