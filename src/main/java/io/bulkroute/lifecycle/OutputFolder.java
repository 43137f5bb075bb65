package io.bulkroute.lifecycle;

import io.bulkroute.model.Printable;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The folder a load writes its outcome files to. A load writes them whole, over whatever has their names:
 * so a folder holding an earlier load's outcome is taken only when asked ({@code --force}), and one whose
 * outcome names the input itself never.
 */
public final class OutputFolder {
    public static final List<String> OUTCOME_FILES = List.of("success.csv", "failed.csv", "unprocessed.csv", "report.json");

    private OutputFolder() {
    }

    /** @throws OutputFolderException when the folder is a file, holds the input, or holds outcome files and not {@code force} */
    public static void check(Path folder, Path input, boolean force) {
        if (Files.exists(folder) && !Files.isDirectory(folder)) {
            throw new OutputFolderException("the output folder " + Printable.of(folder.toString()) + " is a file");
        }
        List<String> present = OUTCOME_FILES.stream().filter(name -> Files.exists(folder.resolve(name))).toList();
        for (String name : present) {
            if (sameFile(folder.resolve(name), input)) {
                throw new OutputFolderException("the output folder " + Printable.of(folder.toString()) + " holds the input as "
                        + name + ", which the load would write over: choose another folder");
            }
        }
        if (!present.isEmpty() && !force) {
            throw new OutputFolderException("the output folder " + Printable.of(folder.toString()) + " holds outcome files ("
                    + String.join(", ", present) + "): choose another folder, or write over them with --force");
        }
    }

    /** Makes the folder and its work folder. */
    public static void make(Path folder) {
        try {
            Files.createDirectories(folder.resolve(".work"));
        } catch (IOException e) {
            // no cause attached: an I/O error in the chain would be retried as a transient fault, and this one lasts
            throw new OutputFolderException("the output folder " + Printable.of(folder.toString()) + " cannot be made: "
                    + reason(e));
        }
    }

    private static String reason(IOException e) {
        if (e instanceof FileAlreadyExistsException) {
            return Printable.of(e.getMessage()) + " is a file";
        }
        String kind = e.getClass().getSimpleName().replace("Exception", "");
        return kind.isEmpty() || kind.equals("FileSystem") ? Printable.of(e.getMessage())
                : Printable.of(e.getMessage()) + " (" + kind + ")";
    }

    private static boolean sameFile(Path a, Path b) {
        try {
            return Files.isSameFile(a, b);
        } catch (IOException e) {
            return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
        }
    }
}
