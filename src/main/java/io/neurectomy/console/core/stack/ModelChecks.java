package io.neurectomy.console.core.stack;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Namespaced;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The typed-models check: known kinds, no unknown fields, the right namespace. */
final class ModelChecks {
    private static final String MODEL_PACKAGE = "io.fabric8.kubernetes.api.model";
    private static final Map<Class<?>, List<Method>> GETTERS = new ConcurrentHashMap<>();

    private ModelChecks() {
    }

    static void typedModels(RenderedStack stack, StackChecks.Findings findings) {
        for (StackObject o : stack.objects()) {
            if (o.resource() instanceof GenericKubernetesResource) {
                findings.error(o, "apiVersion " + o.resource().getApiVersion() + " kind " + o.kind() + " is not a "
                        + "Kubernetes type the console knows, so nothing about it can be checked; fix the apiVersion "
                        + "or kind (e.g. networking.k8s.io/v1 NetworkPolicy).");
                continue;
            }
            List<String> unknown = new ArrayList<>();
            walk(o.resource(), "", unknown);
            for (String field : unknown) {
                findings.error(o, "unknown field " + field + ": the API server rejects or drops it; fix its "
                        + "spelling or remove it.");
            }
            String namespace = o.resource().getMetadata().getNamespace();
            if (o.resource() instanceof Namespaced) {
                if (!RenderedStack.NAMESPACE.equals(namespace)) {
                    findings.error(o, "is in namespace " + (namespace == null ? "(none)" : namespace)
                            + ", not " + RenderedStack.NAMESPACE + "; set metadata.namespace: "
                            + RenderedStack.NAMESPACE + ".");
                }
            } else if (namespace != null) {
                findings.error(o, "is cluster-scoped but names namespace " + namespace + "; remove "
                        + "metadata.namespace.");
            }
        }
    }

    /** Collects the paths of fields the model did not recognise (its additionalProperties), depth first. */
    private static void walk(Object model, String path, List<String> unknown) {
        if (model == null) {
            return;
        }
        for (Method getter : getters(model.getClass())) {
            Object value;
            try {
                value = getter.invoke(model);
            } catch (IllegalAccessException | InvocationTargetException e) {
                continue;
            }
            if (value == null) {
                continue;
            }
            String name = getter.getName();
            if (name.equals("getAdditionalProperties")) {
                if (value instanceof Map<?, ?> extra) {
                    for (Object key : extra.keySet()) {
                        unknown.add(path.isEmpty() ? String.valueOf(key) : path + "." + key);
                    }
                }
                continue;
            }
            String field = Character.toLowerCase(name.charAt(3)) + name.substring(4);
            String child = path.isEmpty() ? field : path + "." + field;
            if (value instanceof List<?> list) {
                for (int i = 0; i < list.size(); i++) {
                    if (isModel(list.get(i))) {
                        walk(list.get(i), child + "[" + i + "]", unknown);
                    }
                }
            } else if (value instanceof Map<?, ?> map) {
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    if (isModel(e.getValue())) {
                        walk(e.getValue(), child + "[" + e.getKey() + "]", unknown);
                    }
                }
            } else if (isModel(value)) {
                walk(value, child, unknown);
            }
        }
    }

    private static boolean isModel(Object value) {
        return value != null && value.getClass().getName().startsWith(MODEL_PACKAGE);
    }

    private static List<Method> getters(Class<?> type) {
        return GETTERS.computeIfAbsent(type, t -> {
            List<Method> getters = new ArrayList<>();
            for (Method m : t.getMethods()) {
                if (m.getParameterCount() == 0 && m.getName().startsWith("get") && m.getName().length() > 3
                        && !Modifier.isStatic(m.getModifiers()) && !m.getName().equals("getClass")
                        && (m.getReturnType().getName().startsWith(MODEL_PACKAGE) || List.class == m.getReturnType()
                        || Map.class == m.getReturnType())) {
                    getters.add(m);
                }
            }
            return List.copyOf(getters);
        });
    }
}
