package io.neurectomy.console.core.cluster;

import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The task threads of a session's Kubernetes client, made as fabric8 makes its own (a cached pool of daemon threads
 * per client, stopped when the client closes) but with a handler for what escapes a task on them.
 *
 * <p>One such escape is expected: a connection that reaches a short-lived port-forward (a probe's request to a pod)
 * at the moment its session closes makes fabric8 open a websocket on the closed client, which throws "Client is
 * closed" on one of these threads. Nothing waits for that connection any more, so it is logged at debug. Anything
 * else is logged as a warning instead of being printed by the JVM's default handler.
 */
final class ClientThreads implements KubernetesClientBuilder.ExecutorSupplier {
    private static final Logger LOG = LoggerFactory.getLogger(ClientThreads.class);
    private static final AtomicInteger THREADS = new AtomicInteger();

    static final ClientThreads SUPPLIER = new ClientThreads();

    /** The group of the console's client threads: what escapes a thread of it goes to {@link #uncaught}. */
    static final ThreadGroup GROUP = new ThreadGroup("kubernetes-client") {
        @Override
        public void uncaughtException(Thread thread, Throwable e) {
            uncaught(thread, e);
        }
    };

    private ClientThreads() {
    }

    @Override
    public Executor get() {
        return Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(GROUP, task, "kubernetes-client-" + THREADS.incrementAndGet());
            thread.setDaemon(true);
            thread.setUncaughtExceptionHandler(ClientThreads::uncaught);
            return thread;
        });
    }

    @Override
    public void onClose(Executor executor) {
        if (executor instanceof ExecutorService service) {
            service.shutdownNow();
        }
    }

    static void uncaught(Thread thread, Throwable e) {
        if (closedClient(e)) {
            LOG.debug("A connection to a port-forward arrived as its session closed; it was dropped");
        } else {
            LOG.warn("Unexpected error on the Kubernetes client's thread {}", thread.getName(), e);
        }
    }

    /** Whether {@code e} is fabric8's refusal to use a client that was closed. */
    static boolean closedClient(Throwable e) {
        return e instanceof IllegalStateException && "Client is closed".equals(e.getMessage());
    }
}
