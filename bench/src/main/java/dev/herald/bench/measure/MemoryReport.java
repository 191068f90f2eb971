package dev.herald.bench.measure;

import java.util.Map;

/**
 * Resident memory of the services over the run, in KiB.
 *
 * @param atStart         each service's RSS when the benchmark began (after its start-up, before any load)
 * @param peak            each service's highest RSS since it started ({@code VmHWM})
 * @param atEnd           each service's RSS when the benchmark ended
 * @param peakTotal       the highest sum over Herald's services at one moment (sampled every second), without the
 *                        stand-ins for the providers ({@link ResourceSampler#STAND_INS})
 * @param rabbitMemUsed   RabbitMQ's own memory use at the end (bytes, management API), -1 if unknown
 * @param exited          services whose process was gone at the end: they crashed or were stopped during the run
 */
public record MemoryReport(Map<String, Long> atStart, Map<String, Long> peak, Map<String, Long> atEnd, long peakTotal,
        long rabbitMemUsed, java.util.Set<String> exited) {

    /** The sum over Herald's services, without the stand-ins. */
    public static long sum(Map<String, Long> values) {
        return values.entrySet().stream().filter(e -> !ResourceSampler.STAND_INS.contains(e.getKey()))
                .mapToLong(Map.Entry::getValue).sum();
    }
}
