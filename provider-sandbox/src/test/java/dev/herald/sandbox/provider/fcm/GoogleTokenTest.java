package dev.herald.sandbox.provider.fcm;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

@QuarkusTest
class GoogleTokenTest {

    @Test
    void tradesAServiceAccountAssertionForAnAccessToken() {
        given().formParam("grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer")
                .formParam("assertion", assertion(Instant.now().getEpochSecond(), 3600))
                .when().post("/token")
                .then().statusCode(200)
                .body("access_token", startsWith("ya29."))
                .body("expires_in", equalTo(3600))
                .body("token_type", equalTo("Bearer"));
    }

    @Test
    void rejectsAnotherGrantType() {
        given().formParam("grant_type", "client_credentials")
                .when().post("/token")
                .then().statusCode(400).body("error", equalTo("unsupported_grant_type"));
    }

    @Test
    void rejectsAnAssertionThatIsNotAJwt() {
        given().formParam("grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer")
                .formParam("assertion", "not-a-jwt")
                .when().post("/token")
                .then().statusCode(400).body("error", equalTo("invalid_grant"));
    }

    @Test
    void rejectsAnExpiredOrLongLivedAssertion() {
        long now = Instant.now().getEpochSecond();
        given().formParam("grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer")
                .formParam("assertion", assertion(now - 7200, 3600))
                .when().post("/token")
                .then().statusCode(400).body("error", equalTo("invalid_grant"));
        given().formParam("grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer")
                .formParam("assertion", assertion(now, 86_400))
                .when().post("/token")
                .then().statusCode(400).body("error", equalTo("invalid_grant"));
    }

    /** An access token from the sandbox's token endpoint, for tests of the FCM endpoint. */
    static String issueToken() {
        return given().formParam("grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer")
                .formParam("assertion", assertion(Instant.now().getEpochSecond(), 3600))
                .when().post("/token")
                .then().statusCode(200).extract().path("access_token");
    }

    /** A JWT shaped like the Google auth library's service-account assertion; the signature is not checked. */
    static String assertion(long issuedAt, long lifetimeSeconds) {
        Base64.Encoder encoder = Base64.getUrlEncoder().withoutPadding();
        String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"k1\"}";
        String claims = """
                {"iss":"herald@herald-demo.iam.gserviceaccount.com","aud":"http://localhost:8089/token",
                 "scope":"https://www.googleapis.com/auth/firebase.messaging","iat":%d,"exp":%d}"""
                .formatted(issuedAt, issuedAt + lifetimeSeconds);
        return encoder.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
                + encoder.encodeToString(claims.getBytes(StandardCharsets.UTF_8)) + "."
                + encoder.encodeToString("signature".getBytes(StandardCharsets.UTF_8));
    }
}
