package dev.herald.channel.core.testing;

import dev.herald.common.contract.Channel;
import dev.herald.common.contract.DispatchMessage;
import dev.herald.common.contract.NotificationIds;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * Dispatches for channel tests, as the preference filter makes them: each for a new event and a new user of tenant
 * {@value #TENANT}, category {@value #CATEGORY}, with the deterministic notification id of (event, user, channel), so
 * tests never see each other's statuses.
 *
 * <pre>{@code
 * DispatchMessage dispatch = ChannelDispatches.to(Channel.SMS, "+436641234567")
 *         .type("order.shipped").locale("de-AT").data(Map.of("orderId", "A-1")).attempt(2).build();
 * }</pre>
 */
public final class ChannelDispatches {

    public static final String TENANT = "default";
    public static final String CATEGORY = "orders";

    private ChannelDispatches() {
    }

    /** A dispatch to {@code address} on {@code channel}; by default {@code order.shipped}, {@code en}, attempt 1. */
    public static Builder to(Channel channel, String address) {
        return new Builder(channel, address);
    }

    /** The common case in one call: a dispatch of {@code type} in {@code locale} with {@code data}. */
    public static DispatchMessage dispatch(Channel channel, String type, String locale, String address,
            Map<String, Object> data, int attempt, Instant expiresAt) {
        return to(channel, address).type(type).locale(locale).data(data).attempt(attempt).expiresAt(expiresAt).build();
    }

    public static final class Builder {

        private final Channel channel;
        private final String address;
        private String type = "order.shipped";
        private String locale = "en";
        private Map<String, Object> data = Map.of();
        private int attempt = 1;
        private Instant expiresAt;
        private boolean critical;
        private String unsubscribeUrl;

        private Builder(Channel channel, String address) {
            this.channel = channel;
            this.address = address;
        }

        public Builder type(String type) {
            this.type = type;
            return this;
        }

        public Builder locale(String locale) {
            this.locale = locale;
            return this;
        }

        public Builder data(Map<String, Object> data) {
            this.data = data;
            return this;
        }

        public Builder attempt(int attempt) {
            this.attempt = attempt;
            return this;
        }

        public Builder expiresAt(Instant expiresAt) {
            this.expiresAt = expiresAt;
            return this;
        }

        public Builder critical(boolean critical) {
            this.critical = critical;
            return this;
        }

        public Builder unsubscribeUrl(String unsubscribeUrl) {
            this.unsubscribeUrl = unsubscribeUrl;
            return this;
        }

        public DispatchMessage build() {
            UUID eventId = NotificationIds.newEventId();
            String userId = "u-" + UUID.randomUUID();
            return new DispatchMessage(DispatchMessage.SCHEMA_VERSION,
                    NotificationIds.notificationId(eventId, userId, channel), eventId, TENANT, type, CATEGORY, userId,
                    channel, address, locale, data, attempt, expiresAt, critical, unsubscribeUrl);
        }
    }
}
