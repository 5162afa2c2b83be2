package io.neurectomy.console.core.ops;

import io.neurectomy.console.core.cluster.Quantities;
import io.neurectomy.console.core.cluster.Resources;
import io.neurectomy.console.core.stack.StackComponent;
import java.math.BigDecimal;
import java.util.Optional;

/**
 * The CPU and memory a resize asks for one component's container: requests and limits as Kubernetes quantities
 * ({@code 500m}, {@code 8Gi}); a part left empty keeps what the container has. Made from one of the deployment
 * guide's presets ({@link Preset}) or from the command line's {@code REQ[:LIMIT]} values ({@link #custom}).
 *
 * @param cpuRequest    e.g. {@code 2}, or empty to keep it
 * @param cpuLimit      e.g. {@code 4}, or empty to keep it
 * @param memoryRequest e.g. {@code 8Gi}, or empty to keep it
 * @param memoryLimit   e.g. {@code 16Gi}, or empty to keep it
 */
public record ResourceRequest(String cpuRequest, String cpuLimit, String memoryRequest, String memoryLimit) {
    /** Memory below this is almost surely a missing unit ({@code 8} for {@code 8Gi}). */
    private static final long LEAST_MEMORY = 16L * 1024 * 1024;

    /**
     * The deployment guide's sizes ("Resource Utilization"): its defaults, and its scaling guidelines for
     * <em>High load</em> (100k+ samples/s) and <em>Ultra high load</em> (1M+ samples/s). The guidelines give one
     * figure per component; the console asks for it as both request and limit, so each replica is guaranteed what
     * the guide sizes it for.
     */
    public enum Preset {
        DEFAULT("default", "the guide's defaults"),
        HIGH("high", "High load (100k+ samples/s)"),
        ULTRA("ultra", "Ultra high load (1M+ samples/s)");

        private final String id;
        private final String title;

        Preset(String id, String title) {
            this.id = id;
            this.title = title;
        }

        /** Its name on the command line: {@code default}, {@code high}, {@code ultra}. */
        public String id() {
            return id;
        }

        public String title() {
            return title;
        }

        /** The preset called {@code id} (any case), if any. */
        public static Optional<Preset> named(String id) {
            for (Preset p : values()) {
                if (p.id.equalsIgnoreCase(id == null ? "" : id.strip())) {
                    return Optional.of(p);
                }
            }
            return Optional.empty();
        }

        /** What this preset asks for {@code component}. */
        public ResourceRequest of(StackComponent component) {
            return switch (this) {
                case DEFAULT -> {
                    StackComponent.Defaults d = component.defaults();
                    yield new ResourceRequest(cpu(d.requests()), cpu(d.limits()), memory(d.requests()),
                            memory(d.limits()));
                }
                case HIGH -> switch (component) {
                    case PROMETHEUS -> both("8", "32Gi");
                    case GRAFANA -> both("4", "8Gi");
                    case ALERTMANAGER -> both("2", "4Gi");
                };
                case ULTRA -> switch (component) {
                    case PROMETHEUS -> both("16", "64Gi");
                    case GRAFANA -> both("8", "16Gi");
                    case ALERTMANAGER -> both("4", "8Gi");
                };
            };
        }

        private static ResourceRequest both(String cpu, String memory) {
            return new ResourceRequest(cpu, cpu, memory, memory);
        }
    }

    public ResourceRequest {
        cpuRequest = blankToEmpty(cpuRequest);
        cpuLimit = blankToEmpty(cpuLimit);
        memoryRequest = blankToEmpty(memoryRequest);
        memoryLimit = blankToEmpty(memoryLimit);
    }

    private static String blankToEmpty(String s) {
        return s == null ? "" : s.strip();
    }

    /**
     * Custom values as typed: {@code cpu} and {@code memory} each {@code REQUEST[:LIMIT]} or null to keep them; a
     * limit left out keeps the container's. Throws {@link IllegalArgumentException} with what is wrong and what to
     * type instead.
     */
    public static ResourceRequest custom(String cpu, String memory) {
        boolean noCpu = cpu == null || cpu.isBlank();
        boolean noMemory = memory == null || memory.isBlank();
        if (noCpu && noMemory) {
            throw new IllegalArgumentException("Give --cpu, --memory or both (REQUEST[:LIMIT], e.g. --cpu 2:4"
                    + " --memory 8Gi:16Gi), or a --preset.");
        }
        String[] c = noCpu ? new String[] {"", ""} : split("--cpu", cpu);
        String[] m = noMemory ? new String[] {"", ""} : split("--memory", memory);
        ResourceRequest r = new ResourceRequest(c[0], c[1], m[0], m[1]);
        r.validate();
        return r;
    }

    private static String[] split(String option, String value) {
        String[] parts = value.strip().split(":", -1);
        if (parts.length > 2 || parts[0].isBlank() || (parts.length == 2 && parts[1].isBlank())) {
            throw new IllegalArgumentException(option + " takes REQUEST or REQUEST:LIMIT (e.g. 2:4 or 8Gi:16Gi), not '"
                    + value + "'.");
        }
        return new String[] {parts[0].strip(), parts.length == 2 ? parts[1].strip() : ""};
    }

    /** Checks every quantity given and that no request is above its limit; throws what is wrong. */
    public void validate() {
        BigDecimal cr = amount("CPU request", cpuRequest);
        BigDecimal cl = amount("CPU limit", cpuLimit);
        BigDecimal mr = amount("memory request", memoryRequest);
        BigDecimal ml = amount("memory limit", memoryLimit);
        for (BigDecimal mem : new BigDecimal[] {mr, ml}) {
            if (mem != null && mem.compareTo(BigDecimal.valueOf(LEAST_MEMORY)) < 0) {
                throw new IllegalArgumentException("A memory of " + mem.toPlainString() + " bytes is too little for"
                        + " any of the stack's servers: give a unit (" + (mem.signum() > 0 && mem.scale() <= 0
                        ? mem.toPlainString() + "Gi or " + mem.toPlainString() + "Mi" : "Mi or Gi") + ").");
            }
        }
        requestWithinLimit("CPU", cr, cl, cpuRequest, cpuLimit);
        requestWithinLimit("memory", mr, ml, memoryRequest, memoryLimit);
    }

    private static BigDecimal amount(String what, String text) {
        if (text.isEmpty()) {
            return null;
        }
        BigDecimal v;
        try {
            v = Quantities.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("The " + what + " '" + text + "' is not a Kubernetes quantity"
                    + (what.startsWith("CPU") ? " (cores: 2, 1.5 or 500m)" : " (bytes with a unit: 512Mi, 8Gi)")
                    + ".");
        }
        if (v.signum() <= 0) {
            throw new IllegalArgumentException("The " + what + " must be more than zero, not " + text + ".");
        }
        return v;
    }

    private static void requestWithinLimit(String what, BigDecimal request, BigDecimal limit, String r, String l) {
        if (request != null && limit != null && request.compareTo(limit) > 0) {
            throw new IllegalArgumentException("The " + what + " request " + r + " is above its limit " + l
                    + ": Kubernetes refuses a container whose request exceeds its limit.");
        }
    }

    /** This request with every empty part taken from {@code current} (what the container has). */
    public ResourceRequest over(ResourceRequest current) {
        return new ResourceRequest(cpuRequest.isEmpty() ? current.cpuRequest : cpuRequest,
                cpuLimit.isEmpty() ? current.cpuLimit : cpuLimit,
                memoryRequest.isEmpty() ? current.memoryRequest : memoryRequest,
                memoryLimit.isEmpty() ? current.memoryLimit : memoryLimit);
    }

    /** Whether this asks for the same amounts as {@code other} ({@code 1000m} equals {@code 1}). */
    public boolean sameAs(ResourceRequest other) {
        return same(cpuRequest, other.cpuRequest) && same(cpuLimit, other.cpuLimit)
                && same(memoryRequest, other.memoryRequest) && same(memoryLimit, other.memoryLimit);
    }

    private static boolean same(String a, String b) {
        if (a.isEmpty() || b.isEmpty()) {
            return a.isEmpty() && b.isEmpty();
        }
        try {
            return Quantities.parse(a).compareTo(Quantities.parse(b)) == 0;
        } catch (IllegalArgumentException e) {
            return a.equals(b);
        }
    }

    /** {@code cpu 2/4, memory 8Gi/16Gi} (request/limit; {@code -} for none). */
    public String describe() {
        return "cpu " + or(cpuRequest) + "/" + or(cpuLimit) + ", memory " + or(memoryRequest) + "/" + or(memoryLimit);
    }

    private static String or(String s) {
        return s.isEmpty() ? "-" : s;
    }

    private static String cpu(Resources r) {
        long m = r.cpuMillis();
        return m < 0 ? "" : m % 1000 == 0 ? String.valueOf(m / 1000) : m + "m";
    }

    private static String memory(Resources r) {
        long b = r.memoryBytes();
        if (b < 0) {
            return "";
        }
        for (String unit : new String[] {"Ti", "Gi", "Mi", "Ki"}) {
            long size = 1L << (10 * (1 + "KiMiGiTi".indexOf(unit) / 2));
            if (b % size == 0) {
                return b / size + unit;
            }
        }
        return String.valueOf(b);
    }
}
