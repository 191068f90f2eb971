package dev.herald.bench.chaos;

import dev.herald.bench.Console;
import dev.herald.bench.HeraldApi;

import java.time.Duration;
import java.util.List;

/**
 * The disruptions while the load flows: RabbitMQ stopped and started, PostgreSQL stopped and started, then every
 * sandbox channel failing with 503 for the outage while each worker and the filter are killed with SIGKILL and
 * restarted, one after another. After the broker and the database come back no service is restarted: the run waits
 * for all of them to answer ready by themselves and notes how long that took.
 */
public final class Disruptions {

    /** One disruption on the run's clock (seconds since its start). */
    public record Disruption(String name, double start, double end, String detail) {

        String describe() {
            return "%-28s at %6.1fs, %5.1fs: %s".formatted(name, start, end - start, detail);
        }
    }

    private static final Duration PAUSE = Duration.ofSeconds(5);
    private static final Duration RECOVERY_TIMEOUT = Duration.ofMinutes(3);

    private final ChaosOptions options;
    private final PlatformControl control;
    private final HeraldApi api;
    private final RunTimeline timeline;
    private final ChaosLoad load;
    private final List<Disruption> done = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final List<String> failures = new java.util.concurrent.CopyOnWriteArrayList<>();

    Disruptions(ChaosOptions options, PlatformControl control, HeraldApi api, RunTimeline timeline, ChaosLoad load) {
        this.options = options;
        this.control = control;
        this.api = api;
        this.timeline = timeline;
        this.load = load;
    }

    /**
     * Runs the whole schedule; a disruption that cannot be carried out is noted and the rest still run. The broker
     * and the database go first, while the load surely flows; the sandbox outage then runs in the background while the
     * services are killed one after another, so some die with dispatches waiting for their retry.
     */
    void run() {
        PlatformControl.sleep(options.warmup());
        if (options.brokerRestart()) {
            attempt("restart RabbitMQ", () -> restart("restart RabbitMQ", options.brokerStop(), options.brokerStart()));
            PlatformControl.sleep(PAUSE);
        }
        if (options.databaseRestart()) {
            attempt("restart PostgreSQL", () -> restart("restart PostgreSQL", options.databaseStop(), options.databaseStart()));
            PlatformControl.sleep(PAUSE);
        }
        Thread outage = options.outage().isZero() ? null
                : Thread.ofPlatform().name("chaos-outage").start(() -> attempt("sandbox 503 outage", this::outage));
        for (String service : options.kill()) {
            attempt("kill -9 " + service, () -> killAndRestart(service));
            PlatformControl.sleep(PAUSE);
        }
        if (outage != null) {
            try {
                outage.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private void killAndRestart(String service) {
        double start = timeline.now();
        long pid = control.kill(service);
        Console.info("chaos: killed %s (pid %d) with SIGKILL; restarting it", service, pid);
        control.restart(service);
        double end = timeline.now();
        record(new Disruption("kill -9 " + service, start, end, "pid %d killed, ready again after %.1fs (./herald restart)"
                .formatted(pid, end - start)));
    }

    private void restart(String name, String stop, String start) {
        double begin = timeline.now();
        Console.info("chaos: %s: %s", name, stop);
        control.run(stop, Duration.ofMinutes(2));
        double stopped = timeline.now();
        try {
            PlatformControl.sleep(options.down());
        } finally {
            Console.info("chaos: %s: %s", name, start);
            control.run(start, Duration.ofMinutes(2));
        }
        double started = timeline.now();
        List<String> stillDown = control.awaitAllReady(RECOVERY_TIMEOUT);
        double ready = timeline.now();
        // Answers are counted a little past readiness: a request sent while the broker was away may answer late.
        PlatformControl.sleep(Duration.ofSeconds(3));
        double accepted = load.firstAcceptedAfter(started);
        String detail = "down %.1fs; every service ready again %.1fs after the start without a restart%s; ingress answered 503 %d times, accepted again %s"
                .formatted(started - stopped, ready - started,
                        stillDown.isEmpty() ? "" : " EXCEPT " + stillDown,
                        load.unavailableBetween(begin, timeline.now()),
                        Double.isNaN(accepted) ? "not yet (no event offered since)" : "%.1fs after the start".formatted(accepted - started));
        if (!stillDown.isEmpty()) {
            failures.add(name + ": not ready again within " + RECOVERY_TIMEOUT + ": " + stillDown);
        }
        record(new Disruption(name, begin, ready, detail));
    }

    private void outage() {
        double start = timeline.now();
        for (String channel : ChaosOptions.CHANNELS) {
            api.sandboxFault(channel, 1.0, 503);
        }
        Console.info("chaos: every sandbox channel answers 503 for %ds", options.outage().toSeconds());
        try {
            PlatformControl.sleep(options.outage());
        } finally {
            api.clearSandboxFaults();
        }
        double end = timeline.now();
        record(new Disruption("sandbox 503 outage", start, end, "every channel's provider answered 503 to every call"));
    }

    private void attempt(String name, Runnable disruption) {
        try {
            disruption.run();
        } catch (RuntimeException e) {
            Console.info("chaos: %s failed: %s", name, e.getMessage());
            failures.add(name + ": " + e.getMessage());
        }
    }

    private void record(Disruption disruption) {
        Console.info("chaos: %s", disruption.describe());
        done.add(disruption);
    }

    List<Disruption> done() {
        return List.copyOf(done);
    }

    /** Disruptions that could not be carried out, or after which a service did not come back by itself. */
    List<String> failures() {
        return List.copyOf(failures);
    }
}
