package io.bulkroute.lifecycle;

import io.bulkroute.model.LoadRequest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import io.bulkroute.ledger.Ledger;
import io.bulkroute.ledger.LoadEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a crash leaves in a dropped-file folder's .inprogress/ is dealt with when the next file arrives. */
class SourceFilesTest {
    @TempDir
    Path inbox;

    @Test
    void filesLeftInProgressAreLoadedAgainSettledOrKeptForResumeAsTheLedgerSays() throws Exception {
        Ledger ledger = new Ledger("jdbc:h2:mem:source-files-" + UUID.randomUUID(), "sa", "");
        Path neverBegun = left("a", "never-begun.csv");
        Path ended = left("b", "ended.csv");
        Path failed = left("c", "failed.csv");
        Path unfinished = left("d", "unfinished.csv");
        Path young = left("e", "young.csv");
        Files.setLastModifiedTime(young.getParent(), FileTime.from(Instant.now()));
        Files.createDirectories(inbox.resolve(".inprogress/empty"));
        ledger.loadStarted(entry("ended", ended));
        ledger.loadFinished("ended", "COMPLETED", null);
        ledger.loadStarted(entry("failed", failed));
        ledger.loadFinished("failed", "FAILED", "a reason");
        ledger.loadStarted(entry("unfinished", unfinished));
        Path current = Files.createDirectories(inbox.resolve(".inprogress/current"));

        SourceFiles files = new SourceFiles();
        files.setLedger(ledger);
        files.tidy(current.toString());

        assertThat(inbox.resolve("never-begun.csv")).as("loaded again as a new file").exists();
        assertThat(inbox.resolve(".done/ended.csv")).exists();
        assertThat(inbox.resolve(".failed/failed.csv")).exists();
        assertThat(unfinished).as("for resume").exists();
        assertThat(young).as("maybe being checked elsewhere").exists();
        assertThat(neverBegun.getParent()).doesNotExist();
        assertThat(ended.getParent()).doesNotExist();
        assertThat(inbox.resolve(".inprogress/empty")).doesNotExist();
        assertThat(current).exists();
    }

    /** A file in a folder of its own under .inprogress/, older than a crash's settling time. */
    private Path left(String folder, String name) throws Exception {
        Path file = Files.createDirectories(inbox.resolve(".inprogress").resolve(folder)).resolve(name);
        Files.writeString(file, "Name\nA\n");
        Files.setLastModifiedTime(file.getParent(), FileTime.from(Instant.now().minus(SourceFiles.SETTLED).minus(Duration.ofMinutes(1))));
        return file;
    }

    private static LoadEntry entry(String loadId, Path source) {
        return LoadEntry.starting(loadId, new LoadRequest(source.toAbsolutePath(), source.getFileName().toString(), "Account",
                "insert", null, "v1", 10_000, 10_000_000, false, 100_000_000, Path.of("/tmp/out-" + loadId)),
                source.getFileName().toString(), 8, "0".repeat(64), 1);
    }
}
