package dev.herald.channel.push.provider;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.common.contract.DispatchMessage;
import io.quarkus.logging.Log;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The data payload of a push message, which FCM requires to be a flat map of strings: the event data flattened
 * (nested objects as dotted keys, {@code order.id}; lists as JSON text; nulls left out) plus {@code notificationId},
 * {@code eventId} and {@code type}, which the event data cannot override. Keys FCM reserves for itself are dropped,
 * since FCM would refuse the whole message for them.
 */
final class PushData {

    static final String NOTIFICATION_ID = "notificationId";
    static final String EVENT_ID = "eventId";
    static final String TYPE = "type";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> RESERVED = Set.of("from", "message_type", "collapse_key", "notification");
    private static final Set<String> RESERVED_PREFIXES = Set.of("google", "gcm");

    private PushData() {
    }

    static Map<String, String> of(DispatchMessage dispatch) {
        Map<String, String> data = new LinkedHashMap<>();
        if (dispatch.data() != null) {
            flatten("", dispatch.data(), data);
        }
        data.put(NOTIFICATION_ID, String.valueOf(dispatch.notificationId()));
        if (dispatch.eventId() != null) {
            data.put(EVENT_ID, dispatch.eventId().toString());
        }
        if (dispatch.type() != null) {
            data.put(TYPE, dispatch.type());
        }
        return data;
    }

    private static void flatten(String prefix, Map<?, ?> values, Map<String, String> into) {
        values.forEach((name, value) -> {
            if (name == null || value == null) {
                return;
            }
            String key = prefix.isEmpty() ? name.toString() : prefix + "." + name;
            if (value instanceof Map<?, ?> nested) {
                flatten(key, nested, into);
            } else if (reserved(key)) {
                Log.debugf("dropping the data key '%s': FCM reserves it", key);
            } else {
                into.put(key, text(value));
            }
        });
    }

    private static String text(Object value) {
        if (value instanceof Collection<?> || value.getClass().isArray()) {
            try {
                return JSON.writeValueAsString(value);
            } catch (JsonProcessingException e) {
                return String.valueOf(value);
            }
        }
        return value.toString();
    }

    private static boolean reserved(String key) {
        String lower = key.toLowerCase(Locale.ROOT);
        return RESERVED.contains(lower) || RESERVED_PREFIXES.stream().anyMatch(lower::startsWith);
    }
}
