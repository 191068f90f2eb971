package dev.herald.filter.page;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.AriaRole;
import dev.herald.common.contract.Channel;
import dev.herald.common.contract.EventMessage;
import dev.herald.common.messaging.ConfirmingPublisher;
import dev.herald.common.messaging.Topology;
import dev.herald.filter.messaging.BrokerProbe;
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

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static dev.herald.filter.rest.Api.asDefaultTenant;
import static dev.herald.filter.rest.Api.uniqueUserId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The settings page in a real browser: Playwright drives Debian's headless Chromium ({@code /usr/bin/chromium}; the
 * project installs it, Playwright downloads nothing). A user opens a fresh link at phone width, switches SMS off for
 * {@code marketing} with the keyboard, saves; then a marketing event is suppressed on SMS and dispatched by email.
 * Screenshots go to {@code target/playwright/}.
 */
@QuarkusTest
class SettingsPageBrowserTest {

    private static final Path CHROMIUM = Paths.get("/usr/bin/chromium");
    private static final Path ARTIFACTS = Paths.get("target", "playwright");
    private static final List<String> CHROMIUM_ARGS = List.of("--headless", "--no-sandbox", "--disable-gpu",
            "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
            "--disable-sync");

    @TestHTTPResource("/")
    URL base;

    @Inject
    ConfirmingPublisher publisher;

    @Test
    void switchingSmsOffForMarketingOnThePageSuppressesMarketingSmsWhileEmailIsSent() throws Exception {
        assertThat(Files.isExecutable(CHROMIUM))
                .as("Debian's Chromium at %s (apt-get install -y chromium; ./herald test installs it)", CHROMIUM).isTrue();
        asDefaultTenant().body("{\"label\": \"Marketing\", \"description\": \"News, offers and events.\"}")
                .put("/v1/tenant/categories/marketing").then().statusCode(org.hamcrest.Matchers.oneOf(200, 201));
        String userId = uniqueUserId("browser");
        asDefaultTenant().body("{\"email\": \"browser@example.com\", \"phone\": \"+14155550140\", \"timezone\": \"Europe/Vienna\"}")
                .put("/v1/users/{id}", userId).then().statusCode(201);
        String link = asDefaultTenant().post("/v1/users/{id}/preference-link", userId).then().statusCode(200)
                .extract().path("url");
        String url = base.toString().replaceAll("/$", "") + link.substring(link.indexOf("/preferences?"));
        Files.createDirectories(ARTIFACTS);

        try (Playwright playwright = Playwright.create(new Playwright.CreateOptions()
                .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
             BrowserContext browser = playwright.chromium().launchPersistentContext(
                     Files.createTempDirectory("herald-chromium-profile"),
                     new BrowserType.LaunchPersistentContextOptions()
                             .setExecutablePath(CHROMIUM)
                             .setHeadless(true)
                             .setArgs(CHROMIUM_ARGS)
                             .setViewportSize(390, 844))) {
            Page page = browser.newPage();
            page.navigate(url);

            assertThat(page).hasTitle("Notification settings");
            Locator marketingSms = page.getByRole(AriaRole.CHECKBOX,
                    new Page.GetByRoleOptions().setName("SMS for Marketing").setExact(true));
            assertThat(marketingSms).isChecked();
            assertThat(page.getByRole(AriaRole.CHECKBOX, new Page.GetByRoleOptions().setName("Email for Marketing")))
                    .isChecked();
            assertThat(page.getByLabel("Your time zone")).hasValue("Europe/Vienna");
            assertThat((Boolean) page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"))
                    .as("no horizontal scrolling at phone width").isTrue();
            page.screenshot(new Page.ScreenshotOptions().setPath(ARTIFACTS.resolve("settings-page.png")).setFullPage(true));

            // Keyboard only: focus the checkbox, toggle it with Space, then save.
            marketingSms.focus();
            page.keyboard().press("Space");
            assertThat(marketingSms).not().isChecked();
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Save settings")).click();

            assertThat(page.getByRole(AriaRole.STATUS)).hasText("Your settings are saved.");
            page.screenshot(new Page.ScreenshotOptions().setPath(ARTIFACTS.resolve("settings-page-saved.png")).setFullPage(true));

            page.reload();
            assertThat(page.getByRole(AriaRole.CHECKBOX, new Page.GetByRoleOptions().setName("SMS for Marketing")))
                    .not().isChecked();
        }

        try (BrokerProbe probe = BrokerProbe.start()) {
            UUID eventId = UUID.randomUUID();
            publisher.publish(Topology.EVENTS_EXCHANGE, "", new EventMessage(EventMessage.SCHEMA_VERSION, eventId, "default",
                    "api", "sale.started", "marketing", false, List.of(userId), Map.of("sale", "spring"),
                    List.of(Channel.EMAIL, Channel.SMS), null, Instant.now()), null).get(5, TimeUnit.SECONDS);

            await().atMost(Duration.ofSeconds(20)).until(() -> probe.statuses(eventId).size() >= 2);
            assertThat(probe.statuses(eventId)).extracting(status -> status.routingKey() + " "
                            + status.body().path("reason").asText(""))
                    .containsExactlyInAnyOrder("email.queued ", "sms.suppressed category_disabled");
            assertThat(probe.dispatches(eventId)).singleElement().satisfies(dispatch -> {
                assertThat(dispatch.routingKey()).isEqualTo("email");
                assertThat(dispatch.body().path("address").asText()).isEqualTo("browser@example.com");
            });
        }
    }
}
