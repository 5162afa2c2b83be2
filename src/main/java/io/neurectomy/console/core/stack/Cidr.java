package io.neurectomy.console.core.stack;

/** An IPv4 address range, for NetworkPolicy evaluation. */
record Cidr(long base, int prefix) {

    /** The range, or null when {@code text} is not an IPv4 CIDR. */
    static Cidr parse(String text) {
        if (text == null) {
            return null;
        }
        int slash = text.indexOf('/');
        String address = slash < 0 ? text : text.substring(0, slash);
        int prefix;
        try {
            prefix = slash < 0 ? 32 : Integer.parseInt(text.substring(slash + 1));
        } catch (NumberFormatException e) {
            return null;
        }
        String[] parts = address.split("\\.", -1);
        if (parts.length != 4 || prefix < 0 || prefix > 32) {
            return null;
        }
        long value = 0;
        for (String part : parts) {
            int octet;
            try {
                octet = Integer.parseInt(part);
            } catch (NumberFormatException e) {
                return null;
            }
            if (octet < 0 || octet > 255) {
                return null;
            }
            value = (value << 8) | octet;
        }
        return new Cidr(value & mask(prefix), prefix);
    }

    private static long mask(int prefix) {
        return prefix == 0 ? 0 : (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL;
    }

    /** Whether every address of {@code other} lies in this range. */
    boolean contains(Cidr other) {
        return other.prefix >= prefix && (other.base & mask(prefix)) == base;
    }

    /** Whether the two ranges share an address. */
    boolean overlaps(Cidr other) {
        return contains(other) || other.contains(this);
    }
}
