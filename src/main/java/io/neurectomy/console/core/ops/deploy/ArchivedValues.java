package io.neurectomy.console.core.ops.deploy;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.neurectomy.console.core.backup.BackupException;
import io.neurectomy.console.core.backup.archive.ArchiveReader;
import io.neurectomy.console.core.backup.operations.StackObjects;
import io.neurectomy.console.core.operation.Cancellation;
import io.neurectomy.console.core.operation.ProgressListener;
import io.neurectomy.console.core.stack.RenderedStack;
import io.neurectomy.console.core.util.BoundedYaml;
import io.neurectomy.console.core.util.PassphraseCipher;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The stack's secret values as an archive holds them, for deploying the stack anew from a backup (after the cluster
 * was lost): the Grafana admin password and secret key, the basic-auth htpasswd and the receivers' webhook and routing
 * key, read from the archive's sealed Secrets. The values stay in memory and are never logged.
 */
public final class ArchivedValues {
    private static final KubernetesSerialization YAML = new KubernetesSerialization();
    private static final List<String> SECRETS = List.of("grafana-admin", "ingress-basic-auth",
            RenderedStack.ALERTMANAGER_CONFIG);

    private ArchivedValues() {
    }

    /**
     * The secret values of the (verified) archive {@code reader} reads; empty when the archive holds no Secrets.
     *
     * @param cipher the passphrase the backup was made with
     * @throws BackupException when the archive's Secrets need a passphrase and none, or a wrong one, is given
     */
    public static Map<String, String> read(ArchiveReader reader, PassphraseCipher cipher, Cancellation cancellation) {
        Map<String, Secret> found = new HashMap<>();
        boolean any = SECRETS.stream().anyMatch(n -> reader.manifest().entry(entry(n)).isPresent());
        if (!any) {
            return Map.of();
        }
        if (cipher == null) {
            throw new BackupException("The archive's Secrets are encrypted: give the passphrase the backup was made"
                    + " with, so that the stack is deployed with its own passwords, keys and receivers.");
        }
        reader.read(name -> SECRETS.stream().anyMatch(n -> entry(n).equals(name)), cipher, ProgressListener.none(),
                cancellation, (e, in) -> {
                    String text = new String(ArchiveReader.readWhole(e, in, BoundedYaml.MAX_CHARS),
                            StandardCharsets.UTF_8);
                    Secret secret = YAML.unmarshal(text, Secret.class);
                    found.put(secret.getMetadata().getName(), secret);
                });
        return StackDeployer.secretValues(found.get("grafana-admin"), found.get("ingress-basic-auth"),
                found.get(RenderedStack.ALERTMANAGER_CONFIG));
    }

    private static String entry(String secret) {
        return StackObjects.entryName(new StackObjects.Kind("secrets", Secret.class), secret);
    }

    /** Opens and reads {@code archive}; see {@link #read(ArchiveReader, PassphraseCipher, Cancellation)}. */
    public static Map<String, String> read(Path archive, PassphraseCipher cipher, Cancellation cancellation) {
        return read(ArchiveReader.open(archive, ProgressListener.none(), cancellation), cipher, cancellation);
    }
}
