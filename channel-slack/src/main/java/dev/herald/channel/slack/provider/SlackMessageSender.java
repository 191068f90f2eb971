package dev.herald.channel.slack.provider;

import com.google.gson.JsonParseException;
import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.request.chat.ChatPostMessageRequest;
import com.slack.api.methods.response.chat.ChatPostMessageResponse;
import com.slack.api.util.http.SlackHttpClient;
import dev.herald.channel.core.provider.ChannelProvider;
import dev.herald.channel.core.provider.Redaction;
import dev.herald.channel.core.provider.RenderedNotification;
import dev.herald.channel.core.provider.SendOutcome;
import dev.herald.channel.core.provider.TemplateLayout;
import dev.herald.channel.slack.config.SlackChannelConfig;
import dev.herald.common.contract.Channel;
import dev.herald.common.contract.DispatchMessage;
import io.quarkus.logging.Log;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Posts Slack notifications with {@code chat.postMessage} through the official SDK ({@code slack-api-client}):
 * Block Kit sections with the rendered mrkdwn plus the same text as the notification fallback, into a channel
 * ({@code channel:<id>}) or as a direct message from the app ({@code user:<id>}, see {@link SlackAddress}).
 *
 * <p>The SDK's HTTP client gets timeouts (a hung Slack must not hold a worker forever) and an idle pool as large as
 * the prefetch. Two SDK defaults are switched off: its rate-limit statistics, which would call {@code auth.test}
 * before the first post and run a background job, and its response listeners, which log request bodies (the
 * message text) at debug level.
 */
@ApplicationScoped
public class SlackMessageSender implements ChannelProvider {

    static final String PROVIDER = "slack";

    private final Slack slack;
    private final MethodsClient methods;

    SlackMessageSender(SlackChannelConfig config) {
        String apiUrl = config.apiUrl().endsWith("/") ? config.apiUrl() : config.apiUrl() + "/";
        SlackConfig sdk = new SlackConfig();
        sdk.setMethodsEndpointUrlPrefix(apiUrl);
        sdk.setStatsEnabled(false);
        sdk.setHttpClientResponseHandlers(new ArrayList<>());
        sdk.setPrettyResponseLoggingEnabled(false);
        sdk.setHttpClientReadTimeoutMillis(millis(config.readTimeout()));
        sdk.setHttpClientWriteTimeoutMillis(millis(config.readTimeout()));
        sdk.setHttpClientCallTimeoutMillis(millis(config.connectTimeout().plus(config.readTimeout())));
        // SlackConfig has no connect timeout: adjust the client the SDK builds from its config (user agent, proxy).
        OkHttpClient http = SlackHttpClient.buildOkHttpClient(sdk).newBuilder()
                .connectTimeout(config.connectTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .connectionPool(new ConnectionPool(config.maxIdleConnections(), 5, TimeUnit.MINUTES))
                .build();
        this.slack = Slack.getInstance(sdk, new SlackHttpClient(http));
        this.methods = slack.methods(config.botToken());
        Log.infof("Slack client for %s", apiUrl);
    }

    @Override
    public Channel channel() {
        return Channel.SLACK;
    }

    @Override
    public String providerName() {
        return PROVIDER;
    }

    @Override
    public TemplateLayout templateLayout() {
        return SlackContent.LAYOUT;
    }

    @Override
    public SendOutcome send(RenderedNotification notification) {
        DispatchMessage dispatch = notification.dispatch();
        Optional<SlackAddress> target = SlackAddress.parse(dispatch.address());
        if (target.isEmpty()) {
            return new SendOutcome.PermanentFailure("invalid_address",
                    "the recipient has no Slack target (channel:<id> or user:<id>)");
        }
        SlackContent content = SlackContent.of(notification);
        if (content.isBlank()) {
            return new SendOutcome.PermanentFailure("no_text", "template " + notification.template()
                    + " rendered an empty message");
        }
        String conversation = target.get().conversation();
        ChatPostMessageRequest request = ChatPostMessageRequest.builder()
                .channel(conversation)
                .text(content.text())
                .blocks(content.blocks())
                .build();
        try {
            ChatPostMessageResponse response = methods.chatPostMessage(request);
            Log.debugf("Slack answered ok=%s for %s to %s", response.isOk(), dispatch.notificationId(),
                    Redaction.address(conversation));
            return SlackResponseClassifier.classify(response, conversation, Instant.now());
        } catch (SlackApiException e) {
            return SlackResponseClassifier.classify(e, Instant.now());
        } catch (IOException e) {
            return SlackResponseClassifier.classify(e);
        } catch (JsonParseException e) {
            return SlackResponseClassifier.classify(e);
        }
    }

    private static int millis(Duration duration) {
        return (int) Math.min(Integer.MAX_VALUE, duration.toMillis());
    }

    @PreDestroy
    void close() {
        try {
            slack.close();
        } catch (Exception e) {
            Log.debugf(e, "closing the Slack client");
        }
    }
}
