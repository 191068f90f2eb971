package dev.herald.bench.measure;

import org.junit.jupiter.api.Test;

import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class DistributionTest {

    @Test
    void percentilesAreValuesThatWereObserved() {
        double[] values = IntStream.rangeClosed(1, 1000).mapToDouble(i -> i).toArray();
        Distribution distribution = Distribution.ofMillis(values);
        assertThat(distribution.count()).isEqualTo(1000);
        assertThat(distribution.p50()).isEqualTo(500);
        assertThat(distribution.p95()).isEqualTo(950);
        assertThat(distribution.p99()).isEqualTo(990);
        assertThat(distribution.max()).isEqualTo(1000);
        assertThat(distribution.mean()).isEqualTo(500.5);
    }

    @Test
    void aSingleSlowValueIsTheMaximumAndTheHighPercentilesOfFewValues() {
        Distribution distribution = Distribution.ofMillis(new double[] {3, 1, 2, 250});
        assertThat(distribution.p50()).isEqualTo(2);
        assertThat(distribution.p99()).isEqualTo(250);
        assertThat(distribution.max()).isEqualTo(250);
    }

    @Test
    void noValuesGiveNoFigures() {
        assertThat(Distribution.ofMillis(new double[0])).isEqualTo(Distribution.EMPTY);
        assertThat(Distribution.EMPTY.p99()).isNaN();
    }
}
