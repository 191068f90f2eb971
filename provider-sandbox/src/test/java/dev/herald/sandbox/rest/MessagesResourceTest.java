package dev.herald.sandbox.rest;

import dev.herald.sandbox.SandboxApi;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasSize;

@QuarkusTest
class MessagesResourceTest {

    @Test
    void filtersByChannelAndRecipientNewestLast() {
        String ann = SandboxApi.uniqueEmail("ann");
        sendMail(ann, "first");
        sendMail(ann, "second");
        sendMail(SandboxApi.uniqueEmail("bob"), "other");

        given().queryParam("channel", "email").queryParam("to", ann)
                .when().get("/sandbox/messages")
                .then().statusCode(200)
                .body("", hasSize(2))
                .body("[0].subject", equalTo("first"))
                .body("[1].subject", equalTo("second"));
        given().queryParam("to", ann.toUpperCase()).queryParam("limit", 1)
                .when().get("/sandbox/messages")
                .then().statusCode(200)
                .body("", hasSize(1))
                .body("[0].subject", equalTo("second"));
        given().queryParam("channel", "sms").queryParam("to", ann)
                .when().get("/sandbox/messages")
                .then().statusCode(200).body("", hasSize(0));
        given().queryParam("channel", "email")
                .when().get("/sandbox/messages")
                .then().statusCode(200).body("channel", everyItem(equalTo("email")));
        given().queryParam("channel", "email").queryParam("to", ann)
                .when().get("/sandbox/messages/count")
                .then().statusCode(200).body("count", equalTo(2));
    }

    @Test
    void rejectsAnUnknownChannelFilterAndABadLimit() {
        given().queryParam("channel", "fax").when().get("/sandbox/messages")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("channel"));
        given().queryParam("limit", 0).when().get("/sandbox/messages")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("limit"));
    }

    @Test
    void deleteClearsEveryRecordedMessage() {
        sendMail(SandboxApi.uniqueEmail("ann"), "s");
        given().when().get("/sandbox/messages/count").then().body("count", greaterThanOrEqualTo(1));

        given().when().delete("/sandbox/messages").then().statusCode(204);

        given().when().get("/sandbox/messages").then().statusCode(200).body("", hasSize(0));
        given().when().get("/sandbox/messages/count").then().body("count", equalTo(0));
    }

    @Test
    void isReadyAndPublishesItsOpenApi() {
        given().when().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        given().accept(ContentType.JSON).when().get("/q/openapi")
                .then().statusCode(200)
                .body("paths.'/v3/mail/send'.post", org.hamcrest.Matchers.notNullValue())
                .body("paths.'/sandbox/faults/{channel}'.put", org.hamcrest.Matchers.notNullValue());
    }

    private static void sendMail(String to, String subject) {
        given().header("Authorization", "Bearer SG.sandbox-key").contentType(ContentType.JSON)
                .body("""
                        {"personalizations": [{"to": [{"email": "%s"}]}], "from": {"email": "shop@example.com"},
                         "subject": "%s", "content": [{"type": "text/plain", "value": "x"}]}
                        """.formatted(to, subject))
                .when().post("/v3/mail/send")
                .then().statusCode(202);
    }
}
