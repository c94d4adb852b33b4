package com.arkenos.devkit.sfn;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A local AWS Step Functions endpoint: the Node service in {@code local/stepfunctions} (aws-local-stepfunctions behind
 * the AWS JSON 1.0 protocol), run as a child process. Point an {@code SfnClient} at {@link #endpoint()}.
 *
 * <p>Task states invoke their Lambda function ARNs through the Lambda Invoke API at {@code lambdaEndpoint}
 * (for example a {@link LambdaInvokeServer}). The child exits when its stdin closes, so it dies with this JVM even
 * when {@link #close()} is never called.
 */
public final class LocalStepFunctions implements AutoCloseable {
    /** Cold Node start plus module loading takes well under a second; a loaded CI machine gets ample margin. */
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);
    private static final Pattern READY = Pattern.compile("READY (\\d+)");
    private static final int STDERR_LINES_KEPT = 40;

    private final Process process;
    private final int port;

    private LocalStepFunctions(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /**
     * Installs the Node dependencies if needed, starts the service on an ephemeral loopback port and waits until it
     * listens.
     *
     * @param stepfunctionsDir the {@code local/stepfunctions} directory (see {@link #findStepFunctionsDir()})
     * @param lambdaEndpoint   base URL of a Lambda Invoke API, e.g. {@code http://127.0.0.1:9001}; null if no Task runs
     * @param timeScale        multiplies retry pauses and Wait durations: 1 is real time, 0 never waits
     */
    public static LocalStepFunctions start(Path stepfunctionsDir, String lambdaEndpoint, double timeScale) {
        if (!Double.isFinite(timeScale) || timeScale < 0) {
            throw new IllegalArgumentException("timeScale must be a finite number >= 0, got " + timeScale);
        }
        Path dir = stepfunctionsDir.toAbsolutePath().normalize();
        NodeModules.ensureInstalled(dir);
        ProcessBuilder builder = new ProcessBuilder("node", "-r", "./polyfill.cjs", "server.mjs")
                .directory(dir.toFile());
        Map<String, String> env = builder.environment();
        env.put("SFN_PORT", "0");
        env.put("SFN_TIME_SCALE", Double.toString(timeScale));
        env.put("AWS_REGION", "us-east-1");
        // An inherited opt-out would make the Lambda client ignore AWS_ENDPOINT_URL_LAMBDA and call real AWS.
        env.remove("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS");
        if (lambdaEndpoint != null) {
            env.put("AWS_ENDPOINT_URL_LAMBDA", lambdaEndpoint);
        }
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new IllegalStateException(
                    "Cannot start node in " + dir + " (is Node.js 20+ on the PATH?): " + e.getMessage(), e);
        }
        Deque<String> stderrTail = new ArrayDeque<>();
        CompletableFuture<Integer> ready = new CompletableFuture<>();
        CompletableFuture<Void> stderrClosed = new CompletableFuture<>();
        drain(process.getErrorStream(), "sfn-stderr", line -> {
            synchronized (stderrTail) {
                stderrTail.addLast(line);
                if (stderrTail.size() > STDERR_LINES_KEPT) {
                    stderrTail.removeFirst();
                }
            }
            System.err.println("[local-stepfunctions] " + line);
        }, () -> stderrClosed.complete(null));
        drain(process.getInputStream(), "sfn-stdout", line -> {
            Matcher m = READY.matcher(line);
            if (m.matches()) {
                ready.complete(Integer.parseInt(m.group(1)));
            }
        }, () -> ready.completeExceptionally(new IllegalStateException("node exited before it was ready")));
        try {
            return new LocalStepFunctions(process, ready.get(READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IllegalStateException("Interrupted while starting local Step Functions", e);
        } catch (ExecutionException | TimeoutException e) {
            process.destroyForcibly();
            // Let the last words of a crashed node reach the tail before quoting it.
            stderrClosed.completeOnTimeout(null, 1, TimeUnit.SECONDS).join();
            String reason = e instanceof TimeoutException
                    ? "did not print READY within " + READY_TIMEOUT
                    : e.getCause().getMessage();
            String stderr;
            synchronized (stderrTail) {
                stderr = String.join("\n", stderrTail);
            }
            throw new IllegalStateException(
                    "Local Step Functions in " + dir + " " + reason + "; node stderr:\n" + stderr, e);
        }
    }

    /** Finds {@code local/stepfunctions} from the working directory upwards (tests run in a module directory). */
    public static Path findStepFunctionsDir() {
        return findStepFunctionsDir(Path.of("").toAbsolutePath());
    }

    /** Finds {@code local/stepfunctions} in {@code start} or the nearest of its parents that has one. */
    public static Path findStepFunctionsDir(Path start) {
        for (Path dir = start.toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("local").resolve("stepfunctions");
            if (Files.isRegularFile(candidate.resolve("package.json"))) {
                return candidate;
            }
        }
        throw new IllegalStateException("No local/stepfunctions/package.json in " + start + " or any parent directory");
    }

    /** The service's base URL, {@code http://127.0.0.1:PORT}, for {@code SfnClient.builder().endpointOverride(...)}. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    public int port() {
        return port;
    }

    /** Stops the service: closing stdin lets it exit by itself; a stuck process is killed. */
    @Override
    public void close() {
        try {
            process.getOutputStream().close();
        } catch (IOException ignored) {
            // the process is gone already
        }
        try {
            if (!process.waitFor(3, TimeUnit.SECONDS)) {
                process.destroy();
                if (!process.waitFor(2, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    /** Reads a child's stream line by line on a daemon thread, so the child never blocks on a full pipe. */
    private static void drain(InputStream stream, String name, Consumer<String> onLine, Runnable onEnd) {
        Thread thread = new Thread(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    onLine.accept(line);
                }
            } catch (IOException ignored) {
                // the stream closes when the process ends
            } finally {
                onEnd.run();
            }
        }, name);
        thread.setDaemon(true);
        thread.start();
    }
}
