package io.neurectomy.console.core.backup.archive;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * A gzip stream compressed on several threads, the way pigz does it: the input is cut into blocks, each block is
 * deflated on its own thread with the last 32 KiB before it as preset dictionary (so the ratio is that of one
 * stream), ended with a sync flush (the last one finished), and the outputs are written in order behind one gzip
 * header and followed by the trailer (CRC-32 and size of all the input). The result is one ordinary gzip member that
 * {@code gzip}, {@code tar xzf} and {@link java.util.zip.GZIPInputStream} read.
 *
 * <p>Memory is bounded: at most {@link #window()} blocks are in flight; {@link #write} blocks the caller until the
 * oldest is written when the window is full. The level can be changed between writes ({@link #level(int)}), for the
 * data written after the call.
 *
 * <p>Errors: an exception of the underlying stream or of a compressing thread is thrown as an {@link IOException} by
 * the call that meets it, and by every later call; the stream is then unusable. {@link #close()} and {@link #abort()}
 * always stop the threads (they are gone when the call returns) and free the deflaters.
 *
 * <p>Not thread-safe: one thread writes.
 */
final class ParallelGzipOutputStream extends OutputStream {
    /** Default block: uncompressed bytes deflated by one task. */
    static final int DEFAULT_BLOCK = 256 * 1024;
    /** Deflate's window: what a block may refer back to. */
    static final int DICTIONARY = 32 * 1024;
    private static final byte[] HEADER = {0x1f, (byte) 0x8b, Deflater.DEFLATED, 0, 0, 0, 0, 0, 0, 0};
    private static final AtomicInteger STREAMS = new AtomicInteger();
    /** Prefix of the names of the compressing threads. */
    static final String THREAD_PREFIX = "backup-gzip-";
    private static final long IDLE_SECONDS = 30;

    /** One block: its input, the dictionary before it, and, once deflated, its output. Reused. */
    private static final class Block {
        final byte[] in;
        byte[] dictionary = new byte[DICTIONARY];
        int dictionaryLength;
        int length;
        int level;
        boolean last;
        byte[] out;
        int outLength;
        Deflater deflater;
        int deflaterLevel;

        Block(int size) {
            this.in = new byte[size];
            this.out = new byte[size + size / 8 + 1024];
        }

        /** Runs on a compressing thread. */
        Block deflate() {
            if (deflater == null || level != deflaterLevel) {
                // A new deflater rather than setLevel: a level change must not interfere with the dictionary.
                end();
                deflater = new Deflater(level, true);
                deflaterLevel = level;
            } else {
                deflater.reset();
            }
            if (dictionaryLength > 0) {
                deflater.setDictionary(dictionary, 0, dictionaryLength);
            }
            deflater.setInput(in, 0, length);
            if (last) {
                deflater.finish();
            }
            int flush = last ? Deflater.NO_FLUSH : Deflater.SYNC_FLUSH;
            outLength = 0;
            while (true) {
                int space = out.length - outLength;
                int n = deflater.deflate(out, outLength, space, flush);
                outLength += n;
                boolean done = last ? deflater.finished() : n < space && deflater.needsInput();
                if (done) {
                    return this;
                }
                if (outLength == out.length) {
                    out = Arrays.copyOf(out, out.length * 2);
                }
            }
        }

        void end() {
            if (deflater != null) {
                deflater.end();
                deflater = null;
            }
        }
    }

    private final OutputStream out;
    private final int blockSize;
    private final int window;
    private final ExecutorService pool;
    private final List<Thread> threads = new ArrayList<>();
    private final ArrayDeque<Future<Block>> inFlight = new ArrayDeque<>();
    private final ArrayDeque<Block> free = new ArrayDeque<>();
    private final List<Block> all = new ArrayList<>();
    private final CRC32 crc = new CRC32();
    /** The last (up to) 32 KiB of input before {@link #current}, handed to it as its dictionary. */
    private byte[] history = new byte[DICTIONARY];
    private int historyLength;
    private Block current;
    private int level;
    private long size;
    private int maxInFlight;
    private int blocks;
    /** For tests: runs on the compressing thread before each block, with the block's number (0, 1, …). */
    private volatile IntConsumer beforeDeflate;
    private boolean finished;
    private boolean released;
    private boolean closed;
    private boolean aborted;
    private IOException failure;

    /** A stream at {@code level} with {@link #DEFAULT_BLOCK} blocks, one thread per processor. */
    ParallelGzipOutputStream(OutputStream out, int level) throws IOException {
        this(out, level, DEFAULT_BLOCK, Runtime.getRuntime().availableProcessors());
    }

    /**
     * @param blockSize uncompressed bytes per block, at least {@link #DICTIONARY}
     * @param threads   compressing threads; {@code 2 * threads} blocks may be in flight
     */
    ParallelGzipOutputStream(OutputStream out, int level, int blockSize, int threads) throws IOException {
        checkLevel(level);
        if (blockSize < DICTIONARY || threads < 1) {
            throw new IllegalArgumentException("blocks of at least 32 KiB and at least one thread");
        }
        this.out = out;
        this.level = level;
        this.blockSize = blockSize;
        this.window = 2 * threads;
        String name = THREAD_PREFIX + STREAMS.incrementAndGet() + "-";
        AtomicInteger n = new AtomicInteger();
        List<Thread> started = this.threads;
        ThreadPoolExecutor executor = new ThreadPoolExecutor(threads, threads, IDLE_SECONDS, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, name + n.incrementAndGet());
                    t.setDaemon(true);
                    synchronized (started) {
                        started.removeIf(old -> old.getState() == Thread.State.TERMINATED);
                        started.add(t);
                    }
                    return t;
                });
        // Idle threads end on their own: a stream that is never closed (a bug) does not keep them forever.
        executor.allowCoreThreadTimeOut(true);
        this.pool = executor;
        try {
            out.write(HEADER);
        } catch (IOException | RuntimeException e) {
            release();
            throw e;
        }
    }

    private static void checkLevel(int level) {
        if (level < 0 || level > 9) {
            throw new IllegalArgumentException("gzip levels are 0 to 9");
        }
    }

    /** Most blocks in flight at one time so far. */
    int maxInFlight() {
        return maxInFlight;
    }

    /** Blocks allocated (each with its input, output and dictionary buffers and its deflater). */
    int blocksAllocated() {
        return all.size();
    }

    /** For tests: {@code hook} runs on the compressing thread before each block, with its number. */
    void beforeDeflate(IntConsumer hook) {
        this.beforeDeflate = hook;
    }

    /** Most blocks in flight at one time, ever. */
    int window() {
        return window;
    }

    /**
     * Sets the level for the data written after this call; the data written before keeps the level it was written
     * at.
     */
    void level(int newLevel) throws IOException {
        checkLevel(newLevel);
        if (newLevel == level) {
            return;
        }
        checkUsable();
        if (current != null && current.length > 0) {
            submit(false);
        }
        level = newLevel;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        checkUsable();
        crc.update(b, off, len);
        size += len;
        while (len > 0) {
            if (current == null) {
                current = obtain();
            }
            int n = Math.min(len, blockSize - current.length);
            System.arraycopy(b, off, current.in, current.length, n);
            current.length += n;
            off += n;
            len -= n;
            if (current.length == blockSize) {
                submit(false);
            }
        }
    }

    /** Writes the blocks already deflated and flushes the underlying stream; data in the open block stays. */
    @Override
    public void flush() throws IOException {
        if (failure != null || released && !finished) {
            checkUsable();
        }
        try {
            while (!inFlight.isEmpty() && inFlight.peekFirst().isDone()) {
                drainOne();
            }
            out.flush();
        } catch (IOException e) {
            throw fail(e);
        }
    }

    /** Ends the gzip stream: deflates what is left, writes it all and the trailer; the underlying stream stays open. */
    void finish() throws IOException {
        if (finished) {
            return;
        }
        checkUsable();
        if (current == null) {
            current = obtain();
        }
        submit(true);
        try {
            while (!inFlight.isEmpty()) {
                drainOne();
            }
            byte[] trailer = new byte[8];
            int c = (int) crc.getValue();
            int s = (int) size;
            for (int i = 0; i < 4; i++) {
                trailer[i] = (byte) (c >>> (8 * i));
                trailer[4 + i] = (byte) (s >>> (8 * i));
            }
            out.write(trailer);
        } catch (IOException e) {
            throw fail(e);
        }
        finished = true;
    }

    /**
     * Finishes the stream, stops the threads and closes the underlying stream. The threads are stopped and the
     * underlying stream closed even when finishing fails, or when the stream failed earlier (whose error is thrown
     * again) or was aborted (then nothing is thrown).
     */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        IOException thrown = null;
        try {
            if (failure != null && !aborted) {
                thrown = new IOException("the gzip stream failed earlier: " + failure.getMessage(), failure);
            } else if (!released && !finished) {
                finish();
            }
        } catch (IOException e) {
            thrown = e;
        } finally {
            release();
        }
        try {
            out.close();
        } catch (IOException e) {
            if (thrown == null) {
                thrown = e;
            } else {
                thrown.addSuppressed(e);
            }
        }
        if (thrown != null) {
            throw thrown;
        }
    }

    /**
     * Gives up: stops the threads without writing anything more, frees the deflaters; every later write fails. The
     * underlying stream is left as it is. Idempotent.
     */
    void abort() {
        if (failure == null && !finished) {
            failure = new IOException("the gzip stream was aborted");
        }
        aborted = true;
        release();
    }

    private Block obtain() throws IOException {
        Block block = free.pollFirst();
        if (block == null) {
            block = new Block(blockSize);
            all.add(block);
        }
        block.length = 0;
        block.last = false;
        byte[] d = block.dictionary;
        block.dictionary = history;
        block.dictionaryLength = historyLength;
        history = d;
        historyLength = 0;
        return block;
    }

    /** Sends {@link #current} to be deflated; waits for the oldest block when the window is full. */
    private void submit(boolean last) throws IOException {
        Block block = current;
        current = null;
        block.last = last;
        block.level = level;
        // The dictionary of the next block: the last 32 KiB of what came before it, this block included.
        int fromBlock = Math.min(block.length, DICTIONARY);
        int fromDictionary = Math.min(block.dictionaryLength, DICTIONARY - fromBlock);
        System.arraycopy(block.dictionary, block.dictionaryLength - fromDictionary, history, 0, fromDictionary);
        System.arraycopy(block.in, block.length - fromBlock, history, fromDictionary, fromBlock);
        historyLength = fromDictionary + fromBlock;
        try {
            while (inFlight.size() >= window) {
                drainOne();
            }
            IntConsumer hook = beforeDeflate;
            int number = blocks++;
            inFlight.addLast(pool.submit(() -> {
                if (hook != null) {
                    hook.accept(number);
                }
                return block.deflate();
            }));
            maxInFlight = Math.max(maxInFlight, inFlight.size());
            while (!inFlight.isEmpty() && inFlight.peekFirst().isDone()) {
                drainOne();
            }
        } catch (IOException e) {
            throw fail(e);
        } catch (RuntimeException e) {
            // The pool refused the task: it was stopped.
            throw fail(new IOException("the gzip threads were stopped: " + e, e));
        }
    }

    /** Waits for the oldest block in flight and writes its output. */
    private void drainOne() throws IOException {
        Future<Block> oldest = inFlight.peekFirst();
        Block block;
        try {
            block = oldest.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while compressing");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Error error) {
                throw new IOException("compressing a block failed: " + cause, error);
            }
            throw new IOException("compressing a block failed: " + cause, cause);
        }
        inFlight.removeFirst();
        out.write(block.out, 0, block.outLength);
        free.addLast(block);
    }

    private void checkUsable() throws IOException {
        if (failure != null) {
            throw new IOException("the gzip stream failed earlier: " + failure.getMessage(), failure);
        }
        if (released || finished) {
            throw new IOException("the gzip stream is " + (finished ? "finished" : "closed"));
        }
    }

    private IOException fail(IOException e) {
        if (failure == null) {
            failure = e;
        }
        release();
        return e;
    }

    /** Stops the threads, waits until they are gone, ends the deflaters. */
    private void release() {
        if (released) {
            return;
        }
        released = true;
        pool.shutdownNow();
        // A block takes milliseconds: wait for the threads even when interrupted (a cancel), so that no deflater is
        // ended while in use and no thread outlives the stream; the interrupt is kept for the caller.
        boolean interrupted = Thread.interrupted();
        List<Thread> started;
        synchronized (threads) {
            started = List.copyOf(threads);
        }
        for (Thread t : started) {
            while (t.isAlive()) {
                try {
                    t.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        for (Block block : all) {
            block.end();
        }
        inFlight.clear();
        free.clear();
        current = null;
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
