package io.neurectomy.console.testing;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The loopback ports this JVM listens on, as the kernel lists them. */
public final class ListeningPorts {
    private ListeningPorts() {
    }

    /**
     * Whether this JVM itself holds a socket listening on {@code port}, read from {@code /proc}. Unlike connecting to
     * the port, it neither counts a port another process took after this one released it, nor hands a listener a
     * connection to serve while it closes.
     */
    public static boolean heldHere(int port) throws IOException {
        Set<String> inodes = new HashSet<>();
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc/self/fd"))) {
            for (Path fd : fds) {
                try {
                    String link = Files.readSymbolicLink(fd).toString();
                    if (link.startsWith("socket:[")) {
                        inodes.add(link.substring("socket:[".length(), link.length() - 1));
                    }
                } catch (IOException e) {
                    // closed while listing
                }
            }
        }
        for (String table : List.of("/proc/self/net/tcp", "/proc/self/net/tcp6")) {
            Path path = Path.of(table);
            if (!Files.exists(path)) {
                continue;
            }
            List<String> lines = Files.readAllLines(path);
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.strip().split("\\s+");
                int local = Integer.parseInt(f[1].substring(f[1].indexOf(':') + 1), 16);
                if (local == port && f[3].equals("0A") && inodes.contains(f[9])) {
                    return true;
                }
            }
        }
        return false;
    }
}
