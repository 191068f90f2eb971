package dev.herald.channel.core.provider;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RedactionTest {

    @Test
    void reducesAnEmailAddressToItsFirstCharacterAndDomain() {
        assertEquals("j***@example.com", Redaction.address("jane.doe@example.com"));
    }

    @Test
    void reducesAPhoneNumberToItsEnds() {
        assertEquals("+43***89", Redaction.address("+436641234589"));
    }

    @Test
    void masksAddressesInsideProviderText() {
        assertEquals("invalid to ***@example.com and ***", Redaction.reason("invalid to jane@example.com and +436641234589"));
    }

    @Test
    void keepsAReasonOnOneBoundedLine() {
        String reason = Redaction.reason("line one\nline two " + "x".repeat(1000));
        assertTrue(reason.startsWith("line one line two"));
        assertEquals(500, reason.length());
    }
}
