package dev.herald.filter.rest;

import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.parsing.Parser;
import io.restassured.specification.RequestSpecification;

/** Requests to this service's API as a tenant. */
public final class Api {

    /** The bootstrap key of the tenant {@code default} in the test profile. */
    public static final String DEFAULT_KEY = "test-api-key";

    static {
        RestAssured.registerParser("application/problem+json", Parser.JSON);
    }

    private Api() {
    }

    public static RequestSpecification as(String apiKey) {
        return RestAssured.given().header("Authorization", "Bearer " + apiKey).contentType(ContentType.JSON);
    }

    public static RequestSpecification asDefaultTenant() {
        return as(DEFAULT_KEY);
    }

    /** A user id no other test uses. */
    public static String uniqueUserId(String prefix) {
        return prefix + "-" + java.util.UUID.randomUUID().toString().substring(0, 8);
    }
}
