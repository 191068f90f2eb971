package dev.herald.ingress;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

/** With no broker to confirm the publish, ingress claims nothing. */
@QuarkusTest
@TestProfile(BrokerDownTest.NoBroker.class)
class BrokerDownTest {

    public static class NoBroker implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // nothing listens on port 1
            return Map.of("herald.rabbitmq.port", "1", "herald.rabbitmq.recovery-interval", "60s");
        }
    }

    @Test
    void answers503WithRetryAfterAndKeepsTheIdempotencyKeyFree() {
        String key = "down-" + UUID.randomUUID();
        for (int attempt = 0; attempt < 2; attempt++) {
            // the second attempt proves the failed first one did not keep the key claimed (that would be 409)
            given().header("Authorization", PublishEventTest.KEY).header("Idempotency-Key", key)
                    .contentType("application/json").body(PublishEventTest.validBody())
                    .when().post("/v1/events")
                    .then().statusCode(503)
                    .contentType("application/problem+json")
                    .header("Retry-After", "5");
        }
    }

    @Test
    void isNotReadyWithoutTheBroker() {
        given().when().get("/q/health/ready")
                .then().statusCode(503)
                .body("status", equalTo("DOWN"));
    }
}
