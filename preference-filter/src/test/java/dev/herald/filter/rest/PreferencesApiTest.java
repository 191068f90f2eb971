package dev.herald.filter.rest;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static dev.herald.filter.rest.Api.asDefaultTenant;
import static dev.herald.filter.rest.Api.uniqueUserId;
import static org.hamcrest.Matchers.anEmptyMap;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;

@QuarkusTest
class PreferencesApiTest {

    private static String createUser() {
        String userId = uniqueUserId("pref");
        asDefaultTenant().body("{\"email\": \"p@example.com\"}").put("/v1/users/{id}", userId).then().statusCode(201);
        return userId;
    }

    @Test
    void aUserWithoutPreferencesHasEverythingOn() {
        asDefaultTenant().get("/v1/users/{id}/preferences", createUser()).then()
                .statusCode(200)
                .body("channels.email", equalTo(true))
                .body("channels.sms", equalTo(true))
                .body("channels.push", equalTo(true))
                .body("channels.slack", equalTo(true))
                .body("categories", anEmptyMap())
                .body("quietHours", nullValue());
    }

    @Test
    void storesPreferencesAndReplacesThemAsAWhole() {
        String userId = createUser();

        asDefaultTenant().body("""
                {"channels": {"sms": false},
                 "categories": {"marketing": {"email": false, "push": true}},
                 "quietHours": {"start": "22:00", "end": "07:30"}}""")
                .put("/v1/users/{id}/preferences", userId).then()
                .statusCode(200)
                .body("channels.sms", equalTo(false))
                .body("channels.email", equalTo(true));

        asDefaultTenant().get("/v1/users/{id}/preferences", userId).then()
                .statusCode(200)
                .body("channels.sms", equalTo(false))
                .body("channels.email", equalTo(true))
                .body("categories.marketing.email", equalTo(false))
                .body("categories.marketing.push", equalTo(true))
                .body("quietHours.start", equalTo("22:00"))
                .body("quietHours.end", equalTo("07:30"));

        asDefaultTenant().body("{\"channels\": {\"email\": false}}").put("/v1/users/{id}/preferences", userId).then()
                .statusCode(200);
        asDefaultTenant().get("/v1/users/{id}/preferences", userId).then()
                .body("channels.email", equalTo(false))
                .body("channels.sms", equalTo(true))
                .body("categories", anEmptyMap())
                .body("quietHours", nullValue());
    }

    @Test
    void answersNotFoundForAnUnknownUser() {
        String ghost = uniqueUserId("ghost");

        asDefaultTenant().get("/v1/users/{id}/preferences", ghost).then()
                .statusCode(404)
                .contentType("application/problem+json");
        asDefaultTenant().body("{\"channels\": {\"email\": false}}").put("/v1/users/{id}/preferences", ghost).then()
                .statusCode(404)
                .contentType("application/problem+json");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "{\"channels\": {\"fax\": false}}                          | channels.fax",
            "{\"channels\": {\"email\": \"false\"}}                    | channels.email",
            "{\"channels\": {\"email\": 0}}                            | channels.email",
            "{\"channels\": [\"email\"]}                               | channels",
            "{\"categories\": {\"Marketing!\": {\"email\": false}}}    | categories.Marketing!",
            "{\"categories\": {\"marketing\": false}}                  | categories.marketing",
            "{\"categories\": {\"marketing\": {\"pager\": false}}}     | categories.marketing.pager",
            "{\"categories\": {\"marketing\": {\"email\": null}}}      | categories.marketing.email",
            "{\"quietHours\": {\"start\": \"7:00\", \"end\": \"08:00\"}}  | quietHours.start",
            "{\"quietHours\": {\"start\": \"22:00\", \"end\": \"24:00\"}} | quietHours.end",
            "{\"quietHours\": {\"start\": \"22:00\"}}                  | quietHours.end",
            "{\"quietHours\": {\"start\": 2200, \"end\": \"07:00\"}}   | quietHours.start",
            "{\"quietHours\": {\"start\": \"22:00\", \"end\": \"22:00\"}} | quietHours",
            "{\"quietHours\": \"22:00-07:00\"}                         | quietHours",
            "{\"mute\": true}                                          | mute",
            "\"everything off\"                                        | body",
    })
    void rejectsAnInvalidFieldNamingIt(String body, String field) {
        asDefaultTenant().body(body).put("/v1/users/{id}/preferences", createUser()).then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", hasItem(field));
    }
}
