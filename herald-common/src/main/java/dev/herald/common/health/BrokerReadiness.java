package dev.herald.common.health;

import dev.herald.common.messaging.BrokerConnection;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only while the service's own broker connection (publishing, topology) is open. */
@Readiness
@ApplicationScoped
public class BrokerReadiness implements HealthCheck {

    private final BrokerConnection broker;

    BrokerReadiness(BrokerConnection broker) {
        this.broker = broker;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("rabbitmq-publisher").status(broker.isOpen()).build();
    }
}
