package com.arkenos.devkit.livekitserver;

import com.arkenos.devkit.clients.PythonVenv;
import com.arkenos.devkit.template.SamTemplate;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The minimal agent worker ({@code local/clients/agent-worker/worker.py}, LiveKit Agents from PyPI) as a process:
 * registered with a LiveKit server as {@code arkenos-agent}, it takes the jobs LiveKit dispatches, joins the call
 * rooms and looks the dialled number up on the backend. Its output lines are kept; the JSON ones are its reports.
 */
public final class AgentWorker implements AutoCloseable {
    public static final Path DIR = SamTemplate.projectRoot().resolve("local/clients/agent-worker");
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Process process;
    private final List<String> lines = new CopyOnWriteArrayList<>();

    private AgentWorker(Process process) {
        this.process = process;
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    lines.add(line);
                }
            } catch (IOException e) {
                lines.add("(output lost: " + e + ")");
            }
        }, "agent-worker-output");
        reader.setDaemon(true);
        reader.start();
    }

    /** The worker's venv under {@code venvDir}, installed from its pinned requirements when they changed. */
    public static PythonVenv install(Path venvDir) throws IOException, InterruptedException {
        return PythonVenv.install(venvDir, DIR.resolve("requirements.txt"));
    }

    /**
     * Starts the worker against {@code livekitUrl} and waits until LiveKit has registered it (so a dispatch from
     * now on reaches it); its lookups go to {@code apiBase} with {@code workerKey}.
     */
    public static AgentWorker start(PythonVenv venv, String livekitUrl, String apiKey, String apiSecret,
                                    String apiBase, String workerKey) {
        ProcessBuilder b = new ProcessBuilder(venv.python().toString(), "worker.py", "start")
                .directory(DIR.toFile()).redirectErrorStream(true);
        b.environment().putAll(Map.of("LIVEKIT_URL", livekitUrl, "LIVEKIT_API_KEY", apiKey,
                "LIVEKIT_API_SECRET", apiSecret, "ARKENOS_API", apiBase, "WORKER_KEY", workerKey,
                "PYTHONUNBUFFERED", "1"));
        AgentWorker worker;
        try {
            worker = new AgentWorker(b.start());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the agent worker", e);
        }
        try {
            worker.awaitLine(l -> l.contains("registered worker"), Duration.ofSeconds(60), "registration");
        } catch (RuntimeException e) {
            worker.close();
            throw e;
        }
        return worker;
    }

    /** The worker's report of its lookup in {@code room}, once it has made it. */
    public JsonNode awaitLookup(String room, Duration timeout) {
        String line = awaitLine(l -> report(l).filter(j -> "lookup".equals(j.path("event").asText())
                && room.equals(j.path("room").asText())).isPresent(), timeout, "a lookup in " + room);
        return report(line).orElseThrow();
    }

    private String awaitLine(java.util.function.Predicate<String> wanted, Duration timeout, String what) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            for (String l : lines) {
                if (wanted.test(l)) {
                    return l;
                }
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("the agent worker exited with " + process.exitValue() + ":\n"
                        + output(40));
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("no " + what + " from the agent worker within " + timeout + ":\n" + output(40));
    }

    private static Optional<JsonNode> report(String line) {
        if (!line.startsWith("{")) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readTree(line));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The last {@code n} lines the worker printed. */
    public String output(int n) {
        List<String> all = new ArrayList<>(lines);
        return String.join("\n", all.subList(Math.max(0, all.size() - n), all.size()));
    }

    /** LiveKit Agents drains its jobs on SIGTERM: stopped within seconds all the same, with what it started. */
    @Override
    public void close() {
        RealLiveKitServer.stop(process);
    }
}
