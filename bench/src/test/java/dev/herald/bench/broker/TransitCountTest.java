package dev.herald.bench.broker;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TransitCountTest {

    @Test
    void anEmailToOneRecipientCrossesTheBrokerFiveTimes() {
        TransitCount transits = new TransitCount(1, 1);
        assertThat(transits.perNotification()).isEqualTo(5);
        assertThat(transits.publishesPerNotification()).isEqualTo(4);
        assertThat(transits.hops()).hasSize(5);
        assertThat(transits.ceiling(10_000)).isEqualTo(2_000);
    }

    @Test
    void theEventsTwoTransitsAreSharedByAllItsNotifications() {
        assertThat(new TransitCount(10, 1).perNotification()).isEqualTo(3.2);
        assertThat(new TransitCount(1, 4).perNotification()).isEqualTo(3.5);
    }
}
