package dev.herald.filter.rest;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.UUID;

import static dev.herald.filter.rest.Api.asDefaultTenant;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;

@QuarkusTest
class CategoryApiTest {

    private static String uniqueCategory() {
        return "cat-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void createsReadsReplacesListsAndDeletesACategory() {
        String category = uniqueCategory();

        asDefaultTenant().body("{\"channels\": {\"sms\": false}, \"critical\": false, \"label\": \"Offers\", \"description\": \"Deals\"}")
                .put("/v1/tenant/categories/{c}", category).then()
                .statusCode(201)
                .header("Location", org.hamcrest.Matchers.endsWith("/v1/tenant/categories/" + category))
                .body("category", equalTo(category))
                .body("channels.sms", equalTo(false))
                .body("channels.email", equalTo(true))
                .body("label", equalTo("Offers"));
        asDefaultTenant().get("/v1/tenant/categories/{c}", category).then()
                .statusCode(200).body("description", equalTo("Deals")).body("critical", equalTo(false));

        asDefaultTenant().body("{\"critical\": true}").put("/v1/tenant/categories/{c}", category).then()
                .statusCode(200).body("critical", equalTo(true)).body("channels.sms", equalTo(true)).body("label", nullValue());
        asDefaultTenant().get("/v1/tenant/categories").then()
                .statusCode(200).body("categories.category", hasItem(category));

        asDefaultTenant().delete("/v1/tenant/categories/{c}", category).then().statusCode(204);
        asDefaultTenant().get("/v1/tenant/categories/{c}", category).then()
                .statusCode(404).contentType("application/problem+json");
        asDefaultTenant().delete("/v1/tenant/categories/{c}", category).then().statusCode(404);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "{\"channels\": {\"fax\": false}}   | channels.fax",
            "{\"channels\": {\"sms\": \"no\"}}  | channels.sms",
            "{\"critical\": \"yes\"}            | critical",
            "{\"label\": \"\"}                  | label",
            "{\"label\": 7}                     | label",
            "{\"mute\": true}                   | mute",
    })
    void rejectsAnInvalidFieldNamingIt(String body, String field) {
        asDefaultTenant().body(body).put("/v1/tenant/categories/{c}", uniqueCategory()).then()
                .statusCode(400).contentType("application/problem+json").body("errors.field", hasItem(field));
    }

    @Test
    void rejectsACategoryNameIngressWouldRefuse() {
        asDefaultTenant().body("{}").put("/v1/tenant/categories/{c}", "Not_A_Name!").then()
                .statusCode(400).body("errors.field", hasItem("category"));
    }

    @Test
    void needsAnApiKey() {
        io.restassured.RestAssured.given().get("/v1/tenant/categories").then().statusCode(401);
    }
}
