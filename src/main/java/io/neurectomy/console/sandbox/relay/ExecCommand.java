package io.neurectomy.console.sandbox.relay;

import io.neurectomy.console.sandbox.PodRuntime;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a command meant for a pod's container into one that runs on this machine against the pod's stand-in: only
 * the few programs the console's pod tools use are allowed, absolute paths are moved under the pod's root directory
 * (never out of it), {@code wget} to the pod's own {@code localhost} goes to the loopback port that serves that
 * container port, and {@code wget} to a Service's name goes to a ready pod behind it when the NetworkPolicies allow
 * it ({@link ServiceRoutes}).
 *
 * <p>{@code tar} gets its absolute paths relative to the pod root (which is its working directory), so the archive's
 * member names are what a real container's tar writes (it strips the leading slash too). Symbolic links inside the
 * root are not followed to check where they lead: the root is the sandbox's own directory.
 *
 * <p>{@code rm} (only {@code -r}/{@code -f}, only paths strictly inside the pod root, never the root itself) is
 * there because a backup removes its TSDB snapshot in the pod afterwards and a failed restore removes the blocks it
 * had started to write, as a real container's busybox {@code rm -r} does.
 *
 * <p>{@code df} on a persistent volume is answered by {@link DfCommand} (the claim's capacity, the pod's use of it);
 * on any other path it is the host's {@code df}.
 */
final class ExecCommand {
    /** The programs the sandbox runs, in the order the refusal lists them. */
    static final List<String> ALLOWED = List.of("cat", "ls", "sha256sum", "tar", "df", "promtool", "amtool", "wget",
            "rm");
    /** The options {@code rm} may take: removing a snapshot or a half-restored block needs no more. */
    private static final Set<String> RM_OPTIONS = Set.of("-r", "-f", "-rf", "-fr", "-R");
    private static final Set<String> TAR_DIRECTORY_OPTIONS = Set.of("-C", "--directory");
    private static final Pattern LOCAL_URL = Pattern.compile(
            "^(https?://)(localhost|127\\.0\\.0\\.1)(?::(\\d+))?(/.*)?$");
    private static final Pattern SERVICE_URL = Pattern.compile(
            "^(https?://)([A-Za-z0-9][A-Za-z0-9.-]*)(?::(\\d+))?(/.*)?$");
    private static final Pattern OPTION_WITH_PATH = Pattern.compile("^(--?[A-Za-z0-9][A-Za-z0-9-]*=)(/.*)$");

    /**
     * What to run: the program and its arguments, or why it cannot run (with the exit code a kubelet reports), or
     * the output of a command the sandbox answers itself ({@code df} on a persistent volume).
     */
    record Plan(List<String> argv, String refusal, int refusalExitCode, String output) {
        Plan(List<String> argv, String refusal, int refusalExitCode) {
            this(argv, refusal, refusalExitCode, null);
        }

        boolean refused() {
            return refusal != null;
        }

        /** Whether the sandbox answers the command itself with {@link #output()}. */
        boolean answered() {
            return output != null;
        }
    }

    private ExecCommand() {
    }

    /**
     * Plans a pod command.
     *
     * @param command   the command as the client sent it (program first)
     * @param runtime   the pod's stand-in (root directory, port map)
     */
    static Plan plan(List<String> command, PodRuntime runtime) {
        return plan(command, runtime, (host, port) -> Optional.empty());
    }

    /** Where a connection from the pod to a host name goes; empty when the sandbox does not know the name. */
    @FunctionalInterface
    interface Routes {
        Optional<ServiceRoutes.Route> route(String host, int port);
    }

    /**
     * Plans a pod command; {@code wget} to a Service's name ({@code http://service.namespace:port/…}) goes where
     * {@code routes} says (a ready pod's loopback port, or the failure a cluster would give).
     */
    static Plan plan(List<String> command, PodRuntime runtime, Routes routes) {
        if (command.isEmpty()) {
            return refuse("you must specify at least one command for the container", 126);
        }
        String program = command.get(0);
        String name = program.substring(program.lastIndexOf('/') + 1);
        if (!ALLOWED.contains(name)) {
            return refuse("command '" + program + "' is not available in the sandbox; allowed: "
                    + String.join(", ", ALLOWED), 126);
        }
        Path root = runtime.root().toAbsolutePath().normalize();
        if (name.equals("rm")) {
            return planRm(program, command, root);
        }
        if (name.equals("df")) {
            Optional<Plan> volumes = DfCommand.plan(command.subList(1, command.size()), runtime, root);
            if (volumes.isPresent()) {
                return volumes.get();
            }
        }
        boolean tar = name.equals("tar");
        List<String> argv = new ArrayList<>();
        argv.add(name);
        boolean nextIsDirectory = false;
        for (String arg : command.subList(1, command.size())) {
            String mapped;
            Matcher url = LOCAL_URL.matcher(arg);
            Matcher option = OPTION_WITH_PATH.matcher(arg);
            Matcher service = SERVICE_URL.matcher(arg);
            Optional<ServiceRoutes.Route> route = name.equals("wget") && !url.matches() && service.matches()
                    ? routes.route(service.group(2), service.group(3) == null
                    ? (service.group(1).startsWith("https") ? 443 : 80) : Integer.parseInt(service.group(3)))
                    : Optional.empty();
            if (route.isPresent()) {
                if (route.get().failure() != null) {
                    return refuse(route.get().failure(), 1);
                }
                mapped = service.group(1) + "127.0.0.1:" + route.get().localPort()
                        + (service.group(4) == null ? "" : service.group(4));
            } else if (name.equals("wget") && url.matches()) {
                int containerPort = url.group(3) == null ? (url.group(1).startsWith("https") ? 443 : 80)
                        : Integer.parseInt(url.group(3));
                Integer local = runtime.localPort(containerPort).orElse(null);
                if (local == null) {
                    return refuse("wget: can't connect to remote host (127.0.0.1): Connection refused", 1);
                }
                mapped = url.group(1) + "127.0.0.1:" + local + (url.group(4) == null ? "" : url.group(4));
            } else if (arg.startsWith("/")) {
                Path inside = inRoot(root, arg);
                if (inside == null) {
                    return escape(program, arg);
                }
                mapped = tar && !nextIsDirectory ? relative(root, inside) : inside.toString();
            } else if (option.matches()) {
                Path inside = inRoot(root, option.group(2));
                if (inside == null) {
                    return escape(program, arg);
                }
                boolean directory = tar && option.group(1).equals("--directory=");
                mapped = option.group(1) + (tar && !directory ? relative(root, inside) : inside.toString());
            } else {
                if (arg.contains("..") && Path.of(arg).normalize().startsWith("..")) {
                    return escape(program, arg);
                }
                mapped = arg;
            }
            nextIsDirectory = tar && TAR_DIRECTORY_OPTIONS.contains(arg);
            argv.add(mapped);
        }
        return new Plan(List.copyOf(argv), null, 0);
    }

    /**
     * {@code rm} with only {@code -r}/{@code -f} options and paths strictly inside the pod's root: the root itself
     * (a container's {@code /}) is never removed, nor anything outside it.
     */
    private static Plan planRm(String program, List<String> command, Path root) {
        List<String> argv = new ArrayList<>();
        argv.add("rm");
        boolean anyPath = false;
        for (String arg : command.subList(1, command.size())) {
            if (arg.startsWith("-")) {
                if (!RM_OPTIONS.contains(arg)) {
                    return refuse("rm: option " + arg + " is not available in the sandbox (only -r and -f)", 1);
                }
                argv.add(arg);
                continue;
            }
            Path inside = arg.startsWith("/") ? inRoot(root, arg) : inRoot(root, "/" + arg);
            if (inside == null) {
                return escape(program, arg);
            }
            if (inside.equals(root)) {
                return refuse("rm: refusing to remove '/' of the pod", 1);
            }
            anyPath = true;
            argv.add(inside.toString());
        }
        if (!anyPath) {
            return refuse("rm: missing operand", 1);
        }
        return new Plan(List.copyOf(argv), null, 0);
    }

    /** The host path for an absolute pod path, or null when {@code ..} would leave the root. */
    private static Path inRoot(Path root, String podPath) {
        Path inside = root.resolve(podPath.substring(1)).normalize();
        return inside.startsWith(root) ? inside : null;
    }

    private static String relative(Path root, Path inside) {
        String rel = root.relativize(inside).toString();
        return rel.isEmpty() ? "." : rel;
    }

    private static Plan escape(String program, String arg) {
        return refuse(program + ": " + arg + ": path leaves the pod's filesystem", 1);
    }

    private static Plan refuse(String message, int exitCode) {
        return new Plan(List.of(), message, exitCode);
    }
}
