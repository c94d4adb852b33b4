package com.arkenos.local;

import com.arkenos.devkit.openapi.OpenApiDocument;
import com.arkenos.devkit.template.SamTemplate;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** docs/openapi.yaml against the template's routes, and the answer check every end-to-end test relies on. */
class OpenApiContractTest {
    private static final String ERROR = "{\"error\":{\"code\":\"not_found\",\"message\":\"agent not found\"},"
            + "\"detail\":\"agent not found\"}";

    @Test
    void documentPaths_equalTheTemplatesRoutes() {
        Set<String> template = new HashSet<>();
        SamTemplate.find().routes().stream().filter(r -> !r.isDefault()).forEach(r -> template.add(r.routeKey()));
        assertEquals(template, new HashSet<>(OpenApiDocument.find().routeKeys()));
        assertTrue(SamTemplate.find().routes().stream().anyMatch(SamTemplate.Route::isDefault),
                "the template routes unknown paths ($default) to the JSON 404 / trailing-slash redirect");
    }

    @Test
    void check_acceptsADocumentedAnswer_andTheErrorShape() {
        assertDoesNotThrow(() -> OpenApiContract.check("GET", "/api/telephony/lookup?phone_number=%2B1", 200,
                "application/json", "{\"agent_id\":\"a\",\"name\":\"n\",\"config\":{}}"));
        assertDoesNotThrow(() -> OpenApiContract.check("GET", "/api/agents/x", 404, "application/json", ERROR));
        assertDoesNotThrow(() -> OpenApiContract.check("DELETE", "/api/agents/x", 204, null, ""));
        assertDoesNotThrow(() -> OpenApiContract.check("GET", "/api/nothing", 404, "application/json", ERROR));
    }

    @Test
    void check_refusesWhatTheDocumentDoesNotSay() {
        // a required field missing
        assertThrows(AssertionError.class, () -> OpenApiContract.check("GET", "/api/telephony/lookup?phone_number=1",
                200, "application/json", "{\"agent_id\":\"a\",\"config\":{}}"));
        // a wrong type inside a referenced schema
        assertThrows(AssertionError.class, () -> OpenApiContract.check("GET", "/api/agents", 200,
                "application/json", "[{\"id\":1}]"));
        // an enum value the document does not list
        assertThrows(AssertionError.class, () -> OpenApiContract.check("POST", "/api/telephony/numbers/provision", 200,
                "application/json", "{\"status\":\"fine\",\"phone_number\":\"+1\",\"agent_id\":null,\"steps\":[]}"));
        // an error without detail
        assertThrows(AssertionError.class, () -> OpenApiContract.check("GET", "/api/agents/x", 404,
                "application/json", "{\"error\":{\"code\":\"not_found\",\"message\":\"m\"}}"));
        // a success status the operation does not list, and a success on an undocumented path
        assertThrows(AssertionError.class, () -> OpenApiContract.check("GET", "/api/agents/x", 201,
                "application/json", "{}"));
        assertThrows(AssertionError.class, () -> OpenApiContract.check("GET", "/api/secret", 200,
                "application/json", "{}"));
        // a body where the document gives none
        assertThrows(AssertionError.class, () -> OpenApiContract.check("DELETE", "/api/agents/x", 204, null, "{}"));
    }
}
