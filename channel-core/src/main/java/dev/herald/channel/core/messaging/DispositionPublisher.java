package dev.herald.channel.core.messaging;

import dev.herald.channel.core.service.DispatchHeaders;
import dev.herald.channel.core.service.Disposition;
import dev.herald.common.contract.Channel;
import dev.herald.common.contract.MessageHeaders;
import dev.herald.common.contract.StatusMessage;
import dev.herald.common.contract.SuppressionMessage;
import dev.herald.common.messaging.BrokerUnavailableException;
import dev.herald.common.messaging.ConfirmingPublisher;
import dev.herald.common.messaging.Topology;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Carries out a {@link Disposition} on the broker: statuses to {@code herald.status}, dead addresses to
 * {@code herald.hygiene}, retries to the channel's tier on {@code herald.retry}, dead letters to {@code herald.dlx}.
 * Returns only once the broker confirmed every publish, so the caller may then acknowledge the dispatch.
 */
@ApplicationScoped
public class DispositionPublisher {

    private final ConfirmingPublisher publisher;

    DispositionPublisher(ConfirmingPublisher publisher) {
        this.publisher = publisher;
    }

    /** @throws BrokerUnavailableException when the broker did not confirm every publish */
    public void publish(Disposition disposition, String traceparent) {
        List<CompletableFuture<Void>> publishes = switch (disposition) {
            case Disposition.Report report -> {
                List<CompletableFuture<Void>> all = new ArrayList<>();
                all.add(status(report.status(), traceparent));
                report.suppressions().forEach(suppression -> all.add(hygiene(suppression, traceparent)));
                yield all;
            }
            case Disposition.Retry retry -> List.of(
                    publisher.publish(Topology.RETRY_EXCHANGE,
                            Topology.retryRoutingKey(retry.next().channel(), retry.tier()), retry.next(), traceparent,
                            parkedHeaders(retry.next().attempt(), retry.notBefore(), retry.redriveId(), false)),
                    status(retry.status(), traceparent));
            case Disposition.Defer defer -> List.of(
                    publisher.publish(Topology.RETRY_EXCHANGE,
                            Topology.retryRoutingKey(defer.dispatch().channel(), defer.tier()), defer.dispatch(),
                            traceparent, parkedHeaders(defer.dispatch().attempt(), defer.notBefore(),
                                    defer.redriveId(), true)));
            case Disposition.DeadLetter deadLetter -> List.of(
                    publisher.publish(Topology.DEAD_LETTER_EXCHANGE, deadLetterRoutingKey(deadLetter.dispatch().channel()),
                            deadLetter.dispatch(), traceparent,
                            Map.of(MessageHeaders.ATTEMPT, deadLetter.dispatch().attempt(),
                                    MessageHeaders.DEAD_LETTER_REASON, deadLetter.reason())),
                    status(deadLetter.status(), traceparent));
        };
        awaitConfirms(publishes);
    }

    /**
     * A parked dispatch keeps its redrive id: back from the tier, it may still take over the claim it was redriven
     * for. One parked at the same attempt is marked deferred.
     */
    private static Map<String, Object> parkedHeaders(int attempt, Instant notBefore, String redriveId,
            boolean deferred) {
        Map<String, Object> headers = new HashMap<>();
        headers.put(MessageHeaders.ATTEMPT, attempt);
        if (deferred) {
            // Back from the tier, it is not a returning retry: no jitter again.
            headers.put(DispatchHeaders.DEFERRED, true);
        }
        if (notBefore != null) {
            headers.put(MessageHeaders.NOT_BEFORE, notBefore.toEpochMilli());
        }
        if (redriveId != null) {
            headers.put(MessageHeaders.REDRIVE, redriveId);
        }
        return headers;
    }

    private CompletableFuture<Void> status(StatusMessage status, String traceparent) {
        return publisher.publish(Topology.STATUS_EXCHANGE, status.routingKey(), status, traceparent);
    }

    /** {@code herald.hygiene} is a fanout; the channel as routing key only tells a reader where it came from. */
    private CompletableFuture<Void> hygiene(SuppressionMessage suppression, String traceparent) {
        return publisher.publish(Topology.HYGIENE_EXCHANGE, suppression.channel().wireName(), suppression, traceparent);
    }

    private static String deadLetterRoutingKey(Channel channel) {
        return Topology.deadLetterRoutingKey(channel.workQueue());
    }

    private static void awaitConfirms(List<CompletableFuture<Void>> publishes) {
        try {
            CompletableFuture.allOf(publishes.toArray(CompletableFuture[]::new)).join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw new BrokerUnavailableException("publishing the outcome failed", e.getCause());
        }
    }
}
