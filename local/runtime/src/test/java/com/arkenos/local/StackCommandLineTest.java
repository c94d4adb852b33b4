package com.arkenos.local;

import Telephony.Superseded;
import com.arkenos.devkit.template.SamTemplate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code ./stack start} and {@code ./stack invoke} as a developer meets them: ports, refused flags, exit codes. */
class StackCommandLineTest {
    private static final Path ROOT = SamTemplate.projectRoot();

    @TempDir
    Path data;

    @Test
    void sandboxPorts_followThePort_orArePickedFree() {
        LocalRuntime.Options o = LocalRuntime.Options.parse(List.of("--port", "18140"), ROOT, Map.of());
        assertEquals(List.of(18140, 18141, 18142), List.of(o.port(), o.twilioPort(), o.livekitPort()));
        LocalRuntime.Options fromEnv = LocalRuntime.Options.parse(List.of(), ROOT, Map.of("PORT", "18150"));
        assertEquals(List.of(18150, 18151, 18152),
                List.of(fromEnv.port(), fromEnv.twilioPort(), fromEnv.livekitPort()));
        LocalRuntime.Options free = LocalRuntime.Options.parse(List.of("--port", "0"), ROOT, Map.of());
        assertEquals(List.of(0, 0, 0), List.of(free.port(), free.twilioPort(), free.livekitPort()));
        assertTrue(free.fixedPorts().isEmpty());
        LocalRuntime.Options own = LocalRuntime.Options.parse(List.of("--port", "18160", "--livekit-port", "0"),
                ROOT, Map.of());
        assertEquals(Map.of("HTTP API", 18160, "Twilio sandbox", 18161), own.fixedPorts());
        assertEquals(ROOT.resolve(".local"), own.dataDir());
    }

    @Test
    void unknownFlagsAndMissingValues_exit2_withTheUsage() {
        for (List<String> args : List.of(List.of("start", "--prot", "9000"), List.of("start", "--port"),
                List.of("start", "--port", "eighty"), List.of("start", "extra"), List.of("invoke"),
                List.of("invoke", "NoSuchFunction"), List.of("invoke", "LookupFunction", "--frobnicate"),
                List.of("launch"))) {
            Run run = inProcess(args);
            assertEquals(2, run.code(), args + ": " + run.err());
            assertTrue(run.err().contains("usage: start"), args + ": " + run.err());
            assertTrue(run.err().startsWith("error: "), args + ": " + run.err());
        }
        assertThrows(CommandLine.UsageError.class,
                () -> LocalRuntime.Options.parse(List.of("--in-memory", "--bogus"), ROOT, Map.of()));
    }

    @Test
    void aPortInUse_exits1_withOneLineNamingIt() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 18171));
            Run run = inProcess(List.of("start", "--port", "18170", "--in-memory"));
            assertEquals(1, run.code(), run.err());
            List<String> lines = run.err().lines().toList();
            assertEquals(1, lines.size(), run.err());
            assertTrue(lines.get(0).matches("error: port 1817[01] \\((HTTP API|Twilio sandbox)\\) is already in use.*"),
                    lines.get(0));
        }
    }

    @Test
    void invoke_whenTheFunctionThrows_printsTheErrorAndExits1() throws Exception {
        Path event = data.resolve("event.json");
        Files.writeString(event, "{\"phone_number\": \"+15105550999\", \"execution\": \"provision-15105550999-1\","
                + " \"operation\": \"provision\", \"step\": \"MarkActive\"}");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", System.getProperty("java.class.path"), LocalRuntime.class.getName(), "invoke",
                "MarkActiveFunction", "-e", event.toString(), "--data-dir", data.resolve("stack").toString()));
        Process process = new ProcessBuilder(command).directory(ROOT.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        boolean ended = process.waitFor(120, TimeUnit.SECONDS);
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!ended) {
            process.destroyForcibly();
        }
        assertTrue(ended, "invoke did not exit after the function threw");
        assertEquals(1, process.exitValue(), out);
        assertTrue(out.contains("\"errorType\":\"" + Superseded.NAME + "\""), out);
    }

    @Test
    void inMemory_writesNothing() {
        try (LocalRuntime runtime = LocalRuntime.create(SamTemplate.find(),
                new LocalRuntime.Options(0, "127.0.0.1", true, data).withProcessEnv(Map.of()))) {
            assertTrue(runtime.providers().twilioSandbox().stateFile().isEmpty());
            assertTrue(runtime.providers().liveKitSandbox().stateFile().isEmpty());
        }
        assertFalse(Files.exists(data.resolve("dynamodb")));
        assertFalse(Files.exists(data.resolve("twilio-sandbox.json")));
    }

    private record Run(int code, String err) {
    }

    private static Run inProcess(List<String> args) {
        PrintStream original = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            int code = LocalRuntime.run(new ArrayList<>(args));
            return new Run(code, err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(original);
        }
    }
}
