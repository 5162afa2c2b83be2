package io.neurectomy.console.sandbox.api;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads an access review that kubectl sends as Kubernetes protobuf ({@code application/vnd.kubernetes.protobuf}:
 * the magic {@code k8s\0}, then a {@code runtime.Unknown} holding the type and the object), into the same map its
 * JSON form gives. Only the fields access reviews have are read; the answer is sent as JSON, which kubectl accepts.
 */
final class ReviewProtobuf {
    private static final byte[] MAGIC = {'k', '8', 's', 0};

    private ReviewProtobuf() {
    }

    /** Whether {@code body} is Kubernetes protobuf. */
    static boolean is(byte[] body) {
        if (body.length < MAGIC.length) {
            return false;
        }
        for (int i = 0; i < MAGIC.length; i++) {
            if (body[i] != MAGIC[i]) {
                return false;
            }
        }
        return true;
    }

    /** The review as a map: apiVersion, kind and spec (resourceAttributes, nonResourceAttributes, user, groups). */
    static Map<String, Object> read(byte[] body) {
        Map<Integer, List<Object>> unknown = fields(body, MAGIC.length, body.length);
        Map<Integer, List<Object>> type = fields(bytes(unknown, 1));
        byte[] raw = bytes(unknown, 2);
        Map<String, Object> review = new LinkedHashMap<>();
        review.put("apiVersion", string(type, 1));
        review.put("kind", string(type, 2));
        Map<Integer, List<Object>> object = fields(raw);
        Map<Integer, List<Object>> spec = fields(bytes(object, 2));
        Map<String, Object> out = new LinkedHashMap<>();
        byte[] resource = bytes(spec, 1);
        if (resource.length > 0 || spec.containsKey(1)) {
            Map<Integer, List<Object>> r = fields(resource);
            Map<String, Object> attributes = new LinkedHashMap<>();
            String[] names = {"namespace", "verb", "group", "version", "resource", "subresource", "name"};
            for (int i = 0; i < names.length; i++) {
                attributes.put(names[i], string(r, i + 1));
            }
            out.put("resourceAttributes", attributes);
        }
        if (spec.containsKey(2)) {
            Map<Integer, List<Object>> n = fields(bytes(spec, 2));
            out.put("nonResourceAttributes", Map.of("path", string(n, 1), "verb", string(n, 2)));
        }
        if (spec.containsKey(3)) {
            out.put("user", string(spec, 3));
        }
        if (spec.containsKey(4)) {
            List<String> groups = new ArrayList<>();
            for (Object g : spec.get(4)) {
                groups.add(new String((byte[]) g, StandardCharsets.UTF_8));
            }
            out.put("groups", groups);
        }
        review.put("spec", out);
        return review;
    }

    private static Map<Integer, List<Object>> fields(byte[] data) {
        return fields(data, 0, data.length);
    }

    /** The fields of one message: length-delimited ones as bytes, varints as longs; fixed-width ones skipped. */
    private static Map<Integer, List<Object>> fields(byte[] data, int from, int to) {
        Map<Integer, List<Object>> out = new LinkedHashMap<>();
        int[] at = {from};
        while (at[0] < to) {
            long key = varint(data, at);
            int field = (int) (key >>> 3);
            int wire = (int) (key & 7);
            Object value;
            switch (wire) {
                case 0 -> value = varint(data, at);
                case 1 -> {
                    at[0] += 8;
                    continue;
                }
                case 2 -> {
                    int length = (int) varint(data, at);
                    if (length < 0 || at[0] + length > to) {
                        throw new IllegalArgumentException("truncated protobuf field " + field);
                    }
                    ByteArrayOutputStream b = new ByteArrayOutputStream();
                    b.write(data, at[0], length);
                    value = b.toByteArray();
                    at[0] += length;
                }
                case 5 -> {
                    at[0] += 4;
                    continue;
                }
                default -> throw new IllegalArgumentException("unsupported protobuf wire type " + wire);
            }
            out.computeIfAbsent(field, f -> new ArrayList<>()).add(value);
        }
        return out;
    }

    private static long varint(byte[] data, int[] at) {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (at[0] >= data.length) {
                throw new IllegalArgumentException("truncated protobuf varint");
            }
            byte b = data[at[0]++];
            value |= (long) (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw new IllegalArgumentException("protobuf varint too long");
    }

    private static byte[] bytes(Map<Integer, List<Object>> message, int field) {
        List<Object> values = message.get(field);
        return values == null || !(values.get(0) instanceof byte[] b) ? new byte[0] : b;
    }

    private static String string(Map<Integer, List<Object>> message, int field) {
        return new String(bytes(message, field), StandardCharsets.UTF_8);
    }
}
