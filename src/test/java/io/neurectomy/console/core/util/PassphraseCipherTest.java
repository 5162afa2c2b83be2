package io.neurectomy.console.core.util;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.neurectomy.console.core.ConsoleException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PassphraseCipherTest {
    private static final byte[] SECRET = "slack webhook https://hooks.example/T0/B0/XYZ".getBytes(StandardCharsets.UTF_8);

    @Test
    void roundTripsWithTheRightPassphraseAndHidesThePlainText() {
        PassphraseCipher cipher = PassphraseCipher.of("correct horse".toCharArray(), 1_000);
        byte[] sealed = cipher.seal(SECRET);
        assertThat(PassphraseCipher.isSealed(sealed)).isTrue();
        assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain("hooks.example");
        assertThat(PassphraseCipher.of("correct horse".toCharArray()).open(sealed)).isEqualTo(SECRET);
        assertThat(cipher.seal(SECRET)).isNotEqualTo(sealed);
    }

    @Test
    void aWrongPassphraseOrAFlippedByteFailsWithAClearMessage() {
        byte[] sealed = PassphraseCipher.of("one".toCharArray(), 1_000).seal(SECRET);
        assertThatThrownBy(() -> PassphraseCipher.of("two".toCharArray()).open(sealed))
                .isInstanceOf(ConsoleException.class).hasMessageContaining("passphrase is wrong");
        sealed[sealed.length - 20] ^= 1;
        assertThatThrownBy(() -> PassphraseCipher.of("one".toCharArray()).open(sealed))
                .hasMessageContaining("changed or damaged");
    }

    @Test
    void plainDataAndEmptyPassphrasesAreRefused() {
        assertThatThrownBy(() -> PassphraseCipher.of("p".toCharArray()).open(SECRET))
                .hasMessageContaining("not encrypted");
        assertThatThrownBy(() -> PassphraseCipher.of(new char[0])).hasMessageContaining("passphrase is empty");
    }
}
