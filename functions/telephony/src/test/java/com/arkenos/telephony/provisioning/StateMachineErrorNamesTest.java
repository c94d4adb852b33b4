package com.arkenos.telephony.provisioning;

import Telephony.InfraBusy;
import Telephony.Permanent;
import Telephony.Superseded;
import Telephony.Transient;
import com.arkenos.telephony.core.Json;
import com.arkenos.telephony.providers.ProviderException;
import com.arkenos.telephony.handlers.steps.StepErrors;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every error name the state machines' Retry and Catch match is one the step code can raise: a Step Functions or
 * Lambda service error, or one of {@link StepErrors#NAMES}, whose classes carry exactly that binary name. (The step
 * errors are imported by simple name: in this package {@code Telephony} means the service class.)
 */
class StateMachineErrorNamesTest {
    private static Set<String> matchedNames() throws Exception {
        Set<String> names = new TreeSet<>();
        try (var files = Files.list(Path.of("../../statemachines"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".asl.json")).toList()) {
                JsonNode machine = Json.parse(Files.readString(f));
                machine.path("States").forEach(state -> {
                    state.path("Retry").forEach(r -> r.path("ErrorEquals").forEach(n -> names.add(n.asText())));
                    state.path("Catch").forEach(c -> c.path("ErrorEquals").forEach(n -> names.add(n.asText())));
                });
            }
        }
        return names;
    }

    @Test
    void everyMatchedName_isAServiceErrorOrAStepError() throws Exception {
        Set<String> ours = new TreeSet<>();
        for (String name : matchedNames()) {
            if (name.startsWith("States.") || name.startsWith("Lambda.")) {
                continue;
            }
            assertTrue(StepErrors.NAMES.contains(name), name + " is matched by a state machine but no step raises it");
            assertEquals(name, Class.forName(name).getName(), "the class behind " + name + " carries that name");
            ours.add(name);
        }
        assertEquals(Set.of(Transient.NAME, InfraBusy.NAME), ours,
                "the state machines retry transient provider errors and busy shared trunks");
    }

    @Test
    void reported_givesEachFailureItsStableName() {
        assertInstanceOf(Transient.class, StepErrors.reported(
                new ProviderException.Transient("livekit", "UpdateSIPInboundTrunk", 503, "unavailable", "down", null)));
        assertInstanceOf(Permanent.class, StepErrors.reported(
                new ProviderException.Permanent("twilio", "TrunkPhoneNumbers.create", 400, "21245", "refused", null)));
        assertInstanceOf(InfraBusy.class, StepErrors.reported(new InfraBusyException("livekit_inbound")));
        assertInstanceOf(Superseded.class, StepErrors.reported(new SupersededException("+1", "x")));
        IllegalStateException other = new IllegalStateException("bug");
        assertEquals(other, StepErrors.reported(other));
    }
}
