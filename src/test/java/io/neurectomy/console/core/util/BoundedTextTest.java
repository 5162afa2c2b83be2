package io.neurectomy.console.core.util;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class BoundedTextTest {
    @Test
    void textWithinTheLimitIsKeptAsItIs() {
        BoundedText text = new BoundedText(16);
        text.write("df: /prometheus".getBytes(StandardCharsets.UTF_8), 0, 15);

        assertThat(text.toString()).isEqualTo("df: /prometheus");
        assertThat(text.dropped()).isZero();
    }

    @Test
    void textBeyondTheLimitIsCountedNotKeptAndSaidToBeLeftOut() {
        BoundedText text = new BoundedText(4);
        byte[] chunk = "abcdef".getBytes(StandardCharsets.US_ASCII);
        text.write(chunk, 0, chunk.length);
        text.write('g');
        text.write(chunk, 2, 3);

        assertThat(text.size()).isEqualTo(4);
        assertThat(text.dropped()).isEqualTo(6);
        assertThat(text.toString()).isEqualTo("abcd … (6 more bytes left out: only the first 4 are kept)");
    }
}
