package com.arkenos.local;

import com.arkenos.devkit.template.SamTemplate;
import com.arkenos.telephony.core.http.HttpFunction;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every file under events/FUNCTION/ is fed to FUNCTION as the template maps it, like {@code sam local invoke -e},
 * against the {@link SampleWorld} the samples refer to (put back before each one), and succeeds: a 2xx for an HTTP
 * event, an answer without an exception otherwise. Every function has at least one sample event.
 */
class SampleEventsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static LocalRuntime runtime;
    private static SampleWorld world;

    @BeforeAll
    static void start() throws Exception {
        runtime = TestStack.runtime();
        TestStack.reset();
        world = new SampleWorld(runtime, SamTemplate.projectRoot().resolve("events"));
        world.create();
        world.saveTables();
    }

    @AfterAll
    static void stop() {
        // the shared runtime lives for the JVM
    }

    static Stream<Path> eventFiles() throws Exception {
        Path events = SamTemplate.projectRoot().resolve("events");
        try (Stream<Path> s = Files.walk(events)) {
            return s.filter(p -> p.toString().endsWith(".json")).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("eventFiles")
    void event_againstTheSampleWorld_succeeds(Path file) throws Exception {
        String function = file.getParent().getFileName().toString();
        assertTrue(runtime.host().has(function), file + " names no function of the template");
        world.restoreTables();
        JsonNode event = world.prepare(function, JSON.readTree(file.toFile()));
        if (event.has("routeKey")) {
            Set<String> keys = new HashSet<>();
            runtime.template().function(function).routes().forEach(r -> keys.add(r.routeKey()));
            assertTrue(keys.contains(event.get("routeKey").asText()),
                    file + ": routeKey " + event.get("routeKey") + " is not a route of " + function + " " + keys);
        }
        JsonNode out = JSON.readTree(runtime.host().invoke(function, JSON.writeValueAsBytes(event)));
        if (event.has("routeKey")) {
            int status = out.get("statusCode").asInt();
            // 2xx against the seeded world; the trailing-slash sample's answer is its redirect
            assertTrue(status >= 200 && status < 300 || (status == 308 && out.at("/headers/location").isTextual()),
                    file + " -> " + out);
            String body = out.path("body").asText();
            if (!body.isEmpty()) {
                JsonNode parsed = JSON.readTree(body);
                assertTrue(parsed.isObject() || parsed.isArray(), file + " -> " + body);
                if (status >= 400) {
                    assertFalse(parsed.at("/error/code").asText().isEmpty(), file + " -> " + body);
                }
            }
        } else {
            assertTrue(out != null && !out.isMissingNode(), file + " -> no output");
        }
    }

    @Test
    void everyFunction_hasASampleEvent() throws Exception {
        Set<String> withEvents = new HashSet<>();
        eventFiles().forEach(p -> withEvents.add(p.getParent().getFileName().toString()));
        for (SamTemplate.FunctionDef f : runtime.template().functions()) {
            assertTrue(withEvents.contains(f.logicalId()), "no sample event under events/" + f.logicalId() + "/");
        }
    }

    @Test
    void everyTemplateRoute_isServedByItsHandler() throws Exception {
        for (SamTemplate.FunctionDef f : runtime.template().functions()) {
            if (f.routes().isEmpty()) {
                continue;
            }
            Class<?> type = Class.forName(f.handlerClass());
            Object handler = com.arkenos.telephony.core.Env.hosting(
                    com.arkenos.telephony.core.Env.of(runtime.host().environment(f.logicalId())), () -> {
                        try {
                            return type.getConstructor().newInstance();
                        } catch (ReflectiveOperationException e) {
                            throw new IllegalStateException(e);
                        }
                    });
            assertTrue(handler instanceof HttpFunction, f.handlerClass() + " is not an HttpFunction");
            List<String> served = ((HttpFunction) handler).routeKeys();
            Set<String> declared = new HashSet<>();
            f.routes().forEach(r -> declared.add(r.routeKey()));
            assertEquals(declared, new HashSet<>(served), f.logicalId() + ": template routes vs handler routes");
        }
    }
}
