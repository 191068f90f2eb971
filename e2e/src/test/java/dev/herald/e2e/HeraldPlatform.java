package dev.herald.e2e;

import dev.herald.test.PostgresDatabaseResource;
import dev.herald.test.RabbitVhostResource;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Starts the whole platform once for all end-to-end tests, the way a user does: {@code ./herald up}, in a vhost
 * and database of its own and on ports shifted by {@link #PORT_OFFSET}, so it can run beside a developer's own
 * platform. {@code ./herald down} stops it when the tests are done.
 */
public class HeraldPlatform implements BeforeAllCallback {

    public static final int PORT_OFFSET = 1000;
    public static final String API_KEY = "hk_e2e-" + Long.toHexString(System.nanoTime());
    public static final String VHOST = "herald-e2e";
    public static final String DATABASE = "herald_e2e";

    public static String ingress() {
        return url(8080);
    }

    public static String filter() {
        return url(8081);
    }

    public static String tracker() {
        return url(8082);
    }

    public static String sandbox() {
        return url(8089);
    }

    private static String url(int port) {
        return "http://localhost:" + (port + PORT_OFFSET);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(HeraldPlatform.class.getName(), key -> start(), Running.class);
    }

    private static Running start() {
        RabbitVhostResource.recreate(VHOST);
        PostgresDatabaseResource.recreate(DATABASE);
        try {
            run("up");
        } catch (RuntimeException e) {
            run("down");
            throw e;
        }
        return new Running();
    }

    /** Stops the platform when the whole test run ends. */
    static final class Running implements ExtensionContext.Store.CloseableResource {
        @Override
        public void close() {
            run("down");
        }
    }

    static Path root() {
        return Path.of(System.getProperty("herald.root", "..")).toAbsolutePath().normalize();
    }

    static String run(String command) {
        Path root = root();
        Path state = root.resolve("e2e/target/herald-state");
        ProcessBuilder builder = new ProcessBuilder(List.of(root.resolve("herald").toString(), command))
                .directory(root.toFile())
                .redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.put("HERALD_PORT_OFFSET", Integer.toString(PORT_OFFSET));
        env.put("HERALD_STATE_DIR", state.toString());
        env.put("HERALD_RABBITMQ_VIRTUAL_HOST", VHOST);
        env.put("HERALD_DB_NAME", DATABASE);
        env.put("HERALD_API_KEY", API_KEY);
        env.put("HERALD_SKIP_BUILD", "1");
        env.remove("HERALD_EMAIL_SENDGRID_API_KEY");
        try {
            Process process = builder.start();
            List<String> output = new ArrayList<>();
            try (var reader = process.inputReader()) {
                reader.lines().forEach(line -> {
                    output.add(line);
                    System.out.println("[herald " + command + "] " + line);
                });
            }
            if (!process.waitFor(300, TimeUnit.SECONDS) || process.exitValue() != 0) {
                dumpLogs(state);
                throw new IllegalStateException("./herald " + command + " failed:\n" + String.join("\n", output));
            }
            return String.join("\n", output);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void dumpLogs(Path state) throws IOException {
        Path logs = state.resolve("logs");
        if (!Files.isDirectory(logs)) {
            return;
        }
        try (var files = Files.list(logs)) {
            for (Path log : files.toList()) {
                List<String> lines = Files.readAllLines(log);
                System.out.println("==== " + log.getFileName() + " (last 60 lines) ====");
                lines.subList(Math.max(0, lines.size() - 60), lines.size()).forEach(System.out::println);
            }
        }
    }
}
