package dev.herald.channel.email.provider;

import com.sendgrid.Client;
import com.sendgrid.Method;
import com.sendgrid.Request;
import com.sendgrid.Response;
import com.sendgrid.SendGrid;
import com.sendgrid.helpers.mail.Mail;
import com.sendgrid.helpers.mail.objects.Content;
import com.sendgrid.helpers.mail.objects.Email;
import com.sendgrid.helpers.mail.objects.Personalization;
import dev.herald.channel.core.provider.ChannelProvider;
import dev.herald.channel.core.provider.Redaction;
import dev.herald.channel.core.provider.RenderedNotification;
import dev.herald.channel.core.provider.SendOutcome;
import dev.herald.channel.core.provider.TemplateLayout;
import dev.herald.channel.email.config.EmailConfig;
import dev.herald.common.contract.Channel;
import dev.herald.common.contract.DispatchMessage;
import io.quarkus.logging.Log;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.http.client.config.RequestConfig;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.HttpClients;

import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Sends email through SendGrid's v3 mail-send API with the official sendgrid-java client. The raw client stays
 * inside this class; failures are classified by {@link SendGridResponseClassifier}.
 *
 * <p>The client gets its own Apache HTTP client rather than the SDK's default one, which has no timeouts and
 * two connections per host: a hung SendGrid must not hold a worker forever, and up to the prefetch of sends run
 * at once.
 */
@ApplicationScoped
public class SendGridEmailSender implements ChannelProvider {

    static final String PROVIDER = "sendgrid";
    private static final Pattern EMAIL_ADDRESS = Pattern.compile("[^@\\s]+@[^@\\s]+");
    private static final Pattern HEADER_SAFE_URL = Pattern.compile("https?://[^\\s<>]+");

    private final EmailConfig config;
    private final Client http;
    private final SendGrid sendGrid;

    SendGridEmailSender(EmailConfig config) {
        this.config = config;
        EmailConfig.SendGrid sendgrid = config.sendgrid();
        RequestConfig timeouts = RequestConfig.custom()
                .setConnectTimeout((int) sendgrid.connectTimeout().toMillis())
                .setConnectionRequestTimeout((int) sendgrid.connectTimeout().toMillis())
                .setSocketTimeout((int) sendgrid.readTimeout().toMillis())
                .build();
        CloseableHttpClient httpClient = HttpClients.custom()
                .setDefaultRequestConfig(timeouts)
                .setMaxConnTotal(sendgrid.maxConnections())
                .setMaxConnPerRoute(sendgrid.maxConnections())
                .useSystemProperties()
                .build();
        // Client's test flag switches the scheme to plain HTTP (provider-sandbox); it is no "test mode" at SendGrid.
        this.http = new Client(httpClient, sendgrid.plainHttp());
        this.sendGrid = new SendGrid(sendgrid.apiKey(), http);
        this.sendGrid.setHost(sendgrid.host());
        Log.infof("SendGrid client for %s://%s", sendgrid.plainHttp() ? "http" : "https", sendgrid.host());
    }

    @Override
    public Channel channel() {
        return Channel.EMAIL;
    }

    @Override
    public String providerName() {
        return PROVIDER;
    }

    @Override
    public TemplateLayout templateLayout() {
        return EmailContent.LAYOUT;
    }

    @Override
    public SendOutcome send(RenderedNotification notification) {
        DispatchMessage dispatch = notification.dispatch();
        if (dispatch.address() == null || !EMAIL_ADDRESS.matcher(dispatch.address()).matches()) {
            return new SendOutcome.PermanentFailure("invalid_address", "the recipient has no valid email address");
        }
        Request request = new Request();
        request.setMethod(Method.POST);
        request.setEndpoint("mail/send");
        try {
            request.setBody(mail(dispatch, EmailContent.of(notification)).build());
        } catch (IOException | IllegalArgumentException e) {
            return new SendOutcome.PermanentFailure("invalid_message", "cannot build the SendGrid request: " + e.getMessage());
        }
        try {
            Response response = sendGrid.api(request);
            SendOutcome outcome = SendGridResponseClassifier.classify(response, Instant.now());
            Log.debugf("SendGrid answered %d for %s to %s", response.getStatusCode(), dispatch.notificationId(),
                    Redaction.address(dispatch.address()));
            return outcome;
        } catch (IOException e) {
            return SendGridResponseClassifier.classify(e);
        }
    }

    private Mail mail(DispatchMessage dispatch, EmailContent content) {
        Mail mail = new Mail();
        mail.setFrom(new Email(config.from(), config.fromName()));
        mail.setSubject(content.subject());
        Personalization personalization = new Personalization();
        personalization.addTo(new Email(dispatch.address()));
        mail.addPersonalization(personalization);
        // SendGrid requires text/plain before text/html.
        mail.addContent(new Content("text/plain", content.text()));
        mail.addContent(new Content("text/html", content.html()));
        // Echoed back in SendGrid's event webhooks, so the tracker can match events to notifications.
        mail.addCustomArg("herald_notification_id", dispatch.notificationId().toString());
        if (dispatch.eventId() != null) {
            mail.addCustomArg("herald_event_id", dispatch.eventId().toString());
        }
        if (dispatch.tenant() != null) {
            mail.addCustomArg("herald_tenant", dispatch.tenant());
        }
        unsubscribeHeaders(dispatch).forEach(mail::addHeader);
        return mail;
    }

    /**
     * RFC 2369 / RFC 8058 headers for a non-critical email that carries its category's unsubscribe URL: mail clients
     * show an unsubscribe button, and with {@code List-Unsubscribe-Post} they POST to the URL in one click. RFC 8058
     * allows the one-click form only for HTTPS URLs, so a plain-HTTP URL (a dev setup) gets the link header alone. A
     * URL that could break the header (whitespace, angle brackets) is left out rather than sent.
     */
    static Map<String, String> unsubscribeHeaders(DispatchMessage dispatch) {
        String url = dispatch.unsubscribeUrl();
        if (dispatch.critical() || url == null || !HEADER_SAFE_URL.matcher(url).matches()) {
            return Map.of();
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("List-Unsubscribe", "<" + url + ">");
        if (url.startsWith("https://")) {
            headers.put("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        }
        return headers;
    }

    @PreDestroy
    void close() {
        try {
            http.close();
        } catch (IOException e) {
            Log.debugf(e, "closing the SendGrid HTTP client");
        }
    }
}
