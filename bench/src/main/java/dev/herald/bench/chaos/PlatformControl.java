package dev.herald.bench.chaos;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The hands of the chaos run: kills a service's process with SIGKILL (its pid from {@code ./herald}'s state
 * directory), runs the shell commands that restart services, the broker and the database, and reads readiness.
 */
final class PlatformControl {

    private final ChaosOptions options;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    PlatformControl(ChaosOptions options) {
        this.options = options;
    }

    /** {@code kill -9} of the service {@code ./herald up} started; returns once the process is gone. */
    long kill(String service) {
        Path pidFile = options.platform().stateDir().resolve("pids").resolve(service + ".pid");
        long pid;
        try {
            pid = Long.parseLong(Files.readString(pidFile).trim());
        } catch (IOException | NumberFormatException e) {
            throw new IllegalStateException("no pid of " + service + " at " + pidFile + ": was it started by ./herald up "
                    + "with this state directory?", e);
        }
        ProcessHandle process = ProcessHandle.of(pid)
                .orElseThrow(() -> new IllegalStateException(service + " (pid " + pid + ") is not running"));
        process.destroyForcibly(); // SIGKILL: no shutdown hook, no graceful close of connections
        try {
            process.onExit().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(service + " (pid " + pid + ") did not die", e);
        }
        return pid;
    }

    /** {@code ./herald restart SERVICE}: starts it as {@code up} did and returns when it is ready. */
    void restart(String service) {
        run(options.herald() + " restart " + service, Duration.ofMinutes(4));
    }

    /** Runs a shell command, failing with its output when it fails or outlasts {@code timeout}. */
    String run(String command, Duration timeout) {
        try {
            ProcessBuilder builder = new ProcessBuilder("bash", "-c", command).redirectErrorStream(true);
            builder.environment().putAll(options.environment());
            Process process = builder.start();
            process.getOutputStream().close();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("'" + command + "' did not finish within " + timeout);
            }
            String text = new String(output, StandardCharsets.UTF_8).strip();
            if (process.exitValue() != 0) {
                throw new IllegalStateException("'" + command + "' failed (" + process.exitValue() + "): " + text);
            }
            return text;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run '" + command + "'", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The services that do not answer ready now. */
    List<String> notReady() {
        List<String> down = new ArrayList<>();
        for (Map.Entry<String, URI> service : options.services().entrySet()) {
            if (!ready(service.getValue())) {
                down.add(service.getKey());
            }
        }
        return down;
    }

    /**
     * Waits until every service answers ready, without restarting any: the proof that each reconnects by itself.
     * Returns the services still not ready at the deadline (empty when all came back).
     */
    List<String> awaitAllReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<String> down = notReady();
        while (!down.isEmpty() && System.nanoTime() < deadline) {
            sleep(Duration.ofMillis(500));
            down = notReady();
        }
        return down;
    }

    private boolean ready(URI base) {
        try {
            HttpResponse<Void> response = http.send(HttpRequest.newBuilder(base.resolve("/q/health/ready"))
                    .timeout(Duration.ofSeconds(3)).GET().build(), HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
