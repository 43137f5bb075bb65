package io.bulkroute.outcome;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A 2.0 job's parts are copied as text: the rows and their count must come out as if each had been written. */
class OutcomeFilesTest {
    @TempDir
    Path dir;

    @Test
    void partsAreAppendedAfterRowsWrittenOneByOneAndCountedAsTheJoinCountedThem() throws Exception {
        Path success = Files.writeString(dir.resolve("s.part"), "001,true,Acme,\"two\nlines\"\n002,false,\"say \"\"hi\"\"\",x\n");
        Path failed = Files.writeString(dir.resolve("f.part"), ",REQUIRED_FIELD_MISSING:Name,,\"a,b\"\n");
        Path unprocessed = dir.resolve("absent.part");
        OutcomeFiles files = new OutcomeFiles(dir.resolve("out"), new String[] {"Name", "Note"});
        files.succeeded("000", true, new String[] {"First", "one"});
        files.appendParts(success, failed, unprocessed, new long[] {2, 1, 0});
        files.unprocessed(new String[] {"Last", "z"});
        files.close();

        assertThat(files.succeeded()).isEqualTo(3);
        assertThat(files.failed()).isEqualTo(1);
        assertThat(files.unprocessed()).isEqualTo(1);
        assertThat(Files.readString(dir.resolve("out/success.csv"))).isEqualTo(
                "sf__Id,sf__Created,Name,Note\n000,true,First,one\n001,true,Acme,\"two\nlines\"\n002,false,\"say \"\"hi\"\"\",x\n");
        assertThat(Files.readString(dir.resolve("out/failed.csv"))).isEqualTo(
                "sf__Id,sf__Error,Name,Note\n,REQUIRED_FIELD_MISSING:Name,,\"a,b\"\n");
        assertThat(Files.readString(dir.resolve("out/unprocessed.csv"))).isEqualTo("Name,Note\nLast,z\n");
    }
}
