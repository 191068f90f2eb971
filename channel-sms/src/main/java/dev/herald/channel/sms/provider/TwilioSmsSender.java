package dev.herald.channel.sms.provider;

import com.twilio.exception.TwilioException;
import com.twilio.http.TwilioRestClient;
import com.twilio.rest.api.v2010.account.Message;
import com.twilio.rest.api.v2010.account.MessageCreator;
import com.twilio.type.PhoneNumber;
import dev.herald.channel.core.provider.ChannelProvider;
import dev.herald.channel.core.provider.Redaction;
import dev.herald.channel.core.provider.RenderedNotification;
import dev.herald.channel.core.provider.SendOutcome;
import dev.herald.channel.core.provider.TemplateLayout;
import dev.herald.channel.sms.config.SmsConfig;
import dev.herald.common.contract.Channel;
import dev.herald.common.contract.DispatchMessage;
import dev.herald.common.contract.Names;
import io.quarkus.logging.Log;
import io.quarkus.runtime.Startup;
import io.quarkus.runtime.configuration.ConfigurationException;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Sends SMS through Twilio's Messages API with the official {@code com.twilio.sdk:twilio} client. The REST client is
 * this bean's own (not the SDK's static {@code Twilio.init} global) and stays inside it; failures are classified by
 * {@link TwilioErrorClassifier}. Its transport, {@link TwilioHttpClient}, adds what the SDK lacks: a base URL, our
 * timeouts, no in-process retries, and the {@code Retry-After} of error answers.
 *
 * <p>Created at start-up, so that a sender misconfiguration stops the service with a clear message instead of failing
 * every notification.
 */
@Startup
@ApplicationScoped
public class TwilioSmsSender implements ChannelProvider {

    static final String PROVIDER = "twilio";
    private static final Pattern MESSAGING_SERVICE_SID = Pattern.compile("MG[0-9a-fA-F]{32}");
    /**
     * Expiries further away than this are left to Twilio's default validity period; 4 hours is within every maximum
     * Twilio has documented for {@code ValidityPeriod}, so the parameter is never refused.
     */
    private static final Duration MAX_VALIDITY_PERIOD = Duration.ofHours(4);

    private final int maxSegments;
    private final Sender sender;
    private final URI statusCallback;
    private final TwilioHttpClient http;
    private final TwilioRestClient twilio;

    TwilioSmsSender(SmsConfig config) {
        SmsConfig.Twilio settings = config.twilio();
        this.maxSegments = maxSegments(config.maxSegments());
        this.sender = Sender.of(settings);
        this.statusCallback = settings.statusCallbackUrl().map(TwilioSmsSender::statusCallback).orElse(null);
        require(settings.accountSid(), "account-sid");
        require(settings.authToken(), "auth-token");
        if (!settings.connectTimeout().isPositive() || !settings.readTimeout().isPositive()
                || settings.maxConnections() < 1) {
            // An HTTP client timeout of 0 means "wait forever", which a hung Twilio must never get.
            throw new ConfigurationException("herald.sms.twilio.connect-timeout and read-timeout must be positive and "
                    + "max-connections at least 1");
        }
        try {
            this.http = new TwilioHttpClient(settings.baseUrl(), settings.connectTimeout(), settings.readTimeout(),
                    settings.maxConnections());
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("herald.sms.twilio.base-url (HERALD_SMS_TWILIO_BASE_URL) " + e.getMessage());
        }
        this.twilio = new TwilioRestClient.Builder(settings.accountSid().strip(), settings.authToken().strip())
                .httpClient(http)
                .build();
        Log.infof("Twilio client for %s, sending from %s, at most %d segments per SMS",
                TwilioHttpClient.normalise(settings.baseUrl()), sender.description(), maxSegments);
    }

    @Override
    public Channel channel() {
        return Channel.SMS;
    }

    @Override
    public String providerName() {
        return PROVIDER;
    }

    @Override
    public TemplateLayout templateLayout() {
        return SmsContent.LAYOUT;
    }

    @Override
    public SendOutcome send(RenderedNotification notification) {
        DispatchMessage dispatch = notification.dispatch();
        if (dispatch.address() == null || !Names.E164.matcher(dispatch.address()).matches()) {
            return new SendOutcome.PermanentFailure("invalid_number", "the recipient has no valid E.164 phone number");
        }
        SmsContent content = SmsContent.of(notification, maxSegments);
        if (content.text().isEmpty()) {
            return new SendOutcome.PermanentFailure("empty_message", "template " + notification.template()
                    + " rendered no text");
        }
        if (content.truncated()) {
            Log.infof("SMS %s from template %s cut to %d segments", dispatch.notificationId(), notification.template(),
                    maxSegments);
        }
        MessageCreator creator = sender.creator(new PhoneNumber(dispatch.address()), content.text());
        if (statusCallback != null) {
            creator.setStatusCallback(statusCallback);
        }
        validityPeriod(dispatch, Instant.now()).ifPresent(creator::setValidityPeriod);
        try {
            Message message = creator.create(twilio);
            http.takeLastAnswer();
            Log.debugf("Twilio accepted %s to %s as %s", dispatch.notificationId(), Redaction.address(dispatch.address()),
                    message.getSid());
            return new SendOutcome.Accepted(message.getSid());
        } catch (TwilioException e) {
            return TwilioErrorClassifier.classify(e, http.takeLastAnswer(), dispatch.address(), Instant.now());
        }
    }

    /**
     * Seconds Twilio may keep the message queued before dropping it, so that an expiring notification does not go
     * out late from Twilio's queue either; empty when there is no expiry within {@link #MAX_VALIDITY_PERIOD}.
     */
    static Optional<Integer> validityPeriod(DispatchMessage dispatch, Instant now) {
        if (dispatch.expiresAt() == null) {
            return Optional.empty();
        }
        Duration left = Duration.between(now, dispatch.expiresAt());
        if (left.compareTo(MAX_VALIDITY_PERIOD) >= 0) {
            return Optional.empty();
        }
        return Optional.of((int) Math.max(1, left.toSeconds()));
    }

    @PreDestroy
    void close() {
        http.close();
    }

    private static int maxSegments(int configured) {
        if (configured < 1 || configured > 10) {
            throw new ConfigurationException("herald.sms.max-segments (HERALD_SMS_MAX_SEGMENTS) must be between 1 and "
                    + "10, was " + configured);
        }
        return configured;
    }

    private static URI statusCallback(String url) {
        try {
            URI uri = URI.create(url.strip());
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                return uri;
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw new ConfigurationException("herald.sms.twilio.status-callback-url (HERALD_SMS_TWILIO_STATUS_CALLBACK_URL)"
                + " must be an absolute http(s) URL, was '" + url + "'");
    }

    private static void require(String value, String key) {
        if (value == null || value.isBlank()) {
            throw new ConfigurationException("herald.sms.twilio." + key + " (HERALD_SMS_TWILIO_"
                    + key.toUpperCase().replace('-', '_') + ") must be set");
        }
    }

    /** Who an SMS comes from: a number of the account, or a Messaging Service that picks one. */
    private record Sender(PhoneNumber from, String messagingServiceSid) {

        static Sender of(SmsConfig.Twilio settings) {
            Optional<String> from = settings.from().map(String::strip).filter(value -> !value.isEmpty());
            Optional<String> service = settings.messagingServiceSid().map(String::strip).filter(value -> !value.isEmpty());
            if (from.isPresent() == service.isPresent()) {
                throw new ConfigurationException("Set exactly one of herald.sms.twilio.from (HERALD_SMS_TWILIO_FROM, an "
                        + "E.164 number such as +14155550100) and herald.sms.twilio.messaging-service-sid "
                        + "(HERALD_SMS_TWILIO_MESSAGING_SERVICE_SID, MG...); "
                        + (from.isPresent() ? "both are set" : "neither is set"));
            }
            if (from.isPresent() && !Names.E164.matcher(from.get()).matches()) {
                throw new ConfigurationException("herald.sms.twilio.from (HERALD_SMS_TWILIO_FROM) " + Names.E164_RULE
                        + "; use a Messaging Service for short codes or alphanumeric senders");
            }
            if (service.isPresent() && !MESSAGING_SERVICE_SID.matcher(service.get()).matches()) {
                throw new ConfigurationException("herald.sms.twilio.messaging-service-sid "
                        + "(HERALD_SMS_TWILIO_MESSAGING_SERVICE_SID) must be MG followed by 32 hexadecimal digits");
            }
            return new Sender(from.map(PhoneNumber::new).orElse(null), service.orElse(null));
        }

        MessageCreator creator(PhoneNumber to, String body) {
            return from != null ? Message.creator(to, from, body) : Message.creator(to, messagingServiceSid, body);
        }

        String description() {
            return from != null ? Redaction.address(from.toString()) : "Messaging Service " + messagingServiceSid;
        }
    }
}
