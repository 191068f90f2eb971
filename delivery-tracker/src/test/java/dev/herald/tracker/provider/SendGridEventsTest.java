package dev.herald.tracker.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.tracker.model.ProviderReport;
import dev.herald.tracker.model.ProviderReport.Outcome;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SendGridEventsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
    private static final UUID NOTIFICATION = UUID.fromString("0190f3c4-5b6a-7c8d-9e0f-a1b2c3d4e5f6");

    @Test
    void mapsEventsAsDocumentedAndPrefersHeraldsCustomArgs() throws Exception {
        SendGridEvents.Batch batch = SendGridEvents.read(JSON.readTree("""
                [
                 {"email":"a@example.com","timestamp":1748779200,"event":"processed","sg_event_id":"e0",
                  "sg_message_id":"14c5d75ce93.filterdrecv-p3las1-5bf7.0","herald_notification_id":"%1$s","herald_tenant":"acme"},
                 {"email":"a@example.com","timestamp":1748779201,"event":"delivered","sg_event_id":"e1",
                  "sg_message_id":"14c5d75ce93.filterdrecv-p3las1-5bf7.0","response":"250 OK","herald_notification_id":"%1$s"},
                 {"email":"b@example.com","timestamp":1748779202,"event":"bounce","type":"bounce","status":"5.1.1",
                  "reason":"550 5.1.1 <b@example.com>: user unknown","sg_event_id":"e2","sg_message_id":"XYZ.filter1"},
                 {"email":"c@example.com","timestamp":1748779203,"event":"bounce","type":"blocked","status":"5.7.1",
                  "reason":"blocked by policy","sg_event_id":"e3","sg_message_id":"XYZ.filter1"},
                 {"email":"d@example.com","timestamp":1748779204,"event":"dropped","reason":"Bounced Address",
                  "sg_event_id":"e4","sg_message_id":"DROP.filter"},
                 {"email":"e@example.com","timestamp":1748779205,"event":"deferred","attempt":"2",
                  "response":"400 try again later","sg_event_id":"e5","sg_message_id":"DEF.filter"},
                 {"email":"f@example.com","timestamp":1748779206,"event":"spamreport","sg_event_id":"e6","sg_message_id":"SPAM.x"},
                 {"email":"g@example.com","timestamp":1748779207,"event":"open","sg_event_id":"e7"},
                 "not an object"
                ]""".formatted(NOTIFICATION)), NOW);

        assertEquals(2, batch.unusable(), "an event without ids, and a non-object");
        List<ProviderReport> reports = batch.reports();
        assertEquals(7, reports.size());

        ProviderReport processed = reports.get(0);
        assertEquals(Outcome.INFO, processed.outcome());
        assertEquals(NOTIFICATION, processed.notificationId());
        assertEquals("14c5d75ce93", processed.providerMessageId(), "the X-Message-Id part of sg_message_id");
        assertEquals("acme", processed.tenant());
        assertEquals("e0", processed.eventKey());
        assertNull(processed.address(), "no address is kept without a hygiene reason");

        ProviderReport delivered = reports.get(1);
        assertEquals(Outcome.DELIVERED, delivered.outcome());
        assertEquals(Instant.ofEpochSecond(1748779201), delivered.at());
        assertEquals("webhook delivered: 250 OK", delivered.detail());
        assertEquals("webhook bounce (bounce): 5.1.1: 550 5.1.1 <***@example.com>: user unknown",
                reports.get(2).detail(), "SMTP codes stay, addresses go");

        ProviderReport hardBounce = reports.get(2);
        assertEquals(Outcome.BOUNCED, hardBounce.outcome());
        assertEquals("hard_bounce", hardBounce.hygieneReason());
        assertEquals("b@example.com", hardBounce.address());
        assertFalse(hardBounce.detail().contains("b@example.com"), "addresses are masked: " + hardBounce.detail());
        assertTrue(hardBounce.detail().contains("***@example.com"), hardBounce.detail());

        ProviderReport blocked = reports.get(3);
        assertEquals(Outcome.BOUNCED, blocked.outcome());
        assertNull(blocked.hygieneReason(), "a block is about the sender, not the address");

        assertEquals(Outcome.BOUNCED, reports.get(4).outcome());
        assertEquals("hard_bounce", reports.get(4).hygieneReason());

        ProviderReport deferred = reports.get(5);
        assertEquals(Outcome.INFO, deferred.outcome());
        assertEquals("deferred (attempt 2): 400 try again later", deferred.detail());

        ProviderReport spam = reports.get(6);
        assertEquals(Outcome.INFO, spam.outcome());
        assertEquals("spam_report", spam.hygieneReason());
        assertEquals("f@example.com", spam.address());
    }

    @Test
    void anEventWithoutAnIdIsKeyedByItsContent() throws Exception {
        JsonNode body = JSON.readTree("[{\"event\":\"delivered\",\"sg_message_id\":\"A.b\"}]");

        String first = SendGridEvents.read(body, NOW).reports().get(0).eventKey();
        String again = SendGridEvents.read(body, NOW).reports().get(0).eventKey();

        assertTrue(first.startsWith("sha256:"));
        assertEquals(first, again, "the same event re-sent has the same key");
    }

    @Test
    void refusesABodyThatIsNotAnArray() throws Exception {
        assertThrows(IllegalArgumentException.class, () -> SendGridEvents.read(JSON.readTree("{\"event\":\"x\"}"), NOW));
    }
}
