package com.arkenos.local;

import com.arkenos.devkit.template.SamTemplate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The local runtime over real HTTP: the "must show" for the agents API. */
class LocalRuntimeTest {
    @TempDir
    Path data;

    private static LocalRuntime start(Path data) {
        return LocalRuntime.create(SamTemplate.find(),
                new LocalRuntime.Options(0, "127.0.0.1", false, data).withProcessEnv(java.util.Map.of()));
    }

    @Test
    void agent_whenCreated_isListedForOwnerOnlyAndSurvivesRestart() throws Exception {
        String id;
        try (LocalRuntime rt = start(data)) {
            Http http = new Http("http://127.0.0.1:" + rt.serve("127.0.0.1", 0).port());
            Http.Response created = http.post("/api/agents", "u1",
                    "{\"name\":\"Front desk\",\"config\":{\"system_prompt\":\"...\"}}");
            assertEquals(201, created.status(), created.body());
            // No AUTH_MODE in the environment it was started from: header mode, as the product docs' curl needs.
            assertEquals("header", rt.host().environment("CreateAgentFunction").get("AUTH_MODE"));
            id = created.json().get("id").asText();
            assertEquals(id, http.get("/api/agents", "u1").json().at("/0/id").asText());
            assertEquals(0, http.get("/api/agents", "u2").json().size());
        }
        try (LocalRuntime rt = start(data)) {
            Http http = new Http("http://127.0.0.1:" + rt.serve("127.0.0.1", 0).port());
            Http.Response listed = http.get("/api/agents", "u1");
            assertEquals(1, listed.json().size(), listed.body());
            assertEquals(id, listed.json().at("/0/id").asText());
            assertEquals("...", http.get("/api/agents/" + id, "u1").json().at("/config/system_prompt").asText());
        }
    }

    @Test
    void errors_areJson4xx() throws Exception {
        try (LocalRuntime rt = start(data)) {
            Http http = new Http("http://127.0.0.1:" + rt.serve("127.0.0.1", 0).port());
            String id = http.post("/api/agents", "u1", "{\"name\":\"A\"}").json().get("id").asText();

            Http.Response badJson = http.post("/api/agents", "u1", "{\"name\":");
            assertEquals(400, badJson.status());
            assertEquals("invalid_json", badJson.errorCode());

            Http.Response noUser = http.get("/api/agents", null);
            assertEquals(401, noUser.status());
            assertEquals("missing_identity", noUser.errorCode());

            Http.Response foreign = http.get("/api/agents/" + id, "u2");
            assertEquals(404, foreign.status());
            assertEquals("not_found", foreign.errorCode());
            assertTrue(!foreign.body().contains("\"A\""), "a foreign agent's data must not leak");

            assertEquals(404, http.get("/api/nothing-here", "u1").status());
        }
    }
}
