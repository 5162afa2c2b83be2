package io.neurectomy.console.core.util;

import io.neurectomy.console.core.ConsoleException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts small secrets (Secret objects in a backup or an export) under a passphrase: AES-256-GCM with a key from
 * PBKDF2-HMAC-SHA256 over a random salt, slow on purpose.
 *
 * <p>Sealed format: {@code "MCSEAL1"} | salt (16) | iterations (4, big-endian) | nonce (12) | ciphertext with its
 * 16-byte tag. The iteration count travels with the data, so it can grow later without breaking old files. A wrong
 * passphrase and tampered data fail the same way: the tag does not verify.
 */
public final class PassphraseCipher {
    /** OWASP's 2023 figure for PBKDF2-HMAC-SHA256; about a quarter of a second here. */
    public static final int DEFAULT_ITERATIONS = 600_000;
    private static final byte[] MAGIC = "MCSEAL1".getBytes(StandardCharsets.US_ASCII);
    private static final int SALT = 16;
    private static final int NONCE = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final char[] passphrase;
    private final int iterations;

    private PassphraseCipher(char[] passphrase, int iterations) {
        if (passphrase == null || passphrase.length == 0) {
            throw new ConsoleException("The passphrase is empty. Give a passphrase to encrypt or decrypt secrets.");
        }
        this.passphrase = passphrase.clone();
        this.iterations = iterations;
    }

    /** A cipher for {@code passphrase} (copied) with {@link #DEFAULT_ITERATIONS}. */
    public static PassphraseCipher of(char[] passphrase) {
        return new PassphraseCipher(passphrase, DEFAULT_ITERATIONS);
    }

    /** A cipher with a chosen iteration count for sealing (tests use fewer to stay fast). */
    public static PassphraseCipher of(char[] passphrase, int iterations) {
        if (iterations < 1) {
            throw new IllegalArgumentException("iterations must be positive");
        }
        return new PassphraseCipher(passphrase, iterations);
    }

    /** Whether {@code data} starts like something {@link #seal} wrote. */
    public static boolean isSealed(byte[] data) {
        return data != null && data.length >= MAGIC.length
                && Arrays.equals(Arrays.copyOf(data, MAGIC.length), MAGIC);
    }

    /** Encrypts {@code plain}; every call uses a fresh salt and nonce. */
    public byte[] seal(byte[] plain) {
        byte[] salt = new byte[SALT];
        byte[] nonce = new byte[NONCE];
        RANDOM.nextBytes(salt);
        RANDOM.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key(salt, iterations), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(MAGIC);
            byte[] sealed = cipher.doFinal(plain);
            return ByteBuffer.allocate(MAGIC.length + SALT + 4 + NONCE + sealed.length)
                    .put(MAGIC).put(salt).putInt(iterations).put(nonce).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new ConsoleException("This Java runtime cannot encrypt with AES-GCM: " + e.getMessage(), e);
        }
    }

    /**
     * Decrypts what {@link #seal} wrote. Throws a {@link ConsoleException} saying the passphrase is wrong or the data
     * damaged when the tag does not verify, and that the data is not encrypted when it lacks the header.
     */
    public byte[] open(byte[] sealed) {
        if (!isSealed(sealed) || sealed.length < MAGIC.length + SALT + 4 + NONCE + TAG_BITS / 8) {
            throw new ConsoleException("The data is not encrypted by the console (no MCSEAL1 header), or it is cut"
                    + " short.");
        }
        ByteBuffer in = ByteBuffer.wrap(sealed, MAGIC.length, sealed.length - MAGIC.length);
        byte[] salt = new byte[SALT];
        byte[] nonce = new byte[NONCE];
        in.get(salt);
        int rounds = in.getInt();
        in.get(nonce);
        if (rounds < 1 || rounds > 100_000_000) {
            throw new ConsoleException("The encrypted data is damaged (impossible key-derivation count " + rounds
                    + ").");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key(salt, rounds), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(MAGIC);
            return cipher.doFinal(sealed, in.position(), in.remaining());
        } catch (AEADBadTagException e) {
            throw new ConsoleException("Cannot decrypt: the passphrase is wrong, or the encrypted data was changed"
                    + " or damaged.");
        } catch (GeneralSecurityException e) {
            throw new ConsoleException("This Java runtime cannot decrypt AES-GCM: " + e.getMessage(), e);
        }
    }

    private SecretKeySpec key(byte[] salt, int rounds) throws GeneralSecurityException {
        PBEKeySpec spec = new PBEKeySpec(passphrase, salt, rounds, 256);
        try {
            byte[] key = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
            return new SecretKeySpec(key, "AES");
        } finally {
            spec.clearPassword();
        }
    }
}
