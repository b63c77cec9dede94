package example.otaplan;

import java.lang.ref.Cleaner;
import java.util.concurrent.locks.StampedLock;

/**
 * What a compiled plan or a set holds in C, shared by threads and freed
 * once: a call enters in read mode, {@link #close()} frees in write mode,
 * so it waits for the calls in flight, and a call after it is refused.
 * A holder never closed is freed by a {@link Cleaner} once unreachable.
 * (A StampedLock: one CAS to enter and one to leave, no per-thread count;
 * the calls do not nest.)
 */
final class Guard {
    static final Cleaner CLEANER = Cleaner.create();

    private final StampedLock lock = new StampedLock();
    private final Cleaner.Cleanable cleanable;
    private final String what;
    private boolean closed; // under the lock

    /** `free` must not refer to `owner`, or the owner is never unreachable. */
    Guard(Object owner, Runnable free, String what) {
        this.cleanable = CLEANER.register(owner, free);
        this.what = what;
    }

    long enter() {
        long stamp = lock.readLock();
        if (closed) {
            lock.unlockRead(stamp);
            throw new OtaplanException(OtaplanException.CLOSED, "the " + what + " is closed");
        }
        return stamp;
    }

    void exit(long stamp) {
        lock.unlockRead(stamp);
    }

    void close() {
        long stamp = lock.writeLock();
        try {
            if (!closed) {
                closed = true;
                cleanable.clean();
            }
        } finally {
            lock.unlockWrite(stamp);
        }
    }
}
