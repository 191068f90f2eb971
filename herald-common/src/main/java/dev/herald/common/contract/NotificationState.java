package dev.herald.common.contract;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/**
 * The states of one notification (DESIGN.md). A state may only be replaced by one of a higher {@link #rank()};
 * terminal states are never left. {@code deferred} ranks below {@code queued}: a notification held for quiet hours is
 * {@code queued} when the filter releases it, so the release must move it forward.
 */
public enum NotificationState {
    QUEUED(1),
    DEFERRED(0),
    RETRYING(2),
    SENT(3),
    DELIVERED(4),
    BOUNCED(4),
    FAILED(4),
    DEAD_LETTERED(4),
    EXPIRED(4),
    SUPPRESSED(4);

    private final int rank;

    NotificationState(int rank) {
        this.rank = rank;
    }

    public int rank() {
        return rank;
    }

    public boolean isTerminal() {
        return rank == 4;
    }

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static NotificationState fromWire(String value) {
        for (NotificationState state : values()) {
            if (state.wireName().equals(value)) {
                return state;
            }
        }
        throw new IllegalArgumentException("unknown notification state '" + value + "'");
    }
}
