package io.neurectomy.console.core.cluster;

import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;

/**
 * Reads Kubernetes resource quantities ({@code 500m}, {@code 2}, {@code 1.5Gi}, {@code 129e6}, {@code 4096Ki}, …)
 * as CPU millicores and bytes.
 *
 * <p>The grammar is the API server's: a signed decimal number followed by a binary suffix ({@code Ki Mi Gi Ti Pi
 * Ei}), a decimal suffix ({@code n u m k M G T P E}, or none) or a decimal exponent ({@code e3}, {@code E-2}).
 * Fractions are rounded up, as the API server does when it reports milli-values and values.
 */
public final class Quantities {
    private static final Map<String, BigDecimal> SUFFIXES = Map.ofEntries(
            Map.entry("", BigDecimal.ONE),
            Map.entry("n", new BigDecimal("1e-9")),
            Map.entry("u", new BigDecimal("1e-6")),
            Map.entry("m", new BigDecimal("1e-3")),
            Map.entry("k", new BigDecimal("1e3")),
            Map.entry("M", new BigDecimal("1e6")),
            Map.entry("G", new BigDecimal("1e9")),
            Map.entry("T", new BigDecimal("1e12")),
            Map.entry("P", new BigDecimal("1e15")),
            Map.entry("E", new BigDecimal("1e18")),
            Map.entry("Ki", BigDecimal.valueOf(2).pow(10)),
            Map.entry("Mi", BigDecimal.valueOf(2).pow(20)),
            Map.entry("Gi", BigDecimal.valueOf(2).pow(30)),
            Map.entry("Ti", BigDecimal.valueOf(2).pow(40)),
            Map.entry("Pi", BigDecimal.valueOf(2).pow(50)),
            Map.entry("Ei", BigDecimal.valueOf(2).pow(60)));
    private static final BigDecimal THOUSAND = BigDecimal.valueOf(1000);
    private static final BigDecimal MAX_LONG = BigDecimal.valueOf(Long.MAX_VALUE);

    private Quantities() {
    }

    /**
     * The exact amount a quantity stands for (in cores for CPU, bytes for memory).
     *
     * @throws IllegalArgumentException when the text is not a Kubernetes quantity
     */
    public static BigDecimal parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("no quantity given");
        }
        String s = text.trim();
        int i = 0;
        if (i < s.length() && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            i++;
        }
        int digits = 0;
        boolean dot = false;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                digits++;
            } else if (c == '.' && !dot) {
                dot = true;
            } else {
                break;
            }
            i++;
        }
        if (digits == 0) {
            throw new IllegalArgumentException("not a quantity: '" + text + "' (expected a number such as 500m,"
                    + " 2, 1.5Gi)");
        }
        BigDecimal number = new BigDecimal(s.substring(0, i));
        String suffix = s.substring(i);
        BigDecimal factor = SUFFIXES.get(suffix);
        if (factor != null) {
            return number.multiply(factor);
        }
        if (suffix.length() > 1 && (suffix.charAt(0) == 'e' || suffix.charAt(0) == 'E')) {
            String exponent = suffix.substring(1);
            if (exponent.matches("[+-]?[0-9]{1,4}")) {
                return number.scaleByPowerOfTen(Integer.parseInt(exponent));
            }
        }
        throw new IllegalArgumentException("not a quantity: '" + text + "' (unknown suffix '" + suffix + "')");
    }

    /** CPU in millicores, rounded up; {@link Resources#UNSET} when absent or unreadable. */
    public static long cpuMillis(Quantity quantity) {
        return cpuMillis(text(quantity));
    }

    /** CPU in millicores, rounded up; {@link Resources#UNSET} when absent, unreadable or negative. */
    public static long cpuMillis(String text) {
        return toLong(text, THOUSAND);
    }

    /** Memory (or storage) in bytes, rounded up; {@link Resources#UNSET} when absent or unreadable. */
    public static long bytes(Quantity quantity) {
        return bytes(text(quantity));
    }

    /** Memory (or storage) in bytes, rounded up; {@link Resources#UNSET} when absent, unreadable or negative. */
    public static long bytes(String text) {
        return toLong(text, BigDecimal.ONE);
    }

    /** CPU and memory out of a requests, limits or allocatable map; missing parts are {@link Resources#UNSET}. */
    public static Resources resources(Map<String, Quantity> map) {
        if (map == null || map.isEmpty()) {
            return Resources.NONE;
        }
        return new Resources(cpuMillis(map.get("cpu")), bytes(map.get("memory")));
    }

    /** The quantity as written ({@code 200Gi}); null for none. */
    static String text(Quantity quantity) {
        if (quantity == null) {
            return null;
        }
        String amount = quantity.getAmount() == null ? "" : quantity.getAmount();
        String format = quantity.getFormat() == null ? "" : quantity.getFormat();
        return amount + format;
    }

    private static long toLong(String text, BigDecimal scale) {
        if (text == null || text.isBlank()) {
            return Resources.UNSET;
        }
        BigDecimal value;
        try {
            value = parse(text);
        } catch (IllegalArgumentException e) {
            return Resources.UNSET;
        }
        if (value.signum() < 0) {
            // A resource amount cannot be negative; the API server rejects such a spec.
            return Resources.UNSET;
        }
        value = value.multiply(scale).setScale(0, RoundingMode.CEILING);
        return value.compareTo(MAX_LONG) > 0 ? Long.MAX_VALUE : value.longValueExact();
    }
}
