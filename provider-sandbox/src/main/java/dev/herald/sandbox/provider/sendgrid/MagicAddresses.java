package dev.herald.sandbox.provider.sendgrid;

import dev.herald.sandbox.service.RecordedMessage;

import java.util.Locale;
import java.util.Map;

/**
 * Email addresses with a fixed outcome, chosen by their local part in any domain, ignoring case and any
 * {@code +tag} (so {@code bounce+u42@example.com} bounces too and tests can keep recipients unique). The outcomes
 * are SendGrid's event names, which the delivery webhooks will report.
 */
final class MagicAddresses {

    /** {@code invalid@...}: SendGrid rejects the request with 400 "Does not contain a valid address." */
    static final String REJECTED = "invalid";

    private static final Map<String, String> OUTCOMES = Map.of(
            "bounce", "bounce",
            "dropped", "dropped",
            "spamreport", "spamreport");

    private MagicAddresses() {
    }

    static boolean isRejected(String address) {
        return REJECTED.equals(magicKey(address));
    }

    /** The event this address will produce: {@code delivered} unless it is a magic one. */
    static String outcome(String address) {
        return OUTCOMES.getOrDefault(magicKey(address), RecordedMessage.DELIVERED);
    }

    private static String magicKey(String address) {
        int at = address.lastIndexOf('@');
        String local = at < 0 ? address : address.substring(0, at);
        int plus = local.indexOf('+');
        return (plus < 0 ? local : local.substring(0, plus)).toLowerCase(Locale.ROOT);
    }
}
