package io.neurectomy.console.core.cluster;

import io.fabric8.kubernetes.client.LocalPortForward;
import io.fabric8.kubernetes.client.dsl.PodResource;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens fabric8's short-lived local port-forwards to one pod (a probe's or a reload's single request), so that what
 * escapes their accept thread meets the console's handler.
 *
 * <p>fabric8 accepts the local connections of such a forward on a thread of its own, made by the JDK's default
 * thread factory in the thread group of whoever opened the forward, and lets anything but an I/O error escape it. A
 * connection that arrives as the forward's session closes makes it open a websocket on the closed client, which
 * throws "Client is closed" there. Opening the forward on a thread of {@link ClientThreads#GROUP} places that accept
 * thread in the same group, whose handler logs the expected escape at debug and anything else as a warning, instead
 * of the JVM's default handler printing it (or a test harness's failing an unrelated test with it).
 */
public final class PodPortForwards {
    private static final Logger LOG = LoggerFactory.getLogger(PodPortForwards.class);
    private static final AtomicInteger THREADS = new AtomicInteger();
    private static final ExecutorService OPENERS = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(ClientThreads.GROUP, task,
                "pod-port-forward-opener-" + THREADS.incrementAndGet());
        thread.setDaemon(true);
        return thread;
    });

    private PodPortForwards() {
    }

    /**
     * Opens a local port-forward to {@code port} of {@code pod}; fabric8's errors (a {@code KubernetesClientException}
     * for a refused or failed forward) are thrown as they are. The caller closes the forward.
     *
     * @throws InterruptedException if the caller is interrupted while the forward opens; a forward that opens after
     *                              that is closed at once
     */
    public static LocalPortForward open(PodResource pod, int port) throws InterruptedException {
        CompletableFuture<LocalPortForward> opening = CompletableFuture.supplyAsync(() -> pod.portForward(port),
                OPENERS);
        try {
            return opening.get();
        } catch (InterruptedException e) {
            opening.thenAccept(PodPortForwards::closeQuietly);
            throw e;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException("opening a port-forward failed", cause);
        }
    }

    private static void closeQuietly(LocalPortForward forward) {
        try {
            forward.close();
        } catch (IOException | RuntimeException e) {
            LOG.debug("Closing a port-forward that opened after its caller gave up failed", e);
        }
    }
}
