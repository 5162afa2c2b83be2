package io.neurectomy.console.core.cluster;

import io.neurectomy.console.core.cluster.ConnectionException.Reason;
import io.neurectomy.console.core.util.BoundedYaml;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads kubeconfig files the way kubectl does.
 *
 * <ul>
 *   <li>{@code KUBECONFIG} lists files separated by the platform path separator ({@code :} on Linux and macOS);
 *       otherwise {@code ~/.kube/config}.</li>
 *   <li>Several files are merged: for clusters, users and contexts the first file that defines a name wins; the
 *       current-context comes from the first file that sets one.</li>
 *   <li>Of several files, missing ones are skipped (as kubectl does); if none exists, or the single file asked
 *       for does not, that is {@link Reason#KUBECONFIG_MISSING}.</li>
 *   <li>Relative paths (certificate-authority, client-certificate, client-key, tokenFile, an exec command with a
 *       slash) are resolved against the directory of the file that holds them.</li>
 * </ul>
 */
public final class KubeconfigLoader {
    private KubeconfigLoader() {
    }

    /** The files kubectl would read: every entry of {@code KUBECONFIG}, else {@code ~/.kube/config}. */
    public static List<Path> defaultFiles() {
        return defaultFiles(System.getenv(), Path.of(System.getProperty("user.home")));
    }

    /**
     * The files kubectl would read given this environment and home directory: every non-empty entry of
     * {@code KUBECONFIG} (duplicates removed, order kept), else {@code home/.kube/config}.
     */
    public static List<Path> defaultFiles(Map<String, String> env, Path home) {
        String kubeconfig = env.get("KUBECONFIG");
        if (kubeconfig != null && !kubeconfig.isBlank()) {
            Set<Path> files = new LinkedHashSet<>();
            for (String entry : kubeconfig.split(java.io.File.pathSeparator)) {
                if (!entry.isBlank()) {
                    files.add(Path.of(entry.strip()));
                }
            }
            if (!files.isEmpty()) {
                return List.copyOf(files);
            }
        }
        return List.of(home.resolve(".kube").resolve("config"));
    }

    /** Loads the default files ({@link #defaultFiles()}). */
    public static Kubeconfig load() {
        return load(defaultFiles());
    }

    /** Loads and merges the given files; a missing or malformed file is a {@link ConnectionException}. */
    public static Kubeconfig load(List<Path> files) {
        if (files.isEmpty()) {
            throw new ConnectionException(Reason.KUBECONFIG_MISSING,
                    "No kubeconfig file given. Set KUBECONFIG or pass a kubeconfig file.");
        }
        List<Path> existing = new ArrayList<>();
        Map<String, Kubeconfig.Context> contexts = new LinkedHashMap<>();
        Map<String, Kubeconfig.Cluster> clusters = new LinkedHashMap<>();
        Map<String, Kubeconfig.User> users = new LinkedHashMap<>();
        String current = null;
        for (Path file : files) {
            Path abs = file.toAbsolutePath().normalize();
            if (!Files.exists(abs)) {
                continue; // kubectl skips missing KUBECONFIG entries
            }
            existing.add(abs);
            Map<String, Object> doc = parse(abs);
            Path dir = abs.getParent();
            for (Map<String, Object> item : namedList(doc, "clusters", abs)) {
                Kubeconfig.Cluster c = cluster(item, dir, abs);
                clusters.putIfAbsent(c.name(), c);
            }
            for (Map<String, Object> item : namedList(doc, "users", abs)) {
                Kubeconfig.User u = user(item, dir, abs);
                users.putIfAbsent(u.name(), u);
            }
            for (Map<String, Object> item : namedList(doc, "contexts", abs)) {
                Kubeconfig.Context c = context(item, abs);
                contexts.putIfAbsent(c.name(), c);
            }
            String cc = str(doc.get("current-context"), "current-context", abs);
            if (current == null && !cc.isEmpty()) {
                current = cc;
            }
        }
        if (existing.isEmpty()) {
            if (files.size() == 1) {
                throw new ConnectionException(Reason.KUBECONFIG_MISSING, "Kubeconfig file " + files.get(0)
                        + " does not exist. Check the path, set KUBECONFIG, or pass --kubeconfig.");
            }
            throw new ConnectionException(Reason.KUBECONFIG_MISSING, "None of the kubeconfig files in KUBECONFIG"
                    + " exists: " + files.stream().map(Path::toString).collect(Collectors.joining(", "))
                    + ". Check the KUBECONFIG variable.");
        }
        return new Kubeconfig(existing, contexts, clusters, users, current);
    }

    private static Map<String, Object> parse(Path file) {
        Object root;
        try {
            root = BoundedYaml.load(BoundedYaml.read(file));
        } catch (BoundedYaml.LimitException e) {
            throw new ConnectionException(Reason.KUBECONFIG_MALFORMED, "Kubeconfig file " + file + " is refused: "
                    + e.getMessage());
        } catch (NoSuchFileException e) {
            throw new ConnectionException(Reason.KUBECONFIG_MISSING, "Kubeconfig file " + file
                    + " does not exist.", e);
        } catch (IOException e) {
            throw new ConnectionException(Reason.KUBECONFIG_MISSING, "Cannot read kubeconfig file " + file + ": "
                    + e.getMessage() + ". Check its permissions.", e);
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String where = mark == null ? "" : " at line " + (mark.getLine() + 1) + ", column "
                    + (mark.getColumn() + 1);
            // The problem text only names YAML tokens; the snippet of the line is left out (it may hold a token).
            String problem = e.getProblem() != null ? e.getProblem() : "invalid YAML";
            // No cause attached: SnakeYAML's own message quotes the offending line, which may be a token.
            throw new ConnectionException(Reason.KUBECONFIG_MALFORMED, "Kubeconfig file " + file
                    + " is not valid YAML" + where + ": " + problem + ". Fix or replace the file.");
        } catch (YAMLException e) {
            throw new ConnectionException(Reason.KUBECONFIG_MALFORMED, "Kubeconfig file " + file
                    + " is not valid YAML. Fix or replace the file.");
        }
        if (root == null) {
            return Map.of(); // an empty file is an empty kubeconfig, as for kubectl
        }
        if (!(root instanceof Map<?, ?> map)) {
            throw malformed(file, "the top level must be a mapping (apiVersion, clusters, users, contexts)");
        }
        return cast(map);
    }

    private static List<Map<String, Object>> namedList(Map<String, Object> doc, String key, Path file) {
        Object value = doc.get(key);
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> list)) {
            throw malformed(file, "'" + key + "' must be a list");
        }
        List<Map<String, Object>> result = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            if (!(list.get(i) instanceof Map<?, ?> m)) {
                throw malformed(file, key + "[" + i + "] must be a mapping with 'name'");
            }
            Map<String, Object> item = cast(m);
            if (str(item.get("name"), key + "[" + i + "].name", file).isEmpty()) {
                throw malformed(file, key + "[" + i + "] has no name");
            }
            result.add(item);
        }
        return result;
    }

    private static Kubeconfig.Cluster cluster(Map<String, Object> item, Path dir, Path file) {
        String name = String.valueOf(item.get("name")); // a plain value, checked by namedList
        Map<String, Object> c = section(item, "cluster", "clusters/" + name, file);
        String where = "cluster " + name;
        return new Kubeconfig.Cluster(name,
                str(c.get("server"), where + ": server", file),
                resolve(dir, str(c.get("certificate-authority"), where + ": certificate-authority", file)),
                str(c.get("certificate-authority-data"), where + ": certificate-authority-data", file),
                bool(c.get("insecure-skip-tls-verify"), where + ": insecure-skip-tls-verify", file),
                str(c.get("tls-server-name"), where + ": tls-server-name", file),
                str(c.get("proxy-url"), where + ": proxy-url", file),
                file);
    }

    private static Kubeconfig.User user(Map<String, Object> item, Path dir, Path file) {
        String name = String.valueOf(item.get("name")); // a plain value, checked by namedList
        Map<String, Object> u = section(item, "user", "users/" + name, file);
        String where = "user " + name;
        Kubeconfig.Exec exec = null;
        if (u.get("exec") != null) {
            if (!(u.get("exec") instanceof Map<?, ?> em)) {
                throw malformed(file, where + ": exec must be a mapping");
            }
            Map<String, Object> e = cast(em);
            String command = str(e.get("command"), where + ": exec.command", file);
            if (command.isEmpty()) {
                throw malformed(file, where + ": exec has no command");
            }
            if (command.contains("/") || command.contains(java.io.File.separator)) {
                command = resolve(dir, command);
            }
            List<String> args = new ArrayList<>();
            if (e.get("args") instanceof List<?> list) {
                for (Object a : list) {
                    args.add(String.valueOf(a));
                }
            }
            Map<String, String> env = new LinkedHashMap<>();
            if (e.get("env") instanceof List<?> list) {
                for (Object o : list) {
                    if (o instanceof Map<?, ?> m && m.get("name") != null) {
                        env.put(String.valueOf(m.get("name")), m.get("value") == null ? "" : String.valueOf(
                                m.get("value")));
                    }
                }
            }
            exec = new Kubeconfig.Exec(str(e.get("apiVersion"), where + ": exec.apiVersion", file), command,
                    List.copyOf(args), env, str(e.get("installHint"), where + ": exec.installHint", file));
        }
        String authProviderName = "";
        Map<String, String> authProviderConfig = new LinkedHashMap<>();
        if (u.get("auth-provider") instanceof Map<?, ?> ap) {
            authProviderName = ap.get("name") == null ? "" : String.valueOf(ap.get("name"));
            if (ap.get("config") instanceof Map<?, ?> cfg) {
                cfg.forEach((k, v) -> authProviderConfig.put(String.valueOf(k), v == null ? "" : String.valueOf(v)));
            }
        }
        List<String> groups = new ArrayList<>();
        if (u.get("as-groups") instanceof List<?> list) {
            list.forEach(g -> groups.add(String.valueOf(g)));
        }
        return new Kubeconfig.User(name,
                str(u.get("token"), where + ": token", file),
                resolve(dir, str(u.get("tokenFile"), where + ": tokenFile", file)),
                resolve(dir, str(u.get("client-certificate"), where + ": client-certificate", file)),
                str(u.get("client-certificate-data"), where + ": client-certificate-data", file),
                resolve(dir, str(u.get("client-key"), where + ": client-key", file)),
                str(u.get("client-key-data"), where + ": client-key-data", file),
                str(u.get("username"), where + ": username", file),
                str(u.get("password"), where + ": password", file),
                exec, authProviderName, Map.copyOf(authProviderConfig),
                str(u.get("as"), where + ": as", file), List.copyOf(groups), file);
    }

    private static Kubeconfig.Context context(Map<String, Object> item, Path file) {
        String name = String.valueOf(item.get("name")); // a plain value, checked by namedList
        Map<String, Object> c = section(item, "context", "contexts/" + name, file);
        String where = "context " + name;
        return new Kubeconfig.Context(name, str(c.get("cluster"), where + ": cluster", file),
                str(c.get("user"), where + ": user", file), str(c.get("namespace"), where + ": namespace", file),
                file);
    }

    private static Map<String, Object> section(Map<String, Object> item, String key, String where, Path file) {
        Object value = item.get(key);
        if (value == null) {
            return Map.of();
        }
        if (!(value instanceof Map<?, ?> m)) {
            throw malformed(file, where + ": '" + key + "' must be a mapping");
        }
        return cast(m);
    }

    private static String resolve(Path dir, String path) {
        if (path.isEmpty()) {
            return path;
        }
        String expanded = path.startsWith("~/") ? System.getProperty("user.home") + path.substring(1) : path;
        Path p = Path.of(expanded);
        return (p.isAbsolute() ? p : dir.resolve(p)).normalize().toString();
    }

    /** A scalar as a string ("" when absent); an error never quotes the value (it may be a secret). */
    private static String str(Object value, String where, Path file) {
        if (value == null) {
            return "";
        }
        if (value instanceof Map || value instanceof List) {
            throw malformed(file, where + " must be a plain value");
        }
        return String.valueOf(value);
    }

    private static boolean bool(Object value, String where, Path file) {
        if (value == null) {
            return false;
        }
        if (value instanceof Boolean b) {
            return b;
        }
        String s = String.valueOf(value);
        if (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(s);
        }
        throw malformed(file, where + " must be true or false");
    }

    private static Map<String, Object> cast(Map<?, ?> map) {
        Map<String, Object> result = new LinkedHashMap<>();
        map.forEach((k, v) -> result.put(String.valueOf(k), v));
        return result;
    }

    private static ConnectionException malformed(Path file, String problem) {
        return new ConnectionException(Reason.KUBECONFIG_MALFORMED, "Kubeconfig file " + file + " is malformed: "
                + problem + ". Fix or replace the file.");
    }
}
