package dev.herald.bench;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What to run and against what. Parsed from {@code --name value} arguments, with the same environment variables
 * {@code ./herald up} reads ({@code HERALD_PORT_OFFSET}, {@code HERALD_STATE_DIR}, {@code HERALD_API_KEY},
 * {@code HERALD_RABBITMQ_VIRTUAL_HOST}, ...) as fallbacks, so a plain run finds the platform {@code up} started.
 */
public record BenchOptions(
        boolean smoke,
        URI ingress,
        URI filter,
        URI tracker,
        URI sandbox,
        String apiKey,
        Path stateDir,
        Broker broker,
        int users,
        boolean allChannels,
        List<String> channels,
        int fanout,
        List<Integer> rates,
        Duration warmup,
        Duration phase,
        Duration maxPhase,
        int maxConcurrency,
        int broadcastRecipients,
        Duration perfTest,
        int seedConcurrency,
        boolean skipSeed,
        Duration drainTimeout,
        Path out,
        String label) {

    public static final Set<String> CHANNELS = Set.of("email", "sms", "push", "slack");

    /** Where RabbitMQ is: the platform's vhost (for the message-size probe) and the management API. */
    public record Broker(String host, int port, URI management, String username, String password, String vhost) {
    }

    public static final String USAGE = """
            usage: herald bench [options]     (java -jar bench/target/herald-bench.jar [options])
              --smoke                  a short run with small numbers (what the test suite runs)
              --users N                users to seed (full: 100000, smoke: 300)
              --all-channels           seed email, phone, push token and Slack channel (default: email only)
              --channels LIST          channels of every event, e.g. email or email,sms (default: email)
              --fanout N               recipients per event (default: 1)
              --rates LIST             offered loads in notifications/s (full: 250,500,1000)
              --phase-seconds S        length of each fixed-rate phase (full: 20)
              --warmup-seconds S       unreported warm-up at the first rate (full: 10)
              --max-seconds S          length of the closed-loop maximum phase (full: 30; 0 skips it)
              --max-concurrency N      requests in flight in the maximum phase (default: 64)
              --broadcast N            recipients of the broadcast event (full: 100000; 0 skips it)
              --perftest-seconds S     length of each RabbitMQ PerfTest run (full: 25; 0 skips it)
              --seed-concurrency N     parallel user PUTs (default: 64)
              --skip-seed              the users exist already (a previous run seeded them)
              --drain-timeout S        give up waiting for a phase's notifications after S seconds without progress
              --out DIR                report directory (default: bench/results; smoke: bench/target/smoke-results)
              --label TEXT             noted in the report (e.g. the commit measured)
              --port-offset N          added to the default ports, as ./herald up does (env HERALD_PORT_OFFSET)
              --ingress/--filter/--tracker/--sandbox URL   service URLs (default localhost:8080/8081/8082/8089 + offset)
              --api-key KEY            default: env HERALD_API_KEY, else <state-dir>/api-key
              --state-dir DIR          ./herald's state dir with pids/*.pid (env HERALD_STATE_DIR, default .herald)
              --vhost V                the platform's RabbitMQ vhost (env HERALD_RABBITMQ_VIRTUAL_HOST, default /)
              --rabbitmq-host H  --rabbitmq-port P  --management-url URL  --rabbitmq-user U  --rabbitmq-password P
            """;

    public static BenchOptions parse(String[] args, Map<String, String> env) {
        Map<String, String> values = new HashMap<>();
        Set<String> flags = new LinkedHashSet<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument '" + arg + "'");
            }
            String name = arg.substring(2);
            int equals = name.indexOf('=');
            if (equals >= 0) {
                values.put(name.substring(0, equals), name.substring(equals + 1));
            } else if (FLAGS.contains(name)) {
                flags.add(name);
            } else if (VALUED.contains(name)) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("--" + name + " needs a value");
                }
                values.put(name, args[++i]);
            } else {
                throw new IllegalArgumentException("unknown option --" + name);
            }
        }
        for (String name : values.keySet()) {
            if (!VALUED.contains(name)) {
                throw new IllegalArgumentException("unknown option --" + name);
            }
        }
        return build(values, flags, env);
    }

    public static boolean wantsHelp(String[] args) {
        return List.of(args).contains("--help") || List.of(args).contains("-h");
    }

    private static final Set<String> FLAGS = Set.of("smoke", "all-channels", "skip-seed", "help");
    private static final Set<String> VALUED = Set.of("users", "channels", "fanout", "rates", "phase-seconds",
            "warmup-seconds", "max-seconds", "max-concurrency", "broadcast", "perftest-seconds", "seed-concurrency",
            "drain-timeout", "out", "label", "port-offset", "ingress", "filter", "tracker", "sandbox", "api-key",
            "state-dir", "vhost", "rabbitmq-host", "rabbitmq-port", "management-url", "rabbitmq-user",
            "rabbitmq-password");

    private static BenchOptions build(Map<String, String> values, Set<String> flags, Map<String, String> env) {
        boolean smoke = flags.contains("smoke");
        int offset = OptionValues.integer(values, "port-offset", OptionValues.integer(env, "HERALD_PORT_OFFSET", 0));
        Path stateDir = Path.of(values.getOrDefault("state-dir", env.getOrDefault("HERALD_STATE_DIR", ".herald")));
        String host = values.getOrDefault("rabbitmq-host", env.getOrDefault("HERALD_RABBITMQ_HOST", "localhost"));
        Broker broker = new Broker(host,
                OptionValues.integer(values, "rabbitmq-port", OptionValues.integer(env, "HERALD_RABBITMQ_PORT", 5672)),
                URI.create(values.getOrDefault("management-url",
                        "http://" + host + ":" + OptionValues.integer(env, "HERALD_RABBITMQ_MANAGEMENT_PORT", 15672))),
                values.getOrDefault("rabbitmq-user", env.getOrDefault("HERALD_RABBITMQ_USERNAME", "guest")),
                values.getOrDefault("rabbitmq-password", env.getOrDefault("HERALD_RABBITMQ_PASSWORD", "guest")),
                values.getOrDefault("vhost", env.getOrDefault("HERALD_RABBITMQ_VIRTUAL_HOST", "/")));

        boolean allChannels = flags.contains("all-channels");
        List<String> channels = List.of(values.getOrDefault("channels", "email").split(","));
        for (String channel : channels) {
            if (!CHANNELS.contains(channel)) {
                throw new IllegalArgumentException("--channels: '" + channel + "' is not one of " + CHANNELS);
            }
        }
        if (!allChannels && !channels.equals(List.of("email"))) {
            throw new IllegalArgumentException("--channels other than email need users with those contact points: add --all-channels");
        }
        int broadcast = OptionValues.integer(values, "broadcast", smoke ? 200 : 100_000);
        int users = OptionValues.integer(values, "users", Math.max(smoke ? 300 : 100_000, broadcast));
        int fanout = OptionValues.integer(values, "fanout", 1);
        List<Integer> rates = new ArrayList<>();
        for (String rate : values.getOrDefault("rates", smoke ? "40" : "250,500,1000").split(",")) {
            if (!rate.isBlank()) {
                rates.add(positive("rates", Integer.parseInt(rate.trim())));
            }
        }
        positive("users", users);
        positive("fanout", fanout);
        if (fanout > users) {
            throw new IllegalArgumentException("--fanout " + fanout + " is more than the " + users + " users");
        }
        if (broadcast > users) {
            throw new IllegalArgumentException("--broadcast " + broadcast + " is more than the " + users + " users");
        }
        Path out = Path.of(values.getOrDefault("out", smoke ? "bench/target/smoke-results" : "bench/results"));
        return new BenchOptions(smoke,
                url(values, "ingress", 8080 + offset), url(values, "filter", 8081 + offset),
                url(values, "tracker", 8082 + offset), url(values, "sandbox", 8089 + offset),
                apiKey(values, env, stateDir), stateDir, broker, users, allChannels, channels, fanout, List.copyOf(rates),
                OptionValues.seconds(values, "warmup-seconds", smoke ? 0 : 10),
                OptionValues.seconds(values, "phase-seconds", smoke ? 3 : 20),
                OptionValues.seconds(values, "max-seconds", smoke ? 3 : 30),
                positive("max-concurrency", OptionValues.integer(values, "max-concurrency", smoke ? 8 : 64)),
                broadcast,
                OptionValues.seconds(values, "perftest-seconds", smoke ? 2 : 25),
                positive("seed-concurrency", OptionValues.integer(values, "seed-concurrency", 64)),
                flags.contains("skip-seed"),
                OptionValues.seconds(values, "drain-timeout", smoke ? 60 : 120),
                out, values.getOrDefault("label", ""));
    }

    /** Notifications one event makes: each recipient on each channel. */
    public int notificationsPerEvent() {
        return fanout * channels.size();
    }

    private static String apiKey(Map<String, String> values, Map<String, String> env, Path stateDir) {
        String key = values.getOrDefault("api-key", env.get("HERALD_API_KEY"));
        if (key != null && !key.isBlank()) {
            return key.trim();
        }
        Path file = stateDir.resolve("api-key");
        try {
            return Files.readString(file).trim();
        } catch (IOException e) {
            throw new IllegalArgumentException("no API key: pass --api-key, set HERALD_API_KEY, or run ./herald up (it writes "
                    + file + ")");
        }
    }

    private static URI url(Map<String, String> values, String name, int port) {
        String value = values.get(name);
        return URI.create(value != null ? stripSlash(value) : "http://localhost:" + port);
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    private static int positive(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException("--" + name + " must be at least 1");
        }
        return value;
    }
}
