package io.bulkroute.trigger.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;

/**
 * The real curl, when this machine has one: a call made as a user makes it from the docs, with curl's own
 * defaults (its Content-Type for {@code --data-binary}, its way of sending a body while reading the answer).
 */
final class Curl {
    private static final String STATUS_MARK = "\n#status=";

    record Answer(int status, String body, String errors) {
    }

    private Curl() {
    }

    static boolean available() {
        try {
            return new ProcessBuilder("curl", "--version").redirectErrorStream(true).start().waitFor(10, TimeUnit.SECONDS);
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    static Answer run(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("curl", "-w", STATUS_MARK + "%{http_code}"));
        command.addAll(List.of(args));
        return answer(new ProcessBuilder(command));
    }

    /** A curl command line as a shell runs it (the docs' $'…' quoting), its answer's status written after it. */
    static Answer shell(String commandLine) throws Exception {
        String format = "curl -sS -w '" + STATUS_MARK.replace("\n", "\\n") + "%{http_code}' ";
        return answer(new ProcessBuilder("bash", "-c", commandLine.replaceFirst("^curl ", Matcher.quoteReplacement(format))));
    }

    private static Answer answer(ProcessBuilder builder) throws Exception {
        Process curl = builder.start();
        curl.getOutputStream().close();
        byte[] out = curl.getInputStream().readAllBytes();
        String errors = new String(curl.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!curl.waitFor(60, TimeUnit.SECONDS)) {
            curl.destroyForcibly();
        }
        String text = new String(out, StandardCharsets.UTF_8);
        int mark = text.lastIndexOf(STATUS_MARK);
        if (mark < 0) {
            return new Answer(0, text, errors);
        }
        return new Answer(Integer.parseInt(text.substring(mark + STATUS_MARK.length()).trim()), text.substring(0, mark), errors);
    }
}
