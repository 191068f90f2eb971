package dev.herald.bench;

/**
 * {@code java -jar herald-bench.jar [options]} (or {@code ./herald bench [options]}): benchmarks the platform that
 * {@code ./herald up} started and writes the report; see {@link BenchOptions#USAGE} and {@code bench/README.md}.
 * Exits 0 when every notification was accounted for, 1 when some were not, 2 on bad arguments.
 */
public final class BenchMain {

    private BenchMain() {
    }

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        if (BenchOptions.wantsHelp(args)) {
            System.out.print(BenchOptions.USAGE);
            return;
        }
        BenchOptions options;
        try {
            options = BenchOptions.parse(args, System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("herald bench: " + e.getMessage());
            System.err.print(BenchOptions.USAGE);
            System.exit(2);
            return;
        }
        BenchResult result = new Benchmark(options).run();
        System.out.println(dev.herald.bench.report.Summary.line(result));
        System.exit(result.accountedFor() ? 0 : 1);
    }
}
