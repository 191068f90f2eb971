package dev.herald.tracker.rest;

import dev.herald.auth.ApiKeyStore;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.UUID;

import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The operator page's login and form protections, over plain HTTP. */
@QuarkusTest
class OpsPageTest {

    @Inject
    ApiKeyStore keys;

    @Test
    void withoutALoginThePageIsTheLoginFormWithProtectiveHeaders() {
        RestAssured.given().get("/ops").then()
                .statusCode(200)
                .contentType(containsString("text/html"))
                .header("Content-Security-Policy", containsString("default-src 'none'"))
                .header("X-Frame-Options", "DENY")
                .header("Cache-Control", "no-store")
                .body(allOf(containsString("name=\"apiKey\""), not(containsString("Queues and dead letters"))));
        RestAssured.given().cookie("herald_ops", "hk_unknown").get("/ops").then()
                .statusCode(200).body(containsString("name=\"apiKey\""));
    }

    @Test
    void loggingInSetsAnHttpOnlyStrictCookieScopedToTheOpsPages() {
        String key = keys.create("ops-" + UUID.randomUUID(), "test").await().atMost(Duration.ofSeconds(10));

        Response login = RestAssured.given().redirects().follow(false).formParam("apiKey", key).post("/ops/login");

        assertEquals(303, login.statusCode());
        String cookie = login.getHeader("Set-Cookie");
        assertTrue(cookie.startsWith("herald_ops=" + key + ";"), cookie);
        assertTrue(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict") && cookie.contains("Path=/ops"),
                cookie);
        RestAssured.given().cookie("herald_ops", key).get("/ops").then()
                .statusCode(200).body(containsString("Queues and dead letters"));
        RestAssured.given().formParam("apiKey", "hk_wrong").post("/ops/login").then()
                .statusCode(401).body(containsString("unknown or revoked"));
    }

    @Test
    void formsWithoutTheCsrfTokenOrFromAnotherOriginAreRefused() {
        String key = keys.create("ops-" + UUID.randomUUID(), "test").await().atMost(Duration.ofSeconds(10));
        String page = RestAssured.given().cookie("herald_ops", key).get("/ops").then().statusCode(200)
                .extract().asString();
        String csrf = page.replaceAll("(?s).*name=\"csrf\" value=\"([^\"]+)\".*", "$1");

        RestAssured.given().cookie("herald_ops", key).formParam("csrf", "forged")
                .post("/ops/dead-letters/email/redrive").then().statusCode(403);
        RestAssured.given().cookie("herald_ops", key).formParam("csrf", csrf).header("Origin", "https://evil.example")
                .post("/ops/dead-letters/email/redrive").then().statusCode(403);
        RestAssured.given().redirects().follow(false).cookie("herald_ops", key).formParam("csrf", csrf)
                .post("/ops/dead-letters/email/redrive").then().statusCode(303)
                .header("Location", containsString("/ops?redrove=email&count=0"));
        RestAssured.given().formParam("apiKey", "x").header("Origin", "https://evil.example").post("/ops/login").then()
                .statusCode(403);
        RestAssured.given().redirects().follow(false).cookie("herald_ops", key).formParam("csrf", csrf)
                .post("/ops/logout").then().statusCode(303).header("Set-Cookie", containsString("Max-Age=0"));
    }
}
