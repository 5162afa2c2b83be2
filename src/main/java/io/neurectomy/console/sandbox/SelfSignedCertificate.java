package io.neurectomy.console.sandbox;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * A self-signed X.509 certificate (ECDSA P-256) for a list of host names, and the {@code kubernetes.io/tls} Secret
 * that holds it with its key, as cert-manager's self-signed issuer would write it. The sandbox issues one for its
 * Ingresses (a real deployment gets it from cert-manager or its own CA); tests issue expired or mismatched ones.
 * Written with the JDK alone: the DER encoding of the few fields a certificate needs.
 */
public final class SelfSignedCertificate {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int[] ECDSA_SHA256 = {1, 2, 840, 10045, 4, 3, 2};
    private static final int[] COMMON_NAME = {2, 5, 4, 3};
    private static final int[] SUBJECT_ALT_NAME = {2, 5, 29, 17};

    private SelfSignedCertificate() {
    }

    /**
     * A {@code kubernetes.io/tls} Secret {@code namespace/name} with a new key and a certificate for {@code hosts}
     * (the first is also the subject's common name), valid from {@code notBefore} to {@code notAfter}.
     */
    public static Secret tlsSecret(String namespace, String name, List<String> hosts, Instant notBefore,
                                   Instant notAfter) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            KeyPair keys = generator.generateKeyPair();
            byte[] certificate = certificate(keys, hosts, notBefore, notAfter);
            return new SecretBuilder().withNewMetadata().withName(name).withNamespace(namespace)
                    .addToLabels("app.kubernetes.io/part-of", "monitoring-stack")
                    .addToAnnotations("cert-manager.io/issuer-kind", "SelfSigned").endMetadata()
                    .withType("kubernetes.io/tls")
                    .withData(Map.of("tls.crt", base64(pem("CERTIFICATE", certificate)),
                            "tls.key", base64(pem("PRIVATE KEY", keys.getPrivate().getEncoded()))))
                    .build();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("ECDSA P-256 is part of every Java runtime", e);
        }
    }

    private static byte[] certificate(KeyPair keys, List<String> hosts, Instant notBefore, Instant notAfter)
            throws GeneralSecurityException {
        byte[] algorithm = sequence(oid(ECDSA_SHA256));
        byte[] name = sequence(set(sequence(oid(COMMON_NAME), tlv(0x0c, hosts.get(0)
                .getBytes(StandardCharsets.UTF_8)))));
        ByteArrayOutputStream names = new ByteArrayOutputStream();
        for (String host : hosts) {
            names.writeBytes(tlv(0x82, host.getBytes(StandardCharsets.US_ASCII)));
        }
        byte[] san = sequence(oid(SUBJECT_ALT_NAME), tlv(0x04, tlv(0x30, names.toByteArray())));
        byte[] tbs = sequence(
                tlv(0xa0, tlv(0x02, new byte[] {2})),
                tlv(0x02, new BigInteger(63, RANDOM).add(BigInteger.ONE).toByteArray()),
                algorithm, name, sequence(time(notBefore), time(notAfter)), name,
                keys.getPublic().getEncoded(),
                tlv(0xa3, sequence(san)));
        Signature signer = Signature.getInstance("SHA256withECDSA");
        signer.initSign(keys.getPrivate());
        signer.update(tbs);
        byte[] signature = signer.sign();
        byte[] bits = new byte[signature.length + 1];
        System.arraycopy(signature, 0, bits, 1, signature.length);
        return sequence(tbs, algorithm, tlv(0x03, bits));
    }

    private static byte[] time(Instant instant) {
        var utc = instant.atOffset(ZoneOffset.UTC);
        if (utc.getYear() >= 1950 && utc.getYear() < 2050) {
            return tlv(0x17, DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'").format(utc)
                    .getBytes(StandardCharsets.US_ASCII));
        }
        return tlv(0x18, DateTimeFormatter.ofPattern("yyyyMMddHHmmss'Z'").format(utc)
                .getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] oid(int[] arcs) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(arcs[0] * 40 + arcs[1]);
        for (int i = 2; i < arcs.length; i++) {
            int arc = arcs[i];
            int groups = 1;
            for (int v = arc >>> 7; v > 0; v >>>= 7) {
                groups++;
            }
            for (int g = groups - 1; g >= 0; g--) {
                out.write(((arc >>> (7 * g)) & 0x7f) | (g > 0 ? 0x80 : 0));
            }
        }
        return tlv(0x06, out.toByteArray());
    }

    private static byte[] sequence(byte[]... parts) {
        return tlv(0x30, concat(parts));
    }

    private static byte[] set(byte[]... parts) {
        return tlv(0x31, concat(parts));
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    private static byte[] tlv(int tag, byte[] value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        int length = value.length;
        if (length < 0x80) {
            out.write(length);
        } else {
            int bytes = length > 0xffff ? 3 : length > 0xff ? 2 : 1;
            out.write(0x80 | bytes);
            for (int i = bytes - 1; i >= 0; i--) {
                out.write((length >>> (8 * i)) & 0xff);
            }
        }
        out.writeBytes(value);
        return out.toByteArray();
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.US_ASCII));
    }
}
