package com.arkenos.localstack.provisioning;

import com.arkenos.devkit.template.SamTemplate;

import java.util.LinkedHashMap;
import java.util.Map;

/** The few raw template values {@link SamTemplate} does not model, read from its parsed form. */
final class SamTemplateRaw {
    private SamTemplateRaw() {
    }

    /** Parameter name -> its definition (Type, Default, ...). */
    static Map<String, Map<String, Object>> parameters(SamTemplate template) {
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        map(template.raw().get("Parameters")).forEach((name, def) -> out.put(name, map(def)));
        return out;
    }

    /** A function's MemorySize: its own, else Globals.Function's, else Lambda's default of 128. */
    static int memorySize(SamTemplate template, String functionId) {
        Object own = map(map(map(template.raw().get("Resources")).get(functionId)).get("Properties")).get("MemorySize");
        Object global = map(map(template.raw().get("Globals")).get("Function")).get("MemorySize");
        Object v = own != null ? own : global;
        return v instanceof Number n ? n.intValue() : 128;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }
}
