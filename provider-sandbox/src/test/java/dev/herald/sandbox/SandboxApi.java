package dev.herald.sandbox;

import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

import java.util.UUID;

import static io.restassured.RestAssured.given;

/** Calls of the sandbox's own API that many tests share. */
public final class SandboxApi {

    private SandboxApi() {
    }

    /** A recipient address no other test uses. */
    public static String uniqueEmail(String localPart) {
        return localPart + "+" + UUID.randomUUID() + "@example.com";
    }

    public static ValidatableResponse messagesTo(String to) {
        return given().queryParam("to", to).when().get("/sandbox/messages").then().statusCode(200);
    }

    public static void injectFault(String channel, String faultJson) {
        given().contentType(ContentType.JSON).body(faultJson)
                .when().put("/sandbox/faults/" + channel)
                .then().statusCode(200);
    }

    public static void clearFaults() {
        given().when().delete("/sandbox/faults").then().statusCode(204);
    }
}
