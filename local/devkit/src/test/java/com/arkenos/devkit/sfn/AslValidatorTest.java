package com.arkenos.devkit.sfn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AslValidatorTest {
    private static AslValidator validator;

    @TempDir
    Path dir;

    @BeforeAll
    static void install() {
        validator = AslValidator.using(LocalStepFunctions.findStepFunctionsDir());
    }

    @Test
    void validate_repositoryFormWithSubstitutions_hasNoErrors() throws Exception {
        Path file = Files.writeString(dir.resolve("provision.asl.json"), ProvisioningMachine.template());

        assertEquals(List.of(), validator.validate(file));
    }

    @Test
    void validate_deployedFormWithArns_hasNoErrors() {
        assertEquals(List.of(), validator.validateJson(ProvisioningMachine.definition()));
    }

    @Test
    void validate_nextToAMissingState_reportsTheMissingTarget() throws Exception {
        String broken = ProvisioningMachine.template()
                .replace("\"Next\": \"ConfigureTrunk\"", "\"Next\": \"ConfigureTrunks\"");
        Path file = Files.writeString(dir.resolve("broken.asl.json"), broken);

        List<String> errors = validator.validate(file);

        assertTrue(errors.stream()
                .anyMatch(e -> e.startsWith("MISSING_TRANSITION_TARGET") && e.contains("ConfigureTrunks")),
                errors.toString());
    }

    @Test
    void validate_retrierFieldOfTheWrongType_isASchemaError() {
        String broken = ProvisioningMachine.definition().replace("\"BackoffRate\": 2.0", "\"BackoffRate\": \"2.0\"");

        List<String> errors = validator.validateJson(broken);

        assertTrue(errors.stream()
                .anyMatch(e -> e.startsWith("SCHEMA_VALIDATION_FAILED") && e.contains("BackoffRate")),
                errors.toString());
    }

    @Test
    void validate_notJson_isReportedNotPassed() {
        List<String> errors = validator.validateJson("{\"StartAt\": ");

        assertEquals(1, errors.size());
        assertTrue(errors.get(0).startsWith("INVALID_JSON_DESCRIPTION"), errors.toString());
    }

    @Test
    void validate_missingFile_isAnArgumentError() {
        assertThrows(IllegalArgumentException.class, () -> validator.validate(dir.resolve("absent.asl.json")));
    }
}
