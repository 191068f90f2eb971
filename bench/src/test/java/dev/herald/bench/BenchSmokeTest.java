package dev.herald.bench;

import dev.herald.bench.measure.PhaseResult;
import dev.herald.test.PlatformLauncher;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the benchmark's smoke mode against the real platform, started the way a user starts it ({@code ./herald up})
 * on ports shifted by {@link #PORT_OFFSET}, in a vhost and database of its own, so it never meets a developer's
 * platform or the e2e tests'. Asserts that the report is written and that no notification went missing, never how
 * fast anything was: the machine is shared.
 */
class BenchSmokeTest {

    /** Not 1000 (e2e) nor 2000 (the chaos tests): the suites may run at the same time. */
    static final int PORT_OFFSET = 3000;
    static final String VHOST = "herald-bench";
    static final String DATABASE = "herald_bench";
    static final String API_KEY = PlatformLauncher.newApiKey("bench");

    private static final PlatformLauncher PLATFORM =
            new PlatformLauncher(PORT_OFFSET, VHOST, DATABASE, "bench/target/herald-state", API_KEY);

    @BeforeAll
    static void startThePlatform() {
        PLATFORM.up();
    }

    @AfterAll
    static void stopThePlatform() {
        PLATFORM.down();
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void aSmokeRunFollowsEveryNotificationToItsProviderAndWritesTheReport() throws IOException {
        Path out = PlatformLauncher.root().resolve("bench/target/smoke-results");
        deleteRecursively(out);
        BenchOptions options = BenchOptions.parse(new String[] {"--smoke", "--port-offset", Integer.toString(PORT_OFFSET),
                "--api-key", API_KEY, "--vhost", VHOST, "--state-dir", PLATFORM.stateDir().toString(), "--out", out.toString(),
                "--label", "smoke test"}, Map.of());

        BenchResult result = new Benchmark(options).run();

        assertThat(result.report()).exists();
        assertThat(out.resolve("latest.md")).hasSameTextualContentAs(result.report());
        String stamp = result.report().getFileName().toString().replace(".md", "");
        assertThat(out.resolve(stamp + "-latency.png")).exists();
        assertThat(out.resolve(stamp + "-throughput.png")).exists();
        assertThat(out.resolve(stamp + "-broadcast.png")).exists();
        assertThat(Files.readString(result.report())).contains("## Targets", "## Load phases", "## Broadcast",
                "## RabbitMQ's own ceiling (PerfTest)", "## Resident memory");

        assertThat(result.phases()).extracting(PhaseResult::name).containsExactly("40/s", "max");
        for (PhaseResult phase : result.phases()) {
            assertThat(phase.accepted()).as("%s: events accepted", phase.name()).isPositive();
            assertThat(phase.expected()).isEqualTo(phase.accepted());
            assertThat(phase.lost()).as("%s: notifications the tracker never heard of", phase.name()).isZero();
            assertThat(phase.sent()).as("%s: notifications sent", phase.name()).isEqualTo(phase.expected());
            assertThat(phase.inProvider()).as("%s: notifications at the provider", phase.name()).isEqualTo(phase.expected());
            assertThat(phase.acceptedToProvider().count()).isEqualTo(phase.expected());
        }
        assertThat(result.broadcast().finalKnown()).isEqualTo(200);
        assertThat(result.broadcast().accountedFor()).isTrue();
        assertThat(result.sizes().dispatch()).isPositive();
        assertThat(result.perfTest().best().receiveRate()).isPositive();
        assertThat(result.memory().peak()).containsKeys("ingress", "preference-filter", "channel-email", "delivery-tracker");
        assertThat(result.accountedFor()).isTrue();
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
