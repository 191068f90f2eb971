package dev.herald.tracker.rest;

/**
 * The answer to a provider webhook: how many events it carried, how many were new (a re-sent event is not), and how
 * many named no notification at all and were skipped. Stored events are applied to their notifications right after.
 */
public record WebhookReceipt(int received, int stored, int skipped) {
}
