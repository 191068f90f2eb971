package dev.herald.tracker.rest;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.AriaRole;
import dev.herald.auth.ApiKeyStore;
import dev.herald.common.contract.Channel;
import dev.herald.common.contract.DispatchMessage;
import dev.herald.common.contract.EventMessage;
import dev.herald.common.contract.MessageHeaders;
import dev.herald.common.contract.NotificationIds;
import dev.herald.common.contract.TraceParent;
import dev.herald.common.messaging.ConfirmingPublisher;
import dev.herald.common.messaging.Topology;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static dev.herald.common.contract.NotificationState.QUEUED;
import static dev.herald.common.contract.NotificationState.SENT;
import static dev.herald.tracker.TrackerFixtures.api;
import static dev.herald.tracker.TrackerFixtures.publish;
import static dev.herald.tracker.TrackerFixtures.status;
import static dev.herald.tracker.TrackerFixtures.uniqueUser;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The operator page in a real browser: Playwright drives Debian's headless Chromium ({@code /usr/bin/chromium};
 * Playwright downloads nothing). An operator of a tenant of its own logs in with its API key (after a wrong one),
 * sees its event, its counts and the queues with a pending SMS dead letter, redrives it with the button, and logs
 * out. The screenshot is {@code target/ops-page.png}.
 */
@QuarkusTest
class OpsPageBrowserTest {

    private static final Path CHROMIUM = Paths.get(System.getenv().getOrDefault("HERALD_CHROMIUM", "/usr/bin/chromium"));
    private static final List<String> CHROMIUM_ARGS = List.of("--headless", "--no-sandbox", "--disable-gpu",
            "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
            "--disable-sync");
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @TestHTTPResource("/ops")
    URL ops;

    @Inject
    ConfirmingPublisher publisher;

    @Inject
    ApiKeyStore keys;

    @Test
    void anOperatorLogsInSeesTheTenantsTrafficAndRedrivesADeadLetterFromThePage() throws Exception {
        assertTrue(Files.isExecutable(CHROMIUM), "Debian's Chromium at " + CHROMIUM
                + " (apt-get install -y chromium; ./herald test installs it)");
        String tenant = "ops-" + UUID.randomUUID().toString().substring(0, 8);
        String key = keys.create(tenant, "ops test").await().atMost(Duration.ofSeconds(10));
        UUID eventId = UUID.randomUUID();
        List<String> users = List.of(uniqueUser("olga"), uniqueUser("oscar"));
        publish(publisher, new EventMessage(EventMessage.SCHEMA_VERSION, eventId, tenant, "shop", "order.shipped",
                "orders", false, users, Map.of(), List.of(Channel.EMAIL, Channel.SMS), null, Instant.now()));
        for (String user : users) {
            publish(publisher, status(tenant, eventId, user, Channel.EMAIL, SENT, 1, "sendgrid", "sg-" + user, null));
        }
        publish(publisher, status(tenant, eventId, users.get(0), Channel.SMS, QUEUED, 0, null, null, null));
        DispatchMessage dead = new DispatchMessage(DispatchMessage.SCHEMA_VERSION,
                NotificationIds.notificationId(eventId, users.get(1), Channel.SMS), eventId, tenant, "order.shipped",
                "orders", users.get(1), Channel.SMS, "+15005550006", "en", Map.of(), 5, null);
        publisher.publish(Topology.DEAD_LETTER_EXCHANGE, "sms", dead, TraceParent.newTrace(),
                Map.of(MessageHeaders.ATTEMPT, 5, MessageHeaders.DEAD_LETTER_REASON, "gave up after 5 attempts"))
                .get(10, TimeUnit.SECONDS);
        await().atMost(PATIENCE).untilAsserted(() -> api(key).queryParam("channel", "sms").get("/v1/dead-letters")
                .then().body("items", hasSize(1)));
        await().atMost(PATIENCE).untilAsserted(() -> api(key).get("/v1/stats").then().body("total", equalTo(4)));

        Path artifacts = Files.createDirectories(Paths.get("target"));
        try (Playwright playwright = Playwright.create(new Playwright.CreateOptions()
                .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
             BrowserContext browser = playwright.chromium().launchPersistentContext(
                     Files.createTempDirectory("herald-ops-chromium"),
                     new BrowserType.LaunchPersistentContextOptions()
                             .setExecutablePath(CHROMIUM)
                             .setHeadless(true)
                             .setArgs(CHROMIUM_ARGS)
                             .setViewportSize(1400, 1000))) {
            Page page = browser.newPage();
            page.navigate(ops.toString());

            assertThat(page).hasTitle("Herald operations · log in");
            page.getByLabel("API key").fill("hk_not-a-key");
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Log in")).click();
            assertThat(page.getByRole(AriaRole.ALERT)).hasText("That API key is unknown or revoked.");

            page.getByLabel("API key").fill(key);
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Log in")).click();

            assertThat(page.locator("#tenant")).hasText(tenant);
            assertFalse(String.valueOf(page.evaluate("document.cookie")).contains(key),
                    "the key's cookie is HttpOnly: scripts cannot read it");
            assertThat(page.locator("#counts-email .total")).hasText("2");
            assertThat(page.locator("#counts-sms .total")).hasText("2");
            assertThat(page.locator("#events tr.event")).hasCount(1);
            assertThat(page.locator("#events tr.event")).containsText(eventId.toString());
            assertThat(page.locator("#events tr.event")).containsText("sent 2");
            assertThat(page.locator("#queue-sms .pending")).hasText("1");
            assertThat(page.locator("#queue-sms .depth")).hasText(Pattern.compile("\\d+"));
            assertThat(page.locator("#queue-sms .dlq-depth")).hasText(Pattern.compile("\\d+"));
            assertThat(page.locator("#redrive-email")).isDisabled();
            page.screenshot(new Page.ScreenshotOptions().setPath(artifacts.resolve("ops-page.png")).setFullPage(true));

            page.locator("#redrive-sms").click();

            assertThat(page.getByRole(AriaRole.STATUS)).hasText("Redrove 1 dead letter of sms.");
            assertThat(page.locator("#queue-sms .pending")).hasText("0");
            page.screenshot(new Page.ScreenshotOptions().setPath(artifacts.resolve("ops-page-redriven.png"))
                    .setFullPage(true));

            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Log out")).click();
            assertThat(page).hasTitle("Herald operations · log in");
        }

        api(key).get("/v1/notifications/{id}", dead.notificationId()).then()
                .statusCode(200).body("state", equalTo("queued")).body("redrives", equalTo(1));
    }
}
