package dev.herald.channel.push;

import dev.herald.test.RabbitVhostResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;

/** The test infrastructure of every @QuarkusTest of this module: a private RabbitMQ vhost and a WireMock FCM. */
@QuarkusTestResource(value = RabbitVhostResource.class,
        initArgs = @ResourceArg(name = "vhost", value = "herald-test-channel-push"))
@QuarkusTestResource(WireMockFcm.class)
public class TestInfrastructureResources {
}
