package dev.herald.ingress.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.common.contract.Channel;
import dev.herald.common.rest.Problem.FieldError;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class EventValidatorTest {

    private final ObjectMapper json = new ObjectMapper();
    private final EventValidator validator = new EventValidator(3,
            Clock.fixed(Instant.parse("2030-01-01T00:00:00Z"), ZoneOffset.UTC));

    private EventValidator.Result validate(String body) throws Exception {
        return validator.validate(json.readTree(body));
    }

    private List<String> fields(String body) throws Exception {
        return ((EventValidator.Invalid) validate(body)).errors().stream().map(FieldError::field).toList();
    }

    @Test
    void fillsDefaultsAndDeduplicatesRecipients() throws Exception {
        EventRequest event = ((EventValidator.Valid) validate("""
                {"type": "password.reset", "recipients": ["a", "b", "a"]}""")).event();
        assertThat(event.category()).isEqualTo("general");
        assertThat(event.source()).isEqualTo("api");
        assertThat(event.critical()).isFalse();
        assertThat(event.recipients()).containsExactly("a", "b");
        assertThat(event.channels()).isNull();
        assertThat(event.data()).isEmpty();
    }

    @Test
    void keepsChannelsCriticalAndExpiry() throws Exception {
        EventRequest event = ((EventValidator.Valid) validate("""
                {"type": "a.b", "recipients": ["a"], "critical": true, "channels": ["sms", "email", "sms"],
                 "expiresAt": "2030-01-01T02:00:00+01:00"}""")).event();
        assertThat(event.critical()).isTrue();
        assertThat(event.channels()).containsExactly(Channel.SMS, Channel.EMAIL);
        assertThat(event.expiresAt()).isEqualTo(Instant.parse("2030-01-01T01:00:00Z"));
    }

    @Test
    void doesNotCoerceNumbersOrStrings() throws Exception {
        assertThat(fields("{\"type\": 1, \"recipients\": [2], \"critical\": 1}"))
                .containsExactlyInAnyOrder("type", "recipients[0]", "critical");
    }

    @Test
    void limitsRecipients() throws Exception {
        assertThat(fields("{\"type\": \"a\", \"recipients\": [\"a\", \"b\", \"c\", \"d\"]}")).containsExactly("recipients");
        assertThat(fields("{\"type\": \"a\", \"recipients\": []}")).containsExactly("recipients");
    }

    @Test
    void rejectsBadNamesAndUnknownFields() throws Exception {
        assertThat(fields("{\"type\": \"Order Shipped\", \"recipients\": [\"a\"], \"extra\": 1}"))
                .containsExactlyInAnyOrder("type", "extra");
        assertThat(fields("[1]")).containsExactly("(body)");
    }
}
