package dev.herald.sandbox.service;

import dev.herald.sandbox.config.SandboxConfig;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the providers received, oldest first, bounded: past the capacity the oldest messages are dropped.
 * Lock-free, so recording stays cheap on the event loop while benchmarks push thousands of messages a second.
 */
@Singleton
public class MessageRecorder {

    private final ConcurrentLinkedDeque<RecordedMessage> messages = new ConcurrentLinkedDeque<>();
    private final AtomicInteger size = new AtomicInteger();
    private final int capacity;

    @Inject
    MessageRecorder(SandboxConfig config) {
        this(config.recording().maxMessages());
    }

    MessageRecorder(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("herald.sandbox.recording.max-messages must be at least 1, not " + capacity);
        }
        this.capacity = capacity;
    }

    public void record(RecordedMessage message) {
        messages.addLast(message);
        if (size.incrementAndGet() > capacity && messages.pollFirst() != null) {
            size.decrementAndGet();
        }
    }

    /**
     * The recorded messages matching the filters, oldest first.
     *
     * @param channel null for every channel
     * @param to      null for every recipient; compared ignoring case
     * @param limit   at most this many, the newest ones; 0 for no limit
     */
    public List<RecordedMessage> find(SandboxChannel channel, String to, int limit) {
        if (limit <= 0) {
            List<RecordedMessage> found = new ArrayList<>();
            for (RecordedMessage message : messages) {
                if (matches(message, channel, to)) {
                    found.add(message);
                }
            }
            return found;
        }
        List<RecordedMessage> newestFirst = new ArrayList<>(Math.min(limit, 1024));
        for (Iterator<RecordedMessage> it = messages.descendingIterator(); it.hasNext() && newestFirst.size() < limit; ) {
            RecordedMessage message = it.next();
            if (matches(message, channel, to)) {
                newestFirst.add(message);
            }
        }
        Collections.reverse(newestFirst);
        return newestFirst;
    }

    public int count(SandboxChannel channel, String to) {
        if (channel == null && to == null) {
            return Math.max(size.get(), 0);
        }
        int count = 0;
        for (RecordedMessage message : messages) {
            if (matches(message, channel, to)) {
                count++;
            }
        }
        return count;
    }

    /** Forgets every recorded message and answers how many there were. */
    public int clear() {
        int cleared = 0;
        while (messages.pollFirst() != null) {
            size.decrementAndGet();
            cleared++;
        }
        return cleared;
    }

    public int capacity() {
        return capacity;
    }

    private static boolean matches(RecordedMessage message, SandboxChannel channel, String to) {
        return (channel == null || message.channel() == channel)
                && (to == null || to.equalsIgnoreCase(message.to()));
    }
}
