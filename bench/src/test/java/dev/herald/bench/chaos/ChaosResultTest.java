package dev.herald.bench.chaos;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ChaosResultTest {

    @Test
    void aNotificationInDoubtIsNeitherLostNorDuplicatedEvenWhenTheProviderNeverGotIt() {
        ChaosResult.Builder builder = new ChaosResult.Builder(1, 1, 0, 0);
        builder.add("email", "delivered", "", 1);
        builder.add("sms", "dead_lettered", "outcome_unknown: claimed 2026-11-22T19:00:00Z, no outcome", 0);
        builder.add("push", "dead_lettered", "outcome_unknown", 1);
        builder.add("slack", "sent", "", 1);

        ChaosResult result = builder.build();

        assertThat(result.lost()).isZero();
        assertThat(result.duplicated()).isZero();
        assertThat(result.inDoubt()).isEqualTo(2);
        assertThat(result.inDoubtReceived()).isEqualTo(1);
        assertThat(result.deliveredOnce()).isEqualTo(2);
        assertThat(result.passed()).isTrue();
        assertThat(result.line()).startsWith("lost=0 duplicated=0 in_doubt=2 (sandbox received 1 of them)");
    }

    @Test
    void anyOtherNotificationTheSandboxNeverGotIsLostWhateverTheTrackerSays() {
        ChaosResult.Builder builder = new ChaosResult.Builder(1, 1, 0, 0);
        builder.add("email", "sent", "", 0);
        builder.add("sms", "dead_lettered", "attempts exhausted", 0);
        builder.add("push", "missing", "", 0);
        builder.add("slack", "retrying", "", 0);

        ChaosResult result = builder.build();

        assertThat(result.lost()).isEqualTo(4);
        assertThat(result.lostByState()).containsEntry("sent", 1).containsEntry("dead_lettered", 1)
                .containsEntry("missing", 1).containsEntry("retrying", 1);
        assertThat(result.deadLettered()).isEqualTo(1);
        assertThat(result.notTerminal()).isEqualTo(2);
        assertThat(result.passed()).isFalse();
    }

    @Test
    void aSecondCopyAtTheProviderIsADuplicateAndEveryExtraCopyIsCounted() {
        ChaosResult.Builder builder = new ChaosResult.Builder(1, 1, 0, 0);
        builder.add("email", "delivered", "", 3);
        builder.add("sms", "delivered", "", 1);

        ChaosResult result = builder.build();

        assertThat(result.duplicated()).isEqualTo(1);
        assertThat(result.extraCopies()).isEqualTo(2);
        assertThat(result.passed()).isFalse();
    }

    @Test
    void anEventIngressRefusedForGoodFailsTheRun() {
        ChaosResult result = new ChaosResult.Builder(2, 1, 1, 0).build();

        assertThat(result.passed()).isFalse();
    }
}
