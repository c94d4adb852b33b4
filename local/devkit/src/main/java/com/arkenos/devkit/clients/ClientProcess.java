package com.arkenos.devkit.clients;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One run of an external program the tests install or drive (npm, pip, node, python, schemathesis): its exit code
 * and its merged output, and whether a failed install only means the registry could not be reached.
 */
public record ClientProcess(int exitCode, String output) {
    /** Install output that means "the registry could not be reached", not "the install is broken". */
    private static final Pattern UNREACHABLE = Pattern.compile("ENOTFOUND|ECONNREFUSED|ECONNRESET|ETIMEDOUT|EAI_AGAIN"
            + "|ENETUNREACH|network request to|NewConnectionError|Max retries exceeded|Temporary failure in name"
            + "|No matching distribution found|Could not find a version that satisfies|getaddrinfo|proxy");
    private static final Pattern SUMMARY = Pattern.compile("(?m)^([\\w-]+): (\\d+) passed, (\\d+) failed$");

    public static ClientProcess run(List<String> command, Path directory, Map<String, String> env, Duration timeout)
            throws IOException, InterruptedException {
        Path log = Files.createTempFile("client-", ".log");
        try {
            ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile())
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().putAll(env);
            Process process = builder.start();
            if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
                return new ClientProcess(-1, Files.readString(log, StandardCharsets.UTF_8)
                        + "\n(killed after " + timeout.toSeconds() + " s)");
            }
            return new ClientProcess(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(log);
        }
    }

    /** True when {@code program --version} runs: the tool is installed. */
    public static boolean available(String program) {
        try {
            return run(List.of(program, "--version"), Path.of("."), Map.of(), Duration.ofSeconds(30)).exitCode() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public boolean registryUnreachable() {
        return exitCode != 0 && UNREACHABLE.matcher(output).find();
    }

    /** The closing "NAME: N passed, M failed" line of a client check, or null when it printed none. */
    public Summary summary() {
        Matcher m = SUMMARY.matcher(output);
        Summary last = null;
        while (m.find()) {
            last = new Summary(m.group(1), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
        }
        return last;
    }

    public String tail() {
        return output.length() <= 4000 ? output : "..." + output.substring(output.length() - 4000);
    }

    public record Summary(String client, int passed, int failed) {
    }
}
