package dev.herald.sandbox.provider.sendgrid;

import com.sendgrid.Method;
import com.sendgrid.Request;
import com.sendgrid.Response;
import com.sendgrid.SendGrid;
import com.sendgrid.helpers.mail.Mail;
import com.sendgrid.helpers.mail.objects.Content;
import com.sendgrid.helpers.mail.objects.Email;
import dev.herald.sandbox.SandboxApi;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URL;

import static dev.herald.sandbox.SandboxApi.messagesTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

/** The real sendgrid-java client, changed only in its host, against the running sandbox. */
@QuarkusTest
class SendGridSdkTest {

    @TestHTTPResource("/")
    URL sandbox;

    @Test
    void theRealSdkGets202AndItsMailIsRecorded() throws IOException {
        String to = SandboxApi.uniqueEmail("ann");
        Mail mail = new Mail(new Email("shop@example.com", "Shop"), "Your order shipped", new Email(to),
                new Content("text/plain", "It is on its way."));
        mail.addContent(new Content("text/html", "<p>It is on its way.</p>"));
        mail.addHeader("List-Unsubscribe", "<https://herald.example/unsubscribe?token=t>");
        mail.addCustomArg("notificationId", "n-42");

        Response response = client(SendGridMailSendTest.KEY).api(mailSend(mail));

        assertThat(response.getStatusCode()).isEqualTo(202);
        String messageId = response.getHeaders().get("X-Message-Id");
        assertThat(messageId).isNotBlank();
        messagesTo(to).body("", hasSize(1))
                .body("[0].providerMessageId", equalTo(messageId))
                .body("[0].subject", equalTo("Your order shipped"))
                .body("[0].body", equalTo("It is on its way."))
                .body("[0].html", equalTo("<p>It is on its way.</p>"))
                .body("[0].headers.List-Unsubscribe", equalTo("<https://herald.example/unsubscribe?token=t>"))
                .body("[0].data.notificationId", equalTo("n-42"));
    }

    @Test
    void theRealSdkSeesA401ForAWrongKey() throws IOException {
        String to = SandboxApi.uniqueEmail("ann");
        Mail mail = new Mail(new Email("shop@example.com"), "s", new Email(to), new Content("text/plain", "x"));

        Response response = client("SG.not-the-key").api(mailSend(mail));

        assertThat(response.getStatusCode()).isEqualTo(401);
        assertThat(response.getBody()).contains("\"errors\"");
        messagesTo(to).body("", hasSize(0));
    }

    private SendGrid client(String key) {
        SendGrid sendGrid = new SendGrid(key, true);
        sendGrid.setHost(sandbox.getHost() + ":" + sandbox.getPort());
        return sendGrid;
    }

    private static Request mailSend(Mail mail) throws IOException {
        Request request = new Request();
        request.setMethod(Method.POST);
        request.setEndpoint("mail/send");
        request.setBody(mail.build());
        return request;
    }
}
