package com.arkenos.local;

import Telephony.InfraBusy;
import Telephony.Transient;
import com.arkenos.devkit.sfn.AslValidator;
import com.arkenos.devkit.sfn.LocalStepFunctions;
import com.arkenos.devkit.template.SamTemplate;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The state machines `sam deploy` creates, as the template gives them (definition file plus substitutions): valid
 * for asl-validator, and retrying what the steps throw the way the README says.
 */
class StateMachineDefinitionsTest {
    private static final String BUSY = InfraBusy.NAME;
    private static final String TRANSIENT = Transient.NAME;

    private final SamTemplate template = SamTemplate.find();

    private List<JsonNode> definitions() throws Exception {
        Map<String, String> arns = new HashMap<>();
        template.functions().forEach(f -> {
            String arn = "arn:aws:lambda:us-east-1:000000000000:function:" + f.logicalId();
            arns.put(f.logicalId() + ".Arn", arn);
            arns.put(f.logicalId() + ".Alias", arn + ":live");
        });
        List<JsonNode> out = new ArrayList<>();
        for (SamTemplate.StateMachineDef sm : template.stateMachines()) {
            out.add(new ObjectMapper().readTree(StateMachines.definition(template, sm, arns)));
        }
        return out;
    }

    @Test
    void everyDefinition_isValidAsl_withItsSubstitutionsResolved() throws Exception {
        AslValidator validator = AslValidator.using(LocalStepFunctions.findStepFunctionsDir());
        List<JsonNode> definitions = definitions();
        assertEquals(2, definitions.size(), "provision and release");
        for (JsonNode d : definitions) {
            String text = d.toString();
            assertFalse(text.contains("${"), "an unresolved substitution: " + text);
            assertEquals(List.of(), validator.validateJson(text));
        }
    }

    @Test
    void aBusySharedTrunk_hasItsOwnRetrier_beforeTheTransientOne_andMoreAttempts() throws Exception {
        int tasks = 0;
        for (JsonNode d : definitions()) {
            for (var it = d.get("States").fields(); it.hasNext(); ) {
                var state = it.next();
                JsonNode retry = state.getValue().path("Retry");
                if (!state.getValue().path("Type").asText().equals("Task") || state.getKey().equals("RecordFailure")) {
                    continue;
                }
                tasks++;
                int busy = indexOf(retry, BUSY);
                int transientIndex = indexOf(retry, TRANSIENT);
                assertTrue(busy >= 0 && transientIndex > busy, state.getKey() + ": " + retry);
                assertEquals(1, retry.get(busy).get("ErrorEquals").size(), state.getKey() + ": " + retry);
                assertTrue(retry.get(busy).get("MaxAttempts").asInt()
                                > retry.get(transientIndex).get("MaxAttempts").asInt(),
                        state.getKey() + ": " + retry);
                assertEquals("FULL", retry.get(busy).path("JitterStrategy").asText(), state.getKey());
            }
        }
        assertEquals(com.arkenos.telephony.numbers.ProvisioningStep.values().length, tasks,
                "a Task for each step of the catalogue");
    }

    private static int indexOf(JsonNode retriers, String error) {
        for (int i = 0; i < retriers.size(); i++) {
            for (JsonNode e : retriers.get(i).get("ErrorEquals")) {
                if (e.asText().equals(error)) {
                    return i;
                }
            }
        }
        return -1;
    }
}
