package dev.herald.channel.core.service;

import dev.herald.channel.core.provider.SendOutcome;
import dev.herald.common.contract.Channel;
import dev.herald.common.contract.DispatchMessage;
import dev.herald.common.contract.NotificationIds;
import dev.herald.common.contract.NotificationState;
import dev.herald.common.contract.SuppressionMessage;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DeliveryDeciderTest {

    private final DeliveryDecider decider = new DeliveryDecider(
            new RetrySchedule(List.of(Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(30)), 3),
            "acme");

    @Test
    void reportsSentWithTheProvidersMessageId() {
        Disposition disposition = decider.afterSend(dispatch(1), new SendOutcome.Accepted("msg-1"));

        Disposition.Report report = assertInstanceOf(Disposition.Report.class, disposition);
        assertEquals(NotificationState.SENT, report.status().state());
        assertEquals("acme", report.status().provider());
        assertEquals("msg-1", report.status().providerMessageId());
        assertEquals("email.sent", report.status().routingKey());
    }

    @Test
    void reportsAPermanentFailureAsFailedWithItsReason() {
        Disposition disposition = decider.afterSend(dispatch(1),
                new SendOutcome.PermanentFailure("http_400", "bad recipient jane.doe@example.com"));

        Disposition.Report report = assertInstanceOf(Disposition.Report.class, disposition);
        assertEquals(NotificationState.FAILED, report.status().state());
        assertEquals("http_400 (bad recipient ***@example.com)", report.status().reason());
    }

    @Test
    void reportsNothingToHygieneWhenTheProviderNamedNoDeadAddress() {
        Disposition.Report report = assertInstanceOf(Disposition.Report.class,
                decider.afterSend(dispatch(1), new SendOutcome.Accepted("msg-1")));

        assertEquals(List.of(), report.suppressions());
    }

    @Test
    void reportsEachDeadAddressOfASentNotificationToHygiene() {
        DispatchMessage dispatch = dispatch(1);
        Disposition disposition = decider.afterSend(dispatch, new SendOutcome.Accepted("msg-1", List.of(
                new SendOutcome.DeadAddress("token-a", "unregistered_token", "unregistered_token: gone"),
                new SendOutcome.DeadAddress("token-b", "unregistered_token", "invalid_token: bad"))));

        Disposition.Report report = assertInstanceOf(Disposition.Report.class, disposition);
        assertEquals(NotificationState.SENT, report.status().state());
        assertEquals(2, report.suppressions().size());
        SuppressionMessage first = report.suppressions().getFirst();
        assertEquals(new SuppressionMessage(SuppressionMessage.SCHEMA_VERSION, "default", Channel.EMAIL, "token-a",
                "unregistered_token", "unregistered_token: gone", dispatch.notificationId(), report.status().at()), first);
        assertEquals("token-b", report.suppressions().get(1).address());
    }

    @Test
    void reportsTheDeadAddressOfAPermanentFailureToHygieneWithTheDetailMasked() {
        Disposition disposition = decider.afterSend(dispatch(1), new SendOutcome.PermanentFailure("twilio_21211",
                "invalid 'To' number", List.of(new SendOutcome.DeadAddress("+436641234567", "invalid_number",
                        "twilio_21211: The 'To' number +436641234567 is not a valid phone number."))));

        Disposition.Report report = assertInstanceOf(Disposition.Report.class, disposition);
        assertEquals(NotificationState.FAILED, report.status().state());
        SuppressionMessage suppression = report.suppressions().getFirst();
        assertEquals("+436641234567", suppression.address());
        assertEquals("invalid_number", suppression.reason());
        assertEquals("twilio_21211: The 'To' number *** is not a valid phone number.", suppression.detail());
    }

    @Test
    void retriesATransientFailureWithTheNextAttemptInTheAttemptsTier() {
        DispatchMessage dispatch = dispatch(2);
        Disposition disposition = decider.afterSend(dispatch,
                new SendOutcome.TransientFailure("http_503", "unavailable"));

        Disposition.Retry retry = assertInstanceOf(Disposition.Retry.class, disposition);
        assertEquals(3, retry.next().attempt());
        assertEquals(dispatch.notificationId(), retry.next().notificationId());
        assertEquals(Duration.ofSeconds(5), retry.tier());
        assertEquals(NotificationState.RETRYING, retry.status().state());
        assertEquals(2, retry.status().attempt());
        assertTrue(retry.status().reason().contains("http_503"), retry.status().reason());
    }

    @Test
    void retriesNoSoonerThanTheProvidersRetryAfter() {
        Disposition disposition = decider.afterSend(dispatch(1),
                new SendOutcome.TransientFailure("http_429", "slow down", Optional.of(Duration.ofSeconds(20))));

        assertEquals(Duration.ofSeconds(30), assertInstanceOf(Disposition.Retry.class, disposition).tier());
    }

    @Test
    void deadLettersATransientFailureOfTheLastAttempt() {
        Disposition disposition = decider.afterSend(dispatch(3),
                new SendOutcome.TransientFailure("io_error", "connection reset"));

        Disposition.DeadLetter deadLetter = assertInstanceOf(Disposition.DeadLetter.class, disposition);
        assertEquals(3, deadLetter.dispatch().attempt());
        assertEquals(NotificationState.DEAD_LETTERED, deadLetter.status().state());
        assertTrue(deadLetter.reason().startsWith("gave up after 3 attempts"), deadLetter.reason());
    }

    @Test
    void defersAThrottledDispatchWithoutSpendingAnAttempt() {
        Disposition disposition = decider.throttled(dispatch(2), Duration.ofSeconds(3));

        Disposition.Defer defer = assertInstanceOf(Disposition.Defer.class, disposition);
        assertEquals(2, defer.dispatch().attempt());
        assertEquals(Duration.ofSeconds(5), defer.tier());
    }

    @Test
    void reportsATemplateProblemAsFailedWithoutProvider() {
        Disposition.Report report = assertInstanceOf(Disposition.Report.class,
                decider.renderFailed(dispatch(1), "no email template for type 'x'"));

        assertEquals(NotificationState.FAILED, report.status().state());
        assertNull(report.status().provider());
        assertEquals("template: no email template for type 'x'", report.status().reason());
    }

    @Test
    void treatsADispatchAsExpiredFromItsExpiryOn() {
        Instant now = Instant.parse("2030-01-01T10:00:00Z");
        assertTrue(DeliveryDecider.isExpired(dispatch(1, now.minusSeconds(1)), now));
        assertTrue(DeliveryDecider.isExpired(dispatch(1, now), now));
        assertFalse(DeliveryDecider.isExpired(dispatch(1, now.plusSeconds(1)), now));
        assertFalse(DeliveryDecider.isExpired(dispatch(1, null), now));
    }

    @Test
    void reportsSentAgainWithTheLedgersProviderIdForADispatchAlreadySent() {
        Disposition.Report report = assertInstanceOf(Disposition.Report.class,
                decider.alreadySent(dispatch(2), new SendLedger.AlreadySent("acme", "msg-7", 1)));

        assertEquals(NotificationState.SENT, report.status().state());
        assertEquals("msg-7", report.status().providerMessageId());
        assertTrue(report.status().reason().startsWith("already sent (attempt 1)"), report.status().reason());
    }

    @Test
    void parksACopyWhoseClaimMayStillBeInFlightUntilTheGraceRunsOut() {
        Disposition disposition = decider.claimedElsewhere(dispatch(1),
                new SendLedger.ClaimedElsewhere(1, Duration.ofSeconds(20)), Duration.ofSeconds(30));

        Disposition.Defer defer = assertInstanceOf(Disposition.Defer.class, disposition);
        assertEquals(Duration.ofSeconds(30), defer.tier());
        assertEquals(1, defer.dispatch().attempt());
    }

    @Test
    void deadLettersAClaimOlderThanTheGraceAsOutcomeUnknownInsteadOfResending() {
        Disposition disposition = decider.claimedElsewhere(dispatch(2),
                new SendLedger.ClaimedElsewhere(2, Duration.ofMinutes(5)), Duration.ofMinutes(2));

        Disposition.DeadLetter letter = assertInstanceOf(Disposition.DeadLetter.class, disposition);
        assertTrue(letter.reason().startsWith("outcome_unknown: attempt 2 claimed it 5m ago"), letter.reason());
        assertEquals(NotificationState.DEAD_LETTERED, letter.status().state());
        assertEquals(letter.reason(), letter.status().reason());
    }

    @Test
    void parksADispatchTheLedgerCannotClaimWithoutSpendingAnAttemptInTiersGrowingWithTheOutage() {
        Disposition.Defer first = assertInstanceOf(Disposition.Defer.class,
                decider.ledgerUnavailable(dispatch(3), Duration.ZERO));
        Disposition.Defer later = assertInstanceOf(Disposition.Defer.class,
                decider.ledgerUnavailable(dispatch(3), Duration.ofSeconds(4)));
        Disposition.Defer afterAnHour = assertInstanceOf(Disposition.Defer.class,
                decider.ledgerUnavailable(dispatch(3), Duration.ofHours(1)));

        assertEquals(3, afterAnHour.dispatch().attempt(), "the last attempt is not dead-lettered for an outage");
        assertEquals(List.of(Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(30)),
                List.of(first.tier(), later.tier(), afterAnHour.tier()));
    }

    @Test
    void carriesARetryAfterLongerThanTheLongestTierAsTheEarliestNextAttempt() {
        Instant before = Instant.now();
        Disposition.Retry retry = assertInstanceOf(Disposition.Retry.class, decider.afterSend(dispatch(1),
                new SendOutcome.TransientFailure("http_503", "down", Optional.of(Duration.ofMinutes(10)))));

        assertEquals(Duration.ofSeconds(30), retry.tier());
        assertTrue(!retry.notBefore().isBefore(before.plus(Duration.ofMinutes(10))), retry.notBefore().toString());
        assertTrue(retry.status().reason().endsWith("next attempt in 10m (Retry-After)"), retry.status().reason());
    }

    @Test
    void parksADispatchBackBeforeItsEarliestAttemptAgainWithTheSameAttempt() {
        Instant now = Instant.now();
        Disposition.Defer defer = assertInstanceOf(Disposition.Defer.class,
                decider.notYet(dispatch(2), now.plusSeconds(4), now));

        assertEquals(Duration.ofSeconds(5), defer.tier());
        assertEquals(2, defer.dispatch().attempt());
        assertEquals(now.plusSeconds(4), defer.notBefore());
    }

    private static DispatchMessage dispatch(int attempt) {
        return dispatch(attempt, null);
    }

    private static DispatchMessage dispatch(int attempt, Instant expiresAt) {
        UUID eventId = NotificationIds.newEventId();
        return new DispatchMessage(DispatchMessage.SCHEMA_VERSION, NotificationIds.notificationId(eventId, "u-1", Channel.EMAIL),
                eventId, "default", "order.shipped", "orders", "u-1", Channel.EMAIL, "u-1@example.com", "en",
                Map.of("orderId", "A-1"), attempt, expiresAt);
    }
}
