package dev.herald.bench.chaos;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The run's verdict over every notification of every accepted event (one per channel), from the tracker's state and
 * the number of copies the sandbox received:
 * <ul>
 * <li>{@code in_doubt}: dead-lettered with reason {@code outcome_unknown}: a worker died during the provider call,
 * so the send ledger holds a claim without an outcome and nothing was resent. Counted apart from lost and
 * duplicated; {@code in_doubt_received} says how many of them the sandbox did get (once).</li>
 * <li>{@code lost}: every other notification the sandbox never received, whatever the tracker says (the breakdown
 * names the states: {@code missing} when the tracker has no such notification).</li>
 * <li>{@code duplicated}: notifications the sandbox received more than once ({@code extra_copies} in all).</li>
 * <li>{@code delivered_once}: received exactly once and not in doubt.</li>
 * </ul>
 */
public record ChaosResult(int events, int accepted, int rejected, int stray, int notifications, int deliveredOnce, int lost,
        int duplicated, int extraCopies, int inDoubt, int inDoubtReceived, int deadLettered, int notTerminal,
        Map<String, Integer> lostByState, Map<String, Integer> states, Map<String, Map<String, Integer>> perChannel) {

    static final String OUTCOME_UNKNOWN = "outcome_unknown";

    public boolean passed() {
        return lost == 0 && duplicated == 0 && rejected == 0;
    }

    /** The one line the README quotes. */
    public String line() {
        return ("lost=%d duplicated=%d in_doubt=%d (sandbox received %d of them) dead_lettered=%d not_terminal=%d "
                + "delivered_once=%d notifications=%d events=%d accepted=%d rejected=%d extra_copies=%d stray=%d")
                .formatted(lost, duplicated, inDoubt, inDoubtReceived, deadLettered, notTerminal, deliveredOnce,
                        notifications, events, accepted, rejected, extraCopies, stray);
    }

    static final class Builder {

        private final int events;
        private final int accepted;
        private final int rejected;
        private final int stray;
        private int notifications;
        private int deliveredOnce;
        private int lost;
        private int duplicated;
        private int extraCopies;
        private int inDoubt;
        private int inDoubtReceived;
        private int deadLettered;
        private int notTerminal;
        private final Map<String, Integer> lostByState = new TreeMap<>();
        private final Map<String, Integer> states = new TreeMap<>();
        private final Map<String, Map<String, Integer>> perChannel = new LinkedHashMap<>();

        Builder(int events, int accepted, int rejected, int stray) {
            this.events = events;
            this.accepted = accepted;
            this.rejected = rejected;
            this.stray = stray;
        }

        void add(String channel, String state, String reason, int copies) {
            notifications++;
            states.merge(state, 1, Integer::sum);
            Map<String, Integer> counts = perChannel.computeIfAbsent(channel, c -> new LinkedHashMap<>());
            counts.merge("notifications", 1, Integer::sum);
            if (!ChaosCheck.TERMINAL.contains(state)) {
                notTerminal++;
            }
            boolean doubtful = state.equals("dead_lettered") && reason.contains(OUTCOME_UNKNOWN);
            if (state.equals("dead_lettered") && !doubtful) {
                deadLettered++;
            }
            if (copies > 1) {
                duplicated++;
                extraCopies += copies - 1;
                counts.merge("duplicated", 1, Integer::sum);
            }
            if (doubtful) {
                inDoubt++;
                counts.merge("in_doubt", 1, Integer::sum);
                if (copies > 0) {
                    inDoubtReceived++;
                }
            } else if (copies == 0) {
                lost++;
                lostByState.merge(state, 1, Integer::sum);
                counts.merge("lost", 1, Integer::sum);
            } else if (copies == 1) {
                deliveredOnce++;
                counts.merge("delivered_once", 1, Integer::sum);
            }
        }

        ChaosResult build() {
            return new ChaosResult(events, accepted, rejected, stray, notifications, deliveredOnce, lost, duplicated,
                    extraCopies, inDoubt, inDoubtReceived, deadLettered, notTerminal, Map.copyOf(lostByState),
                    Map.copyOf(states), Map.copyOf(perChannel));
        }
    }
}
