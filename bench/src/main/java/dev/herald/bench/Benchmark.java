package dev.herald.bench;

import dev.herald.bench.broker.MessageSizeProbe;
import dev.herald.bench.broker.PerfTestCeiling;
import dev.herald.bench.broker.QueueDepthSampler;
import dev.herald.bench.broker.RabbitManagement;
import dev.herald.bench.broker.TransitCount;
import dev.herald.bench.load.BroadcastRun;
import dev.herald.bench.load.ClosedLoopDriver;
import dev.herald.bench.load.EventBodies;
import dev.herald.bench.load.LoadRun;
import dev.herald.bench.load.OpenLoopDriver;
import dev.herald.bench.load.UserCursor;
import dev.herald.bench.load.UserSeeder;
import dev.herald.bench.measure.BroadcastResult;
import dev.herald.bench.measure.Correlator;
import dev.herald.bench.measure.MemoryReport;
import dev.herald.bench.measure.PhaseResult;
import dev.herald.bench.measure.ResourceSampler;
import dev.herald.bench.measure.Timeline;
import dev.herald.bench.report.ReportWriter;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One benchmark run against a running platform: seed the users, weigh one notification's messages, warm up, offer
 * each fixed rate, push the closed-loop maximum, broadcast one event to many, measure RabbitMQ's own ceiling with
 * PerfTest, and write the report. Each load phase is followed until every notification arrived (or stopped moving)
 * before the next one starts, so phases never overlap.
 */
public final class Benchmark {

    private final BenchOptions options;

    public Benchmark(BenchOptions options) {
        this.options = options;
    }

    public BenchResult run() {
        Instant startedAt = Instant.now();
        long startNanos = System.nanoTime();
        RunClock clock = new RunClock();
        RabbitManagement management = new RabbitManagement(options.broker());
        try (HeraldApi api = new HeraldApi(options); ResourceSampler resources = new ResourceSampler(options.stateDir());
                QueueDepthSampler queues = new QueueDepthSampler(management, options.broker().vhost())) {
            api.requireReady();
            RunEnvironment environment = RunEnvironment.capture(resources.services(), management.version(),
                    ResourceSampler.loadAverage());
            Console.info("platform ready; %d CPUs, load average %.2f; services %s", environment.cpus(),
                    environment.loadAtStart()[0], resources.services().keySet());
            var atStart = resources.sampleMemory().rssKb();

            UserSeeder seeder = new UserSeeder(api, options.seedConcurrency(), options.allChannels());
            UserSeeder.SeedResult seeding = null;
            if (options.skipSeed()) {
                seeder.requireSeeded(options.users());
            } else {
                Console.info("seeding %d users (%d PUTs in flight)", options.users(), options.seedConcurrency());
                seeding = seeder.seed(options.users());
                Console.info("seeded %d users in %.1f s (%.0f/s, %d failed)", seeding.users(),
                        seeding.elapsed().toNanos() / 1e9, seeding.perSecond(), seeding.failures());
            }

            UserCursor cursor = new UserCursor(options.users());
            EventBodies bodies = new EventBodies(cursor, options.fanout(), options.channels());
            TransitCount transits = new TransitCount(options.fanout(), options.channels().size());
            MessageSizeProbe.MessageSizes sizes = MessageSizeProbe.measure(options, api,
                    new EventBodies(cursor, 1, List.of(options.channels().getFirst())).body(cursor.take(1), 0),
                    options.channels().getFirst());
            Console.info("message sizes (bytes): %s", sizes.bodies());

            Timeline timeline = new Timeline(clock.now());
            Correlator correlator = new Correlator(api, clock, cursor, options.fanout(), options.channels(),
                    options.drainTimeout(), timeline);
            OpenLoopDriver open = new OpenLoopDriver(api, bodies);
            List<PhaseResult> phases = new ArrayList<>();
            if (!options.warmup().isZero()) {
                int rate = options.rates().getFirst();
                Console.info("warm-up: %d notifications/s for %d s (not reported)", rate, options.warmup().toSeconds());
                phase(api, resources, queues, correlator, () -> open.run("warm-up", rate, eventsPerSecond(rate), options.warmup()));
            }
            for (int rate : options.rates()) {
                Console.info("phase %d/s: offering %d notifications/s for %d s", rate, rate, options.phase().toSeconds());
                phases.add(report(phase(api, resources, queues, correlator,
                        () -> open.run(rate + "/s", rate, eventsPerSecond(rate), options.phase()))));
            }
            if (!options.maxPhase().isZero()) {
                ClosedLoopDriver closed = new ClosedLoopDriver(api, bodies);
                Console.info("phase max: %d requests in flight for %d s", options.maxConcurrency(), options.maxPhase().toSeconds());
                phases.add(report(phase(api, resources, queues, correlator,
                        () -> closed.run("max", options.maxConcurrency(), options.maxPhase()))));
            }

            BroadcastResult broadcast = null;
            if (options.broadcastRecipients() > 0) {
                Console.info("broadcast: one event to %d recipients", options.broadcastRecipients());
                broadcast = new BroadcastRun(api, clock, options.drainTimeout())
                        .run(options.broadcastRecipients(), options.channels().getFirst(), resources, queues);
                Console.info("broadcast: dispatched after %s, all at the providers after %s, all sent after %s",
                        seconds(broadcast.dispatched()), seconds(broadcast.inProvider()), seconds(broadcast.sent()));
            }
            api.clearSandbox();

            PerfTestCeiling.Result perfTest = null;
            if (!options.perfTest().isZero()) {
                perfTest = PerfTestCeiling.measure(options, sizes.dispatch(), options.perfTest());
            }

            MemoryReport memory = new MemoryReport(atStart, resources.peakRssKb(), resources.sampleMemory().rssKb(),
                    resources.samples(startNanos, System.nanoTime()).stream()
                            .mapToLong(ResourceSampler.MemorySample::totalKb).max().orElse(0),
                    management.nodeMemoryUsed(), resources.exited());
            if (!memory.exited().isEmpty()) {
                Console.info("services that exited during the run: %s (see their logs)", memory.exited());
            }
            double meanLoad = resources.samples(startNanos, System.nanoTime()).stream()
                    .mapToDouble(ResourceSampler.MemorySample::load1).average().orElse(Double.NaN);
            BenchResult result = new BenchResult(options, startedAt, Duration.ofNanos(System.nanoTime() - startNanos),
                    environment, ResourceSampler.loadAverage(), meanLoad, seeding, sizes, transits, phases, timeline,
                    broadcast, perfTest, memory, null);
            return new ReportWriter(options.out()).write(result);
        }
    }

    private interface Load {
        LoadRun run();
    }

    /** Runs one load phase on an empty sandbox and follows its notifications to the end. */
    private static PhaseResult phase(HeraldApi api, ResourceSampler resources, QueueDepthSampler queues,
            Correlator correlator, Load load) {
        api.clearSandbox();
        ResourceSampler.CpuSnapshot cpu = resources.cpu();
        LoadRun run = load.run();
        return correlator.correlate(run, resources, cpu, queues);
    }

    private static PhaseResult report(PhaseResult phase) {
        Console.info("phase %s: %d events, %d accepted, %d errors; %.0f/s accepted, %.0f/s sent end to end; "
                        + "accepted->provider p50 %.1f p99 %.1f ms; %d of %d sent, %d lost",
                phase.name(), phase.events(), phase.accepted(), phase.errorCount(), phase.acceptedPerSecond(),
                phase.sentPerSecond(), phase.acceptedToProvider().p50(), phase.acceptedToProvider().p99(), phase.sent(),
                phase.expected(), phase.lost());
        return phase;
    }

    private double eventsPerSecond(int notificationsPerSecond) {
        return (double) notificationsPerSecond / options.notificationsPerEvent();
    }

    private static String seconds(Duration duration) {
        return duration == null ? "never" : "%.1f s".formatted(duration.toNanos() / 1e9);
    }
}
