package dev.herald.channel.email;

import dev.herald.channel.core.repository.PostgresSendLedger;
import dev.herald.channel.core.service.SendLedger;
import dev.herald.channel.core.testing.ChannelDispatches;
import dev.herald.common.contract.Channel;
import dev.herald.common.contract.DispatchMessage;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/** {@link SendThroughputBenchmark} with the send ledger on (the default), plus the ledger's own latency. */
@QuarkusTest
class LedgerOnThroughputBenchmark extends SendThroughputBenchmark {

    @Inject
    PostgresSendLedger ledger;

    @Test
    void measuresSendsPerSecondAndTheLedgersLatency() {
        report("ledger on ");
        int calls = 2000;
        long[] nanos = new long[calls];
        for (int i = 0; i < calls; i++) {
            DispatchMessage dispatch = ChannelDispatches.to(Channel.EMAIL, "latency@example.com").build();
            long start = System.nanoTime();
            assertInstanceOf(SendLedger.Claimed.class, ledger.claim(dispatch, null));
            ledger.recordSent(dispatch.notificationId(), "sendgrid", "id-" + i);
            nanos[i] = System.nanoTime() - start;
        }
        Arrays.sort(nanos);
        System.out.printf("BENCH ledger claim + record, one after another, %d sends: p50 %.2f ms, p90 %.2f ms,"
                + " p99 %.2f ms%n", calls, nanos[calls / 2] / 1e6, nanos[calls * 9 / 10] / 1e6,
                nanos[calls * 99 / 100] / 1e6);
    }
}
