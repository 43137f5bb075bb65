package io.bulkroute.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

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

    private SourceFiles() {
    }

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
            LOG.info("{} moved to {}", source, target.getParent());
        } catch (IOException e) {
            LOG.warn("Could not move {} to {}: {}", source, target.getParent(), e.getMessage());
        }
    }

    /**
     * Removes the empty folders that loads ended before this one left under {@code .inprogress/} (the
     * consumer moves a file out once its load has ended, and leaves its folder). {@code current} is the
     * folder of the file being loaded now.
     */
    public static void pruneInProgress(String current) {
        Path own = Path.of(current).toAbsolutePath();
        Path inProgress = own.getParent();
        if (inProgress == null || !inProgress.getFileName().toString().equals(IN_PROGRESS)) {
            return;
        }
        try (var folders = Files.list(inProgress)) {
            folders.filter(f -> !f.equals(own) && Files.isDirectory(f)).forEach(f -> {
                try {
                    Files.deleteIfExists(f);
                } catch (IOException notEmpty) {
                    // a load still running (or one a crash left for resume) holds its file there
                }
            });
        } catch (IOException e) {
            LOG.debug("Could not look into {}", inProgress, e);
        }
    }
}
