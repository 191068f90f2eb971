package dev.herald.tracker.rest;

import dev.herald.common.contract.Channel;
import dev.herald.common.contract.NotificationState;
import dev.herald.common.rest.Problem;
import dev.herald.common.rest.ProblemException;
import dev.herald.tracker.repository.Keyset;
import dev.herald.tracker.repository.NotificationQuery;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ListingParametersTest {

    @Test
    void absentOrBlankParametersMeanNoFilterAndTheDefaultLimit() {
        NotificationQuery query = ListingParameters.parse("t", null, "", " ", null, null, "");

        assertEquals(new NotificationQuery("t", null, null, null, null, null, 50), query);
    }

    @Test
    void parsesEveryFilter() {
        UUID eventId = UUID.randomUUID();
        Keyset after = new Keyset(Instant.parse("2025-03-01T12:00:00.123456Z"), UUID.randomUUID());

        NotificationQuery query = ListingParameters.parse("t", "u-1", eventId.toString(), "sms", "dead_lettered",
                "500", PageCursor.encode(after));

        assertEquals(new NotificationQuery("t", "u-1", eventId, Channel.SMS, NotificationState.DEAD_LETTERED, after,
                500), query);
    }

    @Test
    void limitAboveTheMaximumIsRejected() {
        ProblemException problem = assertThrows(ProblemException.class,
                () -> ListingParameters.parse("t", null, null, null, null, "501", null));

        assertEquals(400, problem.status());
        assertEquals(List.of("limit"), problem.errors().stream().map(Problem.FieldError::field).toList());
    }

    @Test
    void cursorRoundTripsToTheMicrosecond() {
        Keyset keyset = new Keyset(Instant.parse("2025-03-01T12:00:00.123456Z"), UUID.randomUUID());

        assertEquals(keyset, PageCursor.decode(PageCursor.encode(keyset)).orElseThrow());
    }

    @Test
    void foreignCursorsAreNotAccepted() {
        String forged = Base64.getUrlEncoder().encodeToString("v2:1:2".getBytes());

        assertTrue(PageCursor.decode(forged).isEmpty());
        assertTrue(PageCursor.decode("%%%").isEmpty());
        assertTrue(PageCursor.decode(Base64.getUrlEncoder().encodeToString("v1:abc:def".getBytes())).isEmpty());
        assertNull(PageCursor.decode("").orElse(null));
    }
}
