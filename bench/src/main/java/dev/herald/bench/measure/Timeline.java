package dev.herald.bench.measure;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;

/** Notifications per second over the whole load, by stage: accepted by ingress, received by a provider, sent. */
public final class Timeline {

    public enum Stage {
        ACCEPTED("accepted by ingress"), PROVIDER("received by the provider"), SENT("sent in the tracker");

        public final String label;

        Stage(String label) {
            this.label = label;
        }
    }

    private final Instant origin;
    private final Map<Stage, TreeMap<Long, Integer>> counts = new EnumMap<>(Stage.class);

    public Timeline(Instant origin) {
        this.origin = origin;
        for (Stage stage : Stage.values()) {
            counts.put(stage, new TreeMap<>());
        }
    }

    public synchronized void add(Stage stage, Instant at, int notifications) {
        long second = Math.floorDiv(Duration.between(origin, at).toMillis(), 1000);
        counts.get(stage).merge(second, notifications, Integer::sum);
    }

    /** Per-second counts of a stage from second 0 to the last second any stage saw, zeros included. */
    public synchronized double[] perSecond(Stage stage) {
        long last = counts.values().stream().filter(m -> !m.isEmpty()).mapToLong(TreeMap::lastKey).max().orElse(-1);
        double[] series = new double[(int) (last + 1)];
        counts.get(stage).forEach((second, count) -> {
            if (second >= 0 && second <= last) {
                series[second.intValue()] = count;
            }
        });
        return series;
    }
}
