package dev.herald.channel.sms.provider;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TwilioHttpClientTest {

    private static final String MESSAGES = "https://api.twilio.com/2010-04-01/Accounts/AC1/Messages.json";

    @Test
    void sendsTwilioApiRequestsToTheBaseUrlWithPathAndQuery() {
        assertEquals("http://localhost:8089/2010-04-01/Accounts/AC1/Messages.json",
                TwilioHttpClient.rebase(MESSAGES, "http://localhost:8089"));
        assertEquals("http://proxy.internal/twilio/2010-04-01/Accounts/AC1/Messages.json?PageSize=5",
                TwilioHttpClient.rebase(MESSAGES + "?PageSize=5", "http://proxy.internal/twilio"));
    }

    @Test
    void leavesOtherHostsAndTheDefaultBaseUrlAlone() {
        assertEquals(MESSAGES, TwilioHttpClient.rebase(MESSAGES, TwilioHttpClient.TWILIO_API));
        assertEquals("https://messaging.twilio.com/v1/Services",
                TwilioHttpClient.rebase("https://messaging.twilio.com/v1/Services", "http://localhost:8089"));
        assertEquals("https://api.twilio.com.example.org/x",
                TwilioHttpClient.rebase("https://api.twilio.com.example.org/x", "http://localhost:8089"));
    }

    @Test
    void normalisesTheBaseUrl() {
        assertEquals("http://localhost:8089", TwilioHttpClient.normalise(" http://localhost:8089/ "));
        assertEquals("https://api.twilio.com", TwilioHttpClient.normalise("https://api.twilio.com"));
    }

    @Test
    void refusesABaseUrlThatIsNoPlainHttpUrl() {
        assertThrows(IllegalArgumentException.class, () -> TwilioHttpClient.normalise("localhost:8089"));
        assertThrows(IllegalArgumentException.class, () -> TwilioHttpClient.normalise("ftp://localhost"));
        assertThrows(IllegalArgumentException.class, () -> TwilioHttpClient.normalise("http://localhost:8089?x=1"));
        assertThrows(IllegalArgumentException.class, () -> TwilioHttpClient.normalise("http://user:pw@localhost"));
        assertThrows(IllegalArgumentException.class, () -> TwilioHttpClient.normalise("http://local host"));
    }
}
