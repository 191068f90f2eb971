package dev.herald.filter.rest;

import dev.herald.filter.service.link.LinkToken;
import dev.herald.filter.service.link.LinkTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.UUID;

import static dev.herald.filter.rest.Api.asDefaultTenant;
import static dev.herald.filter.rest.Api.uniqueUserId;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

/** The settings page and its API, through signed links only. */
@QuarkusTest
class SettingsPageTest {

    private static LinkTokens tokens() {
        return new LinkTokens(ConfigProvider.getConfig().getValue("herald.filter.link-secret", String.class));
    }

    private static String createUser(String body) {
        String userId = uniqueUserId("page");
        asDefaultTenant().body(body).put("/v1/users/{id}", userId).then().statusCode(201);
        return userId;
    }

    private static String tokenOf(String url) {
        return java.net.URLDecoder.decode(url.substring(url.indexOf("token=") + "token=".length()),
                java.nio.charset.StandardCharsets.UTF_8);
    }

    private static String link(String userId) {
        return asDefaultTenant().post("/v1/users/{id}/preference-link", userId).then()
                .statusCode(200)
                .body("url", startsWith("https://herald.test/preferences?token=v1."))
                .body("expiresAt", not(equalTo(null)))
                .extract().path("url");
    }

    @Test
    void rendersTheUsersSettingsWithCriticalCategoriesLocked() {
        String critical = "alerts-" + UUID.randomUUID().toString().substring(0, 6);
        asDefaultTenant().body("{\"critical\": true, \"label\": \"Security alerts\"}")
                .put("/v1/tenant/categories/{c}", critical).then().statusCode(201);
        String userId = createUser("{\"email\": \"page@example.com\", \"phone\": \"+14155550130\", \"timezone\": \"Europe/Berlin\"}");

        RestAssured.given().queryParam("token", tokenOf(link(userId))).get("/preferences").then()
                .statusCode(200)
                .contentType(ContentType.HTML)
                .header("Cache-Control", "no-store")
                .header("Referrer-Policy", "no-referrer")
                .header("Content-Security-Policy", containsString("frame-ancestors 'none'"))
                .body(allOf(
                        containsString("<html lang=\"en\">"),
                        containsString("<label for=\"channel-email\">Email <span class=\"contact\">p\u2022\u2022\u2022@example.com</span></label>"),
                        containsString("id=\"channel-sms\""),
                        not(containsString("id=\"channel-push\"")),
                        containsString("Security alerts"),
                        containsString("cannot be switched off"),
                        not(containsString("id=\"category-" + critical + "-email\"")),
                        containsString("<option value=\"Europe/Berlin\" selected>"),
                        containsString("Unsubscribe from all")));
    }

    @Test
    void savesTheFormAndRedirectsBackToThePage() {
        String userId = createUser("{\"email\": \"form@example.com\", \"phone\": \"+14155550131\"}");
        String token = tokenOf(link(userId));

        RestAssured.given().redirects().follow(false).queryParam("token", token).contentType(ContentType.URLENC)
                .formParam("shown", "channel.email", "channel.sms", "category.marketing.sms", "category.marketing.email")
                .formParam("channel.email", "on")
                .formParam("category.marketing.email", "on")
                .formParam("quiet", "on").formParam("quietStart", "21:30").formParam("quietEnd", "06:45")
                .formParam("timezone", "Asia/Tokyo")
                .formParam("action", "save")
                .post("/preferences").then()
                .statusCode(303)
                .header("Location", containsString("/preferences?token=" + java.net.URLEncoder.encode(token,
                        java.nio.charset.StandardCharsets.UTF_8) + "&saved=saved"));

        asDefaultTenant().get("/v1/users/{id}/preferences", userId).then()
                .body("channels.email", equalTo(true))
                .body("channels.sms", equalTo(false))
                .body("categories.marketing.sms", equalTo(false))
                .body("categories.marketing.email", equalTo(null))
                .body("quietHours.start", equalTo("21:30"))
                .body("quietHours.end", equalTo("06:45"));
        asDefaultTenant().get("/v1/users/{id}", userId).then().body("timezone", equalTo("Asia/Tokyo"));
        RestAssured.given().queryParam("token", token).queryParam("saved", "saved").get("/preferences").then()
                .statusCode(200).body(containsString("Your settings are saved."));
    }

    @Test
    void showsFormErrorsOnThePageAndSavesNothing() {
        String userId = createUser("{\"email\": \"errors@example.com\"}");

        RestAssured.given().queryParam("token", tokenOf(link(userId))).contentType(ContentType.URLENC)
                .formParam("shown", "channel.email")
                .formParam("quiet", "on").formParam("quietStart", "25:00").formParam("quietEnd", "07:00")
                .formParam("timezone", "Mars/Olympus")
                .post("/preferences").then()
                .statusCode(400)
                .contentType(ContentType.HTML)
                .body(allOf(containsString("Your settings were not saved"), containsString("Enter the time as HH:MM"),
                        containsString("Choose a time zone from the list.")));
        asDefaultTenant().get("/v1/users/{id}/preferences", userId).then().body("channels.email", equalTo(true));
    }

    @Test
    void unsubscribesFromAllAndBackThroughTheForm() {
        String userId = createUser("{\"email\": \"all@example.com\"}");
        String token = tokenOf(link(userId));

        RestAssured.given().redirects().follow(false).queryParam("token", token).contentType(ContentType.URLENC)
                .formParam("action", "unsubscribe-all").post("/preferences").then().statusCode(303);
        asDefaultTenant().get("/v1/users/{id}/preferences", userId).then().body("unsubscribedAll", equalTo(true));
        RestAssured.given().queryParam("token", token).get("/preferences").then()
                .body(containsString("You are unsubscribed from all notifications"));

        RestAssured.given().redirects().follow(false).queryParam("token", token).contentType(ContentType.URLENC)
                .formParam("action", "resubscribe").post("/preferences").then().statusCode(303);
        asDefaultTenant().get("/v1/users/{id}/preferences", userId).then().body("unsubscribedAll", equalTo(false));
    }

    @Test
    void savesThroughTheJsonApiOfThePage() {
        String userId = createUser("{\"email\": \"json@example.com\", \"phone\": \"+14155550132\"}");
        String token = tokenOf(link(userId));

        RestAssured.given().queryParam("token", token).contentType(ContentType.JSON)
                .body("{\"channels\": {\"email\": true, \"sms\": true}, \"categories\": {\"marketing\": {\"sms\": false}},"
                        + " \"quietHours\": null, \"timezone\": \"Europe/Lisbon\"}")
                .put("/preferences/api").then()
                .statusCode(200)
                .body("timezone", equalTo("Europe/Lisbon"))
                .body("categories.find { it.name == 'marketing' }.choices.find { it.channel == 'sms' }.enabled", equalTo(false));
        RestAssured.given().queryParam("token", token).get("/preferences/api").then()
                .statusCode(200).body("quietHours.enabled", equalTo(false));
        RestAssured.given().queryParam("token", token).contentType(ContentType.JSON).body("{\"channels\": {\"fax\": true}}")
                .put("/preferences/api").then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void aTamperedOrForeignLinkGetsAFriendlyPageAndChangesNothing() {
        String victim = createUser("{\"email\": \"victim@example.com\"}");
        String attacker = createUser("{\"email\": \"attacker@example.com\"}");
        String token = tokenOf(link(attacker));
        String tampered = token.substring(0, token.length() - 2) + (token.endsWith("AA") ? "BB" : "AA");

        RestAssured.given().queryParam("token", tampered).get("/preferences").then()
                .statusCode(401)
                .contentType(ContentType.HTML)
                .body(allOf(containsString("This link does not work"), not(containsString("Exception")),
                        not(containsString("at dev.herald"))));
        RestAssured.given().get("/preferences").then().statusCode(401).body(containsString("This link does not work"));
        RestAssured.given().queryParam("token", tampered).contentType(ContentType.JSON).body("{\"unsubscribedAll\": true}")
                .put("/preferences/api").then().statusCode(401).contentType("application/problem+json");

        // The attacker's own valid token only ever reaches the attacker: the user comes from the token, not the request.
        RestAssured.given().queryParam("token", token).queryParam("userId", victim).contentType(ContentType.JSON)
                .body("{\"unsubscribedAll\": true}").put("/preferences/api").then().statusCode(200);
        asDefaultTenant().get("/v1/users/{id}/preferences", victim).then().body("unsubscribedAll", equalTo(false));
        asDefaultTenant().get("/v1/users/{id}/preferences", attacker).then().body("unsubscribedAll", equalTo(true));
    }

    @Test
    void anExpiredLinkSaysSo() {
        String userId = createUser("{\"email\": \"expired@example.com\"}");
        String expired = tokens().sign(LinkToken.settings("default", userId, Instant.now().minusSeconds(1)));

        RestAssured.given().queryParam("token", expired).get("/preferences").then()
                .statusCode(410).contentType(ContentType.HTML).body(containsString("This link has expired"));
    }

    @Test
    void anUnsubscribeTokenDoesNotOpenTheSettingsPage() {
        String userId = createUser("{\"email\": \"purpose@example.com\"}");
        String unsubscribe = tokens().sign(LinkToken.unsubscribe("default", userId, "marketing",
                dev.herald.common.contract.Channel.EMAIL, Instant.now().plusSeconds(600)));

        RestAssured.given().queryParam("token", unsubscribe).get("/preferences").then().statusCode(401);
    }

    @Test
    void aLinkForAnUnknownUserIsNotFoundAndNeedsAnApiKey() {
        asDefaultTenant().post("/v1/users/{id}/preference-link", uniqueUserId("ghost")).then()
                .statusCode(404).contentType("application/problem+json");
        RestAssured.given().post("/v1/users/{id}/preference-link", "anyone").then().statusCode(401);
    }

    @Test
    void oneClickUnsubscribeSwitchesOffOneCategoryOnOneChannel() {
        String userId = createUser("{\"email\": \"oneclick@example.com\", \"phone\": \"+14155550133\"}");
        String token = tokens().sign(LinkToken.unsubscribe("default", userId, "digest",
                dev.herald.common.contract.Channel.EMAIL, Instant.now().plusSeconds(600)));

        // Opening the link (or a mail scanner fetching it) changes nothing.
        RestAssured.given().queryParam("token", token).get("/unsubscribe").then()
                .statusCode(200).body(containsString("Stop receiving <strong>digest</strong> notifications by Email?"));
        asDefaultTenant().get("/v1/users/{id}/preferences", userId).then().body("categories.digest", equalTo(null));

        RestAssured.given().queryParam("token", token).contentType(ContentType.URLENC)
                .formParam("List-Unsubscribe", "One-Click").post("/unsubscribe").then()
                .statusCode(200).body(containsString("You are unsubscribed"));
        asDefaultTenant().get("/v1/users/{id}/preferences", userId).then()
                .body("categories.digest.email", equalTo(false))
                .body("categories.digest.sms", equalTo(null));
        // Again: still fine, still the same.
        RestAssured.given().queryParam("token", token).post("/unsubscribe").then().statusCode(200);
        RestAssured.given().queryParam("token", token + "x").post("/unsubscribe").then().statusCode(401);
    }
}
