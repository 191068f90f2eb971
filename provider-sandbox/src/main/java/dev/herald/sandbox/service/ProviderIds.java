package dev.herald.sandbox.service;

import java.util.Base64;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/** Message identifiers in each provider's own format. Unique, not secret: they need no secure random. */
public final class ProviderIds {

    private static final Base64.Encoder BASE64_URL = Base64.getUrlEncoder().withoutPadding();
    private static final HexFormat HEX = HexFormat.of();
    private static final AtomicLong LAST_SLACK_MICROS = new AtomicLong();

    private ProviderIds() {
    }

    /** SendGrid's {@code X-Message-Id}: 22 URL-safe base64 characters. */
    public static String sendGridMessageId() {
        return BASE64_URL.encodeToString(randomBytes(16));
    }

    /** A Twilio message SID: {@code SM} and 32 hex digits. */
    public static String twilioMessageSid() {
        return "SM" + HEX.formatHex(randomBytes(16));
    }

    /**
     * A Slack message {@code ts}: epoch seconds and six digits of microseconds, strictly increasing within this
     * process because Slack identifies a message by its channel and ts.
     */
    public static String slackTs() {
        long now = System.currentTimeMillis() * 1000;
        long micros = LAST_SLACK_MICROS.updateAndGet(last -> Math.max(last + 1, now));
        return String.format("%d.%06d", micros / 1_000_000, micros % 1_000_000);
    }

    /** An FCM message name: {@code projects/<project>/messages/0:<micros>%<16 hex>}. */
    public static String fcmMessageName(String project) {
        return "projects/" + project + "/messages/0:" + System.currentTimeMillis() * 1000
                + "%" + HEX.formatHex(randomBytes(8));
    }

    private static byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        ThreadLocalRandom.current().nextBytes(bytes);
        return bytes;
    }
}
