package io.neurectomy.console.ui.fx;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class FxCoalescerTest {

    /** A hand-driven clock and timer: nothing happens until the test advances time. */
    private static final class ManualTime implements FxCoalescer.Scheduler {
        private final List<long[]> due = new ArrayList<>();
        private final List<Runnable> tasks = new ArrayList<>();
        long now = 1_000;

        @Override
        public void schedule(Runnable task, long delayMillis) {
            due.add(new long[] {now + delayMillis, tasks.size()});
            tasks.add(task);
        }

        void advance(long millis) {
            long target = now + millis;
            while (true) {
                long[] next = due.stream().filter(d -> d[0] <= target)
                        .min(Comparator.comparingLong(d -> d[0])).orElse(null);
                if (next == null) {
                    break;
                }
                due.remove(next);
                now = Math.max(now, next[0]);
                tasks.get((int) next[1]).run();
            }
            now = target;
        }

        int scheduled() {
            return due.size();
        }
    }

    private final ManualTime time = new ManualTime();
    private final AtomicInteger state = new AtomicInteger();
    private final List<Integer> rendered = new ArrayList<>();
    private final List<Long> renderedAt = new ArrayList<>();
    private final FxCoalescer coalescer = new FxCoalescer(() -> {
        rendered.add(state.get());
        renderedAt.add(time.now);
    }, Runnable::run, time, () -> time.now, 100);

    @Test
    void burstOfThousandNotificationsGivesTwoRefreshesAndTheLastSeesTheLastState() {
        for (int i = 0; i < 1000; i++) {
            state.incrementAndGet();
            coalescer.request();
        }
        time.advance(1_000);

        assertThat(rendered).hasSize(2);
        assertThat(rendered.get(rendered.size() - 1)).isEqualTo(1000);
    }

    @Test
    void notificationsSpreadOverOneSecondGiveAtMostElevenRefreshesAtLeastHundredMillisApart() {
        for (int i = 0; i < 1000; i++) {
            state.incrementAndGet();
            coalescer.request();
            time.advance(1);
        }
        time.advance(1_000);

        assertThat(rendered).hasSizeLessThanOrEqualTo(11).hasSizeGreaterThanOrEqualTo(10);
        assertThat(rendered.get(rendered.size() - 1)).isEqualTo(1000);
        for (int i = 1; i < renderedAt.size(); i++) {
            assertThat(renderedAt.get(i) - renderedAt.get(i - 1)).isGreaterThanOrEqualTo(100);
        }
    }

    @Test
    void firstNotificationIsRenderedAtOnce() {
        state.set(7);
        coalescer.request();

        assertThat(rendered).containsExactly(7);
        assertThat(time.scheduled()).isZero();
    }

    @Test
    void changeDuringARefreshCausesAnotherRefresh() {
        AtomicInteger calls = new AtomicInteger();
        List<Integer> seen = new ArrayList<>();
        FxCoalescer[] self = new FxCoalescer[1];
        self[0] = new FxCoalescer(() -> {
            seen.add(state.get());
            if (calls.incrementAndGet() == 1) {
                state.set(42);
                self[0].request();
            }
        }, Runnable::run, time, () -> time.now, 100);

        self[0].request();
        time.advance(200);

        assertThat(seen).containsExactly(0, 42);
    }

    @Test
    void closedCoalescerDropsScheduledRefreshes() {
        coalescer.request();
        coalescer.request();
        state.set(5);
        coalescer.request();
        coalescer.close();
        time.advance(500);

        assertThat(rendered).containsExactly(0);
    }
}
