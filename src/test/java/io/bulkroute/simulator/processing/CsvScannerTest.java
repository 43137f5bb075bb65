package io.bulkroute.simulator.processing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import com.fasterxml.jackson.databind.MappingIterator;
import org.junit.jupiter.api.Test;

/** The fast scanner reads exactly what Jackson reads, or leaves the file to Jackson. */
class CsvScannerTest {
    private static final byte[][] PIECES = {
        b("a"), b("bc"), b(","), b(","), b("\""), b("\""), b("\"\""), b("\r"), b("\n"), b("\r\n"), b(" "), b("\t"),
        b("é"), b("€"), b("😀"), {(byte) 0xFF}, {(byte) 0xC3}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {0}, b("|"), b(";"),
        {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, b("x y"), b("\u0001"), b("\u007f"), b("\u0085"),
    };

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Jackson's rows, or null when Jackson fails. */
    private static List<List<String>> jackson(byte[] csv, char sep) {
        List<List<String>> rows = new ArrayList<>();
        try (MappingIterator<String[]> it = new CsvFormat(sep).rows(new ByteArrayInputStream(csv))) {
            while (it.hasNext()) {
                rows.add(Arrays.asList(it.next()));
            }
            return rows;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** The scanner's rows, or null when it is unsure. */
    private static List<List<String>> scanner(byte[] csv, char sep, int bufferHint) throws IOException {
        List<List<String>> rows = new ArrayList<>();
        // small buffers, so that rows are moved and buffers grown in the middle of values
        int buffer = bufferHint % 3 == 0 ? 4 + bufferHint : 4 + bufferHint % 13;
        try (CsvScanner s = new CsvScanner(new TrickleInputStream(csv, bufferHint), sep, buffer)) {
            int n;
            while ((n = s.nextRow(true)) >= 0) {
                assertThat(s.width()).isEqualTo(n);
                rows.add(Arrays.asList(s.row()));
            }
            return n == CsvScanner.UNSURE ? null : rows;
        }
    }

    @Test
    void agreesWithJacksonOnRandomInput() throws IOException {
        Random random = new Random(7);
        int sure = 0;
        int total = 0;
        for (char sep : new char[] {',', '\t', '|', ';'}) {
            for (int round = 0; round < 60_000; round++) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                // some long inputs, so that values span whole words of eight bytes
                int pieces = round % 4 == 0 ? random.nextInt(400) : random.nextInt(24);
                for (int i = 0; i < pieces; i++) {
                    // mostly plain text, so that many inputs are valid
                    byte[] piece = random.nextInt(3) == 0 ? PIECES[random.nextInt(PIECES.length)]
                            : PIECES[random.nextInt(12)];
                    out.write(piece, 0, piece.length);
                }
                byte[] csv = out.toByteArray();
                List<List<String>> expected = jackson(csv, sep);
                List<List<String>> actual = scanner(csv, sep, random.nextInt(4) == 0 ? 1 + random.nextInt(300) : 1 + random.nextInt(8));
                total++;
                if (actual != null) {
                    sure++;
                    assertThat(expected).as("Jackson on %s", Arrays.toString(csv)).isNotNull();
                    assertThat(actual).as("rows of %s (%s)", new String(csv, StandardCharsets.UTF_8), Arrays.toString(csv))
                            .isEqualTo(expected);
                }
            }
        }
        // the scanner must be sure of most valid input, or it is of no use
        assertThat(sure).isGreaterThan(total / 5);
    }

    @Test
    void agreesWithJacksonOnTypicalBatches() throws IOException {
        String csv = "Name,Industry,Description,NumberOfEmployees\r\n"
                + "Acme,Energy,10,\"Says \"\"hi\"\", with commas,\nand a newline\"\r\n"
                + ",Retail,5,no name\r\n"
                + "  Globex , Tech,\"many\"  ,bad integer\r\n"
                + "\r\n"
                + "Ünïcödé,€,😀,\"\"\n"
                + "last,row,without,newline";
        byte[] bytes = b(csv);
        for (int hint = 1; hint < 70; hint++) {
            assertThat(scanner(bytes, ',', hint)).isEqualTo(jackson(bytes, ',')).isNotNull();
        }
    }

    @Test
    void leavesBrokenFilesToJackson() throws IOException {
        for (String csv : new String[] {"a,b\n\"open", "a,b\n\"x\"y,z\n", "\uFEFFName\nx\n"}) {
            assertThat(scanner(b(csv), ',', 3)).as(csv).isNull();
        }
        byte[] invalid = {'N', 'a', 'm', 'e', '\n', 'x', (byte) 0xC3, '\n'};
        assertThat(scanner(invalid, ',', 4)).isNull();
        assertThat(jackson(invalid, ',')).isNull();
    }

    @Test
    void keepsLongRowsWhole() throws IOException {
        StringBuilder big = new StringBuilder("h1,h2\n\"");
        big.append("x".repeat(700_000)).append("\"\"y\",z\n");
        byte[] bytes = b(big.toString());
        List<List<String>> expected = jackson(bytes, ',');
        List<List<String>> actual = scanner(bytes, ',', 1 << 16);
        assertThat(actual).isNotNull();
        assertThat(actual).hasSameSizeAs(expected);
        for (int r = 0; r < expected.size(); r++) {
            assertThat(actual.get(r)).as("row %d", r).hasSameSizeAs(expected.get(r));
            for (int v = 0; v < expected.get(r).size(); v++) {
                String e = expected.get(r).get(v);
                String a = actual.get(r).get(v);
                if (!e.equals(a)) {
                    int d = 0;
                    while (d < Math.min(e.length(), a.length()) && e.charAt(d) == a.charAt(d)) {
                        d++;
                    }
                    throw new AssertionError("row " + r + " value " + v + ": lengths " + e.length() + " / " + a.length()
                            + ", first difference at " + d + ": " + e.substring(d, Math.min(e.length(), d + 20))
                            + " / " + a.substring(d, Math.min(a.length(), d + 20)));
                }
            }
        }
    }

    /** Hands out the bytes a few at a time, so rows and values cross every buffer boundary. */
    private static final class TrickleInputStream extends java.io.InputStream {
        private final byte[] data;
        private final int step;
        private int at;

        TrickleInputStream(byte[] data, int step) {
            this.data = data;
            this.step = step;
        }

        @Override
        public int read() {
            return at < data.length ? data[at++] & 0xFF : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (at >= data.length) {
                return -1;
            }
            int n = Math.min(Math.min(len, step), data.length - at);
            System.arraycopy(data, at, b, off, n);
            at += n;
            return n;
        }
    }
}
