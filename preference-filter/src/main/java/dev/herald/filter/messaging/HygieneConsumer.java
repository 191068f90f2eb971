package dev.herald.filter.messaging;

import dev.herald.common.contract.SuppressionMessage;
import dev.herald.common.messaging.MessageCodec;
import dev.herald.filter.config.FilterConfig;
import dev.herald.filter.repository.ChangeFeed;
import dev.herald.filter.repository.SuppressionRepository;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Consumes hygiene feedback ({@code herald.hygiene.filter}: hard bounces, invalid numbers, unregistered tokens) into
 * the tenant's suppression list, so the next notification to that address is suppressed. A message is acked once
 * the row is committed; an undecodable or incomplete one is dead-lettered; while the database is unavailable the
 * message is held and stored again after a growing pause, as {@link EventConsumer} does.
 */
@ApplicationScoped
public class HygieneConsumer {

    private final MessageCodec codec;
    private final SuppressionRepository suppressions;
    private final ChangeFeed feed;
    private final RetryBackoff backoff;
    private volatile boolean stopping;

    HygieneConsumer(MessageCodec codec, SuppressionRepository suppressions, ChangeFeed feed, FilterConfig config) {
        this.codec = codec;
        this.suppressions = suppressions;
        this.feed = feed;
        this.backoff = new RetryBackoff(config.retry().initialBackoff(), config.retry().maxBackoff());
    }

    @Incoming("hygiene")
    public Uni<Void> onSuppression(Message<Object> message) {
        SuppressionMessage suppression;
        try {
            suppression = requireComplete(codec.decode(message.getPayload(), SuppressionMessage.class));
        } catch (MessageCodec.PoisonMessageException e) {
            Log.errorf("dead-lettering a hygiene message that cannot be processed: %s", e.getMessage());
            return Uni.createFrom().completionStage(() -> message.nack(e));
        }
        return store(suppression, 1)
                .onItemOrFailure().transformToUni((added, failure) -> {
                    if (failure == null) {
                        if (added) {
                            Log.infof("%s address suppressed for tenant %s: %s", suppression.channel().wireName(),
                                    suppression.tenant(), suppression.reason());
                        }
                        return Uni.createFrom().completionStage(message::ack);
                    }
                    if (invalidData(failure)) {
                        Log.errorf("dead-lettering a hygiene message the database refuses: %s", failure.getMessage());
                        return Uni.createFrom().completionStage(() -> message.nack(failure));
                    }
                    // Shutting down: leave it unacknowledged; RabbitMQ redelivers it.
                    return Uni.createFrom().voidItem();
                });
    }

    private Uni<Boolean> store(SuppressionMessage message, int attempt) {
        var suppression = new SuppressionRepository.Suppression(message.channel(), message.address(), message.reason(),
                message.detail(), message.notificationId(), message.at());
        return Uni.createFrom().deferred(() -> suppressions.add(message.tenant(), suppression))
                .invoke(added -> feed.changedHere(ChangeFeed.Change.suppression(message.tenant(), message.channel(),
                        message.address())))
                .onFailure(failure -> !stopping && !invalidData(failure)).recoverWithUni(failure -> {
                    Duration pause = backoff.after(attempt);
                    Log.warnf("storing a suppression failed (%s); retrying in %s", failure.getMessage(), pause);
                    return Uni.createFrom().voidItem().onItem().delayIt().by(pause).chain(() -> store(message, attempt + 1));
                });
    }

    /** PostgreSQL refused the values themselves (data exception or constraint violation): retrying cannot help. */
    private static boolean invalidData(Throwable failure) {
        return failure instanceof PgException pg && pg.getSqlState() != null
                && (pg.getSqlState().startsWith("22") || pg.getSqlState().startsWith("23"));
    }

    static SuppressionMessage requireComplete(SuppressionMessage message) {
        if (message == null) {
            throw new MessageCodec.PoisonMessageException("the hygiene message is empty");
        }
        List<String> missing = new ArrayList<>();
        if (message.tenant() == null || message.tenant().isBlank()) {
            missing.add("tenant");
        }
        if (message.channel() == null) {
            missing.add("channel");
        }
        if (message.address() == null || message.address().isBlank()) {
            missing.add("address");
        }
        if (message.reason() == null || message.reason().isBlank()) {
            missing.add("reason");
        }
        if (!missing.isEmpty()) {
            throw new MessageCodec.PoisonMessageException("hygiene message lacks " + missing);
        }
        return message;
    }

    void stop(@Observes ShutdownEvent event) {
        stopping = true;
    }
}
