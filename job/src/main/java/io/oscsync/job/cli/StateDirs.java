package io.oscsync.job.cli;

import io.oscsync.job.config.ConfigException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/** Checks a --state-dir, and finds where to resume from in it: the newest completed checkpoint or savepoint. */
public final class StateDirs {
    private StateDirs() {}

    /**
     * Creates the folder if missing and proves it writable by writing a file, so a bad folder is
     * refused at start rather than found at the first checkpoint, after tables were created.
     */
    public static void prepare(Path stateDir) {
        try {
            Files.createDirectories(stateDir);
            Path probe = Files.createTempFile(stateDir, ".osc-sync-write-check", "");
            Files.delete(probe);
        } catch (IOException | SecurityException e) {
            throw new ConfigException("--state-dir " + stateDir + " is not a writable folder ("
                    + (e instanceof java.nio.file.FileAlreadyExistsException ? "a file is in the way" : e.toString())
                    + "): give a folder this user can write, or a path where one can be created");
        }
    }

    /** A checkpoint or savepoint is complete once its _metadata file exists. */
    public static Optional<Path> newestRestorePoint(Path stateDir) throws IOException {
        if (!Files.isDirectory(stateDir)) return Optional.empty();
        try (Stream<Path> files = Files.walk(stateDir, 4)) {
            return files.filter(p -> p.getFileName().toString().equals("_metadata"))
                    .filter(p -> {
                        String dir = p.getParent().getFileName().toString();
                        return dir.startsWith("chk-") || dir.startsWith("savepoint-");
                    })
                    .max(Comparator.comparingLong(StateDirs::modified))
                    .map(Path::getParent);
        }
    }

    private static long modified(Path p) {
        try {
            return Files.getLastModifiedTime(p).toMillis();
        } catch (IOException e) {
            return Long.MIN_VALUE;
        }
    }

    /** Why checkpoints could not be kept in {@code dir}, or null; found without writing (for check-task). */
    public static String problem(Path dir) {
        Path existing = dir;
        while (existing != null && !Files.exists(existing)) existing = existing.getParent();
        if (existing == null) return "--state-dir " + dir + ": no part of the path exists";
        if (!Files.isDirectory(existing)) {
            return "--state-dir " + dir + ": " + existing + " is a file, not a folder: choose another path";
        }
        if (!Files.isWritable(existing)) {
            return "--state-dir " + dir + ": " + existing + " is not writable by this user: fix its permissions "
                    + "or choose another path";
        }
        return null;
    }
}
