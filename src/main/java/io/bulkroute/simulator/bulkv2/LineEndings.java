package io.bulkroute.simulator.bulkv2;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Salesforce fails a 2.0 job whose data does not use the line ending the job declared. */
final class LineEndings {
    private LineEndings() {
    }

    static String mismatch(Path upload, String declared) throws IOException {
        try (InputStream in = Files.newInputStream(upload)) {
            byte[] head = in.readNBytes(1 << 20);
            boolean inQuotes = false;
            for (int i = 0; i < head.length; i++) {
                byte b = head[i];
                if (b == '"') {
                    inQuotes = !inQuotes;
                } else if (b == '\n' && !inQuotes) {
                    boolean crlf = i > 0 && head[i - 1] == '\r';
                    if (crlf != declared.equals("CRLF")) {
                        return "ClientInputError : LineEnding is invalid on user data. Current LineEnding setting is " + declared;
                    }
                    return null;
                }
            }
            return null;
        }
    }
}
