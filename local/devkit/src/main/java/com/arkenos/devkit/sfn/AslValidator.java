package com.arkenos.devkit.sfn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Validates Amazon States Language definitions with the npm {@code asl-validator} installed in
 * {@code local/stepfunctions}, through its {@code validate.mjs} script (asl-validator's own CLI prints text only and
 * exits 0 for unparseable JSON).
 *
 * <p>Task Resources may be real ARNs or SAM substitutions such as {@code "${ProvisionFnArn}"}: both are accepted.
 * (ARN checking stays on deliberately: in asl-validator 4.0.0 turning it off makes every {@code ${...}} Resource fail,
 * and its CLI's {@code --no-arn-check} flag has no effect.)
 */
public final class AslValidator {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final Path stepfunctionsDir;

    private AslValidator(Path stepfunctionsDir) {
        this.stepfunctionsDir = stepfunctionsDir;
    }

    /** A validator using the Node project in {@code stepfunctionsDir}, installing its dependencies if needed. */
    public static AslValidator using(Path stepfunctionsDir) {
        Path dir = stepfunctionsDir.toAbsolutePath().normalize();
        NodeModules.ensureInstalled(dir);
        return new AslValidator(dir);
    }

    /** The errors found in the definition file, as {@code CODE: message}; empty when it is valid. */
    public List<String> validate(Path definitionFile) {
        Path file = definitionFile.toAbsolutePath();
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("No such definition file: " + file);
        }
        return run(file.toString(), new byte[0]);
    }

    /** The errors found in a definition given as JSON text; empty when it is valid. */
    public List<String> validateJson(String definition) {
        return run("-", definition.getBytes(StandardCharsets.UTF_8));
    }

    private List<String> run(String source, byte[] stdin) {
        ProcessRun run = ProcessRun.run(List.of("node", "validate.mjs", source), stepfunctionsDir, stdin, TIMEOUT);
        // Exit 0 is valid and 1 invalid; anything else (2: unreadable file, or a crash) is not a verdict.
        if (run.exitCode() != 0 && run.exitCode() != 1) {
            throw new IllegalStateException("validate.mjs failed (exit " + run.exitCode() + ") for " + source + ":\n"
                    + ProcessRun.tail(run.stderr()));
        }
        try {
            List<String> errors = new ArrayList<>();
            for (JsonNode error : JSON.readTree(run.stdout()).required("errors")) {
                errors.add(error.asText());
            }
            return List.copyOf(errors);
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalStateException("Unexpected output of validate.mjs for " + source + ": " + run.stdout(), e);
        }
    }
}
