package dev.herald.channel.slack;

import dev.herald.test.RabbitVhostResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;

/** The test infrastructure of every @QuarkusTest of this module: a private RabbitMQ vhost and a WireMock Slack API. */
@QuarkusTestResource(value = RabbitVhostResource.class,
        initArgs = @ResourceArg(name = "vhost", value = "herald-test-channel-slack"))
@QuarkusTestResource(WireMockSlackApi.class)
public class TestInfrastructureResources {
}
