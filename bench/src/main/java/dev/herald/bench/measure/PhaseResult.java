package dev.herald.bench.measure;

import java.time.Duration;
import java.util.Map;

/**
 * The measured outcome of one load phase.
 *
 * @param offeredPerSecond    notifications per second offered (0 for the closed-loop maximum)
 * @param concurrency         requests in flight (closed loop), else 0
 * @param events              events sent; {@code accepted} of them got a 202
 * @param errors              answers other than 202, by status (or failure kind), with their counts
 * @param expected            notifications the accepted events must make (recipients x channels)
 * @param inTracker           of those, how many the tracker knows in any state
 * @param sent                how many reached {@code sent} (or a later delivery state) in the tracker
 * @param inProvider          how many the sandbox providers received
 * @param extraProviderCalls  provider calls beyond one per notification: duplicate sends (or strays)
 * @param otherStates         tracker states of those not sent, with counts
 * @param acceptedPerSecond   notifications accepted per second, first due request to last answer
 * @param providerPerSecond   notifications received by providers per second, first due request to last received
 * @param sentPerSecond       notifications sent per second, first due request to last sent: end-to-end throughput
 * @param ingress             due time -> 202 answer (includes any wait behind a stalled platform)
 * @param acceptedToProvider  event accepted (acceptedAt) -> provider received (sandbox receivedAt)
 * @param acceptedToSent      event accepted -> {@code sent} recorded (the status's time)
 * @param dueToProvider       due time of the request -> provider received: what a client experiences
 * @param maxQueueDepths      the deepest each work queue got during the phase (empty queues left out)
 */
public record PhaseResult(String name, double offeredPerSecond, int concurrency, Duration sending, int events,
        int accepted, Map<String, Integer> errors, int expected, int inTracker, int sent, int inProvider,
        int extraProviderCalls,
        Map<String, Integer> otherStates, double acceptedPerSecond, double providerPerSecond, double sentPerSecond,
        Distribution ingress, Distribution acceptedToProvider, Distribution acceptedToSent, Distribution dueToProvider,
        ResourceSampler.CpuUsage cpu, long peakServicesRssKb, Map<String, Long> maxQueueDepths, Duration drain) {

    /** Accepted notifications the tracker never heard of. */
    public int lost() {
        return expected - inTracker;
    }

    /** Every accepted notification reached the provider exactly once and {@code sent}. */
    public boolean accountedFor() {
        return sent == expected && inProvider == expected && extraProviderCalls == 0;
    }

    public int errorCount() {
        return errors.values().stream().mapToInt(Integer::intValue).sum();
    }
}
