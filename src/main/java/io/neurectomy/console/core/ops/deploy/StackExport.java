package io.neurectomy.console.core.ops.deploy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.neurectomy.console.core.util.PassphraseCipher;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The file destroy writes before it deletes anything: every stack object of the namespace as YAML, without the
 * server's bookkeeping. Secrets never reach the file in clear: their values are sealed with a passphrase
 * ({@link PassphraseCipher}) under {@code encryptedSecrets}, or left out when the user chose so (the file then says
 * it); only their names, types and keys are readable. The file is written beside its final name and renamed when
 * complete, so a file with the final name is always whole.
 */
public final class StackExport {
    /** The format's name and version, the file's first key. */
    public static final String FORMAT = "monitoring-console-export/1";

    private StackExport() {
    }

    /** What to do with the Secrets' values. */
    public enum SecretValues {
        /** Sealed with the passphrase. */
        ENCRYPTED,
        /** Left out at the user's request. */
        LEFT_OUT,
        /** The namespace had no Secrets. */
        NONE
    }

    /**
     * Writes the export.
     *
     * @param passphrase the passphrase to seal Secret values, or null to leave them out
     * @return how Secret values were handled
     */
    static SecretValues write(Path file, String namespace, String context, List<HasMetadata> objects,
            char[] passphrase) {
        List<Map<String, Object>> plain = new ArrayList<>();
        List<Map<String, Object>> secretInfo = new ArrayList<>();
        List<Map<String, Object>> secrets = new ArrayList<>();
        for (HasMetadata o : objects) {
            Map<String, Object> map = clean(o);
            if (o instanceof Secret s) {
                secrets.add(map);
                Map<String, Object> info = new LinkedHashMap<>();
                info.put("name", s.getMetadata().getName());
                info.put("type", s.getType());
                Object data = map.get("data");
                info.put("keys", data instanceof Map<?, ?> m ? new ArrayList<>(m.keySet().stream().map(String::valueOf)
                        .toList()) : List.of());
                secretInfo.add(info);
            } else {
                plain.add(map);
            }
        }
        SecretValues mode = secrets.isEmpty() ? SecretValues.NONE : passphrase == null ? SecretValues.LEFT_OUT
                : SecretValues.ENCRYPTED;
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("format", FORMAT);
        doc.put("namespace", namespace);
        doc.put("context", context);
        doc.put("exportedAt", Instant.now().toString());
        doc.put("secretValues", switch (mode) {
            case ENCRYPTED -> "encrypted with a passphrase (AES-256-GCM, key from PBKDF2-HMAC-SHA256)";
            case LEFT_OUT -> "LEFT OUT at the user's request: the Secrets' values are not in this file and cannot be"
                    + " restored from it";
            case NONE -> "none (the namespace had no Secrets)";
        });
        doc.put("objects", plain);
        doc.put("secrets", secretInfo);
        if (mode == SecretValues.ENCRYPTED) {
            byte[] yaml = ObjectFields.JSON.asYaml(secrets).getBytes(StandardCharsets.UTF_8);
            doc.put("encryptedSecrets", Base64.getMimeEncoder(76, new byte[] {'\n'}).encodeToString(
                    PassphraseCipher.of(passphrase).seal(yaml)));
        }
        String text = "# Monitoring Console: export of the stack in namespace " + namespace + " before destroy.\n"
                + ObjectFields.JSON.asYaml(doc).replaceFirst("^---\\R", "");
        writeAtomically(file, text);
        return mode;
    }

    /** Reads the Secrets back from an export (as YAML text), with the passphrase it was sealed with. */
    public static String readSecrets(Path file, char[] passphrase) {
        Map<?, ?> doc = read(file);
        Object sealed = doc.get("encryptedSecrets");
        if (!(sealed instanceof String s)) {
            throw new DeployException("The export " + file + " holds no encrypted Secret values ("
                    + doc.get("secretValues") + ").", null);
        }
        byte[] plain = PassphraseCipher.of(passphrase).open(Base64.getMimeDecoder().decode(s));
        return new String(plain, StandardCharsets.UTF_8);
    }

    /** The export as a YAML map (format, namespace, objects, secrets…). */
    public static Map<?, ?> read(Path file) {
        try {
            Object doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(file));
            if (!(doc instanceof Map<?, ?> map) || !FORMAT.equals(map.get("format"))) {
                throw new DeployException(file + " is not an export written by the console (no format "
                        + FORMAT + ").", null);
            }
            return map;
        } catch (IOException e) {
            throw new DeployException("Could not read the export " + file + ": " + e.getMessage(), e);
        }
    }

    private static Map<String, Object> clean(HasMetadata o) {
        Map<String, Object> map = ObjectFields.toMap(o);
        map.remove("status");
        if (map.get("metadata") instanceof Map<?, ?> m) {
            @SuppressWarnings("unchecked")
            Map<String, Object> metadata = (Map<String, Object>) m;
            for (String key : List.of("uid", "resourceVersion", "creationTimestamp", "managedFields", "generation",
                    "selfLink")) {
                metadata.remove(key);
            }
        }
        return map;
    }

    private static void writeAtomically(Path file, String text) {
        Path target = file.toAbsolutePath();
        Path dir = target.getParent();
        Path temp = null;
        try {
            Files.createDirectories(dir);
            temp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".part");
            Files.writeString(temp, text, StandardCharsets.UTF_8);
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target);
            }
        } catch (IOException e) {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // The partial file is hidden (dot name, .part); the message below is what matters.
                }
            }
            throw new DeployException("Could not write the export " + target + ": " + e.getMessage() + ". Nothing was"
                    + " deleted. Choose a writable place with enough space and retry.", e);
        }
    }
}
