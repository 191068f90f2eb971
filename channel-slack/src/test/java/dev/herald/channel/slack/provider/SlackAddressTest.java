package dev.herald.channel.slack.provider;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SlackAddressTest {

    @Test
    void postsAChannelAddressIntoThatChannel() {
        assertEquals(Optional.of(new SlackAddress("C0123ABC", false)), SlackAddress.parse("channel:C0123ABC"));
    }

    @Test
    void sendsAUserAddressAsADirectMessageToTheUserId() {
        assertEquals(Optional.of(new SlackAddress("U0123ABC", true)), SlackAddress.parse("user:U0123ABC"));
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "C0123ABC", "channel:", "user:", "team:T1", "email:a@b.example", "channel:C1 C2",
            "user:U1\n", "CHANNEL:C1"})
    void rejectsEverythingElse(String address) {
        assertEquals(Optional.empty(), SlackAddress.parse(address));
    }
}
