package io.oscsync.job.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/** Finds where to resume from in a --state-dir: the newest completed checkpoint or savepoint. */
public final class StateDirs {
    private StateDirs() {}

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
}
