package com.arkenos.localstack.provisioning;

import com.arkenos.devkit.template.SamTemplate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipFile;

/**
 * What deploying one state machine of template.yaml involves, independent of where it is deployed: which functions
 * its Task states call (from its DefinitionSubstitutions), where their code is, and the definition with the
 * substitutions applied. Kept apart from the LocalStack calls so that it is checked in every build.
 */
final class StateMachineDeployment {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z0-9_]+)}");
    private static final Pattern FUNCTION_REF = Pattern.compile("([A-Za-z0-9]+)(\\.(Alias|Arn))?");

    private final SamTemplate template;
    private final SamTemplate.StateMachineDef machine;

    StateMachineDeployment(SamTemplate template, String logicalId) {
        this.template = template;
        this.machine = template.stateMachines().stream().filter(m -> m.logicalId().equals(logicalId)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no state machine " + logicalId + " in " + template));
    }

    String logicalId() {
        return machine.logicalId();
    }

    /** The functions the substitutions name (by {@code !Ref X.Alias} or {@code !GetAtt X.Arn}), in template order. */
    List<SamTemplate.FunctionDef> taskFunctions() {
        Set<String> ids = new LinkedHashSet<>();
        machine.substitutions().values().forEach(v -> ids.add(functionId(v)));
        return template.functions().stream().filter(f -> ids.contains(f.logicalId())).toList();
    }

    /** Handler classes of {@link #taskFunctions()} that are not on {@code loader}'s class path. */
    List<String> missingHandlers(ClassLoader loader) {
        List<String> missing = new ArrayList<>();
        for (SamTemplate.FunctionDef f : taskFunctions()) {
            try {
                Class.forName(f.handlerClass(), false, loader);
            } catch (ClassNotFoundException e) {
                missing.add(f.handlerClass());
            }
        }
        return missing;
    }

    /** The one deployment package the Task functions share (template.yaml gives them the same CodeUri). */
    Path codePackage() {
        Set<String> uris = new LinkedHashSet<>();
        taskFunctions().forEach(f -> uris.add(f.codeUri()));
        if (uris.size() != 1) {
            throw new IllegalStateException(
                    "expected one CodeUri for the Task functions of " + logicalId() + ": " + uris);
        }
        return template.directory().resolve(uris.iterator().next());
    }

    /** Handler classes of {@link #taskFunctions()} that {@code jar} does not contain (a stale or foreign package). */
    List<String> handlersMissingFrom(Path jar) {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            return taskFunctions().stream().map(SamTemplate.FunctionDef::handlerClass).distinct()
                    .filter(c -> zip.getEntry(c.replace('.', '/') + ".class") == null).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + jar, e);
        }
    }

    /**
     * The definition with every {@code ${Name}} replaced by the ARN deployed for the function its substitution
     * names; {@code arns} maps function logical id to the ARN to call (the alias ARN, as the template's
     * {@code !Ref X.Alias} gives).
     */
    String definition(Map<String, String> arns) {
        String text;
        try {
            text = Files.readString(template.directory().resolve(machine.definitionUri()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + machine.definitionUri(), e);
        }
        for (Map.Entry<String, Object> sub : machine.substitutions().entrySet()) {
            String id = functionId(sub.getValue());
            String arn = arns.get(id);
            if (arn == null) {
                throw new IllegalArgumentException(
                        "no ARN deployed for " + id + " (substitution " + sub.getKey() + ")");
            }
            text = text.replace("${" + sub.getKey() + "}", arn);
        }
        Matcher left = PLACEHOLDER.matcher(text);
        if (left.find()) {
            throw new IllegalStateException(machine.definitionUri() + " uses ${" + left.group(1)
                    + "}, which DefinitionSubstitutions does not define");
        }
        return text;
    }

    private static String functionId(Object substitution) {
        Object name = null;
        if (substitution instanceof Map<?, ?> m && m.containsKey("Ref")) {
            name = m.get("Ref");
        } else if (substitution instanceof Map<?, ?> m && m.containsKey("Fn::GetAtt")) {
            Object a = m.get("Fn::GetAtt");
            name = a instanceof List<?> l ? l.get(0) : a;
        }
        Matcher mt = FUNCTION_REF.matcher(String.valueOf(name));
        if (name == null || !mt.matches()) {
            throw new IllegalArgumentException("substitution is not a function reference: " + substitution);
        }
        return mt.group(1);
    }
}
