package dev.herald.channel.core.service;

import dev.herald.channel.core.provider.Redaction;
import dev.herald.channel.core.provider.SendOutcome;
import dev.herald.common.contract.DispatchMessage;
import dev.herald.common.contract.NotificationState;
import dev.herald.common.contract.StatusMessage;
import dev.herald.common.contract.SuppressionMessage;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Turns what happened to a dispatch into its {@link Disposition}. Pure: it decides, the messaging layer publishes. */
public final class DeliveryDecider {

    /** The dead-letter reason (and its first word) of a send whose outcome nobody recorded. */
    public static final String OUTCOME_UNKNOWN = "outcome_unknown";

    private final RetrySchedule schedule;
    private final String provider;

    public DeliveryDecider(RetrySchedule schedule, String provider) {
        this.schedule = schedule;
        this.provider = provider;
    }

    public Disposition afterSend(DispatchMessage dispatch, SendOutcome outcome) {
        return switch (outcome) {
            case SendOutcome.Accepted accepted -> report(dispatch,
                    StatusMessage.of(dispatch, NotificationState.SENT, provider, accepted.providerMessageId(), null),
                    accepted.deadAddresses());
            case SendOutcome.PermanentFailure failure -> report(dispatch, StatusMessage.of(dispatch,
                    NotificationState.FAILED, provider, null, describe(failure.code(), failure.reason())),
                    failure.deadAddresses());
            case SendOutcome.TransientFailure failure -> afterTransientFailure(dispatch, failure);
        };
    }

    public Disposition alreadySent(DispatchMessage dispatch, SendLedger.AlreadySent entry) {
        return new Disposition.Report(StatusMessage.of(dispatch, NotificationState.SENT, entry.provider(),
                entry.providerMessageId(), "already sent (attempt " + entry.attempt()
                        + "); redelivery acknowledged without sending again"));
    }

    /**
     * Another attempt claimed the notification {@code age} ago and recorded no outcome. Within the in-flight grace it
     * may still be sending (the same dispatch published twice): come back later, same attempt. Past it, the outcome
     * is unknown: it may or may not have reached the provider, so it is not resent but dead-lettered for an operator.
     */
    public Disposition claimedElsewhere(DispatchMessage dispatch, SendLedger.ClaimedElsewhere claim, Duration grace) {
        if (claim.age().compareTo(grace) < 0) {
            return new Disposition.Defer(dispatch, schedule.tierAtLeast(grace.minus(claim.age())));
        }
        String reason = OUTCOME_UNKNOWN + ": attempt " + claim.attempt() + " claimed it "
                + human(claim.age()) + " ago and recorded no outcome, so the provider may or may not have it;"
                + " not resent automatically (redrive to send it again)";
        return new Disposition.DeadLetter(dispatch, reason,
                StatusMessage.of(dispatch, NotificationState.DEAD_LETTERED, provider, null, reason));
    }

    /**
     * The ledger could not be asked, so the send must not happen. Not a failed attempt (nothing reached the provider,
     * and a database outage longer than the retry schedule must not dead-letter every dispatch): the dispatch is
     * parked, same attempt, in the tier at least as long as the ledger has been unavailable so far (the first tier at
     * first), so the waits grow with the outage up to the longest tier. No status: nothing happened to it yet.
     */
    public Disposition ledgerUnavailable(DispatchMessage dispatch, Duration unavailableFor) {
        return new Disposition.Defer(dispatch, schedule.tierAtLeast(unavailableFor));
    }

    public Disposition expired(DispatchMessage dispatch) {
        return new Disposition.Report(StatusMessage.of(dispatch, NotificationState.EXPIRED, null, null,
                "expired at " + dispatch.expiresAt() + " before it could be sent"));
    }

    public Disposition renderFailed(DispatchMessage dispatch, String reason) {
        return new Disposition.Report(StatusMessage.of(dispatch, NotificationState.FAILED, null, null,
                "template: " + Redaction.reason(reason)));
    }

    public Disposition throttled(DispatchMessage dispatch, Duration delay) {
        return new Disposition.Defer(dispatch, schedule.tierAtLeast(delay));
    }

    /** Back from a tier before the provider's Retry-After: park it again, same attempt, until then. */
    public Disposition notYet(DispatchMessage dispatch, Instant notBefore, Instant now) {
        return new Disposition.Defer(dispatch, schedule.tierAtLeast(Duration.between(now, notBefore)), notBefore);
    }

    public static boolean isExpired(DispatchMessage dispatch, Instant now) {
        return dispatch.expiresAt() != null && !now.isBefore(dispatch.expiresAt());
    }

    private Disposition afterTransientFailure(DispatchMessage dispatch, SendOutcome.TransientFailure failure) {
        int attempt = dispatch.attempt();
        String cause = describe(failure.code(), failure.reason());
        if (schedule.exhausted(attempt)) {
            String reason = "gave up after " + attempt + " attempts; last error " + cause;
            return new Disposition.DeadLetter(dispatch, reason,
                    StatusMessage.of(dispatch, NotificationState.DEAD_LETTERED, provider, null, reason));
        }
        Duration tier = schedule.tierAfter(attempt, failure.retryAfter());
        String reason = "attempt " + attempt + " of " + schedule.maxAttempts() + " failed: " + cause
                + "; next attempt in " + human(tier);
        Instant notBefore = null;
        if (failure.retryAfter().isPresent() && failure.retryAfter().get().compareTo(tier) > 0) {
            // Longer than the longest tier: the dispatch is parked again on its return until the provider's time.
            notBefore = Instant.now().plus(failure.retryAfter().get());
            reason = reason.substring(0, reason.lastIndexOf("; next attempt in ")) + "; next attempt in "
                    + human(failure.retryAfter().get()) + " (Retry-After)";
        }
        return new Disposition.Retry(dispatch.withAttempt(attempt + 1), tier,
                StatusMessage.of(dispatch, NotificationState.RETRYING, provider, null, reason), notBefore);
    }

    /** The status, and one hygiene message per dead address, stamped with the status's time. */
    private static Disposition report(DispatchMessage dispatch, StatusMessage status,
            List<SendOutcome.DeadAddress> deadAddresses) {
        List<SuppressionMessage> suppressions = deadAddresses.stream()
                .map(dead -> new SuppressionMessage(SuppressionMessage.SCHEMA_VERSION, dispatch.tenant(),
                        dispatch.channel(), dead.address(), dead.reason(), Redaction.reason(dead.detail()),
                        dispatch.notificationId(), status.at()))
                .toList();
        return new Disposition.Report(status, suppressions);
    }

    private static String human(Duration duration) {
        return duration.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString().substring(2).toLowerCase();
    }

    private static String describe(String code, String reason) {
        String cleaned = Redaction.reason(reason);
        return cleaned == null || cleaned.isEmpty() ? code : code + " (" + cleaned + ")";
    }
}
