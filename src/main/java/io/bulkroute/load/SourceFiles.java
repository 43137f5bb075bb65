package io.bulkroute.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a dropped file goes once its load has ended. The file trigger keeps a file in its folder's
 * {@code .inprogress/} while it loads, so a crash leaves it there (not picked up again as a new file)
 * for the resumed load; the consumer moves it to {@code .done/} or {@code .failed/} at the end of a
 * live load, and this does the same at the end of a resumed one.
 */
final class SourceFiles {
    private static final Logger LOG = LoggerFactory.getLogger(SourceFiles.class);
    static final String IN_PROGRESS = ".inprogress";

    private SourceFiles() {
    }

    static void settle(Path source, Outcome outcome) {
        Path folder = source.toAbsolutePath().getParent();
        if (folder == null || !folder.getFileName().toString().equals(IN_PROGRESS) || !Files.exists(source)) {
            return;
        }
        Path target = folder.resolveSibling(outcome == Outcome.FAILED ? ".failed" : ".done").resolve(source.getFileName());
        try {
            Files.createDirectories(target.getParent());
            Files.move(source, target, StandardCopyOption.REPLACE_EXISTING);
            LOG.info("{} moved to {}", source, target.getParent());
        } catch (IOException e) {
            LOG.warn("Could not move {} to {}: {}", source, target.getParent(), e.getMessage());
        }
    }
}
