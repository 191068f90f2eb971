package dev.herald.bench.load;

import java.util.concurrent.atomic.AtomicLong;

/** Hands out recipients in turn across all phases, so consecutive events go to different users. */
public final class UserCursor {

    private final int users;
    private final AtomicLong next = new AtomicLong();

    public UserCursor(int users) {
        this.users = users;
    }

    /** The first of {@code count} consecutive users (wrapping around) for the next event. */
    public int take(int count) {
        return (int) (next.getAndAdd(count) % users);
    }

    public int user(int first, int offset) {
        return (first + offset) % users;
    }
}
