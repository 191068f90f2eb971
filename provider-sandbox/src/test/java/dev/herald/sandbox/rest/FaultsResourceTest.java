package dev.herald.sandbox.rest;

import dev.herald.sandbox.SandboxApi;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import io.quarkus.test.common.http.TestHTTPResource;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.aMapWithSize;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;

@QuarkusTest
class FaultsResourceTest {

    @TestHTTPResource("/v3/mail/send")
    URL mailSend;

    @AfterEach
    void clearFaults() {
        SandboxApi.clearFaults();
    }

    @Test
    void storesAFaultWithDefaultsAndListsIt() {
        given().contentType(ContentType.JSON).body("{\"errorRate\": 0.25}")
                .when().put("/sandbox/faults/sms")
                .then().statusCode(200)
                .body("errorRate", equalTo(0.25f))
                .body("status", equalTo(503))
                .body("latencyMs", equalTo(0))
                .body("retryAfterSeconds", equalTo(0));

        given().when().get("/sandbox/faults")
                .then().statusCode(200)
                .body("$", aMapWithSize(1))
                .body("sms.errorRate", equalTo(0.25f));
        given().when().get("/sandbox/faults/sms").then().statusCode(200).body("status", equalTo(503));
    }

    @Test
    void rejectsAnInvalidFaultWithTheOffendingFields() {
        given().contentType(ContentType.JSON)
                .body("{\"errorRate\": 1.5, \"status\": 200, \"latencyMs\": -1, \"retryAfterSeconds\": -3}")
                .when().put("/sandbox/faults/email")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("status", equalTo(400))
                .body("errors", hasSize(4))
                .body("errors.field", hasItems("errorRate", "status", "latencyMs", "retryAfterSeconds"));

        given().when().get("/sandbox/faults").then().body("$", aMapWithSize(0));
    }

    @Test
    void rejectsAMissingErrorRateAMisspeltFieldAndAWrongType() {
        given().contentType(ContentType.JSON).body("{\"status\": 503}")
                .when().put("/sandbox/faults/email")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("errorRate"));
        given().contentType(ContentType.JSON).body("{\"errorRate\": 1, \"retryAfter\": 5}")
                .when().put("/sandbox/faults/email")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("retryAfter"));
        given().contentType(ContentType.JSON).body("{\"errorRate\": \"often\"}")
                .when().put("/sandbox/faults/email")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("errorRate"));
        given().contentType(ContentType.JSON).body("{\"errorRate\": ")
                .when().put("/sandbox/faults/email")
                .then().statusCode(400).contentType("application/problem+json")
                .body("title", equalTo("Malformed JSON"));
    }

    @Test
    void answers404ForAnUnknownChannel() {
        given().contentType(ContentType.JSON).body("{\"errorRate\": 1}")
                .when().put("/sandbox/faults/fax")
                .then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void deleteClearsEveryFault() {
        SandboxApi.injectFault("email", "{\"errorRate\": 1}");
        SandboxApi.injectFault("push", "{\"errorRate\": 1}");

        given().when().delete("/sandbox/faults").then().statusCode(204);

        given().when().get("/sandbox/faults").then().body("$", aMapWithSize(0));
        given().when().get("/sandbox/faults/email").then().statusCode(404);
    }

    @Test
    void deletingOneChannelsFaultLeavesTheOthers() {
        SandboxApi.injectFault("email", "{\"errorRate\": 1}");
        SandboxApi.injectFault("slack", "{\"errorRate\": 1, \"status\": 429}");

        given().when().delete("/sandbox/faults/email").then().statusCode(204);

        given().when().get("/sandbox/faults").then().body("$", aMapWithSize(1)).body("slack.status", equalTo(429));
    }

    @Test
    void latencyDelaysEveryRequestWithoutHoldingTheEventLoop() {
        SandboxApi.injectFault("email", "{\"errorRate\": 0, \"latencyMs\": 500}");
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(mailSend.toString()))
                .header("Authorization", "Bearer SG.sandbox-key")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("""
                        {"personalizations": [{"to": [{"email": "%s"}]}], "from": {"email": "shop@example.com"},
                         "subject": "s", "content": [{"type": "text/plain", "value": "x"}]}
                        """.formatted(SandboxApi.uniqueEmail("slow"))))
                .build();

        long started = System.nanoTime();
        // Far more concurrent requests than event-loop threads: sleeping on the loop would serialise them.
        List<CompletableFuture<HttpResponse<String>>> responses = IntStream.range(0, 64)
                .mapToObj(i -> http.sendAsync(request, HttpResponse.BodyHandlers.ofString())).toList();
        List<Integer> statuses = responses.stream().map(CompletableFuture::join).map(HttpResponse::statusCode).toList();
        Duration elapsed = Duration.ofNanos(System.nanoTime() - started);

        assertThat(statuses).containsOnly(202);
        assertThat(elapsed).isGreaterThanOrEqualTo(Duration.ofMillis(500)).isLessThan(Duration.ofSeconds(4));
    }
}
