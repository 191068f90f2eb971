package dev.herald.sandbox.provider.fcm;

import dev.herald.sandbox.SandboxApi;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static dev.herald.sandbox.SandboxApi.messagesTo;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;

@QuarkusTest
class FcmMessagesTest {

    static final String SEND = "/v1/projects/herald-demo/messages:send";

    @AfterEach
    void clearFaults() {
        SandboxApi.clearFaults();
    }

    @Test
    void sendsToADeviceWithAnIssuedTokenAndRecordsIt() {
        String device = "device-" + UUID.randomUUID();
        String name = fcm(GoogleTokenTest.issueToken()).body("""
                        {"message": {"token": "%s", "notification": {"title": "Order shipped", "body": "On its way"},
                                     "data": {"notificationId": "n-7"}}}
                        """.formatted(device))
                .when().post(SEND)
                .then().statusCode(200)
                .body("name", matchesPattern("projects/herald-demo/messages/0:\\d+%[0-9a-f]{16}"))
                .extract().path("name");

        messagesTo(device).body("", hasSize(1))
                .body("[0].channel", equalTo("push"))
                .body("[0].subject", equalTo("Order shipped"))
                .body("[0].body", equalTo("On its way"))
                .body("[0].data.notificationId", equalTo("n-7"))
                .body("[0].providerMessageId", equalTo(name));
    }

    @Test
    void acceptsTheConfiguredFixedTokenAndRecordsTopicsByName() {
        String topic = "news-" + UUID.randomUUID();
        fcm("ya29.sandbox-token").body("{\"message\": {\"topic\": \"%s\", \"notification\": {\"body\": \"x\"}}}"
                        .formatted(topic))
                .when().post(SEND)
                .then().statusCode(200);

        messagesTo("topic:" + topic).body("", hasSize(1));
    }

    @Test
    void rejectsAnUnknownAccessTokenWithUnauthenticated() {
        fcm("ya29.forged").body("{\"message\": {\"token\": \"d\"}}")
                .when().post(SEND)
                .then().statusCode(401)
                // what makes the Google auth library fetch a new token and retry
                .header("WWW-Authenticate", containsString("error=\"invalid_token\""))
                .body("error.code", equalTo(401))
                .body("error.status", equalTo("UNAUTHENTICATED"));
        given().urlEncodingEnabled(false).contentType(ContentType.JSON).body("{\"message\": {\"token\": \"d\"}}")
                .when().post(SEND)
                .then().statusCode(401)
                .header("WWW-Authenticate", not(containsString("invalid_token")))
                .body("error.status", equalTo("UNAUTHENTICATED"));
    }

    @Test
    void answersUnregisteredForTheMagicToken() {
        String device = "unregistered-" + UUID.randomUUID();
        fcm("ya29.sandbox-token").body("{\"message\": {\"token\": \"%s\"}}".formatted(device))
                .when().post(SEND)
                .then().statusCode(404)
                .body("error.code", equalTo(404))
                .body("error.status", equalTo("NOT_FOUND"))
                .body("error.details[0].'@type'", equalTo("type.googleapis.com/google.firebase.fcm.v1.FcmError"))
                .body("error.details[0].errorCode", equalTo("UNREGISTERED"));

        messagesTo(device).body("", hasSize(0));
    }

    @Test
    void answersInvalidArgumentForTheMagicInvalidToken() {
        fcm("ya29.sandbox-token").body("{\"message\": {\"token\": \"invalid-%s\"}}".formatted(UUID.randomUUID()))
                .when().post(SEND)
                .then().statusCode(400)
                .body("error.status", equalTo("INVALID_ARGUMENT"))
                .body("error.details[0].errorCode", equalTo("INVALID_ARGUMENT"))
                .body("error.details[1].fieldViolations[0].field", equalTo("message.token"));
    }

    @Test
    void rejectsAMessageWithoutATargetOrWithNonStringData() {
        fcm("ya29.sandbox-token").body("{\"message\": {\"notification\": {\"body\": \"x\"}}}")
                .when().post(SEND)
                .then().statusCode(400).body("error.status", equalTo("INVALID_ARGUMENT"));
        fcm("ya29.sandbox-token").body("{\"message\": {\"token\": \"d\", \"data\": {\"count\": 3}}}")
                .when().post(SEND)
                .then().statusCode(400).body("error.status", equalTo("INVALID_ARGUMENT"));
        fcm("ya29.sandbox-token").body("{nope")
                .when().post(SEND)
                .then().statusCode(400).body("error.status", equalTo("INVALID_ARGUMENT"));
    }

    @Test
    void validatesWithoutRecordingADryRun() {
        String device = "device-" + UUID.randomUUID();
        fcm("ya29.sandbox-token").body("{\"validate_only\": true, \"message\": {\"token\": \"%s\"}}".formatted(device))
                .when().post(SEND)
                .then().statusCode(200)
                .body("name", equalTo("projects/herald-demo/messages/fake_message_id"));

        messagesTo(device).body("", hasSize(0));
    }

    @Test
    void answersAnInjectedFaultInGooglesShapeAndRecordsNothing() {
        SandboxApi.injectFault("push", "{\"errorRate\": 1.0, \"status\": 503, \"retryAfterSeconds\": 10}");
        String device = "device-" + UUID.randomUUID();

        fcm("ya29.sandbox-token").body("{\"message\": {\"token\": \"%s\"}}".formatted(device))
                .when().post(SEND)
                .then().statusCode(503)
                .header("Retry-After", "10")
                .body("error.code", equalTo(503))
                .body("error.status", equalTo("UNAVAILABLE"))
                .body("error.details[0].errorCode", equalTo("UNAVAILABLE"));

        messagesTo(device).body("", hasSize(0));
    }

    /** Sends the colon of {@code messages:send} as is, as the Google HTTP client does. */
    static RequestSpecification fcm(String accessToken) {
        return given().urlEncodingEnabled(false).header("Authorization", "Bearer " + accessToken).contentType(ContentType.JSON);
    }
}
