package dev.herald.sandbox.service;

import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import jakarta.ws.rs.core.Response;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;

/** Holds the faults injected per channel and runs provider requests through them. */
@Singleton
public class FaultInjector {

    private final Map<SandboxChannel, Fault> faults = new ConcurrentHashMap<>();

    public void set(SandboxChannel channel, Fault fault) {
        faults.put(channel, fault);
    }

    public Optional<Fault> get(SandboxChannel channel) {
        return Optional.ofNullable(faults.get(channel));
    }

    public Map<SandboxChannel, Fault> all() {
        return faults.isEmpty() ? Map.of() : new EnumMap<>(faults);
    }

    public void clear(SandboxChannel channel) {
        faults.remove(channel);
    }

    public void clear() {
        faults.clear();
    }

    /**
     * Runs one provider request of {@code channel}: waits the fault's latency without holding a thread, decides
     * whether this request fails, and hands the decision to the provider, which answers a tripped fault in its own
     * error shape (after checking credentials, as the real providers do).
     */
    public Uni<Response> serve(SandboxChannel channel, Function<Optional<Fault>, Response> provider) {
        Fault fault = faults.get(channel);
        if (fault == null) {
            return Uni.createFrom().item(() -> provider.apply(Optional.empty()));
        }
        Optional<Fault> tripped = fault.trips(ThreadLocalRandom.current()) ? Optional.of(fault) : Optional.empty();
        if (fault.latencyMs() <= 0) {
            return Uni.createFrom().item(() -> provider.apply(tripped));
        }
        return Uni.createFrom().voidItem()
                .onItem().delayIt().by(Duration.ofMillis(fault.latencyMs()))
                .map(ignored -> provider.apply(tripped));
    }
}
