package dev.herald.sandbox.health;

import dev.herald.sandbox.service.FaultInjector;
import dev.herald.sandbox.service.MessageRecorder;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready once serving; reports what is recorded and which faults are in force, to spot a forgotten fault. */
@Readiness
@ApplicationScoped
public class SandboxReadiness implements HealthCheck {

    private final MessageRecorder recorder;
    private final FaultInjector faults;

    SandboxReadiness(MessageRecorder recorder, FaultInjector faults) {
        this.recorder = recorder;
        this.faults = faults;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("provider-sandbox")
                .withData("recordedMessages", recorder.count(null, null))
                .withData("capacity", recorder.capacity())
                .withData("faults", faults.all().keySet().toString())
                .up()
                .build();
    }
}
