package dev.herald.channel.core.provider;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class ResponseHeadersTest {

    @Test
    void findsAHeaderWhateverTheCaseOfItsName() {
        assertEquals("abc123", ResponseHeaders.value(Map.of("x-message-id", "abc123"), "X-Message-Id"));
        assertEquals("abc123", ResponseHeaders.value(Map.of("X-MESSAGE-ID", "abc123"), "x-message-id"));
    }

    @Test
    void takesTheFirstOfSeveralValues() {
        assertEquals("1", ResponseHeaders.value(Map.of("Retry-After", List.of("1", "2")), "retry-after"));
        Map<String, Object> mixed = Map.of("Retry-After", List.of(7));
        assertEquals("7", ResponseHeaders.value(mixed, "Retry-After"));
    }

    @Test
    void answersNullForAMissingHeaderOrNoHeadersAtAll() {
        Map<String, String> withNullName = new HashMap<>();
        withNullName.put(null, "HTTP/1.1 200 OK");
        assertNull(ResponseHeaders.value(withNullName, "Retry-After"));
        assertNull(ResponseHeaders.value(Map.of("Retry-After", List.of()), "Retry-After"));
        assertNull(ResponseHeaders.value(null, "Retry-After"));
    }
}
