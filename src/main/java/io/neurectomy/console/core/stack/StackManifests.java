package io.neurectomy.console.core.stack;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.neurectomy.console.core.ConsoleException;
import io.neurectomy.console.core.util.BoundedYaml;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The monitoring stack bundled with the console (under {@code stack/} in the jar): manifests written as YAML
 * templates with {@code ${name}} variables, the value catalog {@code values.yaml}, one values file per environment
 * ({@code environments/<name>.yaml}) and the network paths the stack needs.
 *
 * <p>{@link #render} fills the templates from, in rising precedence, the catalog's defaults, the environment's file,
 * an optional user values file and values given directly (the deploy wizard's answers), and turns every document into
 * a typed fabric8 model object. Any problem (malformed YAML, an unknown variable, a value that is missing or has the
 * wrong form, an object that does not fit its Kubernetes schema) is reported in one {@link StackException} listing
 * each with its file and line.
 */
public final class StackManifests {
    /** Where the bundled stack lives on the class path. */
    public static final String BUNDLED = "stack/";
    static final String INDEX = "index.txt";
    static final String CATALOG = "values.yaml";
    static final String NETWORK_PATHS = "network-paths.yaml";
    private static final String ENVIRONMENTS = "environments/";
    private static final String MANIFESTS = "manifests/";
    private static final List<String> APPLY_ORDER = List.of("Namespace", "ServiceAccount", "ClusterRole", "Role",
            "ClusterRoleBinding", "RoleBinding", "ConfigMap", "Secret", "Service", "StatefulSet", "Deployment",
            "PodDisruptionBudget", "NetworkPolicy", "Ingress");
    private static volatile KubernetesSerialization serialization;

    private final String origin;
    private final Function<String, String> reader;
    private final List<String> files;

    private StackManifests(String origin, Function<String, String> reader) {
        this.origin = origin;
        this.reader = reader;
        String index = reader.apply(INDEX);
        if (index == null) {
            throw new ConsoleException("The stack at " + origin + " has no " + INDEX + "; the console's jar is "
                    + "incomplete. Reinstall the console.");
        }
        List<String> list = new ArrayList<>();
        for (String line : index.split("\\R")) {
            String entry = line.strip();
            if (!entry.isEmpty() && !entry.startsWith("#")) {
                list.add(entry);
            }
        }
        this.files = List.copyOf(list);
    }

    /** The stack bundled in the console's jar. */
    public static StackManifests bundled() {
        return fromClasspath(BUNDLED);
    }

    /** A stack on the class path under {@code root} (ending in {@code /}), listed by its {@code index.txt}. */
    public static StackManifests fromClasspath(String root) {
        ClassLoader loader = StackManifests.class.getClassLoader();
        return new StackManifests("classpath:" + root, file -> {
            try (InputStream in = loader.getResourceAsStream(root + file)) {
                return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new ConsoleException("Could not read " + root + file + " from the console's jar: "
                        + e.getMessage(), e);
            }
        });
    }

    /** A stack in a directory (an edited copy), listed by its {@code index.txt}. */
    public static StackManifests fromDirectory(Path dir) {
        return new StackManifests(dir.toString(), file -> {
            Path p = dir.resolve(file);
            try {
                return Files.isRegularFile(p) ? Files.readString(p, StandardCharsets.UTF_8) : null;
            } catch (IOException e) {
                throw new ConsoleException("Could not read " + p + ": " + e.getMessage(), e);
            }
        });
    }

    /** Every file of the stack, relative to its root, in reading order. */
    public List<String> files() {
        return files;
    }

    /** The manifest templates, in reading order. */
    public List<String> manifestFiles() {
        return files.stream().filter(f -> f.startsWith(MANIFESTS)).toList();
    }

    /** The environments one can render ({@code staging}, {@code production}). */
    public List<String> environments() {
        return files.stream().filter(f -> f.startsWith(ENVIRONMENTS) && f.endsWith(".yaml"))
                .map(f -> f.substring(ENVIRONMENTS.length(), f.length() - ".yaml".length())).toList();
    }

    /** The text of one of the stack's files. */
    public String read(String file) {
        String text = reader.apply(file);
        if (text == null) {
            throw new ConsoleException("The stack at " + origin + " lists " + file + " but the file is missing; "
                    + "the console's jar is incomplete. Reinstall the console.");
        }
        return text;
    }

    /** Every value the templates use, as the catalog declares it. */
    public List<ValueSpec> valueSpecs() {
        List<StackProblem> problems = new ArrayList<>();
        Map<String, ValueSpec> catalog = StackValues.catalog(CATALOG, read(CATALOG), problems);
        if (!problems.isEmpty()) {
            throw new StackException("The stack's value catalog is malformed:", problems);
        }
        return List.copyOf(catalog.values());
    }

    /** Renders an environment with values given directly (no values file). */
    public RenderedStack render(String environment, Map<String, String> values) {
        return render(environment, null, values);
    }

    /**
     * Renders an environment.
     *
     * @param environment a name from {@link #environments()}
     * @param valuesFile  the user's values file ({@code name: value} lines), or null
     * @param values      values given directly, overriding the file (may be empty)
     * @throws StackException listing every problem with its file and line
     */
    public RenderedStack render(String environment, Path valuesFile, Map<String, String> values) {
        return render(environment, valuesFile, values, false);
    }

    /**
     * Renders an environment for checking only: each secret value nobody gives (no default, not in the environment's
     * file, the values file or {@code values}) is rendered as a recognisable placeholder and listed in
     * {@link RenderedStack#unsetSecrets()} with where it is used. Every other problem, an unset value that is not a
     * secret among them, still fails. The result must never be applied.
     *
     * @throws StackException listing every problem with its file and line
     */
    public RenderedStack renderWithPlaceholders(String environment, Path valuesFile, Map<String, String> values) {
        return render(environment, valuesFile, values, true);
    }

    private RenderedStack render(String environment, Path valuesFile, Map<String, String> values,
            boolean placeholders) {
        String userText = null;
        if (valuesFile != null) {
            try {
                userText = BoundedYaml.read(valuesFile);
            } catch (BoundedYaml.LimitException e) {
                throw new ConsoleException("The values file " + valuesFile + " is refused: " + e.getMessage(), e);
            } catch (IOException e) {
                throw new ConsoleException("Could not read the values file " + valuesFile + ": " + e.getMessage()
                        + ". Check the path and its permissions.", e);
            }
        }
        return render(environment, valuesFile == null ? null : valuesFile.toString(), userText, values,
                placeholders);
    }

    /**
     * Renders an environment from a values text.
     *
     * @param valuesName how to name the values text in messages (its file name), or null without one
     * @param valuesText the user's values ({@code name: value} lines), or null
     */
    public RenderedStack render(String environment, String valuesName, String valuesText,
            Map<String, String> values) {
        return render(environment, valuesName, valuesText, values, false);
    }

    private RenderedStack render(String environment, String valuesName, String valuesText,
            Map<String, String> values, boolean placeholders) {
        if (!environments().contains(environment)) {
            throw new StackException("Unknown environment '" + environment + "'.", List.of(new StackProblem(
                    ENVIRONMENTS, 0, "the stack has the environments " + String.join(", ", environments()))));
        }
        List<StackProblem> problems = new ArrayList<>();
        Map<String, ValueSpec> catalog = StackValues.catalog(CATALOG, read(CATALOG), problems);
        List<StackValues.Layer> layers = new ArrayList<>();
        String envFile = ENVIRONMENTS + environment + ".yaml";
        layers.add(new StackValues.Layer(envFile, TemplateYaml.topLevel(envFile, read(envFile), problems)));
        if (valuesText != null) {
            String name = valuesName == null ? "values" : valuesName;
            layers.add(new StackValues.Layer(name, TemplateYaml.topLevel(name, valuesText, problems)));
        }
        if (values != null && !values.isEmpty()) {
            Map<String, TemplateYaml.Located> given = new LinkedHashMap<>();
            values.forEach((k, v) -> given.put(k, new TemplateYaml.Located(v, 0)));
            layers.add(new StackValues.Layer("values given", given));
        }
        Map<String, UnsetSecret> unset = placeholders ? unsetSecrets(catalog, layers) : Map.of();
        if (!unset.isEmpty()) {
            Map<String, TemplateYaml.Located> filled = new LinkedHashMap<>();
            unset.values().forEach(u -> filled.put(u.name(), new TemplateYaml.Located(u.placeholder(), 0)));
            layers.add(0, new StackValues.Layer("placeholders", filled));
        }
        StackValues resolved = StackValues.resolve(catalog, CATALOG, layers, problems);
        Map<String, List<String>> usedAt = new LinkedHashMap<>();
        unset.keySet().forEach(name -> usedAt.put(name, new ArrayList<>()));

        Set<String> reportedMissing = new HashSet<>();
        List<StackObject> objects = new ArrayList<>();
        List<Map.Entry<String, TemplateYaml.Document>> documents = new ArrayList<>();
        for (String file : manifestFiles()) {
            for (TemplateYaml.Document doc : TemplateYaml.documents(file, read(file),
                    recording(file, usedAt, lookup(file, catalog, resolved, reportedMissing, problems)),
                    problems)) {
                documents.add(Map.entry(file, doc));
            }
        }
        List<TemplateYaml.Document> pathDocs = TemplateYaml.documents(NETWORK_PATHS, read(NETWORK_PATHS),
                recording(NETWORK_PATHS, usedAt, lookup(NETWORK_PATHS, catalog, resolved, reportedMissing,
                        problems)), problems);
        if (!problems.isEmpty()) {
            throw new StackException("The stack cannot be rendered for environment " + environment + ":", problems);
        }
        for (Map.Entry<String, TemplateYaml.Document> e : documents) {
            StackObject object = toObject(e.getKey(), e.getValue(), problems);
            if (object != null) {
                objects.add(object);
            }
        }
        List<NetworkPath> paths = NetworkPaths.parse(NETWORK_PATHS, pathDocs, problems);
        if (!problems.isEmpty()) {
            throw new StackException("The stack cannot be rendered for environment " + environment + ":", problems);
        }
        objects.sort(Comparator.comparingInt(StackManifests::rank));
        List<UnsetSecret> placed = unset.values().stream().map(u -> new UnsetSecret(u.name(), u.description(),
                u.placeholder(), usedAt.get(u.name()))).toList();
        return new RenderedStack(environment, objects, paths, placed);
    }

    /** The secrets of the catalog that no default and no layer sets, each with a placeholder of its form. */
    private static Map<String, UnsetSecret> unsetSecrets(Map<String, ValueSpec> catalog,
            List<StackValues.Layer> layers) {
        Map<String, UnsetSecret> out = new LinkedHashMap<>();
        for (ValueSpec spec : catalog.values()) {
            boolean set = spec.defaultValue() != null
                    || layers.stream().anyMatch(l -> l.entries().containsKey(spec.name()));
            String placeholder = UnsetSecret.placeholderFor(spec.name(), spec.type());
            if (spec.secret() && !set && placeholder != null) {
                out.put(spec.name(), new UnsetSecret(spec.name(), spec.description(), placeholder, List.of()));
            }
        }
        return out;
    }

    /** {@code lookup}, noting where each placeholder secret is used. */
    private static TemplateYaml.Lookup recording(String file, Map<String, List<String>> usedAt,
            TemplateYaml.Lookup lookup) {
        return (name, line, standalone) -> {
            List<String> places = usedAt.get(name);
            if (places != null) {
                places.add(file + ":" + line);
            }
            return lookup.value(name, line, standalone);
        };
    }

    private static TemplateYaml.Lookup lookup(String file, Map<String, ValueSpec> catalog, StackValues values,
            Set<String> reportedMissing, List<StackProblem> problems) {
        return (name, line, standalone) -> {
            ValueSpec spec = catalog.get(name);
            if (spec == null) {
                problems.add(new StackProblem(file, line, "unknown variable ${" + name + "}; every variable must "
                        + "be declared in stack/values.yaml"));
                return null;
            }
            if (!standalone && !spec.type().embeddable()) {
                problems.add(new StackProblem(file, line, "${" + name + "} is free text (" + spec.type().id()
                        + ") and may only stand alone as a whole YAML value, not inside a larger text"));
                return null;
            }
            String value = values.get(name);
            if (value != null || values.isInvalid(name)) {
                return value; // an invalid value was reported where it was written
            }
            if (reportedMissing.add(name)) {
                problems.add(new StackProblem(file, line, "value '" + name + "' is not set: " + sentence(
                        spec.description()) + " Set it in your values file" + (spec.secret() ? "; it is a secret "
                        + "the deploy wizard asks for" : "") + "."));
            }
            return null;
        };
    }

    static String sentence(String text) {
        String t = text.strip();
        return t.isEmpty() || t.endsWith(".") ? t : t + ".";
    }

    /** Parses concrete manifests (no variables), for edited copies and tests. */
    static List<StackObject> objectsOf(String file, String text) {
        List<StackProblem> problems = new ArrayList<>();
        List<StackObject> objects = new ArrayList<>();
        for (TemplateYaml.Document doc : TemplateYaml.documents(file, text, null, problems)) {
            StackObject object = toObject(file, doc, problems);
            if (object != null) {
                objects.add(object);
            }
        }
        if (!problems.isEmpty()) {
            throw new StackException("The manifests in " + file + " are malformed:", problems);
        }
        return objects;
    }

    private static StackObject toObject(String file, TemplateYaml.Document doc, List<StackProblem> problems) {
        if (!(doc.content() instanceof Map<?, ?> map)) {
            problems.add(new StackProblem(file, doc.line(), "a manifest document must be a mapping with apiVersion, "
                    + "kind and metadata"));
            return null;
        }
        Object apiVersion = map.get("apiVersion");
        Object kind = map.get("kind");
        if (!(apiVersion instanceof String) || !(kind instanceof String)) {
            problems.add(new StackProblem(file, doc.line(), "the document has no apiVersion or kind; every "
                    + "manifest needs both"));
            return null;
        }
        Object metadata = map.get("metadata");
        String name = metadata instanceof Map<?, ?> m && m.get("name") != null ? String.valueOf(m.get("name")) : null;
        if (name == null) {
            problems.add(new StackProblem(file, doc.line(), kind + " has no metadata.name; give it a name"));
            return null;
        }
        KubernetesSerialization s = serialization();
        Class<? extends KubernetesResource> type = s.getRegisteredKubernetesResource((String) apiVersion,
                (String) kind);
        try {
            Class<?> target = type == null || !HasMetadata.class.isAssignableFrom(type)
                    ? GenericKubernetesResource.class : type;
            Object model = s.convertValue(map, target);
            return new StackObject((HasMetadata) model, file, doc.line());
        } catch (RuntimeException e) {
            String detail = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
            String path = String.valueOf(e.getMessage()).lines().filter(l -> l.contains("reference chain"))
                    .findFirst().map(l -> " at " + l.replaceAll(".*reference chain: ", "")
                            .replaceAll("io\\.fabric8\\.kubernetes\\.api\\.model\\.([a-z0-9]+\\.)*", "")
                            .replace(")", "")).orElse("");
            problems.add(new StackProblem(file, doc.line(), kind + "/" + name + " does not fit the Kubernetes schema"
                    + path + ": " + detail));
            return null;
        }
    }

    private static int rank(StackObject o) {
        int i = APPLY_ORDER.indexOf(o.kind());
        return i < 0 ? APPLY_ORDER.size() : i;
    }

    static KubernetesSerialization serialization() {
        KubernetesSerialization s = serialization;
        if (s == null) {
            synchronized (StackManifests.class) {
                s = serialization;
                if (s == null) {
                    s = new KubernetesSerialization();
                    serialization = s;
                }
            }
        }
        return s;
    }
}
