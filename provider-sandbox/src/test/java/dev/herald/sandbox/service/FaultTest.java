package dev.herald.sandbox.service;

import org.junit.jupiter.api.Test;

import java.util.Random;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class FaultTest {

    @Test
    void aZeroRateNeverTripsAndAFullRateAlwaysDoes() {
        Random random = new Random(7);
        Fault latencyOnly = new Fault(0.0, 503, 100, 0);
        Fault outage = new Fault(1.0, 503, 0, 0);

        assertThat(IntStream.range(0, 1000).noneMatch(i -> latencyOnly.trips(random))).isTrue();
        assertThat(IntStream.range(0, 1000).allMatch(i -> outage.trips(random))).isTrue();
    }

    @Test
    void aPartialRateTripsAboutThatShare() {
        Random random = new Random(7);
        Fault flaky = new Fault(0.3, 503, 0, 0);

        long tripped = IntStream.range(0, 10_000).filter(i -> flaky.trips(random)).count();

        assertThat(tripped).isBetween(2700L, 3300L);
    }
}
