package com.arkenos.localstack.provisioning;

import com.arkenos.devkit.template.SamTemplate;
import com.arkenos.devkit.twilio.TwilioSandbox;
import com.arkenos.telephony.core.Json;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Docker-free half of the LocalStack provisioning test, checked in every build: what it reads from
 * template.yaml, how it resolves the functions' environment, the substituted definition, and the Twilio seeding.
 * Without this, a template change could break the LocalStack test unnoticed on machines without Docker.
 */
class StateMachineDeploymentTest {
    private final SamTemplate template = SamTemplate.find();
    private final StateMachineDeployment provision =
            new StateMachineDeployment(template, "ProvisionNumberStateMachine");

    @Test
    void taskFunctions_areTheFunctionsTheSubstitutionsName_allInTheTelephonyPackage() {
        List<String> ids = provision.taskFunctions().stream().map(SamTemplate.FunctionDef::logicalId).toList();

        List<String> expected = new ArrayList<>();
        template.stateMachines().stream().filter(m -> m.logicalId().equals("ProvisionNumberStateMachine"))
                .findFirst().orElseThrow().substitutions().keySet()
                .forEach(k -> expected.add(k.replaceFirst("Arn$", "")));
        assertEquals(expected.stream().sorted().toList(), ids.stream().sorted().toList());
        assertTrue(provision.codePackage().endsWith("functions/telephony/target/telephony-1.0.0-SNAPSHOT-lambda.zip"),
                provision.codePackage().toString());
    }

    @Test
    void definition_callsOnlyTheDeployedArns_andLeavesNoPlaceholder() throws Exception {
        Map<String, String> arns = new LinkedHashMap<>();
        provision.taskFunctions().forEach(f -> arns.put(f.logicalId(),
                "arn:aws:lambda:us-east-1:000000000000:function:" + f.logicalId() + "-x:live"));

        JsonNode asl = Json.parse(provision.definition(arns));

        List<String> resources = new ArrayList<>();
        asl.path("States").forEach(s -> {
            if ("Task".equals(s.path("Type").asText())) {
                resources.add(s.path("Resource").asText());
            }
        });
        assertFalse(resources.isEmpty());
        assertTrue(arns.values().containsAll(resources), resources.toString());
        assertTrue(resources.containsAll(arns.values()), "every deployed function is called by some Task");
    }

    @Test
    void definition_withoutAnArnForAFunction_isRefused() {
        assertThrows(IllegalArgumentException.class, () -> provision.definition(Map.of()));
    }

    @Test
    void environment_resolvesTablesSecretsAndJoinedParameters_asCloudFormationWould() {
        TemplateValues values = new TemplateValues(template);
        template.tables().forEach(t -> values.put(t.logicalId(), t.logicalId()));
        values.put("TwilioSecretArn", "arn:twilio").put("LiveKitSecretArn", "arn:livekit")
                .put("TerminationSecret", "arn:termination");
        SamTemplate.FunctionDef step = template.function("EnsureTwilioTrunkFunction");

        Map<String, String> env = values.environment(step);

        assertEquals("AgentsTable", env.get("AGENTS_TABLE"));
        assertEquals("NumbersTable", env.get("NUMBERS_TABLE"));
        assertEquals("arn:twilio", env.get("TWILIO_SECRET_ARN"));
        assertEquals("arn:termination", env.get("TERMINATION_SECRET_ARN"));
        assertEquals(TemplateValues.STACK_NAME, env.get("STACK_NAME"), "the metrics' Stack dimension");
        Object signalling = SamTemplateRaw.parameters(template).get("TwilioSignallingAddresses").get("Default");
        assertEquals(String.valueOf(signalling), env.get("TWILIO_SIGNALLING_ADDRESSES"));
        assertTrue(env.get("TWILIO_SIGNALLING_ADDRESSES").contains(","), "a list, joined as !Join does");
        env.forEach((k, v) -> assertFalse(v.contains("{Ref=") || v.contains("Fn::"), k + " unresolved: " + v));
    }

    @Test
    void environment_thatNamesSomethingNotDeployed_isRefused() {
        TemplateValues values = new TemplateValues(template);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> values.environment(template.function("EnsureTwilioTrunkFunction")));
        assertTrue(e.getMessage().contains("did not deploy"), e.getMessage());
    }

    @Test
    void missingHandlers_namesEveryHandlerAClassLoaderCannotSee() {
        ClassLoader bootstrapOnly = new ClassLoader(null) {
        };
        List<String> handlers = provision.taskFunctions().stream().map(SamTemplate.FunctionDef::handlerClass).toList();

        assertEquals(handlers, provision.missingHandlers(bootstrapOnly));
    }

    @Test
    void handlersMissingFrom_namesTheHandlersAPackageLacks(@TempDir Path dir) throws Exception {
        List<String> handlers = provision.taskFunctions().stream().map(SamTemplate.FunctionDef::handlerClass)
                .distinct().toList();
        Path jar = dir.resolve("partial.jar");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(jar))) {
            zip.putNextEntry(new ZipEntry(handlers.get(0).replace('.', '/') + ".class"));
            zip.closeEntry();
        }

        assertEquals(handlers.subList(1, handlers.size()), provision.handlersMissingFrom(jar));
    }

    @Test
    void memorySize_comesFromTheFunctionOrTheGlobals() {
        assertEquals(1024, SamTemplateRaw.memorySize(template, "MarkActiveFunction"));
    }

    @Test
    void buyNumber_leavesTheSandboxOwningTheNumber_withoutATrunk() throws Exception {
        try (TwilioSandbox twilio = TwilioSandbox.start(0)) {
            JsonNode bought = SandboxSeeds.buyNumber(twilio);

            String phone = bought.path("phone_number").asText();
            assertTrue(phone.matches("\\+1\\d{10}"), phone);
            assertEquals(bought.path("sid").asText(), twilio.ownedNumber(phone).orElseThrow().sid());
            assertEquals(null, twilio.ownedNumber(phone).orElseThrow().trunkSid());
            assertEquals(1, twilio.purchases(phone));
        }
    }
}
