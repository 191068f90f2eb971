package dev.herald.sandbox.provider.twilio;

import dev.herald.sandbox.config.SandboxConfig;
import dev.herald.sandbox.service.WebhookDispatcher;
import io.quarkus.logging.Log;
import jakarta.inject.Singleton;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Twilio's message status callbacks, played back for each queued message: {@code sent}, then the final status
 * ({@code delivered}, or {@code undelivered} / {@code failed} with an {@code ErrorCode} for the magic numbers of
 * {@link MagicNumbers#callbackOutcome}), posted form-encoded to the message's {@code StatusCallback} (or the
 * configured default) and signed as Twilio signs: {@code X-Twilio-Signature} is base64 HMAC-SHA1, keyed with the
 * auth token, over the URL followed by the sorted parameters' names and values.
 */
@Singleton
public class TwilioStatusCallback {

    static final String SIGNATURE_HEADER = "X-Twilio-Signature";
    /** The final callback follows {@code sent}, as at Twilio. */
    private static final Duration FINAL_AFTER_SENT = Duration.ofMillis(150);

    private final WebhookDispatcher dispatcher;
    private final String accountSid;
    private final byte[] authToken;
    private final Optional<String> defaultUrl;

    TwilioStatusCallback(WebhookDispatcher dispatcher, SandboxConfig config) {
        this.dispatcher = dispatcher;
        this.accountSid = config.twilio().accountSid();
        this.authToken = config.twilio().authToken().getBytes(StandardCharsets.UTF_8);
        this.defaultUrl = config.webhooks().twilioUrl().filter(value -> !value.isBlank());
        defaultUrl.ifPresent(target -> Log.infof("Twilio status callbacks without a StatusCallback go to %s", target));
    }

    /** Schedules the callbacks of a queued message; {@code statusCallback} may be null. */
    void queued(String sid, String to, String from, String statusCallback) {
        Optional<String> target = Optional.ofNullable(statusCallback).or(() -> defaultUrl);
        if (target.isEmpty() || !dispatcher.enabled()) {
            return;
        }
        URI url;
        try {
            url = URI.create(target.get());
            if (!"http".equalsIgnoreCase(url.getScheme()) && !"https".equalsIgnoreCase(url.getScheme())) {
                throw new IllegalArgumentException("not http(s)");
            }
        } catch (IllegalArgumentException e) {
            Log.debugf("twilio: no callback for %s: StatusCallback is not an http(s) URL", sid);
            return;
        }
        MagicNumbers.CallbackOutcome outcome = MagicNumbers.callbackOutcome(to);
        schedule(url, parameters(sid, to, from, "sent", null), Duration.ZERO);
        schedule(url, parameters(sid, to, from, outcome.status(), outcome.errorCode()), FINAL_AFTER_SENT);
    }

    private void schedule(URI url, Map<String, String> parameters, Duration after) {
        byte[] body = form(parameters).getBytes(StandardCharsets.UTF_8);
        String signature = sign(authToken, url.toString(), parameters);
        dispatcher.schedule("twilio " + parameters.get("MessageStatus") + " of " + parameters.get("MessageSid"), after,
                () -> new WebhookDispatcher.Webhook(url, "application/x-www-form-urlencoded; charset=utf-8", body,
                        Map.of(SIGNATURE_HEADER, signature)));
    }

    private Map<String, String> parameters(String sid, String to, String from, String status, String errorCode) {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("AccountSid", accountSid);
        parameters.put("ApiVersion", "2010-04-01");
        if (from != null) {
            parameters.put("From", from);
        }
        parameters.put("MessageSid", sid);
        parameters.put("MessageStatus", status);
        parameters.put("SmsSid", sid);
        parameters.put("SmsStatus", status);
        parameters.put("To", to);
        if (errorCode != null) {
            parameters.put("ErrorCode", errorCode);
        }
        return parameters;
    }

    /** Twilio's request signature of a POST to {@code url} with these parameters. */
    static String sign(byte[] authToken, String url, Map<String, String> parameters) {
        List<Map.Entry<String, String>> sorted = new ArrayList<>(parameters.entrySet());
        sorted.sort(Map.Entry.comparingByKey());
        StringBuilder data = new StringBuilder(url);
        sorted.forEach(parameter -> data.append(parameter.getKey()).append(parameter.getValue()));
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(authToken, "HmacSHA1"));
            return Base64.getEncoder().encodeToString(mac.doFinal(data.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA1 is unavailable", e);
        }
    }

    private static String form(Map<String, String> parameters) {
        return parameters.entrySet().stream()
                .map(entry -> URLEncoder.encode(entry.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(entry.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }
}
