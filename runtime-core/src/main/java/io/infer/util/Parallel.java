package io.infer.util;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A fixed pool of worker threads that runs the indices {@code [0, n)} of a {@link Body} in parallel, with the
 * calling thread taking part. Unlike parallel streams it allocates nothing per call, so the CPU forward pass can
 * use it on every matrix product of every token. One job runs at a time; a job started from inside a job runs on
 * the calling thread.
 */
public final class Parallel {

    /** The work of one index; implementations are reused objects whose fields describe the current job. */
    @FunctionalInterface
    public interface Body {
        void run(int index);
    }

    private static final int WORKERS = Math.max(0, Runtime.getRuntime().availableProcessors() - 1);
    private static final Object JOB = new Object();
    private static final Thread[] threads = new Thread[WORKERS];
    /** (job id << 32) | next index: a claim is a CAS on both, so a late worker can never take an index of a newer job. */
    private static final AtomicLong next = new AtomicLong();
    /** A value of {@link #next} that matches no job. */
    private static final long CLOSED = -1L;
    private static final AtomicInteger finished = new AtomicInteger();
    private static volatile Body body;
    private static volatile int count;
    private static volatile long generation;
    /** The thread running the current job's caller side; null between jobs. */
    private static volatile Thread caller;
    private static volatile Throwable failure;

    static {
        for (int i = 0; i < WORKERS; i++) {
            Thread t = new Thread(Parallel::workerLoop, "infer-cpu-" + i);
            t.setDaemon(true);
            threads[i] = t;
            t.start();
        }
    }

    private Parallel() {
    }

    /** Threads that take part in a job: the workers and the caller. */
    public static int threads() {
        return WORKERS + 1;
    }

    public static void forEach(int n, Body b) {
        if (n <= 0) {
            return;
        }
        Thread self = Thread.currentThread();
        // a job started from inside a job (by its caller or a worker) runs inline: the pool is busy with the outer one
        if (n == 1 || WORKERS == 0 || self == caller || isWorker(self)) {
            for (int i = 0; i < n; i++) {
                b.run(i);
            }
            return;
        }
        synchronized (JOB) {
            long job = generation + 1;
            // Close the previous job before touching its fields: a worker that read the new count but holds a
            // stale (job, index) pair must fail its claim, not take an index of the old job to this job's body.
            next.set(CLOSED);
            failure = null;
            body = b;
            count = n;
            caller = Thread.currentThread();
            finished.set(0);
            next.set(job << 32); // publishes body and count to whoever claims an index of this job
            generation = job;
            for (Thread t : threads) {
                LockSupport.unpark(t);
            }
            work(job);
            int spins = 0;
            while (finished.get() < n) {
                if (++spins < 10_000) {
                    Thread.onSpinWait();
                } else {
                    LockSupport.parkNanos(50_000);
                }
            }
            body = null;
            caller = null;
            Throwable f = failure;
            if (f != null) {
                failure = null;
                if (f instanceof RuntimeException re) {
                    throw re;
                }
                if (f instanceof Error e) {
                    throw e;
                }
                throw new IllegalStateException(f);
            }
        }
    }

    private static boolean isWorker(Thread t) {
        for (Thread w : threads) {
            if (w == t) {
                return true;
            }
        }
        return false;
    }

    private static void work(long job) {
        while (true) {
            long v = next.get();
            if (v >>> 32 != job) {
                return;
            }
            int i = (int) v;
            if (i >= count) {
                return;
            }
            if (!next.compareAndSet(v, v + 1)) {
                continue;
            }
            try {
                body.run(i);
            } catch (Throwable t) {
                if (failure == null) {
                    failure = t;
                }
            } finally {
                if (finished.incrementAndGet() == count) {
                    Thread c = caller;
                    if (c != null) {
                        LockSupport.unpark(c);
                    }
                }
            }
        }
    }

    private static void workerLoop() {
        long seen = 0;
        while (true) {
            while (generation == seen) {
                LockSupport.park(Parallel.class);
            }
            seen = generation;
            work(seen);
        }
    }
}
