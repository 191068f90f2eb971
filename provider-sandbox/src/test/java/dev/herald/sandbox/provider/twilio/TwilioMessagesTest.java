package dev.herald.sandbox.provider.twilio;

import dev.herald.sandbox.SandboxApi;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.concurrent.ThreadLocalRandom;

import static dev.herald.sandbox.SandboxApi.messagesTo;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.nullValue;

@QuarkusTest
class TwilioMessagesTest {

    static final String SID = "ACsandbox00000000000000000000000000";
    static final String MESSAGES = "/2010-04-01/Accounts/" + SID + "/Messages.json";

    @AfterEach
    void clearFaults() {
        SandboxApi.clearFaults();
    }

    @Test
    void queuesAnSmsAndRecordsItWithItsSid() {
        String to = uniqueNumber();
        String sid = twilio().formParam("To", to).formParam("From", "+15005550006")
                .formParam("Body", "Your code is 123456").formParam("StatusCallback", "http://127.0.0.1:9/webhooks/twilio")
                .when().post(MESSAGES)
                .then().statusCode(201)
                .body("sid", matchesPattern("SM[0-9a-f]{32}"))
                .body("status", equalTo("queued"))
                .body("account_sid", equalTo(SID))
                .body("to", equalTo(to))
                .body("from", equalTo("+15005550006"))
                .body("body", equalTo("Your code is 123456"))
                .body("num_segments", equalTo("1"))
                .body("direction", equalTo("outbound-api"))
                .body("date_created", matchesPattern("[A-Z][a-z]{2}, \\d{2} [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2} \\+0000"))
                .body("error_code", nullValue())
                .extract().path("sid");

        messagesTo(to).body("", hasSize(1))
                .body("[0].channel", equalTo("sms"))
                .body("[0].body", equalTo("Your code is 123456"))
                .body("[0].from", equalTo("+15005550006"))
                .body("[0].callbackUrl", equalTo("http://127.0.0.1:9/webhooks/twilio"))
                .body("[0].providerMessageId", equalTo(sid));
    }

    @Test
    void acceptsAMessagingServiceInsteadOfASender() {
        String to = uniqueNumber();
        twilio().formParam("To", to).formParam("MessagingServiceSid", "MG" + "0".repeat(32)).formParam("Body", "hi")
                .when().post(MESSAGES)
                .then().statusCode(201)
                .body("messaging_service_sid", equalTo("MG" + "0".repeat(32)))
                .body("from", nullValue());
    }

    @Test
    void countsSegmentsOfALongUnicodeBody() {
        String body = "é🙂".repeat(40);
        twilio().contentType("application/x-www-form-urlencoded; charset=UTF-8")
                .formParam("To", uniqueNumber()).formParam("From", "+15005550006").formParam("Body", body)
                .when().post(MESSAGES)
                .then().statusCode(201)
                .body("body", equalTo(body))
                .body("num_segments", equalTo("2"));
    }

    @ParameterizedTest
    @CsvSource({
            "+15005550001, 21211",
            "+15005550002, 21612",
            "+15005550003, 21408",
            "+15005550004, 21610",
            "+15005550009, 21614",
            "12345,        21211"})
    void rejectsMagicAndInvalidRecipientsWithTwiliosCodes(String to, int code) {
        twilio().formParam("To", to).formParam("From", "+15005550006").formParam("Body", "hi")
                .when().post(MESSAGES)
                .then().statusCode(400)
                .body("code", equalTo(code))
                .body("status", equalTo(400))
                .body("more_info", equalTo("https://www.twilio.com/docs/errors/" + code));

        messagesTo(to).body("", hasSize(0));
    }

    @ParameterizedTest
    @CsvSource({"+15005550001, 21212", "+15005550007, 21606", "+15005550008, 21611"})
    void rejectsMagicSenders(String from, int code) {
        twilio().formParam("To", uniqueNumber()).formParam("From", from).formParam("Body", "hi")
                .when().post(MESSAGES)
                .then().statusCode(400).body("code", equalTo(code));
    }

    @Test
    void requiresRecipientSenderAndBody() {
        twilio().formParam("From", "+15005550006").formParam("Body", "hi").when().post(MESSAGES)
                .then().statusCode(400).body("code", equalTo(21604));
        twilio().formParam("To", uniqueNumber()).formParam("Body", "hi").when().post(MESSAGES)
                .then().statusCode(400).body("code", equalTo(21603));
        twilio().formParam("To", uniqueNumber()).formParam("From", "+15005550006").when().post(MESSAGES)
                .then().statusCode(400).body("code", equalTo(21602));
        twilio().formParam("To", uniqueNumber()).formParam("From", "+15005550006").formParam("Body", "x".repeat(1601))
                .when().post(MESSAGES)
                .then().statusCode(400).body("code", equalTo(21617));
    }

    @Test
    void rejectsAWrongAuthTokenWith20003() {
        String to = uniqueNumber();
        given().auth().preemptive().basic(SID, "wrong-token")
                .formParam("To", to).formParam("From", "+15005550006").formParam("Body", "hi")
                .when().post(MESSAGES)
                .then().statusCode(401)
                .header("WWW-Authenticate", "Basic realm=\"Twilio API\"")
                .body("code", equalTo(20003))
                .body("status", equalTo(401));

        messagesTo(to).body("", hasSize(0));
    }

    @Test
    void answers404ForAnotherAccountsPath() {
        twilio().formParam("To", uniqueNumber()).formParam("From", "+15005550006").formParam("Body", "hi")
                .when().post("/2010-04-01/Accounts/AC" + "1".repeat(32) + "/Messages.json")
                .then().statusCode(404).body("code", equalTo(20404));
    }

    @Test
    void answersAnInjectedFaultInTwiliosShapeAndRecordsNothing() {
        SandboxApi.injectFault("sms", "{\"errorRate\": 1.0, \"status\": 429, \"retryAfterSeconds\": 3}");
        String to = uniqueNumber();

        twilio().formParam("To", to).formParam("From", "+15005550006").formParam("Body", "hi")
                .when().post(MESSAGES)
                .then().statusCode(429)
                .header("Retry-After", "3")
                .body("code", equalTo(20429))
                .body("status", equalTo(429))
                .body("message", equalTo("Too Many Requests"));

        messagesTo(to).body("", hasSize(0));
    }

    static RequestSpecification twilio() {
        return given().auth().preemptive().basic(SID, "sandbox-token");
    }

    /** A valid US number outside Twilio's magic +1500555xxxx range, unique enough per test. */
    static String uniqueNumber() {
        return "+1202" + (1_000_000 + ThreadLocalRandom.current().nextInt(9_000_000));
    }
}
