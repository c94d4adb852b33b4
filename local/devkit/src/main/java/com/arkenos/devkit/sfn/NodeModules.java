package com.arkenos.devkit.sfn;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;

/**
 * Keeps {@code node_modules} of a Node project in step with its committed {@code package-lock.json}.
 *
 * <p>After a successful {@code npm ci} the lockfile's hash is stamped inside {@code node_modules}; a missing or
 * different stamp means "install again". The stamp lives in {@code node_modules} because {@code npm ci} deletes that
 * directory first, so an interrupted install can never look complete. Installs are serialised across JVMs (parallel
 * Maven builds, an IDE and a terminal) with a file lock, and within this JVM with a monitor, since a JVM may not take
 * the same file lock twice.
 */
final class NodeModules {
    private static final String STAMP = ".arkenos-package-lock.sha256";
    private static final String LOCK_FILE = ".npm-install.lock";
    private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(5);

    private NodeModules() {
    }

    static void ensureInstalled(Path projectDir) {
        Path lockfile = projectDir.resolve("package-lock.json");
        if (!Files.isRegularFile(lockfile)) {
            throw new IllegalStateException("No package-lock.json in " + projectDir);
        }
        String wanted = sha256(lockfile);
        if (wanted.equals(stamp(projectDir))) {
            return;
        }
        synchronized (NodeModules.class) {
            try (FileChannel channel = FileChannel.open(projectDir.resolve(LOCK_FILE),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock ignored = channel.lock()) {
                // Another JVM may have installed while this one waited for the lock.
                if (!wanted.equals(stamp(projectDir))) {
                    install(projectDir);
                    Files.writeString(projectDir.resolve("node_modules").resolve(STAMP), wanted);
                }
            } catch (IOException e) {
                throw new IllegalStateException(
                        "Cannot install node_modules in " + projectDir + ": " + e.getMessage(), e);
            }
        }
    }

    private static void install(Path projectDir) {
        List<String> command = List.of("npm", "ci", "--no-audit", "--no-fund");
        ProcessRun run = ProcessRun.run(command, projectDir, new byte[0], INSTALL_TIMEOUT);
        if (run.exitCode() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed in " + projectDir
                    + " (exit " + run.exitCode() + "):\n" + ProcessRun.tail(run.stdout() + run.stderr()));
        }
    }

    private static String stamp(Path projectDir) {
        Path stamp = projectDir.resolve("node_modules").resolve(STAMP);
        try {
            return Files.isRegularFile(stamp) ? Files.readString(stamp, StandardCharsets.UTF_8).trim() : "";
        } catch (IOException e) {
            return "";
        }
    }

    private static String sha256(Path file) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (IOException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("Cannot hash " + file, e);
        }
    }
}
