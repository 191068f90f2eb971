package dev.herald.channel.core.provider;

import java.util.Collection;
import java.util.Iterator;
import java.util.Map;

/**
 * Reads a header from the header map an SDK hands back with a provider's answer. HTTP header names are
 * case-insensitive, and SDKs keep them as they came ({@code X-Message-Id}, {@code x-message-id}), with one value
 * ({@code Map<String, String>}) or a list of them ({@code Map<String, List<String>>}, {@code Map<String, Object>}).
 */
public final class ResponseHeaders {

    private ResponseHeaders() {
    }

    /**
     * The value of header {@code name}, whatever the case of its name; the first value of a header with several;
     * null when the header is absent or {@code headers} is null.
     */
    public static String value(Map<String, ?> headers, String name) {
        if (headers == null || name == null) {
            return null;
        }
        for (Map.Entry<String, ?> header : headers.entrySet()) {
            if (header.getKey() != null && header.getKey().equalsIgnoreCase(name)) {
                return first(header.getValue());
            }
        }
        return null;
    }

    private static String first(Object value) {
        if (value instanceof Collection<?> values) {
            Iterator<?> first = values.iterator();
            return first.hasNext() ? first(first.next()) : null;
        }
        return value == null ? null : value.toString();
    }
}
