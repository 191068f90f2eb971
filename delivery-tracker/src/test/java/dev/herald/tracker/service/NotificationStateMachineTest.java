package dev.herald.tracker.service;

import dev.herald.common.contract.Channel;
import dev.herald.common.contract.NotificationState;
import dev.herald.common.contract.StatusMessage;
import dev.herald.tracker.model.HistoryEntry;
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
                status(QUEUED, 0, 0),
                bare(DEFERRED, 0, 1, "quiet hours"),
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
