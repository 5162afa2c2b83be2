package io.neurectomy.console.cli;

import io.neurectomy.console.core.cluster.KubeContext;
import io.neurectomy.console.core.cluster.Kubeconfig;
import io.neurectomy.console.core.cluster.KubeconfigLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code monitoring-console contexts}: the kubeconfig contexts, like {@code kubectl config get-contexts}. */
@Command(name = "contexts", mixinStandardHelpOptions = true,
        description = "List the contexts of the kubeconfig (KUBECONFIG, else ~/.kube/config); * marks the current one.")
public final class ContextsCommand extends PrintingCommand {
    private static final String[] HEADERS = {"CURRENT", "NAME", "CLUSTER", "SERVER", "USER", "NAMESPACE"};

    @Option(names = "--kubeconfig", paramLabel = "FILE",
            description = "Kubeconfig file to read instead of KUBECONFIG / ~/.kube/config.")
    Path kubeconfig;

    @Override
    public Integer call() {
        // A missing or malformed file is a ConnectionException: ConsoleCommand's handler prints it and exits 1.
        Kubeconfig config = KubeconfigLoader.load(kubeconfig != null ? List.of(kubeconfig)
                : KubeconfigLoader.defaultFiles());
        return print(json(config), out -> {
            List<String[]> rows = new ArrayList<>();
            rows.add(HEADERS);
            for (KubeContext c : config.contexts()) {
                rows.add(new String[] {c.current() ? "*" : "", c.name(), c.cluster(), c.server(), c.user(),
                        c.namespace()});
            }
            out.print(table(rows));
            if (config.contexts().isEmpty()) {
                out.println("(no contexts in " + config.files() + ")");
            }
        }, 0);
    }

    /** The files read and each context with the same columns as the table (never a credential). */
    private static Map<String, Object> json(Kubeconfig config) {
        List<Map<String, Object>> contexts = new ArrayList<>();
        for (KubeContext c : config.contexts()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("name", c.name());
            row.put("current", c.current());
            row.put("cluster", c.cluster());
            row.put("server", c.server());
            row.put("user", c.user());
            row.put("namespace", c.namespace());
            contexts.add(row);
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("files", config.files().stream().map(Path::toString).toList());
        doc.put("contexts", contexts);
        return doc;
    }

    /** Left-aligned columns separated by three spaces, trailing blanks trimmed. */
    static String table(List<String[]> rows) {
        int[] widths = new int[rows.get(0).length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        StringBuilder sb = new StringBuilder();
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                line.append(row[i]);
                if (i < row.length - 1) {
                    line.append(" ".repeat(widths[i] - row[i].length() + 3));
                }
            }
            sb.append(line.toString().stripTrailing()).append(System.lineSeparator());
        }
        return sb.toString();
    }
}
