package com.arkenos.local;

import com.arkenos.devkit.template.SamTemplate;
import com.arkenos.telephony.numbers.NumbersService;
import com.arkenos.telephony.numbers.ProvisioningStep;
import com.arkenos.telephony.numbers.ProvisioningStep.Operation;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The template, the state machines and the progress users see, checked against the one catalogue of provisioning
 * steps ({@link ProvisioningStep}): each step has its function and handler, each state machine runs exactly its
 * operation's steps in catalogue order, and the number's progress lists them in that order.
 */
class ProvisioningStepCatalogueTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String STEP_HANDLER = "com.arkenos.telephony.handlers.steps.ProvisioningStepHandler";
    /** Task states that are not steps of the catalogue: the failure handler every Catch goes to. */
    private static final String RECORD_FAILURE = "RecordFailure";

    private final SamTemplate template = SamTemplate.find();

    @Test
    void everyStep_hasItsFunctionAndHandler() throws Exception {
        for (ProvisioningStep step : ProvisioningStep.values()) {
            SamTemplate.FunctionDef f = template.function(step.stepName() + "Function");
            assertNotNull(f, step + ": no " + step.stepName() + "Function in template.yaml");
            assertEquals(STEP_HANDLER, f.handlerClass(), step + ": handler");
            assertEquals(step.stepName(), f.environment().get("PROVISIONING_STEP"), step + ": the step it runs");
            assertTrue(com.amazonaws.services.lambda.runtime.RequestStreamHandler.class
                    .isAssignableFrom(Class.forName(f.handlerClass())), f.handlerClass());
        }
    }

    @Test
    void eachStateMachine_runsItsOperationsSteps_inCatalogueOrder() throws Exception {
        for (Operation operation : Operation.values()) {
            SamTemplate.StateMachineDef machine = template.stateMachines().stream()
                    .filter(m -> m.definitionUri().endsWith(operation.id() + "-number.asl.json")).findFirst()
                    .orElseThrow(() -> new AssertionError("no state machine for " + operation));
            JsonNode asl = JSON.readTree(Files.readString(template.directory().resolve(machine.definitionUri())));
            List<String> chain = new ArrayList<>();
            List<String> shortcuts = new ArrayList<>();
            for (String state = asl.get("StartAt").asText(); state != null; ) {
                JsonNode s = asl.path("States").get(state);
                if (s.path("Type").asText().equals("Choice")) {
                    // A choice's default runs every step; its other branches may only skip steps that ensure shared
                    // pieces, which the steps after them record as done (RoutedSteps).
                    s.path("Choices").forEach(c -> shortcuts.add(c.path("Next").asText()));
                    state = s.get("Default").asText();
                    continue;
                }
                assertEquals(state, s.at("/Parameters/step").asText(), state + " passes its own name as step");
                assertEquals("${" + state + "FunctionArn}", s.get("Resource").asText(), state + ": resource");
                assertTrue(machine.substitutions().containsKey(state + "FunctionArn"), state + ": substitution");
                assertEquals(RECORD_FAILURE, s.at("/Catch/0/Next").asText(), state + ": failures are recorded");
                chain.add(state);
                state = s.has("Next") ? s.get("Next").asText() : null;
            }
            assertEquals(ProvisioningStep.namesOf(operation), chain, operation + ": the machine's chain of steps");
            for (String target : shortcuts) {
                assertTrue(chain.contains(target), target + ": a choice leads into the chain");
                List<String> skipped = chain.subList(0, chain.indexOf(target));
                assertTrue(skipped.stream().allMatch(n -> n.startsWith("Ensure")),
                        "a choice skips only Ensure steps, not " + skipped);
            }
            List<String> tasks = new ArrayList<>();
            asl.path("States").fields().forEachRemaining(e -> {
                if (e.getValue().path("Type").asText().equals("Task") && !e.getKey().equals(RECORD_FAILURE)) {
                    tasks.add(e.getKey());
                }
            });
            assertEquals(chain.size(), tasks.size(), operation + ": no Task outside the chain " + tasks);
        }
    }

    @Test
    void releaseSteps_undoProvisioningSteps_andProgressFollowsTheCatalogue() {
        for (ProvisioningStep step : ProvisioningStep.values()) {
            if (step.operation() == Operation.RELEASE) {
                assertNotNull(step.undoes(), step + " names the provisioning step it takes back");
                assertSame(Operation.PROVISION, step.undoes().operation());
            }
        }
        assertEquals(ProvisioningStep.namesOf(Operation.PROVISION), NumbersService.PROVISION_STEPS);
        assertEquals(ProvisioningStep.namesOf(Operation.RELEASE), NumbersService.RELEASE_STEPS);
    }
}
