package io.bulkroute.trigger.http;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The record-stream curl example of docs/http-api.md as it stands, so a test calls what a reader copies: its
 * command line, its headers, its body and its URL, with the test's server, token and stream put in.
 */
record ReadmeCurl(String command) {
    private static final String README_API = "http://127.0.0.1:8080";
    private static final String README_TOKEN = "dev-token";
    private static final String README_STREAM = "my-stream";

    static ReadmeCurl recordsExample(Path readme) throws IOException {
        String text = Files.readString(readme);
        // a curl command, its lines joined where they end in a backslash
        Matcher m = Pattern.compile("(?m)^[ \\t]*(curl (?:[^\\n]*\\\\\\n)*[^\\n]*)$").matcher(text);
        while (m.find()) {
            if (m.group(1).contains("/records?")) {
                return new ReadmeCurl(m.group(1).replaceAll("\\\\\\n\\s*", ""));
            }
        }
        throw new AssertionError(readme + " has no record-stream curl example");
    }

    String command(String api, String token, String stream) {
        return command.replace(README_API, api).replace(README_TOKEN, token).replace("/" + README_STREAM + "/", "/" + stream + "/");
    }

    String url(String api, String stream) {
        return first("\"(http[^\"]+)\"").replace(README_API, api).replace("/" + README_STREAM + "/", "/" + stream + "/");
    }

    /** Its -H headers, and curl's Content-Type for --data-binary when it gives none. */
    Map<String, String> headers(String token) {
        Map<String, String> headers = new LinkedHashMap<>();
        Matcher h = Pattern.compile("-H \"([^:\"]+):\\s*([^\"]*)\"").matcher(command);
        while (h.find()) {
            headers.put(h.group(1), h.group(2).replace(README_TOKEN, token));
        }
        if (headers.keySet().stream().noneMatch(k -> k.equalsIgnoreCase("Content-Type"))) {
            headers.put("Content-Type", "application/x-www-form-urlencoded");
        }
        return headers;
    }

    /** The body of its --data-binary $'…' argument, as bash hands it to curl. */
    String body() {
        return first("--data-binary \\$'([^']*)'").replace("\\n", "\n").replace("\\\"", "\"");
    }

    private String first(String regex) {
        Matcher m = Pattern.compile(regex).matcher(command);
        if (!m.find()) {
            throw new AssertionError("the documented example has no " + regex + ": " + command);
        }
        return m.group(1);
    }
}
