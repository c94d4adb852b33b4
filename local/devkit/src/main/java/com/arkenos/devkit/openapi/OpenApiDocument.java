package com.arkenos.devkit.openapi;

import com.arkenos.devkit.template.SamTemplate;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The API's OpenAPI document, {@code docs/openapi.yaml}: what the local stack serves at {@code GET /openapi.json}
 * and what the end-to-end tests check the template's routes and every answer against.
 */
public final class OpenApiDocument {
    public static final String RELATIVE_PATH = "docs/openapi.yaml";
    private static final Set<String> METHODS =
            Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final JsonNode root;

    private OpenApiDocument(JsonNode root) {
        this.root = root;
    }

    /** The project's document, found beside template.yaml. */
    public static OpenApiDocument find() {
        return load(SamTemplate.projectRoot().resolve(RELATIVE_PATH));
    }

    public static OpenApiDocument load(Path file) {
        try {
            Object tree = new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(file));
            return new OpenApiDocument(JSON.valueToTree(tree));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    public JsonNode json() {
        return root;
    }

    /** {@code "GET /api/agents/{id}"} for every operation, as the template writes route keys. */
    public List<String> routeKeys() {
        List<String> keys = new ArrayList<>();
        root.path("paths").fields().forEachRemaining(p -> p.getValue().fieldNames().forEachRemaining(m -> {
            if (METHODS.contains(m)) {
                keys.add(m.toUpperCase(Locale.ROOT) + " " + p.getKey());
            }
        }));
        return keys;
    }

    /** The operation object of {@code "GET /api/agents/{id}"}, or a missing node. */
    public JsonNode operation(String routeKey) {
        int space = routeKey.indexOf(' ');
        return root.path("paths").path(routeKey.substring(space + 1))
                .path(routeKey.substring(0, space).toLowerCase(Locale.ROOT));
    }
}
