package io.neurectomy.console.sandbox.relay;

import io.neurectomy.console.sandbox.PodLogs;
import io.neurectomy.console.sandbox.PodRuntime;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams a growing log file as one chunked HTTP response ({@code pods/log?follow=true}): what is there (after
 * {@code tailLines}), then every 100 ms what was appended, until the client goes away or the pod's process stops.
 * File reads run on the relay's scheduler thread, never on the event loop; while the client reads slower than the
 * file grows the follower skips ticks instead of queueing. The response ends when the container restarts (its log
 * file is replaced) as a kubelet's does.
 */
final class LogFollower {
    private static final Logger LOG = LoggerFactory.getLogger(LogFollower.class);
    static final long INTERVAL_MILLIS = 100;
    private static final int MAX_READ = 1024 * 1024;

    private final HttpServerResponse response;
    private final PodRuntime runtime;
    private final PodSubresource request;
    private final BooleanSupplier running;
    private final Set<LogFollower> open;
    private volatile ScheduledFuture<?> ticks;
    private final AtomicBoolean done = new AtomicBoolean();
    private long offset = -1;
    private long sent;
    /** The identity of the log file when the follow began (null until it exists). */
    private Object fileKey;
    private static final Object NO_KEY = new Object();

    /**
     * @param running  whether the pod's process still stands in (checked on every tick)
     * @param open     the relay's followers; the follower is in it until it stops, so shutdown can end it
     */
    LogFollower(HttpServerResponse response, PodRuntime runtime, PodSubresource request, BooleanSupplier running,
            Set<LogFollower> open) {
        this.response = response;
        this.runtime = runtime;
        this.request = request;
        this.running = running;
        this.open = open;
        open.add(this);
    }

    /** Sends the headers (call on the event loop, from the request handler) and starts polling the file. */
    void start(ScheduledExecutorService scheduler) {
        response.setStatusCode(200).setChunked(true).putHeader("Content-Type", "text/plain");
        response.closeHandler(v -> stop());
        response.writeHead();
        ticks = scheduler.scheduleWithFixedDelay(this::tick, 0, INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
    }

    private void tick() {
        if (done.get()) {
            return;
        }
        try {
            if (offset < 0) {
                byte[] log = PodLogs.read(runtime.logFile());
                offset = log.length;
                write(PodLogs.select(log, request.number("tailLines"), Optional.empty()));
            } else if (!response.writeQueueFull()) {
                write(appended());
            }
            if (!running.getAsBoolean() || replaced()) {
                write(appended());
                finish();
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("Following the log of {}/{} ended: {}", runtime.namespace(), runtime.name(), e.getMessage());
            finish();
        }
    }

    /**
     * Whether the container restarted since the follow began: the kubelet then starts a new log file (the old one
     * becomes the previous log), and a followed log ends when its container stops, as a real kubelet's does.
     */
    private boolean replaced() throws IOException {
        Object key = fileKey();
        if (fileKey == null) {
            fileKey = key;
            return false;
        }
        return !fileKey.equals(key);
    }

    private Object fileKey() throws IOException {
        try {
            Object key = Files.readAttributes(runtime.logFile(), BasicFileAttributes.class).fileKey();
            return key == null ? NO_KEY : key;
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    private byte[] appended() throws IOException {
        try (FileChannel channel = FileChannel.open(runtime.logFile(), StandardOpenOption.READ)) {
            if (fileKey != null && !fileKey.equals(fileKey())) {
                return new byte[0]; // a new container's log: not this follow's
            }
            long size = channel.size();
            if (size < offset) {
                offset = 0; // truncated: start over, as tail -F does
            }
            int length = (int) Math.min(MAX_READ, size - offset);
            ByteBuffer buffer = ByteBuffer.allocate(length);
            while (buffer.hasRemaining() && channel.read(buffer, offset + buffer.position()) > 0) {
                // read until the buffer is full or the file ends
            }
            offset += buffer.position();
            byte[] bytes = new byte[buffer.position()];
            buffer.flip().get(bytes);
            return bytes;
        } catch (NoSuchFileException e) {
            return new byte[0];
        }
    }

    private void write(byte[] bytes) {
        long limit = request.number("limitBytes").orElse(Long.MAX_VALUE);
        int length = (int) Math.min(bytes.length, limit - sent);
        if (length > 0 && !done.get()) {
            response.write(Buffer.buffer(length == bytes.length ? bytes : Arrays.copyOf(bytes, length)));
            sent += length;
        }
        if (sent >= limit) {
            finish();
        }
    }

    private void finish() {
        if (stop()) {
            response.end();
        }
    }

    /** Stops polling (the client went away); true the first time. The response is left as it is. */
    boolean stop() {
        boolean first = done.compareAndSet(false, true);
        ScheduledFuture<?> t = ticks;
        if (t != null) {
            t.cancel(false);
        }
        open.remove(this);
        return first;
    }

    /** Ends the response (relay shutdown). */
    void end() {
        finish();
    }
}
