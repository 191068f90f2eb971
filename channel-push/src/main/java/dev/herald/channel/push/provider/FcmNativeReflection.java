package dev.herald.channel.push.provider;

import com.google.api.client.json.GenericJson;
import com.google.api.client.json.webtoken.JsonWebSignature;
import com.google.api.client.json.webtoken.JsonWebToken;
import com.google.api.client.util.GenericData;
import com.google.firebase.messaging.Message;
import com.google.firebase.messaging.Notification;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The types google-http-client reads and writes by reflection (their {@code @Key} fields) on the way through
 * firebase-admin: the message and its notification, FCM's answers and Google's error body, and the service-account
 * JWT and token response of google-auth. Needed in a native image only (not verified here: no GraalVM).
 */
@RegisterForReflection(ignoreNested = false, targets = {
        Message.class, Notification.class, GenericData.class, GenericJson.class,
        JsonWebSignature.Header.class, JsonWebToken.Header.class, JsonWebToken.Payload.class},
        classNames = {
                "com.google.firebase.messaging.internal.MessagingServiceResponse",
                "com.google.firebase.messaging.internal.MessagingServiceErrorResponse",
                "com.google.firebase.internal.AbstractPlatformErrorHandler$PlatformErrorResponse",
                "com.google.firebase.internal.AbstractPlatformErrorHandler$PlatformError"})
final class FcmNativeReflection {

    private FcmNativeReflection() {
    }
}
