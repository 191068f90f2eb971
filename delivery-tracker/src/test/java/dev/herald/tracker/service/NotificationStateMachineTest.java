package dev.herald.tracker.service;

import dev.herald.common.contract.Channel;
import dev.herald.common.contract.NotificationState;
import dev.herald.common.contract.StatusMessage;
import dev.herald.tracker.model.HistoryEntry;
import dev.herald.tracker.model.ProviderReport;
import dev.herald.tracker.model.TrackedState;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import static dev.herald.common.contract.NotificationState.BOUNCED;
import static dev.herald.common.contract.NotificationState.DELIVERED;
import static dev.herald.common.contract.NotificationState.DEFERRED;
import static dev.herald.common.contract.NotificationState.QUEUED;
import static dev.herald.common.contract.NotificationState.RETRYING;
import static dev.herald.common.contract.NotificationState.SENT;
import static dev.herald.common.contract.NotificationState.SUPPRESSED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NotificationStateMachineTest {

    private static final UUID NOTIFICATION = UUID.randomUUID();
    private static final UUID EVENT = UUID.randomUUID();
    private static final Instant T0 = Instant.parse("2025-01-01T10:00:00Z");
    private static final NotificationStateMachine.StatusFrame FRAME = new NotificationStateMachine.StatusFrame(
            NOTIFICATION, EVENT, "default", "u-1", Channel.EMAIL);

    @Test
    void firstStatusCreatesTheNotificationWhateverItsState() {
        Decision decision = NotificationStateMachine.decide(null, status(SENT, 1, 3));

        assertEquals(Decision.Outcome.CREATED, decision.outcome());
        assertEquals(SENT, decision.next().state());
        assertEquals("sandbox", decision.next().provider());
        assertEquals("pm-1", decision.next().providerMessageId());
        assertFalse(decision.entry().ignored());
    }

    @Test
    void higherRankAdvancesAndKeepsProviderMessageId() {
        TrackedState queued = NotificationStateMachine.decide(null, status(QUEUED, 0, 0)).next();
        TrackedState sent = NotificationStateMachine.decide(queued, status(SENT, 1, 1)).next();
        Decision delivered = NotificationStateMachine.decide(sent, bare(DELIVERED, 1, 2, null));

        assertEquals(Decision.Outcome.ADVANCED, delivered.outcome());
        assertEquals(DELIVERED, delivered.next().state());
        assertEquals("pm-1", delivered.next().providerMessageId(), "a later state without ids keeps the provider's");
        assertEquals(T0.plusSeconds(2), delivered.next().updatedAt());
        assertEquals("sandbox message pm-1", NotificationStateMachine.decide(queued, status(SENT, 1, 1)).entry().detail());
    }

    @Test
    void lowerRankIsIgnoredButKeptInHistory() {
        TrackedState sent = NotificationStateMachine.decide(null, status(SENT, 1, 1)).next();

        Decision late = NotificationStateMachine.decide(sent, status(QUEUED, 0, 0));

        assertEquals(Decision.Outcome.IGNORED, late.outcome());
        assertEquals(sent, late.next());
        assertTrue(late.entry().ignored());
        assertTrue(late.entry().detail().startsWith("late: already sent"), late.entry().detail());
    }

    @Test
    void terminalStateIsNeverLeftEvenForAnotherTerminalState() {
        TrackedState delivered = NotificationStateMachine.decide(null, status(DELIVERED, 1, 2)).next();

        Decision bounce = NotificationStateMachine.decide(delivered, bare(BOUNCED, 1, 3, "mailbox full"));

        assertEquals(Decision.Outcome.IGNORED, bounce.outcome());
        assertEquals(DELIVERED, bounce.next().state());
        assertTrue(bounce.entry().ignored());
    }

    @Test
    void aDuplicateDispatchDeadLetteredOrExpiredAfterSentDoesNotUndoTheSend() {
        TrackedState sent = NotificationStateMachine.decide(null, status(SENT, 1, 1)).next();

        Decision deadLettered = NotificationStateMachine.decide(sent, bare(NotificationState.DEAD_LETTERED, 2, 2,
                "poison: redelivered past the queue's delivery limit"));
        Decision expired = NotificationStateMachine.decide(sent, bare(NotificationState.EXPIRED, 2, 3, "expired"));

        assertEquals(Decision.Outcome.IGNORED, deadLettered.outcome());
        assertEquals(SENT, deadLettered.next().state());
        assertTrue(deadLettered.entry().ignored());
        assertEquals(Decision.Outcome.IGNORED, expired.outcome());
        assertEquals(Decision.Outcome.ADVANCED, NotificationStateMachine.decide(sent,
                bare(NotificationState.FAILED, 1, 4, "provider said failed")).outcome(), "a provider's failure still counts");
    }

    @Test
    void retryWithHigherAttemptIsRecordedAsAnotherRetry() {
        TrackedState first = NotificationStateMachine.decide(null, bare(RETRYING, 1, 1, "503")).next();

        Decision second = NotificationStateMachine.decide(first, bare(RETRYING, 2, 2, "timeout"));

        assertEquals(Decision.Outcome.RETRIED, second.outcome());
        assertEquals(2, second.next().attempt());
        assertEquals("timeout", second.next().reason());
        assertFalse(second.entry().ignored());
    }

    @Test
    void retryWithOlderAttemptIsIgnored() {
        TrackedState second = NotificationStateMachine.decide(null, bare(RETRYING, 2, 2, null)).next();

        Decision older = NotificationStateMachine.decide(second, bare(RETRYING, 1, 1, null));

        assertEquals(Decision.Outcome.IGNORED, older.outcome());
        assertEquals(2, older.next().attempt());
    }

    @Test
    void duplicateIsRecordedNowhere() {
        TrackedState sent = NotificationStateMachine.decide(null, status(SENT, 1, 1)).next();

        Decision duplicate = NotificationStateMachine.decide(sent, status(SENT, 1, 1));

        assertEquals(Decision.Outcome.DUPLICATE, duplicate.outcome());
        assertEquals(sent, duplicate.next());
        assertNull(duplicate.entry());
        assertFalse(duplicate.accepted());
    }

    @Test
    void suppressedIsTerminalFromTheStart() {
        TrackedState suppressed = NotificationStateMachine.decide(null, bare(SUPPRESSED, 0, 0, "opted-out")).next();

        Decision sent = NotificationStateMachine.decide(suppressed, status(SENT, 1, 1));

        assertEquals(Decision.Outcome.IGNORED, sent.outcome());
        assertEquals(SUPPRESSED, sent.next().state());
        assertEquals("opted-out", sent.next().reason());
    }

    @Test
    void foldRecordsEachStateAndAttemptOnce() {
        NotificationStateMachine.Fold fold = NotificationStateMachine.fold(null, List.of(
                status(SENT, 1, 2), status(QUEUED, 0, 0), status(QUEUED, 0, 0), status(SENT, 1, 2)));

        assertEquals(SENT, fold.state().state());
        assertEquals(List.of(SENT, QUEUED), fold.entries().stream().map(HistoryEntry::state).toList());
        assertEquals(List.of(false, true), fold.entries().stream().map(HistoryEntry::ignored).toList());
    }

    @Test
    void everyOrderOfTheSameStatusesEndsDeliveredWithForwardOnlyHistory() {
        List<StatusMessage> statuses = List.of(
                bare(DEFERRED, 0, 0, "quiet hours"),
                status(QUEUED, 0, 1),
                bare(RETRYING, 1, 2, "503"),
                bare(RETRYING, 2, 3, "timeout"),
                status(SENT, 3, 4),
                bare(DELIVERED, 3, 5, null));
        Random random = new Random(20250101);
        for (int round = 0; round < 500; round++) {
            List<StatusMessage> shuffled = new ArrayList<>(statuses);
            Collections.shuffle(shuffled, random);

            NotificationStateMachine.Fold fold = NotificationStateMachine.fold(null, shuffled);

            assertEquals(DELIVERED, fold.state().state(), "order " + states(shuffled));
            assertEquals(3, fold.state().attempt(), "order " + states(shuffled));
            assertForwardOnly(fold.entries(), shuffled);
            assertEquals(statuses.size(), fold.entries().size(), "every distinct update is in history once");

            NotificationStateMachine.Fold redelivered = NotificationStateMachine.fold(fold.state(), shuffled);
            assertFalse(redelivered.changed(), "a redelivery of everything changes nothing");
            assertTrue(redelivered.entries().stream().allMatch(HistoryEntry::ignored),
                    "a redelivery adds no accepted transition");
        }
    }

    @Test
    void withTwoTerminalStatesTheFirstToArriveWins() {
        Random random = new Random(7);
        for (int round = 0; round < 200; round++) {
            List<StatusMessage> shuffled = new ArrayList<>(List.of(status(QUEUED, 0, 0), status(SENT, 1, 1),
                    bare(DELIVERED, 1, 2, null), bare(BOUNCED, 1, 3, "hard bounce")));
            Collections.shuffle(shuffled, random);
            NotificationState firstTerminal = shuffled.stream().map(StatusMessage::state)
                    .filter(NotificationState::isTerminal).findFirst().orElseThrow();

            NotificationStateMachine.Fold fold = NotificationStateMachine.fold(null, shuffled);

            assertEquals(firstTerminal, fold.state().state(), "order " + states(shuffled));
            assertForwardOnly(fold.entries(), shuffled);
        }
    }

    @Test
    void webhookReportsInAnyOrderEndDeliveredWithEveryInformativeEventKept() {
        TrackedState sent = NotificationStateMachine.fold(null, List.of(status(QUEUED, 0, 0), status(SENT, 2, 1)))
                .state();
        List<ProviderReport> reports = List.of(
                report("processed", ProviderReport.Outcome.INFO, 1),
                report("deferred", ProviderReport.Outcome.INFO, 2),
                report("delivered", ProviderReport.Outcome.DELIVERED, 3),
                report("open", ProviderReport.Outcome.INFO, 4),
                report("spamreport", ProviderReport.Outcome.INFO, 5));
        Random random = new Random(99);
        for (int round = 0; round < 300; round++) {
            List<ProviderReport> shuffled = new ArrayList<>(reports);
            Collections.shuffle(shuffled, random);

            NotificationStateMachine.Fold fold = NotificationStateMachine.applyReports(sent, FRAME, shuffled);

            assertEquals(DELIVERED, fold.state().state());
            assertEquals(2, fold.state().attempt(), "a provider report keeps Herald's attempt");
            assertEquals("pm-1", fold.state().providerMessageId());
            assertEquals(List.of("sendgrid.deferred", "sendgrid.open", "sendgrid.processed", "sendgrid.spamreport"),
                    fold.entries().stream().map(HistoryEntry::event).filter(java.util.Objects::nonNull).sorted()
                            .toList());
            List<HistoryEntry> transitions = fold.entries().stream().filter(entry -> entry.event() == null).toList();
            assertEquals(1, transitions.size());
            assertEquals(DELIVERED, transitions.get(0).state());
            assertTrue(transitions.get(0).detail().startsWith("provider sendgrid"), transitions.get(0).detail());

            NotificationStateMachine.Fold again = NotificationStateMachine.applyReports(fold.state(), FRAME,
                    List.of(report("delivered", ProviderReport.Outcome.DELIVERED, 3)));
            assertFalse(again.changed(), "a second delivered is a duplicate");
            assertTrue(again.entries().isEmpty());
        }
    }

    @Test
    void statusesAndWebhookReportsShuffledTogetherNeverMoveBackwards() {
        Random random = new Random(2024);
        for (int round = 0; round < 300; round++) {
            // Statuses and provider reports race: a report may be applied before Herald's sent is.
            List<Object> updates = new ArrayList<>(List.of(status(QUEUED, 0, 0), bare(RETRYING, 1, 1, "503"),
                    status(SENT, 2, 2), report("delivered", ProviderReport.Outcome.DELIVERED, 3),
                    report("bounce", ProviderReport.Outcome.BOUNCED, 4)));
            Collections.shuffle(updates, random);
            TrackedState state = null;
            List<HistoryEntry> history = new ArrayList<>();
            NotificationState firstTerminal = null;
            List<Object> waiting = new ArrayList<>();
            List<Object> order = new ArrayList<>(updates);
            for (int i = 0; i < order.size(); i++) {
                Object update = order.get(i);
                NotificationStateMachine.Fold fold;
                if (update instanceof StatusMessage status) {
                    fold = NotificationStateMachine.fold(state, List.of(status));
                } else if (state == null) {
                    waiting.add(update); // not known yet: the applier retries it once the notification exists
                    continue;
                } else {
                    fold = NotificationStateMachine.applyReports(state, FRAME, List.of((ProviderReport) update));
                }
                if (state == null) {
                    order.addAll(waiting);
                    waiting.clear();
                }
                if (firstTerminal == null && fold.state().state().isTerminal()) {
                    firstTerminal = fold.state().state();
                }
                state = fold.state();
                history.addAll(fold.entries());
            }

            assertTrue(state.state().isTerminal(), "order " + updates);
            assertEquals(firstTerminal, state.state(), "the first terminal state wins");
            assertForwardOnly(history, List.of());
        }
    }

    @Test
    void aLateSentStillRecordsTheProviderMessageId() {
        TrackedState delivered = NotificationStateMachine.applyReports(
                NotificationStateMachine.decide(null, bare(QUEUED, 0, 0, null)).next(), FRAME,
                List.of(report("delivered", ProviderReport.Outcome.DELIVERED, 2))).state();

        NotificationStateMachine.Fold late = NotificationStateMachine.fold(delivered, List.of(status(SENT, 1, 1)));

        assertEquals(DELIVERED, late.state().state());
        assertEquals("pm-1", late.state().providerMessageId());
        assertTrue(late.changed());
        assertTrue(late.entries().get(0).ignored());
    }

    @Test
    void aSecondOldReportOfTheSameSecondIsOrderedAfterTheStateItFollows() {
        Instant sentAt = T0.plusMillis(400);
        TrackedState sent = new TrackedState(SENT, 1, "sendgrid", "pm-1", null, sentAt);

        NotificationStateMachine.Fold fold = NotificationStateMachine.applyReports(sent, FRAME,
                List.of(new ProviderReport("sendgrid", "k", "delivered", ProviderReport.Outcome.DELIVERED, null, null,
                        null, null, null, "webhook delivered", T0)));

        assertEquals(sentAt, fold.state().updatedAt(), "whole-second provider time, same second as sent");
    }

    @Test
    void onlyNotificationsTheProviderDoesNotHaveMayBeRedriven() {
        assertTrue(NotificationStateMachine.redrivable((TrackedState) null), "unknown to the tracker");
        for (NotificationState state : List.of(QUEUED, DEFERRED, RETRYING, NotificationState.DEAD_LETTERED)) {
            assertTrue(NotificationStateMachine.redrivable(new TrackedState(state, 1, null, null, null, T0)),
                    state.wireName());
        }
        for (NotificationState state : List.of(SENT, DELIVERED, BOUNCED, NotificationState.FAILED,
                NotificationState.EXPIRED, SUPPRESSED)) {
            assertFalse(NotificationStateMachine.redrivable(new TrackedState(state, 1, null, null, null, T0)),
                    state.wireName());
        }
        assertFalse(NotificationStateMachine.redrivable(new TrackedState(NotificationState.DEAD_LETTERED, 3,
                "sendgrid", "pm-1", null, T0)), "dead-lettered after it was sent: a duplicate died, not the send");
    }

    private static ProviderReport report(String event, ProviderReport.Outcome outcome, int second) {
        return new ProviderReport("sendgrid", event + "-" + second, event, outcome, NOTIFICATION, "pm-1", "default",
                null, null, event, T0.plusSeconds(second));
    }

    /** Accepted entries strictly increase in (rank, attempt); the state never goes back. */
    private static void assertForwardOnly(List<HistoryEntry> entries, List<StatusMessage> order) {
        HistoryEntry previous = null;
        for (HistoryEntry entry : entries.stream().filter(entry -> !entry.ignored()).toList()) {
            if (previous != null) {
                boolean forward = entry.state().rank() > previous.state().rank()
                        || (entry.state() == RETRYING && previous.state() == RETRYING
                        && entry.attempt() > previous.attempt());
                assertTrue(forward, previous.state() + " -> " + entry.state() + " in order " + states(order));
                assertFalse(previous.state().isTerminal(), "left terminal " + previous.state());
            }
            previous = entry;
        }
    }

    private static List<String> states(List<StatusMessage> statuses) {
        return statuses.stream().map(status -> status.state().wireName() + "#" + status.attempt()).toList();
    }

    /** A status carrying the sandbox provider's message id. */
    private static StatusMessage status(NotificationState state, int attempt, int second) {
        return new StatusMessage(StatusMessage.SCHEMA_VERSION, NOTIFICATION, EVENT, "default", "u-1", Channel.EMAIL,
                state, T0.plusSeconds(second), attempt, "sandbox", "pm-1", null);
    }

    private static StatusMessage bare(NotificationState state, int attempt, int second, String reason) {
        return new StatusMessage(StatusMessage.SCHEMA_VERSION, NOTIFICATION, EVENT, "default", "u-1", Channel.EMAIL,
                state, T0.plusSeconds(second), attempt, null, null, reason);
    }
}
