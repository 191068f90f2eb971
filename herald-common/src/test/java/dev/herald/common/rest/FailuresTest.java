package dev.herald.common.rest;

import dev.herald.common.messaging.BrokerUnavailableException;
import io.smallrye.mutiny.CompositeException;
import org.junit.jupiter.api.Test;

import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class FailuresTest {

    @Test
    void findsTheBrokerFailureBehindACompositeWhoseFirstCauseIsAnother() {
        Throwable composite = new CompositeException(List.of(new IllegalStateException("release failed"),
                new BrokerUnavailableException("RabbitMQ is not reachable")));

        assertThat(Failures.any(composite, BrokerUnavailableException.class::isInstance)).isTrue();
        assertThat(Failures.any(new IllegalStateException("bug"), BrokerUnavailableException.class::isInstance)).isFalse();
    }

    @Test
    void aRefusedDatabaseConnectionDeepInTheCausesIsUnreachableButABugIsNot() {
        Throwable refused = new UncheckedIOException(new java.io.IOException(new ConnectException("Connection refused")));

        assertThat(DatabaseFailures.unreachable(refused)).isTrue();
        assertThat(DatabaseFailures.unreachable(new NullPointerException())).isFalse();
    }
}
