package dev.herald.common.contract;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;
import java.util.Optional;

/** A delivery channel. Its wire name is also its dispatch routing key and part of its queue names. */
public enum Channel {
    EMAIL, SMS, PUSH, SLACK;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The channel's work queue, e.g. {@code herald.email}. */
    public String workQueue() {
        return "herald." + wireName();
    }

    public static Optional<Channel> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        for (Channel channel : values()) {
            if (channel.wireName().equals(value)) {
                return Optional.of(channel);
            }
        }
        return Optional.empty();
    }

    @JsonCreator
    public static Channel fromWire(String value) {
        return parse(value).orElseThrow(() -> new IllegalArgumentException("unknown channel '" + value + "'"));
    }
}
