package dev.herald.ingress;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.common.messaging.BrokerConnection;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.notNullValue;

@QuarkusTest
class PublishEventTest {

    static final String KEY = "Bearer test-api-key";

    @Inject
    BrokerConnection broker;

    EventTap tap;

    @BeforeEach
    void tapTheFanout() throws Exception {
        tap = new EventTap(broker);
    }

    @AfterEach
    void closeTap() throws Exception {
        tap.close();
    }

    @Test
    void acceptedEventIsPublishedToTheFanoutWithItsData() {
        String eventId = given().header("Authorization", KEY).contentType("application/json")
                .header("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")
                .body("""
                        {"type": "order.shipped", "category": "orders", "recipients": ["u-1", "u-2", "u-1"],
                         "data": {"orderId": "A-17", "items": [1, 2]}, "channels": ["email"],
                         "expiresAt": "2999-01-01T00:00:00Z"}""")
                .when().post("/v1/events")
                .then().statusCode(202)
                .body("recipients", equalTo(2))
                .body("eventId", notNullValue())
                .extract().path("eventId");

        JsonNode event = tap.next();
        assertThat(event.get("eventId").asText()).isEqualTo(eventId);
        assertThat(event.get("schemaVersion").asInt()).isEqualTo(1);
        assertThat(event.get("tenant").asText()).isEqualTo("default");
        assertThat(event.get("type").asText()).isEqualTo("order.shipped");
        assertThat(event.get("category").asText()).isEqualTo("orders");
        assertThat(event.get("recipients").toString()).isEqualTo("[\"u-1\",\"u-2\"]");
        assertThat(event.get("data").get("orderId").asText()).isEqualTo("A-17");
        assertThat(event.get("channels").toString()).isEqualTo("[\"email\"]");
        assertThat(event.get("expiresAt").asText()).isEqualTo("2999-01-01T00:00:00Z");
        assertThat(event.get("acceptedAt").asText()).isNotBlank();
    }

    @Test
    void wrongTypesAreFieldErrorsNotCoercedAndPublishNothing() {
        given().header("Authorization", KEY).contentType("application/json")
                .body("""
                        {"type": 42, "recipients": "u-1", "critical": "yes", "channels": ["fax"],
                         "data": [], "expiresAt": "tomorrow", "colour": "red"}""")
                .when().post("/v1/events")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("status", equalTo(400))
                .body("errors.field", hasItems("type", "recipients", "critical", "channels[0]", "data", "expiresAt", "colour"));

        String sentinel = publishValid();
        assertThat(tap.next().get("eventId").asText()).as("the invalid request published nothing").isEqualTo(sentinel);
    }

    @Test
    void missingTypeAndRecipientsAreRequired() {
        given().header("Authorization", KEY).contentType("application/json").body("{}")
                .when().post("/v1/events")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItems("type", "recipients"));
    }

    @Test
    void malformedJsonIsAProblem() {
        given().header("Authorization", KEY).contentType("application/json").body("{\"type\": ")
                .when().post("/v1/events")
                .then().statusCode(400).contentType("application/problem+json")
                .body("title", equalTo("Malformed JSON"));
    }

    @Test
    void pastExpiryIsRejected() {
        given().header("Authorization", KEY).contentType("application/json")
                .body("{\"type\": \"a.b\", \"recipients\": [\"u\"], \"expiresAt\": \"2001-01-01T00:00:00Z\"}")
                .when().post("/v1/events")
                .then().statusCode(400).body("errors.field", hasItem("expiresAt"));
    }

    @Test
    void missingOrUnknownApiKeyIsUnauthorized() {
        given().contentType("application/json").body(validBody())
                .when().post("/v1/events")
                .then().statusCode(401).contentType("application/problem+json")
                .header("WWW-Authenticate", "Bearer");
        given().header("Authorization", "Bearer not-a-key").contentType("application/json").body(validBody())
                .when().post("/v1/events")
                .then().statusCode(401).contentType("application/problem+json")
                .body("detail", containsString("unknown"));

        String sentinel = publishValid();
        assertThat(tap.next().get("eventId").asText()).isEqualTo(sentinel);
    }

    @Test
    void bodyOverTheLimitIsTooLarge() {
        String huge = "{\"type\": \"a.b\", \"recipients\": [\"u\"], \"data\": {\"blob\": \"" + "x".repeat(5 * 1024 * 1024) + "\"}}";
        given().header("Authorization", KEY).contentType("application/json").body(huge)
                .when().post("/v1/events")
                .then().statusCode(413).contentType("application/problem+json");
    }

    @Test
    void wrongContentTypeIsUnsupported() {
        given().header("Authorization", KEY).contentType("text/plain").body(validBody())
                .when().post("/v1/events")
                .then().statusCode(415).contentType("application/problem+json");
    }

    @Test
    void sameIdempotencyKeyAndBodyGiveTheSameEventAndPublishOnce() {
        String key = "order-" + UUID.randomUUID();
        String first = given().header("Authorization", KEY).header("Idempotency-Key", key).contentType("application/json")
                .body("{\"type\": \"order.shipped\", \"recipients\": [\"u-9\"], \"data\": {\"a\": 1, \"b\": 2}}")
                .when().post("/v1/events")
                .then().statusCode(202).extract().path("eventId");
        // the same body, keys in another order and spacing
        given().header("Authorization", KEY).header("Idempotency-Key", key).contentType("application/json")
                .body("{\"data\":{\"b\":2,\"a\":1},\"recipients\":[\"u-9\"],\"type\":\"order.shipped\"}")
                .when().post("/v1/events")
                .then().statusCode(202)
                .header("Idempotent-Replayed", "true")
                .body("eventId", equalTo(first))
                .body("recipients", equalTo(1));

        assertThat(tap.next().get("eventId").asText()).isEqualTo(first);
        String sentinel = publishValid();
        assertThat(tap.next().get("eventId").asText()).as("the replay published nothing").isEqualTo(sentinel);
    }

    @Test
    void sameIdempotencyKeyWithAnotherBodyIsUnprocessable() {
        String key = "k-" + UUID.randomUUID();
        given().header("Authorization", KEY).header("Idempotency-Key", key).contentType("application/json")
                .body("{\"type\": \"a.b\", \"recipients\": [\"u-1\"]}")
                .when().post("/v1/events").then().statusCode(202);
        given().header("Authorization", KEY).header("Idempotency-Key", key).contentType("application/json")
                .body("{\"type\": \"a.b\", \"recipients\": [\"u-2\"]}")
                .when().post("/v1/events")
                .then().statusCode(422).contentType("application/problem+json");
    }

    @Test
    void idempotencyKeysAreScopedToTheirTenant() {
        // the same key string used by another tenant is another key; covered by the (tenant, key) primary key
        given().header("Authorization", KEY).header("Idempotency-Key", "has space").contentType("application/json")
                .body(validBody())
                .when().post("/v1/events")
                .then().statusCode(400).contentType("application/problem+json");
    }

    static String validBody() {
        return "{\"type\": \"order.shipped\", \"recipients\": [\"u-1\"]}";
    }

    static String publishValid() {
        return given().header("Authorization", KEY).contentType("application/json").body(validBody())
                .when().post("/v1/events")
                .then().statusCode(202).extract().path("eventId");
    }
}
