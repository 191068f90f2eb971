package dev.herald.sandbox.service;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** The provider APIs the sandbox stands in for, by Herald's channel wire names. */
public enum SandboxChannel {
    EMAIL("email"),
    SMS("sms"),
    PUSH("push"),
    SLACK("slack");

    public static final String WIRE_NAMES = Arrays.stream(values())
            .map(SandboxChannel::wireName).collect(Collectors.joining(", "));

    private final String wireName;

    SandboxChannel(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }

    public static Optional<SandboxChannel> fromWireName(String name) {
        if (name == null) {
            return Optional.empty();
        }
        String wanted = name.toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(channel -> channel.wireName.equals(wanted)).findFirst();
    }
}
