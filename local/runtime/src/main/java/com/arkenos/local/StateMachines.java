package com.arkenos.local;

import com.arkenos.devkit.template.SamTemplate;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sfn.SfnClient;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Creates the template's state machines on the local Step Functions engine, with the template's
 * DefinitionSubstitutions resolved the way CloudFormation resolves them (function ARNs), through the same API a
 * deployment uses.
 */
final class StateMachines {
    private StateMachines() {
    }

    static SfnClient client(URI endpoint) {
        return SfnClient.builder().endpointOverride(endpoint).region(Region.of(FunctionHost.REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    /** Creates every state machine; returns logical id -> ARN. */
    static Map<String, String> create(SamTemplate template, SfnClient sfn, Map<String, String> resolved) {
        Map<String, String> arns = new LinkedHashMap<>();
        for (SamTemplate.StateMachineDef sm : template.stateMachines()) {
            String definition = definition(template, sm, resolved);
            String arn = sfn.createStateMachine(b -> b.name(sm.logicalId()).definition(definition)
                    .roleArn("arn:aws:iam::" + FunctionHost.ACCOUNT + ":role/local")).stateMachineArn();
            arns.put(sm.logicalId(), arn);
        }
        return arns;
    }

    static String definition(SamTemplate template, SamTemplate.StateMachineDef sm, Map<String, String> resolved) {
        try {
            String text = Files.readString(template.directory().resolve(sm.definitionUri()));
            for (Map.Entry<String, Object> sub : sm.substitutions().entrySet()) {
                text = text.replace("${" + sub.getKey() + "}", Intrinsics.resolve(sub.getValue(), resolved));
            }
            return text;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + sm.definitionUri(), e);
        }
    }
}
