package dev.herald.filter.rest;

import dev.herald.auth.ApiKeyStore;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static dev.herald.filter.rest.Api.asDefaultTenant;
import static dev.herald.filter.rest.Api.uniqueUserId;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

@QuarkusTest
class UserApiTest {

    private static final String FULL_USER = """
            {"email": "ada@example.com", "phone": "+14155550100", "locale": "en-gb", "timezone": "Europe/London",
             "pushTokens": ["device-1", "device-2"], "slack": {"userId": "U42"}}""";

    @Inject
    ApiKeyStore keys;

    @Test
    void createsAUserThenReplacesIt() {
        String userId = uniqueUserId("ada");

        asDefaultTenant().body(FULL_USER).put("/v1/users/{id}", userId).then()
                .statusCode(201)
                .header("Location", endsWith("/v1/users/" + userId))
                .body("userId", equalTo(userId))
                .body("email", equalTo("ada@example.com"))
                .body("phone", equalTo("+14155550100"))
                .body("locale", equalTo("en-GB"))
                .body("timezone", equalTo("Europe/London"))
                .body("pushTokens", contains("device-1", "device-2"))
                .body("slack.userId", equalTo("U42"))
                .body("createdAt", notNullValue());

        asDefaultTenant().body("""
                {"email": "ada@lovelace.org", "slack": {"channel": "C7"}}""").put("/v1/users/{id}", userId).then()
                .statusCode(200)
                .body("email", equalTo("ada@lovelace.org"))
                .body("phone", nullValue())
                .body("pushTokens.size()", equalTo(0))
                .body("slack.channel", equalTo("C7"));

        asDefaultTenant().get("/v1/users/{id}", userId).then()
                .statusCode(200)
                .body("userId", equalTo(userId))
                .body("email", equalTo("ada@lovelace.org"))
                .body("locale", nullValue())
                .body("slack.channel", equalTo("C7"))
                .body("slack.userId", nullValue());
    }

    @Test
    void acceptsAUserWithoutAnyContactPoint() {
        asDefaultTenant().body("{}").put("/v1/users/{id}", uniqueUserId("bare")).then()
                .statusCode(201)
                .body("email", nullValue())
                .body("pushTokens.size()", equalTo(0));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "{\"email\": \"not-an-email\"}                  | email",
            "{\"email\": 42}                                | email",
            "{\"phone\": \"0612345678\"}                    | phone",
            "{\"phone\": \"+0612345678\"}                   | phone",
            "{\"phone\": 14155550100}                       | phone",
            "{\"locale\": \"en_US\"}                        | locale",
            "{\"locale\": true}                             | locale",
            "{\"timezone\": \"Mars/Olympus_Mons\"}          | timezone",
            "{\"timezone\": 2}                              | timezone",
            "{\"pushTokens\": \"device-1\"}                 | pushTokens",
            "{\"pushTokens\": [\"device-1\", \"  \"]}       | pushTokens[1]",
            "{\"pushTokens\": [7]}                          | pushTokens[0]",
            "{\"pushTokens\": [\"a,b\"]}                    | pushTokens[0]",
            "{\"slack\": \"C1\"}                            | slack",
            "{\"slack\": {}}                                | slack",
            "{\"slack\": {\"channel\": \"C1\", \"userId\": \"U1\"}} | slack",
            "{\"slack\": {\"channel\": 5}}                  | slack.channel",
            "{\"slack\": {\"team\": \"T1\", \"channel\": \"C1\"}} | slack.team",
            "{\"nickname\": \"ada\"}                        | nickname",
            "[]                                             | body",
    })
    void rejectsAnInvalidFieldNamingIt(String body, String field) {
        asDefaultTenant().body(body).put("/v1/users/{id}", uniqueUserId("bad")).then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("status", equalTo(400))
                .body("errors.field", hasItem(field));
    }

    @Test
    void reportsEveryInvalidFieldAtOnceAndStoresNothing() {
        String userId = uniqueUserId("bad");

        asDefaultTenant().body("""
                {"email": "nope", "phone": "12", "locale": "??", "timezone": "Nowhere/City"}""")
                .put("/v1/users/{id}", userId).then()
                .statusCode(400)
                .body("errors.field", hasItems("email", "phone", "locale", "timezone"));
        asDefaultTenant().get("/v1/users/{id}", userId).then().statusCode(404);
    }

    @Test
    void rejectsMalformedJson() {
        asDefaultTenant().body("{\"email\": ").put("/v1/users/{id}", uniqueUserId("bad")).then()
                .statusCode(400)
                .contentType("application/problem+json");
    }

    @Test
    void rejectsAnInvalidUserIdInThePath() {
        asDefaultTenant().body("{}").put("/v1/users/{id}", "has space").then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", contains("userId"));
        asDefaultTenant().get("/v1/users/{id}", "x".repeat(129)).then()
                .statusCode(400)
                .body("errors.field", contains("userId"));
    }

    @Test
    void answersNotFoundForAnUnknownUser() {
        asDefaultTenant().get("/v1/users/{id}", uniqueUserId("ghost")).then()
                .statusCode(404)
                .contentType("application/problem+json")
                .body("status", equalTo(404));
    }

    @Test
    void requiresAKnownApiKey() {
        RestAssured.given().contentType("application/json").body("{}").put("/v1/users/{id}", uniqueUserId("anon")).then()
                .statusCode(401)
                .contentType("application/problem+json");
        Api.as("not-a-key").get("/v1/users/{id}", "someone").then()
                .statusCode(401);
    }

    @Test
    void keepsEachTenantsUsersApart() {
        String otherKey = keys.create("tenant-" + uniqueUserId("t"), "test").await().indefinitely();
        String userId = uniqueUserId("shared");
        asDefaultTenant().body("{\"email\": \"default@example.com\"}").put("/v1/users/{id}", userId).then().statusCode(201);

        Api.as(otherKey).get("/v1/users/{id}", userId).then().statusCode(404);
        Api.as(otherKey).get("/v1/users/{id}/preferences", userId).then().statusCode(404);
        Api.as(otherKey).body("{\"email\": \"other@example.com\"}").put("/v1/users/{id}", userId).then().statusCode(201);

        asDefaultTenant().get("/v1/users/{id}", userId).then().body("email", equalTo("default@example.com"));
        Api.as(otherKey).get("/v1/users/{id}", userId).then().body("email", equalTo("other@example.com"));
    }
}
