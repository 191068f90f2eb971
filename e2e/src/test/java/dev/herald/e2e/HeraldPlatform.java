package dev.herald.e2e;

import dev.herald.test.PlatformLauncher;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Starts the whole platform once for all end-to-end tests, the way a user does: {@code ./herald up}, in vhost
 * {@value #VHOST} and database {@value #DATABASE} of its own and on ports shifted by {@value #PORT_OFFSET}, so it can
 * run beside a developer's own platform and the bench smoke test's. {@code ./herald down} stops it when the test run
 * is done.
 */
public class HeraldPlatform implements BeforeAllCallback {

    public static final int PORT_OFFSET = 1000;
    public static final String VHOST = "herald-e2e";
    public static final String DATABASE = "herald_e2e";
    public static final String API_KEY = PlatformLauncher.newApiKey("e2e");

    private static final PlatformLauncher PLATFORM =
            new PlatformLauncher(PORT_OFFSET, VHOST, DATABASE, "e2e/target/herald-state", API_KEY);

    public static String ingress() {
        return PLATFORM.url(8080);
    }

    public static String filter() {
        return PLATFORM.url(8081);
    }

    public static String tracker() {
        return PLATFORM.url(8082);
    }

    public static String sandbox() {
        return PLATFORM.url(8089);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(HeraldPlatform.class.getName(), key -> start(), Running.class);
    }

    private static Running start() {
        PLATFORM.up();
        return new Running();
    }

    /** Stops the platform when the whole test run ends (JUnit closes it: AutoCloseable from 5.13, the other before). */
    static final class Running implements ExtensionContext.Store.CloseableResource, AutoCloseable {
        @Override
        public void close() {
            PLATFORM.down();
        }
    }
}
