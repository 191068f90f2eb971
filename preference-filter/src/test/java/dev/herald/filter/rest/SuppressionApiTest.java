package dev.herald.filter.rest;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static dev.herald.filter.rest.Api.asDefaultTenant;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;

@QuarkusTest
class SuppressionApiTest {

    @Test
    void addsListsAndRemovesAnAddressNormalisingEmailCase() {
        String address = "Ops." + UUID.randomUUID() + "@Example.com";
        String stored = address.toLowerCase();

        asDefaultTenant().body("{\"channel\": \"email\", \"address\": \"" + address + "\", \"reason\": \"spam_report\"}")
                .post("/v1/suppressions").then()
                .statusCode(201).body("address", equalTo(stored)).body("reason", equalTo("spam_report"));
        asDefaultTenant().body("{\"channel\": \"email\", \"address\": \"" + stored + "\"}")
                .post("/v1/suppressions").then()
                .statusCode(200).body("reason", equalTo("spam_report"));
        asDefaultTenant().queryParam("channel", "email").queryParam("address", address).get("/v1/suppressions").then()
                .statusCode(200).body("suppressions", hasSize(1)).body("suppressions[0].channel", equalTo("email"));

        asDefaultTenant().delete("/v1/suppressions/{channel}/{address}", "email", address).then().statusCode(204);
        asDefaultTenant().queryParam("address", stored).get("/v1/suppressions").then().body("suppressions", hasSize(0));
        asDefaultTenant().delete("/v1/suppressions/{channel}/{address}", "email", address).then()
                .statusCode(404).contentType("application/problem+json");
    }

    @Test
    void addsAManualEntryWhenNoReasonIsGiven() {
        String token = "tok-" + UUID.randomUUID();

        asDefaultTenant().body("{\"channel\": \"push\", \"address\": \"" + token + "\"}").post("/v1/suppressions").then()
                .statusCode(201).body("reason", equalTo("manual"));
    }

    @Test
    void rejectsInvalidEntriesNamingTheFields() {
        asDefaultTenant().body("{\"channel\": \"fax\", \"reason\": \"Bad Reason\", \"extra\": 1}").post("/v1/suppressions").then()
                .statusCode(400)
                .body("errors.field", hasItem("channel"))
                .body("errors.field", hasItem("address"))
                .body("errors.field", hasItem("reason"))
                .body("errors.field", hasItem("extra"));
        asDefaultTenant().queryParam("limit", "0").get("/v1/suppressions").then().statusCode(400).body("errors.field", hasItem("limit"));
        asDefaultTenant().queryParam("channel", "fax").get("/v1/suppressions").then().statusCode(400);
    }
}
