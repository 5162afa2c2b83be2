package io.neurectomy.console.core.backup.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Where a resumed download's answer starts, read from its {@code Content-Range}: an answer without one is the whole
 * object (an endpoint or proxy that ignores Range), which the download must write from byte 0, not append.
 */
class S3RangeAnswerTest {
    @Test
    void aPartialAnswerStartsWhereItsContentRangeSays() {
        assertThat(S3Store.answeredFrom("bytes 1048576-4194303/4194304")).isEqualTo(1_048_576);
        assertThat(S3Store.answeredFrom("Bytes 7-9/10")).isEqualTo(7);
    }

    @Test
    void anAnswerWithoutContentRangeIsTheWholeObject() {
        assertThat(S3Store.answeredFrom(null)).isZero();
        assertThat(S3Store.answeredFrom("")).isZero();
    }

    @Test
    void anUnreadableContentRangeIsNeitherTheAskedStartNorTheWholeObject() {
        assertThat(S3Store.answeredFrom("items 0-9/10")).isNegative();
        assertThat(S3Store.answeredFrom("bytes */10")).isNegative();
        assertThat(S3Store.answeredFrom("bytes x-9/10")).isNegative();
    }
}
