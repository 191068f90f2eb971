package dev.herald.tracker.rest;

import java.util.List;

/** A page of a notification listing; {@code nextCursor} is null on the last page. */
public record NotificationPage(List<NotificationView> items, String nextCursor) {
}
