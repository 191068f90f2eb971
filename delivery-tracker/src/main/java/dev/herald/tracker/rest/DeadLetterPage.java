package dev.herald.tracker.rest;

import java.util.List;

/** A page of pending dead letters, oldest first; {@code nextCursor} is null on the last page. */
public record DeadLetterPage(List<DeadLetterView> items, String nextCursor) {
}
