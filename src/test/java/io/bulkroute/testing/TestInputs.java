package io.bulkroute.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Input files the tests load. */
public final class TestInputs {
    private TestInputs() {
    }

    public static Path csv(Path folder, String name, String content) throws IOException {
        Path file = folder.resolve(name);
        Files.writeString(file, content);
        return file;
    }

    /** A CSV of {@code n} Accounts, with quoting that must survive the cut into batches. */
    public static Path accounts(Path folder, String name, int n) throws IOException {
        StringBuilder csv = new StringBuilder("Name,Industry,NumberOfEmployees,Description\r\n");
        for (int i = 1; i <= n; i++) {
            csv.append("Account ").append(i).append(",Energy,").append(i % 500).append(",\"row ").append(i)
                    .append(", with \"\"quotes\"\"\nand a newline\"\r\n");
        }
        return csv(folder, name, csv.toString());
    }
}
