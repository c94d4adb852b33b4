package com.arkenos.localstack.docker;

import org.testcontainers.DockerClientFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Whether a Docker engine is reachable, asked once per test JVM through Testcontainers' own discovery (DOCKER_HOST,
 * ~/.testcontainers.properties, the Docker socket, Docker Desktop), with a deadline: a DOCKER_HOST that points at a
 * host that never answers must skip the tests, not hang the build.
 *
 * <p>Only "no Docker environment" counts as absent. An engine that is found but misbehaves (Ryuk cannot start, an
 * image cannot be pulled) is reported as present, so that the tests run and fail with the real error instead of
 * hiding it behind a skip.
 */
public final class DockerProbe {
    /** The answer of the probe; {@code detail} says what was looked for, for the skip message. */
    public record Result(boolean available, String detail) {
    }

    private static final Duration TIMEOUT = Duration.ofSeconds(Long.getLong("docker.probe.timeout.seconds", 30));
    private static Result result;

    private DockerProbe() {
    }

    public static synchronized Result result() {
        if (result == null) {
            result = probe();
        }
        return result;
    }

    private static Result probe() {
        // A daemon thread: if discovery hangs past the deadline, it must not keep the test JVM alive.
        ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "docker-probe");
            t.setDaemon(true);
            return t;
        });
        try {
            Future<Result> answer = executor.submit(DockerProbe::ask);
            return answer.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return new Result(false, "no answer from Docker within " + TIMEOUT.toSeconds() + " s (" + lookedAt() + ")");
        } catch (ExecutionException e) {
            return new Result(false, "Docker discovery failed: " + e.getCause() + " (" + lookedAt() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(false, "interrupted while looking for Docker (" + lookedAt() + ")");
        } finally {
            executor.shutdownNow();
        }
    }

    private static Result ask() {
        try {
            DockerClientFactory factory = DockerClientFactory.instance();
            factory.client();
            return new Result(true, "Docker " + factory.getActiveApiVersion() + " via " + factory.getTransportConfig()
                    .getDockerHost());
        } catch (IllegalStateException e) {
            if (String.valueOf(e.getMessage()).contains("valid Docker environment")) {
                return new Result(false, "no Docker engine is reachable (" + lookedAt() + ")");
            }
            return new Result(true, "Docker was found but is not usable: " + e.getMessage());
        }
    }

    private static String lookedAt() {
        String host = System.getenv("DOCKER_HOST");
        return "DOCKER_HOST " + (host == null ? "unset" : "=" + host) + ", /var/run/docker.sock "
                + (Files.exists(Path.of("/var/run/docker.sock")) ? "present" : "absent");
    }
}
