package com.arkenos.devkit.clients;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * A virtualenv holding one client's pinned {@code requirements.txt}, made with the machine's python3 and kept
 * between runs: it is made again only when the requirements change (their hash is stamped inside it).
 *
 * @param python      the venv's interpreter, when it is ready
 * @param unavailable why it is not (no python3, no venv module, PyPI unreachable), when it is not: a reason to skip
 */
public record PythonVenv(Path python, String unavailable) {
    private static final Duration CREATE = Duration.ofSeconds(120);
    private static final Duration INSTALL = Duration.ofSeconds(600);

    /**
     * The venv at {@code venv} with {@code requirements} installed. A failing install that is not an unreachable
     * registry is an error (the pins are broken), not a reason to skip.
     */
    public static PythonVenv install(Path venv, Path requirements) throws IOException, InterruptedException {
        if (!ClientProcess.available("python3")) {
            return new PythonVenv(null, "python3 is not installed");
        }
        Path python = venv.resolve("bin/python");
        Path stamp = venv.resolve(".arkenos-requirements.sha256");
        String hash = sha256(requirements);
        if (Files.isExecutable(python) && Files.isRegularFile(stamp)
                && Files.readString(stamp, StandardCharsets.UTF_8).strip().equals(hash)) {
            return new PythonVenv(python, null);
        }
        Path dir = requirements.getParent();
        ClientProcess created = ClientProcess.run(List.of("python3", "-m", "venv", "--clear", venv.toString()), dir,
                Map.of(), CREATE);
        if (created.exitCode() != 0) {
            return new PythonVenv(null, "python3 cannot create a venv (python3-venv missing?):\n" + created.tail());
        }
        ClientProcess pip = ClientProcess.run(List.of(python.toString(), "-m", "pip", "install",
                "--disable-pip-version-check", "--no-input", "-q", "-r", requirements.toString()), dir, Map.of(),
                INSTALL);
        if (pip.registryUnreachable()) {
            return new PythonVenv(null, "PyPI is not reachable:\n" + pip.tail());
        }
        if (pip.exitCode() != 0) {
            throw new IllegalStateException("pip could not install " + requirements + ":\n" + pip.tail());
        }
        Files.writeString(stamp, hash);
        return new PythonVenv(python, null);
    }

    public boolean ready() {
        return unavailable == null;
    }

    static String sha256(Path file) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
