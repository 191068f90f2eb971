package dev.herald.channel.core.service;

import dev.herald.channel.core.config.ChannelConfig;
import dev.herald.channel.core.messaging.DispositionPublisher;
import dev.herald.channel.core.provider.ChannelProvider;
import dev.herald.channel.core.provider.Redaction;
import dev.herald.channel.core.provider.RenderedNotification;
import dev.herald.channel.core.provider.SendOutcome;
import dev.herald.channel.core.template.NotificationRenderer;
import dev.herald.channel.core.template.TemplateRenderingException;
import dev.herald.common.contract.DispatchMessage;
import dev.herald.common.contract.SuppressionMessage;
import dev.herald.common.contract.TraceParent;
import dev.herald.common.messaging.BrokerConfig;
import dev.herald.common.messaging.BrokerUnavailableException;
import dev.herald.common.messaging.MessageCodec;
import dev.herald.common.messaging.Topology;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The worker pipeline of every channel, for one delivered dispatch: decode, drop if expired, throttle, render, claim
 * it in the {@link SendLedger} (skip it if already sent or claimed elsewhere), send through the channel's
 * {@link ChannelProvider}, record the outcome in the ledger, classify, and publish the outcome. Blocking; runs on the
 * consumer's virtual thread.
 */
@ApplicationScoped
public class DispatchPipeline {

    private static final int RECORD_TRIES = 3;
    private static final Duration RECORD_PAUSE = Duration.ofMillis(200);
    private static final int UNRECORDED_KEPT = 10_000;

    private final ChannelProvider provider;
    private final MessageCodec codec;
    private final SendThrottle throttle;
    private final SendLedger ledger;
    private final NotificationRenderer renderer;
    private final DispositionPublisher publisher;
    private final RetrySchedule schedule;
    private final DeliveryDecider decider;
    private final Duration inFlightGrace;
    /** When this replica first found the ledger unavailable in the outage still going on, or null. */
    private final AtomicReference<Instant> ledgerDownSince = new AtomicReference<>();
    /**
     * Notifications this replica sent whose {@code sent} the ledger did not take (most recent
     * {@link #UNRECORDED_KEPT}): a copy found claimed is reported {@code sent} again instead of dead-lettered.
     */
    private final Map<UUID, SendLedger.AlreadySent> unrecorded = Collections.synchronizedMap(
            new LinkedHashMap<>(16, 0.75f, false) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<UUID, SendLedger.AlreadySent> eldest) {
                    return size() > UNRECORDED_KEPT;
                }
            });

    DispatchPipeline(ChannelProvider provider, MessageCodec codec, SendThrottle throttle, SendLedger ledger,
            NotificationRenderer renderer, DispositionPublisher publisher, ChannelConfig config,
            BrokerConfig broker) {
        this.provider = provider;
        this.codec = codec;
        this.throttle = throttle;
        this.ledger = ledger;
        this.renderer = renderer;
        this.publisher = publisher;
        this.schedule = new RetrySchedule(broker.topology().retryTiers(), config.maxAttempts(), config.retryJitter(),
                config.retryJitterMax());
        this.decider = new DeliveryDecider(schedule, provider.providerName());
        this.inFlightGrace = config.ledger().inFlightGrace();
    }

    /**
     * Processes one delivery; when it returns, the outcome is confirmed by the broker and the delivery may be
     * acknowledged.
     *
     * @throws MessageCodec.PoisonMessageException when the payload is no dispatch for this channel
     * @throws BrokerUnavailableException          when the outcome could not be published
     */
    public void process(Object payload, DispatchHeaders headers) {
        DispatchMessage dispatch = decode(payload, headers.attempt());
        Disposition disposition = decide(dispatch, headers).redriven(headers.redriveId());
        publisher.publish(disposition, TraceParent.childOf(headers.traceparent()));
        log(dispatch, disposition);
    }

    private DispatchMessage decode(Object payload, Integer attemptHeader) {
        DispatchMessage dispatch = codec.decode(payload, DispatchMessage.class);
        if (dispatch.notificationId() == null || dispatch.channel() == null) {
            throw new MessageCodec.PoisonMessageException("a dispatch needs a notificationId and a channel");
        }
        if (dispatch.channel() != provider.channel()) {
            throw new MessageCodec.PoisonMessageException("a dispatch for channel " + dispatch.channel().wireName()
                    + " reached the " + provider.channel().wireName() + " worker");
        }
        int attempt = Math.max(1, Math.max(dispatch.attempt(), attemptHeader == null ? 0 : attemptHeader));
        return attempt == dispatch.attempt() ? dispatch : dispatch.withAttempt(attempt);
    }

    private Disposition decide(DispatchMessage dispatch, DispatchHeaders headers) {
        Instant now = Instant.now();
        if (DeliveryDecider.isExpired(dispatch, now)) {
            return decider.expired(dispatch);
        }
        if (headers.notBefore() != null && now.isBefore(headers.notBefore())) {
            return decider.notYet(dispatch, headers.notBefore(), now);
        }
        // A dispatch parked at the same attempt is not a returning retry: jittering it again would only delay it.
        if (!headers.deferred()) {
            pauseForJitter(dispatch);
        }
        if (throttle.acquire(dispatch) instanceof SendThrottle.Defer defer) {
            return decider.throttled(dispatch, defer.delay());
        }
        // From here on, every way out without a provider call gives the throttle's token back.
        RenderedNotification rendered;
        try {
            rendered = renderer.render(dispatch, provider.channel(), provider.templateLayout());
        } catch (TemplateRenderingException e) {
            throttle.unused();
            return decider.renderFailed(dispatch, e.getMessage());
        }
        // The claim comes last before the provider call, so that only the call itself can leave a claim in doubt.
        SendLedger.Claim claim;
        try {
            claim = ledger.claim(dispatch, headers.redriveId());
        } catch (SendLedger.LedgerUnavailableException e) {
            throttle.unused();
            Instant failedAt = Instant.now();
            Instant since = ledgerDownSince.updateAndGet(known -> known == null ? failedAt : known);
            Log.warnf("%s %s: not sent, the send ledger is unavailable (since %s); parked, same attempt: %s",
                    dispatch.channel().wireName(), dispatch.notificationId(), since, e.getMessage());
            return decider.ledgerUnavailable(dispatch, Duration.between(since, failedAt));
        }
        ledgerDownSince.set(null);
        SendLedger.Claimed ours;
        switch (claim) {
            case SendLedger.AlreadySent sent -> {
                throttle.unused();
                return decider.alreadySent(dispatch, sent);
            }
            case SendLedger.ClaimedElsewhere elsewhere -> {
                throttle.unused();
                SendLedger.AlreadySent sentHere = unrecorded.get(dispatch.notificationId());
                return sentHere != null ? decider.alreadySent(dispatch, sentHere)
                        : decider.claimedElsewhere(dispatch, elsewhere, inFlightGrace);
            }
            case SendLedger.Claimed claimed -> ours = claimed;
        }
        SendOutcome outcome = send(rendered);
        throttle.onOutcome(outcome);
        record(dispatch, ours, outcome);
        return decider.afterSend(dispatch, outcome);
    }

    /** Spreads retries that come back from a tier together (see {@link RetrySchedule}). */
    private void pauseForJitter(DispatchMessage dispatch) {
        Duration jitter = schedule.jitterBefore(dispatch.attempt(), ThreadLocalRandom.current());
        if (!jitter.isZero()) {
            try {
                Thread.sleep(jitter);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Records the outcome of a claimed send, trying {@link #RECORD_TRIES} times (a short database hiccup must not leave
     * the claim in doubt). A failure then changes nothing about what happened at the provider: the outcome is still
     * reported. After an acceptance the row stays {@code sending}: this replica remembers the notification as sent
     * (see {@link #unrecorded}); a copy reaching another replica past the grace is dead-lettered
     * {@code outcome_unknown}, which the tracker ignores after {@code sent} and whose redrive it refuses.
     */
    private void record(DispatchMessage dispatch, SendLedger.Claimed claim, SendOutcome outcome) {
        for (int tryNo = 1; ; tryNo++) {
            try {
                if (outcome instanceof SendOutcome.Accepted accepted) {
                    ledger.recordSent(dispatch.notificationId(), provider.providerName(), accepted.providerMessageId());
                } else {
                    ledger.release(dispatch.notificationId(), claim);
                }
                return;
            } catch (SendLedger.LedgerUnavailableException e) {
                if (tryNo >= RECORD_TRIES) {
                    if (outcome instanceof SendOutcome.Accepted accepted) {
                        unrecorded.put(dispatch.notificationId(), new SendLedger.AlreadySent(provider.providerName(),
                                accepted.providerMessageId(), dispatch.attempt()));
                    }
                    Log.warnf("%s %s: the outcome could not be recorded in the send ledger (%s); the claim stays"
                            + " sending (%s)", dispatch.channel().wireName(), dispatch.notificationId(),
                            e.getMessage(), outcome instanceof SendOutcome.Accepted
                                    ? "a copy on another replica past the grace is dead-lettered "
                                            + DeliveryDecider.OUTCOME_UNKNOWN
                                    : "the next attempt takes it over");
                    return;
                }
                try {
                    Thread.sleep(RECORD_PAUSE.multipliedBy(tryNo));
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    private SendOutcome send(RenderedNotification rendered) {
        try {
            SendOutcome outcome = provider.send(rendered);
            if (outcome == null) {
                return new SendOutcome.TransientFailure("no_outcome", provider.providerName() + " adapter returned no outcome");
            }
            return outcome;
        } catch (RuntimeException e) {
            Log.errorf(e, "%s adapter threw instead of classifying the failure of %s", provider.providerName(),
                    rendered.dispatch().notificationId());
            return new SendOutcome.TransientFailure("adapter_error", e.getClass().getSimpleName());
        }
    }

    private void log(DispatchMessage dispatch, Disposition disposition) {
        switch (disposition) {
            case Disposition.Report report -> {
                if (!report.suppressions().isEmpty()) {
                    // The addresses themselves stay out of the log; the hygiene messages carry them.
                    Log.infof("%s %s: %d dead address(es) reported to %s: %s", dispatch.channel().wireName(),
                            dispatch.notificationId(), report.suppressions().size(), Topology.HYGIENE_EXCHANGE,
                            report.suppressions().stream().map(SuppressionMessage::reason).distinct().toList());
                }
                if (report.status().reason() == null) {
                    Log.debugf("%s %s: %s (attempt %d)", dispatch.channel().wireName(), dispatch.notificationId(),
                            report.status().state().wireName(), dispatch.attempt());
                } else {
                    Log.infof("%s %s: %s (attempt %d): %s", dispatch.channel().wireName(), dispatch.notificationId(),
                            report.status().state().wireName(), dispatch.attempt(), report.status().reason());
                }
            }
            case Disposition.Retry retry -> Log.infof("%s %s: retrying in %s: %s", dispatch.channel().wireName(),
                    dispatch.notificationId(), retry.tier(), retry.status().reason());
            case Disposition.Defer defer -> Log.debugf("%s %s: parked, same attempt, for %s", dispatch.channel().wireName(),
                    dispatch.notificationId(), defer.tier());
            case Disposition.DeadLetter deadLetter -> Log.warnf("%s %s: dead-lettered: %s",
                    dispatch.channel().wireName(), dispatch.notificationId(), Redaction.reason(deadLetter.reason()));
        }
    }
}
