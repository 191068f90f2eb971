package dev.herald.common.contract;

import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/** W3C {@code traceparent} values: a new trace at the edge, a child span at every hop. */
public final class TraceParent {

    private static final Pattern VALID = Pattern.compile("00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}");

    private TraceParent() {
    }

    public static String newTrace() {
        return "00-" + randomHex(16) + "-" + randomHex(8) + "-01";
    }

    /** A child of {@code parent} (same trace id, new span id), or a new trace where the parent is absent or invalid. */
    public static String childOf(String parent) {
        if (parent == null || !VALID.matcher(parent).matches()) {
            return newTrace();
        }
        return parent.substring(0, 36) + randomHex(8) + parent.substring(52);
    }

    private static String randomHex(int bytes) {
        byte[] buffer = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(buffer);
        return HexFormat.of().formatHex(buffer);
    }
}
