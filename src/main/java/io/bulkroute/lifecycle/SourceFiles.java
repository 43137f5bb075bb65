package io.bulkroute.lifecycle;

import io.bulkroute.model.Outcome;
import io.bulkroute.model.Printable;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import io.bulkroute.ledger.Ledger;
import io.bulkroute.ledger.LoadEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a dropped file goes once its load has ended. The file trigger keeps a file in a folder of its
 * own under its folder's {@code .inprogress/} while it loads ({@code .inprogress/<exchangeId>/name.csv}),
 * so a crash leaves it there (not picked up again as a new file, and not overwritten by a file of the same
 * name dropped later) for the resumed load; the consumer moves it to {@code .done/} or {@code .failed/} at
 * the end of a live load, and this does the same at the end of a resumed one.
 */
public final class SourceFiles {
    private static final Logger LOG = LoggerFactory.getLogger(SourceFiles.class);
    static final String IN_PROGRESS = ".inprogress";

    static void settle(Path source, Outcome outcome) {
        Path own = source.toAbsolutePath().getParent();
        Path inProgress = own == null ? null : own.getParent();
        if (inProgress == null || !inProgress.getFileName().toString().equals(IN_PROGRESS) || !Files.exists(source)) {
            return;
        }
        Path target = inProgress.resolveSibling(outcome == Outcome.FAILED ? ".failed" : ".done").resolve(source.getFileName());
        try {
            Files.createDirectories(target.getParent());
            Files.move(source, target, StandardCopyOption.REPLACE_EXISTING);
            Files.deleteIfExists(own);
            LOG.info("{} moved to {}", Printable.of(source.toString()), Printable.of(target.getParent().toString()));
        } catch (IOException e) {
            LOG.warn("Could not move {} to {}: {}", Printable.of(source.toString()), Printable.of(target.getParent().toString()),
                    Printable.of(e.getMessage()));
        }
    }

    /**
     * Tidies {@code .inprogress/} when a new file arrives ({@code current} is the folder of the file being
     * loaded now): removes the empty folders that the consumer leaves when it moves a loaded file on, and deals
     * with files a crash left there. A file whose load the ledger does not know (the crash came before the load
     * began) goes back to the watched folder, to be loaded as new; one whose load ended goes to {@code .done/}
     * or {@code .failed/}; one whose load is unfinished stays for resume. A folder younger than
     * {@link #SETTLED} is left alone: its file may be being checked by another instance.
     */
    public void tidy(String current) {
        Path own = Path.of(current).toAbsolutePath();
        Path inProgress = own.getParent();
        if (inProgress == null || !inProgress.getFileName().toString().equals(IN_PROGRESS)) {
            return;
        }
        try (var folders = Files.list(inProgress)) {
            for (Path folder : folders.filter(f -> !f.equals(own) && Files.isDirectory(f)).toList()) {
                tidyFolder(inProgress, folder);
            }
        } catch (IOException e) {
            LOG.debug("Could not look into {}", inProgress, e);
        }
    }

    private void tidyFolder(Path inProgress, Path folder) throws IOException {
        try (var files = Files.list(folder)) {
            for (Path file : files.toList()) {
                if (Files.getLastModifiedTime(folder).toInstant().isAfter(java.time.Instant.now().minus(SETTLED))) {
                    return;
                }
                LoadEntry load = ledger.loadOfSource(file.toAbsolutePath().toString());
                if (load == null) {
                    LOG.warn("{} was left in {} by a load that never began: it is loaded again", Printable.of(file.getFileName().toString()),
                            Printable.of(inProgress.toString()));
                    Files.move(file, inProgress.getParent().resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                } else if (!load.state().equals(Ledger.RUNNING) && !load.isFailing()) {
                    settle(file, Ledger.FAILED.equals(load.state()) ? Outcome.FAILED : Outcome.COMPLETED);
                }
            }
        }
        try {
            Files.deleteIfExists(folder);
        } catch (IOException notEmpty) {
            // an unfinished load's source, for resume
        }
    }

    /** How old a folder in .inprogress/ must be before a file left in it is dealt with. */
    static final java.time.Duration SETTLED = java.time.Duration.ofMinutes(10);

    private Ledger ledger;

    public void setLedger(Ledger ledger) {
        this.ledger = ledger;
    }
}
