package dev.herald.bench.chaos;

import dev.herald.bench.Console;
import dev.herald.bench.HeraldApi;
import dev.herald.bench.load.UserSeeder;

import java.util.List;
import java.util.Map;

/**
 * {@code ./herald chaos [options]}: loads notifications into the platform {@code ./herald up} started, disrupts it
 * while they flow ({@link Disruptions}), waits until it is quiet and checks that none was lost or sent twice
 * ({@link ChaosCheck}). Prints the disruptions with their timings, the details, and last the result line
 * ({@code lost=0 duplicated=0 ...}). Exits 0 when nothing was lost or duplicated, every event was accepted and every
 * service came back; 1 otherwise; 2 on bad arguments.
 */
public final class ChaosMain {

    private ChaosMain() {
    }

    public static void main(String[] args) {
        if (ChaosOptions.wantsHelp(args)) {
            System.out.print(ChaosOptions.USAGE);
            return;
        }
        ChaosOptions options;
        try {
            options = ChaosOptions.parse(args, System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("herald chaos: " + e.getMessage());
            System.err.print(ChaosOptions.USAGE);
            System.exit(2);
            return;
        }
        System.exit(run(options).passed() ? 0 : 1);
    }

    /** What a run found: the verdict, the disruptions carried out, those that failed, and ingress's answers. */
    public record Outcome(ChaosResult result, List<Disruptions.Disruption> disruptions, List<String> failures,
            int unavailable, int unavailableAsProblem) {

        public boolean passed() {
            return result.passed() && failures.isEmpty();
        }
    }

    /** The whole run, printed as it goes; the report ends with the result line. */
    public static Outcome run(ChaosOptions options) {
        try (HeraldApi api = new HeraldApi(options.platform())) {
            api.requireReady();
            api.clearSandboxFaults();
            Console.info("seeding %d users with every contact point", options.events());
            UserSeeder.SeedResult seeded = new UserSeeder(api, 32, true).seed(options.events());
            if (seeded.failures() > 0) {
                throw new IllegalStateException(seeded.failures() + " users could not be stored");
            }
            api.clearSandbox();

            String runId = "chaos-" + System.currentTimeMillis();
            RunTimeline timeline = new RunTimeline();
            ChaosLoad load = new ChaosLoad(api, options, timeline, runId);
            PlatformControl control = new PlatformControl(options);
            Disruptions disruptions = new Disruptions(options, control, api, timeline, load);
            Console.info("%s: %d notifications (%d events x %d channels) at %.0f/s", runId, options.events()
                    * ChaosOptions.CHANNELS.size(), options.events(), ChaosOptions.CHANNELS.size(), options.rate());
            load.start();
            disruptions.run();
            load.await();
            double loaded = timeline.now();
            Console.info("load done after %.1fs: %d accepted, %d rejected; waiting until the platform is quiet", loaded,
                    load.accepted(), load.rejected());

            ChaosCheck check = new ChaosCheck(options, api, load);
            boolean quiet = check.awaitQuiet();
            double settled = timeline.now();
            ChaosResult result = check.verdict();
            print(options, disruptions, load, result, quiet, loaded, settled, check.deadLetterQueues());
            return new Outcome(result, disruptions.done(), disruptions.failures(), load.unavailable(),
                    load.unavailableAsProblem());
        }
    }

    private static void print(ChaosOptions options, Disruptions disruptions, ChaosLoad load, ChaosResult result,
            boolean quiet, double loaded, double settled, Map<String, Long> deadLetterQueues) {
        StringBuilder out = new StringBuilder("\nherald chaos\n");
        out.append("disruptions (seconds since the start of the load):\n");
        for (Disruptions.Disruption disruption : disruptions.done()) {
            out.append("  ").append(disruption.describe()).append('\n');
        }
        for (String failure : disruptions.failures()) {
            out.append("  FAILED ").append(failure).append('\n');
        }
        out.append("ingress: %d events accepted, %d rejected; %d answers 503 (%d of them application/problem+json), %d "
                .formatted(load.accepted(), load.rejected(), load.unavailable(), load.unavailableAsProblem(),
                        load.failedConnections()))
                .append("requests without an answer (connection refused or timed out), %d retries\n".formatted(load.retries()));
        for (String rejection : load.rejections().stream().limit(5).toList()) {
            out.append("  rejected: ").append(rejection).append('\n');
        }
        out.append("load offered in %.1fs; quiet %s after %.1fs\n".formatted(loaded, quiet ? "" : "NOT reached", settled));
        out.append("tracker states: ").append(result.states()).append('\n');
        if (!deadLetterQueues.isEmpty()) {
            out.append("left in dead-letter queues: ").append(deadLetterQueues).append('\n');
        }
        for (String channel : ChaosOptions.CHANNELS) {
            Map<String, Integer> counts = result.perChannel().getOrDefault(channel, Map.of());
            out.append("  %-6s notifications=%d delivered_once=%d lost=%d duplicated=%d in_doubt=%d\n".formatted(channel,
                    counts.getOrDefault("notifications", 0), counts.getOrDefault("delivered_once", 0),
                    counts.getOrDefault("lost", 0), counts.getOrDefault("duplicated", 0),
                    counts.getOrDefault("in_doubt", 0)));
        }
        if (result.lost() > 0) {
            out.append("lost, by the tracker's state: ").append(result.lostByState()).append('\n');
        }
        out.append("""
                lost: never received by the sandbox and not in doubt; duplicated: received more than once;
                in_doubt: dead-lettered as outcome_unknown (a worker died during the provider call; not resent);
                dead_lettered: other dead letters (also counted as lost when the sandbox has no copy).
                """);
        out.append(result.passed() && disruptions.failures().isEmpty() ? "PASSED\n" : "FAILED\n");
        out.append(result.line()).append('\n');
        System.out.print(out);
        System.out.flush();
    }
}
