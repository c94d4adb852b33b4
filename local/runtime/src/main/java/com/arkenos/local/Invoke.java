package com.arkenos.local;

import com.arkenos.devkit.template.SamTemplate;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code ./stack invoke FUNCTION -e FILE}: one function on one event, like {@code sam local invoke}. Without
 * {@code --data-dir} it runs on a fresh in-memory stack holding the {@link SampleWorld} (when the sandboxes stand in
 * for Twilio and LiveKit), so that the samples under events/ answer for real; with it, on the developer's own data
 * as it is. A function that throws is reported as
 * Lambda reports it ({@code errorType}, {@code errorMessage}) and the command exits 1.
 */
final class Invoke {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Invoke() {
    }

    static int run(SamTemplate template, List<String> argv) throws Exception {
        List<String> args = new ArrayList<>(argv);
        if (args.isEmpty() || args.get(0).startsWith("-")) {
            throw new CommandLine.UsageError("invoke needs a FUNCTION (one of the template's logical ids)");
        }
        String function = args.remove(0);
        List<String> normalized = args.stream().map(a -> a.equals("-e") ? "--event" : a).toList();
        CommandLine cli = new CommandLine(normalized, Set.of(), Set.of("--event", "--data-dir", "--time-scale"));
        if (template.functions().stream().noneMatch(f -> f.logicalId().equals(function))) {
            throw new CommandLine.UsageError("no function " + function + " in " + template.file().getFileName());
        }
        JsonNode sample = cli.given("--event") ? JSON.readTree(Files.readAllBytes(Path.of(cli.value("--event", ""))))
                : JSON.createObjectNode();
        boolean seeded = !cli.given("--data-dir");
        Path dataDir = Path.of(cli.value("--data-dir", template.directory().resolve(".local").toString()));
        LocalRuntime.Options options = new LocalRuntime.Options(0, "127.0.0.1", seeded, dataDir)
                .withTimeScale(cli.number("--time-scale", "1.0"));
        try (LocalRuntime runtime = LocalRuntime.create(template, options)) {
            SampleWorld world = new SampleWorld(runtime, template.directory().resolve("events"));
            // Never on real providers: making the world buys a number and places a call.
            boolean sandboxes = runtime.providers().twilioSandbox() != null
                    && runtime.providers().liveKitSandbox() != null;
            if (seeded && sandboxes) {
                System.err.println("seeding the sample world (agents, two provisioned numbers, a call)...");
                world.create();
            } else if (seeded) {
                System.err.println("not seeding the sample world: real Twilio or LiveKit credentials are set");
            }
            byte[] event = JSON.writeValueAsBytes(world.prepare(function, sample));
            try {
                System.out.println(new String(runtime.host().invoke(function, event), StandardCharsets.UTF_8));
                return 0;
            } catch (Exception e) {
                e.printStackTrace();
                System.out.println(JSON.createObjectNode().put("errorType", e.getClass().getName())
                        .put("errorMessage", String.valueOf(e.getMessage())));
                return 1;
            }
        }
    }
}
