package dev.herald.bench.chaos;

import dev.herald.bench.BenchOptions;
import dev.herald.bench.OptionValues;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the chaos run does and to what. {@code ./herald chaos} passes the commands that restart the platform's broker
 * and database and the path of {@code ./herald} (which restarts a killed service); the platform's addresses and key
 * come from the same options and environment as the benchmark's ({@link BenchOptions}). The commands run with that
 * same environment ({@code environment}), so {@code ./herald restart} starts a service as {@code up} did.
 */
public record ChaosOptions(
        BenchOptions platform,
        int notifications,
        double rate,
        Duration warmup,
        List<String> kill,
        boolean brokerRestart,
        boolean databaseRestart,
        Duration outage,
        Duration down,
        Duration settleTimeout,
        String herald,
        String brokerStop,
        String brokerStart,
        String databaseStop,
        String databaseStart,
        Map<String, String> environment) {

    public static final List<String> CHANNELS = List.of("email", "sms", "push", "slack");
    public static final List<String> KILLABLE = List.of("channel-email", "channel-sms", "channel-push", "channel-slack",
            "preference-filter");

    public static final String USAGE = """
            usage: ./herald chaos [options]   (runs dev.herald.bench.chaos.ChaosMain from bench/target/herald-bench.jar)
              --notifications N      notifications to load, 4 per event (one user, every channel) (default 10000)
              --rate R               notifications per second offered to ingress (default 40)
              --warmup-seconds S     load this long before the first disruption (default 10)
              --kill LIST            services to kill -9 and restart, one after another
                                     (default channel-email,channel-sms,channel-push,channel-slack,preference-filter;
                                     'none' for none)
              --no-broker-restart    leave RabbitMQ alone
              --no-database-restart  leave PostgreSQL alone
              --outage-seconds S     every sandbox channel answers 503 for S seconds (default 60; 0 for none)
              --down-seconds S       how long the broker and the database stay stopped (default 10)
              --settle-seconds S     give up waiting for terminal states after S seconds without progress (default 300)
              --herald PATH          ./herald, which restarts a killed service (./herald restart SERVICE)
              --broker-stop CMD      shell command that stops RabbitMQ     (./herald chaos: rabbitmqctl -q stop_app)
              --broker-start CMD     shell command that starts it again    (./herald chaos: rabbitmqctl -q start_app)
              --db-stop CMD          shell command that stops PostgreSQL  (./herald chaos: pg_ctlcluster ... stop)
              --db-start CMD         shell command that starts it again   (./herald chaos: pg_ctlcluster ... start)
              --port-offset N, --state-dir DIR, --api-key KEY, --vhost V, --management-url URL, --ingress/--filter/
              --tracker/--sandbox URL   where the platform is, as for ./herald bench (env HERALD_PORT_OFFSET, ...)
            """;

    private static final Set<String> FLAGS = Set.of("no-broker-restart", "no-database-restart");
    private static final Set<String> OWN = Set.of("notifications", "rate", "warmup-seconds", "kill", "outage-seconds",
            "down-seconds", "settle-seconds", "herald", "broker-stop", "broker-start", "db-stop", "db-start");
    private static final Set<String> PLATFORM = Set.of("port-offset", "state-dir", "api-key", "vhost", "management-url",
            "ingress", "filter", "tracker", "sandbox", "rabbitmq-host", "rabbitmq-port", "rabbitmq-user",
            "rabbitmq-password");

    public static ChaosOptions parse(String[] args, Map<String, String> env) {
        Map<String, String> values = new HashMap<>();
        List<String> platformArgs = new ArrayList<>();
        List<String> flags = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument '" + arg + "'");
            }
            String name = arg.substring(2);
            String value = null;
            int equals = name.indexOf('=');
            if (equals >= 0) {
                value = name.substring(equals + 1);
                name = name.substring(0, equals);
            }
            if (FLAGS.contains(name)) {
                flags.add(name);
                continue;
            }
            if (!OWN.contains(name) && !PLATFORM.contains(name)) {
                throw new IllegalArgumentException("unknown option --" + name);
            }
            if (value == null) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("--" + name + " needs a value");
                }
                value = args[++i];
            }
            if (PLATFORM.contains(name)) {
                platformArgs.add("--" + name);
                platformArgs.add(value);
            } else {
                values.put(name, value);
            }
        }
        // The benchmark's options are reused for the platform's addresses; its load settings are not used here.
        platformArgs.add("--all-channels");
        BenchOptions platform = BenchOptions.parse(platformArgs.toArray(String[]::new), env);

        int notifications = OptionValues.integer(values, "notifications", 10_000);
        if (notifications < CHANNELS.size()) {
            throw new IllegalArgumentException("--notifications must be at least " + CHANNELS.size());
        }
        double rate = Double.parseDouble(values.getOrDefault("rate", "40"));
        if (rate <= 0) {
            throw new IllegalArgumentException("--rate must be positive");
        }
        List<String> kill = new ArrayList<>();
        String killList = values.getOrDefault("kill", String.join(",", KILLABLE));
        if (!killList.equals("none")) {
            for (String service : killList.split(",")) {
                if (!KILLABLE.contains(service.trim())) {
                    throw new IllegalArgumentException("--kill: '" + service + "' is not one of " + KILLABLE);
                }
                kill.add(service.trim());
            }
        }
        String herald = values.getOrDefault("herald", "./herald");
        if (!kill.isEmpty() && !Path.of(herald).toFile().canExecute()) {
            throw new IllegalArgumentException("--herald " + herald + " is not executable (it restarts killed services)");
        }
        boolean brokerRestart = !flags.contains("no-broker-restart");
        boolean databaseRestart = !flags.contains("no-database-restart");
        String brokerStop = values.getOrDefault("broker-stop", "");
        String brokerStart = values.getOrDefault("broker-start", "");
        String databaseStop = values.getOrDefault("db-stop", "");
        String databaseStart = values.getOrDefault("db-start", "");
        if (brokerRestart && (brokerStop.isBlank() || brokerStart.isBlank())) {
            throw new IllegalArgumentException("restarting RabbitMQ needs --broker-stop and --broker-start (or --no-broker-restart)");
        }
        if (databaseRestart && (databaseStop.isBlank() || databaseStart.isBlank())) {
            throw new IllegalArgumentException("restarting PostgreSQL needs --db-stop and --db-start (or --no-database-restart); "
                    + "./herald chaos finds them for a local cluster on HERALD_DB_PORT");
        }
        return new ChaosOptions(platform, notifications, rate,
                OptionValues.seconds(values, "warmup-seconds", 10), List.copyOf(kill), brokerRestart, databaseRestart,
                OptionValues.seconds(values, "outage-seconds", 60), OptionValues.seconds(values, "down-seconds", 10),
                OptionValues.seconds(values, "settle-seconds", 300), herald, brokerStop, brokerStart, databaseStop, databaseStart, Map.copyOf(env));
    }

    public static boolean wantsHelp(String[] args) {
        return List.of(args).contains("--help") || List.of(args).contains("-h");
    }

    /** Events to send: one per user, each to every channel. */
    public int events() {
        return (notifications + CHANNELS.size() - 1) / CHANNELS.size();
    }

    /** The readiness URL of every service, by name, for checking that all came back by themselves. */
    public Map<String, URI> services() {
        int offset = platform.ingress().getPort() - 8080;
        Map<String, URI> services = new java.util.LinkedHashMap<>();
        services.put("ingress", platform.ingress());
        services.put("preference-filter", platform.filter());
        services.put("delivery-tracker", platform.tracker());
        services.put("channel-email", URI.create("http://localhost:" + (8083 + offset)));
        services.put("channel-sms", URI.create("http://localhost:" + (8084 + offset)));
        services.put("channel-push", URI.create("http://localhost:" + (8085 + offset)));
        services.put("channel-slack", URI.create("http://localhost:" + (8086 + offset)));
        services.put("provider-sandbox", platform.sandbox());
        return services;
    }
}
