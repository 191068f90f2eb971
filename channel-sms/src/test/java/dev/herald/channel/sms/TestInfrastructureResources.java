package dev.herald.channel.sms;

import dev.herald.test.RabbitVhostResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;

/** The test infrastructure of every @QuarkusTest of this module: a private RabbitMQ vhost and a WireMock Twilio. */
@QuarkusTestResource(value = RabbitVhostResource.class,
        initArgs = @ResourceArg(name = "vhost", value = "herald-test-channel-sms"))
@QuarkusTestResource(WireMockTwilio.class)
public class TestInfrastructureResources {
}
