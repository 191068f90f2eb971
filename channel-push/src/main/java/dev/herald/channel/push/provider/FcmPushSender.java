package dev.herald.channel.push.provider;

import com.google.api.client.http.HttpTransport;
import com.google.api.client.http.javanet.NetHttpTransport;
import com.google.auth.oauth2.ServiceAccountCredentials;
import com.google.firebase.FirebaseApp;
import com.google.firebase.FirebaseOptions;
import com.google.firebase.messaging.FirebaseMessaging;
import com.google.firebase.messaging.FirebaseMessagingException;
import com.google.firebase.messaging.Message;
import com.google.firebase.messaging.Notification;
import com.google.firebase.messaging.SendResponse;
import dev.herald.channel.core.provider.ChannelProvider;
import dev.herald.channel.core.provider.RenderedNotification;
import dev.herald.channel.core.provider.SendOutcome;
import dev.herald.channel.core.provider.TemplateLayout;
import dev.herald.channel.push.config.PushConfig;
import dev.herald.channel.push.provider.FcmResponseClassifier.TokenOutcome;
import dev.herald.common.contract.Channel;
import dev.herald.common.contract.DispatchMessage;
import io.quarkus.logging.Log;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Sends push notifications through FCM HTTP v1 with the official firebase-admin SDK: one message per device token of
 * the dispatch, each with the rendered title and body and the {@link PushData data payload}. The SDK's app and
 * client stay inside this class; failures are classified by {@link FcmResponseClassifier}.
 *
 * <p>The SDK runs in an app of its own (never the process-wide default app), with a plain {@link NetHttpTransport}
 * whose connections {@link FcmEndpointRedirect} points at the configured base URL, and the configured timeouts.
 * Created at start-up, so that missing or unreadable credentials stop the service instead of failing every send.
 */
@Startup
@ApplicationScoped
public class FcmPushSender implements ChannelProvider {

    static final String PROVIDER = "fcm";
    /** firebase-admin sends at most this many messages in one {@code sendEach}. */
    private static final int MAX_MESSAGES_PER_CALL = 500;

    private final HttpTransport transport;
    private final FirebaseApp app;
    private final FirebaseMessaging messaging;

    FcmPushSender(PushConfig config) {
        PushConfig.Fcm fcm = config.fcm();
        FcmEndpointRedirect endpoint = new FcmEndpointRedirect(fcm.baseUrl());
        this.transport = new NetHttpTransport.Builder().setConnectionFactory(endpoint).build();
        ServiceAccountCredentials credentials = FcmCredentials.load(fcm, endpoint, () -> transport);
        String projectId = fcm.projectId().filter(id -> !id.isBlank())
                .orElseGet(credentials::getProjectId);
        if (projectId == null || projectId.isBlank()) {
            throw new IllegalStateException("no Firebase project id: set herald.push.fcm.project-id "
                    + "(HERALD_PUSH_FCM_PROJECT_ID) or use a service-account key with a project_id");
        }
        FirebaseOptions options = FirebaseOptions.builder()
                .setCredentials(credentials)
                .setProjectId(projectId)
                .setHttpTransport(transport)
                .setConnectTimeout(Math.toIntExact(fcm.connectTimeout().toMillis()))
                .setReadTimeout(Math.toIntExact(fcm.readTimeout().toMillis()))
                .setWriteTimeout(Math.toIntExact(fcm.readTimeout().toMillis()))
                .build();
        // A name of its own: the default app is global state that other code (or a second instance) could claim.
        this.app = FirebaseApp.initializeApp(options, "herald-push-" + UUID.randomUUID());
        this.messaging = FirebaseMessaging.getInstance(app);
        Log.infof("FCM client for project %s at %s (access tokens from %s)", projectId, fcm.baseUrl(),
                credentials.getTokenServerUri());
    }

    @Override
    public Channel channel() {
        return Channel.PUSH;
    }

    @Override
    public String providerName() {
        return PROVIDER;
    }

    @Override
    public TemplateLayout templateLayout() {
        return PushContent.LAYOUT;
    }

    @Override
    public SendOutcome send(RenderedNotification notification) {
        DispatchMessage dispatch = notification.dispatch();
        List<String> tokens = DeviceTokens.parse(dispatch.address());
        if (tokens.isEmpty()) {
            return FcmResponseClassifier.noTokens();
        }
        PushContent content = PushContent.of(notification);
        Map<String, String> data = PushData.of(dispatch);
        List<TokenOutcome> outcomes = new ArrayList<>(tokens.size());
        for (int from = 0; from < tokens.size(); from += MAX_MESSAGES_PER_CALL) {
            outcomes.addAll(sendEach(tokens.subList(from, Math.min(tokens.size(), from + MAX_MESSAGES_PER_CALL)),
                    content, data));
        }
        SendOutcome outcome = FcmResponseClassifier.reportingDeadTokens(FcmResponseClassifier.combine(outcomes),
                outcomes);
        log(dispatch, outcomes, outcome);
        return outcome;
    }

    /** One request per token, sent concurrently by the SDK; one outcome per token, in order. */
    private List<TokenOutcome> sendEach(List<String> tokens, PushContent content, Map<String, String> data) {
        List<Message> messages = tokens.stream().map(token -> message(token, content, data)).toList();
        try {
            List<SendResponse> responses = messaging.sendEach(messages).getResponses();
            List<TokenOutcome> outcomes = new ArrayList<>(tokens.size());
            Instant now = Instant.now();
            for (int i = 0; i < tokens.size(); i++) {
                SendResponse response = responses.get(i);
                outcomes.add(new TokenOutcome(tokens.get(i), response.isSuccessful()
                        ? new SendOutcome.Accepted(response.getMessageId())
                        : FcmResponseClassifier.classify(tokens.get(i), response.getException(), now)));
            }
            return outcomes;
        } catch (FirebaseMessagingException e) {
            // The call as a whole failed (sendEach reports per-message failures in its responses): every token shares it.
            Instant now = Instant.now();
            return tokens.stream()
                    .map(token -> new TokenOutcome(token, FcmResponseClassifier.classify(token, e, now)))
                    .toList();
        }
    }

    private static Message message(String token, PushContent content, Map<String, String> data) {
        return Message.builder()
                .setToken(token)
                .setNotification(Notification.builder().setTitle(content.title()).setBody(content.body()).build())
                .putAllData(data)
                .build();
    }

    private static void log(DispatchMessage dispatch, List<TokenOutcome> outcomes, SendOutcome outcome) {
        List<String> stale = outcomes.stream()
                .filter(token -> FcmResponseClassifier.staleToken(token.outcome()))
                .map(token -> ((SendOutcome.PermanentFailure) token.outcome()).code() + " "
                        + DeviceTokens.hint(token.token()))
                .toList();
        long accepted = outcomes.stream().filter(token -> token.outcome() instanceof SendOutcome.Accepted).count();
        if (outcome instanceof SendOutcome.Accepted && !stale.isEmpty()) {
            // The status says sent; the dead tokens would otherwise go unnoticed.
            Log.infof("push %s: %d of %d tokens accepted; %d stale: %s", dispatch.notificationId(), accepted,
                    outcomes.size(), stale.size(), String.join(", ", stale));
        } else {
            Log.debugf("push %s: %d of %d tokens accepted", dispatch.notificationId(), accepted, outcomes.size());
        }
    }

    @PreDestroy
    void close() {
        app.delete();
        try {
            transport.shutdown();
        } catch (IOException e) {
            Log.debugf(e, "closing the FCM HTTP transport");
        }
    }
}
