package dev.herald.bench.load;

import dev.herald.bench.Users;

import java.util.List;

/**
 * The benchmark's event: an {@code order.shipped} like a shop sends, rendered by the channels' real templates,
 * for {@code fanout} consecutive users on the configured channels.
 */
public final class EventBodies {

    private final UserCursor cursor;
    private final int fanout;
    private final String channels;

    public EventBodies(UserCursor cursor, int fanout, List<String> channels) {
        this.cursor = cursor;
        this.fanout = fanout;
        this.channels = String.join(",", channels.stream().map(channel -> "\"" + channel + "\"").toList());
    }

    public String body(int firstUser, long sequence) {
        StringBuilder json = new StringBuilder(160 + fanout * 18);
        json.append("{\"type\":\"order.shipped\",\"category\":\"orders\",\"recipients\":[");
        for (int i = 0; i < fanout; i++) {
            if (i > 0) {
                json.append(',');
            }
            json.append('"').append(Users.id(cursor.user(firstUser, i))).append('"');
        }
        String order = "B-" + sequence;
        json.append("],\"channels\":[").append(channels).append("],\"data\":{\"orderId\":\"").append(order)
                .append("\",\"carrier\":\"Parcel & Co\",\"trackingUrl\":\"https://track.example.com/").append(order)
                .append("\"}}");
        return json.toString();
    }

    public UserCursor cursor() {
        return cursor;
    }

    public int fanout() {
        return fanout;
    }
}
