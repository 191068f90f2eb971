package dev.herald.sandbox.provider.slack;

import dev.herald.sandbox.SandboxApi;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static dev.herald.sandbox.SandboxApi.messagesTo;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;

@QuarkusTest
class SlackChatTest {

    static final String TOKEN = "xoxb-sandbox-token";

    @AfterEach
    void clearFaults() {
        SandboxApi.clearFaults();
    }

    @Test
    void postsAFormMessageAsSlackApiClientDoesAndRecordsIt() {
        String channel = uniqueChannel();
        String ts = given().header("Authorization", "Bearer " + TOKEN)
                .formParam("channel", channel).formParam("text", "Deploy finished")
                .formParam("blocks", "[{\"type\":\"section\",\"text\":{\"type\":\"mrkdwn\",\"text\":\"*Deploy* finished\"}}]")
                .when().post("/api/chat.postMessage")
                .then().statusCode(200)
                .body("ok", equalTo(true))
                .body("channel", equalTo(channel))
                .body("ts", matchesPattern("\\d{10}\\.\\d{6}"))
                .body("message.text", equalTo("Deploy finished"))
                .extract().path("ts");

        messagesTo(channel).body("", hasSize(1))
                .body("[0].channel", equalTo("slack"))
                .body("[0].body", equalTo("Deploy finished"))
                .body("[0].blocks[0].type", equalTo("section"))
                .body("[0].providerMessageId", equalTo(ts));
    }

    @Test
    void postsAJsonMessage() {
        String channel = uniqueChannel();
        given().header("Authorization", "Bearer " + TOKEN).contentType(ContentType.JSON)
                .body("{\"channel\": \"%s\", \"text\": \"hello\"}".formatted(channel))
                .when().post("/api/chat.postMessage")
                .then().statusCode(200).body("ok", equalTo(true));

        messagesTo(channel).body("", hasSize(1)).body("[0].body", equalTo("hello"));
    }

    @Test
    void givesEachMessageItsOwnTs() {
        String channel = uniqueChannel();
        String first = post(channel, "one");
        String second = post(channel, "two");

        org.assertj.core.api.Assertions.assertThat(second).isGreaterThan(first);
    }

    @Test
    void answersChannelNotFoundForTheMagicChannel() {
        given().header("Authorization", "Bearer " + TOKEN)
                .formParam("channel", "C_NOT_FOUND").formParam("text", "hi")
                .when().post("/api/chat.postMessage")
                .then().statusCode(200)
                .body("ok", equalTo(false))
                .body("error", equalTo("channel_not_found"));

        messagesTo("C_NOT_FOUND").body("", hasSize(0));
    }

    @Test
    void answersInvalidAuthForAWrongTokenAndNotAuthedForNone() {
        given().header("Authorization", "Bearer xoxb-wrong")
                .formParam("channel", uniqueChannel()).formParam("text", "hi")
                .when().post("/api/chat.postMessage")
                .then().statusCode(200).body("ok", equalTo(false)).body("error", equalTo("invalid_auth"));
        given().formParam("channel", uniqueChannel()).formParam("text", "hi")
                .when().post("/api/chat.postMessage")
                .then().statusCode(200).body("ok", equalTo(false)).body("error", equalTo("not_authed"));
    }

    @Test
    void acceptsTheTokenAsAFormField() {
        given().formParam("token", TOKEN).formParam("channel", uniqueChannel()).formParam("text", "hi")
                .when().post("/api/chat.postMessage")
                .then().statusCode(200).body("ok", equalTo(true));
    }

    @Test
    void answersNoTextWhenThereIsNothingToPostAndInvalidBlocksForBrokenBlocks() {
        given().header("Authorization", "Bearer " + TOKEN).formParam("channel", uniqueChannel())
                .when().post("/api/chat.postMessage")
                .then().statusCode(200).body("ok", equalTo(false)).body("error", equalTo("no_text"));
        given().header("Authorization", "Bearer " + TOKEN).formParam("channel", uniqueChannel())
                .formParam("blocks", "[{not json")
                .when().post("/api/chat.postMessage")
                .then().statusCode(200).body("ok", equalTo(false)).body("error", equalTo("invalid_blocks"));
    }

    @Test
    void answersARateLimitFaultWith429AndRetryAfter() {
        SandboxApi.injectFault("slack", "{\"errorRate\": 1.0, \"status\": 429, \"retryAfterSeconds\": 30}");
        String channel = uniqueChannel();

        given().header("Authorization", "Bearer " + TOKEN).formParam("channel", channel).formParam("text", "hi")
                .when().post("/api/chat.postMessage")
                .then().statusCode(429)
                .header("Retry-After", "30")
                .body("ok", equalTo(false))
                .body("error", equalTo("ratelimited"));

        messagesTo(channel).body("", hasSize(0));
    }

    @Test
    void alwaysSendsRetryAfterWithARateLimit() {
        SandboxApi.injectFault("slack", "{\"errorRate\": 1.0, \"status\": 429}");

        given().header("Authorization", "Bearer " + TOKEN).formParam("channel", uniqueChannel()).formParam("text", "hi")
                .when().post("/api/chat.postMessage")
                .then().statusCode(429).header("Retry-After", "1");
    }

    private static String post(String channel, String text) {
        return given().header("Authorization", "Bearer " + TOKEN).formParam("channel", channel).formParam("text", text)
                .when().post("/api/chat.postMessage")
                .then().statusCode(200).body("ok", equalTo(true)).extract().path("ts");
    }

    static String uniqueChannel() {
        return "C" + UUID.randomUUID().toString().replace("-", "").substring(0, 10).toUpperCase();
    }
}
