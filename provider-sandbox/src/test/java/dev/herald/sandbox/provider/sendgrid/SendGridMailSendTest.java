package dev.herald.sandbox.provider.sendgrid;

import dev.herald.sandbox.SandboxApi;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static dev.herald.sandbox.SandboxApi.messagesTo;
import static dev.herald.sandbox.SandboxApi.uniqueEmail;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.emptyString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

@QuarkusTest
class SendGridMailSendTest {

    static final String KEY = "SG.sandbox-key";

    @AfterEach
    void clearFaults() {
        SandboxApi.clearFaults();
    }

    @Test
    void recordsAcceptedMailWithItsMessageId() {
        String to = uniqueEmail("ann");
        String messageId = mailSend().body(mail(to, "Your order shipped")).when().post("/v3/mail/send")
                .then().statusCode(202)
                .body(emptyString())
                .header("X-Message-Id", matchesPattern("[A-Za-z0-9_-]{22}"))
                .extract().header("X-Message-Id");

        messagesTo(to).body("", hasSize(1))
                .body("[0].channel", equalTo("email"))
                .body("[0].to", equalTo(to))
                .body("[0].from", equalTo("shop@example.com"))
                .body("[0].subject", equalTo("Your order shipped"))
                .body("[0].body", equalTo("plain text"))
                .body("[0].html", equalTo("<p>html</p>"))
                .body("[0].headers.List-Unsubscribe", equalTo("<https://herald.example/unsubscribe?token=t>"))
                .body("[0].data.notificationId", equalTo("n-1"))
                .body("[0].providerMessageId", equalTo(messageId))
                .body("[0].outcome", equalTo("delivered"))
                .body("[0].receivedAt", notNullValue());
    }

    @Test
    void recordsOneMessagePerRecipientWithPersonalizationOverrides() {
        String ann = uniqueEmail("ann");
        String bob = uniqueEmail("bob");
        String body = """
                {"personalizations": [
                   {"to": [{"email": "%s"}]},
                   {"to": [{"email": "%s"}], "subject": "Just for Bob", "headers": {"X-Tag": "bob"}}],
                 "from": {"email": "shop@example.com"},
                 "subject": "Hello",
                 "content": [{"type": "text/html", "value": "<b>hi</b>"}]}
                """.formatted(ann, bob);
        String messageId = mailSend().body(body).when().post("/v3/mail/send")
                .then().statusCode(202).extract().header("X-Message-Id");

        messagesTo(ann).body("[0].subject", equalTo("Hello"))
                .body("[0].body", equalTo("<b>hi</b>"))
                .body("[0].providerMessageId", equalTo(messageId))
                .body("[0].headers", nullValue());
        messagesTo(bob).body("[0].subject", equalTo("Just for Bob"))
                .body("[0].headers.X-Tag", equalTo("bob"))
                .body("[0].providerMessageId", equalTo(messageId));
    }

    @Test
    void rejectsAWrongKeyWith401InSendGridsShape() {
        String to = uniqueEmail("ann");
        given().header("Authorization", "Bearer SG.wrong").contentType(ContentType.JSON).body(mail(to, "s"))
                .when().post("/v3/mail/send")
                .then().statusCode(401)
                .contentType(ContentType.JSON)
                .body("errors[0].message", equalTo("The provided authorization grant is invalid, expired, or revoked"))
                .body("errors[0].field", nullValue())
                .body("errors[0].help", nullValue())
                .body("errors[0]", org.hamcrest.Matchers.hasKey("field"));

        messagesTo(to).body("", hasSize(0));
    }

    @Test
    void rejectsAMissingKeyWith401() {
        given().contentType(ContentType.JSON).body(mail(uniqueEmail("ann"), "s"))
                .when().post("/v3/mail/send")
                .then().statusCode(401)
                .body("errors[0].message", equalTo("authorization required"));
    }

    @Test
    void rejectsABodyWithoutSenderSubjectAndContentListingEveryError() {
        String to = uniqueEmail("ann");
        mailSend().body("""
                        {"personalizations": [{"to": [{"email": "%s"}]}]}
                        """.formatted(to))
                .when().post("/v3/mail/send")
                .then().statusCode(400)
                .body("errors.field", hasItems("from", "subject", "content"))
                .body("errors[0].message", notNullValue())
                .body("errors[0].help", matchesPattern("http://sendgrid.com/docs/.*"));

        messagesTo(to).body("", hasSize(0));
    }

    @Test
    void rejectsMissingPersonalizationsAndRecipients() {
        mailSend().body("""
                        {"from": {"email": "shop@example.com"}, "subject": "s",
                         "content": [{"type": "text/plain", "value": "x"}]}
                        """)
                .when().post("/v3/mail/send")
                .then().statusCode(400)
                .body("errors.field", hasItems("personalizations"));

        mailSend().body("""
                        {"personalizations": [{"to": []}], "from": {"email": "shop@example.com"}, "subject": "s",
                         "content": [{"type": "text/plain", "value": "x"}]}
                        """)
                .when().post("/v3/mail/send")
                .then().statusCode(400)
                .body("errors.field", hasItems("personalizations.0.to"));
    }

    @Test
    void rejectsMalformedJsonAsBadRequest() {
        mailSend().body("{not json").when().post("/v3/mail/send")
                .then().statusCode(400)
                .body("errors[0].message", equalTo("Bad Request"));
    }

    @Test
    void rejectsTextPlainAfterHtmlLikeSendGrid() {
        mailSend().body("""
                        {"personalizations": [{"to": [{"email": "%s"}]}], "from": {"email": "shop@example.com"},
                         "subject": "s", "content": [{"type": "text/html", "value": "<p>x</p>"},
                                                     {"type": "text/plain", "value": "x"}]}
                        """.formatted(uniqueEmail("ann")))
                .when().post("/v3/mail/send")
                .then().statusCode(400)
                .body("errors[0].field", equalTo("content.1.type"));
    }

    @Test
    void acceptsTheBounceAddressAndMarksItsOutcome() {
        String to = uniqueEmail("bounce");
        mailSend().body(mail(to, "s")).when().post("/v3/mail/send").then().statusCode(202);

        messagesTo(to).body("", hasSize(1)).body("[0].outcome", equalTo("bounce"));
    }

    @Test
    void rejectsTheInvalidAddressWith400AndRecordsNothing() {
        String bounce = uniqueEmail("bounce");
        String invalid = uniqueEmail("invalid");
        mailSend().body("""
                        {"personalizations": [{"to": [{"email": "%s"}, {"email": "%s"}]}],
                         "from": {"email": "shop@example.com"}, "subject": "s",
                         "content": [{"type": "text/plain", "value": "x"}]}
                        """.formatted(bounce, invalid))
                .when().post("/v3/mail/send")
                .then().statusCode(400)
                .body("errors", hasSize(1))
                .body("errors[0].message", equalTo("Does not contain a valid address."))
                .body("errors[0].field", equalTo("personalizations.0.to.1.email"));

        messagesTo(bounce).body("", hasSize(0));
    }

    @Test
    void validatesButRecordsNothingInSendGridSandboxMode() {
        String to = uniqueEmail("ann");
        mailSend().body("""
                        {"personalizations": [{"to": [{"email": "%s"}]}], "from": {"email": "shop@example.com"},
                         "subject": "s", "content": [{"type": "text/plain", "value": "x"}],
                         "mail_settings": {"sandbox_mode": {"enable": true}}}
                        """.formatted(to))
                .when().post("/v3/mail/send")
                .then().statusCode(200)
                .header("X-Message-Id", nullValue());

        messagesTo(to).body("", hasSize(0));
    }

    @Test
    void answersAnInjectedFaultWithRetryAfterInSendGridsShapeAndRecordsNothing() {
        SandboxApi.injectFault("email", """
                {"errorRate": 1.0, "status": 503, "retryAfterSeconds": 7}""");
        String to = uniqueEmail("ann");

        mailSend().body(mail(to, "s")).when().post("/v3/mail/send")
                .then().statusCode(503)
                .header("Retry-After", "7")
                .body("errors[0].message", not(emptyString()))
                .body("errors[0]", org.hamcrest.Matchers.hasKey("help"));

        messagesTo(to).body("", hasSize(0));
    }

    @Test
    void stillChecksTheKeyBeforeAnsweringAFault() {
        SandboxApi.injectFault("email", """
                {"errorRate": 1.0, "status": 429}""");

        given().header("Authorization", "Bearer SG.wrong").contentType(ContentType.JSON)
                .body(mail(uniqueEmail("ann"), "s"))
                .when().post("/v3/mail/send")
                .then().statusCode(401);
    }

    static RequestSpecification mailSend() {
        return given().header("Authorization", "Bearer " + KEY).contentType(ContentType.JSON);
    }

    static String mail(String to, String subject) {
        return """
                {"personalizations": [{"to": [{"email": "%s", "name": "Ann"}]}],
                 "from": {"email": "shop@example.com", "name": "Shop"},
                 "subject": "%s",
                 "content": [{"type": "text/plain", "value": "plain text"}, {"type": "text/html", "value": "<p>html</p>"}],
                 "headers": {"List-Unsubscribe": "<https://herald.example/unsubscribe?token=t>",
                             "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
                 "custom_args": {"notificationId": "n-1"}}
                """.formatted(to, subject);
    }
}
