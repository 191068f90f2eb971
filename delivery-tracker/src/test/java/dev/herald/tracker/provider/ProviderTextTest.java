package dev.herald.tracker.provider;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class ProviderTextTest {

    @Test
    void masksAddressesAndNumbersButKeepsSmtpCodes() {
        assertEquals("550 5.1.1 <***@example.com>: no such user",
                ProviderText.clean("550 5.1.1 <jane.doe@example.com>: no such user"));
        assertEquals("250 2.0.0 OK", ProviderText.clean("250 2.0.0 OK"));
        assertEquals("number *** unreachable, also ***", ProviderText.clean("number +15005550010 unreachable, also 4155550100"));
        assertEquals("one line", ProviderText.clean("one\n  line"));
        assertNull(ProviderText.clean("  "));
    }
}
