package io.neurectomy.console.core.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ClientThreadsTest {

    @Test
    void theClientsThreadsAreDaemonsWithTheConsolesHandlerAndStopWhenTheClientCloses() throws Exception {
        ExecutorService pool = (ExecutorService) ClientThreads.SUPPLIER.get();
        CompletableFuture<Thread> ran = new CompletableFuture<>();
        pool.execute(() -> ran.complete(Thread.currentThread()));
        Thread thread = ran.get(60, TimeUnit.SECONDS);

        assertThat(thread.isDaemon()).isTrue();
        assertThat(thread.getName()).startsWith("kubernetes-client-");
        // Without a handler of its own, a thread answers with its group, whose handler is the JVM's default one.
        assertThat(thread.getUncaughtExceptionHandler()).isNotSameAs(thread.getThreadGroup());

        ClientThreads.SUPPLIER.onClose(pool);
        assertThat(pool.isShutdown()).isTrue();
    }

    @Test
    void onlyFabric8sRefusalToUseAClosedClientIsTheExpectedEscape() {
        assertThat(ClientThreads.closedClient(new IllegalStateException("Client is closed"))).isTrue();
        assertThat(ClientThreads.closedClient(new IllegalStateException("something else"))).isFalse();
        assertThat(ClientThreads.closedClient(new IllegalArgumentException("Client is closed"))).isFalse();
    }
}
